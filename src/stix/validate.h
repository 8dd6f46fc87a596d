#pragma once
// Validation of one STIX 2.1 object against the specification: common properties per object
// kind (SDO, SCO, SRO, meta), identifier and timestamp formats, `modified >= created`, the
// type-specific required properties and constraints of all 19 SDOs, 18 SCOs, relationship,
// sighting, marking-definition, language-content and extension-definition, and the pattern of
// `pattern_type: stix` indicators. Custom objects and properties are accepted when their names
// follow the STIX naming rules, and are kept byte-exact by the caller.
//
// Errors name the property: "pattern: expected ']' at column 41". Thread-safe.

#include "common/json.h"
#include "common/status.h"
#include "stix/object.h"

namespace concord::stix {

// Validates `object` and fills `meta` on success.
Status Validate(json::Value object, ObjectMeta* meta);

// The kind of a type name: one of the spec's SDO/SCO/SRO/meta types, else kCustom.
ObjectKind KindOf(std::string_view type);

// True for `type--<RFC 4122 UUID>` where type follows the STIX type-name rules.
bool IsIdentifier(std::string_view s);

}  // namespace concord::stix
