#pragma once
// Tokenizer for STIX patterns, following the token rules of the STIX 2.1 ANTLR grammar
// (STIXPattern.g4): case-sensitive keywords, identifiers with and without hyphens, the literal
// kinds (int, float, 'string' with \' and \\ escapes, b'base64', h'hex', t'timestamp', true/false),
// and /* */ and // comments. Columns are 1-based byte positions.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace concord::stix::pattern {

enum class Tok {
  kEnd,
  kIdentifier,
  kInt,
  kFloat,
  kString,
  kBool,
  kBinary,
  kHex,
  kTimestamp,
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kColon,
  kDot,
  kComma,
  kAsterisk,
  kEq,
  kNeq,
  kLt,
  kLe,
  kGt,
  kGe,
  // keywords
  kAnd,
  kOr,
  kNot,
  kFollowedBy,
  kLike,
  kMatches,
  kIsSuperset,
  kIsSubset,
  kExists,
  kLast,
  kIn,
  kStart,
  kStop,
  kSeconds,
  kWithin,
  kRepeats,
  kTimes,
};

struct Token {
  Tok kind;
  std::string text;  // identifiers and literals (strings decoded; quotes and prefixes removed)
  size_t column;     // 1-based
  bool has_hyphen = false;  // identifiers
};

// Describes a token kind for error messages ("']'", "a string literal").
std::string Describe(Tok kind);

// Splits `pattern` into tokens ending with kEnd. Errors carry the column of the offending
// character: "unterminated string literal at column 12".
Result<std::vector<Token>> Tokenize(std::string_view pattern);

}  // namespace concord::stix::pattern
