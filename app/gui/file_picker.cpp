#include "file_picker.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "i18n.hpp"

extern char** environ;

namespace ls::gui {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// The executable `program` in PATH, or "".
std::string find_program(const std::string& program) {
    const std::string path = env("PATH");
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = path.find(':', start);
        const std::string dir = path.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        struct stat st {};
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) return candidate;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

std::vector<std::string> patterns(const std::string& filter) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < filter.size()) {
        const size_t end = filter.find_first_of("; ", start);
        const std::string p = filter.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!p.empty()) out.push_back(p);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// Absolute and lexically normal, "~" for HOME, no trailing separator but on the root.
std::string normal(const std::string& path, const std::string& base) {
    std::string p = path;
    if ((p == "~" || p.rfind("~/", 0) == 0) && !env("HOME").empty()) p = env("HOME") + p.substr(1);
    fs::path full = fs::path(p).is_absolute() ? fs::path(p) : fs::path(base) / p;
    full = full.lexically_normal();
    if (!full.has_filename() && full.has_relative_path()) full = full.parent_path();
    return full.string();
}

std::string working_dir() {
    std::error_code ec;
    const fs::path p = fs::current_path(ec);
    return ec ? std::string("/") : p.string();
}

bool less_nocase(const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
}

bool is_dir(const std::string& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool exists(const std::string& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// "*.json" alone: the extension a Save adds to a name typed without one.
std::string default_extension(const std::string& filter) {
    const std::vector<std::string> p = patterns(filter);
    if (p.size() != 1 || p[0].size() < 3 || p[0].rfind("*.", 0) != 0 || p[0].find_first_of("*?[", 1) != std::string::npos) return {};
    return p[0].substr(1);
}

}  // namespace

PickerBackend choose_picker_backend() {
    const std::string forced = env("LOGINSCOPE_FILE_PICKER");
    if (forced == "builtin") return PickerBackend::Builtin;
    if (env("DISPLAY").empty() && env("WAYLAND_DISPLAY").empty()) return PickerBackend::Builtin;
    const bool kde = env("XDG_CURRENT_DESKTOP").find("KDE") != std::string::npos;
    const bool zenity = !find_program("zenity").empty(), kdialog = !find_program("kdialog").empty();
    if (forced == "kdialog" && kdialog) return PickerBackend::Kdialog;
    if (forced == "zenity" && zenity) return PickerBackend::Zenity;
    if (kde && kdialog) return PickerBackend::Kdialog;
    if (zenity) return PickerBackend::Zenity;
    if (kdialog) return PickerBackend::Kdialog;
    return PickerBackend::Builtin;
}

std::vector<std::string> native_dialog_argv(PickerBackend b, const std::string& program, const PickRequest& r) {
    const std::string dir = normal(r.start_dir.empty() ? working_dir() : r.start_dir, working_dir());
    const std::string in_dir = dir == "/" ? dir : dir + "/";
    const std::vector<std::string> filter = r.kind == PickKind::Folder ? std::vector<std::string>{} : patterns(r.filter);
    std::vector<std::string> argv = {program};
    if (b == PickerBackend::Kdialog) {
        argv.insert(argv.end(), {"--title", r.title});
        if (r.kind == PickKind::OpenFile) argv.insert(argv.end(), {"--getopenfilename", in_dir});
        if (r.kind == PickKind::SaveFile) argv.insert(argv.end(), {"--getsavefilename", in_dir + r.file_name});
        if (r.kind == PickKind::Folder) argv.insert(argv.end(), {"--getexistingdirectory", dir});
        if (!filter.empty()) argv.push_back(joined(filter, " "));
        return argv;
    }
    argv.insert(argv.end(), {"--file-selection", "--title=" + r.title});
    if (r.kind == PickKind::SaveFile) argv.insert(argv.end(), {"--save", "--confirm-overwrite"});
    if (r.kind == PickKind::Folder) argv.push_back("--directory");
    argv.push_back("--filename=" + in_dir + (r.kind == PickKind::SaveFile ? r.file_name : ""));
    if (!filter.empty()) argv.insert(argv.end(), {"--file-filter=" + joined(filter, " "), "--file-filter=*"});
    return argv;
}

bool matches_filter(const std::string& name, const std::string& filter) {
    const std::vector<std::string> p = patterns(filter);
    if (p.empty()) return true;
    return std::any_of(p.begin(), p.end(), [&](const std::string& pat) { return fnmatch(pat.c_str(), name.c_str(), FNM_CASEFOLD) == 0; });
}

DirListing list_directory(const std::string& dir, const std::string& filter, bool folders_only) {
    DirListing out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    const fs::directory_iterator end;
    while (!ec && it != end) {
        const std::string name = it->path().filename().string();
        std::error_code entry_ec;
        const bool folder = it->is_directory(entry_ec);  // follows links: a link to a folder is a folder
        if (!name.empty() && name[0] != '.' && (folder || (!folders_only && matches_filter(name, filter)))) {
            DirEntry e{name, folder, 0};
            if (!folder) {
                const uintmax_t size = it->file_size(entry_ec);
                e.size = entry_ec ? 0 : size;
            }
            out.entries.push_back(std::move(e));
        }
        it.increment(ec);
    }
    if (ec) out.error = trf("Cannot read %s: %s", dir.c_str(), ec.message().c_str());
    std::sort(out.entries.begin(), out.entries.end(), [](const DirEntry& a, const DirEntry& b) {
        if (a.is_dir != b.is_dir) return a.is_dir;
        return less_nocase(a.name, b.name);
    });
    return out;
}

// ---- the in-app browser ----------------------------------------------------------------------

FileBrowser::FileBrowser(PickRequest r, const std::vector<std::string>& recent) : request_(std::move(r)) {
    const bool folders = request_.kind == PickKind::Folder;
    for (const std::string& p : recent) {
        std::error_code ec;
        if (folders ? fs::is_directory(p, ec) : fs::is_regular_file(p, ec)) recent_.push_back(p);
    }
    if (request_.kind == PickKind::SaveFile) {
        name = request_.file_name;
        focus_name = true;
    }
    go(request_.start_dir.empty() ? working_dir() : request_.start_dir);
}

void FileBrowser::go(const std::string& d) {
    dir_ = normal(d, dir_.empty() ? working_dir() : dir_);
    listing_ = list_directory(dir_, request_.filter, request_.kind == PickKind::Folder);
    error_ = listing_.error;
    path_text = dir_;
    selected_.reset();
    overwrite_.reset();
    if (request_.kind == PickKind::OpenFile) name.clear();
}

void FileBrowser::up() { go(fs::path(dir_).parent_path().string()); }

void FileBrowser::select(size_t i) {
    if (i >= entries().size()) return;
    selected_ = i;
    overwrite_.reset();
    if (!entries()[i].is_dir) name = entries()[i].name;
}

void FileBrowser::activate(size_t i) {
    if (i >= entries().size()) return;
    const DirEntry e = entries()[i];
    if (e.is_dir) return go((fs::path(dir_) / e.name).string());
    name = e.name;
    selected_.reset();
    accept();
}

void FileBrowser::select_recent(size_t i) {
    if (i >= recent_.size()) return;
    const fs::path p = recent_[i];
    if (request_.kind == PickKind::Folder) return go(p.string());
    go(p.parent_path().string());
    for (size_t k = 0; k < entries().size(); ++k)
        if (entries()[k].name == p.filename().string()) select(k);
    name = p.filename().string();
}

void FileBrowser::activate_recent(size_t i) {
    if (i >= recent_.size()) return;
    select_recent(i);
    if (request_.kind == PickKind::Folder) return take(recent_[i]);
    selected_.reset();
    accept();
}

void FileBrowser::enter_path() {
    const std::string p = normal(path_text, dir_);
    if (is_dir(p)) return go(p);
    const fs::path file(p);
    if (request_.kind == PickKind::Folder || !is_dir(file.parent_path().string()) ||
        (request_.kind == PickKind::OpenFile && !exists(p)))
        return note(trf("No such file or folder: %s", p.c_str()));
    go(file.parent_path().string());
    name = file.filename().string();
    accept();
}

void FileBrowser::accept() {
    overwrite_.reset();
    if (selected_ && *selected_ < entries().size()) {
        const DirEntry& e = entries()[*selected_];
        const std::string path = (fs::path(dir_) / e.name).string();
        if (request_.kind == PickKind::Folder) return take(path);
        if (e.is_dir) return go(path);
    }
    if (request_.kind == PickKind::Folder) {
        if (!is_dir(dir_)) return note(trf("No such folder: %s", dir_.c_str()));
        return take(dir_);
    }
    if (name.empty()) return note(request_.kind == PickKind::SaveFile ? tr("Type a file name") : tr("Choose a file"));
    std::string path = normal(name, dir_);
    if (is_dir(path)) return go(path);
    if (request_.kind == PickKind::OpenFile) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) return note(trf("No such file: %s", path.c_str()));
        return take(path);
    }
    if (fs::path(path).extension().empty()) path += default_extension(request_.filter);
    if (!is_dir(fs::path(path).parent_path().string()))
        return note(trf("No such folder: %s", fs::path(path).parent_path().string().c_str()));
    if (exists(path)) {
        overwrite_ = path;
        return;
    }
    take(path);
}

