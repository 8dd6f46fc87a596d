// The README cannot lie: every example marked `<!-- example -->` in README.md is run, in order,
// in one fresh workspace (a new node: the `data/` of the repository and the `build/` of this
// build, `concord` on the PATH), and its output must be the output block that follows it.
//
//   <!-- example -->                         a command block and the output it prints
//   <!-- example: serve until TEXT -->       a server: stopped with SIGINT once a line of its
//                                            output contains TEXT, then compared
//
// In an expected line, `…` stands for any text; a line that is only `...` for any number of
// lines. Standard output is compared first, then standard error.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "tests/test_util.h"

namespace concord {
namespace {

struct Example {
  int line = 0;  // of the marker in README.md
  std::string commands, expected, serve_until;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CSV's CRLF reads as a terminal shows it
    out.push_back(line);
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::vector<Example> ReadExamples(const std::string& readme) {
  std::vector<Example> examples;
  const std::vector<std::string> lines = Lines(readme);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("<!-- example", 0) != 0) continue;
    Example e;
    e.line = static_cast<int>(i) + 1;
    const std::string marker = lines[i];
    const size_t until = marker.find("serve until ");
    if (until != std::string::npos) {
      e.serve_until = marker.substr(until + 12, marker.rfind(" -->") - until - 12);
      if (e.serve_until.size() >= 2 && e.serve_until.front() == '"') {
        e.serve_until = e.serve_until.substr(1, e.serve_until.size() - 2);
      }
    }
    // The next two fenced blocks: the commands, then the output.
    std::string* into[] = {&e.commands, &e.expected};
    size_t j = i + 1;
    for (std::string* block : into) {
      while (j < lines.size() && lines[j].rfind("```", 0) != 0) ++j;
      for (++j; j < lines.size() && lines[j].rfind("```", 0) != 0; ++j) *block += lines[j] + "\n";
      ++j;
    }
    examples.push_back(e);
    i = j - 1;
  }
  return examples;
}

// Whether `line` matches `pattern`, where `…` stands for any text.
bool LineMatches(const std::string& pattern, const std::string& line) {
  static const std::string kAny = "…";
  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    const size_t at = pattern.find(kAny, start);
    pieces.push_back(pattern.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) break;
    start = at + kAny.size();
  }
  if (pieces.size() == 1) return pattern == line;
  if (line.rfind(pieces.front(), 0) != 0) return false;
  size_t pos = pieces.front().size();
  for (size_t k = 1; k + 1 < pieces.size(); ++k) {
    pos = line.find(pieces[k], pos);
    if (pos == std::string::npos) return false;
    pos += pieces[k].size();
  }
  const std::string& last = pieces.back();
  return line.size() >= pos + last.size() &&
         line.compare(line.size() - last.size(), last.size(), last) == 0;
}

bool OutputMatches(const std::vector<std::string>& want, size_t w,
                   const std::vector<std::string>& got, size_t g) {
  if (w == want.size()) return g == got.size();
  if (want[w] == "...") {
    for (size_t skip = g; skip <= got.size(); ++skip) {
      if (OutputMatches(want, w + 1, got, skip)) return true;
    }
    return false;
  }
  return g < got.size() && LineMatches(want[w], got[g]) && OutputMatches(want, w + 1, got, g + 1);
}

class ReadmeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path binary(CONCORD_BINARY);
    std::filesystem::create_directory_symlink(std::string(CONCORD_SOURCE_DIR) + "/data",
                                              dir_.path() / "data");
    std::filesystem::create_directory_symlink(binary.parent_path(), dir_.path() / "build");
    path_ = binary.parent_path().string() + ":" + getenv("PATH");
  }

  // Runs `commands` with sh in the workspace; returns stdout then stderr.
  std::string Run(const Example& e) {
    const std::string out = dir_.File(".out"), err = dir_.File(".err");
    const pid_t pid = fork();
    if (pid == 0) {
      if (chdir(dir_.path().c_str()) != 0) _exit(127);
      setenv("PATH", path_.c_str(), 1);
      setenv("TZ", "UTC", 1);
      if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) _exit(127);
      const std::string script = e.serve_until.empty() ? e.commands : "exec " + e.commands;
      execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    if (!e.serve_until.empty()) {
      // A server: wait (at most 60 s) for its line, then stop it as Ctrl-C would.
      for (int i = 0; i < 600; ++i) {
        if (testing::ReadFile(out).find(e.serve_until) != std::string::npos) break;
        usleep(100'000);
      }
      kill(pid, SIGINT);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return testing::ReadFile(out) + testing::ReadFile(err);
  }

  testing::TempDir dir_;
  std::string path_;
};

TEST_F(ReadmeTest, EveryMarkedExamplePrintsWhatTheReadmeShows) {
  const std::vector<Example> examples =
      ReadExamples(testing::ReadFile(std::string(CONCORD_SOURCE_DIR) + "/README.md"));
  ASSERT_GE(examples.size(), 5u) << "README.md should mark its examples with <!-- example -->";
  for (const Example& e : examples) {
    const std::string got = Run(e);
    EXPECT_TRUE(OutputMatches(Lines(e.expected), 0, Lines(got), 0))
        << "README.md:" << e.line << ": the example\n"
        << e.commands << "printed\n"
        << got << "but the README shows\n"
        << e.expected;
  }
}

TEST(ReadmeMatcher, WildcardsMatchWhatTheySay) {
  EXPECT_TRUE(LineMatches("token: concord_…", "token: concord_abc"));
  EXPECT_FALSE(LineMatches("token: concord_…", "token: other"));
  EXPECT_TRUE(LineMatches("a … b … c", "a 1 b 2 c"));
  EXPECT_FALSE(LineMatches("a … c", "a 1 b"));
  EXPECT_TRUE(OutputMatches({"x", "...", "z"}, 0, {"x", "1", "2", "z"}, 0));
  EXPECT_TRUE(OutputMatches({"x", "...", "z"}, 0, {"x", "z"}, 0));
  EXPECT_FALSE(OutputMatches({"x", "...", "z"}, 0, {"x", "1"}, 0));
  EXPECT_FALSE(OutputMatches({"x"}, 0, {"x", "extra"}, 0));
}

}  // namespace
}  // namespace concord
