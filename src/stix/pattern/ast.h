#pragma once
// The STIX 2.1 patterning AST (STIX 2.1 §9). Produced by Parse() in parser.h; ToString() prints
// it back in canonical form (single spaces, minimal parentheses) so that
// Parse(ToString(Parse(p))) == Parse(p). Plain value types, thread-compatible.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace concord::stix::pattern {

enum class LiteralKind { kInt, kFloat, kString, kBool, kBinary, kHex, kTimestamp };

struct Literal {
  LiteralKind kind;
  // kString: the decoded value. kInt/kFloat: the source digits (sign included). kBool: "true" or
  // "false". kBinary/kHex/kTimestamp: the content between the quotes.
  std::string text;
  bool operator==(const Literal&) const = default;
};

struct PathStep {
  enum class Kind { kProperty, kIndex, kAnyIndex };
  Kind kind;
  std::string name;   // kProperty
  int64_t index = 0;  // kIndex
  bool operator==(const PathStep&) const = default;
};

struct ObjectPath {
  std::string object_type;      // e.g. "file"
  std::vector<PathStep> steps;  // steps[0] is the first property (e.g. "hashes")
  bool operator==(const ObjectPath&) const = default;
};

enum class CompareOp {
  kEqual,
  kNotEqual,
  kGreater,
  kLess,
  kGreaterEqual,
  kLessEqual,
  kIn,
  kLike,
  kMatches,
  kIsSubset,
  kIsSuperset,
  kExists
};
const char* CompareOpText(CompareOp op);

struct Comparison {
  ObjectPath path;
  CompareOp op;
  bool negated = false;         // "NOT" before the operator
  std::vector<Literal> values;  // one value; IN: the set; EXISTS: none
  bool operator==(const Comparison&) const = default;
};

// A boolean tree of comparisons inside one observation ("[...]").
struct ComparisonExpr {
  enum class Kind { kComparison, kAnd, kOr };
  Kind kind;
  Comparison comparison;                        // kComparison
  std::unique_ptr<ComparisonExpr> left, right;  // kAnd / kOr
};

struct Qualifier {
  enum class Kind { kWithin, kRepeats, kStartStop };
  Kind kind;
  std::string number;       // kWithin: seconds as written; kRepeats: count
  std::string start, stop;  // kStartStop: timestamps (without t'')
  bool operator==(const Qualifier&) const = default;
};

struct ObservationExpr {
  enum class Kind { kObservation, kAnd, kOr, kFollowedBy, kQualified };
  Kind kind;
  std::unique_ptr<ComparisonExpr> comparison;    // kObservation
  std::unique_ptr<ObservationExpr> left, right;  // binary kinds; kQualified: left is the operand
  Qualifier qualifier;                           // kQualified
};

struct Pattern {
  std::unique_ptr<ObservationExpr> root;
};

bool Equal(const ComparisonExpr& a, const ComparisonExpr& b);
bool Equal(const ObservationExpr& a, const ObservationExpr& b);

std::string ToString(const Literal& l);
std::string ToString(const ObjectPath& p);
std::string ToString(const ComparisonExpr& e);
std::string ToString(const ObservationExpr& e);
inline std::string ToString(const Pattern& p) { return ToString(*p.root); }

}  // namespace concord::stix::pattern
