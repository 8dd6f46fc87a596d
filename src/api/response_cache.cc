#include "api/response_cache.h"

namespace concord::api {

void ResponseCache::ResetIfStale(uint64_t data_version) {
  if (data_version == version_) return;
  entries_.clear();
  lru_.clear();
  pending_.clear();  // renders in flight finish for their own callers, unshared
  bytes_ = 0;
  version_ = data_version;
}

std::optional<http::Response> ResponseCache::Get(const std::string& key, uint64_t data_version) {
  MutexLock lock(mu_);
  ResetIfStale(data_version);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second.position);
  return it->second.response;  // headers are copied; the body buffer is shared
}

void ResponseCache::Put(const std::string& key, uint64_t data_version, http::Response* response) {
  const size_t size = response->body.size() + key.size();
  if (size > max_bytes_ / 4) return;  // one page must not flush everything else
  response->shared_body = std::make_shared<const std::string>(std::move(response->body));
  response->body.clear();
  MutexLock lock(mu_);
  ResetIfStale(data_version);
  if (entries_.count(key)) return;
  while (bytes_ + size > max_bytes_ && !lru_.empty()) {
    auto victim = entries_.find(lru_.back());
    bytes_ -= victim->second.response.shared_body->size() + victim->first.size();
    entries_.erase(victim);
    lru_.pop_back();
  }
  lru_.push_front(key);
  entries_.emplace(key, Entry{*response, lru_.begin()});
  bytes_ += size;
}

http::Response ResponseCache::GetOrRender(const std::string& key, uint64_t data_version,
                                          const std::function<http::Response()>& render) {
  std::promise<std::shared_ptr<const http::Response>> promise;
  std::optional<Pending> waiting;
  {
    MutexLock lock(mu_);
    ResetIfStale(data_version);
    if (auto it = entries_.find(key); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.response;
    }
    if (auto it = pending_.find(key); it != pending_.end()) {
      waiting = it->second;
    } else {
      pending_.emplace(key, promise.get_future().share());
    }
  }
  if (waiting) {
    if (auto done = waiting->get()) return *done;
    return render();  // the other render was not cacheable (an error): do our own
  }
  http::Response response;
  std::shared_ptr<const http::Response> shared;
  try {
    response = render();
    if (response.status == 200) {
      Put(key, data_version, &response);
      shared = std::make_shared<const http::Response>(response);
    }
  } catch (...) {
    promise.set_value(nullptr);
    MutexLock lock(mu_);
    pending_.erase(key);
    throw;
  }
  promise.set_value(shared);
  MutexLock lock(mu_);
  pending_.erase(key);
  return response;
}

size_t ResponseCache::bytes() const {
  MutexLock lock(mu_);
  return bytes_;
}

}  // namespace concord::api
