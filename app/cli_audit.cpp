// loginscope audit --backend PROFILE: the battery of audit.hpp against a team's own backend.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "cli_options.hpp"
#include "loginscope/audit.hpp"
#include "loginscope/scenario.hpp"

namespace ls::cli {

namespace {

struct AuditCliOptions {
    std::string backend, flow, junit, json, markdown;
    int platform_port = 0;
    int hang_ms = 6000;
    int answer_within_ms = 5000;
};

int audit(const AuditCliOptions& c) {
    AuditOptions o;
    try {
        o.profile = load_backend_profile(c.backend);
        if (!c.flow.empty()) {
            o.flow = flow_from_string(c.flow);
            if (!o.flow || !o.profile.flows.count(*o.flow))
                throw ProfileError("--flow " + c.flow + ": not a flow of the profile");
        }
    } catch (const ProfileError& e) {
        std::cerr << "loginscope audit: " << e.what() << "\n";
        return 2;
    }
    o.platform_port = c.platform_port;
    o.hang_ms = c.hang_ms;
    o.answer_within_ms = c.answer_within_ms;
    if (o.answer_within_ms >= o.hang_ms) {
        std::cerr << "loginscope audit: --answer-within-ms must be shorter than --hang-ms (else a backend without a timeout passes)\n";
        return 2;
    }
    o.on_listening = [](int port) { std::cout << "platform on http://127.0.0.1:" << port << std::endl; };
    AuditReport report;
    try {
        report = run_audit(o);
    } catch (const ProfileError& e) {
        std::cerr << "loginscope audit: " << e.what() << "\n";
        return 2;
    }
    std::cout << audit_table(report) << std::flush;
    try {
        if (!c.junit.empty()) write_file_atomically(c.junit, audit_junit(report));
        if (!c.json.empty()) write_file_atomically(c.json, audit_json(report));
        if (!c.markdown.empty()) write_file_atomically(c.markdown, audit_markdown(report));
    } catch (const std::exception& e) {
        std::cerr << "loginscope audit: " << e.what() << "\n";
        return 2;
    }
    return report.passed() ? 0 : 1;
}

}  // namespace

Action add_audit(CLI::App& app) {
    auto o = std::make_shared<AuditCliOptions>();
    CLI::App* cmd = app.add_subcommand("audit", "check a team's own backend: its login against every platform edge case and the classic flaws");
    cmd->footer(
        "Point the backend's WeChat API base (https://api.weixin.qq.com) at http://127.0.0.1:PORT (--platform-port),\n"
        "with the profile's appid and secret. The first line says where the platform listens.\n"
        "Exit 0: every check passed, 1: any failed, 2: unusable profile or an unreachable backend.");
    cmd->add_option("--backend", o->backend, "the backend profile (JSON, assets/backend.schema.json)")->required()->type_name("PROFILE");
    cmd->add_option("--platform-port", o->platform_port, "the platform's port (0: any free port, announced)")
        ->type_name("N")
        ->check(whole_number(0, 65535))
        ->capture_default_str();
    cmd->add_option("--flow", o->flow, "only this flow of the profile")->type_name("F");
    cmd->add_option("--hang-ms", o->hang_ms, "real time the platform holds a hung exchange before it drops it")
        ->type_name("MS")
        ->check(whole_number(100, 60000))
        ->capture_default_str();
    cmd->add_option("--answer-within-ms", o->answer_within_ms,
                    "while code2Session hangs, the backend must still answer its client this soon (its own timeout)")
        ->type_name("MS")
        ->check(whole_number(50, 59000))
        ->capture_default_str();
    cmd->add_option("--junit", o->junit, "write a JUnit XML report, a testcase per check")->type_name("FILE");
    cmd->add_option("--json", o->json, "write a JSON report")->type_name("FILE");
    cmd->add_option("--markdown", o->markdown, "write a Markdown report")->type_name("FILE");
    return [o] { return audit(*o); };
}

}  // namespace ls::cli