void FileBrowser::confirm_overwrite(bool yes) {
    if (!overwrite_) return;
    if (yes) return take(*overwrite_);
    overwrite_.reset();
}

void FileBrowser::cancel() { answer = PickAnswer{}; }

void FileBrowser::note(const std::string& text) { error_ = text; }

void FileBrowser::take(const std::string& path) { answer = PickAnswer{normal(path, dir_)}; }

// ---- one request, by either backend --------------------------------------------------------

FilePicker::~FilePicker() { cancel(); }

void FilePicker::ask(const PickRequest& r, const std::vector<std::string>& recent, PickerBackend backend) {
    cancel();
    answer_.reset();
    request_ = r;
    recent_ = recent;
    if (backend == PickerBackend::Builtin) return start_browser("");
    program_ = backend == PickerBackend::Zenity ? "zenity" : "kdialog";
    const std::string exe = find_program(program_);
    if (exe.empty()) return start_browser(trf("%s is not on PATH: the built-in browser instead", program_.c_str()));
    std::vector<std::string> args = native_dialog_argv(backend, exe, r);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return start_browser(trf("cannot start %s (%s): the built-in browser instead", program_.c_str(), std::strerror(errno)));
    // The dialog's stdout is the answer; its stdin and stderr (GTK's warnings) are /dev/null.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return start_browser(trf("cannot start %s (%s): the built-in browser instead", program_.c_str(), std::strerror(rc)));
    }
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    child_ = pid;
    out_fd_ = fds[0];
    out_.clear();
}

