#include "directory/command_support.h"

#include <cstdio>

#include "common/file.h"

namespace concord::directory {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

int ReportEdit(const char* command, const Result<EditResult>& r) {
  if (!r.ok()) return Report(command, r.status());
  std::printf("%s %s (%s)\n", r->added ? "added" : "updated", r->team.short_name.c_str(),
              r->team.id.c_str());
  for (const auto& w : r->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  return kExitOk;
}

Result<std::string> ReadText(const std::string& path) {
  auto in = InputFile::Open(path);
  if (!in.ok()) return in.status();
  return std::string(in->data());
}

int Change(const GlobalOptions& global, const char* command, const std::string& team,
           const std::string& action, const std::function<Status(Team&)>& edit) {
  auto db = OpenDatabaseOrReport(global, command);
  if (!db) return kExitError;
  Editor editor(*db, SystemClock::Get(), CliActor());
  return ReportEdit(command, editor.Change(team, action, edit));
}

Result<std::vector<TeamEntry>> Entries(store::Database& db) {
  std::vector<std::string> problems;
  auto entries = LoadTeams(db.objects(), &problems);
  for (const auto& p : problems) std::fprintf(stderr, "skipped: %s\n", p.c_str());
  return entries;
}

}  // namespace concord::directory
