#include "stix/validate.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "common/uuid.h"
#include "stix/pattern/parser.h"

namespace concord::stix {
namespace {

using json::Type;
using json::Value;

Status Err(std::string_view property, const std::string& why) {
  return Status::InvalidArgument(std::string(property) + ": " + why);
}

// STIX 2.1 §3.1: type names are 3-250 characters of a-z, 0-9 and '-', starting with a letter,
// without a trailing hyphen or a double hyphen.
bool IsTypeName(std::string_view s) {
  if (s.size() < 3 || s.size() > 250 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && i + 1 < s.size() && s[i + 1] == '-')) return false;
  }
  return s.back() != '-';
}

// STIX 2.1 §3.2: property names are 3-250 ASCII letters, digits or '_' ("id" is the exception).
bool IsPropertyName(std::string_view s) {
  if (s == "id") return true;
  if (s.size() < 3 || s.size() > 250) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Status CheckString(Value v, std::string_view name) {
  if (!v.exists()) return Err(name, "required property is missing");
  if (!v.is_string())
    return Err(name, std::string("must be a string, not ") + json::TypeName(v.type()));
  return Status::Ok();
}

Status CheckNonEmptyString(Value v, std::string_view name) {
  CONCORD_RETURN_IF_ERROR(CheckString(v, name));
  if (v.raw().size() == 2) return Err(name, "must not be empty");
  return Status::Ok();
}

Status CheckBool(Value v, std::string_view name) {
  if (!v.exists()) return Err(name, "required property is missing");
  if (!v.is_bool()) return Err(name, "must be a boolean");
  return Status::Ok();
}

Status CheckInt(Value v, std::string_view name, int64_t min, int64_t max) {
  auto i = v.as_int();
  if (!i) return Err(name, "must be an integer");
  if (*i < min || *i > max) {
    return Err(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return Status::Ok();
}

Status CheckTimestamp(Value v, std::string_view name, Micros* out = nullptr, int min_fraction = 0) {
  CONCORD_RETURN_IF_ERROR(CheckString(v, name));
  std::string scratch;
  auto t = ParseTimestamp(v.str(&scratch), min_fraction);
  if (!t.ok()) return Err(name, t.status().message());
  if (out) *out = t.value();
  return Status::Ok();
}

Status CheckStringList(Value v, std::string_view name) {
  if (!v.is_array()) return Err(name, "must be a list of strings");
  if (v.size() == 0) return Err(name, "must not be an empty list");
  for (Value e : v) {
    if (!e.is_string()) return Err(name, "must contain only strings");
  }
  return Status::Ok();
}

// `prefix` restricts the identifier's type ("identity--"); empty allows any type.
Status CheckIdentifier(Value v, std::string_view name, std::string_view prefix = {}) {
  std::string scratch;
  std::string_view s = v.str(&scratch);
  if (!v.is_string() || !IsIdentifier(s)) {
    return Err(name,
               "must be an identifier (type--UUID), got " + std::string(v.raw().substr(0, 80)));
  }
  if (!prefix.empty() && s.substr(0, prefix.size()) != prefix) {
    return Err(name, "must reference a " + std::string(prefix.substr(0, prefix.size() - 2)) +
                         " object, got " + v.str());
  }
  return Status::Ok();
}

Status CheckIdentifierList(Value v, std::string_view name, std::string_view prefix = {}) {
  if (!v.is_array()) return Err(name, "must be a list of identifiers");
  if (v.size() == 0) return Err(name, "must not be an empty list");
  for (Value e : v) CONCORD_RETURN_IF_ERROR(CheckIdentifier(e, name, prefix));
  return Status::Ok();
}

Status CheckOrder(Value obj, std::string_view first, std::string_view last, bool strict) {
  Micros a = 0, b = 0;
  Value va = obj[first], vb = obj[last];
  if (va.exists()) CONCORD_RETURN_IF_ERROR(CheckTimestamp(va, first, &a));
  if (vb.exists()) CONCORD_RETURN_IF_ERROR(CheckTimestamp(vb, last, &b));
  if (va.exists() && vb.exists() && (strict ? b <= a : b < a)) {
    return Err(last, std::string("must be ") +
                         (strict ? "later than " : "later than or equal to ") + std::string(first));
  }
  return Status::Ok();
}

Status Require(Value obj, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (!obj[n].exists()) return Err(n, "required property is missing");
  }
  return Status::Ok();
}

Status RequireOneOf(Value obj, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (obj[n].exists()) return Status::Ok();
  }
  std::string list;
  for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
  return Status::InvalidArgument("at least one of " + list + " is required");
}

Status CheckEnum(Value v, std::string_view name, std::initializer_list<std::string_view> allowed) {
  CONCORD_RETURN_IF_ERROR(CheckString(v, name));
  for (std::string_view a : allowed) {
    if (v.str_equals(a)) return Status::Ok();
  }
  return Err(name, "'" + v.str() + "' is not an allowed value");
}

// Hash dictionaries (STIX 2.1 §2.7): known algorithms must have the right hex length.
Status CheckHashes(Value v, std::string_view name) {
  if (!v.is_object() || v.size() == 0) return Err(name, "must be a non-empty dictionary");
  static const std::pair<std::string_view, size_t> kHexLengths[] = {
      {"MD5", 32},      {"SHA-1", 40},    {"SHA-256", 64},
      {"SHA-512", 128}, {"SHA3-256", 64}, {"SHA3-512", 128}};
  for (auto it = v.begin(); it != v.end(); ++it) {
    Value::Member m = it.member();
    if (m.key.size() > 250) return Err(name, "hash algorithm name longer than 250 characters");
    if (!m.value.is_string())
      return Err(name, "value of '" + std::string(m.key) + "' must be a string");
    for (auto [algo, len] : kHexLengths) {
      if (m.key.size() != algo.size() ||
          !std::equal(algo.begin(), algo.end(), m.key.begin(),
                      [](char a, char b) { return a == toupper(static_cast<unsigned char>(b)); })) {
        continue;
      }
      std::string h = m.value.str();
      bool hex = h.size() == len && std::all_of(h.begin(), h.end(), [](char c) {
                   return isxdigit(static_cast<unsigned char>(c));
                 });
      if (!hex) {
        return Err(name, std::string(m.key) + " must be " + std::to_string(len) + " hex digits");
      }
    }
  }
  return Status::Ok();
}

Status CheckExternalReferences(Value v) {
  constexpr std::string_view kName = "external_references";
  if (!v.is_array() || v.size() == 0) return Err(kName, "must be a non-empty list");
  uint32_t i = 0;
  for (Value ref : v) {
    std::string where = std::string(kName) + "[" + std::to_string(i++) + "]";
    if (!ref.is_object()) return Err(where, "must be an object");
    if (!ref["source_name"].is_string()) return Err(where, "source_name is required");
    if (ref["hashes"].exists())
      CONCORD_RETURN_IF_ERROR(CheckHashes(ref["hashes"], where + ".hashes"));
  }
  return Status::Ok();
}

Status CheckGranularMarkings(Value v) {
  constexpr std::string_view kName = "granular_markings";
  if (!v.is_array() || v.size() == 0) return Err(kName, "must be a non-empty list");
  for (Value g : v) {
    if (!g.is_object()) return Err(kName, "entries must be objects");
    CONCORD_RETURN_IF_ERROR(CheckStringList(g["selectors"], "granular_markings.selectors"));
    bool has_ref = g["marking_ref"].exists(), has_lang = g["lang"].exists();
    if (has_ref == has_lang)
      return Err(kName, "each entry needs exactly one of marking_ref or lang");
    if (has_ref) {
      CONCORD_RETURN_IF_ERROR(CheckIdentifier(g["marking_ref"], "granular_markings.marking_ref",
                                              "marking-definition--"));
    }
  }
  return Status::Ok();
}

Status CheckExtensions(Value v) {
  constexpr std::string_view kName = "extensions";
  if (!v.is_object() || v.size() == 0) return Err(kName, "must be a non-empty dictionary");
  for (auto it = v.begin(); it != v.end(); ++it) {
    Value::Member m = it.member();
    std::string key(m.key);
    bool definition = key.rfind("extension-definition--", 0) == 0;
    if (definition ? !IsIdentifier(key) : !EndsWith(key, "-ext")) {
      return Err(kName, "'" + key + "' must be an extension-definition id or end in -ext");
    }
    if (!m.value.is_object()) return Err(kName, "'" + key + "' must be an object");
  }
  return Status::Ok();
}

// Rules every object follows whatever its kind: property names, references, common types.
// One pass over the members: most common properties are absent, and looking each one up by
// name would cost more than the whole parse.
Status CheckCommonProperties(Value obj) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    Value::Member m = it.member();
    std::string_view name = m.key;
    Value v = m.value;
    if (!IsPropertyName(name)) {
      return Err(std::string(name.substr(0, 64)),
                 "property names must be 3-250 characters of a-z, A-Z, 0-9 and _");
    }
    // Custom (x_) properties are the producer's business: real feeds (MITRE ATT&CK) use
    // x_*_ref for values that are not identifiers, and those are kept as they are.
    if (name.substr(0, 2) == "x_") continue;
    if (name == "created_by_ref") {
      CONCORD_RETURN_IF_ERROR(CheckIdentifier(v, name, "identity--"));
    } else if (name == "object_marking_refs") {
      CONCORD_RETURN_IF_ERROR(CheckIdentifierList(v, name, "marking-definition--"));
    } else if (EndsWith(name, "_ref")) {
      CONCORD_RETURN_IF_ERROR(CheckIdentifier(v, name));
    } else if (EndsWith(name, "_refs")) {
      CONCORD_RETURN_IF_ERROR(CheckIdentifierList(v, name));
    } else if (name == "revoked" || name == "defanged") {
      CONCORD_RETURN_IF_ERROR(CheckBool(v, name));
    } else if (name == "labels") {
      CONCORD_RETURN_IF_ERROR(CheckStringList(v, name));
    } else if (name == "confidence") {
      CONCORD_RETURN_IF_ERROR(CheckInt(v, name, 0, 100));
    } else if (name == "lang") {
      CONCORD_RETURN_IF_ERROR(CheckString(v, name));
    } else if (name == "external_references") {
      CONCORD_RETURN_IF_ERROR(CheckExternalReferences(v));
    } else if (name == "granular_markings") {
      CONCORD_RETURN_IF_ERROR(CheckGranularMarkings(v));
    } else if (name == "extensions") {
      CONCORD_RETURN_IF_ERROR(CheckExtensions(v));
    }
  }
  return Status::Ok();
}

