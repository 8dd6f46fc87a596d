#pragma once
// Clang thread-safety annotations (after leveldb's port/thread_annotations.h) and a Mutex that
// carries them. libstdc++'s std::mutex is not annotated, so members guarded by a std::mutex
// cannot be checked: guard them with concord::Mutex instead. The clang build in `make test`
// compiles with -Wthread-safety -Werror (tests/run_thread_safety.sh); g++ ignores all of this.

#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define CONCORD_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define CONCORD_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) CONCORD_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY CONCORD_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) CONCORD_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) CONCORD_THREAD_ANNOTATION(pt_guarded_by(x))
#define ACQUIRE(...) CONCORD_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) CONCORD_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define REQUIRES(...) CONCORD_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) CONCORD_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS CONCORD_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace concord {

class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }
  // BasicLockable, so that a CondVar can wait on the Mutex itself (held before and after).
  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

// Waits on a Mutex: `MutexLock lock(mu); cv.wait(mu, [&]() REQUIRES(mu) { return ready; });`
using CondVar = std::condition_variable_any;

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~MutexLock() RELEASE() { mu_.Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

}  // namespace concord
