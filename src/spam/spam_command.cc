// concord spam: take abuse reports in (ARF, X-ARF, plain spam: files, mboxes, maildirs), see
// the reports and the sources' reputation, configure it, and share the listings with peers.
#include <cstdio>
#include <memory>

#include "common/json.h"
#include "common/strings.h"
#include "sharing/policy.h"
#include "spam/intake.h"
#include "spam/module.h"
#include "spam/reputation.h"
#include "spam/share.h"
#include "spam/store.h"

namespace concord::spam {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

struct ReportArgs {
  std::vector<std::string> files;
  std::vector<std::string> trusted_relays;
  std::string reporter;
  size_t max_raw_bytes = 256u << 10;
};

int SubmitFiles(store::Database& db, const ReportArgs& args) {
  spam::IntakeOptions options;
  options.submitter = CliActor();
  options.max_raw_bytes = args.max_raw_bytes;
  options.report.default_reporter = args.reporter;
  Status st = spam::LoadTrustedRelays(db.settings(), &options.report);
  if (!st.ok()) return Report("spam report", st);
  auto relays = spam::ParseNetworks(args.trusted_relays);
  if (!relays.ok()) return Report("spam report", relays.status());
  options.report.trusted_relays.insert(options.report.trusted_relays.end(), relays->begin(),
                                       relays->end());
  size_t added = 0, duplicates = 0, rejected = 0;
  bool io_error = false;
  for (const std::string& file : args.files) {
    st = spam::ReadMessages(file, [&](const std::string& name, std::string text) {
      options.now = SystemClock::Get().Now();
      auto result = spam::Submit(db.Get<spam::SpamStore>(), text, options);
      if (!result.ok()) {
        ++rejected;
        std::printf("%s: rejected: %s\n", name.c_str(), result.status().message().c_str());
        return;
      }
      const spam::SpamReport& r = result->report;
      if (!result->added) {
        ++duplicates;
        std::printf("%s: duplicate of report %lld\n", name.c_str(),
                    static_cast<long long>(result->id));
        return;
      }
      ++added;
      std::printf("%s: report %lld (%s %s) from %s: source %s%s%s, sender domain %s, %zu URLs\n",
                  name.c_str(), static_cast<long long>(result->id), r.format.c_str(),
                  r.feedback_type.c_str(), r.reporter.empty() ? "?" : r.reporter.c_str(),
                  r.source_ip.empty() ? "unknown" : r.source_ip.c_str(),
                  r.source_found.empty() ? "" : " via ", r.source_found.c_str(),
                  r.sender_domain.empty() ? "unknown" : r.sender_domain.c_str(), r.urls.size());
      for (const std::string& warning : r.warnings) {
        std::printf("%s: warning: %s\n", name.c_str(), warning.c_str());
      }
    });
    if (!st.ok()) {
      io_error = true;
      std::fprintf(stderr, "concord spam report: %s\n", st.message().c_str());
    }
  }
  std::printf("%zu stored, %zu duplicates, %zu rejected\n", added, duplicates, rejected);
  if (io_error) return kExitError;
  return rejected ? kExitRejected : kExitOk;
}

std::string Day(Micros t) { return FormatTimestamp(t).substr(0, 16); }

int ListReports(store::Database& db, size_t limit) {
  auto reports = db.Get<spam::SpamStore>().ListReports(limit);
  if (!reports.ok()) return Report("spam list", reports.status());
  for (const auto& r : *reports) {
    std::printf("%6lld  %s  %-9s %-12s %-15s %-24s %s\n", static_cast<long long>(r.id),
                Day(r.reported_at).c_str(), r.format.c_str(), r.feedback_type.c_str(),
                r.source_ip.empty() ? "-" : r.source_ip.c_str(),
                r.sender_domain.empty() ? "-" : r.sender_domain.c_str(), r.reporter.c_str());
  }
  return kExitOk;
}

int ShowReport(store::Database& db, int64_t id, bool raw) {
  auto report = db.Get<spam::SpamStore>().GetReport(id);
  if (!report.ok()) return Report("spam show", report.status());
  if (!report->has_value())
    return Report("spam show", Status::NotFound("no report " + std::to_string(id)));
  const spam::SpamReportRow& r = **report;
  if (raw) {
    std::fwrite(r.raw.data(), 1, r.raw.size(), stdout);
    return kExitOk;
  }
  std::printf("report %lld: %s %s\n  reporter %s (submitted by %s)\n  reported %s, received %s\n",
              static_cast<long long>(r.id), r.format.c_str(), r.feedback_type.c_str(),
              r.reporter.c_str(), r.submitter.c_str(), FormatTimestamp(r.reported_at).c_str(),
              FormatTimestamp(r.received_at).c_str());
  std::printf("  source %s, sender domain %s, %lld bytes%s\n  %s\n",
              r.source_ip.empty() ? "unknown" : r.source_ip.c_str(),
              r.sender_domain.empty() ? "unknown" : r.sender_domain.c_str(),
              static_cast<long long>(r.raw_size),
              static_cast<int64_t>(r.raw.size()) < r.raw_size ? " (kept in part)" : "",
              r.summary.c_str());
  return kExitOk;
}

int ShowReputation(store::Database& db, bool listed_only, const std::string& kind, bool as_json) {
  auto config = spam::LoadReputationConfig(db.settings());
  if (!config.ok()) return Report("spam reputation", config.status());
  auto all = spam::ComputeReputation(db.Get<spam::SpamStore>(), *config, SystemClock::Get().Now());
  if (!all.ok()) return Report("spam reputation", all.status());
  std::string out;
  json::Writer w(&out);
  if (as_json) w.BeginArray();
  for (const spam::SourceReputation& s : *all) {
    if ((listed_only && !s.listed) || (!kind.empty() && s.kind != kind)) continue;
    if (as_json) {
      w.BeginObject().Key("kind").String(s.kind).Key("key").String(s.key);
      w.Key("reports").Int(s.reports).Key("reporters").Int(s.reporters);
      w.Key("first_seen").String(FormatTimestampMillis(s.first_seen));
      w.Key("last_seen").String(FormatTimestampMillis(s.last_seen));
      w.Key("score").Double(s.score).Key("listed").Bool(s.listed).EndObject();
      continue;
    }
    std::printf("%-8s %-40s %5lld reports %4lld reporters  score %7.2f  last %s%s\n",
                s.kind.c_str(), s.key.c_str(), static_cast<long long>(s.reports),
                static_cast<long long>(s.reporters), s.score, Day(s.last_seen).c_str(),
                s.listed ? "  LISTED" : "");
  }
  if (as_json) std::printf("%s\n", (w.EndArray(), out).c_str());
  return kExitOk;
}

}  // namespace

void AddSpamCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("spam", "Spam reports (ARF, X-ARF, plain), source reputation");
  cmd->require_subcommand(1);

  auto* report = cmd->add_subcommand(
      "report", "Store abuse reports: .eml files, mboxes, maildirs, X-ARF 4 JSON files");
  auto args = std::make_shared<ReportArgs>();
  report->add_option("files", args->files, "Files or directories ('-': standard input)")
      ->required();
  report->add_option("--trusted-relay", args->trusted_relays,
                     "A network of your own mail relays (CIDR; repeatable): Received headers "
                     "they wrote are trusted");
  report->add_option("--reporter", args->reporter,
                     "Reporter of plain messages that name none (default: you)");
  report->add_option("--max-raw", args->max_raw_bytes, "Bytes of each message kept verbatim")
      ->capture_default_str();
  report->callback([args, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "spam report");
    *exit_code = db ? SubmitFiles(*db, *args) : kExitError;
  });

  auto* list = cmd->add_subcommand("list", "Stored reports, newest first");
  auto limit = std::make_shared<size_t>(50);
  list->add_option("--limit", *limit, "At most this many (0: all)")->capture_default_str();
  list->callback([limit, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "spam list");
    *exit_code = db ? ListReports(*db, *limit) : kExitError;
  });

  auto* show = cmd->add_subcommand("show", "One report: what was read from it, or --raw");
  auto id = std::make_shared<int64_t>(0);
  auto raw = std::make_shared<bool>(false);
  show->add_option("id", *id, "Report number")->required();
  show->add_flag("--raw", *raw, "Print the message as received");
  show->callback([id, raw, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "spam show");
    *exit_code = db ? ShowReport(*db, *id, *raw) : kExitError;
  });

  auto* reputation = cmd->add_subcommand("reputation", "Sources: reports, reporters, score");
  auto listed = std::make_shared<bool>(false);
  auto kind = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  reputation->add_flag("--listed", *listed, "Only sources over their threshold");
  reputation->add_option("--kind", *kind, "ip, network, domain or url-host");
  reputation->add_flag("--json", *as_json, "Print a JSON array");
  reputation->callback([listed, kind, as_json, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "spam reputation");
    *exit_code = db ? ShowReputation(*db, *listed, *kind, *as_json) : kExitError;
  });

  auto* config = cmd->add_subcommand("config", "Show or set the half-life and thresholds");
  auto half_life = std::make_shared<double>(0);
  auto threshold = std::make_shared<double>(0);
  auto network = std::make_shared<double>(0);
  auto relays = std::make_shared<std::string>();
  config->add_option("--half-life", *half_life, "Days for a report's weight to halve");
  config->add_option("--threshold", *threshold, "Score listing an IP, domain or URL host");
  config->add_option("--network-threshold", *network, "Score listing a /24 or /64 network");
  config->add_option("--trusted-relays", *relays,
                     "Your mail relays' networks, comma-separated (\"\" clears)");
  RunWithDatabase(config, "spam config", global, exit_code, [=](store::Database& db) {
    auto current = spam::LoadReputationConfig(db.settings());
    if (!current.ok()) return Report("spam config", current.status());
    if (*half_life > 0) current->half_life_days = *half_life;
    if (*threshold > 0) current->threshold = *threshold;
    if (*network > 0) current->network_threshold = *network;
    Status st = spam::SaveReputationConfig(db.settings(), *current);
    if (st.ok() && config->count("--trusted-relays")) {
      auto parsed = spam::ParseNetworks(Split(*relays, ',', true));
      st = parsed.ok() ? db.settings().Set(spam::kTrustedRelaysSetting, *relays) : parsed.status();
    }
    if (!st.ok()) return Report("spam config", st);
    auto trusted = db.settings().Get(spam::kTrustedRelaysSetting);
    std::printf("half-life %g days, threshold %g, network threshold %g, trusted relays: %s\n",
                current->half_life_days, current->threshold, current->network_threshold,
                trusted.ok() && *trusted && !(*trusted)->empty() ? (*trusted)->c_str()
                                                                 : "(private networks only)");
    return kExitOk;
  });

  auto* share = cmd->add_subcommand(
      "share",
      "Publish the listed sources as spam-source indicators for peers (and revoke "
      "those no longer listed)");
  auto tlp = std::make_shared<std::string>("green");
  auto distribution = std::make_shared<std::string>("connected");
  share->add_option("--tlp", *tlp, "TLP marking of the indicators")->capture_default_str();
  share->add_option("--distribution", *distribution, "Distribution of the indicators")
      ->capture_default_str();
  share->callback([tlp, distribution, &global, exit_code] {
    spam::ShareOptions options;
    auto parsed_tlp = sharing::ParseTlp(*tlp);
    auto parsed_distribution = sharing::ParseDistribution(*distribution);
    if (!parsed_tlp || !parsed_distribution) {
      return void(*exit_code =
                      Report("spam share", Status::InvalidArgument("unknown TLP or distribution")));
    }
    options.tlp = *parsed_tlp;
    options.distribution = *parsed_distribution;
    options.now = SystemClock::Get().Now();
    auto db = OpenDatabaseOrReport(global, "spam share");
    if (!db) return void(*exit_code = kExitError);
    auto result = spam::ShareListings(*db, options);
    if (!result.ok()) return void(*exit_code = Report("spam share", result.status()));
    std::printf("%zu shared, %zu unchanged, %zu revoked (%s, %s)\n", result->shared,
                result->unchanged, result->revoked, sharing::TlpName(options.tlp),
                sharing::DistributionName(options.distribution).c_str());
    *exit_code = kExitOk;
  });
}

}  // namespace concord::spam
