// Searching the object store: the search index built behind the writes (a text index of names
// and descriptions: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL; and a table of
// each version's values, labels and references), keyset searches over the latest versions, and
// counts grouped by what the sharing policy reads.

#include "store/sql/object_search.h"

#include <cctype>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "common/json.h"
#include "common/strings.h"

namespace concord::store::sql {
namespace {

// The date_added and the columns of a stored object (ReadObjectRow reads them).
std::string SelectObjects() { return std::string("SELECT o.date_added, ") + kObjectColumns; }

// What the index keeps of one version: its text, its keys, and for the counts its labels and
// the value of the policy's extension (raw JSON, "" when absent).
struct Indexed {
  std::string name, description;
  std::vector<std::string> keys;
  std::vector<std::string> labels;
  std::string policy_ext;
};

Indexed Extract(std::string_view type, std::string_view text) {
  Indexed out;
  json::Document doc;
  if (!doc.ParseAll(text).ok() || !doc.root().is_object()) return out;
  for (auto it = doc.root().begin(); it != doc.root().end(); ++it) {
    const auto member = it.member();
    const std::string_view key = member.key;
    const json::Value v = member.value;
    if (key == "name" && v.is_string()) {
      out.name = v.str();
    } else if (key == "description" && v.is_string()) {
      out.description = v.str();
    } else if (key == "labels" && v.is_array()) {
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (!v.at(i).is_string()) continue;
        out.labels.push_back(v.at(i).str());
        out.keys.push_back("label:" + out.labels.back());
      }
    } else if (key == "extensions" && v.is_object()) {
      const json::Value ext = v[kPolicyExtension];
      if (ext.exists()) out.policy_ext = std::string(ext.raw());
    } else if (key == "value" && v.is_string()) {
      // Cyber observables: an address, a domain, a URL, an e-mail address.
      std::string value = v.str();
      if (type == "domain-name" || type == "email-addr") {
        for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      out.keys.push_back("value:" + value);
    } else if (key == "created_by_ref" || key == "object_marking_refs") {
      continue;
    } else if (key.size() > 4 && key.substr(key.size() - 4) == "_ref" && v.is_string()) {
      out.keys.push_back("ref:" + v.str());
    } else if (key.size() > 5 && key.substr(key.size() - 5) == "_refs" && v.is_array()) {
      for (uint32_t i = 0; i < v.size(); ++i) {
        if (v.at(i).is_string()) out.keys.push_back("ref:" + v.at(i).str());
      }
    }
  }
  return out;
}

// The words of a free-text query in the engine's text-query language: each word a prefix, all
// required. Users never write that syntax (its operators would be errors or surprises).
//  SQLite FTS5:       "word"* "other"*
//  PostgreSQL:        'word':* & 'other':*   (words split where to_tsvector splits them)
std::string TextQuery(Dialect dialect, std::string_view text) {
  std::string out;
  auto add = [&](const std::string& word) {
    if (word.empty()) return;
    if (dialect == Dialect::kSqlite) {
      out += (out.empty() ? "\"" : " \"") + word + "\"*";
    } else {
      out += (out.empty() ? "'" : " & '") + word + "':*";
    }
  };
  for (const std::string& word : Split(text, ' ', /*skip_empty=*/true)) {
    std::string clean;
    for (char c : word) {
      const auto u = static_cast<unsigned char>(c);
      if (dialect == Dialect::kSqlite) {
        if (c != '"' && c != '*' && u >= 32) clean += c;
      } else if (std::isalnum(u) || u >= 0x80) {
        clean += static_cast<char>(std::tolower(u));
      } else {  // PostgreSQL's parser splits words here too
        add(clean);
        clean.clear();
      }
    }
    add(clean);
  }
  return out;
}

std::string DayOf(Micros date_added) {
  return FormatTimestampMillis(date_added / 86'400'000'000 * 86'400'000'000).substr(0, 10);
}

constexpr Micros kDay = 86'400'000'000;

// One version's share of the counts.
struct Counted {
  int64_t day = 0;
  std::string type, marking_refs, created_by_ref;
  int64_t received_from = 0;
  std::string policy_ext;
  std::vector<std::string> labels;
};

Counted ShareOf(Micros date_added, std::string_view type, std::string_view marking_refs,
                std::string_view created_by_ref, int64_t received_from, Indexed x) {
  Counted c;
  c.day = date_added / kDay;
  c.type = type;
  c.marking_refs = marking_refs;
  c.created_by_ref = created_by_ref;
  c.received_from = received_from;
  c.labels = std::move(x.labels);
  c.policy_ext = std::move(x.policy_ext);
  return c;
}

// Changes to the counts, summed per row of object_counts before they are written: a pass of
// the index over 50,000 objects touches a handful of rows, once each.
class CountDeltas {
 public:
  // Adds (delta 1) or takes away (-1) a version's share: one row for the object, one per label.
  void Add(const Counted& c, int64_t delta) {
    for (size_t i = 0; i <= c.labels.size(); ++i) {
      Key key{c.day,
              c.type,
              c.marking_refs,
              c.created_by_ref,
              c.received_from,
              c.policy_ext,
              i == 0 ? std::string() : c.labels[i - 1]};
      deltas_[std::move(key)] += delta;
    }
  }
  Status Write(Connection& db) {
    Query q(db,
            "INSERT INTO object_counts (day, type, marking_refs, created_by_ref, received_from, "
            "policy_ext, label, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, type, "
            "marking_refs, created_by_ref, received_from, policy_ext, label) DO UPDATE SET "
            "n = object_counts.n + excluded.n");
    for (const auto& [k, delta] : deltas_) {
      if (delta == 0) continue;
      const auto& [day, type, markings, creator, received_from, policy_ext, label] = k;
      CONCORD_RETURN_IF_ERROR(q.Bind(day)
                                  .Bind(type)
                                  .Bind(markings)
                                  .Bind(creator)
                                  .Bind(received_from)
                                  .Bind(policy_ext)
                                  .Bind(label)
                                  .Bind(delta)
                                  .Run());
      q.Reset();
    }
    deltas_.clear();
    return Status::Ok();
  }

