#pragma once
// Exports from the GUI, into one folder: the journal as JSON, the HTTP traffic as HAR 1.2, and the
// Markdown walkthrough (a child `loginscope screenshot --walkthrough`, which renders every step of
// the session's scenario offscreen while the window stays responsive). Files are written atomically.
#include <string>
#include <vector>

#include <sys/types.h>

#include "loginscope/journal.hpp"

namespace ls::gui {

std::string journal_export_path(const std::string& dir);   // dir/journal.json
std::string har_export_path(const std::string& dir);       // dir/traffic.har
std::string walkthrough_export_dir(const std::string& dir);  // dir/walkthrough

// Both throw std::runtime_error naming the file when it cannot be written.
void export_journal(const std::vector<Event>& events, const std::string& path);
void export_har(const std::vector<Event>& events, const std::string& title, const std::string& path);

struct ExportState {
    std::string message;  // the last export's result, for the Scenario tab
    bool failed = false;
    // The walkthrough's child process: 0 when none runs.
    pid_t child = 0;
    std::string child_log;  // its stdout and stderr
    std::string child_out;  // the walkthrough.md it writes
    // The loginscope executable the child runs; "" → this process's own (tests set it).
    std::string program;

    bool busy() const { return child != 0; }
};

// Starts `program screenshot --scenario FILE --walkthrough DIR`; false (and the message) when it
// cannot start.
bool start_walkthrough(ExportState& x, const std::string& scenario_file, const std::string& dir);
// Called every frame: notes the child's end and its outcome.
void poll_walkthrough(ExportState& x);
// Waits for a running child (tests, shutdown); true when it succeeded.
bool wait_walkthrough(ExportState& x);

}  // namespace ls::gui
