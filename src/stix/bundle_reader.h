#pragma once
// Reads STIX content in every shape Concord accepts and hands each object to a callback:
//   - a bundle {"type":"bundle","objects":[...]} (streamed: the objects array is never held as
//     one DOM, so a 1 GB bundle needs memory for one object at a time),
//   - a JSON array of objects,
//   - JSON lines / concatenated JSON values (each an object, an array or a bundle),
//   - a single object.
// A syntax error stops reading: objects before it have been delivered, nothing after it is.
// The error says where ("line 12, column 5: expected ',' or '}' in object, found ']'").
//
// Not thread-safe; one reader per input.

#include <cstddef>
#include <functional>
#include <string_view>

#include "common/json.h"
#include "common/status.h"

namespace concord::stix {

struct RawObject {
  size_t index;       // 1-based position of the object in the input
  size_t offset;      // byte offset of the object in the input
  json::Value value;  // valid only during the callback
};

struct ReadOptions {
  json::Limits limits;
};

// Calls `fn` for every object in `text`, in order. A non-OK Status from `fn` stops reading and
// is returned. Structural errors come back as InvalidArgument with line and column.
Status ReadObjects(std::string_view text, const std::function<Status(const RawObject&)>& fn,
                   const ReadOptions& options = {});

}  // namespace concord::stix
