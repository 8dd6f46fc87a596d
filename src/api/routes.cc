#include "api/routes.h"

#include <algorithm>
#include <any>

#include "accounts/secrets.h"
#include "common/numbers.h"
#include "sharing/node_policy.h"

namespace concord::api {

const char* AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kUser:
      return "user";
    case Access::kWriter:
      return "writer";
    case Access::kNodeUser:
      return "node-user";
    case Access::kNodeAdmin:
      return "node-admin";
    case Access::kPeer:
      return "peer";
    case Access::kMember:
      return "member";
    case Access::kMemberWriter:
      return "member-writer";
  }
  return "?";
}

std::string Context::Actor() const {
  if (!caller_) return "api:anonymous@" + request_.remote_address;
  return "api:" + caller_->user.name + "@" + caller_->org.name;
}

Status Context::ParseJsonBody(json::Document* doc) const {
  size_t offset = 0;
  if (Status st = doc->ParseAll(request_.body, &offset); !st.ok()) {
    const json::TextPosition at = json::PositionOf(request_.body, offset);
    return Status::InvalidArgument("body: line " + std::to_string(at.line) + ", column " +
                                   std::to_string(at.column) + ": " + st.message());
  }
  return Status::Ok();
}

Result<Page> Context::Paging(size_t default_limit, size_t max_limit) const {
  Page page{default_limit, ""};
  for (const auto& [key, value] : http::QueryParams(request_.query)) {
    if (key == "limit") {
      const std::optional<size_t> n = ParseInteger<size_t>(value);
      if (!n || *n == 0 || *n > max_limit) {
        return Status::InvalidArgument("limit must be a number from 1 to " +
                                       std::to_string(max_limit) + ", got '" + value + "'");
      }
      page.limit = *n;
    } else if (key == "after") {
      page.after = value;
    }
  }
  return page;
}

sharing::Recipient RecipientOf(const accounts::Principal& p) {
  return {p.user.role == store::Role::kPeer ? sharing::Channel::kPeerNode
                                            : sharing::Channel::kLocalUser,
          p.org.identity_id};
}

Result<Visibility> Visibility::For(store::Database& db, const accounts::Principal& caller) {
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  return Visibility(std::move(*policy), RecipientOf(caller));
}

sharing::Decision Visibility::Decide(const store::StoredObject& object) const {
  auto facts = sharing::FactsOf(object);
  if (!facts.ok()) {
    // An object whose sharing facts cannot be read is never released.
    sharing::Decision refused;
    refused.tlp = sharing::Tlp::kRed;
    refused.rule = "its distribution cannot be read: " + facts.status().message();
    return refused;
  }
  return policy_.Decide(*facts, recipient_);
}

