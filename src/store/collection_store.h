#pragma once
// TAXII collections, the per-organisation grants on them, and TAXII status resources.
// Membership of objects in collections is written through ObjectWriter::AddToCollection and read
// through ObjectStore::Scan with ObjectQuery::collection_id. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace concord::store {

struct Collection {
  std::string id;  // a UUID
  std::string title;
  std::string description;
  std::vector<std::string> media_types;
  Micros created = 0;
};

struct Grant {
  std::string collection_id;
  int64_t org_id = 0;
  bool can_read = false;
  bool can_write = false;
};

struct StoredStatus {
  std::string id;
  int64_t org_id = 0;
  std::string body;  // the TAXII status resource, JSON
};

class CollectionStore {
 public:
  virtual ~CollectionStore() = default;
  virtual Status AddCollection(const Collection& c) = 0;  // AlreadyExists
  virtual Result<std::vector<Collection>> ListCollections() const = 0;
  virtual Result<Collection> GetCollection(std::string_view id) const = 0;  // NotFound
  // Sets (replaces) an organisation's access to a collection.
  virtual Status SetGrant(const Grant& grant) = 0;
  virtual Result<std::vector<Grant>> ListGrants(std::string_view collection_id) const = 0;
  // The organisation's grant, or an all-false grant when it has none.
  virtual Result<Grant> GetGrant(std::string_view collection_id, int64_t org_id) const = 0;
  // Objects (all versions) in the collection.
  virtual Result<int64_t> CountCollectionObjects(std::string_view collection_id) const = 0;

  virtual Status PutStatus(const StoredStatus& status) = 0;
  virtual Result<StoredStatus> GetStatus(std::string_view id) const = 0;  // NotFound
};

}  // namespace concord::store
