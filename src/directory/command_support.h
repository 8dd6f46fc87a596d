#pragma once
// What the directory's commands share: applying an edit through the Editor and printing its
// result, reading a file, loading the teams. Internal to the directory module's commands.

#include <functional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "directory/editor.h"

namespace concord::directory {

// Prints "added|updated NAME (ID)" and the warnings, or the error; returns the exit status.
int ReportEdit(const char* command, const Result<EditResult>& r);
Result<std::string> ReadText(const std::string& path);
// Opens the database and applies `edit` to team `team` as one audited change.
int Change(const cli::GlobalOptions& global, const char* command, const std::string& team,
           const std::string& action, const std::function<Status(Team&)>& edit);
// Every team in the store; the ones that do not load are reported on stderr and skipped.
Result<std::vector<TeamEntry>> Entries(store::Database& db);

}  // namespace concord::directory
