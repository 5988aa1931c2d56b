#pragma once
// Images of the phone's pages (univerifyStyle's icons): PNG files under assets/, decoded with
// stb_image and uploaded as OpenGL textures when the real window enabled them; headless (tests)
// they are only resolved and decoded. A style path maps to a file like this:
//   "univerify/logo.png"  → <assets>/univerify/logo.png   (relative to assets/)
//   "/static/apple.png"   → <assets>/univerify/apple.png  (uni-app's /static/ is the demo app's
//                                                           static folder: assets/univerify/)
//   "/univerify/x.png"    → <assets>/univerify/x.png      (any other leading '/' is assets/)
// Paths containing ".." are refused. <assets> is $LOGINSCOPE_ASSETS, else ./assets, else next to
// the executable (../assets, ../share/loginscope/assets), else the source tree's assets/.
// UI thread only.
#include <string>
#include <vector>

#include "imgui.h"

namespace ls::gui {

struct PageImage {
    std::string style_path;     // as written in the style
    std::string file;           // the resolved file; "" when the path was refused
    bool ok = false;            // decoded
    int w = 0, h = 0;
    ImTextureID tex = nullptr;  // the real window only
    std::string error;          // why it cannot be shown
};

std::string assets_dir();
std::string resolve_asset(const std::string& style_path);  // "" when refused
// Loaded once per path and kept (a file created later is picked up after release_images()).
const PageImage& page_image(const std::string& style_path);
// The real window turns textures on once its GL context is current and releases them before the
// context goes.
void enable_textures(bool on);
void release_images();

}  // namespace ls::gui
