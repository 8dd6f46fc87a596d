#pragma once
// GET /api/v1/peers: each peer's sync state for the node's own organisation: last attempt and
// success, lag (now - last success), consecutive failures and the last error, object versions
// received, and when the schedule will try next. Tokens are never shown.

#include <string>

#include "accounts/authenticator.h"
#include "federation/scheduler.h"
#include "http/message.h"
#include "store/database.h"

namespace concord::server {

class PeersApi {
 public:
  PeersApi(store::Database& db, const federation::Scheduler& scheduler,
           accounts::Authenticator& auth, const Clock& clock, std::string organisation)
      : db_(db),
        scheduler_(scheduler),
        auth_(auth),
        clock_(clock),
        organisation_(std::move(organisation)) {}
  void Register(http::Router& router);

 private:
  http::Response List(const http::Request& request);

  store::Database& db_;
  const federation::Scheduler& scheduler_;
  accounts::Authenticator& auth_;
  const Clock& clock_;
  std::string organisation_;
};

}  // namespace concord::server
