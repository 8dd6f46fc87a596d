#include "stix/pattern/parser.h"

#include <charconv>

#include "common/numbers.h"
#include "common/time.h"
#include "stix/pattern/lexer.h"

namespace concord::stix::pattern {
namespace {

// Recursive descent over the token list, one function per grammar rule. The left-recursive
// rules of STIXPattern.g4 become loops building left-associative trees. Nesting depth is
// bounded so that hostile input cannot exhaust the stack.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<Pattern> Run() {
    Pattern p;
    auto root = ObservationExpressions();
    if (!root.ok()) return root.status();
    if (Peek().kind != Tok::kEnd) return Unexpected("an observation operator or end of pattern");
    p.root = std::move(root.value());
    return p;
  }

 private:
  static constexpr int kMaxDepth = 200;
  using Obs = std::unique_ptr<ObservationExpr>;
  using Cmp = std::unique_ptr<ComparisonExpr>;

  const Token& Peek() const { return t_[pos_]; }
  const Token& Next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool Accept(Tok k) {
    if (Peek().kind != k) return false;
    ++pos_;
    return true;
  }
  Status Unexpected(const std::string& expected) const {
    const Token& t = Peek();
    std::string found = t.kind == Tok::kEnd      ? "end of pattern"
                        : t.kind == Tok::kString ? "string '" + t.text + "'"
                                                 : "'" + t.text + "'";
    return Status::InvalidArgument("expected " + expected + ", found " + found + " at column " +
                                   std::to_string(t.column));
  }
  Status Expect(Tok k) { return Accept(k) ? Status::Ok() : Unexpected(Describe(k)); }
  Status Deeper() {
    if (++depth_ > kMaxDepth) {
      return Status::InvalidArgument("pattern nested too deeply at column " +
                                     std::to_string(Peek().column));
    }
    return Status::Ok();
  }

  // One left-associative level of the grammar: operand (op operand)*, building
  // Node{kind, left, right} for each operator. Used for AND/OR/FOLLOWEDBY at both levels.
  template <typename Node, typename Operand>
  Result<std::unique_ptr<Node>> LeftAssociative(Tok op, typename Node::Kind kind, Operand operand) {
    auto left = (this->*operand)();
    if (!left.ok()) return left;
    std::unique_ptr<Node> e = std::move(left.value());
    while (Accept(op)) {
      auto right = (this->*operand)();
      if (!right.ok()) return right;
      auto joined = std::make_unique<Node>();
      joined->kind = kind;
      joined->left = std::move(e);
      joined->right = std::move(right.value());
      e = std::move(joined);
    }
    return e;
  }

  // observationExpressions: observationExpressionOr (FOLLOWEDBY observationExpressionOr)*
  Result<Obs> ObservationExpressions() {
    CONCORD_RETURN_IF_ERROR(Deeper());
    auto e = LeftAssociative<ObservationExpr>(Tok::kFollowedBy, ObservationExpr::Kind::kFollowedBy,
                                              &Parser::ObservationOr);
    --depth_;
    return e;
  }
  Result<Obs> ObservationOr() {
    return LeftAssociative<ObservationExpr>(Tok::kOr, ObservationExpr::Kind::kOr,
                                            &Parser::ObservationAnd);
  }
  Result<Obs> ObservationAnd() {
    return LeftAssociative<ObservationExpr>(Tok::kAnd, ObservationExpr::Kind::kAnd,
                                            &Parser::QualifiedObservation);
  }

