// Setup ▸ Developer server's commands on the AppState (session.hpp): attach a team's backend, detach it.
#include "i18n.hpp"
#include "session.hpp"

namespace ls::gui {

namespace {

// A world built after the attachment: Setup re-reads it, a recording restarts, a replay closes.
void new_world_with_backend(AppState& s, std::optional<BackendLink> link) {
    s.attach_backend(std::move(link));
    s.ui.setup.loaded = false;
    after_new_world(s);
}

}  // namespace

void attach_backend_file(AppState& s, const std::string& path) {
    std::optional<BackendLink> link;
    try {
        link = open_backend_link(path, s.ui.prefs.platform_port);
    } catch (const ProfileError& e) {
        s.ui.setup.backend_error = e.what();
        return;
    }
    const std::string file = link->file;
    s.ui.setup.backend_path = file;
    s.ui.setup.backend_error.clear();
    const int port = link->platform_port;
    new_world_with_backend(s, std::move(link));
    if (s.engine().platform_port() != port) {  // taken by another program: say so, keep the built-in server
        new_world_with_backend(s, std::nullopt);
        s.ui.setup.backend_error = trf("the platform cannot listen on port %d (another program has it)", port);
        s.ui.prefs.platform_port = 0;  // the next attach draws a free one
        return;
    }
    s.ui.prefs.platform_port = port;
    remember(s.ui.prefs.recent.backend_profiles, file);
}

void detach_backend(AppState& s) {
    s.ui.setup.backend_error.clear();
    new_world_with_backend(s, std::nullopt);
}

}  // namespace ls::gui
