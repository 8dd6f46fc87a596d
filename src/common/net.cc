#include "common/net.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <cstdio>
#include <cstring>

namespace concord {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
// Checks LDH (plus '_', which SRV/DKIM names use) labels of 1-63 bytes, at most 253 in all.
bool ValidAsciiDomain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t label = 0;
  for (char c : d) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!(IsAlpha(c) || IsDigit(c) || c == '-' || c == '_')) return false;
    if (++label > 63) return false;
  }
  return label != 0;
}

}  // namespace

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t value = 0;
  size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    const size_t start = i;
    unsigned n = 0;
    while (i < text.size() && IsDigit(text[i]) && i - start < 3) n = n * 10 + (text[i++] - '0');
    const size_t digits = i - start;
    if (digits == 0 || n > 255 || (digits > 1 && text[start] == '0')) return false;
    value = value << 8 | n;
  }
  if (i != text.size()) return false;
  *out = value;
  return true;
}

bool ParseIp(std::string_view text, Ip128* out) {
  uint32_t v4;
  if (ParseIpv4(text, &v4)) {
    *out = kIpv4MappedPrefix | v4;
    return true;
  }
  if (const size_t zone = text.find('%'); zone != std::string_view::npos)
    text = text.substr(0, zone);
  char buf[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buf) || text.find(':') == std::string_view::npos) {
    return false;
  }
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, buf, bytes) != 1) return false;
  Ip128 ip = 0;
  for (unsigned char b : bytes) ip = ip << 8 | b;
  *out = ip;
  return true;
}

bool ParsePrefix(std::string_view text, Ip128* network, int* length, std::string* error) {
  const size_t slash = text.find('/');
  Ip128 ip;
  if (!ParseIp(text.substr(0, slash), &ip)) {
    *error = "'" + std::string(text.substr(0, slash)) + "' is not an IP address";
    return false;
  }
  const bool v4 = IsIpv4(ip) && text.substr(0, slash).find(':') == std::string_view::npos;
  int len = 128;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    int n = 0;
    if (digits.empty() || digits.size() > 3) n = -1;
    for (char c : digits) n = IsDigit(c) && n >= 0 ? n * 10 + (c - '0') : -1;
    const int max = v4 ? 32 : 128;
    if (n < 0 || n > max || (digits.size() > 1 && digits[0] == '0')) {
      *error = "prefix length '" + std::string(digits) + "' is not 0-" + std::to_string(max);
      return false;
    }
    len = v4 ? 96 + n : n;
  }
  if (len < 128) ip &= ~((~static_cast<Ip128>(0)) >> len);
  *network = ip;
  *length = len;
  return true;
}

std::array<char, 16> IpBytes(Ip128 ip) {
  std::array<char, 16> bytes;
  for (int i = 15; i >= 0; --i, ip >>= 8) bytes[i] = static_cast<char>(ip);
  return bytes;
}

std::string FormatIp(Ip128 ip) {
  char buf[INET6_ADDRSTRLEN];
  if (IsIpv4(ip)) {
    const auto v4 = static_cast<uint32_t>(ip);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v4 >> 24, (v4 >> 16) & 255, (v4 >> 8) & 255,
                  v4 & 255);
    return buf;
  }
  const std::array<char, 16> bytes = IpBytes(ip);
  inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

bool NormalizeDomain(std::string_view text, std::string* out) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  out->clear();
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
    out->push_back(Lower(c));
  }
  if (ascii) return ValidAsciiDomain(*out);
  // Internationalised: UTS 46 mapping (case folding, NFC) and punycode, as browsers do.
  std::string input(text);
  char* ace = nullptr;
  const int rc = idn2_to_ascii_8z(input.c_str(), &ace, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  if (rc != IDN2_OK) return false;
  out->assign(ace);
  idn2_free(ace);
  for (char& c : *out) c = Lower(c);
  return ValidAsciiDomain(*out);
}

}  // namespace concord
