#pragma once
// The carrier's one-click login page (uni.login({provider:'univerify'})), drawn inside the phone
// over the app: half screen (a sheet over the bottom 60%, the app dimmed) or full screen, styled by
// univerifyStyle with every documented default (PLATFORM-FACTS §5.4).
#include "panels.hpp"
#include "phone_canvas.hpp"

namespace ls::gui {

struct UniverifyPageView {
    const UniverifyPageState& page;
    bool enabled = true;      // taps are taken: nothing in flight, no dialog on top
    bool logging_in = false;  // the login button's tap is being processed
};
void draw_univerify_page(const Canvas& c, const UniverifyPageView& v, Intents& out);

// A univerifyStyle colour ("#3479f5"); `fallback` when empty or malformed ("" = transparent).
ImU32 css_color(const std::string& v, ImU32 fallback);

}  // namespace ls::gui
