// Incidents, their tasks and assistance requests (docs/DESIGN.md, "Cross-border incidents"):
//   GET   /api/v1/incidents                  the caller's organisation's incidents (owner or
//                                            participant): ?status= &class= &participant=
//                                            &owner= &q= &sort=COLUMN &order=asc|desc &limit=
//                                            &offset=
//   POST  /api/v1/incidents                  opens one (owned by the caller's organisation)
//   GET   /api/v1/incidents/{id}             its page: the incident, tasks, requests, timeline
//   PATCH /api/v1/incidents/{id}             changes it (its owner)
//   GET   /api/v1/incidents/{id}/audit       its audit chain and whether it verifies
//   GET   /api/v1/incidents/{id}/suggestions the teams whose constituency its observables are in
//   GET   /api/v1/incidents/{id}/iodef       the incident as IODEF v2 (RFC 7970)
//   GET   /api/v1/incidents/{id}/bundle      the incident as a STIX bundle, with its audit log
//   POST  /api/v1/incidents/iodef[?rsit=CLASS/TYPE]  opens incidents from an IODEF v2 document
//   POST  /api/v1/incidents/{id}/tasks       adds a task (owner or participant)
//   PATCH /api/v1/tasks/{id}                 changes a task (the team that made it)
//   POST  /api/v1/incidents/{id}/requests    sends an assistance request to a participant
//   GET   /api/v1/taxonomies/rsit            the RSIT classes and types incidents are classified by
//   GET   /api/v1/reports/incidents?by=class|partner[&format=csv]  incidents per RSIT class and
//                                            month; requests and SLA compliance per partner
//   GET   /api/v1/partners                   the organisations an incident may name (for forms)
//   GET   /api/v1/requests?box=inbox|outbox  the caller's organisation's requests
//   GET   /api/v1/requests/{id}              one request with its updates
//   POST  /api/v1/requests/{id}/updates      reports on it (recipient) or cancels it (requester)
//   GET   /api/v1/notifications[?unread=true&limit=N]  what happened in the caller's incidents
//   POST  /api/v1/notifications/read         marks them read ({"ids": [...]}, or all)
//   GET|POST /api/v1/notifications/subscriptions, DELETE .../{id}  mail and webhook subscriptions
// Everything is visible only to the organisations an incident lists; anything else is a 404.
#include "common/numbers.h"
#include "http/message.h"
#include "incidents/interchange.h"
#include "incidents/module.h"
#include "incidents/notify.h"
#include "incidents/reports.h"
#include "incidents/rsit.h"
#include "incidents/suggest.h"
#include "incidents/views.h"

namespace concord::incidents {
namespace {

using api::Access;
using api::Context;

Actor ActorOf(const Context& c) {
  return {c.caller().org.identity_id, c.caller().org.name, c.Actor()};
}

http::Response JsonOf(const std::function<void(json::Writer&)>& write, int status = 200) {
  std::string body;
  json::Writer w(&body);
  write(w);
  return http::Response::Json(status, std::move(body));
}

http::Response ListIncidents(Context& c) {
  IncidentFilter f;
  f.viewer = c.caller().org.identity_id;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "status") {
      f.status = value;
    } else if (key == "class") {
      f.rsit_class = value;
    } else if (key == "participant") {
      f.participant = value;
    } else if (key == "owner") {
      f.owner = value;
    } else if (key == "q") {
      f.text = value;
    } else if (key == "sort") {
      Status s = CheckOneOf("sort", value, kIncidentSortColumns);
      if (!s.ok()) return api::ErrorWithField(s);
      f.sort = value;
    } else if (key == "order") {
      if (value != "asc" && value != "desc") {
        return api::FieldError("order", "order: asc or desc");
      }
      f.ascending = value == "asc";
    } else if (key == "limit" || key == "offset") {
      auto n = ParseInteger<int64_t>(value);
      if (!n || *n < 0 || (key == "limit" && (*n < 1 || *n > 500))) {
        return api::FieldError(key, key + ": a number" + (key == "limit" ? " from 1 to 500" : ""));
      }
      (key == "limit" ? f.limit : f.offset) = static_cast<size_t>(*n);
    } else {
      return api::FieldError(key, key + ": unknown parameter");
    }
  }
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  Status caught = CatchUpIndex(c.db());
  if (!caught.ok()) return http::Response::FromStatus(caught);
  int64_t total = 0;
  bool more = false;
  const Micros now = c.clock().Now();
  auto rows = c.db().Get<IncidentStore>().List(f, now, &total, &more);
  if (!rows.ok()) return http::Response::FromStatus(rows.status());
  return JsonOf([&](json::Writer& w) {
    w.BeginObject();
    if (total >= 0) w.Key("total").Int(std::min(total, kCountCap));
    w.Key("more").Bool(more).Key("incidents").BeginArray();
    for (const auto& row : *rows) WriteIncidentRow(row, *names, w);
    w.EndArray().EndObject();
  });
}

