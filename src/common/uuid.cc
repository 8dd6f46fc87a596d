#include "common/uuid.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace concord {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string Format(const uint8_t b[16]) {
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[b[i] >> 4]);
    s.push_back(kHex[b[i] & 15]);
  }
  return s;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UuidV4() {
  uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Format(b);
}

std::string UuidV5(std::string_view ns, std::string_view name) {
  uint8_t nsb[16];
  int n = 0;
  for (size_t i = 0; i < ns.size() && n < 16; ++i) {
    if (ns[i] == '-') continue;
    nsb[n++] = static_cast<uint8_t>(HexValue(ns[i]) << 4 | HexValue(ns[i + 1]));
    ++i;
  }
  std::string input(reinterpret_cast<const char*>(nsb), 16);
  input.append(name);
  uint8_t digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const uint8_t*>(input.data()), input.size(), digest);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return Format(digest);
}

bool IsRfc4122Uuid(std::string_view s) {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  static const auto kIsHex = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = HexValue(static_cast<char>(c)) >= 0;
    return t;
  }();
  for (size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    if (!kIsHex[static_cast<unsigned char>(s[i])]) return false;
  }
  if (s[14] < '1' || s[14] > '5') return false;
  char v = s[19];
  return v == '8' || v == '9' || v == 'a' || v == 'b' || v == 'A' || v == 'B';
}

}  // namespace concord