// ---- Type-specific rules (STIX 2.1 §4-§7) ----

using Rule = Status (*)(Value);

Status NameRequired(Value o) { return CheckNonEmptyString(o["name"], "name"); }

Status CampaignRule(Value o) {
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status GroupingRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"context", "object_refs"}));
  return CheckString(o["context"], "context");
}

Status IdentityRule(Value o) { return NameRequired(o); }

Status IndicatorRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"pattern", "pattern_type", "valid_from"}));
  CONCORD_RETURN_IF_ERROR(CheckString(o["pattern"], "pattern"));
  CONCORD_RETURN_IF_ERROR(CheckString(o["pattern_type"], "pattern_type"));
  CONCORD_RETURN_IF_ERROR(CheckOrder(o, "valid_from", "valid_until", true));
  if (Value v = o["indicator_types"]; v.exists()) {
    CONCORD_RETURN_IF_ERROR(CheckStringList(v, "indicator_types"));
  }
  if (o["pattern_type"].str_equals("stix")) {
    std::string scratch;
    auto parsed = pattern::Parse(o["pattern"].str(&scratch));
    if (!parsed.ok()) return Err("pattern", parsed.status().message());
  }
  return Status::Ok();
}

Status InfrastructureRule(Value o) {
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status IntrusionSetRule(Value o) {
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status LocationRule(Value o) {
  bool lat = o["latitude"].exists(), lon = o["longitude"].exists();
  if (lat != lon) return Status::InvalidArgument("latitude and longitude must be given together");
  if (!lat && !o["region"].exists() && !o["country"].exists()) {
    return Status::InvalidArgument(
        "at least one of region, country, or latitude and longitude is required");
  }
  if (lat) {
    auto la = o["latitude"].as_double(), lo = o["longitude"].as_double();
    if (!la || *la < -90 || *la > 90) return Err("latitude", "must be a number from -90 to 90");
    if (!lo || *lo < -180 || *lo > 180)
      return Err("longitude", "must be a number from -180 to 180");
  } else if (o["precision"].exists()) {
    return Err("precision", "requires latitude and longitude");
  }
  return Status::Ok();
}

Status MalwareRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"is_family"}));
  CONCORD_RETURN_IF_ERROR(CheckBool(o["is_family"], "is_family"));
  if (o["is_family"].as_bool()) CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status MalwareAnalysisRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"product"}));
  CONCORD_RETURN_IF_ERROR(CheckString(o["product"], "product"));
  return RequireOneOf(o, {"result", "analysis_sco_refs"});
}

