#pragma once
// Whole-file reads and writes for tests and benchmarks (no test framework needed).

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

}  // namespace concord::testing
