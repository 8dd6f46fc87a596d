#pragma once
// TAXII 2.1 URL query parameters (§3.4 filtering, §3.6 pagination): parsed, validated, and
// turned into an ObjectQuery. Errors say which parameter is wrong and why.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "store/object_store.h"

namespace concord::taxii {

struct Filters {
  std::optional<Micros> added_after;
  std::optional<size_t> limit;
  std::optional<Micros> next;  // our opaque cursor: the date_added of the last item served
  std::vector<std::string> ids, types, spec_versions;
  // match[version]: "last" when absent.
  bool version_all = false, version_first = false, version_last = true;
  std::vector<Micros> versions;
};

// Which parameters an endpoint accepts; others are rejected with 400.
struct Allowed {
  bool paging = false;   // added_after, limit, next
  bool id_type = false;  // match[id], match[type]
  bool version = false;  // match[version]
  bool spec_version = false;
};

Result<Filters> ParseFilters(std::string_view query, const Allowed& allowed);

// The ObjectQuery for a page: filters applied, at most `page` (+1 to detect "more") rows.
store::ObjectQuery ToObjectQuery(const Filters& f, const std::string& collection_id, size_t page);

}  // namespace concord::taxii
