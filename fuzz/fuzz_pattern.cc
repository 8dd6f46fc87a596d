// libFuzzer target: the STIX pattern parser never crashes, and what it accepts round-trips.
#include <cstddef>
#include <cstdint>

#include "stix/pattern/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concord::stix::pattern;
  auto p = Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!p.ok()) return 0;
  auto again = Parse(ToString(*p));
  if (!again.ok() || !Equal(*p->root, *again->root)) __builtin_trap();
  return 0;
}
