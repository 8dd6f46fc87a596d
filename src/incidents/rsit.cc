#include "incidents/rsit.h"

#include <cstdio>
#include <cstdlib>

#include "common/json.h"
#include "common/strings.h"

namespace concord::incidents {

// data/taxonomies/rsit.json, compiled in (src/incidents/module.cmake).
extern const std::string_view kRsitDocument;

namespace {

std::vector<std::string> Ids(const auto& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

}  // namespace

Result<RsitTaxonomy> RsitTaxonomy::Parse(std::string_view text) {
  json::Document doc;
  if (Status st = doc.ParseAll(text); !st.ok()) return st.WithPrefix("rsit");
  const json::Value root = doc.root();
  if (!root["namespace"].is_string() || !root["namespace"].str_equals("rsit")) {
    return Status::InvalidArgument("rsit: namespace: not the RSIT taxonomy");
  }
  RsitTaxonomy t;
  t.version_ = static_cast<int>(root["version"].as_int().value_or(0));
  const json::Value predicates = root["predicates"], values = root["values"];
  if (!predicates.is_array() || !values.is_array()) {
    return Status::InvalidArgument("rsit: predicates and values must be lists");
  }
  for (uint32_t i = 0; i < predicates.size(); ++i) {
    const json::Value p = predicates.at(i);
    const std::string where = "rsit: predicates[" + std::to_string(i) + "]";
    if (!p["value"].is_string() || p["value"].str().empty()) {
      return Status::InvalidArgument(where + ".value: missing");
    }
    RsitClass c;
    c.id = p["value"].str();
    c.name = p["expanded"].is_string() ? p["expanded"].str() : c.id;
    t.classes_.push_back(std::move(c));
  }
  for (uint32_t i = 0; i < values.size(); ++i) {
    const json::Value v = values.at(i);
    const std::string where = "rsit: values[" + std::to_string(i) + "]";
    RsitClass* owner = nullptr;
    for (RsitClass& c : t.classes_) {
      if (v["predicate"].is_string() && v["predicate"].str_equals(c.id)) owner = &c;
    }
    if (!owner) return Status::InvalidArgument(where + ".predicate: not one of the predicates");
    const json::Value entries = v["entry"];
    if (!entries.is_array()) return Status::InvalidArgument(where + ".entry: must be a list");
    for (uint32_t j = 0; j < entries.size(); ++j) {
      const json::Value e = entries.at(j);
      if (!e["value"].is_string() || e["value"].str().empty()) {
        return Status::InvalidArgument(where + ".entry[" + std::to_string(j) + "].value: missing");
      }
      RsitType type;
      type.id = e["value"].str();
      type.name = e["expanded"].is_string() ? e["expanded"].str() : type.id;
      if (e["description"].is_string()) type.description = e["description"].str();
      owner->types.push_back(std::move(type));
    }
  }
  for (const RsitClass& c : t.classes_) {
    if (c.types.empty()) return Status::InvalidArgument("rsit: class " + c.id + " has no types");
  }
  return t;
}

const RsitTaxonomy& RsitTaxonomy::Get() {
  // The compiled-in document is checked by incidents_test; a broken one stops here at once.
  static const RsitTaxonomy taxonomy = [] {
    auto parsed = Parse(kRsitDocument);
    if (!parsed.ok()) {
      std::fprintf(stderr, "concord: the compiled-in RSIT taxonomy: %s\n",
                   parsed.status().message().c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return taxonomy;
}

Result<const RsitType*> RsitTaxonomy::Find(std::string_view class_id, std::string_view type) const {
  for (const RsitClass& c : classes_) {
    if (c.id != class_id) continue;
    for (const RsitType& t : c.types) {
      if (t.id == type) return &t;
    }
    return Status::InvalidArgument("classification: \"" + std::string(type) +
                                   "\" is not an RSIT type of class " + c.id +
                                   " (one of: " + Join(Ids(c.types), ", ") + ")");
  }
  return Status::InvalidArgument("classification: \"" + std::string(class_id) +
                                 "\" is not an RSIT class (one of: " + Join(Ids(classes_), ", ") +
                                 ")");
}

}  // namespace concord::incidents
