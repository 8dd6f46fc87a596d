#include "spam/indicator_index.h"

#include "common/json.h"
#include "common/strings.h"
#include "stix/pattern/parser.h"

namespace concord::spam {
namespace {

namespace pat = stix::pattern;

bool CollectComparisons(const pat::ComparisonExpr& e, std::vector<std::string>* values) {
  if (e.kind == pat::ComparisonExpr::Kind::kOr) {
    return CollectComparisons(*e.left, values) && CollectComparisons(*e.right, values);
  }
  if (e.kind != pat::ComparisonExpr::Kind::kComparison) return false;
  const pat::Comparison& c = e.comparison;
  const std::string& type = c.path.object_type;
  if ((type != "ipv4-addr" && type != "ipv6-addr" && type != "domain-name") ||
      c.path.steps.size() != 1 || c.path.steps[0].name != "value" || c.negated) {
    return false;
  }
  const bool ip = type != "domain-name";
  if (c.op != pat::CompareOp::kEqual && c.op != pat::CompareOp::kIn &&
      !(ip && c.op == pat::CompareOp::kIsSubset)) {
    return false;
  }
  for (const pat::Literal& l : c.values) {
    if (l.kind != pat::LiteralKind::kString) return false;
    values->push_back(l.text);
  }
  return true;
}

bool CollectObservations(const pat::ObservationExpr& e, std::vector<std::string>* values) {
  switch (e.kind) {
    case pat::ObservationExpr::Kind::kObservation:
      return CollectComparisons(*e.comparison, values);
    case pat::ObservationExpr::Kind::kOr:
      return CollectObservations(*e.left, values) && CollectObservations(*e.right, values);
    default:
      return false;
  }
}

std::vector<std::string> Strings(const json::Value& list) {
  std::vector<std::string> out;
  for (uint32_t i = 0; list.is_array() && i < list.size(); ++i) out.push_back(list.at(i).str());
  return out;
}

Micros TimeOf(const json::Value& v) {
  auto t = ParseTimestamp(v.str());
  return t.ok() ? *t : 0;
}

// The indicator as the zones need it; false when its pattern is not for a DNSBL.
bool Extract(const store::StoredObject& o, IndexedIndicator* out) {
  json::Document doc;
  if (!doc.ParseAll(o.json).ok()) return false;
  const json::Value root = doc.root();
  auto pattern = pat::Parse(root["pattern"].str());
  std::vector<std::string> values;
  if (!pattern.ok() || !CollectObservations(*pattern->root, &values)) return false;
  for (const std::string& v : values) {
    auto entry = ParseListEntry(v);
    if (entry.ok() && !entry->subdomains) out->entries.push_back(std::move(*entry));
  }
  if (out->entries.empty()) return false;
  auto facts = sharing::FactsOf(o);
  if (!facts.ok()) return false;  // a malformed distribution: never released
  out->facts = *facts;
  out->version = o.version;
  out->revoked = o.revoked;
  out->valid_from = TimeOf(root["valid_from"]);
  out->valid_until = TimeOf(root["valid_until"]);
  out->indicator_types = Strings(root["indicator_types"]);
  out->labels = Strings(root["labels"]);
  out->name = root["name"].is_string() ? root["name"].str() : o.id;
  return true;
}

}  // namespace

Result<ListEntry> ParseListEntry(std::string_view text) {
  ListEntry e;
  text = TrimWhitespace(text);
  std::string error;
  if (ParsePrefix(text, &e.network, &e.length, &error)) return e;
  std::string_view name = text;
  if (name.rfind("*.", 0) == 0) {
    e.subdomains = true;
    name.remove_prefix(2);
  }
  if (!NormalizeDomain(name, &e.name)) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" is not an IP address, a CIDR network, a domain or "
                                   "*.domain");
  }
  e.domain = true;
  return e;
}

std::string FormatListEntry(const ListEntry& e) {
  if (e.domain) return (e.subdomains ? "*." : "") + e.name;
  const int shown = IsIpv4(e.network) ? e.length - 96 : e.length;
  return FormatIp(e.network) + (e.length == 128 ? "" : "/" + std::to_string(shown));
}

Status IndicatorIndex::Refresh(const store::ObjectStore& store) {
  store::ObjectQuery q;
  q.types = {"indicator"};
  q.all_versions = true;
  if (cursor_ != 0) q.added_after = cursor_;
  CONCORD_RETURN_IF_ERROR(store.Scan(q, [&](const store::StoredObject& o) {
    cursor_ = std::max(cursor_, o.date_added);
    auto item = items_.find(o.id);
    auto skipped = skipped_.find(o.id);
    const Micros known = item != items_.end()        ? item->second.version
                         : skipped != skipped_.end() ? skipped->second
                                                     : -1;
    if (o.version < known) return true;  // an older version arriving late changes nothing
    IndexedIndicator extracted;
    if (Extract(o, &extracted)) {
      items_[o.id] = std::move(extracted);
      if (skipped != skipped_.end()) skipped_.erase(skipped);
    } else {
      if (item != items_.end()) items_.erase(item);
      skipped_[o.id] = o.version;
    }
    return true;
  }));
  auto deleted = store.DeletedSince(deletion_cursor_, [&](std::string_view id) {
    items_.erase(std::string(id));
    skipped_.erase(std::string(id));
  });
  if (!deleted.ok()) return deleted.status();
  deletion_cursor_ = *deleted;
  return Status::Ok();
}

}  // namespace concord::spam
