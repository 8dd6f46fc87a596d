#include "spam/mime.h"

#include <algorithm>

#include "common/strings.h"

namespace concord::spam {
namespace {

constexpr int kMaxDepth = 16;  // nested multiparts and messages
constexpr size_t kMaxParts = 1000;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && AsciiLower(a) == AsciiLower(b);
}

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string Where(const std::string& path) { return path.empty() ? "the message" : "part " + path; }

// "type/subtype; name=value; name="quoted value"" (RFC 2045 §5.1); comments in parentheses
// are skipped.
void ParseContentType(std::string_view value, MimePart* part) {
  std::string clean;
  int comment = 0;
  bool quoted = false;
  for (char c : value) {
    if (quoted) {
      clean.push_back(c);
      if (c == '"') quoted = false;
    } else if (c == '(') {
      ++comment;
    } else if (c == ')' && comment > 0) {
      --comment;
    } else if (comment == 0) {
      if (c == '"') quoted = true;
      clean.push_back(c);
    }
  }
  std::vector<std::string> pieces;
  std::string current;
  quoted = false;
  for (char c : clean) {
    if (c == '"') quoted = !quoted;
    if (c == ';' && !quoted) {
      pieces.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  pieces.push_back(current);
  part->media_type = AsciiLower(TrimWhitespace(pieces[0]));
  for (size_t i = 1; i < pieces.size(); ++i) {
    std::string_view piece = TrimWhitespace(pieces[i]);
    const size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = AsciiLower(TrimWhitespace(piece.substr(0, eq)));
    std::string_view v = TrimWhitespace(piece.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    part->params.emplace_back(std::move(name), std::string(v));
  }
}

std::string DecodeQuotedPrintable(std::string_view in) {
  const auto hex = HexDigitValue;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {  // soft line break
      i += in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n' ? 2 : 1;
      continue;
    }
    if (i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) << 4 | hex(in[i + 2])));
      i += 2;
      continue;
    }
    out.push_back('=');  // not an escape: kept as written (RFC 2045 §6.7 note 1)
  }
  return out;
}

std::string Latin1ToUtf8(std::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | c >> 6));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// Offset of the first byte that is not part of valid UTF-8, or npos.
size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || c == 0xC0 || c == 0xC1 || c > 0xF4) return i;
    if (extra > 0 && i + extra >= s.size()) return i;  // cut short
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += 1 + extra;
  }
  return std::string_view::npos;
}

Result<MimePart> ParsePart(std::string_view text, const std::string& path, int depth, size_t* parts,
                           std::vector<std::string>* warnings);

Status SplitMultipart(std::string_view body, MimePart* part, int depth, size_t* parts,
                      std::vector<std::string>* warnings) {
  const std::string boundary = part->Param("boundary");
  if (boundary.empty()) {
    return Status::InvalidArgument(Where(part->path) + ": " + part->media_type +
                                   " without a boundary parameter");
  }
  const std::string delimiter = "--" + boundary;
  std::vector<std::string_view> bodies;
  size_t start = std::string_view::npos;  // where the current part's text begins
  bool closed = false;
  size_t pos = 0;
  while (pos < body.size() && !closed) {
    size_t eol = body.find('\n', pos);
    const size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
    const std::string_view line =
        StripCr(body.substr(pos, next - pos - (eol == std::string_view::npos ? 0 : 1)));
    if (line.size() >= delimiter.size() && line.compare(0, delimiter.size(), delimiter) == 0) {
      std::string_view rest = line.substr(delimiter.size());
      const bool last = rest.size() >= 2 && rest.compare(0, 2, "--") == 0;
      if (last) rest.remove_prefix(2);
      if (TrimWhitespace(rest).empty()) {
        if (start != std::string_view::npos) {
          // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
          size_t end = pos;
          if (end > start && body[end - 1] == '\n') --end;
          if (end > start && body[end - 1] == '\r') --end;
          bodies.push_back(body.substr(start, end - start));
        }
        start = next;
        closed = last;
      }
    }
    pos = next;
  }
  if (start == std::string_view::npos) {
    return Status::InvalidArgument(Where(part->path) + ": no line starts with the boundary \"" +
                                   delimiter + "\"");
  }
  if (!closed) {
    warnings->push_back(Where(part->path) + ": the closing boundary \"" + delimiter +
                        "--\" is missing; the last part runs to the end");
    bodies.push_back(body.substr(std::min(start, body.size())));
  }
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string child_path =
        (part->path.empty() ? "" : part->path + ".") + std::to_string(i + 1);
    auto child = ParsePart(bodies[i], child_path, depth + 1, parts, warnings);
    if (!child.ok()) return child.status();
    part->children.push_back(std::move(*child));
  }
  return Status::Ok();
}

