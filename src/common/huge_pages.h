#pragma once
// Storage for the index's big tables. A lookup touches a few random places in hundreds of
// megabytes; with 4 KiB pages nearly every one is also a TLB miss. Allocations of 4 MiB and
// more are mapped separately and marked MADV_HUGEPAGE before first touch, so the kernel backs
// them with 2 MiB pages where transparent huge pages are enabled ("madvise" or "always").
// Measured on the 10M-indicator benchmark: see docs/BENCHMARKS.md.

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <vector>

namespace concord {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kThreshold = size_t{4} << 20;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes));
    void* p =
        mmap(nullptr, Rounded(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, Rounded(bytes), MADV_HUGEPAGE);  // advice only: failure leaves 4 KiB pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return ::operator delete(p);
    munmap(p, Rounded(bytes));
  }
  static size_t Rounded(size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace concord
