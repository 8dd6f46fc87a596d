#pragma once
// The directory's REST API (docs/DESIGN.md, "Directory"):
//   GET  /api/v1/lookup?q=V[&q=V...][&at=RFC3339]   who is responsible, contacts to use now
//   POST /api/v1/lookup {"queries": [...], "at"?}   batch (up to 100,000 values)
//   GET  /api/v1/teams                               every team the caller may see
//   GET  /api/v1/teams/{id or short name}[?format=rfc2350]
//   GET  /api/v1/teams/{ref}/history                 audit log (node's own users)
//   POST /api/v1/teams  {team JSON, "tlp"?}          add (node admins)
//   PUT  /api/v1/teams/{ref} {team JSON}             replace the record (node admins)
//   DELETE /api/v1/teams/{ref}                       revoke (node admins)
//   GET  /api/v1/directory/conflicts                 claims made by several teams
//   GET  /api/v1/contacts/status                     reachability of every contact
//   POST /api/v1/contacts/ack {"token": "..."}       public: the one-time token authenticates
// Reads go through the sharing policy: a team entry (and so its contacts) is shown only to
// callers the policy releases it to (channel: local user); answers count the others as
// "withheld". The directory snapshot is rebuilt when the store changed, at most twice a second.

#include <memory>
#include <mutex>
#include <string>

#include "accounts/authenticator.h"
#include "directory/editor.h"
#include "http/message.h"
#include "store/database.h"

namespace concord::server {

class DirectoryApi {
 public:
  DirectoryApi(store::Database& db, accounts::Authenticator& auth, const Clock& clock,
               std::string organisation)
      : db_(db), auth_(auth), clock_(clock), organisation_(std::move(organisation)) {}
  void Register(http::Router& router);

 private:
  // Everything a read needs, rebuilt together when the store changes (the policy reads
  // organisations, groups and settings from the same database).
  struct Snapshot {
    std::vector<directory::TeamEntry> entries;
    directory::Directory directory;
    sharing::Policy policy{sharing::PolicyConfig{}};
  };
  Result<std::shared_ptr<const Snapshot>> Current();
  http::Response Lookup(const http::Request& request);
  http::Response Teams(const http::Request& request);
  http::Response AddTeam(const http::Request& request);
  http::Response Acknowledge(const http::Request& request);
  http::Response Conflicts(const http::Request& request);
  http::Response ContactStatus(const http::Request& request);

  store::Database& db_;
  accounts::Authenticator& auth_;
  const Clock& clock_;
  std::string organisation_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // GUARDED_BY(mu_)
  uint64_t snapshot_version_ = 0;
  Micros checked_at_ = 0;
};

}  // namespace concord::server
