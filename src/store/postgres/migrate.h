#pragma once
// The schema on PostgreSQL: the same numbered migrations as SQLite (store/sqlite/schema.h),
// each applied in its own transaction (PostgreSQL's DDL is transactional: a failed step leaves
// nothing behind) and recorded in schema_migrations. Several `concord serve` processes may
// start at once: an advisory lock lets one migrate while the others wait. Internal to
// store/postgres/.

#include <string>
#include <vector>

#include "store/postgres/connection.h"
#include "store/sqlite/schema.h"

namespace concord::store::postgres {

// Applies the pending `migrations` (in version order); refuses a database that has a migration
// this program does not know (written by a newer Concord). `where` names it in messages.
Status Migrate(PgConnection& conn, const std::string& where,
               const std::vector<sqlite::Migration>& migrations);

// The newest migration recorded in the database (0: none).
Result<int> SchemaVersion(PgConnection& conn);

}  // namespace concord::store::postgres
