// The audit's reports (audit.hpp): the terminal's table, JUnit XML, JSON and Markdown.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "loginscope/audit.hpp"
#include "loginscope/scenario.hpp"

namespace ls {

namespace {

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

size_t count(const AuditReport& r, CheckStatus s) {
    size_t n = 0;
    for (const AuditCheck& c : r.checks) n += c.status == s;
    return n;
}

// What a cancelled audit says in every report: how far it got.
std::string cancelled_note(const AuditReport& r) {
    return "cancelled after " + std::to_string(r.checks.size()) + (r.checks.size() == 1 ? " check" : " checks") + ": the rest did not run";
}

std::string summary(const AuditReport& r) {
    return std::to_string(count(r, CheckStatus::Pass)) + " passed, " + std::to_string(count(r, CheckStatus::Fail)) + " failed, " +
           std::to_string(count(r, CheckStatus::Skipped)) + " skipped" + (r.cancelled ? "; " + cancelled_note(r) : "");
}

}  // namespace

std::string audit_table(const AuditReport& r) {
    size_t width = 10;
    for (const AuditCheck& c : r.checks) width = std::max(width, c.id.size());
    std::string out;
    for (const AuditCheck& c : r.checks) {
        std::string status = to_string(c.status);
        out += status + std::string(8 - status.size(), ' ') + c.id + std::string(width - c.id.size() + 2, ' ') + seconds(c.seconds) + " s";
        if (c.status == CheckStatus::Skipped) out += "  (" + c.reason + ")";
        out += "\n";
    }
    for (const AuditCheck& c : r.checks) {
        if (c.status != CheckStatus::Fail) continue;
        out += "\nFAIL " + c.id + ": " + c.reason + "\n";
        for (const std::string& e : c.evidence) out += "  " + e + "\n";
    }
    return out + "\n" + summary(r) + "\n";
}

std::string audit_junit(const AuditReport& r) {
    double total = 0;
    for (const AuditCheck& c : r.checks) total += c.seconds;
    // A cancelled audit is one more testcase, in error, so that no CI reads it as passed.
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"loginscope audit " + xml_escape(r.backend) +
                      "\" tests=\"" + std::to_string(r.checks.size() + (r.cancelled ? 1 : 0)) + "\" failures=\"" +
                      std::to_string(count(r, CheckStatus::Fail)) + (r.cancelled ? "\" errors=\"1" : "") + "\" skipped=\"" +
                      std::to_string(count(r, CheckStatus::Skipped)) + "\" time=\"" + seconds(total) + "\">\n";
    for (const AuditCheck& c : r.checks) {
        out += "    <testcase classname=\"loginscope.audit\" name=\"" + xml_escape(c.id) + "\" time=\"" + seconds(c.seconds) + "\"";
        if (c.status == CheckStatus::Pass) {
            out += "/>\n";
            continue;
        }
        out += ">\n";
        if (c.status == CheckStatus::Skipped) {
            out += "      <skipped message=\"" + xml_escape(c.reason) + "\"/>\n";
        } else {
            std::string evidence;
            for (const std::string& e : c.evidence) evidence += e + "\n";
            out += "      <failure message=\"" + xml_escape(c.reason) + "\">" + xml_escape(evidence) + "</failure>\n";
        }
        out += "    </testcase>\n";
    }
    if (r.cancelled)
        out += "    <testcase classname=\"loginscope.audit\" name=\"cancelled\" time=\"0.000\">\n      <error message=\"" +
               xml_escape(cancelled_note(r)) + "\"/>\n    </testcase>\n";
    return out + "  </testsuite>\n</testsuites>\n";
}

std::string audit_json(const AuditReport& r) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const AuditCheck& c : r.checks)
        checks.push_back({{"id", c.id}, {"title", c.title}, {"status", to_string(c.status)}, {"reason", c.reason},
                          {"evidence", c.evidence}, {"seconds", c.seconds}});
    nlohmann::ordered_json report{{"backend", r.backend}, {"platform_port", r.platform_port}, {"passed", r.passed()}};
    if (r.cancelled) report["cancelled"] = cancelled_note(r);
    report["checks"] = checks;
    return report.dump(2) + "\n";
}

std::string audit_markdown(const AuditReport& r) {
    std::string out = "# Audit of " + r.backend + "\n\n" + summary(r) + "\n\n| status | check | what it asks | time |\n|---|---|---|---|\n";
    for (const AuditCheck& c : r.checks)
        out += "| " + std::string(to_string(c.status)) + " | `" + c.id + "` | " + c.title + " | " + seconds(c.seconds) + " s |\n";
    for (const AuditCheck& c : r.checks) {
        if (c.status == CheckStatus::Pass) continue;
        out += "\n## " + std::string(to_string(c.status)) + " `" + c.id + "`\n\n" + c.reason + "\n";
        for (const std::string& e : c.evidence) out += "\n    " + e + "\n";
    }
    return out;
}

}  // namespace ls
