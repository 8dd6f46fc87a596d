#pragma once
// One node's persistent state: the object store, accounts and collections, opened together so
// they share one database (and one transaction log). Thread-safe.

#include "store/account_store.h"
#include "store/collection_store.h"
#include "store/directory_store.h"
#include "store/object_store.h"
#include "store/peer_store.h"
#include "store/settings_store.h"
#include "store/spam_store.h"

namespace concord::store {

class Database {
 public:
  virtual ~Database() = default;
  virtual ObjectStore& objects() = 0;
  virtual AccountStore& accounts() = 0;
  virtual CollectionStore& collections() = 0;
  virtual PeerStore& peers() = 0;
  virtual SettingsStore& settings() = 0;
  virtual DirectoryStore& directory() = 0;
  virtual SpamStore& spam() = 0;
};

}  // namespace concord::store