 private:
  using Key =
      std::tuple<int64_t, std::string, std::string, std::string, int64_t, std::string, std::string>;
  std::map<Key, int64_t> deltas_;
};

// The share of the stored version with `date_added` (its row must still exist).
Result<Counted> CountedOf(Connection& db, Micros date_added) {
  Query q(db,
          "SELECT type, marking_refs, created_by_ref, received_from, json FROM objects "
          "WHERE date_added = ?");
  q.Bind(date_added);
  if (!q.Next()) {
    if (!q.status().ok()) return q.status();
    return Status::NotFound("no version " + std::to_string(date_added));
  }
  return ShareOf(date_added, q.Text(0), q.Text(1), q.Text(2), q.Int(3),
                 Extract(q.Text(0), q.Text(4)));
}

// One version a pass of the index reached: what it indexes, and for the latest version of its
// id (id not empty) its share of the counts.
struct IndexedVersion {
  Micros date_added = 0;
  Indexed x;
  std::string id;
  Counted share;
};

// The text index rows. PostgreSQL computes each tsvector itself, which COPY cannot ask for:
// the rows go through a temporary table and one INSERT … SELECT.
Status WriteText(Connection& db, const std::vector<IndexedVersion>& pass) {
  const bool sqlite = db.dialect() == Dialect::kSqlite;
  if (!sqlite) {
    CONCORD_RETURN_IF_ERROR(
        db.Exec("CREATE TEMPORARY TABLE IF NOT EXISTS objects_text_incoming (date_added BIGINT, "
                "name TEXT, description TEXT) ON COMMIT DELETE ROWS"));
  }
  auto text = sqlite ? db.Append("objects_text", "rowid, name, description")
                     : db.Append("objects_text_incoming", "date_added, name, description");
  for (const IndexedVersion& v : pass) {
    if (v.x.name.empty() && v.x.description.empty()) continue;
    text->Int(v.date_added).Text(v.x.name).Text(v.x.description);
    CONCORD_RETURN_IF_ERROR(text->EndRow());
  }
  CONCORD_RETURN_IF_ERROR(text->Finish());
  if (sqlite) return Status::Ok();
  return db.Exec(
      "INSERT INTO objects_text (date_added, words) SELECT date_added, to_tsvector('simple', "
      "name || ' ' || description) FROM objects_text_incoming");
}

// Makes each latest version in the pass the one counted for its id, taking the share of the
// version counted before it (if any) away.
Status WriteCounts(Connection& db, const std::vector<IndexedVersion>& pass) {
  std::string ids = "[";
  for (const IndexedVersion& v : pass) {
    if (v.id.empty()) continue;
    if (ids.size() > 1) ids += ',';
    json::AppendQuoted(&ids, v.id);
  }
  if (ids.size() == 1) return Status::Ok();
  ids += ']';
  std::unordered_map<std::string, Micros> before;
  {
    Query q(db, "SELECT id, date_added FROM object_counted WHERE id IN (" +
                    ArrayElements(db.dialect()) + ")");
    q.Bind(ids);
    while (q.Next()) before.emplace(std::string(q.Text(0)), q.Int(1));
    CONCORD_RETURN_IF_ERROR(q.status());
  }
  CountDeltas deltas;
  std::string replaced = "[";
  std::vector<const IndexedVersion*> counted;
  for (const IndexedVersion& v : pass) {
    if (v.id.empty()) continue;
    if (auto prev = before.find(v.id); prev != before.end()) {
      if (prev->second == v.date_added) continue;  // counted already
      if (auto old = CountedOf(db, prev->second); old.ok()) deltas.Add(*old, -1);
      if (replaced.size() > 1) replaced += ',';
      json::AppendQuoted(&replaced, v.id);
    }
    deltas.Add(v.share, 1);
    counted.push_back(&v);
  }
  if (replaced.size() > 1) {
    Query forget(db,
                 "DELETE FROM object_counted WHERE id IN (" + ArrayElements(db.dialect()) + ")");
    CONCORD_RETURN_IF_ERROR(forget.Bind(replaced + "]").Run());
  }
  auto rows = db.Append("object_counted", "id, date_added");
  for (const IndexedVersion* v : counted) {
    rows->Text(v->id).Int(v->date_added);
    CONCORD_RETURN_IF_ERROR(rows->EndRow());
  }
  CONCORD_RETURN_IF_ERROR(rows->Finish());
  return deltas.Write(db);
}

// Writes the index rows of a pass: text, keys and counts.
Status WriteIndex(Connection& db, const std::vector<IndexedVersion>& pass) {
  if (pass.empty()) return Status::Ok();
  CONCORD_RETURN_IF_ERROR(WriteText(db, pass));
  auto keys = db.Append("object_refs", "key, date_added");
  for (const IndexedVersion& v : pass) {
    for (const std::string& k : v.x.keys) {
      keys->Text(k).Int(v.date_added);
      CONCORD_RETURN_IF_ERROR(keys->EndRow());
    }
  }
  CONCORD_RETURN_IF_ERROR(keys->Finish());
  return WriteCounts(db, pass);
}

}  // namespace

void ReadObjectRow(const Query& q, StoredObject* o) {
  o->date_added = q.Int(0);
  o->id = q.Text(1);
  o->type = q.Text(2);
  o->spec_version = q.Text(3);
  o->created_by_ref = q.Text(4);
  o->version = q.Int(5);
  o->version_text = q.Text(6);
  // The marking ids, reusing the vector's strings.
  const std::string_view refs = q.Text(7);
  size_t n = 0, i = 0;
  while (i < refs.size()) {
    size_t j = refs.find(' ', i);
    if (j == std::string_view::npos) j = refs.size();
    if (j > i) {
      if (n == o->marking_refs.size()) o->marking_refs.emplace_back();
      o->marking_refs[n++].assign(refs.substr(i, j - i));
    }
    i = j + 1;
  }
  o->marking_refs.resize(n);
  o->revoked = q.Int(8) != 0;
  o->json = q.Text(9);
  o->received_from = q.Int(10);
  o->owner = q.Text(11);
}

Status ReadInChunks(const std::function<Query(const StoredObject* last, size_t limit)>& chunk,
                    size_t max_rows, const std::function<bool(const StoredObject&)>& fn) {
  StoredObject o;
  bool any = false;
  for (size_t size = NextChunk(0); max_rows > 0; size = NextChunk(size)) {
    const size_t limit = std::min(size, max_rows);
    Query q = chunk(any ? &o : nullptr, limit);
    size_t rows = 0;
    while (q.Next()) {
      ++rows;
      any = true;
      ReadObjectRow(q, &o);
      if (!fn(o)) return q.status();
    }
    if (!q.status().ok() || rows < limit) return q.status();
    max_rows -= rows;
  }
  return Status::Ok();
}

Status UncountObject(Connection& db, std::string_view id) {
  Query counted(db, "SELECT date_added FROM object_counted WHERE id = ?");
  counted.Bind(id);
  if (!counted.Next()) return counted.status();
  auto share = CountedOf(db, counted.Int(0));
  if (share.ok()) {
    CountDeltas deltas;
    deltas.Add(*share, -1);
    CONCORD_RETURN_IF_ERROR(deltas.Write(db));
  }
  Query forget(db, "DELETE FROM object_counted WHERE id = ?");
  return forget.Bind(id).Run();
}

Result<size_t> UpdateSearchIndex(Engine& engine, std::atomic<uint64_t>& index_current_at,
                                 size_t max_objects) {
  // Nothing committed since the index was last current: nothing to do, and no write lock.
  auto version = engine.DataVersion();
  if (!version.ok()) return version.status();
  if (*version == index_current_at.load()) return size_t{0};
  auto writer = engine.Write();
  if (!writer) return writer.status();
  Connection& db = *writer;
  CONCORD_RETURN_IF_ERROR(engine.Begin(db));
  auto done = [&](Status st) -> Result<size_t> {
    (void)db.Exec("ROLLBACK");
    return st;
  };
  Micros through = 0;
  {
    Query state(db, "SELECT indexed_through FROM search_index_state WHERE id = 1");
    if (state.Next()) through = state.Int(0);
    if (!state.status().ok()) return done(state.status());
  }
  // Read the pass's rows first: the index rows are then written in bulk (one COPY each on
  // PostgreSQL), which cannot share the connection with a scan still running.
  std::vector<IndexedVersion> pass;
  Micros last = through;
  {
    Query rows(db,
               "SELECT date_added, type, json, id, latest, marking_refs, created_by_ref, "
               "received_from FROM objects WHERE date_added > ? ORDER BY date_added LIMIT ?");
    rows.Bind(through).Bind(static_cast<int64_t>(max_objects));
    while (rows.Next()) {
      last = rows.Int(0);
      IndexedVersion& v = pass.emplace_back();
      v.date_added = last;
      v.x = Extract(rows.Text(1), rows.Text(2));
      // Only the latest version of an id counts; a newer one takes the place of the older.
      if (rows.Int(4) != 0) {
        v.id = rows.Text(3);
        v.share = ShareOf(last, rows.Text(1), rows.Text(5), rows.Text(6), rows.Int(7), v.x);
      }
    }
    if (!rows.status().ok()) return done(rows.status());
  }
  const size_t indexed = pass.size();
  if (Status st = WriteIndex(db, pass); !st.ok()) return done(st);
  // Current as of the version after this call's own commit (another writer's commit in between
  // only costs one more pass). A partial pass (max_objects reached) is not current.
  auto mark_current = [&] {
    if (indexed == max_objects) return;
    if (auto now = engine.DataVersion(); now.ok()) index_current_at = *now;
  };
  if (indexed > 0) {
    Query save(db,
               "INSERT INTO search_index_state (id, indexed_through) VALUES (1, ?) "
               "ON CONFLICT (id) DO UPDATE SET indexed_through = excluded.indexed_through");
    if (Status st = save.Bind(last).Run(); !st.ok()) return done(st);
    CONCORD_RETURN_IF_ERROR(db.Exec("COMMIT"));
    if (indexed >= kBulkRows) {
      (void)RefreshStatistics(db, "objects_text, object_refs, object_counted");
    }
  } else {
    (void)db.Exec("ROLLBACK");
  }
  mark_current();
  return indexed;
}

Status SearchObjects(Engine& engine, const ObjectSearch& s,
                     const std::function<bool(const StoredObject&)>& fn) {
  const bool sqlite = engine.dialect() == Dialect::kSqlite;
  const std::string fts = TextQuery(engine.dialect(), s.text);
  const bool by_added = s.sort == ObjectSearch::Sort::kAdded;
  // Words alone, newest or oldest added first: the text index drives, in its own (rowid =
  // date_added) order, so a rare word does not scan the store and a common one streams.
  const bool text_driven = s.match_any && !fts.empty() && s.ids.empty() && by_added;
  const std::string text_key = sqlite ? "t.rowid" : "t.date_added";
  const std::string added = text_driven ? text_key : "o.date_added";
  std::string sql =
      SelectObjects() + (text_driven
                             ? " FROM objects_text t JOIN objects o ON o.date_added = " + text_key
                             : std::string(" FROM objects o"));
  if (!s.collection_id.empty()) {
    sql += " JOIN collection_objects m ON m.object_added = o.date_added AND m.collection_id = ?";
  }
  sql += " WHERE o.latest = 1";
  if (!s.types.empty()) {
    // Sorted by modified, the (version, date_added) index must drive the scan (else SQLite
    // picks the type index and sorts every match for every page): '+' keeps the type column
    // from choosing an index.
    sql += by_added || !sqlite ? " AND o.type IN (" : " AND +o.type IN (";
    for (size_t i = 0; i < s.types.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  if (!s.created_by.empty()) sql += " AND o.created_by_ref = ?";
  if (s.added_from) sql += " AND o.date_added >= ?";
  if (s.added_to) sql += " AND o.date_added < ?";
  if (s.modified_from) sql += " AND o.version >= ?";
  if (s.modified_to) sql += " AND o.version < ?";
  if (s.revoked) sql += " AND o.revoked = ?";
  if (!s.label.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM object_refs r WHERE r.key = ? AND r.date_added = "
        "o.date_added)";
  }
  if (s.match_any) {
    std::vector<std::string> any;
    const char* matches = sqlite ? "objects_text MATCH ?" : "words @@ to_tsquery('simple', ?)";
    if (text_driven) {
      any.push_back(std::string("t.") + matches);
    } else if (!fts.empty()) {
      any.push_back("o.date_added IN (SELECT " + std::string(sqlite ? "rowid" : "date_added") +
                    " FROM objects_text WHERE " + matches + ")");
    }
    if (!s.ids.empty()) {
      any.push_back("o.id IN (" + ArrayElements(engine.dialect()) + ")");
    }
    if (any.empty()) return Status::Ok();  // asked for text or ids, and there are none
    sql += " AND (" + Join(any, " OR ") + ")";
  }
  const char* cmp = s.ascending ? ">" : "<";
  // Read in chunks (see NextChunk), each resuming after the last row of the one before.
  std::string cursor;
  if (by_added) {
    cursor = " AND " + added + " " + cmp + " ?";
  } else {
    // A row value: SQLite walks the (version, date_added) index from the cursor.
    cursor = std::string(" AND (o.version, o.date_added) ") + cmp + " (?, ?)";
  }
  const char* dir = s.ascending ? " ASC" : " DESC";
  const std::string order =
      (by_added ? " ORDER BY " + added + dir
                : std::string(" ORDER BY o.version") + dir + ", o.date_added" + dir) +
      " LIMIT ?";

  // Bound text must outlive the statement's steps.
  const std::string label_key = "label:" + s.label;
  std::string id_list;
  if (!s.ids.empty()) {
    json::Writer w(&id_list);
    w.BeginArray();
    for (const auto& id : s.ids) w.String(id);
    w.EndArray();
  }
  auto conn = engine.Read();
  if (!conn) return conn.status();
  CONCORD_RETURN_IF_ERROR(conn->Exec(BeginSnapshot(conn->dialect())));
  Status st = ReadInChunks(
      [&](const StoredObject* last, size_t limit) {
        std::optional<std::pair<Micros, Micros>> after = s.after;
        if (last)
          after = std::make_pair(by_added ? last->date_added : last->version, last->date_added);
        Query q(*conn, sql + (after ? cursor : "") + order);
        if (!s.collection_id.empty()) q.Bind(s.collection_id);
        for (const auto& t : s.types) q.Bind(t);
        if (!s.created_by.empty()) q.Bind(s.created_by);
        if (s.added_from) q.Bind(*s.added_from);
        if (s.added_to) q.Bind(*s.added_to);
        if (s.modified_from) q.Bind(*s.modified_from);
        if (s.modified_to) q.Bind(*s.modified_to);
        if (s.revoked) q.Bind(int64_t{*s.revoked});
        if (!s.label.empty()) q.Bind(label_key);
        if (s.match_any) {
          if (!fts.empty()) q.Bind(fts);
          if (!s.ids.empty()) q.Bind(id_list);
        }
        if (after) {
          if (by_added) {
            q.Bind(after->second);
          } else {
            q.Bind(after->first).Bind(after->second);
          }
        }
        q.Bind(static_cast<int64_t>(limit));
        return q;
      },
      std::numeric_limits<size_t>::max(), fn);
  (void)conn->Exec("COMMIT");
  return st;
}

Status FindReferencing(Engine& engine, std::string_view key,
                       const std::function<bool(const StoredObject&)>& fn) {
  auto conn = engine.Read();
  if (!conn) return conn.status();
  CONCORD_RETURN_IF_ERROR(conn->Exec(BeginSnapshot(conn->dialect())));
  const std::string sql = SelectObjects() +
                          " FROM object_refs r JOIN objects o ON o.date_added = r.date_added "
                          "WHERE r.key = ? AND o.latest = 1";
  Status st = ReadInChunks(
      [&](const StoredObject* last, size_t limit) {
        Query q(*conn, sql + (last ? " AND o.date_added < ?" : "") +
                           " ORDER BY o.date_added DESC LIMIT ?");
        q.Bind(key);
        if (last) q.Bind(last->date_added);
        q.Bind(static_cast<int64_t>(limit));
        return q;
      },
      std::numeric_limits<size_t>::max(), fn);
  (void)conn->Exec("COMMIT");
  return st;
}

Status AggregateObjects(Engine& engine, const AggregateQuery& a,
                        const std::function<void(const FactGroup&)>& fn) {
  const bool by_day = a.by == AggregateQuery::By::kDay;
  std::string sql =
      "SELECT type, marking_refs, created_by_ref, received_from, policy_ext, " +
      std::string(by_day ? "day, n" : "label, SUM(n)") +
      " FROM object_counts WHERE n > 0 AND day >= ?" + (a.to != 0 ? " AND day < ?" : "") +
      (by_day ? " AND label = ''"
              : " AND label != '' GROUP BY type, marking_refs, created_by_ref, received_from, "
                "policy_ext, label");
  auto conn = engine.Read();
  if (!conn) return conn.status();
  Query q(*conn, sql);
  q.Bind(a.from / kDay);
  if (a.to != 0) q.Bind((a.to + kDay - 1) / kDay);
  FactGroup g;
  while (q.Next()) {
    g.type = q.Text(0);
    g.marking_refs = q.Text(1);
    g.created_by_ref = q.Text(2);
    g.received_from = q.Int(3);
    g.json = q.Text(4).empty() ? std::string()
                               : "{\"extensions\":{\"" + std::string(kPolicyExtension) +
                                     "\":" + std::string(q.Text(4)) + "}}";
    g.key = by_day ? DayOf(q.Int(5) * kDay) : std::string(q.Text(5));
    g.count = q.Int(6);
    fn(g);
  }
  return q.status();
}

}  // namespace concord::store::sql