std::string RetryAfterSeconds(Micros wait) {
  return std::to_string(std::max<Micros>(1, (wait + 999'999) / 1'000'000));
}

http::Response FieldError(std::string_view field, std::string_view message, int status,
                          StatusCode code) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("error").BeginObject();
  w.Key("code").String(StatusCodeName(code)).Key("message").String(message);
  w.Key("field").String(field);
  w.EndObject().EndObject();
  return http::Response::Json(status, std::move(body));
}

http::Response ErrorWithField(const Status& st) {
  const std::string& m = st.message();
  const size_t colon = m.find(": ");
  if (st.code() != StatusCode::kInvalidArgument || colon == std::string::npos || colon >= 40) {
    return http::Response::FromStatus(st);
  }
  const size_t name_end = m.find_first_not_of("abcdefghijklmnopqrstuvwxyz_");
  if (name_end == colon) {
    return FieldError(m.substr(0, colon), m.substr(colon + 2), HttpStatusFor(st.code()), st.code());
  }
  // "list[3]: ...": the form's field is the list; the message keeps which element.
  const bool element = name_end > 0 && m[name_end] == '[' && m[colon - 1] == ']' &&
                       m.find_first_not_of("0123456789", name_end + 1) == colon - 1;
  if (!element) return http::Response::FromStatus(st);
  return FieldError(m.substr(0, name_end), m, HttpStatusFor(st.code()), st.code());
}

Status CheckAccess(Access access, const accounts::Principal& principal,
                   const std::string& organisation) {
  const bool node_user = principal.org.name == organisation;
  switch (access) {
    case Access::kPublic:
    case Access::kUser:
      return Status::Ok();
    case Access::kWriter:
      if (principal.can_write()) return Status::Ok();
      return Status::PermissionDenied("readers cannot change anything here");
    case Access::kNodeUser:
      if (node_user) return Status::Ok();
      return Status::PermissionDenied("this endpoint is for users of " + organisation +
                                      ", the node's own organisation");
    case Access::kNodeAdmin:
      if (node_user && principal.is_admin()) return Status::Ok();
      return Status::PermissionDenied("this endpoint is for administrators of " + organisation +
                                      ", the node's own organisation");
    case Access::kPeer:
      if (principal.user.role == store::Role::kPeer) return Status::Ok();
      return Status::PermissionDenied("this endpoint is for peer nodes' accounts");
    case Access::kMember:
    case Access::kMemberWriter:
      if (principal.user.role == store::Role::kPeer) {
        return Status::PermissionDenied(
            "a peer node's account exchanges records over TAXII, not through this endpoint");
      }
      if (access == Access::kMemberWriter && !principal.can_write()) {
        return Status::PermissionDenied("readers cannot change anything here");
      }
      return Status::Ok();
  }
  return Status::PermissionDenied("unknown access rule");
}

void Routes::Add(std::string method, std::string_view pattern, Access access, Handler handler,
                 RouteOptions options) {
  declared_.push_back({method, std::string(pattern), access});
  if (options.max_body_bytes == 0) {
    options.max_body_bytes = access == Access::kPublic ? kPublicMaxBody : kDefaultMaxBody;
  }
  auto admit = [this, access, options](http::Request& r) {
    http::Admission a;
    a.max_body_bytes = options.max_body_bytes;
    a.expensive = options.expensive;
    Admitted caller;
    a.refusal = Authorise(r, access, options, &caller);
    a.authenticated = caller.has_value();
    if (!a.refusal) r.admitted = std::move(caller);
    return a;
  };
  router_.Add(
      std::move(method), pattern,
      [this, access, handler = std::move(handler), options](const http::Request& r) {
        return Call(r, access, handler, options);
      },
      std::move(admit));
}

http::Response Routes::Call(const http::Request& request, Access access, const Handler& handler,
                            const RouteOptions& options) {
  // Admitted by the server from the headers: the caller is known. Otherwise (a request handed
  // to the router directly) decide now.
  if (const Admitted* admitted = std::any_cast<Admitted>(&request.admitted)) {
    Context context(node_, request, *admitted);
    return handler(context);
  }
  if (request.body.size() > options.max_body_bytes) {
    return router_.error_formatter()(413, StatusCode::kTooLarge,
                                     "request body exceeds the limit of " +
                                         std::to_string(options.max_body_bytes) +
                                         " bytes for this resource",
                                     request.path);
  }
  Admitted caller;
  if (auto refusal = Authorise(request, access, options, &caller)) return std::move(*refusal);
  Context context(node_, request, std::move(caller));
  return handler(context);
}

std::optional<http::Response> Routes::Authorise(const http::Request& request, Access access,
                                                const RouteOptions& options, Admitted* caller) {
  const http::ErrorFormatter& format = router_.error_formatter();
  auto refuse = [&](const Status& st) {
    return format(HttpStatusFor(st.code()), st.code(), st.message(), request.path);
  };
  if (access == Access::kPublic) {
    if (options.rate_limited) {
      if (const Micros wait = public_limiter_.Take(request.remote_address); wait > 0) {
        http::Response r =
            refuse(Status::TooManyRequests("too many requests from this address; try again later"));
        r.SetHeader("Retry-After", RetryAfterSeconds(wait));
        return r;
      }
    }
  } else {
    // Scripts send Authorization; the console sends its session cookie (and, to change
    // anything, the session's CSRF token: a cookie alone proves nothing about who made the
    // request).
    const std::string_view authorization = request.Header("Authorization");
    std::optional<std::string> session;
    if (authorization.empty()) session = request.Cookie(kSessionCookie);
    auto principal = session ? node_.auth.BySession(*session)
                             : node_.auth.Authenticate(authorization, request.remote_address);
    if (!principal.ok()) {
      http::Response r = refuse(principal.status());
      if (principal.status().code() == StatusCode::kUnauthenticated && !session) {
        bool has = false;
        for (const auto& [k, v] : r.headers) has |= k == "WWW-Authenticate";
        if (!has) r.SetHeader("WWW-Authenticate", "Bearer realm=\"concord\"");
      }
      if (principal.status().code() == StatusCode::kTooManyRequests) {
        r.SetHeader("Retry-After", RetryAfterSeconds(node_.auth.RetryAfter(
                                       authorization, request.remote_address)));
      }
      return r;
    }
    const bool safe_method = request.method == "GET" || request.method == "HEAD";
    if (principal->by_session && !safe_method &&
        !accounts::ConstantTimeEquals(request.Header(kCsrfHeader), principal->csrf_token)) {
      return refuse(Status::PermissionDenied(
          "this request lacks the session's CSRF token (X-CSRF-Token); reload the page"));
    }
    if (principal->user.must_change_password && !principal->by_token &&
        !options.before_password_change) {
      return refuse(Status::PermissionDenied(
          "your password was reset: choose a new one first (POST /api/v1/account/password)"));
    }
    if (Status st = CheckAccess(access, *principal, node_.organisation); !st.ok()) {
      return refuse(st);
    }
    *caller = std::move(*principal);
  }
  return std::nullopt;
}

}  // namespace concord::api
