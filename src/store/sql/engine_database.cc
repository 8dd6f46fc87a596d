#include "store/sql/engine_database.h"

#include <cstdio>
#include <cstdlib>

#include "store/sql/stores.h"

namespace concord::store::sql {

EngineDatabase::EngineDatabase(std::unique_ptr<Engine> engine,
                               std::vector<sqlite::PartFactory> parts,
                               const std::vector<const SqliteModule*>& modules)
    : engine_(std::move(engine)),
      parts_(std::move(parts)),
      objects_(MakeObjectStore(*engine_, parts_)),
      accounts_(MakeAccountStore(*engine_)),
      collections_(MakeCollectionStore(*engine_)),
      peers_(MakePeerStore(*engine_)),
      settings_(MakeSettingsStore(*engine_)),
      audit_(MakeAuditStore(*engine_)) {
  for (const SqliteModule* m : modules) {
    for (const StoreFactory& f : m->stores) stores_.emplace_back(f.type, f.make(*engine_));
  }
}

EngineDatabase::~EngineDatabase() = default;

Result<std::vector<TableCopy>> EngineDatabase::CopyInto(Database& destination,
                                                        const CopyProgress& progress) {
  auto* to = dynamic_cast<EngineDatabase*>(&destination);
  if (!to) return Status::InvalidArgument("db copy: the destination is not a database here");
  auto report = CopyTables(*engine_, *to->engine_, progress);
  if (!report.ok()) return report;
  // The search index, from the first copied object on.
  while (true) {
    auto indexed = to->objects().UpdateSearchIndex(50'000);
    if (!indexed.ok()) return indexed.status().WithPrefix("search index");
    if (*indexed == 0) break;
    if (progress) progress("search index", static_cast<int64_t>(*indexed));
  }
  return report;
}

void* EngineDatabase::FindStore(std::type_index type) {
  for (const auto& [t, made] : stores_) {
    if (t == type) return made.second;
  }
  std::fprintf(stderr, "concord: no module registered a store of type %s (a bug)\n", type.name());
  std::abort();
}

}  // namespace concord::store::sql
