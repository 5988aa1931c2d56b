// The walkthrough renderer: an invisible window whose GL context draws the real frame (draw_frame)
// into a framebuffer object after every step; the phone and the sequence diagram are cut out of
// it as PNGs.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <stb/stb_image_write.h>

#include "imgui.h"
#include "backends/imgui_impl_opengl3.h"

#include "app_state.hpp"
#include "frame.hpp"
#include "panels.hpp"
#include "gui.hpp"
#include "probes.hpp"
#include "walkthrough.hpp"
#include "window_gl.hpp"

namespace ls::gui {

namespace {

// GL 3.0 framebuffer objects, loaded through GLFW: libGL's headers declare only GL 1.x entry points.
struct FboApi {
    PFNGLGENFRAMEBUFFERSPROC gen_framebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind_framebuffer = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers = nullptr;
    PFNGLGENRENDERBUFFERSPROC gen_renderbuffers = nullptr;
    PFNGLBINDRENDERBUFFERPROC bind_renderbuffer = nullptr;
    PFNGLRENDERBUFFERSTORAGEPROC renderbuffer_storage = nullptr;
    PFNGLFRAMEBUFFERRENDERBUFFERPROC framebuffer_renderbuffer = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer_status = nullptr;
    PFNGLDELETERENDERBUFFERSPROC delete_renderbuffers = nullptr;

    bool load() {
        auto get = [](const char* name) { return glfwGetProcAddress(name); };
        gen_framebuffers = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(get("glGenFramebuffers"));
        bind_framebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(get("glBindFramebuffer"));
        delete_framebuffers = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(get("glDeleteFramebuffers"));
        gen_renderbuffers = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(get("glGenRenderbuffers"));
        bind_renderbuffer = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(get("glBindRenderbuffer"));
        renderbuffer_storage = reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(get("glRenderbufferStorage"));
        framebuffer_renderbuffer = reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(get("glFramebufferRenderbuffer"));
        check_framebuffer_status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(get("glCheckFramebufferStatus"));
        delete_renderbuffers = reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(get("glDeleteRenderbuffers"));
        return gen_framebuffers && bind_framebuffer && delete_framebuffers && gen_renderbuffers && bind_renderbuffer &&
               renderbuffer_storage && framebuffer_renderbuffer && check_framebuffer_status && delete_renderbuffers;
    }
};

struct Rgba {
    int w = 0, h = 0;
    std::vector<unsigned char> px;  // rows top-down
};

class Offscreen {
public:
    Offscreen(int w, int h) : w_(w), h_(h) {}
    ~Offscreen() { close(); }
    Offscreen(const Offscreen&) = delete;
    Offscreen& operator=(const Offscreen&) = delete;

    bool open(std::string& error);
    // `frames` whole frames of `s`; with `body`, frames that draw only `body` (after one of `s`).
    void draw(AppState& s, int frames, const std::function<void()>& body = nullptr);
    Rgba read() const;

private:
    void close();
    int w_, h_;
    GLFWwindow* window_ = nullptr;
    FboApi gl_;
    GLuint fbo_ = 0, color_ = 0;
};

bool Offscreen::open(std::string& error) {
    window_ = open_window(64, 64, false, false);
    if (!window_) {
        error = "cannot open an OpenGL 3 window";
        return false;
    }
    if (!gl_.load()) {
        error = "the OpenGL driver has no framebuffer objects";
        return false;
    }
    gl_.gen_framebuffers(1, &fbo_);
    gl_.bind_framebuffer(GL_FRAMEBUFFER, fbo_);
    gl_.gen_renderbuffers(1, &color_);
    gl_.bind_renderbuffer(GL_RENDERBUFFER, color_);
    gl_.renderbuffer_storage(GL_RENDERBUFFER, GL_RGBA8, w_, h_);
    gl_.framebuffer_renderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    if (gl_.check_framebuffer_status(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        error = "the offscreen framebuffer is incomplete";
        return false;
    }
    init_imgui(window_, nullptr);
    return true;
}

void Offscreen::close() {
    if (!window_) return;
    if (fbo_) gl_.delete_framebuffers(1, &fbo_);
    if (color_) gl_.delete_renderbuffers(1, &color_);
    if (ImGui::GetCurrentContext()) {
        close_window(window_);
    } else {
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
    window_ = nullptr;
}

void Offscreen::draw(AppState& s, int frames, const std::function<void()>& body) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < frames; ++i) {
        io.DisplaySize = ImVec2(float(w_), float(h_));
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.DeltaTime = 1.0f / 60.0f;
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui::NewFrame();
        if (body)
            body();
        else
            draw_frame(s);
        ImGui::Render();
        gl_.bind_framebuffer(GL_FRAMEBUFFER, fbo_);
        glViewport(0, 0, w_, h_);
        glClearColor(0.95f, 0.96f, 0.97f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    }
    glFinish();
}

Rgba Offscreen::read() const {
    Rgba out{w_, h_, std::vector<unsigned char>(size_t(w_) * size_t(h_) * 4)};
    std::vector<unsigned char> raw(out.px.size());
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
    const size_t row = size_t(w_) * 4;
    for (int y = 0; y < h_; ++y) std::copy_n(&raw[size_t(h_ - 1 - y) * row], row, &out.px[size_t(y) * row]);
    for (size_t i = 3; i < out.px.size(); i += 4) out.px[i] = 255;
    return out;
}

// The pixels of [min, max) as a PNG file, written atomically.
void write_crop(const Rgba& img, ImVec2 min, ImVec2 max, const std::string& path) {
    const int x0 = std::clamp(int(min.x), 0, img.w), y0 = std::clamp(int(min.y), 0, img.h);
    const int x1 = std::clamp(int(max.x), x0 + 1, img.w), y1 = std::clamp(int(max.y), y0 + 1, img.h);
    std::string png;
    auto append = [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size_t(size)); };
    const unsigned char* first = img.px.data() + (size_t(y0) * size_t(img.w) + size_t(x0)) * 4;
    if (!stbi_write_png_to_func(append, &png, x1 - x0, y1 - y0, 4, first, img.w * 4))
        throw std::runtime_error(path + ": cannot encode the PNG");
    write_file_atomically(path, png);
}

std::vector<size_t> step_messages(const AppState& s, size_t first_event) {
    std::vector<size_t> messages;
    for (size_t i : s.messages())
        if (i >= first_event) messages.push_back(i);
    return messages;
}

// The sequence diagram of one step's messages alone, as tall as they need (up to the whole target).
void draw_step_sequence(AppState& s, size_t first_event, float max_h) {
    const std::vector<size_t> messages = step_messages(s, first_event);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float rows = float(std::max<size_t>(messages.size(), 1));
    const float h = std::min(max_h, ImGui::GetFrameHeight() + 2 + rows * 26 + st.WindowPadding.y * 2 + st.ItemSpacing.y + 6);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetIO().DisplaySize.x, h));
    ImGui::Begin("##walkthrough_sequence", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse);
    draw_sequence(SequenceData{s.events(), messages, std::nullopt, s.engine().config().flow});
    ImGui::End();
}

