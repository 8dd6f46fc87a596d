#include "federation/puller.h"

#include "common/json.h"
#include "common/time.h"
#include "http/client.h"
#include "store/importer.h"

namespace concord::federation {
namespace {

constexpr std::string_view kTaxiiMediaType = "application/taxii+json";

std::string Excerpt(std::string_view body) {
  std::string s(body.substr(0, 200));
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return s;
}

// GET `target` and parse the TAXII envelope; errors name the peer's offence.
Result<http::ClientResponse> Get(http::Client& client, const std::string& target,
                                 const http::Headers& headers, json::Document* doc) {
  auto r = client.Send("GET", target, headers);
  if (!r.ok()) return r.status();
  if (r->status != 200) {
    return Status::Internal("GET " + target + " answered " + std::to_string(r->status) + ": " +
                            Excerpt(r->body));
  }
  if (r->Header("Content-Type").substr(0, kTaxiiMediaType.size()) != kTaxiiMediaType) {
    return Status::Unsupported("GET " + target + " answered with media type '" +
                               std::string(r->Header("Content-Type")) + "', not " +
                               std::string(kTaxiiMediaType));
  }
  size_t offset = 0;
  Status st = doc->ParseAll(r->body, &offset);
  if (!st.ok()) {
    return Status::InvalidArgument("GET " + target + ": invalid JSON at byte " +
                                   std::to_string(offset) + ": " + st.message());
  }
  if (!doc->root().is_object()) return Status::InvalidArgument("GET " + target + ": not an object");
  return r;
}

// Pulls one remote collection. Pages are fetched in groups (up to `pages_per_commit`); each
// group's objects commit in one transaction together with the cursor after its last page.
Status PullCollection(store::Database& db, const store::Peer& peer, http::Client& client,
                      const std::string& root, const http::Headers& headers, const std::string& cid,
                      const PullOptions& options, PullStats* stats) {
  auto cursor = db.peers().GetCursor(peer.id, cid);
  if (!cursor.ok()) return cursor.status();
  bool more = true;
  while (more) {
    std::string batch = "[";
    std::string last = *cursor;
    size_t pages = 0;
    while (more && pages < options.pages_per_commit) {
      std::string target = root + "collections/" + cid + "/objects/?match%5Bversion%5D=all&limit=" +
                           std::to_string(options.page_size);
      if (!last.empty()) target += "&added_after=" + last;
      json::Document doc;
      auto r = Get(client, target, headers, &doc);
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
    store::ImportOptions import;
    import.collection_id = peer.into_collection;
    import.received_from = peer.id;
    import.on_problem = [&](const std::string& line) {
      if (options.log) options.log(peer.name + ": " + cid + ": " + line);
  };
  import.before_commit = [&](store::ObjectWriter & w) { cursor_saved = true;
  return w.SetPeerCursor(peer.id, cid, last);
};
store::ImportStats imported;
CONCORD_RETURN_IF_ERROR(store::ImportStix(db.objects(), batch, import, &imported));
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
}  // namespace
return Status::Ok();
}  // namespace concord::federation

}  // namespace

Status PullPeer(store::Database& db, const store::Peer& peer, const PullOptions& options,
                PullStats* stats) {
  http::ClientOptions client_options;
  client_options.ca_file = peer.ca_file;
  auto client = http::Client::Create(peer.url, client_options);
  if (!client.ok()) return client.status();
  std::string root = (*client)->base().path;
  if (root.back() != '/') root.push_back('/');
  const http::Headers headers = {{"Authorization", "Bearer " + peer.token},
                                 {"Accept", "application/taxii+json;version=2.1"}};
  std::vector<std::string> collections = peer.collections;
  if (collections.empty()) {  // every collection the peer lets us read
    json::Document doc;
    auto r = Get(**client, root + "collections/", headers, &doc);
    if (!r.ok()) return r.status();
    for (json::Value c : doc.root()["collections"]) {
      if (c["can_read"].is_bool() && c["can_read"].as_bool() && c["id"].is_string()) {
        collections.push_back(c["id"].str());
      }
    }
  }
  for (const std::string& cid : collections) {
    CONCORD_RETURN_IF_ERROR(PullCollection(db, peer, **client, root, headers, cid, options, stats));
  }
  return Status::Ok();
}

}  // namespace concord::federation
