// concord incident: open, list, show and change cross-border incidents and their tasks.
#include <cstdio>
#include <memory>

#include "incidents/command_support.h"
#include "incidents/module.h"
#include "incidents/reports.h"
#include "incidents/suggest.h"
#include "incidents/views.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

// The flags of an incident, written as the body the API takes: one validation path.
struct IncidentFlags {
  std::string name, description, status, determination, rsit_class, rsit_type, tlp, pap,
      recoverability;
  int criticality = -1;
  std::vector<std::string> participants, countries, links;
  std::vector<std::string> add_participants, remove_participants;
  std::string as;
  bool json = false;
};

void AddIncidentFlags(CLI::App* cmd, IncidentFlags* f, bool open) {
  cmd->add_option("--name", f->name, "A title")->required(open);
  cmd->add_option("--description", f->description, "What happened");
  cmd->add_option("--class", f->rsit_class, "RSIT class (e.g. intrusions)")->required(open);
  cmd->add_option("--type", f->rsit_type, "RSIT type of that class (e.g. system-compromise)")
      ->required(open);
  cmd->add_option("--status", f->status, "new, open or closed");
  cmd->add_option("--determination", f->determination,
                  "suspected, successful-attempt, failed-attempt, blocked, false-positive, "
                  "low-value");
  cmd->add_option("--criticality", f->criticality, "0-100");
  cmd->add_option("--recoverability", f->recoverability,
                  "regular, supplemented, extended, not-recoverable, not-applicable");
  cmd->add_option("--tlp", f->tlp, "TLP of the incident (default amber)");
  cmd->add_option("--pap", f->pap, "PAP of the incident (default amber)");
  cmd->add_option("--country", f->countries, "An affected country (ISO 3166 alpha-2)");
  cmd->add_option("--link", f->links, "An object in the store this incident concerns");
  if (open) {
    cmd->add_option("--participant", f->participants, "A participating organisation");
  } else {
    cmd->add_option("--add-participant", f->add_participants, "Add a participating team");
    cmd->add_option("--remove-participant", f->remove_participants,
                    "Remove a participating team (it stops receiving the incident)");
  }
  AddActingOption(cmd, &f->as);
  cmd->add_flag("--json", f->json, "Print the incident as JSON");
}

// The body for the flags given; `current` participants are edited by add/remove.
Result<std::string> BodyOf(store::Database& db, const IncidentFlags& f,
                           const std::vector<std::string>* current) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject();
  auto str = [&](const char* key, const std::string& v) {
    if (!v.empty()) w.Key(key).String(v);
  };
  str("name", f.name);
  str("description", f.description);
  str("investigation_status", f.status);
  str("determination", f.determination);
  str("rsit_class", f.rsit_class);
  str("rsit_type", f.rsit_type);
  str("tlp", f.tlp);
  str("pap", f.pap);
  str("recoverability", f.recoverability);
  if (f.criticality >= 0) w.Key("criticality").Int(f.criticality);
  if (!f.countries.empty()) {
    w.Key("countries").BeginArray();
    for (const auto& c : f.countries) w.String(c);
    w.EndArray();
  }
  if (!f.links.empty()) {
    w.Key("object_refs").BeginArray();
    for (const auto& l : f.links) w.String(l);
    w.EndArray();
  }
  std::vector<std::string> participants = current ? *current : std::vector<std::string>{};
  for (const auto& p : f.participants) {
    auto id = ResolveOrganisation(db, p);
    if (!id.ok()) return id.status().WithPrefix("--participant");
    participants.push_back(*id);
  }
  for (const auto& p : f.add_participants) {
    auto id = ResolveOrganisation(db, p);
    if (!id.ok()) return id.status().WithPrefix("--add-participant");
    if (std::find(participants.begin(), participants.end(), *id) == participants.end()) {
      participants.push_back(*id);
    }
  }
  for (const auto& p : f.remove_participants) {
    auto id = ResolveOrganisation(db, p);
    if (!id.ok()) return id.status().WithPrefix("--remove-participant");
    participants.erase(std::remove(participants.begin(), participants.end(), *id),
                       participants.end());
  }
  if (!f.participants.empty() || !f.add_participants.empty() || !f.remove_participants.empty()) {
    w.Key("participants").BeginArray();
    for (const auto& p : participants) w.String(p);
    w.EndArray();
  }
  w.EndObject();
  return body;
}

