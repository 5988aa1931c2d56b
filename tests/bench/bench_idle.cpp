// GUI idle CPU in a real window. Both processes run on a private Xvfb (started with -displayfd, so
// the benchmark never touches the user's desktop and the figures compare across machines): the
// `loginscope` GUI with a fresh $XDG_CONFIG_HOME, and this program as the reference — a bare GLFW
// window with an empty ImGui frame and the GUI's own wait loop. CPU time is the process's user +
// system time from /proc/PID/stat over the measured seconds, printed as % of one core. The click
// is X input: the window gets the focus, the pointer is warped onto the toolbar's first button,
// Login (a real motion event), and a button press and release are sent there — a whole login runs
// on the worker, and the figure after it says the UI settled back to idle.
#include "bench_idle.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include "imgui.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"

#include "../common/free_port.hpp"
#include "gui/frame_pacing.hpp"
#include "gui/window_gl.hpp"

#include <X11/Xlib.h>  // last: its macros (None, Bool, Status) would break the headers above

namespace ls::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kReferenceTitle = "LoginScope idle reference";
constexpr double kSettleSeconds = 2.0;  // after the window appears and after the click
// The toolbar's Login button: its first item, at the left under the menu bar (default settings).
constexpr int kLoginX = 34, kLoginY = 45;

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

// A child process with extra environment, its output discarded.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env) {
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 1);
    dup2(null, 2);
    execvp(argv[0], argv.data());
    _exit(127);
}

bool alive(pid_t pid) {
    int status = 0;
    return pid > 0 && waitpid(pid, &status, WNOHANG) == 0;  // reaps it when it has ended
}

void stop(pid_t pid) {
    if (!alive(pid)) return;
    kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0; ++i) sleep_s(0.01);
    if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
}

// User + system CPU seconds of `pid` (fields 14 and 15 of /proc/PID/stat, after the command's ")").
std::optional<double> cpu_seconds(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const size_t paren = all.rfind(')');
    if (paren == std::string::npos) return std::nullopt;
    std::istringstream rest(all.substr(paren + 1));
    std::vector<std::string> fields;  // fields[0] is field 3 (state)
    for (std::string x; rest >> x;) fields.push_back(x);
    if (fields.size() < 13) return std::nullopt;
    return double(std::stoull(fields[11]) + std::stoull(fields[12])) / double(sysconf(_SC_CLK_TCK));
}

// % of one core `pid` uses over `seconds`.
std::optional<double> cpu_percent(pid_t pid, double seconds) {
    const std::optional<double> a = cpu_seconds(pid);
    const auto t = Clock::now();
    sleep_s(seconds);
    const std::optional<double> b = cpu_seconds(pid);
    const double wall = std::chrono::duration<double>(Clock::now() - t).count();
    if (!a || !b) return std::nullopt;
    return 100.0 * (*b - *a) / wall;
}

// A private X server: Xvfb picks a free display and writes its number to a pipe when it is ready.
class PrivateXvfb {
public:
    PrivateXvfb() {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid_ = spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"}, {});
        close(fds[1]);
        std::string number;
        pollfd p{fds[0], POLLIN, 0};
        const auto until = Clock::now() + std::chrono::seconds(20);
        while (Clock::now() < until && poll(&p, 1, 100) >= 0) {
            char c = 0;
            if ((p.revents & (POLLIN | POLLHUP)) == 0) continue;
            if (read(fds[0], &c, 1) != 1 || c == '\n') break;
            number += c;
        }
        close(fds[0]);
        if (!number.empty()) display_ = ":" + number;
    }
    ~PrivateXvfb() { stop(pid_); }
    PrivateXvfb(const PrivateXvfb&) = delete;
    PrivateXvfb& operator=(const PrivateXvfb&) = delete;
    const std::string& display() const { return display_; }  // "" when it did not start

private:
    pid_t pid_ = -1;
    std::string display_;
};

// The top-level window titled `title` (no window manager runs: top level = child of the root).
std::optional<Window> find_window(Display* dpy, const char* title, pid_t owner, double timeout_s) {
    const auto until = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (Clock::now() < until && alive(owner)) {
        Window root = 0, parent = 0, *children = nullptr;
        unsigned int n = 0;
        std::optional<Window> found;
        if (XQueryTree(dpy, DefaultRootWindow(dpy), &root, &parent, &children, &n)) {
            for (unsigned int i = 0; i < n && !found; ++i) {
                char* name = nullptr;
                if (XFetchName(dpy, children[i], &name) && name) {
                    if (std::string(name) == title) found = children[i];
                    XFree(name);
                }
            }
            if (children) XFree(children);
        }
        if (found) return found;
        sleep_s(0.05);
    }
    return std::nullopt;
}

// Focus, pointer to (x, y) in the window, left button pressed and released.
void click(Display* dpy, Window w, int x, int y) {
    XSetInputFocus(dpy, w, RevertToParent, CurrentTime);
    XWarpPointer(dpy, 0, w, 0, 0, 0, 0, x, y);
    XSync(dpy, False);
    sleep_s(0.1);
    for (int type : {ButtonPress, ButtonRelease}) {
        XEvent e{};
        e.xbutton.type = type;
        e.xbutton.display = dpy;
        e.xbutton.window = w;
        e.xbutton.root = DefaultRootWindow(dpy);
        e.xbutton.time = CurrentTime;
        e.xbutton.x = x;
        e.xbutton.y = y;
        e.xbutton.button = Button1;
        e.xbutton.state = type == ButtonRelease ? Button1Mask : 0;
        e.xbutton.same_screen = True;
        XSendEvent(dpy, w, True, type == ButtonPress ? ButtonPressMask : ButtonReleaseMask, &e);
        XSync(dpy, False);
        sleep_s(0.1);
    }
}

