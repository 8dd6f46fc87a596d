#include "taxii/query.h"

#include <charconv>

#include "common/strings.h"
#include "stix/validate.h"

namespace concord::taxii {
namespace {

std::vector<std::string> SplitComma(std::string_view s) { return Split(s, ',', false); }

Status Bad(std::string_view param, const std::string& why) {
  return Status::InvalidArgument("query parameter " + std::string(param) + ": " + why);
}

bool IsSpecVersion(std::string_view v) {
  return v.size() == 3 && isdigit(static_cast<unsigned char>(v[0])) && v[1] == '.' &&
         isdigit(static_cast<unsigned char>(v[2]));
}

bool IsTypeName(std::string_view t) {
  if (t.size() < 3 || t.size() > 250) return false;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

Result<Filters> ParseFilters(std::string_view query, const Allowed& allowed) {
  Filters f;
  std::vector<std::string> seen;
  for (const std::string& item : Split(query, '&', true)) {
    std::string_view pair = item;
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq));
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (!key || !value) return Status::InvalidArgument("malformed percent-encoding in the query");
    if (std::find(seen.begin(), seen.end(), *key) != seen.end()) {
      return Bad(*key, "given more than once (use a comma-separated list)");
    }
    seen.push_back(*key);
    const std::string& k = *key;
    const std::string& v = *value;
    if (k == "added_after" && allowed.paging) {
      auto t = ParseTimestamp(v);
      if (!t.ok()) return Bad(k, t.status().message());
      f.added_after = *t;
    } else if (k == "limit" && allowed.paging) {
      size_t n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size() || n == 0) {
        return Bad(k, "must be a positive integer, got '" + v.substr(0, 40) + "'");
      }
      f.limit = n;
    } else if (k == "next" && allowed.paging) {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || p != v.data() + v.size() || n <= 0) {
        return Bad(k, "is not a value this server handed out");
      }
      f.next = n;
    } else if (k == "match[id]" && allowed.id_type) {
      f.ids = SplitComma(v);
      for (const auto& id : f.ids) {
        if (!stix::IsIdentifier(id)) return Bad(k, "'" + id.substr(0, 80) + "' is not a STIX id");
      }
    } else if (k == "match[type]" && allowed.id_type) {
      f.types = SplitComma(v);
      for (const auto& t : f.types) {
        if (!IsTypeName(t)) return Bad(k, "'" + t.substr(0, 80) + "' is not a STIX type name");
      }
    } else if (k == "match[spec_version]" && allowed.spec_version) {
      f.spec_versions = SplitComma(v);
      for (const auto& s : f.spec_versions) {
        if (!IsSpecVersion(s)) return Bad(k, "'" + s.substr(0, 20) + "' is not a spec version");
      }
    } else if (k == "match[version]" && allowed.version) {
      f.version_last = false;
      for (const auto& s : SplitComma(v)) {
        if (s == "all") {
          f.version_all = true;
        } else if (s == "first") {
          f.version_first = true;
        } else if (s == "last") {
          f.version_last = true;
        } else {
          auto t = ParseTimestamp(s);
          if (!t.ok())
            return Bad(k, "'" + s.substr(0, 40) + "' is not first, last, all or a timestamp");
          f.versions.push_back(*t);
        }
      }
    } else {
      return Bad(k.substr(0, 60), "is not supported by this endpoint");
    }
  }
  return f;
}

store::ObjectQuery ToObjectQuery(const Filters& f, const std::string& collection_id, size_t page) {
  store::ObjectQuery q;
  q.collection_id = collection_id;
  q.ids = f.ids;
  q.types = f.types;
  q.spec_versions = f.spec_versions;
  q.added_after = f.added_after;
  if (f.next && (!q.added_after || *f.next > *q.added_after)) q.added_after = f.next;
  q.all_versions = f.version_all;
  q.first_version = f.version_first;
  q.last_version = f.version_last;
  q.versions = f.versions;
  q.limit = page + 1;
  return q;
}

}  // namespace concord::taxii
