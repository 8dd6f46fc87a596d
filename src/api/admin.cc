// Administration of the node, for its administrators (the console's Administration page and
// scripts). Every change is written to the audit log with who made it.
//   GET/POST   /api/v1/organisations
//   GET/POST   /api/v1/users                         a new user gets a one-time password
//   PATCH      /api/v1/users/{name}                  {"role", "disabled"}
//   POST       /api/v1/users/{name}/password-reset   a new one-time password (shown once)
//   GET/POST   /api/v1/tokens                        a new token's secret is shown once
//   DELETE     /api/v1/tokens/{id}                   revoke
//   GET/POST   /api/v1/collections
//   PUT        /api/v1/collections/{id}/grants/{organisation}   {"read", "write"}
//   GET/PUT    /api/v1/policy                        the defaults for unmarked objects
// Secrets (password hashes, token digests) never leave the node.
#include "accounts/admin.h"

#include <map>
#include <optional>
#include <utility>

#include "api/api.h"
#include "common/json.h"
#include "sharing/node_policy.h"

namespace concord::api {
namespace {

std::string Str(json::Value object, std::string_view key) {
  json::Value v = object[key];
  return v.is_string() ? v.str() : std::string();
}

// Records an administrative change; the change itself is already stored (the account store is
// not part of the object store's transaction), so a failure here is reported, not hidden.
Status Audit(Context& c, std::string action, std::string subject, std::string after) {
  auto writer = c.db().objects().BeginWrite();
  if (!writer.ok()) return writer.status();
  store::AuditEntry entry;
  entry.at = c.clock().Now();
  entry.actor = c.Actor();
  entry.action = std::move(action);
  entry.subject = std::move(subject);
  entry.after = std::move(after);
  CONCORD_RETURN_IF_ERROR((*writer)->Part<store::AuditWriter>().Add(entry));
  return (*writer)->Commit();
}

// Audits the change, then answers `body`. An answer that carries a secret (a one-time password,
// a token) gives `audited`, the same answer without it: the audit log never holds a secret.
http::Response Done(Context& c, std::string action, std::string subject, std::string body,
                    int status = 200, std::optional<std::string> audited = std::nullopt) {
  if (Status st = Audit(c, std::move(action), std::move(subject), audited ? *audited : body);
      !st.ok()) {
    return http::Response::FromStatus(st);
  }
  return http::Response::Json(status, std::move(body));
}

// {"name": NAME, <key>: <secret>} and the same without the secret (for the audit log).
std::pair<std::string, std::string> WithSecret(std::string_view name_key, std::string_view name,
                                               std::string_view key, std::string_view secret) {
  std::string shown, audited;
  json::Writer(&shown).BeginObject().Key(name_key).String(name).Key(key).String(secret).EndObject();
  json::Writer(&audited).BeginObject().Key(name_key).String(name).EndObject();
  return {shown, audited};
}

template <typename F>
http::Response WithBody(Context& c, F&& f) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  if (!doc.root().is_object()) return FieldError("", "send a JSON object");
  return f(doc.root());
}

http::Response ListOrganisations(Context& c) {
  auto orgs = c.db().accounts().ListOrganisations();
  auto users = c.db().accounts().ListUsers();
  if (!orgs.ok()) return http::Response::FromStatus(orgs.status());
  if (!users.ok()) return http::Response::FromStatus(users.status());
  std::map<int64_t, int> counts;
  for (const auto& u : *users) ++counts[u.org_id];
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("organisations").BeginArray();
  for (const auto& o : *orgs) {
    w.BeginObject().Key("name").String(o.name).Key("identity_id").String(o.identity_id);
    w.Key("created").String(FormatTimestampMillis(o.created));
    w.Key("users").Int(counts[o.id]).Key("node").Bool(o.name == c.node_organisation());
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response AddOrganisation(Context& c) {
  return WithBody(c, [&](json::Value in) {
    const std::string name = Str(in, "name");
    if (name.empty()) return FieldError("name", "an organisation needs a name");
    auto org = accounts::CreateOrganisation(c.db(), name, c.clock());
    if (!org.ok()) {
      return org.status().code() == StatusCode::kAlreadyExists
                 ? FieldError("name", org.status().message(), 409, StatusCode::kAlreadyExists)
                 : ErrorWithField(org.status());
    }
    std::string body;
    json::Writer(&body)
        .BeginObject()
        .Key("name")
        .String(org->name)
        .Key("identity_id")
        .String(org->identity_id)
        .EndObject();
    return Done(c, "organisation.add", org->identity_id, body, 201);
  });
}

void WriteUser(json::Writer& w, const store::User& u, const std::map<int64_t, std::string>& orgs) {
  w.BeginObject().Key("name").String(u.name);
  auto it = orgs.find(u.org_id);
  w.Key("organisation").String(it == orgs.end() ? "" : it->second);
  w.Key("role").String(store::RoleName(u.role)).Key("disabled").Bool(u.disabled);
  w.Key("password").Bool(!u.password_hash.empty());
  w.Key("must_change_password").Bool(u.must_change_password);
  w.Key("created").String(FormatTimestampMillis(u.created)).EndObject();
}

Result<std::map<int64_t, std::string>> OrgNames(Context& c) {
  auto orgs = c.db().accounts().ListOrganisations();
  if (!orgs.ok()) return orgs.status();
  std::map<int64_t, std::string> names;
  for (const auto& o : *orgs) names[o.id] = o.name;
  return names;
}

http::Response ListUsers(Context& c) {
  auto users = c.db().accounts().ListUsers();
  auto names = OrgNames(c);
  if (!users.ok()) return http::Response::FromStatus(users.status());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("users").BeginArray();
  for (const auto& u : *users) WriteUser(w, u, *names);
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response AddUser(Context& c) {
  return WithBody(c, [&](json::Value in) {
    const std::string name = Str(in, "name");
    const std::string org =
        Str(in, "organisation").empty() ? c.node_organisation() : Str(in, "organisation");
    auto role = store::ParseRole(Str(in, "role").empty() ? "analyst" : Str(in, "role"));
    if (name.empty()) return FieldError("name", "a user needs a name");
    if (!role) return FieldError("role", "the role is admin, analyst, reader or peer");
    if (!c.db().accounts().FindOrganisation(org).ok()) {
      return FieldError("organisation", "no organisation named '" + org + "'");
    }
    // Peer accounts sign in with tokens only; people get a one-time password to replace.
    std::string password;
    if (*role != store::Role::kPeer) password = accounts::GenerateOneTimePassword();
    auto user = accounts::CreateUser(c.db(), name, org, *role, password, c.clock(),
                                     /*must_change_password=*/!password.empty());
    if (!user.ok()) {
      return user.status().code() == StatusCode::kAlreadyExists
                 ? FieldError("name", user.status().message(), 409, StatusCode::kAlreadyExists)
                 : FieldError("name", user.status().message());
    }
    auto answer = [&](bool with_secret) {
      std::string body;
      json::Writer w(&body);
      w.BeginObject().Key("name").String(name).Key("organisation").String(org);
      w.Key("role").String(store::RoleName(*role));
      if (with_secret && !password.empty()) w.Key("one_time_password").String(password);
      w.EndObject();
      return body;
    };
    return Done(c, "user.add", name, answer(true), 201, answer(false));
  });
}

http::Response UpdateUser(Context& c) {
  const std::string name(c.Param("name"));
  return WithBody(c, [&](json::Value in) {
    auto user = c.db().accounts().FindUser(name);
    if (!user.ok()) return http::Response::Error(404, StatusCode::kNotFound, "no such user");
    if (in["role"].exists()) {
      auto role = store::ParseRole(Str(in, "role"));
      if (!role) return FieldError("role", "the role is admin, analyst, reader or peer");
      if (user->id == c.caller().user.id && *role != store::Role::kAdmin) {
        return FieldError("role", "administrators cannot take their own admin role away");
      }
      if (Status st = c.db().accounts().SetUserRole(name, *role); !st.ok()) {
        return http::Response::FromStatus(st);
      }
    }
    if (in["disabled"].exists()) {
      if (!in["disabled"].is_bool()) return FieldError("disabled", "true or false");
      const bool disabled = in["disabled"].as_bool();
      if (user->id == c.caller().user.id && disabled) {
        return FieldError("disabled", "administrators cannot disable themselves");
      }
      if (Status st = c.db().accounts().SetUserDisabled(name, disabled); !st.ok()) {
        return http::Response::FromStatus(st);
      }
      if (disabled) (void)c.db().accounts().DeleteSessionsOf(user->id);
    }
    auto after = c.db().accounts().FindUser(name);
    auto names = OrgNames(c);
    if (!after.ok() || !names.ok()) return http::Response::FromStatus(after.status());
    std::string body;
    json::Writer w(&body);
    WriteUser(w, *after, *names);
    return Done(c, "user.update", name, body);
  });
}

http::Response ResetUserPassword(Context& c) {
  const std::string name(c.Param("name"));
  auto password = accounts::ResetPassword(c.db(), name);
  if (!password.ok()) {
    if (password.status().code() == StatusCode::kNotFound) {
      return http::Response::Error(404, StatusCode::kNotFound, "no such user");
    }
    return http::Response::FromStatus(password.status());
  }
  auto [shown, audited] = WithSecret("name", name, "one_time_password", *password);
  return Done(c, "user.password_reset", name, shown, 200, audited);
}

http::Response ListTokens(Context& c) {
  auto tokens = c.db().accounts().ListTokens();
  auto users = c.db().accounts().ListUsers();
  if (!tokens.ok()) return http::Response::FromStatus(tokens.status());
  if (!users.ok()) return http::Response::FromStatus(users.status());
  std::map<int64_t, std::string> user_names;
  for (const auto& u : *users) user_names[u.id] = u.name;
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("tokens").BeginArray();
  for (const auto& t : *tokens) {
    w.BeginObject().Key("id").String(t.id).Key("user").String(user_names[t.user_id]);
    w.Key("name").String(t.name).Key("created").String(FormatTimestampMillis(t.created));
    w.Key("expires");
    if (t.expires) {
      w.String(FormatTimestampMillis(*t.expires));
    } else {
      w.Null();
    }
    w.Key("revoked").Bool(t.revoked).EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response AddToken(Context& c) {
  return WithBody(c, [&](json::Value in) {
    const std::string user = Str(in, "user");
    const std::string name = Str(in, "name");
    if (user.empty()) return FieldError("user", "whose token is it?");
    if (name.empty()) return FieldError("name", "name the token after what will use it");
    std::optional<Micros> expires;
    if (in["expires_days"].exists()) {
      auto days = in["expires_days"].as_int();
      if (!days || *days < 1 || *days > 3650) {
        return FieldError("expires_days", "a number of days from 1 to 3650");
      }
      expires = c.clock().Now() + *days * 86'400'000'000;
    }
    auto token = accounts::CreateToken(c.db(), user, name, expires, c.clock());
    if (!token.ok()) return FieldError("user", token.status().message());
    auto [shown, audited] = WithSecret("id", token->id, "secret", token->secret);
    return Done(c, "token.add", token->id, shown, 201, audited);
  });
}

http::Response RevokeToken(Context& c) {
  const std::string id(c.Param("id"));
  if (Status st = c.db().accounts().RevokeToken(id); !st.ok()) {
    return http::Response::FromStatus(st);
  }
  std::string body;
  json::Writer(&body).BeginObject().Key("id").String(id).Key("revoked").Bool(true).EndObject();
  return Done(c, "token.revoke", id, body);
}

http::Response ListCollections(Context& c) {
  auto collections = c.db().collections().ListCollections();
  auto names = OrgNames(c);
  if (!collections.ok()) return http::Response::FromStatus(collections.status());
  if (!names.ok()) return http::Response::FromStatus(names.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("collections").BeginArray();
  for (const auto& col : *collections) {
    w.BeginObject().Key("id").String(col.id).Key("title").String(col.title);
    w.Key("description").String(col.description);
    auto count = c.db().collections().CountCollectionObjects(col.id);
    w.Key("objects").Int(count.ok() ? *count : 0);
    w.Key("grants").BeginArray();
    auto grants = c.db().collections().ListGrants(col.id);
    if (grants.ok()) {
      for (const auto& g : *grants) {
        w.BeginObject().Key("organisation").String((*names)[g.org_id]);
        w.Key("read").Bool(g.can_read).Key("write").Bool(g.can_write).EndObject();
      }
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response AddCollection(Context& c) {
  return WithBody(c, [&](json::Value in) {
    const std::string title = Str(in, "title");
    if (title.empty()) return FieldError("title", "a collection needs a title");
    auto col = accounts::CreateCollection(c.db(), title, Str(in, "description"), "", c.clock());
    if (!col.ok()) return ErrorWithField(col.status());
    std::string body;
    json::Writer(&body)
        .BeginObject()
        .Key("id")
        .String(col->id)
        .Key("title")
        .String(title)
        .EndObject();
    return Done(c, "collection.add", col->id, body, 201);
  });
}

http::Response SetGrant(Context& c) {
  const std::string id(c.Param("id"));
  const std::string org(c.Param("organisation"));
  return WithBody(c, [&](json::Value in) {
    const bool read = in["read"].is_bool() && in["read"].as_bool();
    const bool write = in["write"].is_bool() && in["write"].as_bool();
    Status st = accounts::GrantCollection(c.db(), id, org, read, write);
    if (!st.ok()) return http::Response::FromStatus(st);
    std::string body;
    json::Writer(&body)
        .BeginObject()
        .Key("collection")
        .String(id)
        .Key("organisation")
        .String(org)
        .Key("read")
        .Bool(read)
        .Key("write")
        .Bool(write)
        .EndObject();
    return Done(c, "collection.grant", id, body);
  });
}

http::Response GetPolicy(Context& c) {
  auto policy = sharing::LoadNodePolicy(c.db());
  if (!policy.ok()) return http::Response::FromStatus(policy.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("default_tlp").String(sharing::TlpName(policy->config().default_tlp));
  w.Key("default_distribution")
      .String(sharing::DistributionName(policy->config().default_distribution));
  w.Key("groups").BeginArray();
  for (const auto& [name, members] : policy->config().groups) {
    w.BeginObject().Key("name").String(name).Key("members").Int(
        static_cast<int64_t>(members.size()));
    w.EndObject();
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

http::Response PutPolicy(Context& c) {
  return WithBody(c, [&](json::Value in) {
    Status st =
        sharing::SetPolicyDefaults(c.db(), Str(in, "default_tlp"), Str(in, "default_distribution"));
    if (!st.ok()) return ErrorWithField(st);
    http::Response r = GetPolicy(c);
    return Done(c, "policy.set", "policy", r.body);
  });
}

}  // namespace

void AddAdminRoutes(Routes& routes) {
  const Access admin = Access::kNodeAdmin;
  routes.Add("GET", "/api/v1/organisations", admin, ListOrganisations);
  routes.Add("POST", "/api/v1/organisations", admin, AddOrganisation);
  routes.Add("GET", "/api/v1/users", admin, ListUsers);
  routes.Add("POST", "/api/v1/users", admin, AddUser);
  routes.Add("PATCH", "/api/v1/users/{name}", admin, UpdateUser);
  routes.Add("POST", "/api/v1/users/{name}/password-reset", admin, ResetUserPassword);
  routes.Add("GET", "/api/v1/tokens", admin, ListTokens);
  routes.Add("POST", "/api/v1/tokens", admin, AddToken);
  routes.Add("DELETE", "/api/v1/tokens/{id}", admin, RevokeToken);
  routes.Add("GET", "/api/v1/collections", admin, ListCollections);
  routes.Add("POST", "/api/v1/collections", admin, AddCollection);
  routes.Add("PUT", "/api/v1/collections/{id}/grants/{organisation}", admin, SetGrant);
  routes.Add("GET", "/api/v1/policy", Access::kNodeUser, GetPolicy);
  routes.Add("PUT", "/api/v1/policy", admin, PutPolicy);
}

}  // namespace concord::api
