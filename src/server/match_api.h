#pragma once
// POST /api/v1/match: scans the request body (JSON lines, Zeek TSV, CSV or plain text) against
// the node's current match snapshot and returns the matches. Matching reads every indicator the
// node holds, whatever collection it is in, so only users of the node's own organisation may
// call it (others get 403). Each matched indicator is also judged by the sharing policy for the
// caller (a user of this node): a match against one the caller may not see (say, another
// organisation's TLP:RED) is counted in "withheld_matches" and not described.
//
// Query parameters: format=auto|text|json|zeek|csv (default: from Content-Type, else detected),
// columns=<CSV mapping> (as `concord match --columns`).
// Response: {"matches": [...], "lines": n, "records": n, "bad_lines": [{"line", "error"}...],
//            "withheld_matches": n,
//            "indicators": {"indexed", "evaluated", "not_indexable", "invalid"}}

#include <string>

#include "accounts/authenticator.h"
#include "http/message.h"
#include "match/engine.h"
#include "store/database.h"

namespace concord::server {

class MatchApi {
 public:
  MatchApi(store::Database& db, match::MatchEngine& engine, accounts::Authenticator& auth,
           std::string organisation)
      : db_(db), engine_(engine), auth_(auth), organisation_(std::move(organisation)) {}
  void Register(http::Router& router);

 private:
  http::Response Match(const http::Request& request);

  store::Database& db_;
  match::MatchEngine& engine_;
  accounts::Authenticator& auth_;
  std::string organisation_;
};

}  // namespace concord::server
