#pragma once
// Running the programs a benchmark compares: wall time, peak memory and exit status of a child.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace concord::bench {

struct RunResult {
  double seconds = 0;
  long max_rss_kib = 0;
  int exit_code = -1;
};

// Runs argv with stdin from `input` (if not empty), stdout/stderr to /dev/null.
inline RunResult Run(const std::vector<std::string>& argv, const std::string& input) {
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!input.empty()) freopen(input.c_str(), "rb", stdin);
    freopen("/dev/null", "wb", stdout);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  RunResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kib = ru.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

// Runs a shell command and returns its standard output, trailing newlines and spaces removed.
inline std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (p) pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// Waits (up to a minute) until `log_file` contains `marker` followed by a number, e.g. the port
// in "Listening on http://127.0.0.1:PORT/"; returns the number, or 0.
inline int WaitForPort(const std::string& log_file, const std::string& marker) {
  for (int i = 0; i < 600; ++i) {
    std::ifstream in(log_file);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = s.find(marker);
    if (at != std::string::npos) return std::atoi(s.c_str() + at + marker.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

}  // namespace concord::bench
