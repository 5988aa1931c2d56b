// The real window: GLFW + OpenGL 3, the frame loop (waiting for events when nothing moves), and
// the screenshot path (glReadPixels of the back buffer → PNG, re-executed under xvfb-run when
// there is no display).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <stb/stb_image_write.h>

#include "imgui.h"
#include "imgui_internal.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"

#include "app_state.hpp"
#include "frame.hpp"
#include "frame_pacing.hpp"
#include "gui.hpp"
#include "i18n.hpp"
#include "images.hpp"
#include "presenter.hpp"
#include "session.hpp"
#include "settings.hpp"
#include "style.hpp"
#include "window_gl.hpp"

#include "loginscope/scenario.hpp"

namespace ls::gui {

namespace {

// Fonts are built at the size the UI scale, the screen's content scale and presenter mode ask
// for — crisp at every scale, never a stretched texture. Between frames only.
void keep_fonts(GLFWwindow* w, AppState& state) {
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(w, &xs, &ys);
    int ww = 0, wh = 0;
    glfwGetWindowSize(w, &ww, &wh);
    const float want = wanted_ui_scale(state, float(wh), xs);
    if (want == state.ui.font_scale) return;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    load_fonts(io, want);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    state.ui.font_scale = want;
}


std::optional<Scenario> load_scenario_or_report(const std::string& path) {
    try {
        return load_scenario(path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return std::nullopt;
    }
}

// `loginscope --backend PROFILE`: the profile read before any window opens; its error names the field.
// Its port: the one asked for, else the one last used (the backend is configured with it), else a free one.
std::optional<BackendLink> backend_or_report(const std::string& path, int port, int hang_ms) {
    try {
        return open_backend_link(path, port, hang_ms);
    } catch (const ProfileError& e) {
        std::fprintf(stderr, "loginscope: %s\n", e.what());
        return std::nullopt;
    }
}

// The first world against the backend; false (said on stderr) when the platform cannot have its port.
bool attach_or_report(AppState& state, BackendLink link) {
    const int port = link.platform_port;
    state.ui.setup.backend_path = link.file;
    state.attach_backend(std::move(link));
    if (state.engine().platform_port() != port) {
        std::fprintf(stderr, "loginscope: the platform cannot listen on port %d\n", port);
        return false;
    }
    std::printf("platform on http://127.0.0.1:%d\n", port);
    std::fflush(stdout);
    state.ui.prefs.platform_port = port;
    remember(state.ui.prefs.recent.backend_profiles, state.backend()->file);
    return true;
}

EngineConfig gui_config() {
    EngineConfig cfg;
    cfg.transport = TransportMode::Http;  // the GUI embeds the loopback servers
    return cfg;
}


std::vector<std::string> screenshot_args(const ScreenshotOptions& opt) {
    std::vector<std::string> args = {"screenshot", "--out", opt.out, "--size",
                                     std::to_string(opt.width) + "x" + std::to_string(opt.height), "--tab", opt.tab};
    if (opt.scenario) {
        args.push_back("--scenario");
        args.push_back(*opt.scenario);
    }
    if (opt.walkthrough) {
        args.push_back("--walkthrough");
        args.push_back(*opt.walkthrough);
    }
    if (opt.replay) {
        args.push_back("--replay");
        args.push_back(*opt.replay);
        args.push_back("--replay-steps");
        args.push_back(std::to_string(opt.replay_steps));
    }
    if (opt.record) args.push_back("--record");
    if (opt.lang) args.insert(args.end(), {"--lang", to_string(*opt.lang)});
    if (opt.theme) args.insert(args.end(), {"--theme", to_string(*opt.theme)});
    if (opt.phone_gloss) args.push_back("--phone-gloss");
    if (opt.backend) args.insert(args.end(), {"--backend", *opt.backend, "--platform-port", std::to_string(opt.platform_port)});
    if (opt.ui_scale != 1.0f) args.insert(args.end(), {"--scale", std::to_string(opt.ui_scale)});
    if (opt.presenter) args.insert(args.end(), {"--presenter", "--beats", std::to_string(opt.beats)});
    return args;
}

// Frames until the worker is idle (bounded).
void settle(GLFWwindow* w, AppState& state) {
    for (int frames = 0; (state.replay.running || state.in_flight() || state.ui.presenter.awaiting_step) && frames < 2000; ++frames) {
        draw_one_frame(w, state);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// --presenter: the scenario (or the flow's first demo) told up to beat `beats`.
bool prepare_presenter(GLFWwindow* w, AppState& state, const ScreenshotOptions& opt) {
    if (opt.replay && !open_scenario(state, *opt.replay)) {
        std::fprintf(stderr, "%s\n", state.replay.error.c_str());
        return false;
    }
    enter_presenter(state);
    if (!state.ui.presenter.on) {
        std::fprintf(stderr, "screenshot: no scenario to present (--replay FILE)\n");
        return false;
    }
    for (int i = 0; opt.beats < 0 || i < opt.beats; ++i) {
        const auto before = std::make_pair(state.ui.presenter.beat, state.replay.next);
        presenter_next(state);
        settle(w, state);
        draw_one_frame(w, state);  // the tick that shows the step's first beat
        if (std::make_pair(state.ui.presenter.beat, state.replay.next) == before) break;  // the end
    }
    return true;
}

// --record / --replay FILE: the Scenario tab's states, for looking at them.
bool prepare_session(GLFWwindow* w, AppState& state, const ScreenshotOptions& opt) {
    if (opt.presenter) return prepare_presenter(w, state, opt);
    if (opt.record) start_recording(state);
    if (!opt.replay) return true;
    if (!open_scenario(state, *opt.replay)) {
        std::fprintf(stderr, "%s\n", state.replay.error.c_str());
        return false;
    }
    for (int i = 0; i < opt.replay_steps; ++i) {
        replay_next(state);
        for (int frames = 0; state.replay.running && frames < 2000; ++frames) {
            draw_one_frame(w, state);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    return true;
}

int run_walkthrough(const ScreenshotOptions& opt) {
    if (!opt.scenario) {
        std::fprintf(stderr, "screenshot: --walkthrough needs --scenario FILE\n");
        return 2;
    }
    if (!has_display()) return rerun_under_xvfb(screenshot_args(opt), kWalkthroughWidth, kWalkthroughHeight);
    std::optional<Scenario> scenario = load_scenario_or_report(*opt.scenario);
    if (!scenario) return 2;
    if (write_walkthroughs({*scenario}, {*opt.walkthrough}) != 0) return 1;
    std::printf("wrote %s/walkthrough.md\n", opt.walkthrough->c_str());
    return 0;
}


}  // namespace

void draw_one_frame(GLFWwindow* w, AppState& state) {
    keep_fonts(w, state);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    draw_frame(state);
    ImGui::Render();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(w, &fw, &fh);
    glViewport(0, 0, fw, fh);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

bool write_back_buffer_png(GLFWwindow* w, const std::string& out) {
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(w, &fw, &fh);
    std::vector<unsigned char> pixels(size_t(fw) * size_t(fh) * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, fw, fh, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    std::vector<unsigned char> flipped(pixels.size());
    const size_t row = size_t(fw) * 4;
    for (int y = 0; y < fh; ++y) std::memcpy(&flipped[size_t(y) * row], &pixels[size_t(fh - 1 - y) * row], row);
    for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    if (!stbi_write_png(out.c_str(), fw, fh, 4, flipped.data(), int(row))) {
        std::fprintf(stderr, "cannot write %s\n", out.c_str());
        return false;
    }
    std::printf("wrote %s (%dx%d)\n", out.c_str(), fw, fh);
    return true;
}

// Screenshots must not show a hover from wherever the X cursor happens to be.
void hide_mouse_each_frame() {
    ImGuiContextHook hook;
    hook.Type = ImGuiContextHookType_NewFramePre;
    hook.Callback = [](ImGuiContext*, ImGuiContextHook*) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        for (bool& down : io.MouseDown) down = false;
    };
    ImGui::AddContextHook(ImGui::GetCurrentContext(), &hook);
}

int run_gui(const GuiOptions& opt) {
    GuiSettings settings = load_settings();
    std::optional<BackendLink> backend;  // a bad profile is said first, display or not
    if (opt.backend && !(backend = backend_or_report(*opt.backend, opt.platform_port ? opt.platform_port : settings.prefs.platform_port,
                                                     opt.hang_ms)))
        return 2;
    if (!has_display()) {
        std::fprintf(stderr, opt.backend ? "no display: LoginScope's window needs X11. Headless against your backend: loginscope "
                                           "audit --backend PROFILE, loginscope run --backend PROFILE FILE…\n"
                                         : "no display: LoginScope's window needs X11. Headless: loginscope run FILE…, loginscope serve, "
                                           "loginscope screenshot --out x.png\n");
        return 2;
    }
    std::optional<Scenario> scenario;
    if (opt.scenario && !(scenario = load_scenario_or_report(*opt.scenario))) return 2;
    GLFWwindow* w = open_window(settings.width, settings.height, true);
    if (!w) {
        std::fprintf(stderr, "cannot open an OpenGL 3 window\n");
        return 1;
    }
    glfwSwapInterval(1);
    glfwSetWindowSizeLimits(w, 1024, 640, GLFW_DONT_CARE, GLFW_DONT_CARE);
    install_wake_callbacks(w);
    static std::string ini;  // io.IniFilename must outlive the context
    ini = imgui_ini_path();
    init_imgui(w, ini.empty() ? nullptr : ini.c_str());
    {
        AppState state(scenario ? scenario->config : gui_config());
        state.engine().clock().set_speed(settings.speed);
        state.ui.prefs = settings.prefs;
        state.set_wake(wake_frame_loop);
        if (backend && !attach_or_report(state, std::move(*backend))) {
            close_window(w);
            return 2;
        }
        if (scenario) play_scenario(state.engine(), *scenario);
        FramePacer pacer;
        bool handoff_page = false;
        while (!glfwWindowShouldClose(w)) {
            const FramePacer::Clock::time_point start = pacer.wait_for_frame(frame_demand(state));
            draw_one_frame(w, state);
            glfwSwapBuffers(w);
            // WeChat's authorization page shows its hand-off banner for a moment after it opens.
            const bool auth_open = state.engine().wechat_auth_open();
            if (auth_open && !handoff_page) pacer.animate_for(kPageTransitionSeconds, start);
            handoff_page = auth_open;
            if (state.ui.prefs != settings.prefs) {  // remembered as soon as chosen (a compare when idle)
                settings.prefs = state.ui.prefs;
                save_settings(settings);
            }
        }
        glfwGetWindowSize(w, &settings.width, &settings.height);
        settings.speed = state.engine().clock().speed();
        settings.prefs = state.ui.prefs;
    }
    save_settings(settings);
    close_window(w);
    return 0;
}

int run_screenshot(const ScreenshotOptions& opt) {
    if (opt.walkthrough) return run_walkthrough(opt);
    if (opt.out.empty() || opt.width < 320 || opt.height < 240) {
        std::fprintf(stderr, "screenshot: need --out FILE.png and a size of at least 320x240\n");
        return 2;
    }
    if (!has_display()) return rerun_under_xvfb(screenshot_args(opt), opt.width, opt.height);
    std::optional<Scenario> scenario;
    if (opt.scenario && !(scenario = load_scenario_or_report(*opt.scenario))) return 2;
    std::optional<BackendLink> backend;
    if (opt.backend && !(backend = backend_or_report(*opt.backend, opt.platform_port, 2000))) return 2;
    GLFWwindow* w = open_window(opt.width, opt.height, false);
    if (!w) {
        std::fprintf(stderr, "cannot open an OpenGL 3 window\n");
        return 1;
    }
    glfwSwapInterval(0);
    init_imgui(w, nullptr);  // screenshots never read or write the user's layout
    hide_mouse_each_frame();
    bool ok = false;
    {
        AppState state(scenario ? scenario->config : gui_config());
        if (opt.lang) state.ui.prefs.lang = *opt.lang;
        if (opt.theme) state.ui.prefs.theme = *opt.theme;
        state.ui.prefs.ui_scale = opt.ui_scale;
        state.ui.prefs.phone_gloss = opt.phone_gloss;
        if (backend && !attach_or_report(state, std::move(*backend))) {
            close_window(w);
            return 2;
        }
        if (scenario) play_scenario(state.engine(), *scenario);
        state.check_invariants_now();
        if (!prepare_session(w, state, opt)) {
            close_window(w);
            return 2;
        }
        state.ui.open_tab = bottom_tab_from_string(opt.tab);
        for (int frame = 0; frame < 8; ++frame) {
            glfwPollEvents();
            draw_one_frame(w, state);
            if (frame == 7) ok = write_back_buffer_png(w, opt.out);
            glfwSwapBuffers(w);
        }
    }
    close_window(w);
    return ok ? 0 : 1;
}

// From nothing to the first frame on screen, as `loginscope` starts: window, fonts, the engine
// with its loopback servers, one whole frame drawn and finished by the GPU. `bare` measures only a
// window and an empty ImGui frame with the default font (the benchmark's reference).
std::optional<double> time_to_first_frame_ms(bool bare) {
    if (!has_display()) return std::nullopt;
    const auto start = std::chrono::steady_clock::now();
    GLFWwindow* w = open_window(1280, 720, false);
    if (!w) return std::nullopt;
    if (bare) {
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        ImGui_ImplGlfw_InitForOpenGL(w, true);
        ImGui_ImplOpenGL3_Init("#version 130");
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ImGui::Render();
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    } else {
        init_imgui(w, nullptr);
        AppState state(gui_config());
        draw_one_frame(w, state);
    }
    glFinish();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    close_window(w);
    return ms;
}

// ---- shared with the walkthrough renderer (window_gl.hpp) -----------------------------------

bool has_display() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

GLFWwindow* open_window(int width, int height, bool resizable, bool visible) {
    glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); });
    if (!glfwInit()) return nullptr;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, resizable ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* w = glfwCreateWindow(width, height, "LoginScope", nullptr, nullptr);
    if (!w) {
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(w);
    return w;
}

void init_imgui(GLFWwindow* w, const char* ini_path) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = ini_path;
    // A steady text cursor: a blinking one would need frames while a field merely has the focus.
    io.ConfigInputTextCursorBlink = false;
    apply_theme(ImGui::GetStyle());
    load_fonts(io);
    ImGui_ImplGlfw_InitForOpenGL(w, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    enable_textures(true);  // the pages' PNGs become GL textures from now on
}

void close_window(GLFWwindow* w) {
    release_images();  // while the GL context is still current
    enable_textures(false);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(w);
    glfwTerminate();
}

namespace {
std::string find_in_path(const char* program) {
    const char* path = std::getenv("PATH");
    std::string all = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= all.size()) {
        const size_t end = all.find(':', start);
        const std::string dir = all.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}
}  // namespace

int rerun_under_xvfb(const std::vector<std::string>& args, int width, int height) {
    if (std::getenv("LOGINSCOPE_UNDER_XVFB")) {
        std::fprintf(stderr, "xvfb-run started but DISPLAY is still unset\n");
        return 2;
    }
    const std::string xvfb = find_in_path("xvfb-run");
    if (xvfb.empty()) {
        std::fprintf(stderr, "no display and no xvfb-run: set DISPLAY or apt-get install xvfb\n");
        return 2;
    }
    char self[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return 2;
    const std::string screen = "-screen 0 " + std::to_string(std::max(width, 1280)) + "x" +
                               std::to_string(std::max(height, 720)) + "x24";
    std::vector<std::string> all = {xvfb, "-a", "-s", screen, self};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    setenv("LOGINSCOPE_UNDER_XVFB", "1", 1);  // before fork(): the child only execs (no allocation)
    const pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv.data());
        std::perror("xvfb-run");
        _exit(2);
    }
    unsetenv("LOGINSCOPE_UNDER_XVFB");  // this process still has no display of its own
    if (pid < 0) return 2;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return 2;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace ls::gui
