#pragma once
// The Markdown walkthrough of one scenario: what each step called, what came back, its key events
// and the pictures of the phone and of the sequence diagram after it. Built from a played scenario;
// the pictures are rendered by write_walkthroughs() (walkthrough.cpp).
#include <string>
#include <vector>

#include "replay.hpp"

namespace ls::gui {

struct WalkthroughStep {
    StepRun run;
    std::vector<Event> events;  // what the step journaled
    std::string phone_png, sequence_png;  // file names beside walkthrough.md; "" when not rendered
};

struct Walkthrough {
    const Scenario* scenario = nullptr;
    std::vector<WalkthroughStep> steps;
    std::vector<std::string> final_failures;  // expect.events / expect.console
    bool passed() const;
};

std::string step_image_name(size_t step, const char* what);  // step-01-phone.png
std::string walkthrough_markdown(const Walkthrough& w);

}  // namespace ls::gui
