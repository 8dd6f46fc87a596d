// libFuzzer target: STIX input of any shape through the bundle reader and the validator.
#include <cstddef>
#include <cstdint>

#include "stix/bundle_reader.h"
#include "stix/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)concord::stix::ReadObjects(text, [](const concord::stix::RawObject& o) {
    concord::stix::ObjectMeta meta;
    (void)concord::stix::Validate(o.value, &meta);
    return concord::Status::Ok();
  });
  return 0;
}