struct IdleCpu {
    std::optional<double> idle, after_click;
    std::optional<double> click_ms;  // CPU the click and the settling after it took
    std::string error;  // why there are no figures
};

// Starts `args` on `display`, waits for its window `title` and measures it idle, then after a click.
IdleCpu measure(const std::string& display, const std::vector<std::string>& args, const char* title, double seconds) {
    IdleCpu out;
    const std::filesystem::path config = std::filesystem::temp_directory_path() / ("loginscope-idle-" + std::to_string(getpid()));
    std::filesystem::create_directories(config);
    const pid_t pid = spawn(args, {{"DISPLAY", display}, {"XDG_CONFIG_HOME", config.string()}});
    Display* dpy = XOpenDisplay(display.c_str());
    if (!dpy) {
        out.error = "cannot connect to " + display;
    } else if (const std::optional<Window> w = find_window(dpy, title, pid, 60)) {
        sleep_s(kSettleSeconds);
        out.idle = cpu_percent(pid, seconds);
        const std::optional<double> before = cpu_seconds(pid);
        click(dpy, *w, kLoginX, kLoginY);
        sleep_s(kSettleSeconds);
        if (const std::optional<double> after = cpu_seconds(pid); before && after) out.click_ms = 1000 * (*after - *before);
        out.after_click = cpu_percent(pid, seconds);
    } else {
        out.error = args[0] + (alive(pid) ? " showed no window \"" + std::string(title) + "\" in 60 s" : " ended before it showed a window");
    }
    if (dpy) XCloseDisplay(dpy);
    stop(pid);
    std::filesystem::remove_all(config);
    return out;
}

}  // namespace

// The GUI with a team's backend attached (`loginscope --backend`): the test backend started on its own
// port, its platform on another, the profile in a temporary file; the click logs in against it.
IdleCpu measure_with_backend(const std::string& display, const IdleOptions& opt) {
    const int platform = ls::test::free_port(), port = ls::test::free_port();
    const pid_t backend = start_test_backend({opt.backend_script, 0}, port, "http://127.0.0.1:" + std::to_string(platform));
    if (backend < 0) return {{}, {}, {}, "the test backend did not start (python3 " + opt.backend_script + ")"};
    const std::filesystem::path file = std::filesystem::temp_directory_path() / ("loginscope-idle-profile-" + std::to_string(getpid()) + ".json");
    std::ofstream(file) << test_backend_profile("http://127.0.0.1:" + std::to_string(port));
    IdleCpu out = measure(display, {opt.loginscope, "--backend", file.string(), "--platform-port", std::to_string(platform)}, "LoginScope",
                          opt.seconds);
    stop(backend);
    std::filesystem::remove(file);
    return out;
}

void idle_figures(const IdleOptions& opt, Line line) {
    PrivateXvfb x;
    if (x.display().empty()) {
        std::printf("GUI idle CPU: cannot start Xvfb (apt-get install xvfb)\n");
        return;
    }
    std::printf("GUI idle CPU over %g s in a real window (private Xvfb %s, %s)\n", opt.seconds, x.display().c_str(),
                opt.loginscope.c_str());
    const IdleCpu gui = measure(x.display(), {opt.loginscope}, "LoginScope", opt.seconds);
    const IdleCpu ref = measure(x.display(), {opt.self, kIdleReferenceFlag}, kReferenceTitle, opt.seconds);
    for (const IdleCpu* m : {&gui, &ref})
        if (!m->error.empty()) {
            std::printf("GUI idle CPU: %s\n", m->error.c_str());
            return;
        }
    if (gui.idle && ref.idle)
        line("GUI idle CPU, real window", *gui.idle, "% core", *ref.idle, "bare GLFW window, same wait loop", 1, false);
    if (gui.after_click && ref.after_click)
        line("GUI idle CPU after a login (click)", *gui.after_click, "% core", *ref.after_click, "bare GLFW window, clicked too", 1,
             false);
    if (gui.click_ms && ref.click_ms)
        std::printf("  the click on Login: %.0f ms of CPU to log in, draw and settle (GUI), %.0f ms to draw and settle (reference)\n", *gui.click_ms,
                    *ref.click_ms);
    if (opt.backend_script.empty()) return;
    const IdleCpu attached = measure_with_backend(x.display(), opt);
    if (!attached.error.empty()) {
        std::printf("GUI idle CPU with a backend attached: %s\n", attached.error.c_str());
        return;
    }
    if (attached.idle && ref.idle)
        line("GUI idle CPU, a backend attached", *attached.idle, "% core", *ref.idle, "bare GLFW window, same wait loop", 1, false);
    if (attached.after_click && ref.after_click)
        line("GUI idle CPU, backend, after login", *attached.after_click, "% core", *ref.after_click, "bare GLFW window, clicked too", 1,
             false);
    if (attached.click_ms) std::printf("  the click on Login against the backend: %.0f ms of CPU\n", *attached.click_ms);
}

int run_idle_reference_window() {
    GLFWwindow* w = gui::open_window(1440, 900, true);
    if (!w) return 1;
    glfwSetWindowTitle(w, kReferenceTitle);
    glfwSwapInterval(1);
    gui::install_wake_callbacks(w);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(w, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    gui::FramePacer pacer;
    while (!glfwWindowShouldClose(w)) {  // the benchmark ends it with SIGTERM
        pacer.wait_for_frame(gui::FrameDemand{});
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        ImGui::Render();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(w, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(w);
    }
    gui::close_window(w);
    return 0;
}

}  // namespace ls::bench