http::Response OpenIncident(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  Incident draft;
  if (Status s = ApplyIncidentJson(doc.root(), &draft); !s.ok()) return api::ErrorWithField(s);
  auto opened = Desk(c.db(), c.clock(), ActorOf(c)).Open(std::move(draft));
  if (!opened.ok()) return api::ErrorWithField(opened.status());
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  return JsonOf([&](json::Writer& w) { WriteIncidentRow({*opened, 0, 0, 0, 0}, *names, w); }, 201);
}

http::Response ShowIncident(Context& c) {
  auto page = LoadPage(c.db(), c.clock(), ActorOf(c), c.Param("id"));
  if (!page.ok()) return http::Response::FromStatus(page.status());
  return JsonOf([&](json::Writer& w) { WritePage(*page, c.clock().Now(), w); });
}

http::Response ChangeIncident(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  auto changed = Desk(c.db(), c.clock(), ActorOf(c)).Change(c.Param("id"), [&](Incident& i) {
    return ApplyIncidentJson(doc.root(), &i);
  });
  if (!changed.ok()) return api::ErrorWithField(changed.status());
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  return JsonOf([&](json::Writer& w) { WriteIncidentRow({*changed, 0, 0, 0, 0}, *names, w); });
}

http::Response IncidentAudit(Context& c) {
  auto row = Desk(c.db(), c.clock(), ActorOf(c)).Visible(c.Param("id"));
  if (!row.ok()) return http::Response::FromStatus(row.status());
  auto& store = c.db().Get<IncidentStore>();
  auto audit = store.Audit(row->incident.id);
  if (!audit.ok()) return http::Response::FromStatus(audit.status());
  auto problems = store.VerifyAudit(row->incident.id);
  if (!problems.ok()) return http::Response::FromStatus(problems.status());
  return JsonOf([&](json::Writer& w) { WriteAudit(*audit, *problems, w); });
}

http::Response Suggestions(Context& c) {
  auto found = Suggest(c.db(), c.clock(), ActorOf(c), c.Param("id"));
  if (!found.ok()) return http::Response::FromStatus(found.status());
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("suggestions").BeginArray();
    for (const auto& s : *found) {
      w.BeginObject().Key("value").String(s.value).Key("object").String(s.object_id);
      w.Key("team_id").String(s.team_id).Key("team").String(s.team);
      w.Key("country").String(s.country).Key("reason").String(s.reason);
      w.Key("participant").Bool(s.participant).EndObject();
    }
    w.EndArray().EndObject();
  });
}

