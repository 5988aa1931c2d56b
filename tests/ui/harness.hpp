#pragma once
// Headless ImGui for UI tests (ENGINEERING.md "Testing"): no window, no GPU. Input goes to `io`
// before NewFrame(); a click is three frames (hover, press, release). Widgets are found by probe.
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "imgui.h"
#include "gui/app_state.hpp"
#include "gui/frame.hpp"
#include "gui/probes.hpp"
#include "gui/style.hpp"

namespace ls::gui::test {

inline EngineConfig in_process_config() {
    EngineConfig cfg;
    cfg.transport = TransportMode::InProcess;
    return cfg;
}

inline EngineConfig flow_config(Flow flow) {
    EngineConfig cfg = in_process_config();
    cfg.flow = flow;
    return cfg;
}

// A scenario being replayed in the Scenario tab: three steps, login, resend_code, advance.
inline std::shared_ptr<const Scenario> three_step_replay() {
    Scenario sc;
    sc.name = "a replay";
    for (const char* action : {"login", "resend_code", "advance"}) sc.steps.push_back(make_step(action));
    return std::make_shared<const Scenario>(sc);
}

class Headless;
void tap(Headless& h, AppState& s, const std::string& key);
void press_key(Headless& h, AppState& s, int key);
void settle_presenter(Headless& h, AppState& s);

class Headless {
public:
    explicit Headless(bool real_fonts = false, ImVec2 size = ImVec2(1280, 720)) {
        ctx_ = ImGui::CreateContext();
        ImGui::SetCurrentContext(ctx_);
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = size;
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        for (int n = 0; n < ImGuiKey_COUNT; ++n) io.KeyMap[n] = n;
        apply_theme(ImGui::GetStyle());
        if (real_fonts) load_fonts(io);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(ctx_); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    void frame(const std::function<void()>& draw) {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }
    void frame(AppState& s) {
        frame([&] { draw_frame(s); });
    }
    void frames(AppState& s, int n) {
        for (int i = 0; i < n; ++i) frame(s);
    }

    // The probe as recorded by the last frame (copied: the table is cleared at the next NewFrame).
    Probe probe(const std::string& key) {
        const Probe* p = find_probe(key);
        INFO("probe " << key);
        REQUIRE(p != nullptr);
        return *p;
    }
    bool has_probe(const std::string& key) { return find_probe(key) != nullptr; }

    void click(AppState& s, const std::string& key) {
        frames(s, 2);  // let the layout settle
        const ImVec2 at = probe(key).center();
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame(s);
        io.MouseDown[0] = true;
        frame(s);
        io.MouseDown[0] = false;
        frame(s);  // Button() returns true here; the intent is applied at the end of this frame
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame(s);  // the frame that shows the result
    }

    // Setup's combo `key` (showing `from`) opened and its item `to` chosen: the probes KEY and KEY.TO.
    void choose(AppState& s, const std::string& key, const std::string& from, const std::string& to) {
        frames(s, 2);
        CHECK(probe(key).text == from);
        click(s, key);
        click(s, key + "." + to);
        CHECK(probe(key).text == to);
    }

    // Draws frames until the worker is done (bounded real time); false on timeout.
    bool wait_idle(AppState& s, double seconds = 10) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < until) {
            frame(s);
            if (!s.in_flight() && !s.engine().busy()) {
                frames(s, 2);
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }

private:
    ImGuiContext* ctx_ = nullptr;
};

// A click on `key`, then frames until the action it started is done.
inline void tap(Headless& h, AppState& s, const std::string& key) {
    h.click(s, key);
    REQUIRE(h.wait_idle(s));
}

// The app's first frames, then a click on the tab `key` ("tab.faults", …).
inline void open_tab(Headless& h, AppState& s, const std::string& key) {
    h.frames(s, 2);
    h.click(s, key);
}

// A tap on `key`, then the result of the action it started (there must be one).
inline ActionResult tap_result(Headless& h, AppState& s, const std::string& key) {
    tap(h, s, key);
    REQUIRE(s.engine().last_result());
    return *s.engine().last_result();
}

// A tap on `key` that opens a dialog over the phone: `showing` says so, the action waits for the
// user, and the dialog's `probes` (its buttons) are drawn.
inline void tap_open_dialog(Headless& h, AppState& s, const std::string& key, bool (Engine::*showing)() const,
                            std::initializer_list<const char*> probes) {
    tap(h, s, key);
    REQUIRE((s.engine().*showing)());
    REQUIRE(s.engine().last_result());
    CHECK(s.engine().last_result()->pending);
    for (const char* p : probes) REQUIRE(h.has_probe(p));
}

// A tap on one of a dialog's buttons (`key`): the dialog closes; the result of the action it ended.
inline ActionResult answer_dialog(Headless& h, AppState& s, const std::string& key, bool (Engine::*showing)() const) {
    const ActionResult r = tap_result(h, s, key);
    CHECK_FALSE((s.engine().*showing)());
    return r;
}

// 500 frames with a dialog open: it stays open, and no error shows.
inline void frames_with_dialog(Headless& h, AppState& s, bool (Engine::*showing)() const) {
    h.frames(s, 500);
    CHECK((s.engine().*showing)());
    CHECK_FALSE(h.has_probe("phone.error_modal"));
}

// `n` frames that each draw `panel` alone, in a window `name` of `size` at the origin.
inline void frames_in_window(Headless& h, int n, const char* name, ImVec2 size, const std::function<void()>& panel) {
    for (int i = 0; i < n; ++i)
        h.frame([&] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(size);
            ImGui::Begin(name);
            panel();
            ImGui::End();
        });
}

// A key pressed and released (io.KeysDown, imgui 1.86): two frames.
inline void press_key(Headless& h, AppState& s, int key) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[key] = true;
    h.frame(s);
    io.KeysDown[key] = false;
    h.frame(s);
}

// Frames until presenter mode has no step running (bounded).
inline void settle_presenter(Headless& h, AppState& s) {
    for (int i = 0; i < 5000 && (s.in_flight() || s.replay.running || s.ui.presenter.awaiting_step || s.ui.presenter.rewind_to); ++i) {
        h.frame(s);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    h.frames(s, 2);
}

}  // namespace ls::gui::test
