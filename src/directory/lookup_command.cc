// concord lookup: who is responsible for an IP address, AS number, domain, country or sector.
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
  Directory dir(TeamsOf(*entries));
  int exit = kExitOk;
  auto all = [](uint32_t) { return true; };
  for (const auto& q : queries) {
    const Answer a = dir.Lookup(q);
    if (a.kind == QueryKind::kInvalid) exit = kExitRejected;
    if (as_json) {
      std::string out;
      json::Writer w(&out);
      WriteAnswer(a, dir, now, all, w);
      std::printf("%s\n", out.c_str());
      continue;
    }
    if (a.kind == QueryKind::kInvalid) {
      std::printf("%s\tinvalid: %s\n", q.c_str(), a.error.c_str());
      continue;
    }
    if (a.teams.empty()) {
      std::printf("%s\t(%s) no team is responsible\n", a.normalised.c_str(), QueryKindName(a.kind));
      continue;
    }
    std::printf("%s\t(%s) %s%s\n", a.normalised.c_str(), QueryKindName(a.kind), a.reason.c_str(),
                a.conflict() ? "  [CONFLICT: several teams claim it]" : "");
    for (uint32_t i : a.teams) {
      const Team& t = dir.teams()[i];
      const auto c = ContactsToUseNow(t, now);
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

}  // namespace

void AddLookupCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
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

}  // namespace concord::directory
