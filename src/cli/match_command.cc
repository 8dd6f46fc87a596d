// concord match: scan log files against every active indicator in the store.
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

#include "accounts/secrets.h"
#include "cli/commands.h"
#include "common/json.h"
#include "common/uuid.h"
#include "match/engine.h"
#include "match/scanner.h"
#include "sharing/node_policy.h"
#include "store/importer.h"

namespace concord::cli {
namespace {

struct MatchArgs {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string columns;
  bool subdomains = false;
  bool sightings = false;
  std::string org;
  std::string collection;
};

// What scanning one log saw of one indicator.
struct SightingTally {
  int64_t count = 0;
  Micros first_seen = 0, last_seen = 0;
};
// Per indicator, per log (LogKey): re-scanning a log replaces its tally instead of adding to it.
using Tallies = std::map<std::string, std::map<std::string, SightingTally>>;

// Concord's property extension on a sighting: what each scanned log contributed, so that a
// re-scan of the same log updates the sighting rather than counting its lines twice.
constexpr std::string_view kSightingScansExtension =
    "extension-definition--6b0e6cde-4c38-5b6e-9c1d-0f3f2a7c9a41";
// Namespace of sighting ids: one sighting per (observing organisation, indicator).
constexpr std::string_view kSightingNamespace = "8f6ad4f2-2f7e-5b59-a3b1-5c7f0d6e2b13";

// Which log a scan read: the SHA-256 of its first 4 KiB (a log that grew keeps its key, a
// rotated one gets a new one). Standard input has no stable identity: "stdin".
std::string LogKey(const std::string& file) {
  if (file == "-") return "stdin";
  std::ifstream in(file, std::ios::binary);
  char head[4096];
  in.read(head, sizeof head);
  return accounts::Sha256Hex(std::string_view(head, static_cast<size_t>(in.gcount())));
}

// The scans recorded in a stored sighting (empty when it has none).
std::map<std::string, SightingTally> StoredScans(const std::string& json) {
  std::map<std::string, SightingTally> scans;
  json::Document doc;
  if (!doc.ParseAll(json).ok()) return scans;
  for (json::Value scan : doc.root()["extensions"][kSightingScansExtension]["log_scans"]) {
    SightingTally t;
    t.count = scan["count"].as_int().value_or(0);
    auto first = ParseTimestamp(scan["first_seen"].str());
    auto last = ParseTimestamp(scan["last_seen"].str());
    if (!first.ok() || !last.ok() || t.count <= 0) continue;
    t.first_seen = *first;
    t.last_seen = *last;
    scans[scan["log"].str()] = t;
  }
  return scans;
}

// Writes one sighting per indicator into the store (and the collection, when given): a new
// version of the organisation's sighting of it, with this run's logs merged into its scans.
Status RecordSightings(store::Database& db, const Tallies& tallies, const std::string& org_name,
                       const std::string& collection) {
  auto org =
      org_name.empty() ? sharing::NodeOrganisation(db) : db.accounts().FindOrganisation(org_name);
  if (!org.ok()) return org.status();
  const std::string identity = org->identity_id;
  const Micros now = SystemClock::Get().Now() / 1000 * 1000;
  std::string bundle;
  json::Writer w(&bundle);
  w.BeginObject().Key("type").String("bundle").Key("id").String("bundle--" + UuidV4());
  w.Key("objects").BeginArray();
  for (const auto& [indicator, logs] : tallies) {
    const std::string id = "sighting--" + UuidV5(kSightingNamespace, identity + " " + indicator);
    std::map<std::string, SightingTally> scans;
    Micros created = now, modified = now;
    auto versions = db.objects().Versions(id);
    if (!versions.ok()) return versions.status();
    if (!versions->empty()) {
      scans = StoredScans(versions->back().json);
      created = versions->front().version;
      modified = std::max(now, versions->back().version + 1000);
    }
    for (const auto& [log, t] : logs) scans[log] = t;
    SightingTally total;
    for (const auto& [log, t] : scans) {
      total.first_seen = total.count == 0 ? t.first_seen : std::min(total.first_seen, t.first_seen);
      total.last_seen = total.count == 0 ? t.last_seen : std::max(total.last_seen, t.last_seen);
      total.count += t.count;
    }
    w.BeginObject().Key("type").String("sighting").Key("spec_version").String("2.1");
    w.Key("id").String(id).Key("created").String(FormatTimestampMillis(created));
    w.Key("modified").String(FormatTimestampMillis(modified));
    w.Key("created_by_ref").String(identity).Key("sighting_of_ref").String(indicator);
    // STIX caps count at 999,999,999.
    w.Key("count").Int(std::min<int64_t>(total.count, 999'999'999));
    w.Key("first_seen").String(FormatTimestampMillis(total.first_seen));
    w.Key("last_seen").String(FormatTimestampMillis(total.last_seen));
    w.Key("where_sighted_refs").BeginArray().String(identity).EndArray();
    w.Key("extensions").BeginObject().Key(kSightingScansExtension).BeginObject();
    w.Key("extension_type").String("property-extension").Key("log_scans").BeginArray();
    for (const auto& [log, t] : scans) {
      w.BeginObject().Key("log").String(log).Key("count").Int(t.count);
      w.Key("first_seen").String(FormatTimestampMillis(t.first_seen));
      w.Key("last_seen").String(FormatTimestampMillis(t.last_seen)).EndObject();
    }
    w.EndArray().EndObject().EndObject().EndObject();
  }
  w.EndArray().EndObject();
  store::ImportOptions options;
  options.strict = true;
  options.collection_id = collection;
  options.supplier = {identity, false, org->name};
  store::ImportStats stats;
  return store::ImportStix(db.objects(), bundle, options, &stats);
}

void PrintLoadSummary(const match::LoadStats& s) {
  std::fprintf(stderr,
               "indicators: %zu active (%zu indexed, %zu evaluated per record), %zu not "
               "indexable, %zu invalid, %zu inactive\n",
               s.indexed + s.evaluated, s.indexed, s.evaluated, s.not_indexable, s.invalid,
               s.inactive);
  for (const auto& [reason, n] : s.not_indexable_reasons) {
    std::fprintf(stderr, "  not indexable: %zu: %s\n", n, reason.c_str());
  }
  for (const auto& e : s.invalid_examples) std::fprintf(stderr, "  invalid: %s\n", e.c_str());
}

int RunMatch(const MatchArgs& args, const GlobalOptions& global) {
  auto format = match::ParseLogFormat(args.format);
  if (!format.ok()) return Report("match", format.status());
  auto db = OpenDatabaseOrReport(global, "match");
  if (!db) return kExitError;
  match::EngineOptions engine_options;
  engine_options.set.domains_cover_subdomains = args.subdomains;
  match::MatchEngine engine(db->objects(), SystemClock::Get(), engine_options);
  if (Status st = engine.Load(); !st.ok()) return Report("match", st);
  auto snapshot = engine.snapshot();
  PrintLoadSummary(snapshot->stats());

  match::ScanOptions scan_options{*format, args.columns};
  match::ScanStats stats;
  Tallies tallies;
  std::string out;
  const Micros run_time = SystemClock::Get().Now();
  size_t indicators_seen = 0;
  for (const auto& file : args.files) {
    const std::string log_key = args.sightings ? LogKey(file) : "";
    auto reader = match::LineReader::Open(file);
    if (!reader.ok()) return Report("match", reader.status());
    Status st = match::ScanLog(
        **reader, file, scan_options, *snapshot,
        [&](const match::MatchEvent& e) {
          const std::string id = snapshot->IndicatorId(e.hit);
          out.clear();
          match::AppendMatchJson(e, id, engine.IndicatorName(id), &out);
          out.push_back('\n');
          std::fwrite(out.data(), 1, out.size(), stdout);
          auto& per_log = tallies[id];
          if (per_log.empty()) ++indicators_seen;
          SightingTally& t = per_log[log_key];
          const Micros seen = e.record.timestamp != 0 ? e.record.timestamp : run_time;
          t.first_seen = t.count == 0 ? seen : std::min(t.first_seen, seen);
          t.last_seen = t.count == 0 ? seen : std::max(t.last_seen, seen);
          ++t.count;
        },
        [&](size_t line, const std::string& message) {
          std::fprintf(stderr, "%s:%zu: %s\n", file.c_str(), line, message.c_str());
        },
        &stats);
    if (!st.ok()) return Report("match", st);
  }
  std::fflush(stdout);
  std::fprintf(stderr,
               "scanned %llu lines (%llu records, %.1f MB): %llu matches of %zu indicators, "
               "%llu bad lines skipped\n",
               static_cast<unsigned long long>(stats.lines),
               static_cast<unsigned long long>(stats.records), stats.bytes / 1e6,
               static_cast<unsigned long long>(stats.matches), indicators_seen,
               static_cast<unsigned long long>(stats.bad_lines));
  if (args.sightings && !tallies.empty()) {
    if (Status st = RecordSightings(*db, tallies, args.org, args.collection); !st.ok()) {
      return Report("match", st.WithPrefix("recording sightings"));
    }
    std::fprintf(stderr, "recorded %zu sightings\n", tallies.size());
  }
  return stats.bad_lines > 0 ? kExitRejected : kExitOk;
}

}  // namespace

void AddMatchCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "match", "Scan logs against every active indicator; one JSON line per match on stdout");
  auto args = std::make_shared<MatchArgs>();
  cmd->add_option("files", args->files, "Log files (.gz and .zst are read directly); - is stdin")
      ->required();
  cmd->add_option("--format", args->format, "auto, text, json (Suricata EVE, Zeek JSON), zeek, csv")
      ->capture_default_str();
  cmd->add_option("--columns", args->columns,
                  "CSV column mapping, e.g. 'dst=ip:dst,query=domain,time=timestamp' (names or "
                  "1-based numbers; types ip host domain url email hash timestamp text ignore)");
  cmd->add_flag("--subdomains", args->subdomains,
                "A domain indicator also matches the domain's subdomains");
  cmd->add_flag("--sightings", args->sightings,
                "Record a STIX sighting per matched indicator (count, first/last seen); "
                "scanning the same log again updates it instead of counting twice");
  cmd->add_option("--org", args->org,
                  "Organisation the sightings are by and where they were seen (default: the "
                  "node's own organisation, the first one created)");
  cmd->add_option("--collection", args->collection, "Also add the sightings to this collection");
  cmd->callback([args, &global, exit_code] { *exit_code = RunMatch(*args, global); });
}

}  // namespace concord::cli
