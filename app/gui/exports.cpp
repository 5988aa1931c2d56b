#include "exports.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loginscope/scenario.hpp"

namespace ls::gui {

std::string journal_export_path(const std::string& dir) { return dir + "/journal.json"; }
std::string har_export_path(const std::string& dir) { return dir + "/traffic.har"; }
std::string walkthrough_export_dir(const std::string& dir) { return dir + "/walkthrough"; }

namespace {
void make_parent(const std::string& path) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw std::runtime_error(parent.string() + ": cannot be created (" + ec.message() + ")");
}

std::string self_exe() {
    char buf[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, size_t(n)) : std::string();
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The last non-empty line of a log: what the child said last (its error, usually).
std::string last_line(const std::string& log) {
    size_t end = log.find_last_not_of("\r\n ");
    if (end == std::string::npos) return {};
    const size_t start = log.rfind('\n', end);
    return log.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start == std::string::npos ? 0 : start + 1));
}

void finish(ExportState& x, int status) {
    const std::string log = read_all(x.child_log);
    std::remove(x.child_log.c_str());
    x.child = 0;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && std::filesystem::exists(x.child_out);
    x.failed = !ok;
    x.message = ok ? "wrote " + x.child_out : "walkthrough failed: " + last_line(log);
}
}  // namespace

void export_journal(const std::vector<Event>& events, const std::string& path) {
    make_parent(path);
    write_file_atomically(path, journal_to_json(events) + "\n");
}

void export_har(const std::vector<Event>& events, const std::string& title, const std::string& path) {
    ScenarioResult session;
    session.name = title;
    session.events = events;
    make_parent(path);
    write_file_atomically(path, har_report({session}) + "\n");
}

bool start_walkthrough(ExportState& x, const std::string& scenario_file, const std::string& dir) {
    if (x.busy()) return false;
    const std::string program = x.program.empty() ? self_exe() : x.program;
    if (access(program.c_str(), X_OK) != 0) {  // said in words here; the child can only name the errno
        x.failed = true;
        x.message = "walkthrough failed: cannot run " + program + ": " + std::strerror(errno);
        return false;
    }
    x.child_log = (std::filesystem::temp_directory_path() / ("loginscope-walkthrough-" + std::to_string(getpid()) + ".log")).string();
    x.child_out = dir + "/walkthrough.md";
    std::vector<std::string> args = {program, "screenshot", "--scenario", scenario_file, "--walkthrough", dir};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child of a threaded process only calls async-signal-safe functions: its message is made now.
    const std::string cannot_run = "cannot run " + program + ": ";
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        x.failed = true;
        x.message = std::string("walkthrough: cannot start a process (") + std::strerror(errno) + ")";
        return false;
    }
    if (pid == 0) {
        const int fd = open(x.child_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execv(argv[0], argv.data());
        const char* why = strerrorname_np(errno);  // "ENOENT": a table lookup, safe here (strerror is not)
        for (const char* piece : {cannot_run.c_str(), why ? why : "exec failed", "\n"})
            if (write(2, piece, std::strlen(piece)) < 0) break;
        _exit(2);
    }
    x.child = pid;
    x.failed = false;
    x.message = "rendering the walkthrough…";
    return true;
}

void poll_walkthrough(ExportState& x) {
    if (!x.child) return;
    int status = 0;
    if (waitpid(x.child, &status, WNOHANG) == x.child) finish(x, status);
}

bool wait_walkthrough(ExportState& x) {
    if (x.child) {
        int status = 0;
        if (waitpid(x.child, &status, 0) == x.child) finish(x, status);
    }
    return !x.failed;
}

}  // namespace ls::gui
