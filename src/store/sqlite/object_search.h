#pragma once
// The search side of the SQLite object store (object_search.cc); SqliteObjects forwards to it.
// Internal to store/sqlite/.

#include "store/sqlite/shared.h"

namespace concord::store::sqlite {

Result<size_t> UpdateSearchIndex(Shared* shared, size_t max_objects);
Status SearchObjects(Shared* shared, const ObjectSearch& search,
                     const std::function<bool(const StoredObject&)>& fn);
Status FindReferencing(Shared* shared, std::string_view key,
                       const std::function<bool(const StoredObject&)>& fn);
Status AggregateObjects(Shared* shared, const AggregateQuery& query,
                        const std::function<void(const FactGroup&)>& fn);

}  // namespace concord::store::sqlite
