#pragma once
// The `loginscope` binary run as a user runs it, for the core tests that drive the CLI: a scratch
// directory and one run with stdout and stderr captured.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace ls::test {

inline const std::string kBin = LOGINSCOPE_BIN;

// A fresh directory under the system temp dir, removed with everything in it.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& prefix = "loginscope-cli") {
        std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        REQUIRE(mkdtemp(tmpl.data()));
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(path / name) << content;
        return file(name);
    }
};

inline std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Ran {
    int status = -1;
    std::string out, err;
};

// Runs the binary with `args` (already shell-quoted), capturing stdout and stderr; 60 s at most.
inline Ran run(const TempDir& d, const std::string& args) {
    REQUIRE(std::filesystem::exists(kBin));
    const std::string out = d.file("stdout.txt"), err = d.file("stderr.txt");
    const std::string cmd = "timeout 60 '" + kBin + "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int rc = std::system(cmd.c_str());
    Ran r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace ls::test
