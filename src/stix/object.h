#pragma once
// What Concord knows about a STIX object after validating it: the fields the store indexes.
// The object's JSON itself travels separately (canonical text, see bundle_reader.h).

#include <string>
#include <vector>

#include "common/time.h"

namespace concord::stix {

enum class ObjectKind { kSdo, kSco, kSro, kMeta, kCustom };

struct ObjectMeta {
  std::string id;
  std::string type;
  std::string spec_version;    // "2.1" (SCOs may omit it; then empty)
  std::string created_by_ref;  // empty if absent
  // The version of this object: `modified`, else `created` (marking definitions), else 0
  // (SCOs, which are immutable). (id, version) identifies one stored object version.
  Micros version = 0;
  std::string version_text;  // the timestamp as written, or empty
  std::vector<std::string> marking_refs;
  bool revoked = false;
  ObjectKind kind = ObjectKind::kCustom;
};

}  // namespace concord::stix
