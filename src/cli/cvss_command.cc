// concord cvss: score CVSS vectors of any version, from arguments or standard input.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "common/strings.h"
#include "cvss/report.h"

namespace concord::cli {
namespace {

struct CvssArgs {
  std::vector<std::string> vectors;
  bool json = false;
  bool keep_not_defined = false;
};

// Scores each vector as it comes, so a million lines on stdin stream through in constant memory.
class CvssPrinter {
 public:
  explicit CvssPrinter(const CvssArgs& args) : args_(args) {
    if (args_.json) std::fputs("[", stdout);
  }
  void Add(std::string_view text) {
    auto assessment = cvss::Assess(text);
    std::string out;
    if (args_.json) {
      json::Writer w(&out);
      if (assessment.ok()) {
        cvss::WriteAssessment(w, *assessment, options());
      } else {
        w.BeginObject().Key("input").String(text);
        w.Key("error").String(assessment.status().message()).EndObject();
      }
      std::fputs(count_++ ? ",\n" : "\n", stdout);
    } else if (assessment.ok()) {
      out = cvss::AssessmentText(*assessment, options());
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (!assessment.ok()) {
      ++rejected_;
      std::fprintf(stderr, "concord cvss: %.*s: %s\n", static_cast<int>(text.size()), text.data(),
                   assessment.status().message().c_str());
    }
  }
  int Finish() {
    if (args_.json) std::fputs(count_ ? "\n]\n" : "]\n", stdout);
    return rejected_ ? kExitRejected : kExitOk;
  }

 private:
  cvss::FormatOptions options() const { return {.keep_not_defined = args_.keep_not_defined}; }
  const CvssArgs& args_;
  size_t count_ = 0, rejected_ = 0;
};

int RunCvss(const CvssArgs& args) {
  CvssPrinter printer(args);
  bool from_stdin = args.vectors.empty();
  for (const std::string& v : args.vectors) {
    if (v == "-") {
      from_stdin = true;
    } else {
      printer.Add(v);
    }
  }
  if (from_stdin) {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
      std::string_view text = TrimWhitespace(line);
      if (!text.empty()) printer.Add(text);
    }
  }
  return printer.Finish();
}

}  // namespace

void AddCvssCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "cvss",
      "Score CVSS v2.0, v3.0, v3.1 and v4.0 vectors: version, scores, severity, nomenclature.\n"
      "With no VECTOR (or '-'), reads one vector per line from standard input. Exit status 1 if "
      "any vector was rejected (each is reported on stderr with its reason).");
  auto args = std::make_shared<CvssArgs>();
  cmd->add_option("vectors", args->vectors, "Vector strings, e.g. CVSS:3.1/AV:N/AC:L/...");
  cmd->add_flag("--json", args->json, "Print a JSON array, one object per vector");
  cmd->add_flag("--keep-not-defined", args->keep_not_defined,
                "Keep metrics stated as Not Defined (X, ND) in the normalised vector");
  cmd->callback([args, exit_code] { *exit_code = RunCvss(*args); });
}

}  // namespace concord::cli
