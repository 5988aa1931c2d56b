#pragma once
// The "Demos" menu: for every flow a few scenario files that show a lesson in a handful of steps —
// at least the happy path and the most instructive failure — with a title in both languages.
// The files are shipped scenarios (assets/scenarios/**.json) and pass `loginscope run`. UI-free.
#include <vector>

#include "loginscope/engine.hpp"

namespace ls {

struct Demo {
    Flow flow;
    const char* file;      // relative to the assets dir, e.g. "scenarios/wechat-mp/success.json"
    const char* title_en;
    const char* title_zh;
    bool failure;          // shows something going wrong (false: the happy path)
};

// Every demo, grouped by flow in flow_catalog() order, the happy path first within a flow.
const std::vector<Demo>& demos();
// The demos of `flow`, in menu order.
std::vector<const Demo*> demos_for(Flow flow);

}  // namespace ls
