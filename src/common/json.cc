#include "common/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace concord::json {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "?";
}

// Recursive-descent parser. Recursion depth is bounded by Limits::max_depth, so hostile nesting
// cannot exhaust the stack.
class Parser {
 public:
  Parser(std::string_view text, const Limits& limits, std::vector<Node>* nodes)
      : s_(text), limits_(limits), nodes_(nodes) {}

  Status ParseValue(size_t* pos, int depth);
  size_t error_offset() const { return error_offset_; }

 private:
  Status Fail(size_t at, std::string msg) {
    error_offset_ = at;
    return Status::InvalidArgument(std::move(msg));
  }
  void SkipWs(size_t* pos) const {
    size_t p = *pos;
    while (p < s_.size()) {
      char c = s_[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++p;
    }
    *pos = p;
  }
  Status ParseString(size_t* pos, bool* escaped, std::string_view* out);
  Status ParseNumber(size_t* pos);
  Status ParseLiteral(size_t* pos, std::string_view word, Type type);
  Status CheckDuplicateKeys(uint32_t object_index);
  uint32_t Add(Type type, std::string_view text) {
    nodes_->push_back(Node{type, false, 0, 0, 0, text});
    return static_cast<uint32_t>(nodes_->size() - 1);
  }

  std::string_view s_;
  const Limits& limits_;
  std::vector<Node>* nodes_;
  size_t error_offset_ = 0;
};

namespace {

std::string Describe(std::string_view s, size_t pos) {
  if (pos >= s.size()) return "end of input";
  unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
  return buf;
}

// Length of a valid UTF-8 sequence at p (1-4), or 0 if invalid (overlongs, surrogates, >U+10FFFF).
size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  auto cont = [&](int i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[1] > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | cp >> 6));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | cp >> 12));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | cp >> 18));
    out->push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the body of a validated JSON string (between the quotes).
void Unescape(std::string_view raw, std::string* out) {
  out->clear();
  out->reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        auto read4 = [&](size_t at) {
          uint32_t v = 0;
          for (size_t k = 0; k < 4; ++k) v = v << 4 | Hex(raw[at + k]);
          return v;
        };
        uint32_t cp = read4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // validated: a low surrogate follows
          uint32_t lo = read4(i + 3);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        AppendUtf8(out, cp);
        break;
      }
      default:
        out->push_back(e);  // '"', '\\', '/'
    }
  }
}

}  // namespace

Status Parser::ParseString(size_t* pos, bool* escaped, std::string_view* out) {
  size_t start = *pos + 1;  // s_[*pos] == '"'
  size_t p = start;
  const unsigned char* base = reinterpret_cast<const unsigned char*>(s_.data());
  const size_t n = s_.size();
  bool esc = false;
  while (true) {
    // Fast path: plain ASCII runs.
    while (p < n) {
      unsigned char c = base[p];
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p;
    }
    if (p >= n) return Fail(*pos, "unterminated string");
    unsigned char c = base[p];
    if (c == '"') break;
    if (c < 0x20) return Fail(p, "control character in string (must be escaped)");
    if (c >= 0x80) {
      size_t len = Utf8Length(base + p, base + n);
      if (len == 0) return Fail(p, "invalid UTF-8 in string");
      p += len;
      continue;
    }
    // Backslash escape.
    esc = true;
    if (p + 1 >= n) return Fail(*pos, "unterminated string");
    char e = s_[p + 1];
    if (e == 'u') {
      auto hex4 = [&](size_t at, uint32_t* v) {
        if (at + 4 > n) return false;
        *v = 0;
        for (size_t k = 0; k < 4; ++k) {
          int h = Hex(s_[at + k]);
          if (h < 0) return false;
          *v = *v << 4 | h;
        }
        return true;
      };
      uint32_t cp;
      if (!hex4(p + 2, &cp)) return Fail(p, "invalid \\u escape (needs 4 hex digits)");
      p += 6;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail(p - 6, "unpaired UTF-16 low surrogate");
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (p + 1 >= n || s_[p] != '\\' || s_[p + 1] != 'u' || !hex4(p + 2, &lo) || lo < 0xDC00 ||
            lo > 0xDFFF) {
          return Fail(p - 6, "unpaired UTF-16 high surrogate");
        }
        p += 6;
      }
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
               e == 't') {
      p += 2;
    } else {
      return Fail(p, "invalid escape '\\" + std::string(1, e) + "'");
    }
  }
  *escaped = esc;
  *out = s_.substr(start, p - start);
  *pos = p + 1;
  return Status::Ok();
}