  // observationExpression qualifier*, where the operand is '[' ... ']' or '(' ... ')'.
  Result<Obs> QualifiedObservation() {
    Obs e;
    if (Accept(Tok::kLBracket)) {
      auto cmp = ComparisonOr();
      if (!cmp.ok()) return cmp.status();
      CONCORD_RETURN_IF_ERROR(Expect(Tok::kRBracket));
      e = std::make_unique<ObservationExpr>();
      e->kind = ObservationExpr::Kind::kObservation;
      e->comparison = std::move(cmp.value());
    } else if (Accept(Tok::kLParen)) {
      auto inner = ObservationExpressions();
      if (!inner.ok()) return inner;
      CONCORD_RETURN_IF_ERROR(Expect(Tok::kRParen));
      e = std::move(inner.value());
    } else {
      return Unexpected("'[' or '('");
    }
    while (true) {
      Qualifier q;
      if (Accept(Tok::kWithin)) {
        q.kind = Qualifier::Kind::kWithin;
        const Token& num = Peek();
        if ((num.kind != Tok::kInt && num.kind != Tok::kFloat) || num.text[0] == '-') {
          return Unexpected("a positive number of seconds");
        }
        // A number from a peer's pattern: out of double's range is an error, never a throw.
        const std::optional<double> seconds = ParseDouble(num.text);
        if (!seconds) {
          return Status::InvalidArgument("WITHIN: number of seconds out of range at column " +
                                         std::to_string(num.column));
        }
        if (*seconds <= 0) {
          return Status::InvalidArgument("WITHIN needs a positive number of seconds at column " +
                                         std::to_string(num.column));
        }
        q.number = Next().text;
        CONCORD_RETURN_IF_ERROR(Expect(Tok::kSeconds));
      } else if (Accept(Tok::kRepeats)) {
        q.kind = Qualifier::Kind::kRepeats;
        const Token& num = Peek();
        if (num.kind != Tok::kInt || num.text[0] == '-') return Unexpected("a positive integer");
        int64_t v = 0;
        std::string_view digits =
            num.text[0] == '+' ? std::string_view(num.text).substr(1) : std::string_view(num.text);
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || v <= 0) {
          return Status::InvalidArgument("REPEATS needs a positive integer at column " +
                                         std::to_string(num.column));
        }
        q.number = Next().text;
        CONCORD_RETURN_IF_ERROR(Expect(Tok::kTimes));
      } else if (Accept(Tok::kStart)) {
        q.kind = Qualifier::Kind::kStartStop;
        if (Peek().kind != Tok::kTimestamp) return Unexpected("a timestamp literal t'...'");
        q.start = Next().text;
        CONCORD_RETURN_IF_ERROR(Expect(Tok::kStop));
        if (Peek().kind != Tok::kTimestamp) return Unexpected("a timestamp literal t'...'");
        const size_t stop_column = Peek().column;
        q.stop = Next().text;
        // The lexer checked both are timestamps; an empty window can never match.
        auto start = ParseTimestamp(q.start);
        auto stop = ParseTimestamp(q.stop);
        if (start.ok() && stop.ok() && *stop <= *start) {
          return Status::InvalidArgument("STOP must be after START at column " +
                                         std::to_string(stop_column));
        }
      } else {
        break;
      }
      auto wrapped = std::make_unique<ObservationExpr>();
      wrapped->kind = ObservationExpr::Kind::kQualified;
      wrapped->left = std::move(e);
      wrapped->qualifier = std::move(q);
      e = std::move(wrapped);
    }
    return e;
  }

  Result<Cmp> ComparisonOr() {
    CONCORD_RETURN_IF_ERROR(Deeper());
    auto e = LeftAssociative<ComparisonExpr>(Tok::kOr, ComparisonExpr::Kind::kOr,
                                             &Parser::ComparisonAnd);
    --depth_;
    return e;
  }
  Result<Cmp> ComparisonAnd() {
    return LeftAssociative<ComparisonExpr>(Tok::kAnd, ComparisonExpr::Kind::kAnd,
                                           &Parser::PropTest);
  }

  Result<Cmp> PropTest() {
    if (Accept(Tok::kLParen)) {
      auto inner = ComparisonOr();
      if (!inner.ok()) return inner;
      CONCORD_RETURN_IF_ERROR(Expect(Tok::kRParen));
      return inner;
    }
    auto e = std::make_unique<ComparisonExpr>();
    e->kind = ComparisonExpr::Kind::kComparison;
    Comparison& c = e->comparison;
    if (Accept(Tok::kExists)) {
      c.op = CompareOp::kExists;
      auto path = Path();
      if (!path.ok()) return path.status();
      c.path = std::move(path.value());
      return e;
    }
    auto path = Path();
    if (!path.ok()) return path.status();
    c.path = std::move(path.value());
    c.negated = Accept(Tok::kNot);
    const Token& op = Next();
    switch (op.kind) {
      case Tok::kEq:
        c.op = CompareOp::kEqual;
        break;
      case Tok::kNeq:
        c.op = CompareOp::kNotEqual;
        break;
      case Tok::kGt:
        c.op = CompareOp::kGreater;
        break;
      case Tok::kLt:
        c.op = CompareOp::kLess;
        break;
      case Tok::kGe:
        c.op = CompareOp::kGreaterEqual;
        break;
      case Tok::kLe:
        c.op = CompareOp::kLessEqual;
        break;
      case Tok::kIn:
        c.op = CompareOp::kIn;
        break;
      case Tok::kLike:
        c.op = CompareOp::kLike;
        break;
      case Tok::kMatches:
        c.op = CompareOp::kMatches;
        break;
      case Tok::kIsSubset:
        c.op = CompareOp::kIsSubset;
        break;
      case Tok::kIsSuperset:
        c.op = CompareOp::kIsSuperset;
        break;
      default:
        --pos_;
        return Unexpected("a comparison operator");
    }
    if (c.op == CompareOp::kIn) {
      CONCORD_RETURN_IF_ERROR(Expect(Tok::kLParen));
      if (!Accept(Tok::kRParen)) {
        do {
          auto lit = Literal_(/*orderable_only=*/false);
          if (!lit.ok()) return lit.status();
          c.values.push_back(std::move(lit.value()));
        } while (Accept(Tok::kComma));
        CONCORD_RETURN_IF_ERROR(Expect(Tok::kRParen));
      }
      return e;
    }
    const bool string_only = c.op == CompareOp::kLike || c.op == CompareOp::kMatches ||
                             c.op == CompareOp::kIsSubset || c.op == CompareOp::kIsSuperset;
    if (string_only) {
      if (Peek().kind != Tok::kString) return Unexpected("a string literal");
      c.values.push_back({LiteralKind::kString, Next().text});
      return e;
    }
    const bool orderable = c.op != CompareOp::kEqual && c.op != CompareOp::kNotEqual;
    auto lit = Literal_(orderable);
    if (!lit.ok()) return lit.status();
    c.values.push_back(std::move(lit.value()));
    return e;
  }

  Result<Literal> Literal_(bool orderable_only) {
    const Token& t = Peek();
    LiteralKind kind;
    switch (t.kind) {
      case Tok::kInt: {
        kind = LiteralKind::kInt;
        std::string_view digits = t.text;
        if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
        if (!ParseInteger<int64_t>(digits)) {
          return Status::InvalidArgument("integer out of range (64 bits) at column " +
                                         std::to_string(t.column));
        }
        break;
      }
      case Tok::kFloat:
        kind = LiteralKind::kFloat;
        if (!ParseDouble(t.text)) {
          return Status::InvalidArgument("number out of range at column " +
                                         std::to_string(t.column));
        }
        break;
      case Tok::kString:
        kind = LiteralKind::kString;
        break;
      case Tok::kBinary:
        kind = LiteralKind::kBinary;
        break;
      case Tok::kHex:
        kind = LiteralKind::kHex;
        break;
      case Tok::kTimestamp:
        kind = LiteralKind::kTimestamp;
        break;
      case Tok::kBool:
        if (orderable_only) return Unexpected("an orderable literal (booleans cannot be ordered)");
        kind = LiteralKind::kBool;
        break;
      default:
        return Unexpected("a literal");
    }
    return Literal{kind, Next().text};
  }

  // objectPath: objectType ':' firstPathComponent objectPathComponent*
  Result<ObjectPath> Path() {
    ObjectPath p;
    const Token& type = Peek();
    if (type.kind != Tok::kIdentifier) return Unexpected("an object type (e.g. file)");
    p.object_type = Next().text;
    CONCORD_RETURN_IF_ERROR(Expect(Tok::kColon));
    auto property = [&]() -> Status {
      const Token& t = Peek();
      if ((t.kind == Tok::kIdentifier && !t.has_hyphen) || t.kind == Tok::kString) {
        p.steps.push_back({PathStep::Kind::kProperty, Next().text});
        return Status::Ok();
      }
      if (t.kind == Tok::kIdentifier) {
        return Status::InvalidArgument("property name '" + t.text +
                                       "' contains '-' and must be quoted at column " +
                                       std::to_string(t.column));
      }
      return Unexpected("a property name");
    };
    CONCORD_RETURN_IF_ERROR(property());
    while (true) {
      if (Accept(Tok::kDot)) {
        CONCORD_RETURN_IF_ERROR(property());
      } else if (Accept(Tok::kLBracket)) {
        const Token& t = Peek();
        if (t.kind == Tok::kAsterisk) {
          Next();
          p.steps.push_back({PathStep::Kind::kAnyIndex, ""});
        } else if (t.kind == Tok::kInt) {
          PathStep step{PathStep::Kind::kIndex, ""};
          std::string_view digits =
              t.text[0] == '+' ? std::string_view(t.text).substr(1) : std::string_view(t.text);
          auto [ptr, ec] =
              std::from_chars(digits.data(), digits.data() + digits.size(), step.index);
          if (ec != std::errc()) return Unexpected("a list index");
          Next();
          p.steps.push_back(std::move(step));
        } else {
          return Unexpected("a list index or '*'");
        }
        CONCORD_RETURN_IF_ERROR(Expect(Tok::kRBracket));
      } else {
        return p;
      }
    }
  }

  std::vector<Token> t_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<Pattern> Parse(std::string_view pattern) {
  auto tokens = Tokenize(pattern);
  if (!tokens.ok()) return tokens.status();
  return Parser(std::move(tokens.value())).Run();
}

}  // namespace concord::stix::pattern