Status NoteRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"content", "object_refs"}));
  return CheckString(o["content"], "content");
}

Status ObservedDataRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"first_observed", "last_observed", "number_observed"}));
  CONCORD_RETURN_IF_ERROR(CheckOrder(o, "first_observed", "last_observed", false));
  CONCORD_RETURN_IF_ERROR(CheckInt(o["number_observed"], "number_observed", 1, 999999999));
  bool objects = o["objects"].exists(), refs = o["object_refs"].exists();
  if (objects == refs)
    return Status::InvalidArgument("exactly one of objects or object_refs is required");
  if (objects && (!o["objects"].is_object() || o["objects"].size() == 0)) {
    return Err("objects", "must be a non-empty dictionary");
  }
  return Status::Ok();
}

Status OpinionRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"opinion", "object_refs"}));
  return CheckEnum(o["opinion"], "opinion",
                   {"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"});
}

Status ReportRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"name", "published", "object_refs"}));
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckTimestamp(o["published"], "published");
}

Status ThreatActorRule(Value o) {
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status RelationshipRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"relationship_type", "source_ref", "target_ref"}));
  CONCORD_RETURN_IF_ERROR(CheckNonEmptyString(o["relationship_type"], "relationship_type"));
  return CheckOrder(o, "start_time", "stop_time", true);
}

