#pragma once
// Open / save / choose-folder requests, answered without blocking the UI thread: by the desktop's own
// dialog (zenity or kdialog, run as a child process whose stdout is the answer) where there is one,
// else by the in-app browser (panel_file_browser.cpp draws FileBrowser). LOGINSCOPE_FILE_PICKER=builtin
// always uses the in-app browser. No ImGui here: the browser's logic is tested without frames.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ls::gui {

enum class PickKind { OpenFile, SaveFile, Folder };

struct PickRequest {
    PickKind kind = PickKind::OpenFile;
    std::string title;      // the dialog's title, in the interface's language
    std::string start_dir;  // where the dialog starts; "" → the working directory
    std::string file_name;  // SaveFile: the proposed name
    std::string filter;     // "*.json" ("" → every file); Folder ignores it
};

// What the user chose: an absolute path, or nullopt when they cancelled.
struct PickAnswer {
    std::optional<std::string> path;
};

enum class PickerBackend { Builtin, Zenity, Kdialog };
// LOGINSCOPE_FILE_PICKER=builtin → Builtin; else zenity, then kdialog, when on PATH and a display
// (DISPLAY or WAYLAND_DISPLAY) is set; else Builtin.
PickerBackend choose_picker_backend();
// The native dialog's command line (argv[0] is `program`) for `r`: no shell, one argument each.
std::vector<std::string> native_dialog_argv(PickerBackend b, const std::string& program, const PickRequest& r);

// "name.json" matches "*.json"; "" and "*" match everything; several patterns split by ';' or ' '.
bool matches_filter(const std::string& name, const std::string& filter);

struct DirEntry {
    std::string name;
    bool is_dir = false;
    uintmax_t size = 0;  // files only
};
// The folders, then the files matching `filter` (none for Folder requests), each sorted by name
// without case; hidden (dot) entries left out. Never throws: `error` says why `dir` cannot be read.
struct DirListing {
    std::vector<DirEntry> entries;
    std::string error;
};
DirListing list_directory(const std::string& dir, const std::string& filter, bool folders_only);

// The in-app browser's state and rules (its window is panel_file_browser.cpp). The panel edits
// `path_text` and `name`, and calls the actions; an action that ends the request sets `answer`.
class FileBrowser {
public:
    // `recent`: files (or folders, for a Folder request) to offer first; missing ones are left out.
    FileBrowser(PickRequest r, const std::vector<std::string>& recent);

    const PickRequest& request() const { return request_; }
    const std::string& dir() const { return dir_; }
    const std::vector<DirEntry>& entries() const { return listing_.entries; }
    const std::vector<std::string>& recent() const { return recent_; }
    const std::string& error() const { return error_; }
    std::optional<size_t> selected() const { return selected_; }
    // A Save over an existing file waits for confirm_overwrite(); this is that file.
    const std::optional<std::string>& overwrite() const { return overwrite_; }

    std::string path_text;  // the path field: the folder listed, or what the user typed
    std::string name;       // the file-name field (Save), the selected file (Open)
    std::optional<PickAnswer> answer;

    void go(const std::string& dir);  // lists `dir`; unreadable: an empty list and error() says why
    void up();                        // the parent folder
    void select(size_t i);            // a click on entries()[i]
    void activate(size_t i);          // a double-click: a folder opens, a file is picked (Save: as the name)
    void select_recent(size_t i);     // a click on recent()[i]: its folder, and the file selected
    void activate_recent(size_t i);   // a double-click on recent()[i]
    void enter_path();                // Enter in the path field: a folder opens, a file is taken
    void accept();                    // OK (Enter)
    void confirm_overwrite(bool yes);
    void cancel();                    // Cancel (Esc)
    void note(const std::string& text);  // shown above the list until the next folder is listed
    bool focus_name = false;             // Save: the name field takes the keyboard when the window opens

private:
    void take(const std::string& path);

    PickRequest request_;
    std::vector<std::string> recent_;
    std::string dir_;
    DirListing listing_;
    std::string error_;
    std::optional<size_t> selected_;
    std::optional<std::string> overwrite_;
};

// One request at a time, by either backend. Owns the native dialog's child: cancel() and the
// destructor end it. poll() is called every frame (session.cpp) until it returns the answer.
class FilePicker {
public:
    FilePicker() = default;
    ~FilePicker();
    FilePicker(const FilePicker&) = delete;
    FilePicker& operator=(const FilePicker&) = delete;

    // Starts answering `r` (a request still open is cancelled first). A native dialog that cannot
    // start, or fails, falls back to the browser with a note saying so.
    void ask(const PickRequest& r, const std::vector<std::string>& recent, PickerBackend backend = choose_picker_backend());
    bool busy() const { return child_ != 0 || browser_ != nullptr; }
    bool native_running() const { return child_ != 0; }  // a child to poll (frame pacing wakes for it)
    const std::string& program() const { return program_; }  // "zenity" / "kdialog" while one runs
    FileBrowser* browser() { return browser_.get(); }    // the in-app browser while it answers
    // The answer once there is one; the picker is idle again after returning it.
    std::optional<PickAnswer> poll();
    void cancel();

private:
    void start_browser(const std::string& note);
    void read_child_output();
    void finish_child(int status);

    PickRequest request_;
    std::vector<std::string> recent_;
    std::string program_;  // the native dialog's name, for the fallback note
    pid_t child_ = 0;
    int out_fd_ = -1;
    std::string out_;
    std::unique_ptr<FileBrowser> browser_;
    std::optional<PickAnswer> answer_;
};

}  // namespace ls::gui
