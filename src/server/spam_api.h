#pragma once
// Spam reports and blocklists over REST:
//   POST /api/v1/spam/reports        the raw report as the body (message/rfc822 ARF, X-ARF or
//                                    plain spam; application/json X-ARF 4), any authenticated
//                                    user: 201 stored, 200 duplicate, 422 rejected (why)
//   GET  /api/v1/spam/reports[?limit=]   newest first (node users)
//   GET  /api/v1/spam/reputation[?listed=true][&kind=ip]   (node users)
//   GET  /api/v1/dns/zones           the zones with their settings (node users)
//   POST /api/v1/dns/listings        {"zone", "entry", "delist"?, "code"?, "reason"?,
//                                     "expires"?} a manual listing or delisting (node admins)
// Reports are the node's own working data (they hold third parties' mail): only users of the
// node's organisation read them.

#include <string>

#include "accounts/authenticator.h"
#include "http/message.h"
#include "store/database.h"

namespace concord::server {

class SpamApi {
 public:
  SpamApi(store::Database& db, accounts::Authenticator& auth, const Clock& clock,
          std::string node_organisation)
      : db_(db), auth_(auth), clock_(clock), organisation_(std::move(node_organisation)) {}
  void Register(http::Router& router);

 private:
  http::Response SubmitReport(const http::Request& request);
  http::Response ListReports(const http::Request& request);
  http::Response Reputation(const http::Request& request);
  http::Response Zones(const http::Request& request);
  http::Response AddListing(const http::Request& request);

  store::Database& db_;
  accounts::Authenticator& auth_;
  const Clock& clock_;
  std::string organisation_;
};

}  // namespace concord::server