int PrintIncident(store::Database& db, const Incident& i, bool as_json) {
  auto names = Names::Load(db);
  if (!names.ok()) return Report("incident", names.status());
  if (as_json) {
    PrintJson([&](json::Writer& w) { WriteIncidentRow({i, 0, 0, 0, 0}, *names, w); });
  } else {
    std::printf("%s %s [%s, %s/%s, %s]\n", i.id.c_str(), i.name.c_str(),
                i.investigation_status.c_str(), i.rsit_class.c_str(), i.rsit_type.c_str(),
                sharing::TlpName(i.tlp));
  }
  return kExitOk;
}

void AddOpen(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand("open", "Open an incident owned by your organisation");
  auto f = std::make_shared<IncidentFlags>();
  AddIncidentFlags(cmd, f.get(), true);
  RunWithDatabase(cmd, "incident open", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident open", actor.status());
    auto body = BodyOf(db, *f, nullptr);
    if (!body.ok()) return Report("incident open", body.status());
    json::Document doc;
    Status parsed = doc.ParseAll(*body);
    Incident draft;
    if (parsed.ok()) parsed = ApplyIncidentJson(doc.root(), &draft);
    if (!parsed.ok()) return Report("incident open", parsed);
    auto opened = Desk(db, SystemClock::Get(), *actor).Open(std::move(draft));
    if (!opened.ok()) return Report("incident open", opened.status());
    return PrintIncident(db, *opened, f->json);
  });
}

void AddEdit(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand("edit", "Change an incident your organisation owns");
  auto id = std::make_shared<std::string>();
  cmd->add_option("incident", *id, "The incident's id")->required();
  auto f = std::make_shared<IncidentFlags>();
  AddIncidentFlags(cmd, f.get(), false);
  RunWithDatabase(cmd, "incident edit", global, exit_code, [id, f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident edit", actor.status());
    Status inner;
    auto changed = Desk(db, SystemClock::Get(), *actor).Change(*id, [&](Incident& i) {
      auto body = BodyOf(db, *f, &i.participants);
      if (!body.ok()) return body.status();
      json::Document doc;
      CONCORD_RETURN_IF_ERROR(doc.ParseAll(*body));
      return ApplyIncidentJson(doc.root(), &i);
    });
    if (!changed.ok()) return Report("incident edit", changed.status());
    return PrintIncident(db, *changed, f->json);
  });
}

void AddList(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand("list", "Your organisation's incidents");
  struct Flags {
    IncidentFilter filter;
    std::string as, participant;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--status", f->filter.status, "new, open or closed");
  cmd->add_option("--class", f->filter.rsit_class, "RSIT class");
  cmd->add_option("--participant", f->participant, "With this participating organisation");
  cmd->add_option("--sort", f->filter.sort, "Column: name, status, criticality, modified, ...");
  cmd->add_flag("--ascending", f->filter.ascending, "Sort ascending");
  cmd->add_option("--limit", f->filter.limit, "At most this many (default 50)");
  AddActingOption(cmd, &f->as);
  cmd->add_flag("--json", f->json, "Print JSON");
  RunWithDatabase(cmd, "incident list", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident list", actor.status());
    IncidentFilter filter = f->filter;
    filter.viewer = actor->org_identity;
    if (!f->participant.empty()) {
      auto id = ResolveOrganisation(db, f->participant);
      if (!id.ok()) return Report("incident list", id.status());
      filter.participant = *id;
    }
    if (Status s = CheckOneOf("--sort", filter.sort, kIncidentSortColumns); !s.ok()) {
      return Report("incident list", s);
    }
    if (Status s = CatchUpIndex(db); !s.ok()) return Report("incident list", s);
    int64_t total = 0;
    bool more = false;
    const Micros now = SystemClock::Get().Now();
    auto rows = db.Get<IncidentStore>().List(filter, now, &total, &more);
    if (!rows.ok()) return Report("incident list", rows.status());
    auto names = Names::Load(db);
    if (!names.ok()) return Report("incident list", names.status());
    if (f->json) {
      PrintJson([&](json::Writer& w) {
        w.BeginObject();
        if (total >= 0) w.Key("total").Int(std::min(total, kCountCap));
        w.Key("more").Bool(more).Key("incidents").BeginArray();
        for (const auto& row : *rows) WriteIncidentRow(row, *names, w);
        w.EndArray().EndObject();
      });
      return kExitOk;
    }
    for (const auto& row : *rows) {
      const Incident& i = row.incident;
      std::printf("%s  %-8s %-24s %s  (%s; %d open, %d overdue requests)\n", i.id.c_str(),
                  i.investigation_status.c_str(), (i.rsit_class + "/" + i.rsit_type).c_str(),
                  i.name.c_str(), names->NameOf(i.owner).c_str(), row.open_requests,
                  row.overdue_requests);
    }
    if (total > kCountCap) {
      std::printf("more than %lld incidents\n", static_cast<long long>(kCountCap));
    } else if (total >= 0) {
      std::printf("%lld incident(s)\n", static_cast<long long>(total));
    } else {
      std::printf("%zu incident(s) shown%s\n", rows->size(), more ? "; more match" : "");
    }
    return kExitOk;
  });
}

