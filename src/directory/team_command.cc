// concord team: the directory's teams (add, edit, show, list, remove, import, export, history).
#include <cstdio>
#include <memory>

#include "common/file.h"
#include "common/strings.h"
#include "directory/command_support.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "directory/module.h"
#include "directory/reachability.h"

namespace concord::directory {
namespace {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

using Team = directory::Team;

struct TeamFlags {
  std::string short_name, name, country, type, host, established, website, email, phone,
      emergency_phone, time_zone, hours, pgp_key_file, pgp_fingerprint, description, tlp = "green";
  std::vector<std::string> memberships;
  std::vector<CLI::Option*> given;
  std::map<std::string, CLI::Option*> options;

  void Register(CLI::App* cmd) {
    auto add = [&](const char* flag, std::string* target, const char* help) {
      options[flag] = cmd->add_option(flag, *target, help);
    };
    add("--name", &name, "Full name (e.g. \"Computer Emergency Response Team of Azerbaijan\")");
    add("--country", &country, "ISO 3166-1 alpha-2 country code");
    add("--type", &type,
        "national, government, sector, coordination, academic, commercial, "
        "vendor, internal or other");
    add("--host-org", &host, "Host organisation");
    add("--established", &established, "YYYY, YYYY-MM or YYYY-MM-DD");
    add("--website", &website, "https:// URL");
    add("--email", &email, "The team's mailbox");
    add("--phone", &phone, "Phone, international form (+994 ...)");
    add("--emergency-phone", &emergency_phone, "24/7 emergency phone");
    add("--time-zone", &time_zone, "IANA time zone (Asia/Baku)");
    add("--hours", &hours, "Business hours in the team's zone: \"Mon-Fri 09:00-18:00\" or 24/7");
    add("--pgp-key", &pgp_key_file, "File with the ASCII-armoured PGP public key");
    add("--pgp-fingerprint", &pgp_fingerprint, "PGP fingerprint (checked against --pgp-key)");
    add("--description", &description, "The constituency, in words");
    options["--member"] =
        cmd->add_option("--member", memberships,
                        "Membership NAME or NAME:YYYY-MM-DD (last confirmed); repeat for more");
  }
  bool Given(const char* flag) const { return options.at(flag)->count() > 0; }

