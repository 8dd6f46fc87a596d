#include "match/observable.h"

#include <arpa/inet.h>

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
