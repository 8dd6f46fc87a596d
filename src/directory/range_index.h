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
    index.starts_.push_back(0);
    index.values_.push_back(kNone);
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
    if (key < min_) return values_[0];
    if (key >= max_) return values_.back();
    const size_t b = static_cast<size_t>((key - min_) >> shift_);
    lo = bucket_[b];
    hi = bucket_[b + 1];
    // The last boundary <= key within [lo, hi); lo - 1 when there is none in the bucket.
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (starts_[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return values_[lo - 1];
  }

  size_t ranges() const { return starts_.size(); }
  size_t memory_bytes() const {
    return starts_.capacity() * sizeof(Key) + values_.capacity() * 4 + bucket_.capacity() * 4;
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
    if (starts_.back() == start) {
      values_.back() = value;
      if (values_.size() >= 2 && values_[values_.size() - 2] == value) {
        starts_.pop_back();
        values_.pop_back();
      }
      return;
    }
    if (values_.back() == value) return;
    starts_.push_back(start);
    values_.push_back(value);
  }

  void BuildBuckets() {
    if (starts_.size() < 2) {
      min_ = max_ = 0;  // every key >= max_: values_.back()
      return;
    }
    min_ = starts_[1];
    max_ = starts_.back();
    // About one bucket per boundary, at most 2^22 (16 MiB of table).
    int bits = 1;
    while (bits < 22 && (size_t{1} << bits) < starts_.size()) ++bits;
    shift_ = 0;
    while (shift_ < kBits && ((max_ - min_) >> shift_) >= (Key{1} << bits)) ++shift_;
    const size_t buckets = static_cast<size_t>((max_ - min_) >> shift_) + 1;
    bucket_.assign(buckets + 1, 0);
    size_t i = 1;
    for (size_t b = 0; b <= buckets; ++b) {
      while (i < starts_.size() && static_cast<size_t>((starts_[i] - min_) >> shift_) < b) ++i;
      bucket_[b] = static_cast<uint32_t>(i);
    }
  }

  std::vector<Key> starts_;        // ascending; starts_[0] == 0
  std::vector<uint32_t> values_;   // values_[i] holds for [starts_[i], starts_[i + 1])
  std::vector<uint32_t> bucket_;   // first boundary index (>= 1) of each bucket
  Key min_ = 0, max_ = 0;          // starts_[1], starts_.back()
  int shift_ = 0;
};

}  // namespace concord::directory
