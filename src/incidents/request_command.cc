// concord request: assistance requests between teams: send, list, show, report on, escalate.
#include <cstdio>
#include <memory>

#include "incidents/command_support.h"
#include "incidents/escalation.h"
#include "incidents/module.h"
#include "incidents/views.h"

namespace concord::incidents {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...
namespace {

int PrintState(const RequestState& s, const Names& names, bool as_json) {
  const Micros now = SystemClock::Get().Now();
  if (as_json) {
    PrintJson([&](json::Writer& w) { WriteRequestState(s, names, now, w); });
    return kExitOk;
  }
  std::printf("%s %s -> %s: %s [%s]%s; acknowledge by %s, complete by %s\n", s.request.id.c_str(),
              names.NameOf(s.request.requester).c_str(), names.NameOf(s.request.recipient).c_str(),
              s.request.action.c_str(), s.state.c_str(),
              s.AcknowledgeOverdue(now) || s.Overdue(now) ? " OVERDUE" : "",
              FormatTimestampMillis(s.request.acknowledge_by).c_str(),
              FormatTimestampMillis(s.request.complete_by).c_str());
  return kExitOk;
}

void AddSend(CLI::App* request, const GlobalOptions& global, int* exit_code) {
  auto* cmd = request->add_subcommand("send", "Ask a participating team for assistance");
  struct Flags {
    std::string incident, to, action, text, severity, deadline, tlp, reference, as;
    std::vector<std::string> evidence;
    bool json = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("incident", f->incident, "The incident")->required();
  cmd->add_option("--to", f->to, "The receiving organisation (a participant)")->required();
  cmd->add_option("--action", f->action,
                  "take-down, block, identify, notify-victim, preserve-logs, analyse-sample, "
                  "share-information, other")
      ->required();
  cmd->add_option("--text", f->text, "What exactly is asked");
  cmd->add_option("--severity", f->severity, "critical, high, medium (default), low");
  cmd->add_option("--deadline", f->deadline, "Wanted within (4h, 2d) or by a timestamp");
  cmd->add_option("--evidence", f->evidence, "An object released with the request");
  cmd->add_option("--tlp", f->tlp, "TLP of the request (default amber)");
  cmd->add_option("--reference", f->reference, "Your own ticket number");
  AddActingOption(cmd, &f->as);
  cmd->add_flag("--json", f->json, "Print JSON");
  RunWithDatabase(cmd, "request send", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("request send", actor.status());
    auto to = ResolveOrganisation(db, f->to);
    if (!to.ok()) return Report("request send", to.status().WithPrefix("--to"));
    std::string body;
    json::Writer w(&body);
    w.BeginObject().Key("recipient").String(*to).Key("action").String(f->action);
    if (!f->text.empty()) w.Key("text").String(f->text);
    if (!f->severity.empty()) w.Key("severity").String(f->severity);
    if (!f->tlp.empty()) w.Key("tlp").String(f->tlp);
    if (!f->reference.empty()) w.Key("requester_reference").String(f->reference);
    if (!f->deadline.empty()) {
      auto at = ParseWhen(f->deadline, SystemClock::Get().Now(), "--deadline");
      if (!at.ok()) return Report("request send", at.status());
      w.Key("deadline").String(FormatTimestampMillis(*at));
    }
    w.Key("evidence_refs").BeginArray();
    for (const auto& e : f->evidence) w.String(e);
    w.EndArray().EndObject();
    json::Document doc;
    Request draft;
    Status parsed = doc.ParseAll(body);
    if (parsed.ok()) parsed = ApplyRequestJson(doc.root(), &draft);
    if (!parsed.ok()) return Report("request send", parsed);
    auto names = Names::Load(db);
    if (!names.ok()) return Report("request send", names.status());
    auto sent = Desk(db, SystemClock::Get(), *actor)
                    .Send(f->incident, std::move(draft),
                          [&](std::string_view id) { return names->TeamOf(id); });
    if (!sent.ok()) return Report("request send", sent.status());
    return PrintState(*sent, *names, f->json);
  });
}

void AddReports(CLI::App* request, const GlobalOptions& global, int* exit_code) {
  struct Kind {
    const char* command;
    const char* kind;
    const char* help;
  };
  static const Kind kKinds[] = {
      {"ack", "acknowledged", "Acknowledge a request you received"},
      {"accept", "accepted", "Accept a request you received"},
      {"decline", "declined", "Decline a request you received (give --text: the reason)"},
      {"progress", "progress", "Report progress on a request you accepted"},
      {"complete", "completed", "Complete a request you accepted (give --outcome)"},
      {"cancel", "cancelled", "Cancel a request you sent"}};
  for (const Kind& k : kKinds) {
    auto* cmd = request->add_subcommand(k.command, k.help);
    struct Flags {
      std::string id, reference, text, outcome, as;
      bool json = false;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("request", f->id, "The request's id")->required();
    cmd->add_option("--reference", f->reference, "Your own ticket number");
    cmd->add_option("--text", f->text, "What was done, or why not");
    cmd->add_option("--outcome", f->outcome, "successful, partial or failed");
    AddActingOption(cmd, &f->as);
    cmd->add_flag("--json", f->json, "Print JSON");
    const std::string name = std::string("request ") + k.command;
    const std::string kind = k.kind;
    RunWithDatabase(cmd, name, global, exit_code, [f, name, kind](store::Database& db) {
      auto actor = CliActorFor(db, f->as);
      if (!actor.ok()) return Report(name.c_str(), actor.status());
      RequestUpdate draft;
      draft.kind = kind;
      draft.reference = f->reference;
      draft.text = f->text;
      draft.outcome = f->outcome;
      auto state = Desk(db, SystemClock::Get(), *actor).Report(f->id, std::move(draft));
      if (!state.ok()) return Report(name.c_str(), state.status());
      auto names = Names::Load(db);
      if (!names.ok()) return Report(name.c_str(), names.status());
      return PrintState(*state, *names, f->json);
    });
  }
}

void AddListShow(CLI::App* request, const GlobalOptions& global, int* exit_code) {
  auto* list = request->add_subcommand("list", "Requests your organisation received (or sent)");
  struct Flags {
    std::string id, as;
    bool outbox = false, json = false;
  };
  auto f = std::make_shared<Flags>();
  list->add_flag("--outbox", f->outbox, "The requests you sent");
  AddActingOption(list, &f->as);
  list->add_flag("--json", f->json, "Print JSON");
  RunWithDatabase(list, "request list", global, exit_code, [f](store::Database& db) {
    auto actor = CliActorFor(db, f->as);
    if (!actor.ok()) return Report("request list", actor.status());
    if (Status s = CatchUpIndex(db); !s.ok()) return Report("request list", s);
    auto names = Names::Load(db);
    if (!names.ok()) return Report("request list", names.status());
    auto rows = db.Get<IncidentStore>().RequestsOf(actor->org_identity, !f->outbox, 500);
    if (!rows.ok()) return Report("request list", rows.status());
    const Micros now = SystemClock::Get().Now();
    if (f->json) {
      PrintJson([&](json::Writer& w) {
        w.BeginObject().Key("box").String(f->outbox ? "outbox" : "inbox");
        w.Key("requests").BeginArray();
        for (const auto& r : *rows) WriteRequestState(r, *names, now, w);
        w.EndArray().EndObject();
      });
      return kExitOk;
    }
    for (const auto& r : *rows) PrintState(r, *names, false);
    return kExitOk;
  });
  auto* show = request->add_subcommand("show", "One request with its updates");
  auto g = std::make_shared<Flags>();
  show->add_option("request", g->id, "The request's id")->required();
  AddActingOption(show, &g->as);
  RunWithDatabase(show, "request show", global, exit_code, [g](store::Database& db) {
    auto actor = CliActorFor(db, g->as);
    if (!actor.ok()) return Report("request show", actor.status());
    if (Status s = CatchUpIndex(db); !s.ok()) return Report("request show", s);
    auto r = db.Get<IncidentStore>().GetRequest(g->id);
    if (!r.ok()) return Report("request show", r.status());
    if (!r->has_value() || ((*r)->request.requester != actor->org_identity &&
                            (*r)->request.recipient != actor->org_identity)) {
      return Report("request show", Status::NotFound("no request " + g->id));
    }
    auto names = Names::Load(db);
    if (!names.ok()) return Report("request show", names.status());
    return PrintState(**r, *names, true);
  });
}

void AddEscalate(CLI::App* request, const GlobalOptions& global, int* exit_code) {
  auto* cmd = request->add_subcommand(
      "escalate", "Mail the 24/7 contacts about requests not acknowledged in time, now");
  struct Flags {
    std::string smtp, from = "concord@localhost", now;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--smtp", f->smtp, "SMTP relay host:port")->required();
  cmd->add_option("--from", f->from, "Sender address");
  cmd->add_option("--now", f->now, "Judge deadlines as at this timestamp (drills and tests)");
  RunWithDatabase(cmd, "request escalate", global, exit_code, [f](store::Database& db) {
    Micros now = SystemClock::Get().Now();
    if (!f->now.empty()) {
      auto at = ParseTimestamp(f->now);
      if (!at.ok()) return Report("request escalate", at.status().WithPrefix("--now"));
      now = *at;
    }
    directory::SmtpTransport smtp(f->smtp);
    auto reports = EscalateOverdue(db, now, smtp, f->from);
    if (!reports.ok()) return Report("request escalate", reports.status());
    int failed = 0;
    for (const auto& r : *reports) {
      std::printf("%s: %zu notified%s%s\n", r.request_id.c_str(), r.notified.size(),
                  r.error.empty() ? "" : "; ", r.error.c_str());
      if (r.notified.empty()) ++failed;
    }
    std::printf("%zu request(s) escalated\n", reports->size() - failed);
    return failed == 0 ? kExitOk : kExitRejected;
  });
}

}  // namespace

void AddRequestCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand("request", "Assistance requests between teams, with deadlines");
  cmd->require_subcommand(1);
  AddSend(cmd, global, exit_code);
  AddListShow(cmd, global, exit_code);
  AddReports(cmd, global, exit_code);
  AddEscalate(cmd, global, exit_code);
}

}  // namespace concord::incidents
