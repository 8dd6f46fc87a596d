// Abuse reports: MIME, ARF, X-ARF (YAML and JSON), dates and mboxes. Run:
//   build-fuzz/fuzz/fuzz_spam -max_total_time=60 tests/data/spam
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "spam/mime.h"
#include "spam/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace concord::spam;
  (void)ParseReport(input, {});
  (void)SplitMbox(input);
  (void)ParseMailDate(input);
  (void)DecodeWords(input);
  return 0;
}
