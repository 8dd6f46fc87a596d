#pragma once
// The stores written once in portable SQL (store/sql/statement.h), made over either engine's
// sql::Engine: the SQLite and PostgreSQL databases both build theirs with these. Internal to
// store implementations.

#include <memory>

#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/collection_store.h"
#include "store/object_store.h"
#include "store/peer_store.h"
#include "store/settings_store.h"
#include "store/sql/engine.h"
#include "store/sqlite/parts.h"

namespace concord::store::sql {

std::unique_ptr<AccountStore> MakeAccountStore(Engine& engine);
std::unique_ptr<AuditStore> MakeAuditStore(Engine& engine);
std::unique_ptr<CollectionStore> MakeCollectionStore(Engine& engine);
// `parts`: the typed writers a write transaction makes on demand (store/transaction.h).
std::unique_ptr<ObjectStore> MakeObjectStore(Engine& engine,
                                             const std::vector<sqlite::PartFactory>& parts);
std::unique_ptr<PeerStore> MakePeerStore(Engine& engine);
std::unique_ptr<SettingsStore> MakeSettingsStore(Engine& engine);

}  // namespace concord::store::sql
