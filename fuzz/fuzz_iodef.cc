// IODEF v2 (RFC 7970) documents from anyone: validated against the RFC's schema, then read.
// Run:
//   build-fuzz/fuzz/fuzz_iodef -max_total_time=60
// A document that reads must write back as valid IODEF (Write validates what it produces) and
// read again to the same incidents.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "incidents/iodef.h"

using namespace concord::incidents;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto doc = iodef::Read(input);
  if (!doc.ok()) return 0;
  auto written = iodef::Write(*doc);
  if (!written.ok()) std::abort();
  auto again = iodef::Read(*written);
  if (!again.ok() || again->incidents.size() != doc->incidents.size()) std::abort();
  for (size_t k = 0; k < doc->incidents.size(); ++k) {
    const iodef::Incident& a = doc->incidents[k];
    const iodef::Incident& b = again->incidents[k];
    if (a.id != b.id || a.descriptions != b.descriptions || a.impacts != b.impacts ||
        a.indicators.size() != b.indicators.size() || a.contacts.size() != b.contacts.size() ||
        a.start != b.start || a.end != b.end) {
      std::abort();
    }
  }
  return 0;
}