Status Parser::ParseNumber(size_t* pos) {
  size_t p = *pos;
  const size_t n = s_.size();
  auto digit = [&](size_t i) { return i < n && s_[i] >= '0' && s_[i] <= '9'; };
  if (p < n && s_[p] == '-') ++p;
  if (!digit(p)) return Fail(p, "expected a digit");
  if (s_[p] == '0') {
    ++p;
    if (digit(p)) return Fail(p, "leading zeros are not allowed in numbers");
  } else {
    while (digit(p)) ++p;
  }
  if (p < n && s_[p] == '.') {
    ++p;
    if (!digit(p)) return Fail(p, "expected a digit after '.'");
    while (digit(p)) ++p;
  }
  if (p < n && (s_[p] == 'e' || s_[p] == 'E')) {
    ++p;
    if (p < n && (s_[p] == '+' || s_[p] == '-')) ++p;
    if (!digit(p)) return Fail(p, "expected a digit in exponent");
    while (digit(p)) ++p;
  }
  Add(Type::kNumber, s_.substr(*pos, p - *pos));
  *pos = p;
  return Status::Ok();
}

Status Parser::ParseLiteral(size_t* pos, std::string_view word, Type type) {
  if (s_.substr(*pos, word.size()) != word) {
    return Fail(*pos, "unexpected " + Describe(s_, *pos));
  }
  Add(type, s_.substr(*pos, word.size()));
  *pos += word.size();
  return Status::Ok();
}

Status Parser::CheckDuplicateKeys(uint32_t object_index) {
  const Node& obj = (*nodes_)[object_index];
  if (obj.count < 2) return Status::Ok();
  // Keys are compared decoded; the allocation-free path covers keys without escapes, which is
  // every key of real STIX content.
  thread_local std::vector<std::pair<std::string_view, uint32_t>> keys;
  thread_local std::vector<std::string> decoded;
  keys.clear();
  decoded.clear();
  decoded.reserve(obj.count);  // views into `decoded` must stay valid while we collect
  for (uint32_t k = obj.first; k != 0; k = (*nodes_)[k].next) {
    const Node& key = (*nodes_)[k];
    if (key.escaped) {
      decoded.emplace_back();
      Unescape(key.text, &decoded.back());
      keys.emplace_back(decoded.back(), k);
    } else {
      keys.emplace_back(key.text, k);
    }
  }
  const std::pair<std::string_view, uint32_t>* dup = nullptr;
  if (keys.size() <= 12) {
    for (size_t i = 1; i < keys.size() && !dup; ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (keys[i].first == keys[j].first) {
          dup = &keys[i];
          break;
        }
      }
    }
  } else {
    std::sort(keys.begin(), keys.end());
    for (size_t i = 1; i < keys.size() && !dup; ++i) {
      if (keys[i].first == keys[i - 1].first) {
        dup = keys[i].second > keys[i - 1].second ? &keys[i] : &keys[i - 1];
      }
    }
  }
  if (dup == nullptr) return Status::Ok();
  const Node& key = (*nodes_)[dup->second];
  return Fail(static_cast<size_t>(key.text.data() - s_.data()) - 1,
              "duplicate key \"" + std::string(dup->first.substr(0, 64)) + "\" in object");
}

