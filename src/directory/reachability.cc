#include "directory/reachability.h"

#include <map>

#include "accounts/secrets.h"
#include "directory/editor.h"
#include "sharing/node_policy.h"

namespace concord::directory {

const char* ReachabilityName(Reachability r) {
  switch (r) {
    case Reachability::kUnchecked:
      return "unchecked";
    case Reachability::kPending:
      return "pending";
    case Reachability::kVerified:
      return "verified";
    case Reachability::kOverdue:
      return "overdue";
    case Reachability::kUndeliverable:
      return "undeliverable";
  }
  return "?";
}

Result<std::vector<IssuedCheck>> IssueChecks(store::Database& db, const Clock& clock,
                                             MailTransport& mail, const CheckOptions& options) {
  auto entries = LoadTeams(db.objects());
  if (!entries.ok()) return entries.status();
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  std::vector<const TeamEntry*> teams;
  if (!options.team.empty()) {
    Directory dir(TeamsOf(*entries));
    auto index = dir.Find(options.team);
    if (!index.ok()) return index.status();
    teams.push_back(&(*entries)[*index]);
  } else {
    for (const TeamEntry& e : *entries) {
      if (policy->IsLocalOrg(e.publisher)) teams.push_back(&e);
    }
  }
  std::vector<IssuedCheck> out;
  for (const TeamEntry* e : teams) {
    for (const Contact& c : e->team.contacts) {
      const accounts::NewToken token = accounts::GenerateToken();
      directory::ContactCheck check;
      check.team_id = e->team.id;
      check.email = c.email;
      check.issued = clock.Now();
      check.deadline = check.issued + options.deadline_after;
      auto id = db.Get<directory::DirectoryStore>().AddCheck(check, token.digest);
      if (!id.ok()) return id.status();
      MailMessage m;
      m.from = options.from;
      m.to = c.email;
      m.subject = "[" + e->team.short_name + "] 24/7 contact reachability check";
      m.body =
          "This is a reachability check of the contact directory of the incident response\n"
          "network. Please confirm that this address (" +
          c.email + ", " + e->team.short_name + ") is read by acknowledging before " +
          FormatTimestampMillis(check.deadline) +
          ":\n\n"
          "  curl -X POST " +
          options.ack_url +
          " \\\n"
          "       -H 'Content-Type: application/json' \\\n"
          "       -d '{\"token\": \"" +
          token.secret +
          "\"}'\n\n"
          "Token: " +
          token.secret +
          "\n\n"
          "The token works once. If this contact is wrong, tell your coordinator.\n";
      IssuedCheck issued{e->team.short_name, c.email, ""};
      if (Status sent = mail.Send(m); !sent.ok()) {
        issued.error = sent.message();
        CONCORD_RETURN_IF_ERROR(
            db.Get<directory::DirectoryStore>().SetDeliveryError(*id, issued.error));
      }
      out.push_back(std::move(issued));
    }
  }
  return out;
}

Result<directory::ContactCheck> AcknowledgeCheck(store::Database& db, const Clock& clock,
                                                 std::string_view token) {
  auto check =
      db.Get<directory::DirectoryStore>().Acknowledge(accounts::TokenDigest(token), clock.Now());
  if (!check.ok()) return check.status();
  // The team's own entry records the verification when this node publishes it.
  auto policy = sharing::LoadNodePolicy(db);
  auto entries = LoadTeams(db.objects());
  if (!policy.ok() || !entries.ok()) return check;
  for (const TeamEntry& e : *entries) {
    if (e.team.id != check->team_id || !policy->IsLocalOrg(e.publisher)) continue;
    Editor editor(db, clock, "ack:" + check->email);
    auto changed = editor.Change(e.team.id, "contact.verified", [&](Team& t) {
      for (Contact& c : t.contacts) {
        if (c.email == check->email) c.last_verified = check->acknowledged / 1000 * 1000;
      }
      return Status::Ok();
    });
    if (!changed.ok()) return changed.status();
  }
  return check;
}

Reachability StateOf(const directory::ContactCheck& check, Micros now) {
  if (check.id == 0) return Reachability::kUnchecked;
  if (!check.delivery_error.empty()) return Reachability::kUndeliverable;
  if (check.acknowledged != 0) return Reachability::kVerified;
  return now > check.deadline ? Reachability::kOverdue : Reachability::kPending;
}

Result<std::vector<ContactReachability>> ReachabilityReport(store::Database& db, Micros now) {
  auto entries = LoadTeams(db.objects());
  if (!entries.ok()) return entries.status();
  auto checks = db.Get<directory::DirectoryStore>().LatestChecks();
  if (!checks.ok()) return checks.status();
  std::map<std::pair<std::string, std::string>, const directory::ContactCheck*> latest;
  for (const auto& c : *checks) latest[{c.team_id, c.email}] = &c;
  std::vector<ContactReachability> out;
  for (const TeamEntry& e : *entries) {
    for (const Contact& c : e.team.contacts) {
      ContactReachability r;
      r.team_id = e.team.id;
      r.team = e.team.short_name;
      r.email = c.email;
      r.always_on = c.always_on;
      if (auto it = latest.find({e.team.id, c.email}); it != latest.end()) {
        r.latest = *it->second;
        r.state = StateOf(r.latest, now);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace concord::directory
