#pragma once
// Small string helpers shared across modules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord {

// Splits `s` at every `sep`. With `skip_empty`, empty pieces ("a,,b", a leading or trailing
// separator) are dropped; without it they are kept, so "a," gives {"a", ""}.
inline std::vector<std::string> Split(std::string_view s, char sep, bool skip_empty) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    std::string_view piece =
        s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
    if (!piece.empty() || !skip_empty) out.emplace_back(piece);
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  if (skip_empty && s.empty()) out.clear();
  return out;
}

// Joins `parts` with `sep` between them.
inline std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// ASCII letters in lower case; other bytes unchanged (protocol tokens, names, e-mail).
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

// Without leading and trailing spaces, tabs and carriage returns.
inline std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Standard base64 (RFC 4648 §4) with padding.
inline std::string Base64Encode(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < in.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// Decodes standard padded base64; nullopt on any other character, bad padding or length.
inline std::optional<std::string> Base64Decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=') : 0;
    if (pad == 1 && in[i + 2] == '=') return std::nullopt;  // "x=y=" style
    uint32_t n = 0;
    for (int k = 0; k < 4 - pad; ++k) {
      const int v = value(in[i + k]);
      if (v < 0) return std::nullopt;
      n |= static_cast<uint32_t>(v) << (18 - 6 * k);
    }
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>(n >> 8 & 255));
    if (pad < 1) out.push_back(static_cast<char>(n & 255));
  }
  return out;
}

// Shows control characters as visible escapes (C0 as "\x1b", DEL as "\x7f", C1 as UTF-8 as
// "\u009b"), so that data printed on a terminal cannot move the cursor, retitle the window or
// hide text. Everything else, UTF-8 included, is kept, and so are tabs (and newlines when
// `keep_newlines`). It keeps state between pieces, so a stream can be filtered as it is written.
class ControlEscaper {
 public:
  explicit ControlEscaper(bool keep_newlines) : keep_newlines_(keep_newlines) {}

  void Append(std::string_view in, std::string* out) {
    for (const char ch : in) {
      const auto c = static_cast<unsigned char>(ch);
      if (pending_c2_) {  // the byte after 0xC2: a C1 control, or the rest of a character
        pending_c2_ = false;
        if (c >= 0x80 && c <= 0x9f) {
          Escape("\\u00", c, out);
          continue;
        }
        out->push_back('\xc2');
      }
      if (c == 0xc2) {
        pending_c2_ = true;
      } else if ((c < 0x20 && c != '\t' && !(keep_newlines_ && c == '\n')) || c == 0x7f) {
        Escape("\\x", c, out);
      } else {
        out->push_back(ch);
      }
    }
  }
  // Writes a 0xC2 still held back (input that ended inside a character).
  void Finish(std::string* out) {
    if (pending_c2_) out->push_back('\xc2');
    pending_c2_ = false;
  }

 private:
  static void Escape(const char* prefix, unsigned char c, std::string* out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out->append(prefix);
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
  bool keep_newlines_;
  bool pending_c2_ = false;
};

// `s` on one line, safe to print on a terminal (ControlEscaper; newlines escaped too).
inline std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ControlEscaper escaper(/*keep_newlines=*/false);
  escaper.Append(s, &out);
  escaper.Finish(&out);
  return out;
}

// The value of a hexadecimal digit, -1 for any other character.
inline int HexDigitValue(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

// Decodes %XX escapes (RFC 3986); nullopt when a '%' is not followed by two hex digits.
inline std::optional<std::string> PercentDecode(std::string_view s) {
  const auto hex = HexDigitValue;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) return std::nullopt;
    out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
    i += 2;
  }
  return out;
}

}  // namespace concord
