// concord team|contact|constituency|lookup: the directory of teams, their 24/7 contacts and
// constituencies, and "who is responsible for this?" (directory/ holds the logic; this file only
// maps flags to it).
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "common/file.h"
#include "common/strings.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "directory/reachability.h"

namespace concord::cli {
namespace {

using directory::Team;

int ReportEdit(const char* command, const Result<directory::EditResult>& r) {
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

// Team fields settable from flags; only the flags given change a team.
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

struct ClaimFlags {
  std::vector<std::string> prefixes, asns, domains, countries, sectors;
  void Register(CLI::App* cmd) {
    cmd->add_option("--prefix", prefixes, "IPv4/IPv6 prefixes (CIDR)")->delimiter(',');
    cmd->add_option("--asn", asns, "AS numbers (AS64500)")->delimiter(',');
    cmd->add_option("--domain", domains, "Domains or TLDs (example.az, .az)")->delimiter(',');
    cmd->add_option("--country", countries, "Countries (ISO 3166-1 alpha-2)")->delimiter(',');
    cmd->add_option("--sector", sectors, "Sectors (energy, financial-services, ...)")
        ->delimiter(',');
  }
  // Adds (or removes) the claims; values are validated when the team is.
  Status Apply(Team& t, bool remove) const {
    directory::Constituency& k = t.constituency;
    auto edit = [&](std::vector<std::string>& list, const std::vector<std::string>& values,
                    const std::function<Result<std::string>(const std::string&)>& canonical) {
      for (const auto& v : values) {
        auto c = canonical(v);
        if (!c.ok()) return c.status();
        auto it = std::find(list.begin(), list.end(), *c);
        if (remove && it == list.end()) {
          return Status::NotFound(*c + " is not in " + t.short_name + "'s constituency");
        }
        if (remove) {
          list.erase(it);
        } else if (it == list.end()) {
          list.push_back(*c);
        }
      }
      return Status::Ok();
    };
    CONCORD_RETURN_IF_ERROR(edit(
        k.prefixes, prefixes, [](const std::string& v) { return directory::NormalisePrefix(v); }));
    CONCORD_RETURN_IF_ERROR(edit(k.domains, domains, [](const std::string& v) {
      return directory::NormaliseDomainName(v);
    }));
    CONCORD_RETURN_IF_ERROR(edit(k.countries, countries, [](const std::string& v) {
      return directory::NormaliseCountryCode(v);
    }));
    CONCORD_RETURN_IF_ERROR(
        edit(k.sectors, sectors, [](const std::string& v) { return Result<std::string>(v); }));
    std::vector<std::string> asn_text;
    for (uint32_t a : k.asns) asn_text.push_back(std::to_string(a));
    CONCORD_RETURN_IF_ERROR(edit(asn_text, asns, [](const std::string& v) -> Result<std::string> {
      auto a = directory::ParseAsn(v);
      if (!a.ok()) return a.status();
      return std::to_string(*a);
    }));
    k.asns.clear();
    for (const auto& a : asn_text) k.asns.push_back(static_cast<uint32_t>(std::stoul(a)));
    return Status::Ok();
  }
};

struct ContactFlags {
  std::string team, email, name, role, phone, languages;
  bool always_on = false, not_always_on = false;
  CLI::Option *name_opt = nullptr, *role_opt = nullptr, *phone_opt = nullptr, *lang_opt = nullptr;
  void Register(CLI::App* cmd, bool edit) {
    cmd->add_option("team", team, "Team id or short name")->required();
    cmd->add_option("email", email, "The contact's e-mail address (its key)")->required();
    name_opt = cmd->add_option("--name", name, "Person or role mailbox name");
    role_opt =
        cmd->add_option("--role", role, "duty-officer, liaison, manager, pgp, technical, other");
    phone_opt = cmd->add_option("--phone", phone, "Phone, international form");
    lang_opt = cmd->add_option("--languages", languages, "ISO 639 codes, comma separated (az,en)");
    cmd->add_flag("--24x7", always_on, "Reachable 24/7");
    if (edit) cmd->add_flag("--no-24x7", not_always_on, "No longer reachable 24/7");
  }
  void Apply(directory::Contact& c) const {
    if (name_opt->count()) c.name = name;
    if (role_opt->count()) c.role = role;
    if (phone_opt->count()) c.phone = phone;
    if (lang_opt->count()) c.languages = Split(languages, ',', true);
    if (always_on) c.always_on = true;
    if (not_always_on) c.always_on = false;
  }
};

int Change(const GlobalOptions& global, const char* command, const std::string& team,
           const std::string& action, const std::function<Status(Team&)>& edit) {
  auto db = OpenDatabaseOrReport(global, command);
  if (!db) return kExitError;
  directory::Editor editor(*db, SystemClock::Get(), CliActor());
  return ReportEdit(command, editor.Change(team, action, edit));
}

Result<std::vector<directory::TeamEntry>> Entries(store::Database& db) {
  std::vector<std::string> problems;
  auto entries = directory::LoadTeams(db.objects(), &problems);
  for (const auto& p : problems) std::fprintf(stderr, "skipped: %s\n", p.c_str());
  return entries;
}

int ShowTeam(const GlobalOptions& global, const std::string& ref, const std::string& format) {
  auto db = OpenDatabaseOrReport(global, "team show");
  if (!db) return kExitError;
  auto entries = Entries(*db);
  if (!entries.ok()) return Report("team show", entries.status());
  directory::Directory dir(directory::TeamsOf(*entries));
  auto index = dir.Find(ref);
  if (!index.ok()) return Report("team show", index.status());
  const Team& t = dir.teams()[*index];
  if (format == "rfc2350") {
    std::fputs(directory::RenderRfc2350(t, SystemClock::Get().Now()).c_str(), stdout);
  } else if (format == "stix") {
    store::ObjectQuery q;
    q.ids = {t.id};
    (void)db->objects().Scan(q, [](const store::StoredObject& o) {
      std::printf("%s\n", o.json.c_str());
      return false;
    });
  } else {
    std::printf("%s\n", directory::TeamToJson(t).c_str());
  }
  return kExitOk;
}

int ListTeams(const GlobalOptions& global, const std::string& country) {
  auto db = OpenDatabaseOrReport(global, "team list");
  if (!db) return kExitError;
  std::string only_country;
  if (!country.empty()) {
    auto code = directory::NormaliseCountryCode(country);
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
    teams = directory::ReadConcordTeams(*text);
  } else if (format == "first") {
    teams = directory::ReadFirstTeams(
        *text, FormatTimestampMillis(SystemClock::Get().Now()).substr(0, 10));
  } else if (format == "csv") {
    auto mapping = directory::ParseCsvMapping(map);
    if (!mapping.ok()) return Report("team import", mapping.status());
    teams = directory::ReadCsvTeams(*text, *mapping);
  }
  if (!teams.ok()) return Report("team import", teams.status().WithPrefix(path));
  auto db = OpenDatabaseOrReport(global, "team import");
  if (!db) return kExitError;
  directory::Editor editor(*db, SystemClock::Get(), CliActor());
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
  const std::vector<Team> teams = directory::TeamsOf(*entries);
  std::string out = format == "first" ? directory::WriteFirstTeams(teams)
                    : format == "csv" ? directory::WriteCsvTeams(teams)
                                      : directory::WriteConcordTeams(teams);
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
    directory::Directory dir(directory::TeamsOf(*entries));
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

int Lookup(const GlobalOptions& global, std::vector<std::string> queries, const std::string& file,
           bool as_json, const std::string& at) {
  Micros now = SystemClock::Get().Now();
  if (!at.empty()) {
    auto t = ParseTimestamp(at);
    if (!t.ok()) return Report("lookup", t.status().WithPrefix("--at"));
    now = *t;
  }
  if (!file.empty()) {
    auto text = ReadText(file);
    if (!text.ok()) return Report("lookup", text.status());
    for (const auto& line : Split(*text, '\n', true)) {
      if (!line.empty() && line[0] != '#') queries.push_back(line);
    }
  }
  if (queries.empty()) return Report("lookup", Status::InvalidArgument("nothing to look up"));
  auto db = OpenDatabaseOrReport(global, "lookup");
  if (!db) return kExitError;
  auto entries = Entries(*db);
  if (!entries.ok()) return Report("lookup", entries.status());
  directory::Directory dir(directory::TeamsOf(*entries));
  int exit = kExitOk;
  auto all = [](uint32_t) { return true; };
  for (const auto& q : queries) {
    const directory::Answer a = dir.Lookup(q);
    if (a.kind == directory::QueryKind::kInvalid) exit = kExitRejected;
    if (as_json) {
      std::string out;
      json::Writer w(&out);
      directory::WriteAnswer(a, dir, now, all, w);
      std::printf("%s\n", out.c_str());
      continue;
    }
    if (a.kind == directory::QueryKind::kInvalid) {
      std::printf("%s\tinvalid: %s\n", q.c_str(), a.error.c_str());
      continue;
    }
    if (a.teams.empty()) {
      std::printf("%s\t(%s) no team is responsible\n", a.normalised.c_str(),
                  directory::QueryKindName(a.kind));
      continue;
    }
    std::printf("%s\t(%s) %s%s\n", a.normalised.c_str(), directory::QueryKindName(a.kind),
                a.reason.c_str(), a.conflict() ? "  [CONFLICT: several teams claim it]" : "");
    for (uint32_t i : a.teams) {
      const Team& t = dir.teams()[i];
      const auto c = directory::ContactsToUseNow(t, now);
      std::printf("  %s - %s (%s)\n    now: %s%s%s\n", t.short_name.c_str(), t.name.c_str(),
                  t.country.c_str(), c.note.c_str(), c.local_time.empty() ? "" : "; local time ",
                  c.local_time.c_str());
      if (!c.phone.empty()) std::printf("    call: %s\n", c.phone.c_str());
      if (!t.email.empty()) std::printf("    mail: %s\n", t.email.c_str());
      for (const auto* contact : c.contacts) {
        std::printf("    contact: %s <%s> %s%s\n", contact->name.c_str(), contact->email.c_str(),
                    contact->role.c_str(), contact->always_on ? ", 24/7" : "");
      }
    }
  }
  return exit;
}

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
    directory::Editor editor(*db, SystemClock::Get(), CliActor());
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
    directory::Editor editor(*db, SystemClock::Get(), CliActor());
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

  auto claim_team = std::make_shared<std::string>();
  auto claims = std::make_shared<ClaimFlags>();
  auto* constituency = app.add_subcommand("constituency", "What a team is responsible for");
  constituency->require_subcommand(1);
  for (bool remove_claims : {false, true}) {
    auto* cmd = constituency->add_subcommand(
        remove_claims ? "remove" : "add", remove_claims ? "Remove claims from a team's constituency"
                                                        : "Add claims to a team's constituency");
    cmd->add_option("team", *claim_team, "Team id or short name")->required();
    claims->Register(cmd);
    cmd->callback([claim_team, claims, remove_claims, &global, exit_code] {
      *exit_code = Change(global, remove_claims ? "constituency remove" : "constituency add",
                          *claim_team, remove_claims ? "constituency.remove" : "constituency.add",
                          [&](Team& t) { return claims->Apply(t, remove_claims); });
    });
  }
  constituency->add_subcommand("conflicts", "Claims several teams make (lookups report both)")
      ->callback([&global, exit_code] {
        auto db = OpenDatabaseOrReport(global, "constituency conflicts");
        if (!db) {
          *exit_code = kExitError;
          return;
        }
        auto entries = Entries(*db);
        if (!entries.ok()) {
          *exit_code = Report("constituency conflicts", entries.status());
          return;
        }
        directory::Directory dir(directory::TeamsOf(*entries));
        for (const auto& c : dir.Conflicts()) {
          std::printf("%s %s:", c.kind.c_str(), c.claim.c_str());
          for (uint32_t t : c.teams) std::printf(" %s", dir.teams()[t].short_name.c_str());
          std::printf("\n");
        }
        *exit_code = kExitOk;
      });
}

void AddContactCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* contact = app.add_subcommand("contact", "A team's contacts and their reachability");
  contact->alias("contacts");
  contact->require_subcommand(1);
  for (bool edit : {false, true}) {
    auto flags = std::make_shared<ContactFlags>();
    auto* cmd = contact->add_subcommand(edit ? "edit" : "add",
                                        edit ? "Change a contact" : "Add a contact to a team");
    flags->Register(cmd, edit);
    cmd->callback([flags, edit, &global, exit_code] {
      *exit_code = Change(
          global, edit ? "contact edit" : "contact add", flags->team,
          edit ? "contact.edit" : "contact.add", [&](Team& t) -> Status {
            auto email = flags->email;
            for (char& c : email) c = static_cast<char>(std::tolower(c));
            for (auto& c : t.contacts) {
              if (c.email == email) {
                if (!edit)
                  return Status::AlreadyExists(email + " is already a contact of " + t.short_name);
                flags->Apply(c);
                return Status::Ok();
              }
            }
            if (edit) return Status::NotFound(email + " is not a contact of " + t.short_name);
            directory::Contact c;
            c.email = flags->email;
            flags->Apply(c);
            t.contacts.push_back(std::move(c));
            return Status::Ok();
          });
    });
  }
  auto remove_team = std::make_shared<std::string>();
  auto remove_email = std::make_shared<std::string>();
  auto* remove = contact->add_subcommand("remove", "Remove a contact from a team");
  remove->add_option("team", *remove_team, "Team id or short name")->required();
  remove->add_option("email", *remove_email, "The contact's e-mail address")->required();
  remove->callback([remove_team, remove_email, &global, exit_code] {
    *exit_code =
        Change(global, "contact remove", *remove_team, "contact.remove", [&](Team& t) -> Status {
          std::string email = *remove_email;
          for (char& c : email) c = static_cast<char>(std::tolower(c));
          const size_t before = t.contacts.size();
          std::erase_if(t.contacts, [&](const directory::Contact& c) { return c.email == email; });
          if (t.contacts.size() == before)
            return Status::NotFound(email + " is not a contact of " + t.short_name);
          return Status::Ok();
        });
  });

  struct CheckArgs {
    std::string team, smtp, from = "concord@localhost",
                            ack_url = "http://127.0.0.1:8080/api/v1/contacts/ack";
    double hours = 72;
  };
  auto check_args = std::make_shared<CheckArgs>();
  auto* check = contact->add_subcommand(
      "check",
      "Send each contact a one-time token to acknowledge through the API before a deadline");
  check->add_option("--team", check_args->team,
                    "Only this team (default: every team published here)");
  check->add_option("--smtp", check_args->smtp, "SMTP relay host:port")->required();
  check->add_option("--from", check_args->from, "Sender address");
  check->add_option("--ack-url", check_args->ack_url,
                    "This node's acknowledgement URL, as contacts reach it");
  check->add_option("--deadline-hours", check_args->hours, "Hours to acknowledge (default 72)");
  check->callback([check_args, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "contact check");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    directory::SmtpTransport smtp(check_args->smtp);
    directory::CheckOptions options;
    options.team = check_args->team;
    options.from = check_args->from;
    options.ack_url = check_args->ack_url;
    options.deadline_after = static_cast<Micros>(check_args->hours * 3600e6);
    auto issued = directory::IssueChecks(*db, SystemClock::Get(), smtp, options);
    if (!issued.ok()) {
      *exit_code = Report("contact check", issued.status());
      return;
    }
    size_t failed = 0;
    for (const auto& i : *issued) {
      failed += !i.error.empty();
      std::printf("%s\t%s\t%s\n", i.team.c_str(), i.email.c_str(),
                  i.error.empty() ? "sent" : i.error.c_str());
    }
    std::printf("%zu challenges, %zu not delivered\n", issued->size(), failed);
    *exit_code = failed == 0 ? kExitOk : kExitRejected;
  });