http::Response ImportIodefDocument(Context& c) {
  IodefImportOptions options;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key != "rsit") return api::FieldError(key, key + ": unknown parameter (rsit=CLASS/TYPE)");
    const size_t slash = value.find('/');
    options.rsit_class = value.substr(0, slash);
    options.rsit_type = slash == std::string::npos ? "" : value.substr(slash + 1);
  }
  auto imported = ImportIodef(c.db(), c.clock(), ActorOf(c), c.request().body, options);
  if (!imported.ok()) return http::Response::FromStatus(imported.status());
  return JsonOf(
      [&](json::Writer& w) {
        w.BeginObject().Key("incidents").BeginArray();
        for (const Incident& i : imported->incidents) WriteIncident(i, w);
        w.EndArray();
        w.Key("linked_objects").Int(imported->linked_objects).Key("tasks").Int(imported->tasks);
        w.Key("skipped").BeginArray();
        for (const std::string& s : imported->skipped) w.String(s);
        w.EndArray().EndObject();
      },
      201);
}

// The incident as a file: IODEF XML or a STIX bundle, offered for download.
http::Response ExportAs(Context& c, bool iodef) {
  auto text = iodef ? ExportIodef(c.db(), c.clock(), ActorOf(c), c.Param("id"))
                    : ExportStixBundle(c.db(), c.clock(), ActorOf(c), c.Param("id"));
  if (!text.ok()) return http::Response::FromStatus(text.status());
  http::Response r;
  r.status = 200;
  r.body = std::move(*text);
  r.SetHeader("Content-Type",
              iodef ? "application/xml; charset=utf-8" : "application/stix+json;version=2.1");
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + std::string(c.Param("id")) +
                                         (iodef ? ".iodef.xml\"" : ".stix.json\""));
  return r;
}

http::Response ListNotifications(Context& c) {
  bool unread = false;
  int64_t limit = 50;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    auto n = ParseInteger<int64_t>(value);
    if (key == "unread" && (value == "true" || value == "false")) {
      unread = value == "true";
    } else if (key == "limit" && n && *n >= 1 && *n <= 1000) {
      limit = *n;
    } else {
      return api::FieldError(key, key + ": unread=true|false, limit=1..1000");
    }
  }
  if (Status st = NotificationsCurrent(c.db(), c.clock().Now()); !st.ok())
    return http::Response::FromStatus(st);
  auto& store = c.db().Get<NotificationStore>();
  const std::string org = c.caller().org.identity_id;
  auto list = store.List(org, unread, static_cast<int>(limit));
  if (!list.ok()) return http::Response::FromStatus(list.status());
  auto count = store.Unread(org);
  if (!count.ok()) return http::Response::FromStatus(count.status());
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("unread").Int(*count).Key("notifications").BeginArray();
    for (const auto& n : *list) WriteNotification(n, w);
    w.EndArray().EndObject();
  });
}

http::Response MarkNotificationsRead(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  const json::Value ids = doc.root()["ids"];
  if (!doc.root().is_object() || (ids.exists() && !ids.is_array())) {
    return api::FieldError("ids", "ids: an array of notification ids (none: all)");
  }
  std::vector<int64_t> list;
  for (uint32_t k = 0; ids.exists() && k < ids.size(); ++k) {
    auto id = ids.at(k).as_int();
    if (!id) return api::FieldError("ids", "ids: numbers");
    list.push_back(*id);
  }
  auto& store = c.db().Get<NotificationStore>();
  const std::string org = c.caller().org.identity_id;
  if (Status st = store.MarkRead(org, list, c.clock().Now()); !st.ok()) {
    return http::Response::FromStatus(st);
  }
  auto count = store.Unread(org);
  if (!count.ok()) return http::Response::FromStatus(count.status());
  return JsonOf([&](json::Writer& w) { w.BeginObject().Key("unread").Int(*count).EndObject(); });
}

void WriteSubscription(const Subscription& s, json::Writer& w) {
  w.BeginObject().Key("id").Int(s.id).Key("channel").String(s.channel);
  w.Key("target").String(s.target).Key("created").String(FormatTimestampMillis(s.created));
  w.EndObject();
}

http::Response ListSubscriptions(Context& c) {
  auto subs = c.db().Get<NotificationStore>().Subscriptions(c.caller().org.identity_id);
  if (!subs.ok()) return http::Response::FromStatus(subs.status());
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("subscriptions").BeginArray();
    for (const auto& s : *subs) WriteSubscription(s, w);
    w.EndArray().EndObject();
  });
}

