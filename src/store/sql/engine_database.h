#pragma once
// A Database over either engine: the core's stores and every module's, made over one
// sql::Engine (SQLite's or PostgreSQL's). The engines differ in their Engine only.
// Internal to store implementations.

#include <memory>
#include <typeindex>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/sql/engine.h"
#include "store/sqlite/parts.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::store::sql {

// Copies every table of `from` into `to` (Database::CopyInto; store/sql/copy.cc).
Result<std::vector<TableCopy>> CopyTables(Engine& from, Engine& to, const CopyProgress& progress);

class EngineDatabase : public Database {
 public:
  // `parts`: the transaction parts of the core and the modules; `modules` make their stores.
  EngineDatabase(std::unique_ptr<Engine> engine, std::vector<sqlite::PartFactory> parts,
                 const std::vector<const SqliteModule*>& modules);
  ~EngineDatabase() override;

  ObjectStore& objects() override { return *objects_; }
  AccountStore& accounts() override { return *accounts_; }
  CollectionStore& collections() override { return *collections_; }
  PeerStore& peers() override { return *peers_; }
  SettingsStore& settings() override { return *settings_; }
  AuditStore& audit() override { return *audit_; }
  Result<std::unique_ptr<ExclusiveLock>> TryExclusive(std::string_view name) override {
    return engine_->TryExclusive(name);
  }
  Result<std::vector<TableCopy>> CopyInto(Database& destination,
                                          const CopyProgress& progress) override;

 protected:
  void* FindStore(std::type_index type) override;

 private:
  std::unique_ptr<Engine> engine_;
  std::vector<sqlite::PartFactory> parts_;
  std::unique_ptr<ObjectStore> objects_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<CollectionStore> collections_;
  std::unique_ptr<PeerStore> peers_;
  std::unique_ptr<SettingsStore> settings_;
  std::unique_ptr<AuditStore> audit_;
  std::vector<std::pair<std::type_index, StoreFactory::Made>> stores_;
};

}  // namespace concord::store::sql
