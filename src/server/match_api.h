#pragma once
// POST /api/v1/match: scans the request body (JSON lines, Zeek TSV, CSV or plain text) against
// the node's current match snapshot and returns the matches. Matching reads every indicator the
// node holds, whatever collection it is in, so only users of the node's own organisation may
// call it (others get 403).
//
// Query parameters: format=auto|text|json|zeek|csv (default: from Content-Type, else detected),
// columns=<CSV mapping> (as `concord match --columns`).
// Response: {"matches": [...], "lines": n, "records": n, "bad_lines": [{"line", "error"}...],
//            "indicators": {"indexed", "evaluated", "not_indexable", "invalid"}}

#include <string>

#include "accounts/authenticator.h"
#include "http/message.h"
#include "match/engine.h"

namespace concord::server {

class MatchApi {
 public:
  MatchApi(match::MatchEngine& engine, accounts::Authenticator& auth, std::string organisation)
      : engine_(engine), auth_(auth), organisation_(std::move(organisation)) {}
  void Register(http::Router& router);

 private:
  http::Response Match(const http::Request& request);

  match::MatchEngine& engine_;
  accounts::Authenticator& auth_;
  std::string organisation_;
};

}  // namespace concord::server
