#include "taxii/page_cache.h"

#include <gtest/gtest.h>

namespace concord::taxii {
namespace {

http::Response* Page(size_t bytes) {
  static http::Response r;
  r = http::Response();
  r.body.assign(bytes, 'x');
  return &r;
}

TEST(PageCacheTest, EntriesLiveForOneDataVersion) {
  PageCache cache(1 << 20);
  cache.Put("a", 7, Page(10));
  auto hit = cache.Get("a", 7);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->shared_body->size(), 10u);     // served from the shared buffer
  EXPECT_FALSE(cache.Get("a", 8).has_value());  // anything committed: all gone
  EXPECT_FALSE(cache.Get("a", 7).has_value());  // and not resurrected by an old version
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(PageCacheTest, EvictsLeastRecentlyUsedWithinItsBudget) {
  PageCache cache(1000);
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

}  // namespace
}  // namespace concord::taxii
