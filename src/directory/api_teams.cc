// The directory's teams:
//   GET    /api/v1/teams                       every team the caller may see
//   POST   /api/v1/teams                       add a team ({...team, "tlp"?}; node admins)
//   GET    /api/v1/teams/{ref}[?format=rfc2350] one team (name, short name or identity id)
//   GET    /api/v1/teams/{ref}/history         its audit log (node users)
//   GET    /api/v1/teams/{ref}/checks[?limit=] its contacts' reachability checks, newest first
//                                              (node users; 100 by default, at most 1000)
//   PUT    /api/v1/teams/{ref}                 replace it (node admins)
//   DELETE /api/v1/teams/{ref}                 revoke it (node admins)
//   GET    /api/v1/directory/conflicts         claims made by several teams (node users)
// A team the sharing policy withholds from the caller does not exist for it (404).
#include "common/json.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "directory/module.h"
#include "directory/reachability.h"
#include "directory/store.h"
#include "directory/view.h"

namespace concord::directory {
namespace {

using api::Access;
using api::Context;
using api::Routes;

// {"team": {...}, "warnings": [...]}: the stored team and the conflicts its claims make.
http::Response EditResponse(int status, const EditResult& result) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("team");
  WriteTeam(result.team, w);
  w.Key("warnings").BeginArray();
  for (const auto& warning : result.warnings) w.String(warning);
  w.EndArray().EndObject();
  return http::Response::Json(status, std::move(body));
}

// The team {ref} names, if the caller may see it.
Result<Team> VisibleTeam(Context& c, DirectoryViews& views) {
  auto snapshot = views.Get();
  if (!snapshot.ok()) return snapshot.status();
  const DirectoryView& s = **snapshot;
  const std::string ref(c.Param("ref"));
  auto index = s.directory.Find(ref);
  if (!index.ok() || !s.VisibleTo(*index, c.caller())) {
    return Status::NotFound("no team '" + ref + "'");
  }
  return s.entries[*index].team;
}

http::Response ListTeams(Context& c, DirectoryViews& views) {
  auto snapshot = views.Get();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const DirectoryView& s = **snapshot;
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("teams").BeginArray();
  for (uint32_t i = 0; i < s.entries.size(); ++i) {
    if (s.VisibleTo(i, c.caller())) WriteTeam(s.entries[i].team, w);
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response GetTeam(Context& c, DirectoryViews& views) {
  auto team = VisibleTeam(c, views);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  for (auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "format" && value == "rfc2350") {
      http::Response r;
      r.status = 200;
      r.body = RenderRfc2350(*team, c.clock().Now());
      r.SetHeader("Content-Type", "text/plain; charset=utf-8");
      return r;
    }
  }
  return http::Response::Json(200, TeamToJson(*team));
}

http::Response TeamHistory(Context& c, DirectoryViews& views) {
  auto team = VisibleTeam(c, views);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  auto log = c.db().audit().List(team->id, 0);
  if (!log.ok()) return http::Response::FromStatus(log.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("history").BeginArray();
  for (const auto& e : *log) {
    w.BeginObject().Key("at").String(FormatTimestampMillis(e.at)).Key("actor").String(e.actor);
    w.Key("action").String(e.action).Key("before");
    e.before.empty() ? w.Null() : w.Raw(e.before);
    w.Key("after");
    e.after.empty() ? w.Null() : w.Raw(e.after);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response TeamChecks(Context& c, DirectoryViews& views) {
  auto team = VisibleTeam(c, views);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  auto page = c.Paging(100, 1000);
  if (!page.ok()) return http::Response::FromStatus(page.status());
  auto checks = c.db().Get<DirectoryStore>().ChecksOf(team->id, page->limit);
  if (!checks.ok()) return http::Response::FromStatus(checks.status());
  const Micros now = c.clock().Now();
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("checks").BeginArray();
  for (const ContactCheck& check : *checks) {
    w.BeginObject().Key("email").String(check.email);
    w.Key("state").String(ReachabilityName(StateOf(check, now)));
    w.Key("issued").String(FormatTimestampMillis(check.issued));
    w.Key("deadline").String(FormatTimestampMillis(check.deadline));
    w.Key("acknowledged");
    check.acknowledged == 0 ? w.Null() : w.String(FormatTimestampMillis(check.acknowledged));
    w.Key("delivery_error");
    check.delivery_error.empty() ? w.Null() : w.String(check.delivery_error);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response ReplaceTeam(Context& c, DirectoryViews& views) {
  auto team = VisibleTeam(c, views);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  auto replacement = TeamFromJsonText(c.request().body);
  // "country: ..." and the like: the console shows the message next to that field.
  if (!replacement.ok()) return api::ErrorWithField(replacement.status());
  Editor editor(c.db(), c.clock(), c.Actor());
  auto changed = editor.Change(team->id, "team.edit", [&](Team& t) {
    const std::string id = t.id;
    t = *replacement;
    t.id = id;
    return Status::Ok();
  });
  if (!changed.ok()) return http::Response::FromStatus(changed.status());
  return EditResponse(200, *changed);
}

http::Response RemoveTeam(Context& c, DirectoryViews& views) {
  auto team = VisibleTeam(c, views);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  Editor editor(c.db(), c.clock(), c.Actor());
  auto removed = editor.Remove(team->id);
  if (!removed.ok()) return http::Response::FromStatus(removed.status());
  return http::Response::Json(200, R"({"removed":")" + removed->id + "\"}");
}

http::Response AddTeam(api::Context& c) {
  if (!c.caller().is_admin()) {
    return http::Response::FromStatus(
        Status(StatusCode::kPermissionDenied,
               "changing the directory needs an admin of " + c.node_organisation()));
  }
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  // "tlp" is about the entry, not the team: read it, then validate the rest as a team.
  std::string tlp_name = doc.root()["tlp"].is_string() ? doc.root()["tlp"].str() : "green";
  auto tlp = sharing::ParseTlp(tlp_name);
  if (!tlp)
    return http::Response::FromStatus(
        Status(StatusCode::kInvalidArgument, "tlp: '" + tlp_name + "' is not a TLP"));
  std::string team_json;
  json::Writer w(&team_json);
  w.BeginObject();
  for (auto it = doc.root().begin(); it != doc.root().end(); ++it) {
    const auto m = it.member();
    if (m.key != "tlp") w.Key(m.key_value.str()).Raw(m.value.raw());
  }
  w.EndObject();
  auto team = TeamFromJsonText(team_json);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  Editor editor(c.db(), c.clock(), c.Actor());
  auto added = editor.Add(std::move(*team), *tlp);
  if (!added.ok()) return http::Response::FromStatus(added.status());
  return EditResponse(201, *added);
}

http::Response Conflicts(api::Context& c, DirectoryViews& views) {
  auto snapshot = views.Get();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const DirectoryView& s = **snapshot;
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("conflicts").BeginArray();
  for (const auto& c : s.directory.Conflicts()) {
    w.BeginObject()
        .Key("kind")
        .String(c.kind)
        .Key("claim")
        .String(c.claim)
        .Key("teams")
        .BeginArray();
    for (uint32_t t : c.teams) w.String(s.entries[t].team.short_name);
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace

void AddTeamRoutes(Routes& routes, DirectoryViews& views) {
  auto with = [&views](http::Response (*handler)(Context&, DirectoryViews&)) {
    return [&views, handler](Context& c) { return handler(c, views); };
  };
  routes.Add("GET", "/api/v1/teams", Access::kUser, with(ListTeams));
  routes.Add("POST", "/api/v1/teams", Access::kNodeAdmin, AddTeam);
  routes.Add("GET", "/api/v1/teams/{ref}", Access::kUser, with(GetTeam));
  routes.Add("PUT", "/api/v1/teams/{ref}", Access::kNodeAdmin, with(ReplaceTeam));
  routes.Add("DELETE", "/api/v1/teams/{ref}", Access::kNodeAdmin, with(RemoveTeam));
  routes.Add("GET", "/api/v1/teams/{ref}/history", Access::kNodeUser, with(TeamHistory));
  routes.Add("GET", "/api/v1/teams/{ref}/checks", Access::kNodeUser, with(TeamChecks));
  routes.Add("GET", "/api/v1/directory/conflicts", Access::kNodeUser, with(Conflicts));
}

}  // namespace concord::directory