void FilePicker::start_browser(const std::string& note) {
    program_.clear();
    browser_ = std::make_unique<FileBrowser>(request_, recent_);
    if (!note.empty()) browser_->note(browser_->error().empty() ? note : note + "\n" + browser_->error());
}

void FilePicker::read_child_output() {
    char buf[4096];
    for (;;) {
        const ssize_t n = read(out_fd_, buf, sizeof buf);
        if (n > 0) {
            out_.append(buf, size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // EOF or EAGAIN
    }
}

// zenity and kdialog: exit 0 and the path on stdout, exit 1 when cancelled; anything else failed.
void FilePicker::finish_child(int status) {
    read_child_output();
    close(out_fd_);
    out_fd_ = -1;
    child_ = 0;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0 || code == 1) {
        std::string path = code == 0 ? out_.substr(0, out_.find('\n')) : "";
        answer_ = path.empty() ? PickAnswer{} : PickAnswer{path};
        program_.clear();
        return;
    }
    start_browser(WIFSIGNALED(status) ? trf("%s ended by signal %d: the built-in browser instead", program_.c_str(), WTERMSIG(status))
                                      : trf("%s ended with exit status %d: the built-in browser instead", program_.c_str(), code));
}

std::optional<PickAnswer> FilePicker::poll() {
    if (child_) {
        read_child_output();
        int status = 0;
        const pid_t r = waitpid(child_, &status, WNOHANG);
        if (r == child_) {
            finish_child(status);
        } else if (r < 0 && errno != EINTR) {  // not our child any more (reaped elsewhere)
            const std::string why = trf("lost %s: the built-in browser instead", program_.c_str());
            close(out_fd_);
            out_fd_ = -1;
            child_ = 0;
            start_browser(why);
        }
    }
    if (browser_ && browser_->answer) {
        answer_ = browser_->answer;
        browser_.reset();
    }
    std::optional<PickAnswer> out = std::move(answer_);
    answer_.reset();
    return out;
}

void FilePicker::cancel() {
    if (child_) {
        kill(child_, SIGKILL);  // a file dialog has nothing to save
        int status = 0;
        while (waitpid(child_, &status, 0) < 0 && errno == EINTR) {
        }
        child_ = 0;
    }
    if (out_fd_ >= 0) close(out_fd_);
    out_fd_ = -1;
    program_.clear();
    browser_.reset();
}

}  // namespace ls::gui
