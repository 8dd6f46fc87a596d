#pragma once
// Parser for the whole STIX 2.1 patterning grammar. Errors name the column:
// "expected ']' at column 41". Stateless and thread-safe.

#include <string_view>

#include "common/status.h"
#include "stix/pattern/ast.h"

namespace concord::stix::pattern {

Result<Pattern> Parse(std::string_view pattern);

}  // namespace concord::stix::pattern
