#pragma once
// Scanning one log input against a Snapshot: lines -> records -> matches. Shared by
// `concord match` and POST /api/v1/match. Bad lines are reported with their number and skipped;
// the scan goes on.

#include <functional>
#include <string>
#include <string_view>

#include "match/engine.h"
#include "match/line_reader.h"
#include "match/log_parser.h"

namespace concord::match {

struct ScanOptions {
  LogFormat format = LogFormat::kAuto;
  std::string csv_columns;
};

struct ScanStats {
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t matches = 0;
  uint64_t bad_lines = 0;
  uint64_t bytes = 0;
};

struct MatchEvent {
  std::string_view source;  // file name, "-" or "request"
  size_t line;
  const Record& record;
  const Snapshot::Hit& hit;
  const PreparedRecord* prepared;  // the record's normalised observations
};

// Reads `reader` to its end. `on_error(line, message)` gets each skipped line. The Status is an
// error only when the input itself cannot be read (I/O, corrupt compression, bad CSV mapping).
Status ScanLog(LineReader& reader, std::string_view source, const ScanOptions& options,
               const Snapshot& snapshot, const std::function<void(const MatchEvent&)>& on_match,
               const std::function<void(size_t, const std::string&)>& on_error, ScanStats* stats);

// One match as a JSON object (without a newline): the indicator, what matched, and where.
void AppendMatchJson(const MatchEvent& event, std::string_view indicator_id,
                     std::string_view indicator_name, std::string* out);

}  // namespace concord::match