Status Parser::ParseValue(size_t* pos, int depth) {
  SkipWs(pos);
  size_t p = *pos;
  if (p >= s_.size()) return Fail(p, "unexpected end of input, expected a value");
  char c = s_[p];
  switch (c) {
    case '{': {
      if (depth >= limits_.max_depth) {
        return Fail(p, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
      }
      uint32_t obj = Add(Type::kObject, {});
      ++p;
      SkipWs(&p);
      uint32_t last_key = 0, count = 0;
      if (p < s_.size() && s_[p] == '}') {
        ++p;
      } else {
        while (true) {
          SkipWs(&p);
          if (p >= s_.size() || s_[p] != '"') {
            return Fail(p, "expected a string key in object, found " + Describe(s_, p));
          }
          bool escaped;
          std::string_view key_text;
          CONCORD_RETURN_IF_ERROR(ParseString(&p, &escaped, &key_text));
          uint32_t key = Add(Type::kString, key_text);
          (*nodes_)[key].escaped = escaped;
          if (last_key == 0) {
            (*nodes_)[obj].first = key;
          } else {
            (*nodes_)[last_key].next = key;
          }
          last_key = key;
          ++count;
          SkipWs(&p);
          if (p >= s_.size() || s_[p] != ':') {
            return Fail(p, "expected ':' after object key, found " + Describe(s_, p));
          }
          ++p;
          uint32_t value_index = static_cast<uint32_t>(nodes_->size());
          CONCORD_RETURN_IF_ERROR(ParseValue(&p, depth + 1));
          (*nodes_)[key].first = value_index;
          SkipWs(&p);
          if (p < s_.size() && s_[p] == ',') {
            ++p;
            continue;
          }
          if (p < s_.size() && s_[p] == '}') {
            ++p;
            break;
          }
          return Fail(p, "expected ',' or '}' in object, found " + Describe(s_, p));
        }
      }
      Node& o = (*nodes_)[obj];
      o.count = count;
      o.text = s_.substr(*pos, p - *pos);
      CONCORD_RETURN_IF_ERROR(CheckDuplicateKeys(obj));
      *pos = p;
      return Status::Ok();
    }
    case '[': {
      if (depth >= limits_.max_depth) {
        return Fail(p, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
      }
      uint32_t arr = Add(Type::kArray, {});
      ++p;
      SkipWs(&p);
      uint32_t last = 0, count = 0;
      if (p < s_.size() && s_[p] == ']') {
        ++p;
      } else {
        while (true) {
          uint32_t elem = static_cast<uint32_t>(nodes_->size());
          CONCORD_RETURN_IF_ERROR(ParseValue(&p, depth + 1));
          if (last == 0) {
            (*nodes_)[arr].first = elem;
          } else {
            (*nodes_)[last].next = elem;
          }
          last = elem;
          ++count;
          SkipWs(&p);
          if (p < s_.size() && s_[p] == ',') {
            ++p;
            continue;
          }
          if (p < s_.size() && s_[p] == ']') {
            ++p;
            break;
          }
          return Fail(p, "expected ',' or ']' in array, found " + Describe(s_, p));
        }
      }
      Node& a = (*nodes_)[arr];
      a.count = count;
      a.text = s_.substr(*pos, p - *pos);
      *pos = p;
      return Status::Ok();
    }
    case '"': {
      bool escaped;
      std::string_view text;
      CONCORD_RETURN_IF_ERROR(ParseString(&p, &escaped, &text));
      uint32_t n = Add(Type::kString, text);
      (*nodes_)[n].escaped = escaped;
      *pos = p;
      return Status::Ok();
    }
    case 't':
      return ParseLiteral(pos, "true", Type::kBool);
    case 'f':
      return ParseLiteral(pos, "false", Type::kBool);
    case 'n':
      return ParseLiteral(pos, "null", Type::kNull);
    default:
      if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(pos);
      return Fail(p, "unexpected " + Describe(s_, p) + ", expected a value");
  }
}

Status Document::Parse(std::string_view text, size_t pos, size_t* end, size_t* error_offset,
                       const Limits& limits) {
  nodes_.clear();
  Parser parser(text, limits, &nodes_);
  Status st = parser.ParseValue(&pos, 0);
  if (!st.ok()) {
    nodes_.clear();
    if (error_offset) *error_offset = parser.error_offset();
    return st;
  }
  if (end) *end = pos;
  return st;
}

Status Document::ParseAll(std::string_view text, size_t* error_offset, const Limits& limits) {
  size_t end = 0, err = 0;
  Status st = Parse(text, 0, &end, &err, limits);
  if (st.ok()) {
    while (end < text.size() &&
           (text[end] == ' ' || text[end] == '\n' || text[end] == '\r' || text[end] == '\t')) {
      ++end;
    }
    if (end != text.size()) {
      nodes_.clear();
      err = end;
      st = Status::InvalidArgument("unexpected " + Describe(text, end) + " after the JSON value");
    }
  }
  if (!st.ok() && error_offset) *error_offset = err;
  return st;
}

// A missing value reports kNull so that accessors never dereference a null document.
Type Value::type() const { return doc_ ? doc_->node(index_).type : Type::kNull; }

std::string_view Value::raw() const {
  if (!exists()) return {};
  const Node& n = doc_->node(index_);
  if (n.type == Type::kString) return {n.text.data() - 1, n.text.size() + 2};
  return n.text;
}

std::string_view Value::str(std::string* scratch) const {
  if (!is_string()) return {};
  const Node& n = doc_->node(index_);
  if (!n.escaped) return n.text;
  Unescape(n.text, scratch);
  return *scratch;
}

std::string Value::str() const {
  std::string scratch;
  return std::string(str(&scratch));
}

bool Value::str_equals(std::string_view s) const {
  if (!is_string()) return false;
  const Node& n = doc_->node(index_);
  if (!n.escaped) return n.text == s;
  std::string scratch;
  return str(&scratch) == s;
}

bool Value::as_bool() const { return is_bool() && doc_->node(index_).text[0] == 't'; }

std::optional<int64_t> Value::as_int() const {
  if (!is_number()) return std::nullopt;
  std::string_view t = doc_->node(index_).text;
  int64_t v;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

std::optional<double> Value::as_double() const {
  if (!is_number()) return std::nullopt;
  std::string_view t = doc_->node(index_).text;
  double v;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() && ec != std::errc::result_out_of_range) return std::nullopt;
  return v;
}

uint32_t Value::size() const {
  if (!is_array() && !is_object()) return 0;
  return doc_->node(index_).count;
}

Value Value::operator[](std::string_view key) const {
  if (!is_object()) return {};
  for (uint32_t k = doc_->node(index_).first; k != 0; k = doc_->node(k).next) {
    const Node& kn = doc_->node(k);
    if (kn.escaped ? Value(doc_, k).str_equals(key) : kn.text == key) return Value(doc_, kn.first);
  }
  return {};
}

Value Value::at(uint32_t i) const {
  if (!is_array()) return {};
  uint32_t e = doc_->node(index_).first;
  for (uint32_t j = 0; e != 0 && j < i; ++j) e = doc_->node(e).next;
  if (e == 0 || i >= size()) return {};
  return Value(doc_, e);
}

Value::Iterator Value::begin() const {
  if (size() == 0) return end();
  return Iterator(doc_, doc_->node(index_).first);
}
Value::Iterator Value::end() const { return Iterator(doc_, 0); }

Value Value::Iterator::operator*() const { return Value(doc_, index_); }
Value::Member Value::Iterator::member() const {
  const Node& k = doc_->node(index_);
  return Member{k.text, Value(doc_, k.first), Value(doc_, index_)};
}
Value::Iterator& Value::Iterator::operator++() {
  index_ = doc_->node(index_).next;
  return *this;
}

TextPosition PositionOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

void Minify(std::string_view json, std::string* out) {
  out->reserve(out->size() + json.size());
  const char* p = json.data();
  const char* const end = p + json.size();
  auto is_ws = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (p < end) {
    if (*p == '"') {
      // Jump from quote to quote; a quote preceded by an odd run of backslashes is escaped.
      const char* q = p + 1;
      while (true) {
        q = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (q == nullptr) {  // cannot happen for valid JSON; copy the rest unchanged
          out->append(p, end - p);
          return;
        }
        const char* b = q;
        while (b > p + 1 && b[-1] == '\\') --b;
        if (((q - b) & 1) == 0) break;
        ++q;
      }
      out->append(p, q + 1 - p);
      p = q + 1;
    } else if (is_ws(*p)) {
      ++p;
    } else {
      const char* q = p + 1;
      while (q < end && *q != '"' && !is_ws(*q)) ++q;
      out->append(p, q - p);
      p = q;
    }
  }
}

bool Equal(Value a, Value b) {
  if (a.exists() != b.exists()) return false;
  if (!a.exists()) return true;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Type::kNull:
      return true;
    case Type::kBool:
      return a.as_bool() == b.as_bool();
    case Type::kNumber:
      return a.raw() == b.raw() || a.as_double() == b.as_double();
    case Type::kString: {
      std::string sa, sb;
      return a.str(&sa) == b.str(&sb);
    }
    case Type::kArray: {
      if (a.size() != b.size()) return false;
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        if (!Equal(*ia, *ib)) return false;
      }
      return true;
    }
    case Type::kObject: {
      if (a.size() != b.size()) return false;
      for (auto it = a.begin(); it != a.end(); ++it) {
        Value::Member m = it.member();
        if (!Equal(m.value, b[m.key_value.str()])) return false;
      }
      return true;
    }
  }
  return false;
}

