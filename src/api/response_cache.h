#pragma once
// Rendered answers (TAXII pages, the search API's pages and counts), kept for as long as the
// database has not changed.
//
// Every entry belongs to one database data version (ObjectStore::DataVersion). The first lookup
// that sees a newer version drops everything, so a page is never served after any commit, by
// this process or another (a CLI import, a federation pull). A page's content comes from a
// snapshot taken after its version was read, so it is never older than its label. Bounded by
// bytes, least recently used first out. Keys include the recipient (sharing::CacheKeyOf: the
// channel and the organisation), since the sharing policy filters pages per recipient: a peer
// node's account and a user of the same organisation see different pages. Thread-safe.

#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/thread_annotations.h"
#include "http/message.h"

namespace concord::api {

class ResponseCache {
 public:
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  // A hit is a response whose body is the cached buffer itself (Response::shared_body).
  std::optional<http::Response> Get(const std::string& key, uint64_t data_version);
  // Stores `response`, moving its body into a shared buffer, and leaves `response` answering
  // from that buffer too.
  void Put(const std::string& key, uint64_t data_version, http::Response* response);
  size_t bytes() const;

  // The page for `key`: from the cache, or by waiting for a render of it already under way, or
  // by calling `render` (once, however many requests want the page at the same time: many
  // clients polling in step would otherwise render every page many times). Successful (200)
  // renders are stored.
  http::Response GetOrRender(const std::string& key, uint64_t data_version,
                             const std::function<http::Response()>& render);

 private:
  void ResetIfStale(uint64_t data_version) REQUIRES(mu_);

  const size_t max_bytes_;
  mutable Mutex mu_;
  uint64_t version_ GUARDED_BY(mu_) = 0;
  size_t bytes_ GUARDED_BY(mu_) = 0;
  std::list<std::string> lru_ GUARDED_BY(mu_);  // most recent first
  struct Entry {
    http::Response response;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, Entry> entries_ GUARDED_BY(mu_);
  // Renders under way, by key; a waiter gets the finished response (or null if not cacheable).
  using Pending = std::shared_future<std::shared_ptr<const http::Response>>;
  std::unordered_map<std::string, Pending> pending_ GUARDED_BY(mu_);
};

}  // namespace concord::api
