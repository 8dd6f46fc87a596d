#include "spam/intake.h"

#include <filesystem>

#include "accounts/secrets.h"
#include "common/file.h"
#include "common/json.h"
#include "common/strings.h"
#include "spam/mime.h"

namespace concord::spam {
namespace {

std::string Summary(const SpamReport& r) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("subject").String(r.subject).Key("message_id").String(r.message_id);
  w.Key("source_found").String(r.source_found);
  w.Key("urls").BeginArray();
  for (const auto& u : r.urls) w.String(u);
  w.EndArray().Key("domains").BeginArray();
  for (const auto& d : r.domains) w.String(d);
  w.EndArray().Key("fields").BeginArray();
  for (const auto& [k, v] : r.fields) w.BeginArray().String(k).String(v).EndArray();
  w.EndArray().Key("warnings").BeginArray();
  for (const auto& warning : r.warnings) w.String(warning);
  w.EndArray().EndObject();
  return out;
}

std::string NetworkOf(Ip128 ip) {
  const int length = IsIpv4(ip) ? 96 + 24 : 64;
  const Ip128 network = ip & (~Ip128{0} << (128 - length));
  return FormatIp(network) + "/" + std::to_string(IsIpv4(ip) ? 24 : 64);
}

}  // namespace

std::vector<spam::SpamSource> SourcesOf(const SpamReport& r) {
  std::vector<spam::SpamSource> out;
  if (r.feedback_type == "not-spam") return out;
  Ip128 ip;
  if (!r.source_ip.empty() && ParseIp(r.source_ip, &ip)) {
    out.push_back({"ip", FormatIp(ip)});
    out.push_back({"network", NetworkOf(ip)});
  }
  if (!r.sender_domain.empty()) out.push_back({"domain", r.sender_domain});
  for (const std::string& host : r.domains) out.push_back({"url-host", host});
  return out;
}

Result<IntakeResult> Submit(spam::SpamStore& store, std::string_view raw,
                            const IntakeOptions& options) {
  if (raw.size() > options.max_report_bytes) {
    return Status::InvalidArgument("the report is " + std::to_string(raw.size()) +
                                   " bytes, over the limit of " +
                                   std::to_string(options.max_report_bytes) +
                                   " for one report (one message with its headers)");
  }
  ReportOptions report_options = options.report;
  if (report_options.default_reporter.empty()) report_options.default_reporter = options.submitter;
  auto report = ParseReport(raw, report_options);
  if (!report.ok()) return report.status();
  if (!options.reporter.empty()) report->reporter = options.reporter;
  spam::SpamReportRow row;
  row.fingerprint = accounts::Sha256Hex(report->reporter + "\n" + report->identity);
  row.format = report->format;
  row.feedback_type = report->feedback_type;
  row.reporter = report->reporter;
  row.submitter = options.submitter;
  row.received_at = options.now;
  row.reported_at = report->reported_at != 0 ? report->reported_at : options.now;
  row.source_ip = report->source_ip;
  row.sender_domain = report->sender_domain;
  row.summary = Summary(*report);
  row.raw = std::string(raw.substr(0, options.max_raw_bytes));
  row.raw_size = static_cast<int64_t>(raw.size());
  auto stored = store.AddReport(row, SourcesOf(*report));
  if (!stored.ok()) return stored.status();
  return IntakeResult{stored->first, stored->second, std::move(*report)};
}

Status ReadMessages(const std::string& path,
                    const std::function<void(const std::string&, std::string)>& fn) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    const bool maildir = fs::is_directory(fs::path(path) / "cur", ec) ||
                         fs::is_directory(fs::path(path) / "new", ec);
    for (const char* sub :
         maildir ? std::vector<const char*>{"cur", "new"} : std::vector<const char*>{""}) {
      const fs::path dir = fs::path(path) / sub;
      if (!fs::is_directory(dir, ec)) continue;
      for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
          files.push_back(entry.path());
        }
      }
    }
    if (ec) return Status::NotFound(path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) CONCORD_RETURN_IF_ERROR(ReadMessages(file.string(), fn));
    return Status::Ok();
  }
  auto in = InputFile::Open(path);
  if (!in.ok()) return in.status();
  const std::string_view text = in->data();
  if (text.rfind("From ", 0) == 0) {
    const std::vector<std::string> messages = SplitMbox(text);
    for (size_t i = 0; i < messages.size(); ++i) {
      fn(path + "#" + std::to_string(i + 1), messages[i]);
    }
    return Status::Ok();
  }
  fn(path, std::string(text));
  return Status::Ok();
}

Result<std::vector<std::pair<Ip128, int>>> ParseNetworks(const std::vector<std::string>& texts) {
  std::vector<std::pair<Ip128, int>> out;
  for (const std::string& text : texts) {
    Ip128 network;
    int length;
    std::string error;
    if (!ParsePrefix(TrimWhitespace(text), &network, &length, &error)) {
      return Status::InvalidArgument("trusted relay \"" + text + "\": " + error);
    }
    out.emplace_back(network, length);
  }
  return out;
}

Status LoadTrustedRelays(store::SettingsStore& settings, ReportOptions* options) {
  auto value = settings.Get(kTrustedRelaysSetting);
  if (!value.ok()) return value.status();
  if (!*value) return Status::Ok();
  auto networks = ParseNetworks(Split(**value, ',', true));
  if (!networks.ok()) return networks.status();
  options->trusted_relays.insert(options->trusted_relays.end(), networks->begin(), networks->end());
  return Status::Ok();
}

}  // namespace concord::spam
