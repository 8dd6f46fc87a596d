#pragma once
// State shared by the SQLite implementations of the store interfaces: one database file, one
// writer connection (one writer at a time, in process and across processes), pooled readers.
// Internal to store/sqlite/.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  std::mutex write_mu;  // held by the live ObjectWriter, or around one small write
  Db writer;            // GUARDED_BY(write_mu)
  ReaderPool readers;
  std::mutex watch_mu;  // guards `watcher`
  Db watcher;           // a connection only for PRAGMA data_version; GUARDED_BY(watch_mu)
  std::vector<PartFactory> parts;  // the core's and the modules' transaction parts

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
