// libFuzzer target: the JSON reader must never crash and must agree with itself (a value it
// accepts, once minified, parses to an equal value). Also the other small readers of common/:
// sealed secrets (a damaged or forged one is refused, never a crash) and terminal escaping
// (its output holds no control character).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/json.h"
#include "common/secret_box.h"
#include "common/strings.h"

namespace {

const concord::SecretBox& Box() {
  static const concord::SecretBox box = [] {
    const std::string key = "/tmp/concord-fuzz-" + std::to_string(getpid()) + ".key";
    auto made = concord::SecretBox::LoadOrCreate(key);
    unlink(key.c_str());
    if (!made.ok()) __builtin_trap();
    return *made;
  }();
  return box;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (char c : concord::Printable(text)) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) __builtin_trap();
  }
  auto opened = Box().Open(text);
  if (opened.ok() && concord::SecretBox::IsSealed(text)) __builtin_trap();  // forged: refused
  auto sealed = Box().Seal(text);
  if (!sealed.ok()) __builtin_trap();
  auto back = Box().Open(*sealed);
  if (!back.ok() || *back != text) __builtin_trap();
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
