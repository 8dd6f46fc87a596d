#include "server/directory_api.h"

#include "common/json.h"
#include "common/strings.h"
#include "directory/formats.h"
#include "directory/reachability.h"
#include "server/api_auth.h"
#include "sharing/node_policy.h"

namespace concord::server {
namespace {

constexpr size_t kMaxBatch = 100'000;
constexpr std::string_view kTeamsPrefix = "/api/v1/teams/";

http::Response JsonError(StatusCode code, const std::string& message) {
  return http::Response::FromStatus(Status(code, message));
}

// {"team": {...}, "warnings": [...]}: the stored team and the conflicts its claims make.
http::Response EditResponse(int status, const directory::EditResult& result) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("team");
  directory::WriteTeam(result.team, w);
  w.Key("warnings").BeginArray();
  for (const auto& warning : result.warnings) w.String(warning);
  w.EndArray().EndObject();
  return http::Response::Json(status, std::move(body));
}

}  // namespace

void DirectoryApi::Register(http::Router& router) {
  router.Add("GET", "/api/v1/lookup", [this](const http::Request& r) { return Lookup(r); });
  router.Add("POST", "/api/v1/lookup", [this](const http::Request& r) { return Lookup(r); });
  router.Add("GET", "/api/v1/teams", [this](const http::Request& r) { return Teams(r); });
  router.Add("POST", "/api/v1/teams", [this](const http::Request& r) { return AddTeam(r); });
  router.AddPrefix(std::string(kTeamsPrefix), [this](const http::Request& r) { return Teams(r); });
  router.Add("POST", "/api/v1/contacts/ack",
             [this](const http::Request& r) { return Acknowledge(r); });
  router.Add("GET", "/api/v1/contacts/status",
             [this](const http::Request& r) { return ContactStatus(r); });
  router.Add("GET", "/api/v1/directory/conflicts",
             [this](const http::Request& r) { return Conflicts(r); });
}