Status SightingRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"sighting_of_ref"}));
  if (Value v = o["count"]; v.exists()) CONCORD_RETURN_IF_ERROR(CheckInt(v, "count", 0, 999999999));
  if (Value v = o["observed_data_refs"]; v.exists()) {
    CONCORD_RETURN_IF_ERROR(CheckIdentifierList(v, "observed_data_refs", "observed-data--"));
  }
  if (Value v = o["where_sighted_refs"]; v.exists()) {
    for (Value e : v) {
      std::string s = e.str();
      if (s.rfind("identity--", 0) != 0 && s.rfind("location--", 0) != 0) {
        return Err("where_sighted_refs", "must reference identity or location objects");
      }
    }
  }
  return CheckOrder(o, "first_seen", "last_seen", false);
}

Status LanguageContentRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"object_ref", "contents"}));
  if (!o["contents"].is_object() || o["contents"].size() == 0) {
    return Err("contents", "must be a non-empty dictionary");
  }
  if (Value v = o["object_modified"]; v.exists()) {
    CONCORD_RETURN_IF_ERROR(CheckTimestamp(v, "object_modified", nullptr, 3));
  }
  return Status::Ok();
}

Status ExtensionDefinitionRule(Value o) {
  CONCORD_RETURN_IF_ERROR(
      Require(o, {"created_by_ref", "name", "schema", "version", "extension_types"}));
  CONCORD_RETURN_IF_ERROR(NameRequired(o));
  CONCORD_RETURN_IF_ERROR(CheckString(o["schema"], "schema"));
  CONCORD_RETURN_IF_ERROR(CheckString(o["version"], "version"));
  CONCORD_RETURN_IF_ERROR(CheckStringList(o["extension_types"], "extension_types"));
  for (Value t : o["extension_types"]) {
    CONCORD_RETURN_IF_ERROR(CheckEnum(
        t, "extension_types",
        {"new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"}));
  }
  return Status::Ok();
}