http::Response AddSubscription(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  const json::Value b = doc.root();
  Subscription s;
  s.org = c.caller().org.identity_id;
  s.channel = b["channel"].str();
  if (s.channel != "mail" && s.channel != "webhook") {
    return api::FieldError("channel", "channel: mail or webhook");
  }
  s.target = b["target"].str();
  s.secret = b["secret"].str();
  s.created = c.clock().Now();
  // Over the API only https: a person of an organisation cannot aim the node at a service on
  // its own machine (the CLI, run by the node's operator, may name a loopback receiver).
  if (s.channel == "webhook" && s.target.rfind("https://", 0) != 0) {
    return api::FieldError("target", "target: an https URL");
  }
  if (Status st = CheckSubscription(s); !st.ok()) return api::ErrorWithField(st);
  auto id = c.db().Get<NotificationStore>().Subscribe(s);
  if (!id.ok()) return http::Response::FromStatus(id.status());
  s.id = *id;
  return JsonOf([&](json::Writer& w) { WriteSubscription(s, w); }, 201);
}

http::Response RemoveSubscription(Context& c) {
  auto id = ParseInteger<int64_t>(c.Param("id"));
  if (!id) return http::Response::FromStatus(Status::NotFound("no such subscription"));
  Status st = c.db().Get<NotificationStore>().Unsubscribe(c.caller().org.identity_id, *id);
  if (!st.ok()) return http::Response::FromStatus(st);
  return JsonOf([&](json::Writer& w) { w.BeginObject().Key("removed").Int(*id).EndObject(); });
}

http::Response AddTask(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  Task draft;
  if (Status s = ApplyTaskJson(doc.root(), &draft); !s.ok()) return api::ErrorWithField(s);
  auto task = Desk(c.db(), c.clock(), ActorOf(c)).AddTask(c.Param("id"), std::move(draft));
  if (!task.ok()) return api::ErrorWithField(task.status());
  return JsonOf([&](json::Writer& w) { WriteTask(*task, w); }, 201);
}

http::Response ChangeTask(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  auto task = Desk(c.db(), c.clock(), ActorOf(c)).ChangeTask(c.Param("id"), [&](Task& t) {
    return ApplyTaskJson(doc.root(), &t);
  });
  if (!task.ok()) return api::ErrorWithField(task.status());
  return JsonOf([&](json::Writer& w) { WriteTask(*task, w); });
}

http::Response SendRequest(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  Request draft;
  if (Status s = ApplyRequestJson(doc.root(), &draft); !s.ok()) return api::ErrorWithField(s);
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  auto sent = Desk(c.db(), c.clock(), ActorOf(c))
                  .Send(c.Param("id"), std::move(draft),
                        [&](std::string_view id) { return names->TeamOf(id); });
  if (!sent.ok()) return api::ErrorWithField(sent.status());
  return JsonOf([&](json::Writer& w) { WriteRequestState(*sent, *names, c.clock().Now(), w); },
                201);
}