void AppendQuoted(std::string* out, std::string_view s) {
  out->push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c >= 0x80) {
      // Text from logs and other outside sources may not be UTF-8; the output must be.
      const size_t len = Utf8Length(p, end);
      if (len == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
        ++p;
      } else {
        out->append(reinterpret_cast<const char*>(p), len);
        p += len;
      }
      continue;
    }
    ++p;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void Writer::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_->push_back(',');
    first_.back() = false;
  }
}

Writer& Writer::BeginObject() {
  Separate();
  out_->push_back('{');
  first_.push_back(true);
  return *this;
}
Writer& Writer::EndObject() {
  out_->push_back('}');
  first_.pop_back();
  return *this;
}
Writer& Writer::BeginArray() {
  Separate();
  out_->push_back('[');
  first_.push_back(true);
  return *this;
}
Writer& Writer::EndArray() {
  out_->push_back(']');
  first_.pop_back();
  return *this;
}
Writer& Writer::Key(std::string_view k) {
  Separate();
  AppendQuoted(out_, k);
  out_->push_back(':');
  after_key_ = true;
  return *this;
}
Writer& Writer::String(std::string_view s) {
  Separate();
  AppendQuoted(out_, s);
  return *this;
}
Writer& Writer::Int(int64_t v) {
  Separate();
  out_->append(std::to_string(v));
  return *this;
}
Writer& Writer::Double(double v) {
  Separate();
  if (!std::isfinite(v)) {
    out_->append("null");
    return *this;
  }
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, ptr - buf);
  return *this;
}
Writer& Writer::Bool(bool b) {
  Separate();
  out_->append(b ? "true" : "false");
  return *this;
}
Writer& Writer::Null() {
  Separate();
  out_->append("null");
  return *this;
}
Writer& Writer::Raw(std::string_view json) {
  Separate();
  out_->append(json);
  return *this;
}

}  // namespace concord::json