Status MarkingDefinitionRule(Value o) {
  bool type = o["definition_type"].exists(), def = o["definition"].exists();
  if (type != def)
    return Status::InvalidArgument("definition_type and definition must be given together");
  if (!type && !o["extensions"].exists()) {
    return Status::InvalidArgument(
        "a marking definition needs definition_type and definition, or extensions");
  }
  if (type) {
    CONCORD_RETURN_IF_ERROR(CheckString(o["definition_type"], "definition_type"));
    if (!o["definition"].is_object()) return Err("definition", "must be an object");
    if (o["definition_type"].str_equals("tlp")) {
      CONCORD_RETURN_IF_ERROR(
          CheckEnum(o["definition"]["tlp"], "definition.tlp", {"white", "green", "amber", "red"}));
    } else if (o["definition_type"].str_equals("statement")) {
      CONCORD_RETURN_IF_ERROR(CheckString(o["definition"]["statement"], "definition.statement"));
    }
  }
  return Status::Ok();
}

// SCOs whose every property is optional must still say something (STIX 2.1 §6).
Status AtLeastOneProperty(Value o) {
  static constexpr std::string_view kCommon[] = {
      "type",     "id",        "spec_version", "object_marking_refs", "granular_markings",
      "defanged", "extensions"};
  for (auto it = o.begin(); it != o.end(); ++it) {
    std::string_view k = it.member().key;
    if (std::find(std::begin(kCommon), std::end(kCommon), k) == std::end(kCommon)) {
      return Status::Ok();
    }
  }
  if (o["extensions"].exists()) return Status::Ok();
  return Status::InvalidArgument("at least one property besides the common ones is required");
}

Status ValueRequired(Value o) { return CheckNonEmptyString(o["value"], "value"); }

Status ArtifactRule(Value o) {
  bool payload = o["payload_bin"].exists(), url = o["url"].exists();
  if (payload && url)
    return Status::InvalidArgument("payload_bin and url must not both be present");
  if (url && !o["hashes"].exists()) return Err("hashes", "required when url is present");
  if (payload) CONCORD_RETURN_IF_ERROR(CheckString(o["payload_bin"], "payload_bin"));
  return Status::Ok();
}

Status AutonomousSystemRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"number"}));
  return CheckInt(o["number"], "number", 0, 4294967295LL);
}

Status DirectoryRule(Value o) { return CheckNonEmptyString(o["path"], "path"); }

Status EmailMessageRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"is_multipart"}));
  CONCORD_RETURN_IF_ERROR(CheckBool(o["is_multipart"], "is_multipart"));
  if (o["is_multipart"].as_bool() && o["body"].exists()) {
    return Err("body", "must not be present when is_multipart is true");
  }
  if (!o["is_multipart"].as_bool() && o["body_multipart"].exists()) {
    return Err("body_multipart", "must not be present when is_multipart is false");
  }
  return Status::Ok();
}

Status FileRule(Value o) { return RequireOneOf(o, {"hashes", "name"}); }

Status MutexRule(Value o) { return CheckNonEmptyString(o["name"], "name"); }

Status NetworkTrafficRule(Value o) {
  CONCORD_RETURN_IF_ERROR(Require(o, {"protocols"}));
  CONCORD_RETURN_IF_ERROR(CheckStringList(o["protocols"], "protocols"));
  CONCORD_RETURN_IF_ERROR(RequireOneOf(o, {"src_ref", "dst_ref"}));
  for (std::string_view port : {"src_port", "dst_port"}) {
    if (Value v = o[port]; v.exists()) CONCORD_RETURN_IF_ERROR(CheckInt(v, port, 0, 65535));
  }
  return CheckOrder(o, "start", "end", false);
}

Status SoftwareRule(Value o) { return NameRequired(o); }

struct TypeInfo {
  ObjectKind kind;
  Rule rule;
};

