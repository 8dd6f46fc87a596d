#pragma once
// Helpers for tests: temporary directories, running the real `concord` binary, and locating
// test data (the repository's data/demo always; ../shared/data only when it is present).

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/files.h"

namespace concord::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "concord-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `concord` with `args`; stdin from `stdin_file` when given.
inline CommandResult RunConcord(const std::vector<std::string>& args,
                                const std::string& stdin_file = "") {
  TempDir io;
  std::string out_path = io.File("out"), err_path = io.File("err");
  std::fflush(nullptr);  // else the child's freopen writes the test's buffered output again
  pid_t pid = fork();
  if (pid == 0) {
    if (!stdin_file.empty() && !freopen(stdin_file.c_str(), "rb", stdin)) _exit(126);
    if (!freopen(out_path.c_str(), "wb", stdout) || !freopen(err_path.c_str(), "wb", stderr)) {
      _exit(126);
    }
    std::vector<char*> argv{const_cast<char*>(CONCORD_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CONCORD_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

// `concord --db DB ARGS...`.
inline CommandResult RunConcordOn(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db});
  return RunConcord(args);
}
// The same, expecting success: its stdout (a failure is reported with its stderr).
inline std::string RunConcordOk(const std::string& db, std::vector<std::string> args) {
  CommandResult r = RunConcordOn(db, std::move(args));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// A file holding `token` (mode 0600), for `peer add --token-file`: secrets never go on a
// command line. Files live in one temporary directory per test process.
inline std::string TokenFile(const std::string& token) {
  static TempDir dir;
  static int n = 0;
  const std::string path = dir.File("token-" + std::to_string(++n));
  WriteFile(path, token + "\n");
  return path;
}

inline std::string DemoDir() { return std::string(CONCORD_SOURCE_DIR) + "/data/demo"; }

// ../shared/data beside the checkout, or empty when it is not there.
inline std::string SharedDataDir() {
  auto dir = std::filesystem::path(CONCORD_SOURCE_DIR).parent_path() / "shared" / "data";
  return std::filesystem::is_directory(dir) ? dir.string() : std::string();
}

// Every *.json under `dir` (sorted).
inline std::vector<std::string> JsonFiles(const std::string& dir) {
  std::vector<std::string> files;
  if (dir.empty() || !std::filesystem::is_directory(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The STIX bundles tests run on: the shared real data when present, else the demo copy.
inline std::vector<std::string> StixBundles() {
  std::string shared = SharedDataDir();
  if (!shared.empty()) return JsonFiles(shared + "/stix");
  return JsonFiles(DemoDir());
}

// A `concord serve` process on a free loopback port, killed when this object dies.
class ServerProcess {
 public:
  // `args` follow "serve"; "--listen 127.0.0.1:0" is added. Waits until it prints its URL.
  ServerProcess(const std::string& db, const std::vector<std::string>& args,
                const std::string& stdout_file)
      : out_(stdout_file) {
    std::fflush(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen(out_.c_str(), "wb", stdout)) _exit(126);
      std::vector<std::string> all = {CONCORD_BINARY, "--db",     db,
                                      "serve",        "--listen", "127.0.0.1:0"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(CONCORD_BINARY, argv.data());
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      std::string out = ReadFile(out_);
      size_t p = out.find("://127.0.0.1:");
      if (p != std::string::npos) port_ = std::atoi(out.c_str() + p + 13);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string output() const { return ReadFile(out_); }
  // Waits up to `seconds` for the process to exit; its exit status, or -1 if still running.
  int WaitExit(int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  std::string out_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace concord::testing
