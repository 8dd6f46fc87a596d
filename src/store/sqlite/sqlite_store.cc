#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "store/sql/engine_database.h"
#include "store/sqlite/shared.h"

namespace concord::store {
namespace sqlite {

void DieOnUnknownPart(std::type_index type) {
  std::fprintf(stderr,
               "concord: no module registered a transaction part of type %s for SQLite (a bug)\n",
               type.name());
  std::abort();
}

}  // namespace sqlite

Result<std::vector<sqlite::Migration>> SqliteMigrations(const SqliteOptions& options) {
  std::vector<sqlite::Migration> all = sqlite::AllMigrations();
  for (const SqliteModule* m : options.modules) {
    all.insert(all.end(), m->migrations.begin(), m->migrations.end());
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.version < b.version; });
  // Contiguity is checked over the whole program's modules by a test; a caller may open with
  // fewer modules (the core's own tests do).
  CONCORD_RETURN_IF_ERROR(sqlite::CheckMigrations(all, /*contiguous=*/false));
  return all;
}

std::vector<sqlite::PartFactory> ModuleParts(const SqliteOptions& options) {
  std::vector<sqlite::PartFactory> parts = sqlite::CoreParts();
  for (const SqliteModule* m : options.modules) {
    parts.insert(parts.end(), m->parts.begin(), m->parts.end());
  }
  return parts;
}

int SqliteSchemaVersion(const SqliteOptions& options) {
  auto all = SqliteMigrations(options);
  return all.ok() ? (all->empty() ? 0 : all->back().version) : -1;
}

namespace {

// The writer's WAL hook, called after each commit, once the write lock is released (so the
// commit is visible to every reader): counts it for Shared::DataVersion, and checkpoints the
// WAL when it holds kCheckpointPages pages. A WAL hook replaces SQLite's own autocheckpoint,
// which is itself such a hook, so this one does its work: a passive checkpoint, every ~40 MB
// rather than SQLite's default 4 MB (bulk imports copy fewer index pages twice: measured ~10%
// faster ingest).
constexpr int kCheckpointPages = 10000;
int CountCommitAndCheckpoint(void* shared, sqlite3* db, const char* schema, int pages) {
  static_cast<sqlite::Shared*>(shared)->local_commits.fetch_add(1, std::memory_order_release);
  if (pages >= kCheckpointPages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const SqliteOptions& options) {
  auto migrations = SqliteMigrations(options);
  if (!migrations.ok()) return migrations.status();
  std::error_code ec;
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Internal("cannot create directory " + dir.string() + ": " + ec.message());
  auto db = sqlite::OpenConnection(path, options.cache_mib);
  if (!db.ok()) return db.status();
  CONCORD_RETURN_IF_ERROR(sqlite::Migrate(db->get(), path, *migrations));
  auto watcher = sqlite::OpenConnection(path, 1);
  if (!watcher.ok()) return watcher.status();
  auto shared = std::make_unique<sqlite::Shared>(path, options, std::move(db.value()),
                                                 std::move(watcher.value()));
  sqlite3_wal_hook(shared->writer.get(), CountCommitAndCheckpoint, shared.get());
  return std::unique_ptr<Database>(
      new sql::EngineDatabase(std::move(shared), ModuleParts(options), options.modules));
}

}  // namespace concord::store