http::Response Reports(Context& c) {
  std::string by = "class", format = "json";
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "by" && (value == "class" || value == "partner")) {
      by = value;
    } else if (key == "format" && (value == "json" || value == "csv")) {
      format = value;
    } else {
      return api::FieldError(key, key + ": by=class|partner, format=json|csv");
    }
  }
  const Actor actor = ActorOf(c);
  std::string csv;
  http::Response r;
  if (by == "class") {
    auto rows = IncidentsByClassAndMonth(c.db(), actor);
    if (!rows.ok()) return http::Response::FromStatus(rows.status());
    if (format == "csv") {
      csv = ClassMonthCsv(*rows);
    } else {
      r = JsonOf([&](json::Writer& w) {
        w.BeginObject().Key("by").String("class").Key("rows").BeginArray();
        for (const auto& row : *rows) {
          w.BeginObject().Key("month").String(row.month).Key("rsit_class").String(row.rsit_class);
          w.Key("incidents").Int(row.incidents).EndObject();
        }
        w.EndArray().EndObject();
      });
    }
  } else {
    auto rows = RequestsByPartner(c.db(), actor, c.clock().Now());
    if (!rows.ok()) return http::Response::FromStatus(rows.status());
    if (format == "csv") {
      csv = PartnerCsv(*rows);
    } else {
      auto optional = [](json::Writer& w, const char* key, int64_t v) {
        if (v >= 0) w.Key(key).Int(v);
      };
      r = JsonOf([&](json::Writer& w) {
        w.BeginObject().Key("by").String("partner").Key("rows").BeginArray();
        for (const auto& p : *rows) {
          w.BeginObject()
              .Key("partner")
              .String(p.partner)
              .Key("partner_name")
              .String(p.partner_name);
          w.Key("sent").Int(p.sent).Key("received").Int(p.received);
          w.Key("acknowledged").Int(p.acknowledged).Key("completed").Int(p.completed);
          optional(w, "median_seconds_to_acknowledge",
                   p.median_acknowledge < 0 ? -1 : p.median_acknowledge / 1'000'000);
          optional(w, "median_seconds_to_complete",
                   p.median_complete < 0 ? -1 : p.median_complete / 1'000'000);
          optional(w, "acknowledged_in_time_percent", p.acknowledge_compliance);
          optional(w, "completed_in_time_percent", p.complete_compliance);
          w.EndObject();
        }
        w.EndArray().EndObject();
      });
    }
  }
  if (format == "csv") {
    r.status = 200;
    r.body = std::move(csv);
    r.SetHeader("Content-Type", "text/csv; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"incidents-by-" + by + ".csv\"");
  }
  return r;
}

http::Response RsitClasses(Context& c) {
  const RsitTaxonomy& rsit = RsitTaxonomy::Get();
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("version").Int(rsit.version()).Key("classes").BeginArray();
    for (const auto& k : rsit.classes()) {
      w.BeginObject().Key("id").String(k.id).Key("name").String(k.name).Key("types").BeginArray();
      for (const auto& ty : k.types) {
        w.BeginObject().Key("id").String(ty.id).Key("name").String(ty.name);
        w.Key("description").String(ty.description).EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  });
}

// Every organisation registered here (the ones an incident may list) with its directory team.
http::Response ListPartners(Context& c) {
  auto orgs = c.db().accounts().ListOrganisations();
  if (!orgs.ok()) return http::Response::FromStatus(orgs.status());
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("partners").BeginArray();
    for (const auto& o : *orgs) {
      w.BeginObject().Key("name").String(o.name).Key("identity").String(o.identity_id);
      w.Key("yours").Bool(o.identity_id == c.caller().org.identity_id);
      if (const directory::Team* team = names->TeamOf(o.identity_id)) {
        w.Key("country").String(team->country).Key("time_zone").String(team->time_zone);
      }
      w.EndObject();
    }
    w.EndArray().EndObject();
  });
}

http::Response ListRequests(Context& c) {
  bool inbox = true;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key != "box" || (value != "inbox" && value != "outbox")) {
      return api::FieldError("box", "box: inbox or outbox");
    }
    inbox = value == "inbox";
  }
  if (Status s = CatchUpIndex(c.db()); !s.ok()) return http::Response::FromStatus(s);
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  auto list = c.db().Get<IncidentStore>().RequestsOf(c.caller().org.identity_id, inbox, 500);
  if (!list.ok()) return http::Response::FromStatus(list.status());
  const Micros now = c.clock().Now();
  return JsonOf([&](json::Writer& w) {
    w.BeginObject().Key("box").String(inbox ? "inbox" : "outbox").Key("requests").BeginArray();
    for (const auto& r : *list) WriteRequestState(r, *names, now, w);
    w.EndArray().EndObject();
  });
}

