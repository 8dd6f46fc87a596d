#include "match/observable.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <cstdlib>
#include <cstring>

namespace concord::match {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
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

int DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Appends a path or query with RFC 3986 §6.2.2.2 percent-encoding normalisation.
void AppendPercentNormalised(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      const auto c = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(c)) {
        out->push_back(static_cast<char>(c));
      } else {
        out->push_back('%');
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
      }
      i += 2;
    } else {
      out->push_back(s[i]);
    }
  }
}

}  // namespace

const char* ObservableTypeName(ObservableType t) {
  switch (t) {
    case ObservableType::kIp:
      return "ip";
    case ObservableType::kDomain:
      return "domain";
    case ObservableType::kUrl:
      return "url";
    case ObservableType::kEmail:
      return "email";
    case ObservableType::kHash:
      return "hash";
  }
  return "?";
}

const char* HashAlgorithmName(HashAlgorithm a) {
  switch (a) {
    case HashAlgorithm::kMd5:
      return "MD5";
    case HashAlgorithm::kSha1:
      return "SHA-1";
    case HashAlgorithm::kSha256:
      return "SHA-256";
    case HashAlgorithm::kSha512:
      return "SHA-512";
  }
  return "?";
}

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

bool NormalizeUrl(std::string_view text, std::string* out) {
  out->clear();
  // Scheme.
  size_t i = 0;
  while (i < text.size() && (IsAlpha(text[i]) || (i > 0 && (IsDigit(text[i]) || text[i] == '+' ||
                                                            text[i] == '-' || text[i] == '.')))) {
    ++i;
  }
  std::string scheme;
  std::string_view rest;
  if (i > 0 && text.substr(i, 3) == "://") {
    for (size_t k = 0; k < i; ++k) scheme.push_back(Lower(text[k]));
    rest = text.substr(i + 3);
  } else {
    scheme = "http";
    rest = text;
  }
  // Authority ends at the first '/', '?' or '#'.
  const size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  if (const size_t hash = tail.find('#'); hash != std::string_view::npos)
    tail = tail.substr(0, hash);
  std::string_view userinfo;
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    userinfo = authority.substr(0, at + 1);
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      port = after.substr(1);
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return false;
  std::string host_norm;
  Ip128 ip;
  if (ParseIp(host, &ip)) {
    host_norm = IsIpv4(ip) ? FormatIp(ip) : "[" + FormatIp(ip) + "]";
  } else if (!NormalizeDomain(host, &host_norm)) {
    return false;
  }
  long port_number = -1;
  if (!port.empty()) {
    if (port.size() > 5) return false;
    port_number = 0;
    for (char c : port) {
      if (!IsDigit(c)) return false;
      port_number = port_number * 10 + (c - '0');
    }
    if (port_number > 65535) return false;
  }
  out->append(scheme).append("://");
  AppendPercentNormalised(userinfo, out);
  out->append(host_norm);
  if (port_number >= 0 && port_number != DefaultPort(scheme)) {
    out->push_back(':');
    out->append(std::to_string(port_number));
  }
  if (tail.empty() || tail[0] != '/') out->push_back('/');
  AppendPercentNormalised(tail, out);
  return true;
}

bool NormalizeEmail(std::string_view text, std::string* out) {
  const size_t at = text.rfind('@');
  if (at == 0 || at == std::string_view::npos || at > 64) return false;
  std::string domain;
  if (!NormalizeDomain(text.substr(at + 1), &domain)) return false;
  out->clear();
  for (char c : text.substr(0, at)) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '@' || c == '<' || c == '>' || c == '"' || c == ',' || u == 0x7f) {
      return false;
    }
    out->push_back(Lower(c));
  }
  out->push_back('@');
  out->append(domain);
  return true;
}

bool NormalizeHash(std::string_view text, HashAlgorithm* algorithm, std::string* bytes) {
  switch (text.size()) {
    case 32:
      *algorithm = HashAlgorithm::kMd5;
      break;
    case 40:
      *algorithm = HashAlgorithm::kSha1;
      break;
    case 64:
      *algorithm = HashAlgorithm::kSha256;
      break;
    case 128:
      *algorithm = HashAlgorithm::kSha512;
      break;
    default:
      return false;
  }
  bytes->resize(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = HexValue(text[i]), lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*bytes)[i / 2] = static_cast<char>(hi << 4 | lo);
  }
  return true;
}

std::string HexOf(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace concord::match
