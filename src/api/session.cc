// Console sign-in and the signed-in user's own account:
//   POST   /api/v1/session              {"user", "password"} -> a session cookie and who you are
//   GET    /api/v1/session              who you are, your CSRF token and preferences
//   DELETE /api/v1/session              sign out
//   POST   /api/v1/account/password     {"current_password", "new_password"}
//   PUT    /api/v1/account/preferences  {"language", "time_zone"}
// The cookie is HttpOnly and SameSite=Strict (Secure under TLS); it carries a random secret of
// which the store keeps only a digest. Sign-in is throttled like every password login.
#include <cctype>

#include "accounts/admin.h"
#include "api/api.h"
#include "common/json.h"

namespace concord::api {
namespace {

// A language code as the console's catalogues are named (web/src/i18n/<code>.json): "ar",
// "zh", or with a region or script ("pt-BR"). Adding a catalogue adds a language; the server
// needs no list.
bool IsLanguageCode(std::string_view code) {
  const size_t dash = code.find('-');
  const std::string_view base = code.substr(0, dash);
  if (base.size() < 2 || base.size() > 3) return false;
  for (char c : base) {
    if (c < 'a' || c > 'z') return false;
  }
  if (dash == std::string_view::npos) return true;
  const std::string_view rest = code.substr(dash + 1);
  if (rest.size() < 2 || rest.size() > 8) return false;
  for (char c : rest) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string StringMember(json::Value object, std::string_view key) {
  json::Value v = object[key];
  return v.is_string() ? v.str() : std::string();
}

// Who is signed in, as the console needs it (and nothing secret but the CSRF token, which the
// page needs to send back).
std::string Describe(const Context& c, const accounts::Principal& p, Micros expires) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject();
  w.Key("user").String(p.user.name);
  w.Key("organisation").String(p.org.name);
  w.Key("organisation_identity").String(p.org.identity_id);
  w.Key("node_organisation").String(c.node_organisation());
  w.Key("role").String(store::RoleName(p.user.role));
  w.Key("node_user").Bool(p.org.name == c.node_organisation());
  w.Key("must_change_password").Bool(p.user.must_change_password);
  w.Key("preferences").Raw(p.user.preferences.empty() ? "{}" : p.user.preferences);
  if (p.by_session) w.Key("csrf_token").String(p.csrf_token);
  if (expires != 0) w.Key("expires").String(FormatTimestampMillis(expires));
  w.EndObject();
  return body;
}

http::SetCookie SessionCookie(const Context& c, std::string value) {
  http::SetCookie cookie;
  cookie.name = std::string(kSessionCookie);
  cookie.value = std::move(value);
  cookie.secure = c.node().secure_cookies;
  return cookie;
}

http::Response SignIn(Context& c) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  const std::string user = StringMember(doc.root(), "user");
  const std::string password = StringMember(doc.root(), "password");
  if (user.empty()) return FieldError("user", "enter your user name");
  if (password.empty()) return FieldError("password", "enter your password");
  auto session = c.node().auth.SignIn(user, password, c.request().remote_address);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kTooManyRequests) {
      http::Response r = http::Response::FromStatus(session.status());
      const Micros wait = c.node().auth.SignInRetryAfter(user, c.request().remote_address);
      r.SetHeader("Retry-After", RetryAfterSeconds(wait));
      return r;
    }
    if (session.status().code() == StatusCode::kUnauthenticated) {
      // One message for an unknown user and a wrong password: names are not confirmed.
      return FieldError("password", "wrong user name or password", 401,
                        StatusCode::kUnauthenticated);
    }
    return http::Response::FromStatus(session.status());
  }
  http::Response r = http::Response::Json(200, Describe(c, session->principal, session->expires));
  r.AddCookie(SessionCookie(c, session->secret));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response WhoAmI(Context& c) {
  http::Response r = http::Response::Json(200, Describe(c, c.caller(), 0));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response SignOut(Context& c) {
  if (c.caller().by_session) {
    if (Status st = c.node().auth.SignOut(c.caller().session_digest); !st.ok()) {
      return http::Response::FromStatus(st);
    }
  }
  http::Response r = http::Response::Json(200, R"({"signed_out":true})");
  http::SetCookie gone = SessionCookie(c, "");
  gone.max_age_seconds = 0;
  r.AddCookie(gone);
  return r;
}

http::Response ChangeOwnPassword(Context& c) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  Status st = accounts::ChangePassword(
      c.db(), c.caller().user.id, StringMember(doc.root(), "current_password"),
      StringMember(doc.root(), "new_password"), c.caller().session_digest);
  if (!st.ok()) return ErrorWithField(st);
  return http::Response::Json(200, R"({"changed":true})");
}

http::Response SetPreferences(Context& c) {
  json::Document doc;
  if (Status st = c.ParseJsonBody(&doc); !st.ok()) return http::Response::FromStatus(st);
  if (!doc.root().is_object()) return FieldError("", "send a JSON object");
  std::string language = StringMember(doc.root(), "language");
  std::string time_zone = StringMember(doc.root(), "time_zone");
  if (!language.empty() && !IsLanguageCode(language)) {
    return FieldError("language", "'" + language + "' is not a language code");
  }
  if (!time_zone.empty() && time_zone != "utc" && time_zone != "local") {
    return FieldError("time_zone", "time_zone is \"utc\" or \"local\"");
  }
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  if (!language.empty()) w.Key("language").String(language);
  if (!time_zone.empty()) w.Key("time_zone").String(time_zone);
  w.EndObject();
  if (Status st = c.db().accounts().SetPreferences(c.caller().user.id, out); !st.ok()) {
    return http::Response::FromStatus(st);
  }
  return http::Response::Json(200, out);
}

}  // namespace

void AddSessionRoutes(Routes& routes) {
  const RouteOptions pending{.before_password_change = true};
  routes.Add("POST", "/api/v1/session", Access::kPublic, SignIn);
  routes.Add("GET", "/api/v1/session", Access::kUser, WhoAmI, pending);
  routes.Add("DELETE", "/api/v1/session", Access::kUser, SignOut, pending);
  routes.Add("POST", "/api/v1/account/password", Access::kUser, ChangeOwnPassword, pending);
  routes.Add("PUT", "/api/v1/account/preferences", Access::kUser, SetPreferences);
}

}  // namespace concord::api
