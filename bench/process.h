#pragma once
// Running the programs a benchmark compares: wall time, peak memory and exit status of a child.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
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

}  // namespace concord::bench
