#pragma once
// Longest-prefix match over one address family, built once and then read-only (thread-safe).
//
// The prefixes (nested or disjoint, as CIDR prefixes always are) are flattened into sorted,
// disjoint ranges: each range starts at a boundary and carries the value of the most specific
// prefix covering it. A lookup is then "the last boundary <= address". To make that one or two
// cache misses instead of ~20 binary-search steps, a table indexed by the address's leading
// bits (between the smallest and largest boundary) gives the few boundaries to search.
//
// Key is uint32_t (IPv4) or unsigned __int128 (IPv6).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/huge_pages.h"

namespace concord::directory {

template <typename Key>
class RangeIndex {
 public:
  static constexpr int kBits = sizeof(Key) * 8;
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  struct Prefix {
    Key network;  // host bits clear
    int length;   // 0..kBits
    uint32_t value;
  };

  // `prefixes` must not contain the same (network, length) twice: callers merge equal claims
  // into one value first.
  static RangeIndex Build(std::vector<Prefix> prefixes) {
    std::sort(prefixes.begin(), prefixes.end(), [](const Prefix& a, const Prefix& b) {
      return a.network != b.network ? a.network < b.network : a.length < b.length;
    });
    RangeIndex index;
    index.ranges_.push_back({0, kNone});
    // Sweep in address order keeping the chain of prefixes that contain the current one.
    struct Open {
      Key last;
      uint32_t value;
    };
    std::vector<Open> open;
    auto close_until = [&](Key before, bool all) {
      while (!open.empty() && (all || open.back().last < before)) {
        const Key last = open.back().last;
        open.pop_back();
        if (last == std::numeric_limits<Key>::max()) continue;  // nothing after the top
        index.Emit(last + 1, open.empty() ? kNone : open.back().value);
      }
    };
    for (const Prefix& p : prefixes) {
      close_until(p.network, false);
      index.Emit(p.network, p.value);
      open.push_back({LastOf(p), p.value});
    }
    close_until(0, true);
    index.BuildBuckets();
    return index;
  }

  // The value of the most specific prefix containing `key`, or kNone.
  uint32_t Find(Key key) const {
    size_t lo, hi;
    if (ranges_.empty()) return kNone;  // never built: a directory with no teams at all
    if (key < min_) return ranges_[0].value;
    if (key >= max_) return ranges_.back().value;
    const size_t b = static_cast<size_t>((key - min_) >> shift_);
    lo = bucket_[b];
    hi = bucket_[b + 1];
    // The last boundary <= key within [lo, hi); lo - 1 when there is none in the bucket.
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (ranges_[mid].start <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return ranges_[lo - 1].value;
  }

  size_t ranges() const { return ranges_.size(); }
  size_t memory_bytes() const {
    return ranges_.capacity() * sizeof(Range) + bucket_.capacity() * 4;
  }

 private:
  static Key LastOf(const Prefix& p) {
    if (p.length == 0) return std::numeric_limits<Key>::max();
    if (p.length >= kBits) return p.network;
    return p.network | (std::numeric_limits<Key>::max() >> p.length);
  }

  // Starts a range at `start` with `value` (a later range at the same start replaces it; a
  // range with its predecessor's value is merged into it).
  void Emit(Key start, uint32_t value) {
    if (ranges_.back().start == start) {
      ranges_.back().value = value;
      if (ranges_.size() >= 2 && ranges_[ranges_.size() - 2].value == value) ranges_.pop_back();
      return;
    }
    if (ranges_.back().value == value) return;
    ranges_.push_back({start, value});
  }

  void BuildBuckets() {
    if (ranges_.size() < 2) {
      min_ = max_ = 0;  // every key >= max_: ranges_.back()
      return;
    }
    min_ = ranges_[1].start;
    max_ = ranges_.back().start;
    // About one bucket per boundary, at most 2^22 (16 MiB of table).
    int bits = 1;
    while (bits < 22 && (size_t{1} << bits) < ranges_.size()) ++bits;
    shift_ = 0;
    while (shift_ < kBits && ((max_ - min_) >> shift_) >= (Key{1} << bits)) ++shift_;
    const size_t buckets = static_cast<size_t>((max_ - min_) >> shift_) + 1;
    bucket_.assign(buckets + 1, 0);
    size_t i = 1;
    for (size_t b = 0; b <= buckets; ++b) {
      while (i < ranges_.size() && static_cast<size_t>((ranges_[i].start - min_) >> shift_) < b)
        ++i;
      bucket_[b] = static_cast<uint32_t>(i);
    }
  }

  // Start and value side by side: the search's last probe brings the answer into cache.
  struct Range {
    Key start;
    uint32_t value;  // holds for [start, next range's start)
  };
  // In huge pages when large: a lookup touches two random places, each a TLB miss otherwise.
  BigVector<Range> ranges_;     // ascending starts; ranges_[0].start == 0
  BigVector<uint32_t> bucket_;  // first range index (>= 1) of each bucket
  Key min_ = 0, max_ = 0;       // ranges_[1].start, ranges_.back().start
  int shift_ = 0;
};

}  // namespace concord::directory