void AddShow(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand("show", "An incident with its tasks, requests, timeline");
  auto id = std::make_shared<std::string>();
  auto as = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  cmd->add_option("incident", *id, "The incident's id")->required();
  AddActingOption(cmd, as.get());
  cmd->add_flag("--json", *as_json, "Print JSON");
  RunWithDatabase(cmd, "incident show", global, exit_code, [id, as, as_json](store::Database& db) {
    auto actor = CliActorFor(db, *as);
    if (!actor.ok()) return Report("incident show", actor.status());
    const Clock& clock = SystemClock::Get();
    auto page = LoadPage(db, clock, *actor, *id);
    if (!page.ok()) return Report("incident show", page.status());
    const Micros now = clock.Now();
    if (*as_json) {
      PrintJson([&](json::Writer& w) { WritePage(*page, now, w); });
      return kExitOk;
    }
    const Incident& i = page->row.incident;
    std::printf("%s\n  %s\n  owner %s; %s; %s/%s; %s %s\n", i.id.c_str(), i.name.c_str(),
                page->names.NameOf(i.owner).c_str(), i.investigation_status.c_str(),
                i.rsit_class.c_str(), i.rsit_type.c_str(), sharing::TlpName(i.tlp), i.pap.c_str());
    for (const auto& p : i.participants) {
      std::printf("  participant %s\n", page->names.NameOf(p).c_str());
    }
    for (const auto& t : page->tasks) {
      std::printf("  task %s %s [%s]\n", t.id.c_str(), t.name.c_str(), t.outcome.c_str());
    }
    for (const auto& r : page->requests) {
      std::printf("  request %s to %s: %s [%s]%s\n", r.request.id.c_str(),
                  page->names.NameOf(r.request.recipient).c_str(), r.request.action.c_str(),
                  r.state.c_str(), r.AcknowledgeOverdue(now) || r.Overdue(now) ? " OVERDUE" : "");
    }
    for (const auto& a : page->timeline) {
      std::printf("  %s %s %s %s\n", FormatTimestampMillis(a.at).c_str(), a.actor.c_str(),
                  a.action.c_str(), a.subject.c_str());
    }
    return kExitOk;
  });
}

void AddSuggest(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand(
      "suggest", "Which teams' constituencies the incident's observables are in");
  auto id = std::make_shared<std::string>();
  auto as = std::make_shared<std::string>();
  cmd->add_option("incident", *id, "The incident's id")->required();
  AddActingOption(cmd, as.get());
  RunWithDatabase(cmd, "incident suggest", global, exit_code, [id, as](store::Database& db) {
    auto actor = CliActorFor(db, *as);
    if (!actor.ok()) return Report("incident suggest", actor.status());
    auto found = Suggest(db, SystemClock::Get(), *actor, *id);
    if (!found.ok()) return Report("incident suggest", found.status());
    for (const auto& s : *found) {
      std::printf("%s is in %s's constituency (%s)%s\n", s.value.c_str(), s.team.c_str(),
                  s.reason.c_str(), s.participant ? "; a participant already" : "");
    }
    if (found->empty()) std::printf("no suggestion\n");
    return kExitOk;
  });
}

void AddReport(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* cmd = incident->add_subcommand(
      "report", "Incidents per RSIT class and month, or requests and SLA compliance per partner");
  struct Flags {
    std::string by = "class", as;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--by", f->by, "class (per RSIT class and month) or partner")
      ->check(CLI::IsMember({"class", "partner"}));
  AddActingOption(cmd, &f->as);
  RunWithDatabase(cmd, "incident report", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("incident report", actor.status());
    if (f->by == "class") {
      auto rows = IncidentsByClassAndMonth(db, *actor);
      if (!rows.ok()) return Report("incident report", rows.status());
      std::fputs(ClassMonthCsv(*rows).c_str(), stdout);
    } else {
      auto rows = RequestsByPartner(db, *actor, SystemClock::Get().Now());
      if (!rows.ok()) return Report("incident report", rows.status());
      std::fputs(PartnerCsv(*rows).c_str(), stdout);
    }
    return kExitOk;
  });
}

