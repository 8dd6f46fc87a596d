#pragma once
// Writes a STIX 2.1 bundle to a stream, one object per line, without holding the objects in
// memory. Objects are given as canonical JSON text. Not thread-safe.

#include <cstdio>
#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::stix {

class BundleWriter {
 public:
  // `out` stays owned by the caller. The bundle id is a fresh UUIDv4.
  explicit BundleWriter(std::FILE* out);
  Status Add(std::string_view object_json);
  // Closes the bundle; the stream is flushed and checked for write errors.
  Status Finish();
  size_t count() const { return count_; }

 private:
  std::FILE* out_;
  size_t count_ = 0;
};

}  // namespace concord::stix