  Status Apply(Team& t) const {
    auto set = [&](const char* flag, const std::string& value, std::string* field) {
      if (Given(flag)) *field = value;
    };
    set("--name", name, &t.name);
    set("--country", country, &t.country);
    set("--type", type, &t.type);
    set("--host-org", host, &t.host_organisation);
    set("--established", established, &t.established);
    set("--website", website, &t.website);
    set("--email", email, &t.email);
    set("--phone", phone, &t.phone);
    set("--emergency-phone", emergency_phone, &t.emergency_phone);
    set("--time-zone", time_zone, &t.time_zone);
    set("--hours", hours, &t.business_hours);
    set("--pgp-fingerprint", pgp_fingerprint, &t.pgp_fingerprint);
    set("--description", description, &t.constituency.description);
    if (Given("--pgp-key")) {
      auto key = ReadText(pgp_key_file);
      if (!key.ok()) return key.status().WithPrefix("--pgp-key");
      t.pgp_key = *key;
      if (!Given("--pgp-fingerprint")) t.pgp_fingerprint.clear();  // recomputed from the key
    }
    if (Given("--member")) {
      t.memberships.clear();
      for (const auto& m : memberships) {
        const size_t colon = m.find(':');
        t.memberships.push_back(
            {m.substr(0, colon), colon == std::string::npos ? "" : m.substr(colon + 1)});
      }
    }
    return Status::Ok();
  }
};

int ShowTeam(const GlobalOptions& global, const std::string& ref, const std::string& format) {
  auto db = OpenDatabaseOrReport(global, "team show");
  if (!db) return kExitError;
  auto entries = Entries(*db);
  if (!entries.ok()) return Report("team show", entries.status());
  Directory dir(TeamsOf(*entries));
  auto index = dir.Find(ref);
  if (!index.ok()) return Report("team show", index.status());
  const Team& t = dir.teams()[*index];
  if (format == "rfc2350") {
    std::fputs(RenderRfc2350(t, SystemClock::Get().Now()).c_str(), stdout);
  } else if (format == "stix") {
    store::ObjectQuery q;
    q.ids = {t.id};
    (void)db->objects().Scan(q, [](const store::StoredObject& o) {
      std::printf("%s\n", o.json.c_str());
      return false;
    });
  } else {
    std::printf("%s\n", TeamToJson(t).c_str());
  }
  return kExitOk;
}

int ListTeams(const GlobalOptions& global, const std::string& country) {
  auto db = OpenDatabaseOrReport(global, "team list");
  if (!db) return kExitError;
  std::string only_country;
  if (!country.empty()) {
    auto code = NormaliseCountryCode(country);
    if (!code.ok()) {
      Report("team list", code.status().WithPrefix("--country"));
      return kExitRejected;
    }
    only_country = *code;
  }
  auto entries = Entries(*db);
  if (!entries.ok()) return Report("team list", entries.status());
  for (const auto& e : *entries) {
    const Team& t = e.team;
    if (!only_country.empty() && t.country != only_country) continue;
    const auto& k = t.constituency;
    std::printf("%s\t%s\t%s\t%s\t%zu contacts\t%zu prefixes, %zu ASNs, %zu domains\t%s\n",
                t.short_name.c_str(), t.country.c_str(), t.type.c_str(), t.name.c_str(),
                t.contacts.size(), k.prefixes.size(), k.asns.size(), k.domains.size(),
                t.id.c_str());
  }
  return kExitOk;
}

int ImportTeams(const GlobalOptions& global, const std::string& path, const std::string& format,
                const std::string& map, const std::string& tlp_name) {
  auto tlp = sharing::ParseTlp(tlp_name);
  if (!tlp) return Report("team import", Status::InvalidArgument("--tlp '" + tlp_name + "'"));
  auto text = ReadText(path);
  if (!text.ok()) return Report("team import", text.status());
  Result<std::vector<Team>> teams =
      Status::InvalidArgument("--format '" + format + "': expected concord, first or csv");
  if (format == "concord") {
    teams = ReadConcordTeams(*text);
  } else if (format == "first") {
    teams = ReadFirstTeams(*text, FormatTimestampMillis(SystemClock::Get().Now()).substr(0, 10));
  } else if (format == "csv") {
    auto mapping = ParseCsvMapping(map);
    if (!mapping.ok()) return Report("team import", mapping.status());
    teams = ReadCsvTeams(*text, *mapping);
  }
  if (!teams.ok()) return Report("team import", teams.status().WithPrefix(path));
  auto db = OpenDatabaseOrReport(global, "team import");
  if (!db) return kExitError;
  Editor editor(*db, SystemClock::Get(), CliActor());
  auto results = editor.Import(std::move(*teams), *tlp);
  if (!results.ok()) return Report("team import", results.status().WithPrefix(path));
  size_t added = 0;
  for (const auto& r : *results) {
    added += r.added;
    for (const auto& w : r.warnings)
      std::fprintf(stderr, "warning: %s: %s\n", r.team.short_name.c_str(), w.c_str());
  }
  std::printf("%zu teams: %zu added, %zu updated\n", results->size(), added,
              results->size() - added);
  return kExitOk;
}

int ExportTeams(const GlobalOptions& global, const std::string& format) {
  auto db = OpenDatabaseOrReport(global, "team export");
  if (!db) return kExitError;
  auto entries = Entries(*db);
  if (!entries.ok()) return Report("team export", entries.status());
  const std::vector<Team> teams = TeamsOf(*entries);
  std::string out = format == "first" ? WriteFirstTeams(teams)
                    : format == "csv" ? WriteCsvTeams(teams)
                                      : WriteConcordTeams(teams);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int History(const GlobalOptions& global, const std::string& ref, size_t limit) {
  auto db = OpenDatabaseOrReport(global, "team history");
  if (!db) return kExitError;
  std::string subject;
  if (!ref.empty()) {
    auto entries = Entries(*db);
    if (!entries.ok()) return Report("team history", entries.status());
    Directory dir(TeamsOf(*entries));
    auto index = dir.Find(ref);
    subject = index.ok() ? dir.teams()[*index].id : ref;  // a removed team: by id
  }
  auto log = db->audit().List(subject, limit);
  if (!log.ok()) return Report("team history", log.status());
  for (const auto& e : *log) {
    std::printf("%s\t%s\t%s\t%s\n  before: %s\n  after:  %s\n", FormatTimestampMillis(e.at).c_str(),
                e.actor.c_str(), e.action.c_str(), e.subject.c_str(),
                e.before.empty() ? "(none)" : e.before.c_str(),
                e.after.empty() ? "(none)" : e.after.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddTeamCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* team =
      app.add_subcommand("team", "The directory's teams (CERTs, CSIRTs, coordination centres)");
  team->require_subcommand(1);

  auto add_flags = std::make_shared<TeamFlags>();
  auto* add = team->add_subcommand("add", "Add a team published by this node");
  add->add_option("short_name", add_flags->short_name, "Short name (CERT.AZ)")->required();
  add_flags->Register(add);
  add->add_option("--tlp", add_flags->tlp, "TLP of the team's entry (default green)");
  add->callback([add_flags, &global, exit_code] {
    Team t;
    t.short_name = add_flags->short_name;
    Status st = add_flags->Apply(t);
    if (!st.ok()) {
      *exit_code = Report("team add", st);
      return;
    }
    auto tlp = sharing::ParseTlp(add_flags->tlp);
    if (!tlp) {
      *exit_code = Report("team add", Status::InvalidArgument("--tlp '" + add_flags->tlp + "'"));
      return;
    }
    auto db = OpenDatabaseOrReport(global, "team add");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    Editor editor(*db, SystemClock::Get(), CliActor());
    *exit_code = ReportEdit("team add", editor.Add(std::move(t), *tlp));
  });

  auto edit_flags = std::make_shared<TeamFlags>();
  auto* edit = team->add_subcommand("edit", "Change fields of a team published by this node");
  edit->add_option("team", edit_flags->short_name, "Team id or short name")->required();
  edit_flags->Register(edit);
  edit->callback([edit_flags, &global, exit_code] {
    *exit_code = Change(global, "team edit", edit_flags->short_name, "team.edit",
                        [&](Team& t) { return edit_flags->Apply(t); });
  });

  auto ref = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("json");
  auto* show = team->add_subcommand("show", "Print a team");
  show->add_option("team", *ref, "Team id or short name")->required();
  show->add_option("--format", *format, "json (default), rfc2350 or stix");
  show->callback(
      [ref, format, &global, exit_code] { *exit_code = ShowTeam(global, *ref, *format); });

  auto country = std::make_shared<std::string>();
  auto* list = team->add_subcommand("list", "List the teams");
  list->add_option("--country", *country, "Only teams of this country");
  list->callback([country, &global, exit_code] { *exit_code = ListTeams(global, *country); });

  auto remove_ref = std::make_shared<std::string>();
  auto* remove = team->add_subcommand("remove", "Remove (revoke) a team published by this node");
  remove->add_option("team", *remove_ref, "Team id or short name")->required();
  remove->callback([remove_ref, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "team remove");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    Editor editor(*db, SystemClock::Get(), CliActor());
    auto removed = editor.Remove(*remove_ref);
    if (!removed.ok()) {
      *exit_code = Report("team remove", removed.status());
      return;
    }
    std::printf("removed %s (%s)\n", removed->short_name.c_str(), removed->id.c_str());
    *exit_code = kExitOk;
  });

  struct ImportArgs {
    std::string file, format = "concord", map, tlp = "green";
  };
  auto import_args = std::make_shared<ImportArgs>();
  auto* imp = team->add_subcommand("import", "Add or update teams from a file (all or nothing)");
  imp->add_option("file", import_args->file, "The file ('-': standard input)")->required();
  imp->add_option("--format", import_args->format, "concord (default), first or csv");
  imp->add_option("--map", import_args->map,
                  "CSV: 'Source header=field,...' ('=-' ignores a column)");
  imp->add_option("--tlp", import_args->tlp, "TLP of new entries (default green)");
  imp->callback([import_args, &global, exit_code] {
    *exit_code = ImportTeams(global, import_args->file, import_args->format, import_args->map,
                             import_args->tlp);
  });

  auto export_format = std::make_shared<std::string>("concord");
  auto* exp = team->add_subcommand("export", "Write every team to standard output");
  exp->add_option("--format", *export_format, "concord (default), first or csv");
  exp->callback(
      [export_format, &global, exit_code] { *exit_code = ExportTeams(global, *export_format); });

  auto history_ref = std::make_shared<std::string>();
  auto limit = std::make_shared<size_t>(50);
  auto* history =
      team->add_subcommand("history", "The audit log: who changed what, before and after");
  history->add_option("team", *history_ref, "Team id or short name (default: every team)");
  history->add_option("--limit", *limit, "At most this many entries, newest first (0: all)");
  history->callback([history_ref, limit, &global, exit_code] {
    *exit_code = History(global, *history_ref, *limit);
  });
}

}  // namespace concord::directory
