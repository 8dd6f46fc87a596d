// The incident module's parsers (the RSIT taxonomy so far). Run:
//   build-fuzz/fuzz/fuzz_incidents -max_total_time=60
// A taxonomy that parses must find each of its own types.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "incidents/rsit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto rsit = concord::incidents::RsitTaxonomy::Parse(input);
  if (!rsit.ok()) return 0;
  for (const auto& c : rsit->classes()) {
    if (c.types.empty() || !rsit->Find(c.id, c.types.front().id).ok()) std::abort();
  }
  return 0;
}
