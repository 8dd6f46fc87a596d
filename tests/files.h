#pragma once
// Whole-file reads and writes, and a shell command's output, for tests and benchmarks (no test
// framework needed).

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace concord::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// Runs a shell command; its standard output ("" when it could not be started).
inline std::string ShellOutput(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  pclose(p);
  return out;
}

}  // namespace concord::testing
