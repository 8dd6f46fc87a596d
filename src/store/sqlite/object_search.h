#pragma once
// The search side of the SQLite object store (object_search.cc); SqliteObjects forwards to it.
// Internal to store/sqlite/.

#include "store/sqlite/shared.h"

namespace concord::store::sqlite {

Result<size_t> UpdateSearchIndex(Shared* shared, size_t max_objects);
// Takes the counted version of `id` out of the counts (before its versions are deleted), on the
// writer connection inside the caller's transaction.
Status UncountObject(sqlite3* db, std::string_view id);
Status SearchObjects(Shared* shared, const ObjectSearch& search,
                     const std::function<bool(const StoredObject&)>& fn);
Status FindReferencing(Shared* shared, std::string_view key,
                       const std::function<bool(const StoredObject&)>& fn);
Status AggregateObjects(Shared* shared, const AggregateQuery& query,
                        const std::function<void(const FactGroup&)>& fn);

}  // namespace concord::store::sqlite
