#pragma once
// The Reference Security Incident Taxonomy (RSIT, the classification European CSIRTs share):
// eleven classes ("intrusions") with their types ("system-compromise"). Every incident is
// classified by one class and one of its types. The taxonomy is compiled in from
// data/taxonomies/rsit.json (MISP's machine tags, CC0).

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace concord::incidents {

struct RsitType {
  std::string id;           // "system-compromise"
  std::string name;         // "System Compromise"
  std::string description;  // the taxonomy's words
};

struct RsitClass {
  std::string id;    // "intrusions"
  std::string name;  // "Intrusions"
  std::vector<RsitType> types;
};

class RsitTaxonomy {
 public:
  // The compiled-in taxonomy.
  static const RsitTaxonomy& Get();
  // A taxonomy from MISP machine-tag JSON; the error names where and why.
  static Result<RsitTaxonomy> Parse(std::string_view json);

  int version() const { return version_; }
  const std::vector<RsitClass>& classes() const { return classes_; }
  // The type `type` of class `class_id`; InvalidArgument naming what is valid when either is
  // not in the taxonomy.
  Result<const RsitType*> Find(std::string_view class_id, std::string_view type) const;

 private:
  int version_ = 0;
  std::vector<RsitClass> classes_;
};

}  // namespace concord::incidents