http::Response ShowRequest(Context& c) {
  if (Status s = CatchUpIndex(c.db()); !s.ok()) return http::Response::FromStatus(s);
  auto r = c.db().Get<IncidentStore>().GetRequest(c.Param("id"));
  if (!r.ok()) return http::Response::FromStatus(r.status());
  const std::string& org = c.caller().org.identity_id;
  if (!r->has_value() || ((*r)->request.requester != org && (*r)->request.recipient != org)) {
    return http::Response::FromStatus(Status::NotFound("no request " + std::string(c.Param("id"))));
  }
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  return JsonOf([&](json::Writer& w) { WriteRequestState(**r, *names, c.clock().Now(), w); });
}

http::Response ReportOnRequest(Context& c) {
  json::Document doc;
  if (Status s = c.ParseJsonBody(&doc); !s.ok()) return http::Response::FromStatus(s);
  RequestUpdate draft;
  if (Status s = ApplyUpdateJson(doc.root(), &draft); !s.ok()) return api::ErrorWithField(s);
  auto state = Desk(c.db(), c.clock(), ActorOf(c)).Report(c.Param("id"), std::move(draft));
  if (!state.ok()) return api::ErrorWithField(state.status());
  auto names = Names::Load(c.db());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  return JsonOf([&](json::Writer& w) { WriteRequestState(*state, *names, c.clock().Now(), w); },
                201);
}

}  // namespace

void AddIncidentRoutes(api::Routes& routes) {
  routes.Add("GET", "/api/v1/incidents", Access::kMember, ListIncidents);
  routes.Add("POST", "/api/v1/incidents", Access::kMemberWriter, OpenIncident);
  routes.Add("GET", "/api/v1/incidents/{id}", Access::kMember, ShowIncident);
  routes.Add("PATCH", "/api/v1/incidents/{id}", Access::kMemberWriter, ChangeIncident);
  routes.Add("GET", "/api/v1/incidents/{id}/audit", Access::kMember, IncidentAudit);
  routes.Add("GET", "/api/v1/incidents/{id}/suggestions", Access::kMember, Suggestions);
  routes.Add("GET", "/api/v1/incidents/{id}/iodef", Access::kMember,
             [](Context& c) { return ExportAs(c, true); });
  routes.Add("GET", "/api/v1/incidents/{id}/bundle", Access::kMember,
             [](Context& c) { return ExportAs(c, false); });
  routes.Add("POST", "/api/v1/incidents/iodef", Access::kMemberWriter, ImportIodefDocument);
  routes.Add("POST", "/api/v1/incidents/{id}/tasks", Access::kMemberWriter, AddTask);
  routes.Add("PATCH", "/api/v1/tasks/{id}", Access::kMemberWriter, ChangeTask);
  routes.Add("POST", "/api/v1/incidents/{id}/requests", Access::kMemberWriter, SendRequest);
  routes.Add("GET", "/api/v1/partners", Access::kMember, ListPartners);
  routes.Add("GET", "/api/v1/reports/incidents", Access::kMember, Reports);
  routes.Add("GET", "/api/v1/taxonomies/rsit", Access::kUser, RsitClasses);
  routes.Add("GET", "/api/v1/requests", Access::kMember, ListRequests);
  routes.Add("GET", "/api/v1/requests/{id}", Access::kMember, ShowRequest);
  routes.Add("POST", "/api/v1/requests/{id}/updates", Access::kMemberWriter, ReportOnRequest);
  routes.Add("GET", "/api/v1/notifications", Access::kMember, ListNotifications);
  routes.Add("POST", "/api/v1/notifications/read", Access::kMember, MarkNotificationsRead);
  routes.Add("GET", "/api/v1/notifications/subscriptions", Access::kMember, ListSubscriptions);
  routes.Add("POST", "/api/v1/notifications/subscriptions", Access::kMemberWriter, AddSubscription);
  routes.Add("DELETE", "/api/v1/notifications/subscriptions/{id}", Access::kMemberWriter,
             RemoveSubscription);
}

}  // namespace concord::incidents