  auto only_problems = std::make_shared<bool>(false);
  auto* status = contact->add_subcommand(
      "status", "Each contact's reachability (verified, pending, overdue, ...)");
  status->add_flag("--problems", *only_problems,
                   "Only overdue, undeliverable and unchecked contacts");
  status->callback([only_problems, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "contact status");
    if (!db) {
      *exit_code = kExitError;
      return;
    }
    auto report = directory::ReachabilityReport(*db, SystemClock::Get().Now());
    if (!report.ok()) {
      *exit_code = Report("contact status", report.status());
      return;
    }
    for (const auto& r : *report) {
      const bool fine = r.state == directory::Reachability::kVerified ||
                        r.state == directory::Reachability::kPending;
      if (*only_problems && fine) continue;
      std::printf(
          "%s\t%s\t%s%s\t%s\n", r.team.c_str(), r.email.c_str(),
          directory::ReachabilityName(r.state), r.always_on ? " (24/7)" : "",
          r.latest.id == 0 ? "" : ("deadline " + FormatTimestampMillis(r.latest.deadline)).c_str());
    }
    *exit_code = kExitOk;
  });
}

}  // namespace

void AddDirectoryCommands(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  AddTeamCommand(app, global, exit_code);
  AddContactCommand(app, global, exit_code);
  struct LookupArgs {
    std::vector<std::string> queries;
    std::string file, at;
    bool json = false;
  };
  auto args = std::make_shared<LookupArgs>();
  auto* lookup = app.add_subcommand(
      "lookup", "Who is responsible for an IP address, AS number, domain, country or sector:NAME");
  lookup->add_option("query", args->queries,
                     "203.0.113.7, 2001:db8::1, AS64500, mail.example.az, AZ");
  lookup->add_option("--file", args->file, "Also look up every line of this file ('-': stdin)");
  lookup->add_option("--at", args->at,
                     "Judge business hours at this instant (RFC 3339) instead of now");
  lookup->add_flag("--json", args->json, "One JSON answer per line");
  lookup->callback([args, &global, exit_code] {
    *exit_code = Lookup(global, args->queries, args->file, args->json, args->at);
  });
}

}  // namespace concord::cli
