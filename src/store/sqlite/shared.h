#pragma once
// State shared by the SQLite implementations of the store interfaces: one database file, one
// writer connection (one writer at a time, in process and across processes), pooled readers.
// Internal to store/sqlite/.

#include <atomic>
#include <chrono>
#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/secret_box.h"
#include "common/thread_annotations.h"
#include "store/account_store.h"
#include "store/collection_store.h"
#include "store/object_store.h"
#include "store/peer_store.h"
#include "store/settings_store.h"
#include "store/sql/engine.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::store::sqlite {

struct Shared : sql::Engine {
  Shared(std::string path, SqliteOptions options, Db writer, Db watcher)
      : path(std::move(path)),
        options(std::move(options)),
        writer(std::move(writer)),
        readers(this->path),
        watcher(std::move(watcher)) {}

  std::string path;
  SqliteOptions options;
  // Held by the live ObjectWriter (a transaction object that owns the lock for its lifetime),
  // or around one small write. `writer` is not annotated: the analysis cannot follow a lock
  // that a transaction object owns, so the rule is this comment: use `writer` only under
  // write_mu.
  std::mutex write_mu;
  Db writer;
  ReaderPool readers;
  Mutex watch_mu;
  Db watcher GUARDED_BY(watch_mu);  // a connection only for PRAGMA data_version

  // sql::Engine: the stores written in portable SQL see this database through it.
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sql::Lease Read() override {
    struct Held {
      ReaderPool::Lease lease;
      SqliteConnection connection;
    };
    auto lease = readers.Get();
    if (!lease.db()) return sql::Lease(lease.status());
    sqlite3* db = lease.db();
    auto held = std::make_shared<Held>(Held{std::move(lease), SqliteConnection(db)});
    return sql::Lease(&held->connection, held);
  }
  sql::Lease Write() override {
    struct Held {
      std::unique_lock<std::mutex> lock;
      SqliteConnection connection;
    };
    auto held = std::make_shared<Held>(
        Held{std::unique_lock<std::mutex>(write_mu), SqliteConnection(writer.get())});
    return sql::Lease(&held->connection, held);
  }
  // IMMEDIATE takes SQLite's write lock now, so another process cannot interleave.
  Status Begin(sql::Connection& connection) override { return connection.Exec("BEGIN IMMEDIATE"); }
  const Clock& clock() const override { return *options.clock; }
  // One process per SQLite node: held names are kept here.
  Result<std::unique_ptr<ExclusiveLock>> TryExclusive(std::string_view name) override
      EXCLUDES(exclusive_mu) {
    struct Held : ExclusiveLock {
      Held(Shared* shared, std::string name) : shared(shared), name(std::move(name)) {}
      ~Held() override {
        MutexLock lock(shared->exclusive_mu);
        shared->exclusive.erase(name);
      }
      Shared* shared;
      std::string name;
    };
    MutexLock lock(exclusive_mu);
    if (!exclusive.insert(std::string(name)).second) return std::unique_ptr<ExclusiveLock>();
    return std::unique_ptr<ExclusiveLock>(new Held(this, std::string(name)));
  }
  Mutex exclusive_mu;
  std::set<std::string> exclusive GUARDED_BY(exclusive_mu);

  // The node key's box, loaded on first need (a database without secrets never makes a key).
  Result<const SecretBox*> Secrets() override EXCLUDES(secrets_mu) {
    MutexLock lock(secrets_mu);
    if (!secrets) {
      auto box = SecretBox::LoadOrCreate(NodeKeyFile(path, options));
      if (!box.ok()) return box.status();
      secrets = std::make_unique<SecretBox>(std::move(*box));
    }
    return secrets.get();
  }
  Mutex secrets_mu;
  // Set once and never replaced, so the pointer Secrets() returns stays valid.
  std::unique_ptr<SecretBox> secrets GUARDED_BY(secrets_mu);

  // Changes whenever any connection, in this process or another, commits. It is the sum of two
  // counters that only grow:
  //  - this process's commits, counted by the writer's WAL hook once each commit is visible
  //    (InstallCommitCounter), so a caller always sees its own writes at once;
  //  - PRAGMA data_version on the watcher (it changes when *another* connection commits, this
  //    process's writer included), read at most once per kWatchInterval: a commit by another
  //    process (the CLI beside a serving node) is seen within that interval.
  // Callers read it first and the data after, so what they read is never older than the
  // version says. Every request reads it (token memory, search index, response cache): the
  // counters make that a few atomic loads instead of a statement under one global lock.
  static constexpr int64_t kWatchIntervalNanos = 1'000'000;  // 1 ms
  Result<uint64_t> DataVersion() override EXCLUDES(watch_mu) {
    const uint64_t local = local_commits.load(std::memory_order_acquire);
    if (SteadyNanos() - watched_at.load(std::memory_order_acquire) < kWatchIntervalNanos) {
      return watched_version.load(std::memory_order_acquire) + local;
    }
    MutexLock lock(watch_mu);
    const int64_t now = SteadyNanos();
    if (now - watched_at.load(std::memory_order_acquire) >= kWatchIntervalNanos) {
      if (!watch_query) watch_query.emplace(watcher_connection, "PRAGMA data_version");
      watch_query->Reset();
      if (!watch_query->Next()) return watch_query->status();
      watched_version.store(static_cast<uint64_t>(watch_query->Int(0)), std::memory_order_release);
      watched_at.store(now, std::memory_order_release);
    }
    return watched_version.load(std::memory_order_acquire) + local;
  }
  SqliteConnection watcher_connection{watcher.get()};
  std::optional<sql::Query> watch_query GUARDED_BY(watch_mu);
  std::atomic<uint64_t> watched_version{0};
  std::atomic<int64_t> watched_at{INT64_MIN / 2};  // steady nanoseconds of the last read
  std::atomic<uint64_t> local_commits{0};          // this process's writer's commits
  static int64_t SteadyNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace concord::store::sqlite
