#pragma once
// An in-process node for API tests: a temporary SQLite store (or the PostgreSQL database given)
// with the node's organisation, one user per role and a peer account, the demo directory, and
// every module's routes on a real http::Router, called directly (no socket, no process). A
// request is a few lines:
//
//   ApiHarness node;
//   http::Response r = node.Call("GET", "/api/v1/teams", "analyst");

#include <map>
#include <memory>
#include <string>

#include "accounts/admin.h"
#include "accounts/authenticator.h"
#include "api/routes.h"
#include "common/file.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "federation/scheduler.h"
#include "http/message.h"
#include "match/engine.h"
#include "modules/modules.h"
#include "server/routes.h"
#include "sharing/policy.h"
#include "store/postgres/postgres_store.h"
#include "taxii/taxii_service.h"
#include "tests/test_util.h"

namespace concord::testing {

class ApiHarness {
 public:
  static constexpr const char* kNodeOrg = "DEMO-CSIRT";

  // `database`: "" for a new SQLite file, else an empty PostgreSQL database's target.
  explicit ApiHarness(const std::string& database = "") {
    store::SqliteOptions options;
    options.key_file = dir_.File("node.key");
    db_ = std::move(store::OpenDatabase(database.empty() ? dir_.File("api.db") : database,
                                        modules::SqliteOptionsWithModules(options))
                        .value());
    const Clock& clock = SystemClock::Get();
    (void)accounts::BootstrapAdmin(*db_, kNodeOrg, clock).value();
    (void)accounts::CreateOrganisation(*db_, "PARTNER-CERT", clock).value();
    for (auto [name, role] :
         {std::pair{"admin2", store::Role::kAdmin}, std::pair{"analyst", store::Role::kAnalyst},
          std::pair{"reader", store::Role::kReader}}) {
      (void)accounts::CreateUser(*db_, name, kNodeOrg, role, "", clock).value();
    }
    (void)accounts::CreateUser(*db_, "peer", "PARTNER-CERT", store::Role::kPeer, "", clock).value();
    (void)accounts::CreateUser(*db_, "partner", "PARTNER-CERT", store::Role::kAnalyst, "", clock)
        .value();
    for (const char* user : {"admin2", "analyst", "reader", "peer", "partner"}) {
      tokens_[user] = accounts::CreateToken(*db_, user, "test", std::nullopt, clock)->secret;
    }
    tokens_["admin"] = tokens_["admin2"];
    auto teams =
        InputFile::Open(std::string(CONCORD_SOURCE_DIR) + "/data/demo/directory/teams.json");
    auto parsed = directory::ReadConcordTeams(teams->data());
    directory::Editor editor(*db_, clock, "test");
    (void)editor.Import(std::move(*parsed), sharing::Tlp::kGreen).value();

    auth_ = std::make_unique<accounts::Authenticator>(db_->accounts(), clock);
    taxii_ = std::make_unique<taxii::TaxiiService>(*db_, clock, taxii::TaxiiOptions{});
    engine_ = std::make_unique<match::MatchEngine>(db_->objects(), clock, match::EngineOptions{});
    (void)engine_->Load();
    federation_ = std::make_unique<federation::Scheduler>(*db_, clock);
    scheduler_ = std::make_unique<Scheduler>(clock);
    limiter_ = std::make_unique<http::RateLimiter>(clock);
    node_ = std::make_unique<api::Node>(api::Node{*db_, clock, *auth_, kNodeOrg});
    router_.SetErrorFormatter(server::FormatApiError);
    routes_ = std::make_unique<api::Routes>(router_, *node_, *limiter_);
    server::Services services{*taxii_, *engine_, *federation_, *scheduler_};
    server::AddRoutes(*routes_, services);
  }

  // `as`: a user name above, or "" for no credential.
  http::Response Call(const std::string& method, const std::string& target, const std::string& as,
                      const std::string& body = "", http::Headers headers = {},
                      const std::string& address = "192.0.2.10") {
    http::Request r;
    r.method = method;
    r.target = target;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.headers = std::move(headers);
    if (!as.empty()) {
      auto it = tokens_.find(as);
      r.headers.emplace_back("Authorization", "Bearer " + (it == tokens_.end() ? as : it->second));
    }
    r.body = body;
    r.remote_address = address;
    http::Response response = router_.Handle(r);
    // A cached answer shares its buffer (what the server sends); tests read `body`.
    if (response.shared_body && response.body.empty()) response.body = *response.shared_body;
    return response;
  }

  const api::Routes& routes() const { return *routes_; }
  // `serve` refreshes matching every 250 ms; a test that just wrote indicators refreshes it.
  match::MatchEngine& engine() { return *engine_; }
  store::Database& db() { return *db_; }

 private:
  TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<accounts::Authenticator> auth_;
  std::unique_ptr<taxii::TaxiiService> taxii_;
  std::unique_ptr<match::MatchEngine> engine_;
  std::unique_ptr<federation::Scheduler> federation_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<http::RateLimiter> limiter_;
  std::unique_ptr<api::Node> node_;
  http::Router router_;
  std::unique_ptr<api::Routes> routes_;
};

}  // namespace concord::testing