Result<MimePart> ParsePart(std::string_view text, const std::string& path, int depth, size_t* parts,
                           std::vector<std::string>* warnings) {
  if (depth > kMaxDepth) {
    return Status::InvalidArgument(Where(path) + ": nested deeper than " +
                                   std::to_string(kMaxDepth) + " levels");
  }
  if (++*parts > kMaxParts) {
    return Status::InvalidArgument("more than " + std::to_string(kMaxParts) + " MIME parts");
  }
  MimePart part;
  part.path = path;
  size_t body_offset = 0;
  auto headers = ParseHeaders(text, &body_offset);
  if (!headers.ok()) return headers.status().WithPrefix(Where(path));
  part.headers = std::move(*headers);
  const std::string content_type = part.Header("Content-Type");
  if (content_type.empty()) {
    part.media_type = "text/plain";
  } else {
    ParseContentType(content_type, &part);
    if (part.media_type.find('/') == std::string::npos) {
      warnings->push_back(Where(path) + ": Content-Type \"" + content_type +
                          "\" is not type/subtype; read as text/plain");
      part.media_type = "text/plain";
    }
  }
  const std::string_view raw = text.substr(std::min(body_offset, text.size()));
  if (part.IsMultipart()) {
    CONCORD_RETURN_IF_ERROR(SplitMultipart(raw, &part, depth, parts, warnings));
    return part;
  }
  const std::string encoding = AsciiLower(TrimWhitespace(part.Header("Content-Transfer-Encoding")));
  if (encoding == "base64") {
    std::string compact;
    compact.reserve(raw.size());
    for (char c : raw) {
      if (c != '\r' && c != '\n' && c != ' ' && c != '\t') compact.push_back(c);
    }
    auto decoded = Base64Decode(compact);
    if (decoded) {
      part.body = std::move(*decoded);
    } else {
      warnings->push_back(Where(path) + ": the base64 body does not decode; read as written");
      part.body = std::string(raw);
    }
  } else if (encoding == "quoted-printable") {
    part.body = DecodeQuotedPrintable(raw);
  } else {
    if (!encoding.empty() && encoding != "7bit" && encoding != "8bit" && encoding != "binary") {
      warnings->push_back(Where(path) + ": unknown Content-Transfer-Encoding \"" + encoding +
                          "\"; read as written");
    }
    part.body = std::string(raw);
  }
  if (part.media_type == "message/rfc822" || part.media_type == "message/global") {
    auto inner = ParsePart(part.body, path.empty() ? "1" : path + ".1", depth + 1, parts, warnings);
    if (inner.ok()) {
      part.message = std::make_unique<MimePart>(std::move(*inner));
    } else {
      warnings->push_back(Where(path) + ": the enclosed message is unreadable (" +
                          inner.status().message() + "); kept as text");
    }
  } else if (part.IsText()) {
    const std::string charset = part.Param("charset");
    const std::string problem = CheckCharset(part.body, charset.empty() ? "us-ascii" : charset);
    if (!problem.empty()) warnings->push_back(Where(path) + ": " + problem);
  }
  return part;
}

}  // namespace

std::string MimePart::Header(std::string_view name) const {
  for (const HeaderField& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return h.value;
  }
  return "";
}

std::vector<std::string> MimePart::Headers(std::string_view name) const {
  std::vector<std::string> out;
  for (const HeaderField& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) out.push_back(h.value);
  }
  return out;
}

std::string MimePart::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return "";
}

Result<std::vector<HeaderField>> ParseHeaders(std::string_view text, size_t* body_offset) {
  std::vector<HeaderField> headers;
  size_t pos = 0;
  int line_number = 0;
  *body_offset = text.size();
  while (pos < text.size()) {
    const size_t eol = text.find('\n', pos);
    const size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view line =
        StripCr(text.substr(pos, next - pos - (eol == std::string_view::npos ? 0 : 1)));
    ++line_number;
    if (line.empty()) {
      *body_offset = next;
      break;
    }
    if (line_number == 1 && line.rfind("From ", 0) == 0) {  // an mbox separator line
      pos = next;
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (headers.empty()) {
        return Status::InvalidArgument("line " + std::to_string(line_number) +
                                       ": a continuation line before any header field");
      }
      headers.back().value.append(" ").append(TrimWhitespace(line));
    } else {
      const size_t colon = line.find(':');
      // Obsolete syntax (RFC 5322 §4.5.1) allows blanks before the colon.
      const std::string_view name =
          colon == std::string_view::npos ? "" : TrimWhitespace(line.substr(0, colon));
      const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return c > 32 && c < 127;
      });
      if (colon == std::string_view::npos || !valid_name) {
        return Status::InvalidArgument(
            "line " + std::to_string(line_number) +
            ": neither a header field (\"Name: value\") nor a continuation line, before the "
            "blank line that ends the header");
      }
      headers.push_back({std::string(name), std::string(TrimWhitespace(line.substr(colon + 1)))});
    }
    pos = next;
  }
  return headers;
}

