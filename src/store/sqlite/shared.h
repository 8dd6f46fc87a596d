#pragma once
// State shared by the SQLite implementations of the store interfaces: one database file, one
// writer connection (one writer at a time, in process and across processes), pooled readers.
// Internal to store/sqlite/.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/secret_box.h"
#include "common/thread_annotations.h"
#include "store/account_store.h"
#include "store/collection_store.h"
#include "store/object_store.h"
#include "store/peer_store.h"
#include "store/settings_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::store::sqlite {

struct Shared {
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
  std::vector<PartFactory> parts;   // the core's and the modules' transaction parts
  // The data version at which the search index was last found current: a search that sees it
  // unchanged skips the indexer (which would take the write lock on every read).
  std::atomic<uint64_t> index_current_at{0};

  // The node key's box, loaded on first need (a database without secrets never makes a key).
  Result<const SecretBox*> Secrets() EXCLUDES(secrets_mu) {
    MutexLock lock(secrets_mu);
    if (!secrets) {
      auto box =
          SecretBox::LoadOrCreate(options.key_file.empty() ? path + ".key" : options.key_file);
      if (!box.ok()) return box.status();
      secrets = std::make_unique<SecretBox>(std::move(*box));
    }
    return secrets.get();
  }
  Mutex secrets_mu;
  // Set once and never replaced, so the pointer Secrets() returns stays valid.
  std::unique_ptr<SecretBox> secrets GUARDED_BY(secrets_mu);

  // PRAGMA data_version on the watcher: it changes when *another* connection commits, and every
  // writer (this process's included) is another connection to the watcher.
  Result<uint64_t> DataVersion() EXCLUDES(watch_mu) {
    MutexLock lock(watch_mu);
    Query q(watcher.get(), "PRAGMA data_version");
    if (!q.Next()) return q.status();
    return static_cast<uint64_t>(q.Int(0));
  }

  // Strictly increasing at millisecond granularity: max(now, last + 1 ms).
  Micros NextDateAdded(Micros last) const {
    Micros now = options.clock->Now() / 1000 * 1000;
    return std::max(now, last + 1000);
  }
};

std::unique_ptr<ObjectStore> MakeObjectStore(Shared* shared);
std::unique_ptr<AccountStore> MakeAccountStore(Shared* shared);
std::unique_ptr<CollectionStore> MakeCollectionStore(Shared* shared);
std::unique_ptr<PeerStore> MakePeerStore(Shared* shared);
std::unique_ptr<SettingsStore> MakeSettingsStore(Shared* shared);
std::unique_ptr<AuditStore> MakeAuditStore(Shared* shared);
std::vector<PartFactory> CoreParts();

}  // namespace concord::store::sqlite
