#pragma once
// JSON for Concord's hot paths: a strict RFC 8259 reader that builds a compact DOM pointing into
// the caller's buffer (no copies of strings or numbers), plus a small writer.
//
// Why not Boost.JSON here: import must report *where* input broke (byte offset), reject duplicate
// keys and invalid UTF-8, bound nesting depth, and keep every value's original text so that
// custom STIX properties are stored byte-exact. Boost.JSON re-serialises numbers (1.0 -> 1E0).
//
// A Document borrows the text it was parsed from: the text must outlive it. Documents are
// thread-compatible; parse one per thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace concord::json {

enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
const char* TypeName(Type t);

struct Limits {
  int max_depth = 100;
};

class Document;

// A read-only handle to one value of a Document. A default/absent Value is "missing": every
// accessor is safe on it and reports nothing (exists() == false).
class Value {
 public:
  Value() = default;
  Value(const Document* doc, uint32_t index) : doc_(doc), index_(index) {}

  bool exists() const { return doc_ != nullptr; }
  Type type() const;
  bool is_null() const { return exists() && type() == Type::kNull; }
  bool is_bool() const { return exists() && type() == Type::kBool; }
  bool is_number() const { return exists() && type() == Type::kNumber; }
  bool is_string() const { return exists() && type() == Type::kString; }
  bool is_array() const { return exists() && type() == Type::kArray; }
  bool is_object() const { return exists() && type() == Type::kObject; }

  // The value's exact source text (for strings: including the quotes).
  std::string_view raw() const;
  // Strings: the decoded value. Strings without escapes return a view into the source, so the
  // fast path allocates nothing; `scratch` holds the decoded text otherwise.
  std::string_view str(std::string* scratch) const;
  std::string str() const;
  bool str_equals(std::string_view s) const;  // decoded string == s
  bool as_bool() const;
  std::optional<int64_t> as_int() const;  // only integers that fit in int64
  std::optional<double> as_double() const;

  // Arrays and objects: number of elements / members.
  uint32_t size() const;
  // Objects: the member named `key` (decoded comparison), or a missing Value.
  Value operator[](std::string_view key) const;
  // Arrays: element i (0-based), or a missing Value.
  Value at(uint32_t i) const;

  struct Member;
  class Iterator;
  // Iterates the elements of an array or the members of an object (key is `Member::key`).
  Iterator begin() const;
  Iterator end() const;

  uint32_t index() const { return index_; }
  const Document* doc() const { return doc_; }

 private:
  const Document* doc_ = nullptr;
  uint32_t index_ = 0;
};

// One node of the DOM. Object members are stored as a key node (kString) whose `first` is the
// index of its value node; siblings are linked through `next` (0 = last).
struct Node {
  Type type;
  bool escaped = false;   // strings: contains backslash escapes
  uint32_t count = 0;     // arrays/objects: number of children
  uint32_t first = 0;     // arrays/objects: first child (or first key); keys: their value
  uint32_t next = 0;      // next sibling
  std::string_view text;  // source text; strings exclude quotes
};

class Document {
 public:
  // Parses one JSON value starting at `text[pos]` (leading whitespace skipped). On success the
  // document holds that value and `*end` is the offset just past it. On failure the Status
  // message names the problem and `*error_offset` its byte offset in `text`.
  Status Parse(std::string_view text, size_t pos, size_t* end, size_t* error_offset,
               const Limits& limits = {});
  // Parses `text` as exactly one JSON value (only whitespace may follow).
  Status ParseAll(std::string_view text, size_t* error_offset = nullptr, const Limits& limits = {});

  Value root() const { return nodes_.empty() ? Value() : Value(this, 0); }
  const Node& node(uint32_t i) const { return nodes_[i]; }

 private:
  friend class Parser;
  std::vector<Node> nodes_;
};

struct Value::Member {
  std::string_view key;  // raw (undecoded) key; STIX keys never need decoding
  Value value;
  Value key_value;  // the key as a string Value, for decoding (key_value.str())
};

class Value::Iterator {
 public:
  Iterator(const Document* doc, uint32_t index) : doc_(doc), index_(index) {}
  // For arrays: the element; for objects: `member()` gives key and value.
  Value operator*() const;
  Member member() const;
  Iterator& operator++();
  bool operator!=(const Iterator& o) const { return index_ != o.index_; }

 private:
  const Document* doc_;
  uint32_t index_;
};

// Line and column (1-based) of a byte offset, for messages about files.
struct TextPosition {
  size_t line, column;
};
TextPosition PositionOf(std::string_view text, size_t offset);

// Removes insignificant whitespace, leaving every token (strings, numbers, key order) byte-exact.
// `json` must be valid JSON.
void Minify(std::string_view json, std::string* out);

// JSON-semantic equality: objects compare as unordered maps, numbers by value, strings decoded.
bool Equal(Value a, Value b);

// Appends `s` as a quoted JSON string with the escapes RFC 8259 requires. Bytes that are not
// valid UTF-8 become U+FFFD, so the output is always valid JSON.
void AppendQuoted(std::string* out, std::string_view s);

// A minimal streaming writer for building responses and bundles; commas are managed for you.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  Writer& BeginObject();
  Writer& EndObject();
  Writer& BeginArray();
  Writer& EndArray();
  Writer& Key(std::string_view k);
  Writer& String(std::string_view s);
  Writer& Int(int64_t v);
  Writer& Double(double v);
  Writer& Bool(bool b);
  Writer& Null();
  Writer& Raw(std::string_view json);  // an already-serialised value

 private:
  void Separate();
  std::string* out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace concord::json
