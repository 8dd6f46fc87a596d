#pragma once
// The REST API's house: how a resource declares its routes, who may call each one, and what a
// handler gets. Every route is declared with its Access, and Routes checks it before the
// handler runs, so no handler authenticates by itself.
//
//   void AddSpamRoutes(api::Routes& routes) {
//     routes.Add("GET", "/api/v1/spam/reports", api::Access::kNodeUser, ListReports);
//   }
//   http::Response ListReports(api::Context& c) { ... c.db(), c.caller(), c.Page() ... }
//
// Thread-safe after set-up (Add is not).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authenticator.h"
#include "common/json.h"
#include "common/time.h"
#include "http/message.h"
#include "http/rate_limit.h"
#include "sharing/policy.h"
#include "store/database.h"

namespace concord::dns {
class ZoneCounterSet;
}

namespace concord::api {

// Who may call a route.
enum class Access {
  kPublic,     // anyone, with no credential; rate-limited per address
  kUser,       // any authenticated account here, of any organisation (peer accounts too)
  kWriter,     // an authenticated account whose role may write (not a reader)
  kNodeUser,   // a user of the node's own organisation
  kNodeAdmin,  // an admin of the node's own organisation
  kPeer,       // a peer node's account
  // A person of any organisation here (admin, analyst or reader): not a peer node's account,
  // which exchanges records over TAXII. For what teams do themselves (incidents, requests).
  kMember,
  kMemberWriter,  // a member whose role may write (not a reader)
};
const char* AccessName(Access access);

// What every handler may use; built once by the composition root, outlives the server.
struct Node {
  store::Database& db;
  const Clock& clock;
  accounts::Authenticator& auth;
  std::string organisation;     // the node's own organisation (its name)
  bool secure_cookies = false;  // served over TLS: cookies carry Secure
  // Queries answered per DNSBL zone (server/dnsbl_service.h); empty when not serving DNS.
  const dns::ZoneCounterSet* dns_counters = nullptr;
};

// Paging parameters of a list: ?limit=N (1..max) and ?after=CURSOR (opaque to Routes).
struct Page {
  size_t limit = 0;
  std::string after;
};

// One request as a handler sees it: the node, the request and the caller (none on public
// routes that were called without a credential).
class Context {
 public:
  Context(Node& node, const http::Request& request, std::optional<accounts::Principal> caller)
      : node_(node), request_(request), caller_(std::move(caller)) {}

  Node& node() const { return node_; }
  store::Database& db() const { return node_.db; }
  const Clock& clock() const { return node_.clock; }
  const std::string& node_organisation() const { return node_.organisation; }
  const http::Request& request() const { return request_; }
  // The authenticated caller. Only routes declared kPublic may run without one.
  const accounts::Principal& caller() const { return *caller_; }
  bool has_caller() const { return caller_.has_value(); }
  // "api:alice@CERT-X": who did it, for audit trails and provenance.
  std::string Actor() const;

  std::string_view Param(std::string_view name) const { return request_.Param(name); }
  // The request body as JSON into `doc`; the error names the line and column.
  Status ParseJsonBody(json::Document* doc) const;
  // ?limit= and ?after=; a limit that is not a number in 1..max_limit is an error naming it.
  Result<Page> Paging(size_t default_limit, size_t max_limit) const;