Result<ParsedMessage> ParseMessage(std::string_view text) {
  ParsedMessage out;
  size_t parts = 0;
  auto root = ParsePart(text, "", 0, &parts, &out.warnings);
  if (!root.ok()) return root.status();
  out.root = std::move(*root);
  return out;
}

std::string DecodeWords(std::string_view value) {
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    const size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out.append(value.substr(pos));
      break;
    }
    // =?charset?encoding?text?=
    const size_t q1 = value.find('?', start + 2);
    const size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    const size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos || q2 != q1 + 2) {
      out.append(value.substr(pos));
      break;
    }
    const std::string_view between = value.substr(pos, start - pos);
    if (!(last_was_word && TrimWhitespace(between).empty())) out.append(between);
    const std::string charset = AsciiLower(value.substr(start + 2, q1 - start - 2));
    const char encoding = static_cast<char>(value[q1 + 1] | 0x20);
    const std::string_view payload = value.substr(q2 + 1, end - q2 - 1);
    std::optional<std::string> decoded;
    if (encoding == 'b') {
      decoded = Base64Decode(payload);
    } else if (encoding == 'q') {
      std::string text(payload);
      std::replace(text.begin(), text.end(), '_', ' ');
      decoded = DecodeQuotedPrintable(text);
    }
    const bool latin1 = charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252";
    if (decoded && (charset == "utf-8" || charset == "us-ascii" || latin1)) {
      out.append(latin1 ? Latin1ToUtf8(*decoded) : *decoded);
      last_was_word = true;
    } else {
      out.append(value.substr(start, end + 2 - start));
      last_was_word = false;
    }
    pos = end + 2;
  }
  return out;
}

std::string FirstAddress(std::string_view value) {
  const size_t open = value.find('<');
  if (open != std::string_view::npos) {
    const size_t close = value.find('>', open);
    if (close != std::string_view::npos) {
      return std::string(TrimWhitespace(value.substr(open + 1, close - open - 1)));
    }
  }
  for (const std::string& token : Split(value, ' ', true)) {
    if (token.find('@') != std::string::npos) {
      std::string_view t = TrimWhitespace(token);
      while (!t.empty() && (t.back() == ',' || t.back() == ';')) t.remove_suffix(1);
      return std::string(t);
    }
  }
  return "";
}

std::string CheckCharset(std::string_view body, std::string_view charset) {
  const std::string name = AsciiLower(TrimWhitespace(charset));
  if (name == "utf-8" || name == "utf8") {
    const size_t bad = InvalidUtf8At(body);
    if (bad == std::string_view::npos) return "";
    return "declared charset " + name + " but the byte at offset " + std::to_string(bad) +
           " is not UTF-8; read as bytes";
  }
  if (name == "us-ascii" || name == "ascii") {
    for (size_t i = 0; i < body.size(); ++i) {
      if (static_cast<unsigned char>(body[i]) >= 0x80) {
        return "declared charset us-ascii but the byte at offset " + std::to_string(i) +
               " is 8-bit; read as bytes";
      }
    }
    return "";
  }
  static const char* const kKnown[] = {"iso-8859-", "windows-125", "cp125",       "koi8-",
                                       "gb2312",    "gbk",         "gb18030",     "big5",
                                       "shift_jis", "euc-jp",      "iso-2022-jp", "euc-kr",
                                       "ks_c_5601", "utf-16",      "latin1",      "tis-620"};
  for (const char* known : kKnown) {
    if (name.rfind(known, 0) == 0) return "";
  }
  return "unknown charset \"" + name + "\"; read as bytes";
}

std::vector<std::string> SplitMbox(std::string_view text) {
  std::vector<std::string> messages;
  std::string* current = nullptr;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = text.find('\n', pos);
    const size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view line = text.substr(pos, next - pos);
    if (line.rfind("From ", 0) == 0) {
      messages.emplace_back();
      current = &messages.back();
    } else if (current) {
      // mboxrd: ">From " (any number of '>') had one '>' added when the mailbox was written.
      size_t quotes = 0;
      while (quotes < line.size() && line[quotes] == '>') ++quotes;
      if (quotes > 0 && line.substr(quotes).rfind("From ", 0) == 0) {
        current->append(line.substr(1));
      } else {
        current->append(line);
      }
    }
    pos = next;
  }
  return messages;
}

}  // namespace concord::spam
