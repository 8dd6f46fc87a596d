#include "stix/bundle_reader.h"

namespace concord::stix {
namespace {

class Reader {
 public:
  Reader(std::string_view text, const std::function<Status(const RawObject&)>& fn,
         const ReadOptions& options)
      : s_(text), fn_(fn), options_(options) {}

  Status Run() {
    size_t pos = 0;
    bool any = false;
    while (true) {
      SkipWs(&pos);
      if (pos >= s_.size()) break;
      any = true;
      char c = s_[pos];
      if (c == '[') {
        CONCORD_RETURN_IF_ERROR(StreamArray(&pos, "top-level array"));
      } else if (c == '{') {
        CONCORD_RETURN_IF_ERROR(TopLevelObject(&pos));
      } else {
        return SyntaxError(pos, "expected a STIX bundle, an object or an array of objects");
      }
    }
    if (!any) return Status::InvalidArgument("input is empty (no JSON found)");
    return Status::Ok();
  }

 private:
  void SkipWs(size_t* pos) const {
    while (*pos < s_.size() &&
           (s_[*pos] == ' ' || s_[*pos] == '\n' || s_[*pos] == '\r' || s_[*pos] == '\t')) {
      ++*pos;
    }
  }

  Status SyntaxError(size_t offset, const std::string& why) const {
    json::TextPosition p = json::PositionOf(s_, offset);
    return Status::InvalidArgument("line " + std::to_string(p.line) + ", column " +
                                   std::to_string(p.column) + ": " + why);
  }

  // Parses one value at *pos into doc_, advancing *pos.
  Status ParseValue(size_t* pos) {
    size_t end = 0, err = 0;
    Status st = doc_.Parse(s_, *pos, &end, &err, options_.limits);
    if (!st.ok()) return SyntaxError(err, st.message());
    *pos = end;
    return Status::Ok();
  }

  Status Emit(size_t offset, json::Value v) { return fn_(RawObject{++count_, offset, v}); }

  // '[' value (',' value)* ']' — every element is delivered as an object.
  Status StreamArray(size_t* pos, const char* what) {
    ++*pos;  // '['
    SkipWs(pos);
    if (*pos < s_.size() && s_[*pos] == ']') {
      ++*pos;
      return Status::Ok();
    }
    while (true) {
      SkipWs(pos);
      size_t start = *pos;
      CONCORD_RETURN_IF_ERROR(ParseValue(pos));
      CONCORD_RETURN_IF_ERROR(Emit(start, doc_.root()));
      SkipWs(pos);
      if (*pos < s_.size() && s_[*pos] == ',') {
        ++*pos;
        continue;
      }
      if (*pos < s_.size() && s_[*pos] == ']') {
        ++*pos;
        return Status::Ok();
      }
      return SyntaxError(*pos, std::string("expected ',' or ']' in ") + what +
                                   (*pos >= s_.size() ? " (input is truncated)" : ""));
    }
  }

  // A top-level object is either a bundle (streamed) or one STIX object.
  Status TopLevelObject(size_t* pos) {
    const size_t start = *pos;
    // Fast path: an object whose first member is "type" and that is not a bundle (JSON lines).
    size_t p = start + 1;
    SkipWs(&p);
    if (s_.compare(p, 6, "\"type\"") == 0) {
      size_t q = p + 6;
      SkipWs(&q);
      if (q < s_.size() && s_[q] == ':') {
        ++q;
        SkipWs(&q);
        if (s_.compare(q, 8, "\"bundle\"") != 0) {
          CONCORD_RETURN_IF_ERROR(ParseValue(pos));
          return Emit(start, doc_.root());
        }
      }
    }
    return StreamBundle(pos);
  }

  // Walks the members of a top-level object; "objects" is streamed element by element.
  Status StreamBundle(size_t* pos) {
    const size_t start = *pos;
    ++*pos;  // '{'
    bool saw_objects = false;
    std::string type;
    SkipWs(pos);
    if (*pos < s_.size() && s_[*pos] == '}') {
      ++*pos;
      return SyntaxError(start, "empty object: not a STIX bundle or object");
    }
    while (true) {
      SkipWs(pos);
      size_t key_at = *pos;
      if (*pos >= s_.size() || s_[*pos] != '"') {
        return SyntaxError(*pos, *pos >= s_.size() ? "input is truncated inside the bundle"
                                                   : "expected a string key in object");
      }
      CONCORD_RETURN_IF_ERROR(ParseValue(pos));
      std::string key = doc_.root().str();
      SkipWs(pos);
      if (*pos >= s_.size() || s_[*pos] != ':') return SyntaxError(*pos, "expected ':' after key");
      ++*pos;
      SkipWs(pos);
      if (key == "objects" && *pos < s_.size() && s_[*pos] == '[' &&
          (type.empty() || type == "bundle")) {
        if (saw_objects) return SyntaxError(key_at, "duplicate key \"objects\" in bundle");
        saw_objects = true;
        CONCORD_RETURN_IF_ERROR(StreamArray(pos, "the bundle's objects"));
      } else {
        size_t value_at = *pos;
        if (key == "objects" && (type.empty() || type == "bundle") && *pos < s_.size() &&
            s_[*pos] != '[') {
          return SyntaxError(value_at, "the bundle's \"objects\" must be a list");
        }
        CONCORD_RETURN_IF_ERROR(ParseValue(pos));
        if (key == "type") {
          if (!type.empty()) return SyntaxError(key_at, "duplicate key \"type\" in object");
          type = doc_.root().is_string() ? doc_.root().str() : "?";
          if (type != "bundle") {
            if (saw_objects) {
              return SyntaxError(value_at, "an object with an \"objects\" list must be a bundle");
            }
            // Not a bundle after all: it is one STIX object. Parse it whole.
            *pos = start;
            CONCORD_RETURN_IF_ERROR(ParseValue(pos));
            return Emit(start, doc_.root());
          }
        }
      }
      SkipWs(pos);
      if (*pos < s_.size() && s_[*pos] == ',') {
        ++*pos;
        continue;
      }
      if (*pos < s_.size() && s_[*pos] == '}') {
        ++*pos;
        break;
      }
      return SyntaxError(*pos, *pos >= s_.size() ? "input is truncated inside the bundle"
                                                 : "expected ',' or '}' in bundle");
    }
    if (type.empty()) {
      return SyntaxError(start, "top-level object has no \"type\": not a STIX bundle or object");
    }
    return Status::Ok();
  }

  std::string_view s_;
  const std::function<Status(const RawObject&)>& fn_;
  const ReadOptions& options_;
  json::Document doc_;
  size_t count_ = 0;
};

}  // namespace

Status ReadObjects(std::string_view text, const std::function<Status(const RawObject&)>& fn,
                   const ReadOptions& options) {
  return Reader(text, fn, options).Run();
}

}  // namespace concord::stix
