#pragma once
// One node's persistent state: the object store, accounts and collections, opened together so
// they share one database (and one transaction log). Thread-safe.

#include <functional>
#include <memory>
#include <string_view>
#include <typeindex>

#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/collection_store.h"
#include "store/object_store.h"
#include "store/peer_store.h"
#include "store/settings_store.h"

namespace concord::store {

// Held while one process does work no other may do at the same time; released when destroyed.
class ExclusiveLock {
 public:
  virtual ~ExclusiveLock() = default;
};

// One table as `db copy` copied and verified it: its rows, and the checksum of the rows read
// from the source and of those read back from the destination.
struct TableCopy {
  std::string table;
  int64_t rows = 0;
  uint64_t source_sum = 0, copied_sum = 0;
};
// Told of each table's progress (rows copied so far) now and then, and when it is done.
using CopyProgress = std::function<void(std::string_view table, int64_t rows)>;

class Database {
 public:
  virtual ~Database() = default;
  // A module's store by type (spam::SpamStore): made when the database was opened, by the
  // factory the module registered for this backend. Asking for one no module registered is a
  // bug: the program stops with the type's name.
  template <typename T>
  T& Get() {
    return *static_cast<T*>(FindStore(std::type_index(typeid(T))));
  }

  virtual ObjectStore& objects() = 0;
  virtual AccountStore& accounts() = 0;
  virtual CollectionStore& collections() = 0;
  virtual PeerStore& peers() = 0;
  virtual SettingsStore& settings() = 0;
  virtual AuditStore& audit() = 0;

  // Work only one process on this database may do at a time (a peer's sync, a deadline's
  // escalation): the lock on `name`, or null when another process or thread holds it. On
  // PostgreSQL an advisory lock (held by a connection of the pool until released, or until
  // that connection is lost); on SQLite, whose node is one process, within this process.
  virtual Result<std::unique_ptr<ExclusiveLock>> TryExclusive(std::string_view name) = 0;

  // Copies every record into `destination`, a database of this binary's schema that holds no
  // objects yet (what its first start made is replaced), on either engine: in one transaction
  // on each side (the source's write lock held, so nothing changes it meanwhile), each table
  // verified by its row count and a checksum read back. The destination's search index is then
  // built from the copied objects (UpdateSearchIndex). Nothing is committed on any error.
  virtual Result<std::vector<TableCopy>> CopyInto(Database& destination,
                                                  const CopyProgress& progress) = 0;

 protected:
  // A pointer to the T (not to a base) registered for `type`.
  virtual void* FindStore(std::type_index type) = 0;
};

}  // namespace concord::store
