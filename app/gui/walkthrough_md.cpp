// walkthrough.md and index.md: plain CommonMark (tables, images), readable as text too.
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "gui.hpp"
#include "panels.hpp"
#include "walkthrough.hpp"

#include "loginscope/clock.hpp"

namespace ls::gui {

namespace {

constexpr size_t kMaxEvents = 16;  // per step; the journal export has them all

// Text from the journal as Markdown text: no accidental HTML (<button …>), emphasis (__UNI__…),
// links or table breaks.
std::string text(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '\n':
            case '\r': out += ' '; break;
            case '|': case '*': case '_': case '`': case '[': case ']': case '\\': out += '\\'; out += c; break;
            default: out += c;
        }
    }
    return out;
}
std::string cell(const std::string& s) { return text(s); }

std::string flow_title(Flow f) {
    for (const FlowInfo& info : flow_catalog())
        if (info.id == std::string(to_string(f))) return std::string(info.title) + " (`" + info.api + "`)";
    return to_string(f);
}

// The step as written, without its expectations and note: what was called, with its arguments.
std::string called(const nlohmann::json& source) {
    nlohmann::json j = source;
    j.erase("expect");
    j.erase("note");
    return j.dump();
}

std::string outcome(const ActionResult& r) {
    std::ostringstream o;
    o << (r.pending ? "**pending** (waits for a tap)" : r.ok ? "**ok**" : "**failed**");
    if (!r.errMsg.empty()) o << " — errMsg `" << r.errMsg << "`";
    if (r.errcode) o << ", errcode " << *r.errcode;
    if (r.http_status) o << ", HTTP " << r.http_status;
    if (!r.detail.empty()) o << "  \n" << text(r.detail);
    return o.str();
}

std::string actors(const Event& e) {
    std::string s = actor_title(e.actor);
    if (e.to) s += std::string(" → ") + actor_title(*e.to);
    return s;
}

void event_table(std::ostringstream& md, const std::vector<Event>& events) {
    if (events.empty()) {
        md << "No events.\n\n";
        return;
    }
    md << "| time | actors | event | what |\n|---|---|---|---|\n";
    for (size_t i = 0; i < events.size() && i < kMaxEvents; ++i) {
        const Event& e = events[i];
        md << "| " << format_clock(e.t_ms) << " | " << cell(actors(e)) << " | `" << e.kind << "` | " << cell(e.text) << " |\n";
    }
    if (events.size() > kMaxEvents) md << "\n… and " << events.size() - kMaxEvents << " more (the journal export has them all).\n";
    md << "\n";
}

void step_section(std::ostringstream& md, const Step& step, const WalkthroughStep& w, size_t i) {
    md << "## Step " << i + 1 << " — `" << step.action << "`\n\n";
    if (step.source.contains("note") && step.source["note"].is_string()) md << "*" << text(step.source["note"].get<std::string>()) << "*\n\n";
    md << "**Called:** `" << called(step.source) << "`\n\n";
    md << "**Result:** " << outcome(w.run.result) << "\n\n";
    if (w.run.failures.empty()) {
        md << "**Expectations:** met\n\n";
    } else {
        md << "**Expectations not met:**\n\n";
        for (auto& f : w.run.failures) md << "- " << text(f) << "\n";
        md << "\n";
    }
    std::vector<Event> key;
    std::vector<std::string> console;
    for (const Event& e : w.events) {
        if (e.kind == "console") console.push_back(e.text);
        else if (e.kind != "action.start") key.push_back(e);
    }
    md << "**Key events:**\n\n";
    event_table(md, key);
    if (!console.empty()) {
        md << "**Console:**\n\n```text\n";
        for (auto& line : console) md << line << "\n";
        md << "```\n\n";
    }
    if (!w.phone_png.empty()) md << "![The phone after step " << i + 1 << "](" << w.phone_png << ")\n";
    if (!w.sequence_png.empty())
        md << "![The sequence diagram of step " << i + 1 << "](" << w.sequence_png << ")\n";
    else
        md << "\n*No messages between the actors in this step.*\n";
    md << "\n";
}

void header(std::ostringstream& md, const Walkthrough& w) {
    const Scenario& s = *w.scenario;
    md << "# " << text(s.name) << "\n\n";
    if (!s.description.empty()) md << text(s.description) << "\n\n";
    md << "- flow: " << flow_title(s.config.flow) << "\n";
    md << "- scenario file: `" << s.file << "`\n";
    md << "- seed " << s.config.seed << ", transport " << (s.config.transport == TransportMode::Http ? "http (loopback)" : "in process")
       << "\n";
    for (const FaultRule& r : s.faults) md << "- fault from the start: " << text(r.describe()) << "\n";
    md << "- result: " << (w.passed() ? "**PASS**" : "**FAIL**") << ", " << w.steps.size() << " step(s)\n\n";
    md << "Replay it headless: `loginscope run " << s.file << "`\n\n";
}

}  // namespace

bool Walkthrough::passed() const {
    if (!final_failures.empty()) return false;
    for (auto& s : steps)
        if (!s.run.failures.empty()) return false;
    return true;
}

std::string step_image_name(size_t step, const char* what) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "step-%02zu-%s.png", step + 1, what);
    return buf;
}

std::string walkthrough_markdown(const Walkthrough& w) {
    std::ostringstream md;
    header(md, w);
    for (size_t i = 0; i < w.steps.size() && i < w.scenario->steps.size(); ++i) step_section(md, w.scenario->steps[i], w.steps[i], i);
    if (!w.final_failures.empty()) {
        md << "## After the last step\n\n";
        for (auto& f : w.final_failures) md << "- " << text(f) << "\n";
        md << "\n";
    }
    return md.str();
}

std::string walkthrough_index(const std::vector<WalkthroughSummary>& all, const std::string& base) {
    std::ostringstream md;
    size_t passed = 0;
    for (auto& s : all) passed += s.passed;
    md << "# LoginScope walkthroughs\n\n" << passed << " passed, " << all.size() - passed << " failed.\n\n";
    md << "| # | scenario | result | steps | file |\n|---|---|---|---|---|\n";
    for (size_t i = 0; i < all.size(); ++i) {
        const WalkthroughSummary& s = all[i];
        const std::string rel = std::filesystem::path(s.dir).lexically_relative(base).generic_string();
        const std::string result = !s.error.empty() ? "not written: " + cell(s.error) : s.passed ? "PASS" : "FAIL";
        md << "| " << i + 1 << " | [" << cell(s.name) << "](" << rel << "/walkthrough.md) | " << result << " | " << s.steps << " | `"
           << cell(s.file) << "` |\n";
    }
    return md.str();
}

}  // namespace ls::gui