const std::unordered_map<std::string_view, TypeInfo>& Types() {
  static const auto* kTypes = new std::unordered_map<std::string_view, TypeInfo>{
      // 19 SDOs
      {"attack-pattern", {ObjectKind::kSdo, NameRequired}},
      {"campaign", {ObjectKind::kSdo, CampaignRule}},
      {"course-of-action", {ObjectKind::kSdo, NameRequired}},
      {"grouping", {ObjectKind::kSdo, GroupingRule}},
      {"identity", {ObjectKind::kSdo, IdentityRule}},
      {"incident", {ObjectKind::kSdo, NameRequired}},
      {"indicator", {ObjectKind::kSdo, IndicatorRule}},
      {"infrastructure", {ObjectKind::kSdo, InfrastructureRule}},
      {"intrusion-set", {ObjectKind::kSdo, IntrusionSetRule}},
      {"location", {ObjectKind::kSdo, LocationRule}},
      {"malware", {ObjectKind::kSdo, MalwareRule}},
      {"malware-analysis", {ObjectKind::kSdo, MalwareAnalysisRule}},
      {"note", {ObjectKind::kSdo, NoteRule}},
      {"observed-data", {ObjectKind::kSdo, ObservedDataRule}},
      {"opinion", {ObjectKind::kSdo, OpinionRule}},
      {"report", {ObjectKind::kSdo, ReportRule}},
      {"threat-actor", {ObjectKind::kSdo, ThreatActorRule}},
      {"tool", {ObjectKind::kSdo, NameRequired}},
      {"vulnerability", {ObjectKind::kSdo, NameRequired}},
      // 2 SROs
      {"relationship", {ObjectKind::kSro, RelationshipRule}},
      {"sighting", {ObjectKind::kSro, SightingRule}},
      // Meta objects
      {"marking-definition", {ObjectKind::kMeta, MarkingDefinitionRule}},
      {"language-content", {ObjectKind::kMeta, LanguageContentRule}},
      {"extension-definition", {ObjectKind::kMeta, ExtensionDefinitionRule}},
      // 18 SCOs
      {"artifact", {ObjectKind::kSco, ArtifactRule}},
      {"autonomous-system", {ObjectKind::kSco, AutonomousSystemRule}},
      {"directory", {ObjectKind::kSco, DirectoryRule}},
      {"domain-name", {ObjectKind::kSco, ValueRequired}},
      {"email-addr", {ObjectKind::kSco, ValueRequired}},
      {"email-message", {ObjectKind::kSco, EmailMessageRule}},
      {"file", {ObjectKind::kSco, FileRule}},
      {"ipv4-addr", {ObjectKind::kSco, ValueRequired}},
      {"ipv6-addr", {ObjectKind::kSco, ValueRequired}},
      {"mac-addr", {ObjectKind::kSco, ValueRequired}},
      {"mutex", {ObjectKind::kSco, MutexRule}},
      {"network-traffic", {ObjectKind::kSco, NetworkTrafficRule}},
      {"process", {ObjectKind::kSco, AtLeastOneProperty}},
      {"software", {ObjectKind::kSco, SoftwareRule}},
      {"url", {ObjectKind::kSco, ValueRequired}},
      {"user-account", {ObjectKind::kSco, AtLeastOneProperty}},
      {"windows-registry-key", {ObjectKind::kSco, AtLeastOneProperty}},
      {"x509-certificate", {ObjectKind::kSco, AtLeastOneProperty}},
  };
  return *kTypes;
}

Status CheckSpecVersion(Value obj, bool required) {
  Value v = obj["spec_version"];
  if (!v.exists()) {
    return required ? Err("spec_version",
                          "required property is missing (STIX 2.1 objects carry \"2.1\")")
                    : Status::Ok();
  }
  if (!v.str_equals("2.1")) {
    return Err("spec_version", "must be \"2.1\", got " + std::string(v.raw().substr(0, 20)));
  }
  return Status::Ok();
}

// created/modified for SDOs, SROs and the meta objects that version.
Status CheckVersioning(Value obj, bool has_modified, ObjectMeta* meta) {
  Micros created = 0, modified = 0;
  CONCORD_RETURN_IF_ERROR(Require(obj, {"created"}));
  CONCORD_RETURN_IF_ERROR(CheckTimestamp(obj["created"], "created", &created, 3));
  meta->version = created;
  std::string scratch;
  meta->version_text.assign(obj["created"].str(&scratch));
  if (!has_modified) return Status::Ok();
  CONCORD_RETURN_IF_ERROR(Require(obj, {"modified"}));
  CONCORD_RETURN_IF_ERROR(CheckTimestamp(obj["modified"], "modified", &modified, 3));
  if (modified < created) return Err("modified", "must not be earlier than created");
  meta->version = modified;
  meta->version_text.assign(obj["modified"].str(&scratch));
  return Status::Ok();
}

}  // namespace

