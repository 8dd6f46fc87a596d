// concord match: scan log files against every active indicator in the store.
#include <cstdio>
#include <map>
#include <memory>

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

// What one run saw of one indicator: the makings of a STIX sighting.
struct SightingTally {
  int64_t count = 0;
  Micros first_seen = 0, last_seen = 0;
};

// Writes one sighting per indicator into the store (and the collection, when given).
Status RecordSightings(store::Database& db, const std::map<std::string, SightingTally>& tallies,
                       const std::string& org_name, const std::string& collection) {
  auto org =
      org_name.empty() ? sharing::NodeOrganisation(db) : db.accounts().FindOrganisation(org_name);
  if (!org.ok()) return org.status();
  const std::string identity = org->identity_id;
  const std::string now = FormatTimestampMillis(SystemClock::Get().Now());
  std::string bundle;
  json::Writer w(&bundle);
  w.BeginObject().Key("type").String("bundle").Key("id").String("bundle--" + UuidV4());
  w.Key("objects").BeginArray();
  for (const auto& [id, t] : tallies) {
    w.BeginObject()
        .Key("type")
        .String("sighting")
        .Key("spec_version")
        .String("2.1")
        .Key("id")
        .String("sighting--" + UuidV4())
        .Key("created")
        .String(now)
        .Key("modified")
        .String(now)
        .Key("created_by_ref")
        .String(identity)
        .Key("sighting_of_ref")
        .String(id)
        .Key("count")
        .Int(t.count)
        .Key("first_seen")
        .String(FormatTimestampMillis(t.first_seen))
        .Key("last_seen")
        .String(FormatTimestampMillis(t.last_seen))
        .Key("where_sighted_refs")
        .BeginArray()
        .String(identity)
        .EndArray()
        .EndObject();
  }
  w.EndArray().EndObject();
  store::ImportOptions options;
  options.strict = true;
  options.collection_id = collection;
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
  std::map<std::string, SightingTally> tallies;
  std::string out;
  const Micros run_time = SystemClock::Get().Now();
  for (const auto& file : args.files) {
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
          SightingTally& t = tallies[id];
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
               static_cast<unsigned long long>(stats.matches), tallies.size(),
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
                "Record a STIX sighting per matched indicator (count, first/last seen)");
  cmd->add_option("--org", args->org,
                  "Organisation the sightings are by and where they were seen (default: the "
                  "node's own organisation, the first one created)");
  cmd->add_option("--collection", args->collection, "Also add the sightings to this collection");
  cmd->callback([args, &global, exit_code] { *exit_code = RunMatch(*args, global); });
}

}  // namespace concord::cli
