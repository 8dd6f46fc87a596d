#include "store/postgres/postgres_store.h"

#include <poll.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "store/postgres/connection.h"
#include "store/postgres/migrate.h"
#include "store/sql/engine_database.h"
#include "store/sqlite/connection.h"

namespace concord::store {
namespace postgres {
namespace {

// pg_advisory_xact_lock's key for "the writing transaction" ("CONCORDW" in ASCII).
constexpr int64_t kWriteLock = 0x434F4E434F524457;
constexpr const char* kChannel = "concord_changes";

// A WAL position as PostgreSQL prints it ("16/B374D848"), as a number; 0 when unreadable.
uint64_t ParseLsn(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return 0;
  uint64_t high = 0, low = 0;
  std::from_chars(text.data(), text.data() + slash, high, 16);
  std::from_chars(text.data() + slash + 1, text.data() + text.size(), low, 16);
  return high << 32 | low;
}

void RaiseTo(std::atomic<uint64_t>& value, uint64_t at_least) {
  uint64_t now = value.load(std::memory_order_relaxed);
  while (now < at_least && !value.compare_exchange_weak(now, at_least)) {
  }
}

// Counts the commits of every process on the database: each writer ends with NOTIFY on
// kChannel, and one connection per process LISTENs. When that connection is lost (a server
// restart) it reconnects with back-off and counts one change, since it may have missed some.
class ChangeListener {
 public:
  explicit ChangeListener(std::string target) : target_(std::move(target)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~ChangeListener() {
    stop_ = true;
    thread_.join();
  }
  uint64_t changes() const { return changes_.load(std::memory_order_acquire); }
  // The newest commit position (WAL LSN) another process announced.
  uint64_t newest_lsn() const { return newest_lsn_.load(std::memory_order_acquire); }

 private:
  void Run() {
    int backoff_ms = 50;
    while (!stop_) {
      auto conn = PgConnection::Open(target_);
      if (!conn.ok() || !(*conn)->Exec(std::string("LISTEN ") + kChannel).ok()) {
        for (int waited = 0; waited < backoff_ms && !stop_; waited += 50) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        backoff_ms = std::min(backoff_ms * 2, 2000);
        continue;
      }
      backoff_ms = 50;
      changes_.fetch_add(1, std::memory_order_release);  // what happened while not listening
      PGconn* raw = (*conn)->raw();
      while (!stop_ && PQstatus(raw) == CONNECTION_OK) {
        pollfd fd{PQsocket(raw), POLLIN, 0};
        if (poll(&fd, 1, 200) <= 0) continue;
        if (!PQconsumeInput(raw)) break;
        while (PGnotify* n = PQnotifies(raw)) {
          RaiseTo(newest_lsn_, ParseLsn(n->extra));
          changes_.fetch_add(1, std::memory_order_release);
          PQfreemem(n);
        }
      }
    }
  }

  const std::string target_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> changes_{0};
  std::atomic<uint64_t> newest_lsn_{0};
  std::thread thread_;
};

class PgEngine : public sql::Engine {
 public:
  PgEngine(std::string target, const SqliteOptions& options, size_t pool_size)
      : target_(std::move(target)),
        options_(options),
        pool_(target_, pool_size),
        listener_(target_) {
    if (!options.replica.empty()) replica_ = std::make_unique<PgPool>(options.replica, pool_size);
  }

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  // From the replica when it has replayed every commit this process knows of (its own, and
  // those other processes announced), so that a client reads its own writes; else, or when
  // the replica cannot be reached, from the primary.
  sql::Lease Read() override {
    if (replica_) {
      const uint64_t needed =
          std::max(local_lsn_.load(std::memory_order_acquire), listener_.newest_lsn());
      if (needed > replayed_.load(std::memory_order_acquire)) RefreshReplayed();
      if (needed <= replayed_.load(std::memory_order_acquire)) {
        auto lease = std::make_shared<PgPool::Lease>(replica_->Get());
        if (lease->get()) return sql::Lease(lease->get(), lease);
      }
    }
    auto lease = std::make_shared<PgPool::Lease>(pool_.Get());
    if (!lease->get()) return sql::Lease(lease->status());
    PgConnection* conn = lease->get();
    return sql::Lease(conn, lease);
  }