void AddTaskCommands(CLI::App* incident, const GlobalOptions& global, int* exit_code) {
  auto* task = incident->add_subcommand("task", "Tasks of an incident");
  task->require_subcommand(1);
  struct Flags {
    std::string target, name, description, outcome, assignee, due, as;
    int priority = -1;
    bool json = false;
  };
  for (const bool add : {true, false}) {
    auto* cmd = task->add_subcommand(add ? "add" : "edit",
                                     add ? "Add a task to an incident" : "Change a task you made");
    auto f = std::make_shared<Flags>();
    cmd->add_option(add ? "incident" : "task", f->target, add ? "The incident" : "The task")
        ->required();
    cmd->add_option("--name", f->name, "What is to be done")->required(add);
    cmd->add_option("--description", f->description, "Details");
    cmd->add_option("--outcome", f->outcome,
                    "pending, ongoing, successful, failed, cancelled, unknown");
    cmd->add_option("--assignee", f->assignee, "user:NAME, or a participating organisation");
    cmd->add_option("--due", f->due, "Due in (4h, 2d) or at a timestamp");
    cmd->add_option("--priority", f->priority, "0-100");
    AddActingOption(cmd, &f->as);
    cmd->add_flag("--json", f->json, "Print JSON");
    const std::string name = add ? "incident task add" : "incident task edit";
    RunWithDatabase(cmd, name, global, exit_code, [f, add, name](store::Database& db) {
      auto actor = CliActorFor(db, f->as);
      if (!actor.ok()) return Report(name.c_str(), actor.status());
      std::string body;
      json::Writer w(&body);
      w.BeginObject();
      if (!f->name.empty()) w.Key("name").String(f->name);
      if (!f->description.empty()) w.Key("description").String(f->description);
      if (!f->outcome.empty()) w.Key("outcome").String(f->outcome);
      if (f->priority >= 0) w.Key("priority").Int(f->priority);
      if (!f->assignee.empty()) {
        std::string assignee = f->assignee;
        if (assignee.rfind("user:", 0) != 0) {
          auto id = ResolveOrganisation(db, assignee);
          if (!id.ok()) return Report(name.c_str(), id.status().WithPrefix("--assignee"));
          assignee = *id;
        }
        w.Key("assignee").String(assignee);
      }
      if (!f->due.empty()) {
        auto due = ParseWhen(f->due, SystemClock::Get().Now(), "--due");
        if (!due.ok()) return Report(name.c_str(), due.status());
        w.Key("due").String(FormatTimestampMillis(*due));
      }
      w.EndObject();
      json::Document doc;
      if (Status s = doc.ParseAll(body); !s.ok()) return Report(name.c_str(), s);
      Desk desk(db, SystemClock::Get(), *actor);
      Result<Task> result = Status::Internal("unreachable");
      if (add) {
        Task draft;
        if (Status s = ApplyTaskJson(doc.root(), &draft); !s.ok()) return Report(name.c_str(), s);
        result = desk.AddTask(f->target, std::move(draft));
      } else {
        result = desk.ChangeTask(f->target, [&](Task& t) { return ApplyTaskJson(doc.root(), &t); });
      }
      if (!result.ok()) return Report(name.c_str(), result.status());
      if (f->json) {
        PrintJson([&](json::Writer& w) { WriteTask(*result, w); });
      } else {
        std::printf("%s %s [%s]\n", result->id.c_str(), result->name.c_str(),
                    result->outcome.c_str());
      }
      return kExitOk;
    });
  }
}

}  // namespace

void AddIncidentCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("incident", "Cross-border incidents, shared with participants");
  cmd->require_subcommand(1);
  AddOpen(cmd, global, exit_code);
  AddList(cmd, global, exit_code);
  AddShow(cmd, global, exit_code);
  AddEdit(cmd, global, exit_code);
  AddSuggest(cmd, global, exit_code);
  AddReport(cmd, global, exit_code);
  AddInterchangeCommands(cmd, global, exit_code);
  AddTaskCommands(cmd, global, exit_code);
}

}  // namespace concord::incidents
