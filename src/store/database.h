#pragma once
// One node's persistent state: the object store, accounts and collections, opened together so
// they share one database (and one transaction log). Thread-safe.

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

 protected:
  // A pointer to the T (not to a base) registered for `type`.
  virtual void* FindStore(std::type_index type) = 0;
};

}  // namespace concord::store