 private:
  Node& node_;
  const http::Request& request_;
  std::optional<accounts::Principal> caller_;
};

using Handler = std::function<http::Response(Context&)>;

// The largest body a route reads unless it says otherwise: 1 MiB (64 KiB on public routes).
inline constexpr size_t kDefaultMaxBody = 1u << 20;
inline constexpr size_t kPublicMaxBody = 64u << 10;

struct RouteOptions {
  // Public routes share one per-address limit; a health check polled by a load balancer
  // opts out.
  bool rate_limited = true;
  // The largest request body; 0: the default above. Checked from Content-Length before the
  // body is read, after the caller was authenticated from the headers.
  size_t max_body_bytes = 0;
  // CPU-heavy (matching a log, a bulk import): runs on the server's bounded worker pool, so
  // that the I/O threads keep answering everyone else (/healthz too).
  bool expensive = false;
  // Callable by a user who must still replace a reset password (signing in and out, reading
  // who one is, changing one's password). Every other route refuses them until they have.
  bool before_password_change = false;
};

// The console's session cookie and the header that carries its CSRF token.
inline constexpr std::string_view kSessionCookie = "concord_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

class Routes {
 public:
  Routes(http::Router& router, Node& node, http::RateLimiter& public_limiter)
      : router_(router), node_(node), public_limiter_(public_limiter) {}

  void Add(std::string method, std::string_view pattern, Access access, Handler handler,
           RouteOptions options = {});

  Node& node() { return node_; }
  // An error in the format of the API that owns `path` (TAXII's under /taxii2, else JSON).
  http::Response FormatError(int status, StatusCode code, std::string_view message,
                             std::string_view path) const {
    return router_.error_formatter()(status, code, message, path);
  }
  // Keeps `object` alive as long as the routes (state a module's handlers share).
  template <typename T>
  T& Keep(std::unique_ptr<T> object) {
    T& ref = *object;
    kept_.push_back(std::shared_ptr<void>(std::move(object)));
    return ref;
  }

  struct Declared {
    std::string method, pattern;
    Access access;
  };
  // Every route with its declaration, in the order added (for the access test and the docs).
  const std::vector<Declared>& declared() const { return declared_; }

 private:
  http::Response Call(const http::Request& request, Access access, const Handler& handler,
                      const RouteOptions& options);
  // Decides from the headers alone: the refusal to answer, or nullopt with `caller` set (left
  // empty on public routes).
  using Admitted = std::optional<accounts::Principal>;
  std::optional<http::Response> Authorise(const http::Request& request, Access access,
                                          const RouteOptions& options, Admitted* caller);

  http::Router& router_;
  Node& node_;
  http::RateLimiter& public_limiter_;
  std::vector<Declared> declared_;
  std::vector<std::shared_ptr<void>> kept_;
};

// A Retry-After value: whole seconds, rounded up, at least 1.
std::string RetryAfterSeconds(Micros wait);

// A 400 for a form: {"error": {"code", "message", "field"}}, so the console shows the message
// next to the field (`field` empty: the form as a whole).
http::Response FieldError(std::string_view field, std::string_view message, int status = 400,
                          StatusCode code = StatusCode::kInvalidArgument);
// A Status whose message starts "field: ..." (the convention of validating functions) as a
// FieldError for that field; any other Status as usual.
http::Response ErrorWithField(const Status& st);

// Who the sharing policy sees in a caller: a peer node's account receives what may go to a peer
// node; everyone else is a user here.
sharing::Recipient RecipientOf(const accounts::Principal& principal);

// The sharing policy applied for one caller: what every handler that returns stored objects
// (or counts of them) asks, object by object.
class Visibility {
 public:
  static Result<Visibility> For(store::Database& db, const accounts::Principal& caller);
  sharing::Decision Decide(const store::StoredObject& object) const;
  bool Sees(const store::StoredObject& object) const { return Decide(object).release; }
  const sharing::Policy& policy() const { return policy_; }
  const sharing::Recipient& recipient() const { return recipient_; }

 private:
  Visibility(sharing::Policy policy, sharing::Recipient recipient)
      : policy_(std::move(policy)), recipient_(std::move(recipient)) {}
  sharing::Policy policy_;
  sharing::Recipient recipient_;
};

// Whether `principal` satisfies `access` on a node whose own organisation is `organisation`;
// the refusal says why.
Status CheckAccess(Access access, const accounts::Principal& principal,
                   const std::string& organisation);

}  // namespace concord::api
