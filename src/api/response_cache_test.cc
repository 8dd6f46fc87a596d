#include "api/response_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace concord::api {
namespace {

http::Response* Page(size_t bytes) {
  static http::Response r;
  r = http::Response();
  r.body.assign(bytes, 'x');
  return &r;
}

TEST(ResponseCacheTest, EntriesLiveForOneDataVersion) {
  ResponseCache cache(1 << 20);
  cache.Put("a", 7, Page(10));
  auto hit = cache.Get("a", 7);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->shared_body->size(), 10u);     // served from the shared buffer
  EXPECT_FALSE(cache.Get("a", 8).has_value());  // anything committed: all gone
  EXPECT_FALSE(cache.Get("a", 7).has_value());  // and not resurrected by an old version
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(ResponseCacheTest, EvictsLeastRecentlyUsedWithinItsBudget) {
  ResponseCache cache(1000);
  cache.Put("a", 1, Page(200));
  cache.Put("b", 1, Page(200));
  cache.Put("c", 1, Page(200));
  ASSERT_TRUE(cache.Get("a", 1).has_value());  // a is now the most recent
  cache.Put("d", 1, Page(200));
  cache.Put("e", 1, Page(200));  // over budget: b goes first
  EXPECT_FALSE(cache.Get("b", 1).has_value());
  EXPECT_TRUE(cache.Get("a", 1).has_value());
  EXPECT_LE(cache.bytes(), 1000u);
  cache.Put("huge", 1, Page(600));  // larger than a quarter of the budget: not kept
  EXPECT_FALSE(cache.Get("huge", 1).has_value());
}

TEST(ResponseCacheTest, ConcurrentRequestsForOnePageRenderItOnce) {
  ResponseCache cache(1 << 20);
  std::atomic<int> renders{0};
  auto render = [&] {
    ++renders;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    http::Response r;
    r.body = "page";
    return r;
  };
  std::vector<std::thread> clients;
  std::atomic<int> right{0};
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&] {
      http::Response r = cache.GetOrRender("k", 1, render);
      const std::string& body = r.shared_body ? *r.shared_body : r.body;
      if (body == "page") ++right;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(renders.load(), 1);
  EXPECT_EQ(right.load(), 6);
  // Errors are not cached: each request renders its own.
  auto error = [&] {
    ++renders;
    http::Response r;
    r.status = 500;
    return r;
  };
  cache.GetOrRender("e", 1, error);
  cache.GetOrRender("e", 1, error);
  EXPECT_EQ(renders.load(), 3);
}

}  // namespace
}  // namespace concord::api