  // The writer: one at a time in this process; when it goes, its commits are announced to
  // every process (and counted here at once, so this process reads its own writes).
  sql::Lease Write() override {
    struct Held {
      Held(PgEngine* engine, std::unique_lock<std::mutex> lock, PgPool::Lease lease)
          : engine(engine), lock(std::move(lock)), lease(std::move(lease)) {}
      ~Held() {
        // Only a writer that changed rows announces a change (one that found nothing to do,
        // like most passes of the search indexer, must not drop every cache each second).
        if (!lease->TakeWritten()) return;
        engine->local_commits_.fetch_add(1, std::memory_order_release);
        // The announcement carries where the commit is in the WAL: a reader waits for a
        // replica to replay that far (Read).
        sql::Query notify(*lease, std::string("SELECT pg_current_wal_insert_lsn()::text, "
                                              "pg_notify('") +
                                      kChannel + "', pg_current_wal_insert_lsn()::text)");
        if (notify.Next()) RaiseTo(engine->local_lsn_, ParseLsn(notify.Text(0)));
        (void)notify.Run();
      }
      PgEngine* engine;
      std::unique_lock<std::mutex> lock;
      PgPool::Lease lease;
    };
    std::unique_lock<std::mutex> lock(write_mu_);
    PgPool::Lease lease = pool_.Get();
    if (!lease.get()) return sql::Lease(lease.status());
    auto held = std::make_shared<Held>(this, std::move(lock), std::move(lease));
    return sql::Lease(held->lease.get(), held);
  }

  Status Begin(sql::Connection& writer) override {
    CONCORD_RETURN_IF_ERROR(writer.Exec("BEGIN"));
    Status locked = sql::Query(writer, "SELECT pg_advisory_xact_lock(?)").Bind(kWriteLock).Run();
    if (!locked.ok()) (void)writer.Exec("ROLLBACK");
    return locked;
  }

  Result<uint64_t> DataVersion() override {
    return local_commits_.load(std::memory_order_acquire) + listener_.changes();
  }
  const Clock& clock() const override { return *options_.clock; }

  Result<const SecretBox*> Secrets() override {
    std::lock_guard<std::mutex> lock(secrets_mu_);
    if (!secrets_) {
      auto box = SecretBox::LoadOrCreate(NodeKeyFile(target_, options_));
      if (!box.ok()) return box.status();
      secrets_ = std::make_unique<SecretBox>(std::move(*box));
    }
    return secrets_.get();
  }

  // A session advisory lock, held by a pooled connection for as long as the lock lives.
  Result<std::unique_ptr<ExclusiveLock>> TryExclusive(std::string_view name) override {
    struct Held : ExclusiveLock {
      Held(PgPool::Lease lease, std::string name)
          : lease(std::move(lease)), name(std::move(name)) {}
      ~Held() override {
        (void)sql::Query(*lease, "SELECT pg_advisory_unlock(hashtextextended(?, 0))")
            .Bind(name)
            .Run();
      }
      PgPool::Lease lease;
      std::string name;
    };
    PgPool::Lease lease = pool_.Get();
    if (!lease.get()) return lease.status();
    sql::Query q(*lease, "SELECT pg_try_advisory_lock(hashtextextended(?, 0))");
    q.Bind(name);
    if (!q.Next()) return q.status().ok() ? Status::Internal("no row") : q.status();
    const bool locked = q.Int(0) != 0;
    CONCORD_RETURN_IF_ERROR(q.Run());
    if (!locked) return std::unique_ptr<ExclusiveLock>();
    return std::unique_ptr<ExclusiveLock>(new Held(std::move(lease), std::string(name)));
  }

  PgPool& pool() { return pool_; }

 private:
  // Asks the replica how far it has replayed, at most once a millisecond.
  void RefreshReplayed() {
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t last = replay_checked_.load(std::memory_order_relaxed);
    if (now - last < 1000 || !replay_checked_.compare_exchange_strong(last, now)) return;
    PgPool::Lease lease = replica_->Get();
    if (!lease.get()) return;
    sql::Query q(*lease, "SELECT pg_last_wal_replay_lsn()::text");
    if (q.Next()) RaiseTo(replayed_, ParseLsn(q.Text(0)));
    (void)q.Run();
  }

