#include "match/scanner.h"

#include "common/json.h"

namespace concord::match {
namespace {

// The STIX type of a matched observation: the text a CERT analyst expects to read.
const char* StixType(const PreparedRecord::Item& item) {
  switch (item.type) {
    case ObservableType::kIp:
      return IsIpv4(item.ip) ? "ipv4-addr" : "ipv6-addr";
    case ObservableType::kDomain:
      return "domain-name";
    case ObservableType::kUrl:
      return "url";
    case ObservableType::kEmail:
      return "email-addr";
    case ObservableType::kHash:
      return "file";
  }
  return "?";
}

}  // namespace

Status ScanLog(LineReader& reader, std::string_view source, const ScanOptions& options,
               const Snapshot& snapshot, const std::function<void(const MatchEvent&)>& on_match,
               const std::function<void(size_t, const std::string&)>& on_error, ScanStats* stats) {
  std::unique_ptr<LogParser> parser;
  Record record;
  PreparedRecord prepared;
  std::vector<Snapshot::Hit> hits;
  std::string error;
  std::string_view line;
  for (;;) {
    const LineReader::Next next = reader.Read(&line);
    if (next == LineReader::Next::kEnd) break;
    if (next == LineReader::Next::kError) {
      stats->bytes += reader.bytes();
      return reader.status().WithPrefix(std::string(source));
    }
    ++stats->lines;
    if (next == LineReader::Next::kOverlong) {
      ++stats->bad_lines;
      on_error(reader.line_number(),
               "longer than " + std::to_string(reader.max_line_bytes()) + " bytes; skipped");
      continue;
    }
    if (!parser) {
      if (line.empty()) continue;
      const LogFormat format =
          options.format == LogFormat::kAuto ? DetectLogFormat(line) : options.format;
      auto created = LogParser::Create(format, options.csv_columns);
      if (!created.ok()) return created.status();
      parser = std::move(*created);
    }
    switch (parser->Parse(line, &record, &error)) {
      case LogParser::Outcome::kSkip:
        continue;
      case LogParser::Outcome::kError:
        ++stats->bad_lines;
        on_error(reader.line_number(), error);
        continue;
      case LogParser::Outcome::kRecord:
        break;
    }
    ++stats->records;
    if (record.observations.empty()) continue;
    prepared.Prepare(record);
    hits.clear();
    snapshot.Match(prepared, &hits);
    for (const auto& hit : hits) {
      ++stats->matches;
      on_match(MatchEvent{source, reader.line_number(), record, hit, &prepared});
    }
  }
  stats->bytes += reader.bytes();
  return Status::Ok();
}

void AppendMatchJson(const MatchEvent& event, std::string_view indicator_id,
                     std::string_view indicator_name, std::string* out) {
  json::Writer w(out);
  w.BeginObject();
  w.Key("indicator").BeginObject().Key("id").String(indicator_id);
  if (!indicator_name.empty()) w.Key("name").String(indicator_name);
  w.EndObject();
  w.Key("matched").BeginArray();
  for (const auto& item : event.prepared->items()) {
    if (!(event.hit.observations >> item.observation & 1)) continue;
    const Observation& o = event.record.observations[item.observation];
    w.BeginObject().Key("type").String(StixType(item));
    if (item.type == ObservableType::kHash) w.Key("hash").String(HashAlgorithmName(item.hash));
    w.Key("value").String(event.prepared->Text(item));
    w.Key("field").String(o.field).Key("log_value").String(o.value).EndObject();
  }
  w.EndArray();
  w.Key("source").String(event.source).Key("line").Int(static_cast<int64_t>(event.line));
  if (event.record.timestamp != 0) {
    w.Key("timestamp").String(FormatTimestamp(event.record.timestamp));
  }
  w.EndObject();
}

}  // namespace concord::match
