#include "federation/deletion.h"

#include "common/json.h"
#include "sharing/node_policy.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::federation {
namespace {

// The tombstone for `latest` (the object's newest version), with its markings and distribution.
Result<store::ObjectRecord> MakeTombstone(const store::StoredObject& latest, Micros now) {
  json::Document object;
  CONCORD_RETURN_IF_ERROR(object.ParseAll(latest.json));
  const std::string when = FormatTimestampMillis(now);
  std::string text;
  json::Writer w(&text);
  w.BeginObject()
      .Key("type")
      .String(store::kTombstoneType)
      .Key("spec_version")
      .String("2.1")
      .Key("id")
      .String(store::TombstoneId(latest.id))
      .Key("created")
      .String(when)
      .Key("modified")
      .String(when);
  if (!latest.created_by_ref.empty()) w.Key("created_by_ref").String(latest.created_by_ref);
  w.Key("object_ref").String(latest.id);
  if (!latest.marking_refs.empty()) {
    w.Key("object_marking_refs").BeginArray();
    for (const auto& m : latest.marking_refs) w.String(m);
    w.EndArray();
  }
  w.Key("extensions").BeginObject();
  w.Key(store::kTombstoneExtension).BeginObject().Key("extension_type").String("new-sdo");
  w.EndObject();
  if (json::Value d = object.root()["extensions"][sharing::kDistributionExtension]; d.exists()) {
    w.Key(sharing::kDistributionExtension).Raw(d.raw());
  }
  w.EndObject().EndObject();
  store::ObjectRecord record;
  json::Document doc;
  CONCORD_RETURN_IF_ERROR(doc.ParseAll(text));
  CONCORD_RETURN_IF_ERROR(stix::Validate(doc.root(), &record.meta));
  record.json = std::move(text);
  return record;
}

// The collections holding any version of `id`.
Result<std::vector<std::string>> CollectionsOf(store::Database& db, std::string_view id) {
  auto all = db.collections().ListCollections();
  if (!all.ok()) return all.status();
  std::vector<std::string> out;
  for (const auto& c : *all) {
    store::ObjectQuery q;
    q.collection_id = c.id;
    q.ids = {std::string(id)};
    q.all_versions = true;
    q.limit = 1;
    bool member = false;
    CONCORD_RETURN_IF_ERROR(db.objects().Scan(q, [&](const store::StoredObject&) {
      member = true;
      return false;
    }));
    if (member) out.push_back(c.id);
  }
  return out;
}

}  // namespace

Result<Deletion> DeleteObject(store::Database& db, std::string_view object_id, const Clock& clock,
                              const store::Supplier& as) {
  auto versions = db.objects().Versions(object_id);
  if (!versions.ok()) return versions.status();
  if (versions->empty()) return Status::NotFound("no object " + std::string(object_id));
  const store::StoredObject& latest = versions->back();  // Versions() is oldest first
  if (latest.type == store::kTombstoneType) {
    return Status::InvalidArgument("a tombstone cannot be deleted");
  }
  auto policy = sharing::LoadNodePolicy(db);
  if (!policy.ok()) return policy.status();
  const bool originated_here = latest.created_by_ref.empty()
                                   ? latest.received_from == 0
                                   : policy->IsLocalOrg(latest.created_by_ref);
  Deletion d;
  auto writer = db.objects().BeginWrite();
  if (!writer.ok()) return writer.status();
  if (originated_here) {
    auto collections = CollectionsOf(db, object_id);
    if (!collections.ok()) return collections.status();
    auto tombstone = MakeTombstone(latest, clock.Now());
    if (!tombstone.ok()) return tombstone.status();
    d.versions_removed = static_cast<int64_t>(versions->size());
    auto put = store::PutObject(**writer, *tombstone, as);
    if (!put.ok()) return put.status();
    for (const auto& c : *collections) {
      CONCORD_RETURN_IF_ERROR((*writer)->AddToCollection(c, put->date_added));
    }
    d.tombstone_id = tombstone->meta.id;
    d.collections = std::move(collections.value());
  } else {
    auto removed = (*writer)->Delete(object_id, latest.created_by_ref, latest.owner, "");
    if (!removed.ok()) return removed.status();
    d.versions_removed = *removed;
  }
  CONCORD_RETURN_IF_ERROR((*writer)->Commit());
  return d;
}

}  // namespace concord::federation
