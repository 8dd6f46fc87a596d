#include "stix/pattern/ast.h"

namespace concord::stix::pattern {
namespace {

bool IsBareIdentifier(const std::string& s) {
  if (s.empty() || !(isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  // Keywords must be quoted to be read back as property names.
  static const char* kWords[] = {"AND",     "OR",         "NOT",      "FOLLOWEDBY", "LIKE",
                                 "MATCHES", "ISSUPERSET", "ISSUBSET", "EXISTS",     "LAST",
                                 "IN",      "START",      "STOP",     "SECONDS",    "WITHIN",
                                 "REPEATS", "TIMES",      "true",     "false"};
  for (const char* w : kWords) {
    if (s == w) return false;
  }
  return true;
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

int Precedence(const ComparisonExpr& e) {
  switch (e.kind) {
    case ComparisonExpr::Kind::kOr:
      return 1;
    case ComparisonExpr::Kind::kAnd:
      return 2;
    case ComparisonExpr::Kind::kComparison:
      return 3;
  }
  return 3;
}

int Precedence(const ObservationExpr& e) {
  switch (e.kind) {
    case ObservationExpr::Kind::kFollowedBy:
      return 1;
    case ObservationExpr::Kind::kOr:
      return 2;
    case ObservationExpr::Kind::kAnd:
      return 3;
    default:
      return 4;
  }
}

// Binary operators are left-associative in the grammar: a right operand of equal precedence
// needs parentheses to keep its shape.
template <typename Node>
std::string Operand(const Node& child, int min_precedence) {
  std::string s = ToString(child);
  return Precedence(child) < min_precedence ? "(" + s + ")" : s;
}

}  // namespace

const char* CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEqual:
      return "=";
    case CompareOp::kNotEqual:
      return "!=";
    case CompareOp::kGreater:
      return ">";
    case CompareOp::kLess:
      return "<";
    case CompareOp::kGreaterEqual:
      return ">=";
    case CompareOp::kLessEqual:
      return "<=";
    case CompareOp::kIn:
      return "IN";
    case CompareOp::kLike:
      return "LIKE";
    case CompareOp::kMatches:
      return "MATCHES";
    case CompareOp::kIsSubset:
      return "ISSUBSET";
    case CompareOp::kIsSuperset:
      return "ISSUPERSET";
    case CompareOp::kExists:
      return "EXISTS";
  }
  return "?";
}

std::string ToString(const Literal& l) {
  switch (l.kind) {
    case LiteralKind::kString:
      return QuoteString(l.text);
    case LiteralKind::kBinary:
      return "b'" + l.text + "'";
    case LiteralKind::kHex:
      return "h'" + l.text + "'";
    case LiteralKind::kTimestamp:
      return "t'" + l.text + "'";
    default:
      return l.text;
  }
}

std::string ToString(const ObjectPath& p) {
  std::string s = p.object_type + ":";
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const PathStep& step = p.steps[i];
    switch (step.kind) {
      case PathStep::Kind::kProperty:
        if (i > 0) s += ".";
        s += IsBareIdentifier(step.name) ? step.name : QuoteString(step.name);
        break;
      case PathStep::Kind::kIndex:
        s += "[" + std::to_string(step.index) + "]";
        break;
      case PathStep::Kind::kAnyIndex:
        s += "[*]";
        break;
    }
  }
  return s;
}

std::string ToString(const ComparisonExpr& e) {
  switch (e.kind) {
    case ComparisonExpr::Kind::kAnd:
      return Operand(*e.left, 2) + " AND " + Operand(*e.right, 3);
    case ComparisonExpr::Kind::kOr:
      return Operand(*e.left, 1) + " OR " + Operand(*e.right, 2);
    case ComparisonExpr::Kind::kComparison:
      break;
  }
  const Comparison& c = e.comparison;
  if (c.op == CompareOp::kExists) return "EXISTS " + ToString(c.path);
  std::string s = ToString(c.path) + (c.negated ? " NOT " : " ") + CompareOpText(c.op) + " ";
  if (c.op == CompareOp::kIn) {
    s += "(";
    for (size_t i = 0; i < c.values.size(); ++i) {
      if (i) s += ", ";
      s += ToString(c.values[i]);
    }
    return s + ")";
  }
  return s + ToString(c.values.at(0));
}

std::string ToString(const ObservationExpr& e) {
  switch (e.kind) {
    case ObservationExpr::Kind::kObservation:
      return "[" + ToString(*e.comparison) + "]";
    case ObservationExpr::Kind::kFollowedBy:
      return Operand(*e.left, 1) + " FOLLOWEDBY " + Operand(*e.right, 2);
    case ObservationExpr::Kind::kOr:
      return Operand(*e.left, 2) + " OR " + Operand(*e.right, 3);
    case ObservationExpr::Kind::kAnd:
      return Operand(*e.left, 3) + " AND " + Operand(*e.right, 4);
    case ObservationExpr::Kind::kQualified: {
      std::string s = Operand(*e.left, 4);
      const Qualifier& q = e.qualifier;
      switch (q.kind) {
        case Qualifier::Kind::kWithin:
          return s + " WITHIN " + q.number + " SECONDS";
        case Qualifier::Kind::kRepeats:
          return s + " REPEATS " + q.number + " TIMES";
        case Qualifier::Kind::kStartStop:
          return s + " START t'" + q.start + "' STOP t'" + q.stop + "'";
      }
    }
  }
  return "";
}

bool Equal(const ComparisonExpr& a, const ComparisonExpr& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == ComparisonExpr::Kind::kComparison) return a.comparison == b.comparison;
  return Equal(*a.left, *b.left) && Equal(*a.right, *b.right);
}

bool Equal(const ObservationExpr& a, const ObservationExpr& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ObservationExpr::Kind::kObservation:
      return Equal(*a.comparison, *b.comparison);
    case ObservationExpr::Kind::kQualified:
      return a.qualifier == b.qualifier && Equal(*a.left, *b.left);
    default:
      return Equal(*a.left, *b.left) && Equal(*a.right, *b.right);
  }
}

}  // namespace concord::stix::pattern
