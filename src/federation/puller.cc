#include "federation/puller.h"

#include "common/json.h"
#include "common/time.h"
#include "federation/taxii_client.h"
#include "store/importer.h"

namespace concord::federation {
namespace {

// Pulls one remote collection. Pages are fetched in groups (up to `pages_per_commit`); each
// group's objects commit in one transaction together with the cursor after its last page.
Status PullCollection(store::Database& db, const store::Peer& peer, TaxiiClient& client,
                      const std::string& cid, const PullOptions& options, PullStats* stats) {
  auto cursor = db.peers().GetCursor(peer.id, cid);
  if (!cursor.ok()) return cursor.status();
  bool more = true;
  while (more) {
    std::string batch = "[";
    std::string last = *cursor;
    size_t pages = 0;
    while (more && pages < options.pages_per_commit) {
      std::string target =
          client.root() + "collections/" + cid +
          "/objects/?match%5Bversion%5D=all&limit=" + std::to_string(options.page_size);
      if (!last.empty()) target += "&added_after=" + last;
      json::Document doc;
      auto r = client.Get(target, &doc);
      if (!r.ok()) return r.status();
      const json::Value objects = doc.root()["objects"];
      more = doc.root()["more"].is_bool() && doc.root()["more"].as_bool();
      if (!objects.exists() || objects.size() == 0) {
        if (more) {
          return Status::InvalidArgument("peer said \"more\" but sent no objects (" + target + ")");
        }
        break;
      }
      if (!objects.is_array()) return Status::InvalidArgument("\"objects\" is not an array");
      const std::string page_last(r->Header("X-TAXII-Date-Added-Last"));
      if (!ParseTimestamp(page_last).ok()) {
        return Status::InvalidArgument("no valid X-TAXII-Date-Added-Last header on " + target +
                                       ": the sync could not resume from this page");
      }
      if (page_last == last) {
        return Status::InvalidArgument("peer sent a page ending where the last one ended (" +
                                       page_last + "): it ignores added_after");
      }
      const std::string_view raw = objects.raw();  // "[...]": keep the elements
      if (batch.size() > 1) batch.push_back(',');
      batch.append(raw.substr(1, raw.size() - 2));
      last = page_last;
      ++pages;
    }
    if (pages == 0) break;
    batch.push_back(']');
    bool cursor_saved = false;
    store::ImportOptions into;
    into.collection_id = peer.into_collection;
    into.received_from = peer.id;
    into.on_problem = [&](const std::string& line) {
      if (options.log) options.log(peer.name + ": " + cid + ": " + line);
    };
    into.before_commit = [&](store::ObjectWriter& w) {
      cursor_saved = true;
      return w.SetPeerCursor(peer.id, cid, last);
    };
    store::ImportStats imported;
    CONCORD_RETURN_IF_ERROR(store::ImportStix(db.objects(), batch, into, &imported));
    if (!cursor_saved) {  // nothing valid in these pages: still move past them
      auto w = db.objects().BeginWrite();
      if (!w.ok()) return w.status();
      CONCORD_RETURN_IF_ERROR((*w)->SetPeerCursor(peer.id, cid, last));
      CONCORD_RETURN_IF_ERROR((*w)->Commit());
    }
    stats->pages += pages;
    stats->received += imported.read;
    stats->added += imported.added;
    stats->rejected += imported.rejected;
    *cursor = last;
  }
  return Status::Ok();
}

}  // namespace

Status PullPeer(store::Database& db, const store::Peer& peer, const PullOptions& options,
                PullStats* stats) {
  auto client = TaxiiClient::Connect(peer);
  if (!client.ok()) return client.status();
  std::vector<std::string> collections = peer.collections;
  if (collections.empty()) {  // every collection the peer lets us read
    json::Document doc;
    auto r = (*client)->Get((*client)->root() + "collections/", &doc);
    if (!r.ok()) return r.status();
    for (json::Value c : doc.root()["collections"]) {
      if (c["can_read"].is_bool() && c["can_read"].as_bool() && c["id"].is_string()) {
        collections.push_back(c["id"].str());
      }
    }
  }
  for (const std::string& cid : collections) {
    CONCORD_RETURN_IF_ERROR(PullCollection(db, peer, **client, cid, options, stats));
  }
  return Status::Ok();
}

}  // namespace concord::federation
