#include "stix/pattern/lexer.h"

#include "common/time.h"

namespace concord::stix::pattern {
namespace {

bool IsIdentStart(char c) { return isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Keyword {
  const char* word;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"AND", Tok::kAnd},
    {"OR", Tok::kOr},
    {"NOT", Tok::kNot},
    {"FOLLOWEDBY", Tok::kFollowedBy},
    {"LIKE", Tok::kLike},
    {"MATCHES", Tok::kMatches},
    {"ISSUPERSET", Tok::kIsSuperset},
    {"ISSUBSET", Tok::kIsSubset},
    {"EXISTS", Tok::kExists},
    {"LAST", Tok::kLast},
    {"IN", Tok::kIn},
    {"START", Tok::kStart},
    {"STOP", Tok::kStop},
    {"SECONDS", Tok::kSeconds},
    {"WITHIN", Tok::kWithin},
    {"REPEATS", Tok::kRepeats},
    {"TIMES", Tok::kTimes},
};

Status ErrorAt(size_t column, const std::string& what) {
  return Status::InvalidArgument(what + " at column " + std::to_string(column));
}

bool IsBase64(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  size_t pad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '=') {
      ++pad;
      if (i < s.size() - 2) return false;
    } else if (pad > 0 || !(isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) {
      return false;
    }
  }
  return pad <= 2;
}

}  // namespace

