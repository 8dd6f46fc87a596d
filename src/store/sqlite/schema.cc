#include "store/sqlite/schema.h"

#include <algorithm>

namespace concord::store::sqlite {

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kAll = [] {
    // One line per module that owns tables.
    const std::vector<const std::vector<Migration>*> modules = {
        &ObjectsMigrations(),
        &AccountsMigrations(),
        &PeersMigrations(),
        &AuditMigrations(),
    };
    std::vector<Migration> all;
    for (const auto* m : modules) all.insert(all.end(), m->begin(), m->end());
    std::stable_sort(all.begin(), all.end(),
                     [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return all;
  }();
  return kAll;
}

Status CheckMigrations(const std::vector<Migration>& migrations, bool contiguous) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    const Migration& m = migrations[i];
    if (m.version == expected) continue;
    if (i > 0 ? m.version <= migrations[i - 1].version : m.version < 1) {
      return Status::Internal("schema migration " + std::to_string(m.version) + " of module " +
                              m.module + " repeats the number of module " +
                              migrations[i - 1].module + "'s; take " +
                              std::to_string(migrations.back().version + 1));
    }
    if (!contiguous) continue;
    return Status::Internal("schema migrations skip version " + std::to_string(expected) +
                            " (module " + m.module + " has " + std::to_string(m.version) + ")");
  }
  return Status::Ok();
}

}  // namespace concord::store::sqlite