ObjectKind KindOf(std::string_view type) {
  auto it = Types().find(type);
  return it == Types().end() ? ObjectKind::kCustom : it->second.kind;
}

bool IsIdentifier(std::string_view s) {
  size_t sep = s.find("--");
  if (sep == std::string_view::npos) return false;
  return IsTypeName(s.substr(0, sep)) && IsRfc4122Uuid(s.substr(sep + 2));
}

Status Validate(Value obj, ObjectMeta* meta) {
  if (!obj.is_object()) {
    return Status::InvalidArgument(std::string("an object is required, not ") +
                                   (obj.exists() ? json::TypeName(obj.type()) : "nothing"));
  }
  Value type = obj["type"];
  if (!type.exists()) return Err("type", "required property is missing");
  std::string scratch;
  if (!type.is_string() || !IsTypeName(type.str(&scratch))) {
    return Err("type", "must be 3-250 characters of a-z, 0-9 and '-', got " +
                           std::string(type.raw().substr(0, 64)));
  }
  meta->type.assign(type.str(&scratch));
  if (meta->type == "bundle") return Err("type", "a bundle cannot be stored as an object");
  Value id = obj["id"];
  if (!id.exists()) return Err("id", "required property is missing");
  CONCORD_RETURN_IF_ERROR(CheckIdentifier(id, "id"));
  meta->id.assign(id.str(&scratch));
  if (meta->id.compare(0, meta->type.size() + 2, meta->type + "--") != 0) {
    return Err("id", "must start with the object's type \"" + meta->type + "--\"");
  }

  auto it = Types().find(meta->type);
  meta->kind = it == Types().end() ? ObjectKind::kCustom : it->second.kind;
  switch (meta->kind) {
    case ObjectKind::kSdo:
    case ObjectKind::kSro:
      CONCORD_RETURN_IF_ERROR(CheckSpecVersion(obj, true));
      CONCORD_RETURN_IF_ERROR(CheckVersioning(obj, true, meta));
      break;
    case ObjectKind::kMeta:
      CONCORD_RETURN_IF_ERROR(CheckSpecVersion(obj, true));
      // Marking definitions are never versioned: they have `created` only.
      CONCORD_RETURN_IF_ERROR(CheckVersioning(obj, meta->type != "marking-definition", meta));
      break;
    case ObjectKind::kSco:
      CONCORD_RETURN_IF_ERROR(CheckSpecVersion(obj, false));
      meta->version = 0;
      meta->version_text.clear();
      break;
    case ObjectKind::kCustom:
      // A custom SDO/SRO carries created/modified; a custom SCO carries neither.
      CONCORD_RETURN_IF_ERROR(CheckSpecVersion(obj, obj["created"].exists()));
      if (obj["created"].exists() || obj["modified"].exists()) {
        CONCORD_RETURN_IF_ERROR(CheckVersioning(obj, true, meta));
      }
      break;
  }
  CONCORD_RETURN_IF_ERROR(CheckCommonProperties(obj));
  if (meta->kind == ObjectKind::kSco || meta->type == "file" || meta->type == "artifact" ||
      meta->type == "x509-certificate") {
    if (Value h = obj["hashes"]; h.exists()) CONCORD_RETURN_IF_ERROR(CheckHashes(h, "hashes"));
  }
  if (it != Types().end()) CONCORD_RETURN_IF_ERROR(it->second.rule(obj));

  if (Value v = obj["spec_version"]; v.exists()) meta->spec_version = "2.1";
  meta->created_by_ref.assign(obj["created_by_ref"].str(&scratch));
  meta->revoked = obj["revoked"].as_bool();
  meta->marking_refs.clear();
  for (Value m : obj["object_marking_refs"]) meta->marking_refs.emplace_back(m.str(&scratch));
  return Status::Ok();
}

}  // namespace concord::stix