  const std::string target_;
  const SqliteOptions options_;
  PgPool pool_;
  std::mutex write_mu_;
  std::atomic<uint64_t> local_commits_{0};
  ChangeListener listener_;
  std::unique_ptr<PgPool> replica_;         // the hot standby reads go to, if any
  std::atomic<uint64_t> local_lsn_{0};      // where this process's last commit is in the WAL
  std::atomic<uint64_t> replayed_{0};       // how far the replica was found to have replayed
  std::atomic<int64_t> replay_checked_{0};  // when that was asked (steady clock, µs)
  std::mutex secrets_mu_;
  std::unique_ptr<SecretBox> secrets_;
};

}  // namespace
}  // namespace postgres

bool IsPostgresTarget(std::string_view target) { return postgres::IsPostgresTarget(target); }

std::string NodeKeyFile(const std::string& target, const SqliteOptions& options) {
  if (!options.key_file.empty()) return options.key_file;
  return IsPostgresTarget(target) ? "concord.key" : target + ".key";
}
std::string RedactedTarget(std::string_view target) { return postgres::RedactTarget(target); }

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& target,
                                                       const SqliteOptions& options) {
  auto migrations = SqliteMigrations(options);
  if (!migrations.ok()) return migrations.status();
  const std::string where = postgres::RedactTarget(target);
  {
    auto conn = postgres::PgConnection::Open(target);
    if (!conn.ok()) return conn.status();
    CONCORD_RETURN_IF_ERROR(postgres::Migrate(**conn, where, *migrations));
  }
  if (!options.replica.empty()) {
    // A replica must be a hot standby (of this database, which the operator vouches for).
    auto replica = postgres::PgConnection::Open(options.replica);
    if (!replica.ok()) return replica.status().WithPrefix("--db-replica");
    sql::Query standby(**replica, "SELECT pg_is_in_recovery()");
    if (!standby.Next()) return standby.status().WithPrefix("--db-replica");
    if (standby.Int(0) == 0) {
      return Status::InvalidArgument("--db-replica " + postgres::RedactTarget(options.replica) +
                                     " is not a hot standby (pg_is_in_recovery() is false)");
    }
  }
  auto engine = std::make_unique<postgres::PgEngine>(target, options, /*pool_size=*/16);
  return std::unique_ptr<Database>(
      new sql::EngineDatabase(std::move(engine), ModuleParts(options), options.modules));
}

Result<StoreDescription> DescribeDatabase(const std::string& target) {
  StoreDescription d;
  d.where = RedactedTarget(target);
  if (IsPostgresTarget(target)) {
    auto conn = postgres::PgConnection::Open(target);
    if (!conn.ok()) return conn.status();
    const int server = PQserverVersion((*conn)->raw());
    d.engine = "PostgreSQL " + std::to_string(server / 10000) + "." + std::to_string(server % 100);
    // A new database has no schema_migrations table yet: schema 0.
    sql::Query exists(**conn, "SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists.Next()) return exists.status();
    if (exists.Int(0) == 0) return d;
    auto version = postgres::SchemaVersion(**conn);
    if (!version.ok()) return version.status();
    d.schema_version = *version;
    return d;
  }
  d.engine = std::string("SQLite ") + sqlite3_libversion();
  if (!std::filesystem::exists(target)) {
    d.exists = false;
    return d;
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string error = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return Status::Internal("cannot open " + target + ": " + error);
  }
  sqlite::Db db(raw);
  sqlite::SqliteConnection conn(raw);
  sql::Query q(conn, "SELECT MAX(version) FROM schema_migrations");
  if (q.Next()) d.schema_version = static_cast<int>(q.Int(0));
  return d;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& target,
                                               const SqliteOptions& options) {
  if (IsPostgresTarget(target)) return OpenPostgresDatabase(target, options);
  if (!options.replica.empty()) {
    return Status::InvalidArgument("--db-replica needs a PostgreSQL database (--db " + target +
                                   " is a SQLite file)");
  }
  return OpenSqliteDatabase(target, options);
}

}  // namespace concord::store
