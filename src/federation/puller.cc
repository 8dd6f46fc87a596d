#include "federation/puller.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "common/json.h"
#include "common/time.h"
#include "federation/taxii_client.h"
#include "store/importer.h"

namespace concord::federation {
namespace {

// A group of pages fetched together: their objects (one JSON array) and the cursor after them.
struct PageGroup {
  std::string batch = "[";
  std::string last;
  size_t pages = 0;
  Status status;     // the fetch failed here (the groups before it are good)
  bool end = false;  // nothing more to fetch
};

// Fetches page groups of one remote collection from `cursor` on, handing each to `deliver`
// (which returns false to stop). Runs on its own thread so that the next group downloads while
// the previous one is stored.
void FetchGroups(TaxiiClient& client, const std::string& cid, std::string cursor,
                 const PullOptions& options, const std::function<bool(PageGroup)>& deliver) {
  bool more = true;
  size_t pages = 0;
  while (more) {
    PageGroup g;
    g.last = cursor;
    while (more && g.pages < options.pages_per_commit) {
      if (pages++ >= options.max_pages_per_sync) {
        if (options.log) {
          options.log(cid + ": stopped after " + std::to_string(options.max_pages_per_sync) +
                      " pages; the next sync goes on from here");
        }
        more = false;
        break;
      }
      std::string target =
          client.root() + "collections/" + cid +
          "/objects/?match%5Bversion%5D=all&limit=" + std::to_string(options.page_size);
      if (!g.last.empty()) target += "&added_after=" + g.last;
      json::Document doc;
      auto r = client.Get(target, &doc);
      if (!r.ok()) {
        g.status = r.status();
        break;
      }
      const json::Value objects = doc.root()["objects"];
      more = doc.root()["more"].is_bool() && doc.root()["more"].as_bool();
      if (!objects.exists() || objects.size() == 0) {
        if (more) {
          g.status =
              Status::InvalidArgument("peer said \"more\" but sent no objects (" + target + ")");
        }
        more = false;
        break;
      }
      if (!objects.is_array()) {
        g.status = Status::InvalidArgument("\"objects\" is not an array");
        break;
      }
      const std::string page_last(r->Header("X-TAXII-Date-Added-Last"));
      if (!ParseTimestamp(page_last).ok()) {
        g.status = Status::InvalidArgument("no valid X-TAXII-Date-Added-Last header on " + target +
                                           ": the sync could not resume from this page");
        break;
      }
      if (page_last == g.last) {
        g.status = Status::InvalidArgument("peer sent a page ending where the last one ended (" +
                                           page_last + "): it ignores added_after");
        break;
      }
      const std::string_view raw = objects.raw();  // "[...]": keep the elements
      if (g.batch.size() > 1) g.batch.push_back(',');
      g.batch.append(raw.substr(1, raw.size() - 2));
      g.last = page_last;
      ++g.pages;
    }
    g.batch.push_back(']');
    cursor = g.last;
    const bool failed = !g.status.ok();
    g.end = failed || !more;
    if (!deliver(std::move(g)) || failed) return;
  }
}

// Who supplies what a peer serves: its organisation when known here, else an owner of its own
// ("concord-peer:ID"), so that what it supplied without a known creator stays its.
store::Supplier PeerSupplier(store::Database& db, const store::Peer& peer) {
  store::Supplier supplier{"concord-peer:" + std::to_string(peer.id), true, peer.name};
  if (peer.org_id != 0) {
    if (auto org = db.accounts().GetOrganisation(peer.org_id); org.ok()) {
      supplier.org_identity = org->identity_id;
    }
  }
  return supplier;
}

// Stores one group's objects and, in the same transaction, the cursor after them.
Status StoreGroup(store::Database& db, const store::Peer& peer, const std::string& cid,
                  const PageGroup& g, const PullOptions& options, PullStats* stats) {
  bool cursor_saved = false;
  store::ImportOptions into;
  into.collection_id = peer.into_collection;
  into.received_from = peer.id;
  into.supplier = PeerSupplier(db, peer);
  into.on_problem = [&](const std::string& line) {
    if (options.log) options.log(peer.name + ": " + cid + ": " + line);
  };
  into.before_commit = [&](store::ObjectWriter& w) {
    cursor_saved = true;
    return w.Part<store::CursorWriter>().SetPeerCursor(peer.id, cid, g.last);
  };
  store::ImportStats imported;
  CONCORD_RETURN_IF_ERROR(store::ImportStix(db.objects(), g.batch, into, &imported));
  if (!cursor_saved) {  // nothing valid in these pages: still move past them
    auto w = db.objects().BeginWrite();
    if (!w.ok()) return w.status();
    CONCORD_RETURN_IF_ERROR((*w)->Part<store::CursorWriter>().SetPeerCursor(peer.id, cid, g.last));
    CONCORD_RETURN_IF_ERROR((*w)->Commit());
  }
  stats->pages += g.pages;
  stats->received += imported.read;
  stats->added += imported.added;
  stats->rejected += imported.rejected;
  return Status::Ok();
}

// Pulls one remote collection: groups of up to `pages_per_commit` pages, each committed with
// the cursor after its last page, while the next group is being fetched.
Status PullCollection(store::Database& db, const store::Peer& peer, TaxiiClient& client,
                      const std::string& cid, const PullOptions& options, PullStats* stats) {
  auto cursor = db.peers().GetCursor(peer.id, cid);
  if (!cursor.ok()) return cursor.status();
  std::mutex mu;
  std::condition_variable cv;
  std::optional<PageGroup> ready;  // GUARDED_BY(mu): at most one group waits to be stored
  bool stop = false;               // GUARDED_BY(mu): the storing side gave up
  std::thread fetcher([&] {
    FetchGroups(client, cid, *cursor, options, [&](PageGroup g) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !ready || stop; });
      if (stop) return false;
      ready = std::move(g);
      cv.notify_all();
      return true;
    });
  });
  Status st;
  while (true) {
    PageGroup g;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return ready.has_value(); });
      g = std::move(*ready);
      ready.reset();
      cv.notify_all();
    }
    if (g.pages > 0) st = StoreGroup(db, peer, cid, g, options, stats);
    if (st.ok()) st = g.status;
    if (!st.ok() || g.end) break;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
  }
  cv.notify_all();
  fetcher.join();
  return st;
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
  // A collection that fails (a broken page, a stuck cursor) does not keep the others from
  // being pulled: each is tried, and the first failure is reported.
  Status first_failure;
  for (const std::string& cid : collections) {
    Status st = PullCollection(db, peer, **client, cid, options, stats);
    if (st.ok()) continue;
    if (options.log) options.log(peer.name + ": " + cid + ": " + st.message());
    if (first_failure.ok()) first_failure = st;
  }
  return first_failure;
}

}  // namespace concord::federation
