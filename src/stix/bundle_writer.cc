#include "stix/bundle_writer.h"

#include <cerrno>
#include <cstring>

#include "common/uuid.h"

namespace concord::stix {

BundleWriter::BundleWriter(std::FILE* out) : out_(out) {
  // "objects" is written with the first object: STIX forbids an empty list (minItems 1).
  std::string head = "{\"type\":\"bundle\",\"id\":\"bundle--" + UuidV4() + "\"";
  std::fwrite(head.data(), 1, head.size(), out_);
}

Status BundleWriter::Add(std::string_view object_json) {
  std::fputs(count_ == 0 ? ",\"objects\":[\n" : ",\n", out_);
  std::fwrite(object_json.data(), 1, object_json.size(), out_);
  ++count_;
  return Status::Ok();
}

Status BundleWriter::Finish() {
  std::fputs(count_ == 0 ? "}\n" : "\n]}\n", out_);
  if (std::fflush(out_) != 0 || std::ferror(out_)) {
    return Status::Internal(std::string("write failed: ") + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace concord::stix
