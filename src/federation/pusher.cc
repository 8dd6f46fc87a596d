#include "federation/pusher.h"

#include <chrono>
#include <thread>

#include "common/json.h"
#include "federation/taxii_client.h"
#include "sharing/node_policy.h"

namespace concord::federation {
namespace {

// The most the peer accepts in one POST (its API root's max_content_length).
Result<size_t> MaxContentLength(TaxiiClient& client) {
  json::Document doc;
  auto r = client.Get(client.root(), &doc);
  if (!r.ok()) return r.status();
  auto n = doc.root()["max_content_length"].as_int();
  if (!n || *n <= 0) {
    return Status::InvalidArgument("the peer's API root gives no valid max_content_length");
  }
  return static_cast<size_t>(*n);
}

class Pusher {
 public:
  Pusher(store::Database& db, const store::Peer& peer, TaxiiClient& client,
         const sharing::Policy& policy, sharing::Recipient to, size_t max_bytes,
         const PushOptions& options, PushStats* stats)
      : db_(db),
        peer_(peer),
        client_(client),
        policy_(policy),
        to_(std::move(to)),
        max_bytes_(max_bytes),
        options_(options),
        stats_(stats) {}

  // Pushes what `local_collection` ("" = the whole store) gained since the last push.
  Status PushScope(const std::string& local_collection) {
    auto cursor = db_.peers().GetPushCursor(peer_.id, local_collection);
    if (!cursor.ok()) return cursor.status();
    while (true) {
      store::ObjectQuery q;
      q.collection_id = local_collection;
      q.added_after = *cursor;
      q.all_versions = true;
      q.limit = options_.max_objects;
      std::vector<std::string> envelope;  // the objects' JSON
      size_t bytes = 0, scanned = 0;
      Micros last = *cursor;
      Status st = db_.objects().Scan(q, [&](const store::StoredObject& o) {
        // Stop before the envelope would grow past what the peer accepts.
        if (!envelope.empty() && bytes + o.json.size() + 64 > max_bytes_) return false;
        ++scanned;
        last = o.date_added;
        if (!Releasable(o)) {
          ++stats_->withheld;
          return true;
        }
        if (o.json.size() + 64 > max_bytes_) {
          Log(o.id + ": " + std::to_string(o.json.size()) +
              " bytes, over the peer's max_content_length; not pushed");
          ++stats_->refused;
          return true;
        }
        envelope.push_back(o.json);
        bytes += o.json.size() + 1;
        return true;
      });
      CONCORD_RETURN_IF_ERROR(st);
      if (scanned == 0) return Status::Ok();
      stats_->considered += scanned;
      if (!envelope.empty()) CONCORD_RETURN_IF_ERROR(Send(envelope));
      auto w = db_.objects().BeginWrite();
      if (!w.ok()) return w.status();
      CONCORD_RETURN_IF_ERROR(
          (*w)->Part<store::CursorWriter>().SetPushCursor(peer_.id, local_collection, last));
      CONCORD_RETURN_IF_ERROR((*w)->Commit());
      *cursor = last;
    }
  }

 private:
  bool Releasable(const store::StoredObject& o) const {
    // Never back to where it came from, nor to the organisation that made it.
    if (o.received_from == peer_.id || o.created_by_ref == to_.org_identity) return false;
    auto facts = sharing::FactsOf(o);
    return facts.ok() && policy_.Decide(*facts, to_).release;
  }

  // POSTs one envelope and follows its status until the peer has processed every object.
  Status Send(const std::vector<std::string>& objects) {
    std::string body = "{\"objects\":[";
    for (size_t i = 0; i < objects.size(); ++i) {
      if (i) body.push_back(',');
      body += objects[i];
    }
    body += "]}";
    const std::string target = client_.root() + "collections/" + peer_.push_to + "/objects/";
    json::Document status;  // views into r->body: the two are replaced together
    auto r = client_.Post(target, body, &status);
    if (!r.ok()) return r.status();
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::microseconds(options_.status_timeout);
    auto wait = std::chrono::milliseconds(50);
    while (status.root()["status"].str() == "pending") {
      if (std::chrono::steady_clock::now() > deadline) {
        return Status::Internal("the peer's status for " + std::to_string(objects.size()) +
                                " pushed objects stayed pending; they are sent again next time");
      }
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, std::chrono::milliseconds(2000));
      const std::string id = status.root()["id"].str();
      r = client_.Get(client_.root() + "status/" + id + "/", &status);
      if (!r.ok()) return r.status();
    }
    if (status.root()["status"].str() != "complete") {
      return Status::InvalidArgument("the peer answered the push with status '" +
                                     status.root()["status"].str() + "'");
    }
    for (json::Value f : status.root()["failures"]) {
      Log("refused " + f["id"].str() + ": " + f["message"].str());
      ++stats_->refused;
    }
    const auto ok = status.root()["success_count"].as_int();
    stats_->pushed += ok ? static_cast<size_t>(*ok) : 0;
    return Status::Ok();
  }

  void Log(const std::string& line) {
    if (options_.log) options_.log(peer_.name + ": push: " + line);
  }

  store::Database& db_;
  const store::Peer& peer_;
  TaxiiClient& client_;
  const sharing::Policy& policy_;
  const sharing::Recipient to_;
  const size_t max_bytes_;
  const PushOptions& options_;
  PushStats* stats_;
};

// The local collections pushed to the peer ("" = the whole store).
std::vector<std::string> PushedScopes(const store::Peer& peer) {
  if (peer.push_from.empty()) return {""};
  return peer.push_from;
}

}  // namespace

Result<bool> HasUnpushed(store::Database& db, const store::Peer& peer) {
  if (peer.push_to.empty()) return false;
  for (const auto& scope : PushedScopes(peer)) {
    auto cursor = db.peers().GetPushCursor(peer.id, scope);
    if (!cursor.ok()) return cursor.status();
    store::ObjectQuery q;
    q.collection_id = scope;
    q.added_after = *cursor;
    q.all_versions = true;
    q.limit = 1;
    bool any = false;
    CONCORD_RETURN_IF_ERROR(db.objects().Scan(q, [&](const store::StoredObject&) {
      any = true;
      return false;
    }));
    if (any) return true;
  }
  return false;
}

Status PushPeer(store::Database& db, const store::Peer& peer, const PushOptions& options,
                PushStats* stats) {
  if (peer.push_to.empty()) return Status::Ok();
  if (peer.org_id == 0) {
    return Status::InvalidArgument(
        "push needs the peer's organisation (peer add --org) for the sharing policy to judge");
  }
  auto org = db.accounts().GetOrganisation(peer.org_id);
  if (!org.ok()) return org.status();
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  auto client = TaxiiClient::Connect(peer);
  if (!client.ok()) return client.status();
  auto max_bytes = MaxContentLength(**client);
  if (!max_bytes.ok()) return max_bytes.status();
  Pusher pusher(db, peer, **client, *policy, {sharing::Channel::kPeerNode, org->identity_id},
                *max_bytes, options, stats);
  for (const auto& scope : PushedScopes(peer)) CONCORD_RETURN_IF_ERROR(pusher.PushScope(scope));
  return Status::Ok();
}

}  // namespace concord::federation