std::string Describe(Tok kind) {
  switch (kind) {
    case Tok::kEnd:
      return "end of pattern";
    case Tok::kIdentifier:
      return "an identifier";
    case Tok::kInt:
      return "an integer";
    case Tok::kFloat:
      return "a float";
    case Tok::kString:
      return "a string literal";
    case Tok::kBool:
      return "a boolean";
    case Tok::kBinary:
      return "a binary literal";
    case Tok::kHex:
      return "a hex literal";
    case Tok::kTimestamp:
      return "a timestamp literal";
    case Tok::kLBracket:
      return "'['";
    case Tok::kRBracket:
      return "']'";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kColon:
      return "':'";
    case Tok::kDot:
      return "'.'";
    case Tok::kComma:
      return "','";
    case Tok::kAsterisk:
      return "'*'";
    case Tok::kEq:
      return "'='";
    case Tok::kNeq:
      return "'!='";
    case Tok::kLt:
      return "'<'";
    case Tok::kLe:
      return "'<='";
    case Tok::kGt:
      return "'>'";
    case Tok::kGe:
      return "'>='";
    default:
      break;
  }
  for (const Keyword& k : kKeywords) {
    if (k.kind == kind) return k.word;
  }
  return "?";
}

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  const size_t n = s.size();
  while (true) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
      size_t close = s.find("*/", i + 2);
      if (close == std::string_view::npos) return ErrorAt(i + 1, "unterminated comment");
      i = close + 2;
      continue;
    }
    if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
      while (i < n && s[i] != '\n') ++i;
      continue;
    }
    const size_t col = i + 1;
    if (i >= n) {
      out.push_back({Tok::kEnd, "", col});
      return out;
    }
    char c = s[i];
    // Quoted literals, with an optional one-letter prefix (b, h, t).
    auto quoted = [&](size_t open, std::string* text) -> Status {
      size_t j = open + 1;
      text->clear();
      while (j < n && s[j] != '\'') {
        if (s[j] == '\\') {
          if (j + 1 < n && (s[j + 1] == '\'' || s[j + 1] == '\\')) {
            text->push_back(s[j + 1]);
            j += 2;
            continue;
          }
          return ErrorAt(j + 1, "invalid escape in string literal (only \\' and \\\\ are allowed)");
        }
        text->push_back(s[j++]);
      }
      if (j >= n) return ErrorAt(open + 1, "unterminated string literal");
      i = j + 1;
      return Status::Ok();
    };
    if (c == '\'') {
      Token t{Tok::kString, "", col};
      CONCORD_RETURN_IF_ERROR(quoted(i, &t.text));
      out.push_back(std::move(t));
      continue;
    }
    if ((c == 'b' || c == 'h' || c == 't') && i + 1 < n && s[i + 1] == '\'') {
      Token t{c == 'b' ? Tok::kBinary : c == 'h' ? Tok::kHex : Tok::kTimestamp, "", col};
      size_t open = i + 1;
      CONCORD_RETURN_IF_ERROR(quoted(open, &t.text));
      if (t.kind == Tok::kHex) {
        bool ok = t.text.size() % 2 == 0;
        for (char h : t.text) ok = ok && isxdigit(static_cast<unsigned char>(h));
        if (!ok) return ErrorAt(col, "invalid hex literal (needs pairs of hex digits)");
      } else if (t.kind == Tok::kBinary) {
        if (!IsBase64(t.text)) return ErrorAt(col, "invalid binary literal (needs base64)");
      } else {
        auto ts = ParseTimestamp(t.text);
        if (!ts.ok()) return ErrorAt(col, "invalid timestamp literal: " + ts.status().message());
      }
      out.push_back(std::move(t));
      continue;
    }
    if (IsIdentStart(c)) {
      size_t j = i;
      bool hyphen = false;
      while (j < n && IsIdentChar(s[j])) hyphen |= s[j++] == '-';
      Token t{Tok::kIdentifier, std::string(s.substr(i, j - i)), col, hyphen};
      for (const Keyword& k : kKeywords) {
        if (t.text == k.word) t.kind = k.kind;
      }
      if (t.text == "true" || t.text == "false") t.kind = Tok::kBool;
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    // Numbers: [+-]? (0 | [1-9][0-9]*) or [+-]? [0-9]* '.' [0-9]+
    // After a property name or ']', '.' continues an object path ("hashes.md5"), so only a
    // '.' in value position starts a number (".5").
    const bool in_path =
        !out.empty() && (out.back().kind == Tok::kIdentifier || out.back().kind == Tok::kString ||
                         out.back().kind == Tok::kRBracket);
    const bool dot_number = c == '.' && !in_path && i + 1 < n && IsDigit(s[i + 1]);
    if (IsDigit(c) || dot_number ||
        ((c == '-' || c == '+') && i + 1 < n && (IsDigit(s[i + 1]) || s[i + 1] == '.'))) {
      size_t j = i;
      if (s[j] == '-' || s[j] == '+') ++j;
      size_t digits_start = j;
      while (j < n && IsDigit(s[j])) ++j;
      bool is_float = false;
      if (j < n && s[j] == '.') {
        ++j;
        if (j >= n || !IsDigit(s[j])) return ErrorAt(j + 1, "expected a digit after '.'");
        while (j < n && IsDigit(s[j])) ++j;
        is_float = true;
      } else if (j - digits_start > 1 && s[digits_start] == '0') {
        return ErrorAt(col, "integer with a leading zero");
      }
      if (j == digits_start) return ErrorAt(col, "expected a number");
      out.push_back({is_float ? Tok::kFloat : Tok::kInt, std::string(s.substr(i, j - i)), col});
      i = j;
      continue;
    }
    Tok kind;
    size_t len = 1;
    switch (c) {
      case '[':
        kind = Tok::kLBracket;
        break;
      case ']':
        kind = Tok::kRBracket;
        break;
      case '(':
        kind = Tok::kLParen;
        break;
      case ')':
        kind = Tok::kRParen;
        break;
      case ':':
        kind = Tok::kColon;
        break;
      case '.':
        kind = Tok::kDot;
        break;
      case ',':
        kind = Tok::kComma;
        break;
      case '*':
        kind = Tok::kAsterisk;
        break;
      case '=':
        kind = Tok::kEq;
        if (i + 1 < n && s[i + 1] == '=') len = 2;  // the grammar accepts '==' too
        break;
      case '!':
        if (i + 1 < n && s[i + 1] == '=') {
          kind = Tok::kNeq;
          len = 2;
          break;
        }
        return ErrorAt(col, "unexpected '!'");
      case '<':
        kind = Tok::kLt;
        if (i + 1 < n && s[i + 1] == '=')
          kind = Tok::kLe, len = 2;
        else if (i + 1 < n && s[i + 1] == '>')
          kind = Tok::kNeq, len = 2;
        break;
      case '>':
        kind = Tok::kGt;
        if (i + 1 < n && s[i + 1] == '=') kind = Tok::kGe, len = 2;
        break;
      default: {
        std::string shown =
            (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f)
                ? std::string("'") + c + "'"
                : "byte " + std::to_string(static_cast<unsigned char>(c));
        return ErrorAt(col, "unexpected character " + shown);
      }
    }
    out.push_back({kind, std::string(s.substr(i, len)), col});
    i += len;
  }
}

}  // namespace concord::stix::pattern