// After a step: the phone cut out of the whole frame, then the step's sequence diagram on its own.
void capture(Offscreen& off, AppState& s, const std::string& dir, size_t step, size_t first_event, WalkthroughStep& out) {
    off.draw(s, 3);  // the layout settles
    const Rgba frame = off.read();
    const Probe* phone = find_probe("phone.window");  // where the frame put the phone (below the menu bar)
    if (!phone) throw std::runtime_error("the phone was not drawn");
    out.phone_png = step_image_name(step, "phone");
    write_crop(frame, phone->min, phone->max, dir + "/" + out.phone_png);
    if (step_messages(s, first_event).empty()) return;  // a clock, phone or fault step: nothing between the actors
    const float max_h = ImGui::GetIO().DisplaySize.y;
    off.draw(s, 2, [&] { draw_step_sequence(s, first_event, max_h); });
    const Probe* area = find_probe("sequence.area");
    if (!area) throw std::runtime_error("the sequence diagram was not drawn");
    out.sequence_png = step_image_name(step, "sequence");
    write_crop(off.read(), ImVec2(0, 0), ImVec2(ImGui::GetIO().DisplaySize.x, area->max.y + ImGui::GetStyle().WindowPadding.y),
               dir + "/" + out.sequence_png);
}

// Pictures of an earlier, longer walkthrough in the same directory would look like ours.
void remove_old_pictures(const std::string& dir) {
    for (auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("step-", 0) == 0 && e.path().extension() == ".png") std::filesystem::remove(e.path());
    }
}

Walkthrough render_one(Offscreen& off, const Scenario& s, const std::string& dir) {
    std::filesystem::create_directories(dir);
    remove_old_pictures(dir);
    Walkthrough w;
    w.scenario = &s;
    AppState state(s.config);
    for (const FaultRule& r : s.faults) state.engine().add_fault(r);
    InvariantChecker invariants;
    for (size_t i = 0; i < s.steps.size(); ++i) {
        const uint64_t before = state.engine().journal().size();
        WalkthroughStep step;
        step.run = run_step(state.engine(), s, i, invariants);
        // A failure dialog belongs to the picture of the call that failed, not to later clock or phone steps.
        const StepKind* kind = find_step_kind(s.steps[i].action);
        state.ui.error_dismissed = !kind || kind->by != StepBy::Phone;
        capture(off, state, dir, i, size_t(before), step);
        step.events = state.engine().journal().since(before);
        w.steps.push_back(std::move(step));
    }
    w.final_failures = final_failures(state.engine(), s);
    write_file_atomically(dir + "/walkthrough.md", walkthrough_markdown(w));
    return w;
}

}  // namespace

int write_walkthroughs(const std::vector<Scenario>& scenarios, const std::vector<std::string>& dirs,
                       std::vector<WalkthroughSummary>* summaries) {
    Offscreen off(kWalkthroughWidth, kWalkthroughHeight);
    std::string error;
    if (!off.open(error)) {
        std::fprintf(stderr, "walkthrough: %s\n", error.c_str());
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < scenarios.size() && i < dirs.size(); ++i) {
        WalkthroughSummary sum{scenarios[i].name, scenarios[i].file, dirs[i]};
        try {
            const Walkthrough w = render_one(off, scenarios[i], dirs[i]);
            sum.passed = w.passed();
            sum.steps = w.steps.size();
            for (auto& st : w.steps) sum.failed_steps += !st.run.failures.empty();
        } catch (const std::exception& e) {
            sum.error = e.what();
            std::fprintf(stderr, "walkthrough: %s\n", e.what());
            status = 1;
        }
        if (summaries) summaries->push_back(sum);
    }
    return status;
}

}  // namespace ls::gui
