#pragma once
// The search side of the object store (object_search.cc), in portable SQL with the text index
// written per engine (SQLite FTS5, PostgreSQL tsvector); the object store forwards to it.
// Internal to store implementations.

#include <atomic>

#include "store/object_store.h"
#include "store/sql/engine.h"

namespace concord::store::sql {

// A stored object's columns after its date_added (column 0): "SELECT o.date_added, " +
// kObjectColumns, or a membership's date_added in a collection.
inline constexpr const char* kObjectColumns =
    "o.id, o.type, o.spec_version, o.created_by_ref, o.version, o.version_text, o.marking_refs, "
    "o.revoked, o.json, o.received_from, o.owner";
// Reads rows of kObjectColumns (after the date_added) chunk by chunk until `fn` returns false,
// a chunk comes back short, or `max_rows` were read: `chunk(last, limit)` makes the statement
// of the next chunk, bound, resuming after the row `last` (null for the first) with LIMIT
// `limit`. A caller that stops early then costs about what it read (NextChunk).
Status ReadInChunks(const std::function<Query(const StoredObject* last, size_t limit)>& chunk,
                    size_t max_rows, const std::function<bool(const StoredObject&)>& fn);
// Reads such a row into `o`, reusing its strings' capacity (scans call this once per row).
void ReadObjectRow(const Query& q, StoredObject* o);

// `index_current_at`: the data version at which the index was last found current (a search that
// sees it unchanged skips the indexer, which would take the write lock on every read).
Result<size_t> UpdateSearchIndex(Engine& engine, std::atomic<uint64_t>& index_current_at,
                                 size_t max_objects);
// Takes the counted version of `id` out of the counts (before its versions are deleted), on the
// transaction's connection.
Status UncountObject(Connection& tx, std::string_view id);
Status SearchObjects(Engine& engine, const ObjectSearch& search,
                     const std::function<bool(const StoredObject&)>& fn);
Status FindReferencing(Engine& engine, std::string_view key,
                       const std::function<bool(const StoredObject&)>& fn);
Status AggregateObjects(Engine& engine, const AggregateQuery& query,
                        const std::function<void(const FactGroup&)>& fn);

}  // namespace concord::store::sql
