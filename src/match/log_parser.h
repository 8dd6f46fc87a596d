#pragma once
// Turning log lines into Records of observations. One parser per input format:
//  - text:  any line; IPv4/IPv6 addresses, domains, URLs (and their hosts), e-mail addresses and
//           hex digests of MD5/SHA-1/SHA-256/SHA-512 length are picked out of the words.
//  - json:  JSON lines. Suricata EVE and Zeek JSON field names are mapped with their meaning
//           (src_ip is a source address, http.hostname + http.url a URL, ...); every other
//           string value is read as text, so a proxy log in JSON is still covered.
//  - zeek:  Zeek TSV logs, reading the #separator/#set_separator/#fields headers (conn, dns,
//           http, ssl, files, smtp, and any log whose columns use those names).
//  - csv:   RFC 4180 CSV with a header row; columns are mapped by name or number
//           ("dst=ip:dst,query=domain,time=timestamp"), unmapped columns are read as text.
// A parser is used by one thread; views it hands out live until its next Parse().

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "match/indicator_set.h"

namespace concord::match {

enum class LogFormat { kAuto, kText, kJson, kZeek, kCsv };
Result<LogFormat> ParseLogFormat(std::string_view name);  // "auto", "text", "json", ...
const char* LogFormatName(LogFormat f);
// The format of a log whose first non-empty line is `first_line`.
LogFormat DetectLogFormat(std::string_view first_line);

// Adds the observables found in free text to `record` (field name `field`).
void ExtractFromText(std::string_view text, std::string_view field, Record* record);

class LogParser {
 public:
  enum class Outcome { kRecord, kSkip, kError };
  // `csv_columns`: the CSV mapping (empty: every column read as text).
  static Result<std::unique_ptr<LogParser>> Create(LogFormat format,
                                                   std::string_view csv_columns = "");
  virtual ~LogParser() = default;
  // kRecord: `*record` holds the line's observations. kSkip: a header, comment or blank line.
  // kError: `*error` says what is wrong with the line.
  virtual Outcome Parse(std::string_view line, Record* record, std::string* error) = 0;
};

}  // namespace concord::match
