// libFuzzer target: the JSON reader must never crash and must agree with itself (a value it
// accepts, once minified, parses to an equal value).
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  concord::json::Document doc;
  if (!doc.ParseAll(text).ok()) return 0;
  std::string minified;
  concord::json::Minify(text, &minified);
  concord::json::Document again;
  if (!again.ParseAll(minified).ok() || !concord::json::Equal(doc.root(), again.root())) {
    __builtin_trap();
  }
  return 0;
}