Result<std::shared_ptr<const DirectoryApi::Snapshot>> DirectoryApi::Current() {
  std::lock_guard<std::mutex> g(mu_);
  const Micros now = clock_.Now();
  if (snapshot_ && now - checked_at_ < 500'000) return snapshot_;
  auto version = db_.objects().DataVersion();
  if (!version.ok()) return version.status();
  checked_at_ = now;
  if (snapshot_ && *version == snapshot_version_) return snapshot_;
  auto entries = directory::LoadTeams(db_.objects());
  if (!entries.ok()) return entries.status();
  auto policy = sharing::LoadNodePolicy(db_);
  if (!policy.ok()) return policy.status();
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->policy = std::move(*policy);
  snapshot->directory = directory::Directory(directory::TeamsOf(*entries));
  snapshot->entries = std::move(*entries);
  snapshot_ = std::move(snapshot);
  snapshot_version_ = *version;
  return snapshot_;
}

http::Response DirectoryApi::Lookup(const http::Request& request) {
  http::Response denied;
  auto principal = AuthenticateUser(auth_, request, &denied);
  if (!principal.ok()) return denied;
  std::vector<std::string> queries;
  std::string at;
  if (request.method == "GET") {
    for (auto& [key, value] : http::QueryParams(request.query)) {
      if (key == "q") queries.push_back(value);
      if (key == "at") at = value;
    }
  } else {
    json::Document doc;
    size_t offset = 0;
    if (Status st = doc.ParseAll(request.body, &offset); !st.ok()) {
      return JsonError(StatusCode::kInvalidArgument,
                       "body at byte " + std::to_string(offset) + ": " + st.message());
    }
    json::Value list = doc.root()["queries"];
    if (!list.is_array())
      return JsonError(StatusCode::kInvalidArgument, "expected {\"queries\": [...]}");
    for (json::Value q : list) {
      if (!q.is_string()) return JsonError(StatusCode::kInvalidArgument, "queries: strings only");
      queries.push_back(q.str());
    }
    if (doc.root()["at"].is_string()) at = doc.root()["at"].str();
  }
  if (queries.empty())
    return JsonError(StatusCode::kInvalidArgument, "nothing to look up: give q=VALUE");
  if (queries.size() > kMaxBatch) {
    return JsonError(StatusCode::kTooLarge,
                     "at most " + std::to_string(kMaxBatch) + " queries per request");
  }
  Micros now = clock_.Now();
  if (!at.empty()) {
    auto t = ParseTimestamp(at);
    if (!t.ok()) return JsonError(StatusCode::kInvalidArgument, "at: " + t.status().message());
    now = *t;
  }
  auto snapshot = Current();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const sharing::Recipient caller{sharing::Channel::kLocalUser, principal->org.identity_id};
  const Snapshot& s = **snapshot;
  auto visible = [&](uint32_t i) { return s.policy.Decide(s.entries[i].facts, caller).release; };
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("answers").BeginArray();
  for (const auto& q : queries)
    directory::WriteAnswer(s.directory.Lookup(q), s.directory, now, visible, w);
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response DirectoryApi::Teams(const http::Request& request) {
  http::Response denied;
  auto principal = AuthenticateUser(auth_, request, &denied);
  if (!principal.ok()) return denied;
  std::string rest =
      request.path.size() > kTeamsPrefix.size() ? request.path.substr(kTeamsPrefix.size()) : "";
  std::string ref = rest.substr(0, rest.find('/'));
  const std::string sub =
      rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  if (auto decoded = PercentDecode(ref)) ref = *decoded;
  auto snapshot = Current();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const Snapshot& s = **snapshot;
  const sharing::Recipient caller{sharing::Channel::kLocalUser, principal->org.identity_id};
  auto visible = [&](uint32_t i) { return s.policy.Decide(s.entries[i].facts, caller).release; };
  if (ref.empty()) {
    if (request.method != "GET")
      return JsonError(StatusCode::kUnsupported, "use GET or POST /api/v1/teams");
    std::string body;
    json::Writer w(&body);
    w.BeginObject().Key("teams").BeginArray();
    for (uint32_t i = 0; i < s.entries.size(); ++i) {
      if (visible(i)) directory::WriteTeam(s.entries[i].team, w);
    }
    w.EndArray().EndObject();
    return http::Response::Json(200, std::move(body));
  }
  auto index = s.directory.Find(ref);
  // A team the caller may not see does not exist for it.
  if (!index.ok() || !visible(*index))
    return JsonError(StatusCode::kNotFound, "no team '" + ref + "'");
  const directory::Team& team = s.entries[*index].team;
  const bool node_user = principal->org.name == organisation_;
  if (request.method == "GET" && sub.empty()) {
    for (auto& [key, value] : http::QueryParams(request.query)) {
      if (key == "format" && value == "rfc2350") {
        http::Response r;
        r.status = 200;
        r.body = directory::RenderRfc2350(team, clock_.Now());
        r.SetHeader("Content-Type", "text/plain; charset=utf-8");
        return r;
      }
    }
    return http::Response::Json(200, directory::TeamToJson(team));
  }
  if (request.method == "GET" && sub == "history") {
    if (!node_user)
      return JsonError(StatusCode::kPermissionDenied,
                       "the audit log is for users of " + organisation_);
    auto log = db_.directory().ListAudit(team.id, 0);
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
  if (!sub.empty()) return JsonError(StatusCode::kNotFound, "no such resource");
  if (!node_user || !principal->is_admin()) {
    return JsonError(StatusCode::kPermissionDenied,
                     "changing the directory needs an admin of " + organisation_);
  }
  directory::Editor editor(db_, clock_, "api:" + principal->user.name + "@" + principal->org.name);
  if (request.method == "DELETE") {
    auto removed = editor.Remove(team.id);
    if (!removed.ok()) return http::Response::FromStatus(removed.status());
    return http::Response::Json(200, R"({"removed":")" + removed->id + "\"}");
  }
  if (request.method != "PUT") return JsonError(StatusCode::kUnsupported, "use GET, PUT or DELETE");
  auto replacement = directory::TeamFromJsonText(request.body);
  if (!replacement.ok()) return http::Response::FromStatus(replacement.status());
  auto changed = editor.Change(team.id, "team.edit", [&](directory::Team& t) {
    const std::string id = t.id;
    t = *replacement;
    t.id = id;
    return Status::Ok();
  });
  if (!changed.ok()) return http::Response::FromStatus(changed.status());
  return EditResponse(200, *changed);
}

http::Response DirectoryApi::AddTeam(const http::Request& request) {
  http::Response denied;
  auto principal = AuthenticateNodeUser(auth_, request, organisation_, &denied);
  if (!principal.ok()) return denied;
  if (!principal->is_admin()) {
    return JsonError(StatusCode::kPermissionDenied,
                     "changing the directory needs an admin of " + organisation_);
  }
  json::Document doc;
  size_t offset = 0;
  if (Status st = doc.ParseAll(request.body, &offset); !st.ok()) {
    return JsonError(StatusCode::kInvalidArgument,
                     "body at byte " + std::to_string(offset) + ": " + st.message());
  }
  // "tlp" is about the entry, not the team: read it, then validate the rest as a team.
  std::string tlp_name = doc.root()["tlp"].is_string() ? doc.root()["tlp"].str() : "green";
  auto tlp = sharing::ParseTlp(tlp_name);
  if (!tlp) return JsonError(StatusCode::kInvalidArgument, "tlp: '" + tlp_name + "' is not a TLP");
  std::string team_json;
  json::Writer w(&team_json);
  w.BeginObject();
  for (auto it = doc.root().begin(); it != doc.root().end(); ++it) {
    const auto m = it.member();
    if (m.key != "tlp") w.Key(m.key_value.str()).Raw(m.value.raw());
  }
  w.EndObject();
  auto team = directory::TeamFromJsonText(team_json);
  if (!team.ok()) return http::Response::FromStatus(team.status());
  directory::Editor editor(db_, clock_, "api:" + principal->user.name + "@" + principal->org.name);
  auto added = editor.Add(std::move(*team), *tlp);
  if (!added.ok()) return http::Response::FromStatus(added.status());
  return EditResponse(201, *added);
}

http::Response DirectoryApi::Acknowledge(const http::Request& request) {
  json::Document doc;
  if (!doc.ParseAll(request.body).ok() || !doc.root()["token"].is_string()) {
    return JsonError(StatusCode::kInvalidArgument, "expected {\"token\": \"...\"}");
  }
  auto check = directory::AcknowledgeCheck(db_, clock_, doc.root()["token"].str());
  if (!check.ok()) return http::Response::FromStatus(check.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("acknowledged").String(FormatTimestampMillis(check->acknowledged));
  w.Key("email").String(check->email).Key("team").String(check->team_id).EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response DirectoryApi::Conflicts(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  auto snapshot = Current();
  if (!snapshot.ok()) return http::Response::FromStatus(snapshot.status());
  const Snapshot& s = **snapshot;
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

http::Response DirectoryApi::ContactStatus(const http::Request& request) {
  http::Response denied;
  if (!AuthenticateNodeUser(auth_, request, organisation_, &denied).ok()) return denied;
  auto report = directory::ReachabilityReport(db_, clock_.Now());
  if (!report.ok()) return http::Response::FromStatus(report.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("contacts").BeginArray();
  for (const auto& r : *report) {
    w.BeginObject().Key("team").String(r.team).Key("team_id").String(r.team_id);
    w.Key("email").String(r.email).Key("24x7").Bool(r.always_on);
    w.Key("state").String(directory::ReachabilityName(r.state));
    if (r.latest.id != 0) {
      w.Key("issued").String(FormatTimestampMillis(r.latest.issued));
      w.Key("deadline").String(FormatTimestampMillis(r.latest.deadline));
      if (r.latest.acknowledged != 0)
        w.Key("acknowledged").String(FormatTimestampMillis(r.latest.acknowledged));
      if (!r.latest.delivery_error.empty()) w.Key("delivery_error").String(r.latest.delivery_error);
    }
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

}  // namespace concord::server
