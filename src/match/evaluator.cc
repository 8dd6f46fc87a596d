#include "match/evaluator.h"

#include <re2/re2.h>

namespace concord::match {
namespace sp = stix::pattern;
namespace {

bool IsProperty(const sp::PathStep& s, std::string_view name) {
  return s.kind == sp::PathStep::Kind::kProperty && s.name == name;
}

// "SHA-256", "sha256" and "SHA256" all name SHA-256.
std::optional<HashAlgorithm> HashByName(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c != '-' && c != '_') n.push_back(static_cast<char>(std::toupper(c)));
  }
  if (n == "MD5") return HashAlgorithm::kMd5;
  if (n == "SHA1") return HashAlgorithm::kSha1;
  if (n == "SHA256") return HashAlgorithm::kSha256;
  if (n == "SHA512") return HashAlgorithm::kSha512;
  return std::nullopt;
}

// SQL LIKE ('%' any run, '_' one character) as an anchored RE2 expression.
std::string LikeToRegex(std::string_view like) {
  std::string re = "(?s)";
  for (char c : like) {
    if (c == '%') {
      re += ".*";
    } else if (c == '_') {
      re += ".";
    } else {
      re += RE2::QuoteMeta(std::string_view(&c, 1));
    }
  }
  return re;
}

}  // namespace

bool MapPath(const sp::ObjectPath& path, PathInfo* info) {
  const auto& t = path.object_type;
  const auto& s = path.steps;
  *info = PathInfo{};
  if (s.size() == 1 && IsProperty(s[0], "value")) {
    if (t == "ipv4-addr" || t == "ipv6-addr") return info->type = ObservableType::kIp, true;
    if (t == "domain-name") return info->type = ObservableType::kDomain, true;
    if (t == "url") return info->type = ObservableType::kUrl, true;
    if (t == "email-addr") return info->type = ObservableType::kEmail, true;
    return false;
  }
  if (s.size() == 2 && IsProperty(s[0], "hashes") && s[1].kind == sp::PathStep::Kind::kProperty &&
      (t == "file" || t == "x509-certificate" || t == "artifact")) {
    info->type = ObservableType::kHash;
    info->hash = HashByName(s[1].name);
    return info->hash.has_value();
  }
  if (t == "network-traffic" && s.size() == 2 && IsProperty(s[1], "value") &&
      (IsProperty(s[0], "src_ref") || IsProperty(s[0], "dst_ref"))) {
    info->type = ObservableType::kIp;
    info->address_or_domain = true;
    info->role = s[0].name == "src_ref" ? Role::kSource : Role::kDestination;
    return true;
  }
  if (t == "email-message") {
    const bool last_is_value = !s.empty() && IsProperty(s.back(), "value");
    if (s.size() == 2 && last_is_value &&
        (IsProperty(s[0], "from_ref") || IsProperty(s[0], "sender_ref"))) {
      return info->type = ObservableType::kEmail, info->role = Role::kSource, true;
    }
    if (s.size() == 3 && last_is_value && s[1].kind != sp::PathStep::Kind::kProperty &&
        (IsProperty(s[0], "to_refs") || IsProperty(s[0], "cc_refs") ||
         IsProperty(s[0], "bcc_refs"))) {
      return info->type = ObservableType::kEmail, info->role = Role::kDestination, true;
    }
  }
  return false;
}

bool NormalizeOperand(const PathInfo& path, std::string_view literal, Operand* out,
                      std::string* error) {
  out->type = path.type;
  switch (path.type) {
    case ObservableType::kIp:
      if (ParsePrefix(literal, &out->network, &out->length, error)) return true;
      if (!path.address_or_domain) return false;
      out->type = ObservableType::kDomain;
      if (NormalizeDomain(literal, &out->key)) return true;
      *error = "'" + std::string(literal) + "' is neither an IP address nor a domain";
      return false;
    case ObservableType::kDomain:
      if (NormalizeDomain(literal, &out->key)) return true;
      *error = "'" + std::string(literal) + "' is not a domain name";
      return false;
    case ObservableType::kUrl:
      if (NormalizeUrl(literal, &out->key)) return true;
      *error = "'" + std::string(literal) + "' is not a URL";
      return false;
    case ObservableType::kEmail:
      if (NormalizeEmail(literal, &out->key)) return true;
      *error = "'" + std::string(literal) + "' is not an e-mail address";
      return false;
    case ObservableType::kHash: {
      HashAlgorithm alg;
      if (NormalizeHash(literal, &alg, &out->key) && alg == *path.hash) return true;
      *error = "'" + std::string(literal) + "' is not a " + HashAlgorithmName(*path.hash) +
               " digest in hex";
      return false;
    }
  }
  return false;
}

bool ItemFits(const PreparedRecord::Item& item, const PathInfo& path) {
  const bool type_ok =
      item.type == path.type || (path.address_or_domain && item.type == ObservableType::kDomain);
  if (!type_ok) return false;
  if (path.role != Role::kAny && item.role != Role::kAny && item.role != path.role) return false;
  return !path.hash || item.hash == *path.hash;
}

bool ItemEquals(const PreparedRecord::Item& item, const Operand& operand) {
  if (item.type != operand.type) return false;
  if (item.type == ObservableType::kIp) {
    const Ip128 mask = operand.length == 0 ? 0 : ~static_cast<Ip128>(0) << (128 - operand.length);
    return (item.ip & mask) == operand.network;
  }
  return item.key == operand.key;
}

// One node of an observation's comparison tree, with its literals prepared.
struct EvaluatedPattern::Node {
  sp::ComparisonExpr::Kind kind;
  std::unique_ptr<Node> left, right;
  // kComparison:
  PathInfo path;
  sp::CompareOp op;
  bool negated = false;
  std::vector<Operand> operands;  // =, !=, IN, ISSUBSET, ISSUPERSET
  std::string text;               // <, >, <=, >=: the literal as text
  std::unique_ptr<RE2> regex;     // LIKE, MATCHES

  bool Compare(const PreparedRecord& record, const PreparedRecord::Item& item) const {
    switch (op) {
      case sp::CompareOp::kEqual:
      case sp::CompareOp::kIn:
      case sp::CompareOp::kIsSubset:
        for (const auto& o : operands) {
          if (ItemEquals(item, o)) return true;
        }
        return false;
      case sp::CompareOp::kNotEqual:
        return !ItemEquals(item, operands[0]);
      case sp::CompareOp::kIsSuperset:
        // The item is one address: it contains the operand only when that is the same host.
        return operands[0].length == 128 && ItemEquals(item, operands[0]);
      case sp::CompareOp::kLike:
        return RE2::FullMatch(record.Text(item), *regex);
      case sp::CompareOp::kMatches:
        return RE2::PartialMatch(record.Text(item), *regex);
      case sp::CompareOp::kGreater:
        return record.Text(item) > text;
      case sp::CompareOp::kLess:
        return record.Text(item) < text;
      case sp::CompareOp::kGreaterEqual:
        return record.Text(item) >= text;
      case sp::CompareOp::kLessEqual:
        return record.Text(item) <= text;
      case sp::CompareOp::kExists:
        return true;
    }
    return false;
  }

  bool Matches(const PreparedRecord& record, uint64_t* mask) const {
    if (kind == sp::ComparisonExpr::Kind::kAnd) {
      uint64_t a = 0, b = 0;
      if (!left->Matches(record, &a) || !right->Matches(record, &b)) return false;
      *mask |= a | b;
      return true;
    }
    if (kind == sp::ComparisonExpr::Kind::kOr) {
      // Both sides run (no short circuit): each adds the records it matched to the mask.
      const bool left_matched = left->Matches(record, mask);
      const bool right_matched = right->Matches(record, mask);
      return left_matched || right_matched;
    }
    bool any = false;
    for (const auto& item : record.items()) {
      if (!ItemFits(item, path)) continue;
      if (Compare(record, item) != negated) {
        any = true;
        *mask |= uint64_t{1} << item.observation;
      }
    }
    return any;
  }
};

namespace {

Result<std::unique_ptr<EvaluatedPattern::Node>> CompileComparison(const sp::ComparisonExpr& e) {
  auto node = std::make_unique<EvaluatedPattern::Node>();
  node->kind = e.kind;
  if (e.kind != sp::ComparisonExpr::Kind::kComparison) {
    auto l = CompileComparison(*e.left);
    if (!l.ok()) return l.status();
    auto r = CompileComparison(*e.right);
    if (!r.ok()) return r.status();
    node->left = std::move(*l);
    node->right = std::move(*r);
    return node;
  }
  const sp::Comparison& c = e.comparison;
  if (!MapPath(c.path, &node->path)) {
    return Status::Unsupported("compares " + sp::ToString(c.path) +
                               ", which log records do not carry");
  }
  node->op = c.op;
  node->negated = c.negated;
  std::string error;
  switch (c.op) {
    case sp::CompareOp::kLike:
    case sp::CompareOp::kMatches: {
      const std::string re =
          c.op == sp::CompareOp::kLike ? LikeToRegex(c.values[0].text) : c.values[0].text;
      RE2::Options options;
      options.set_log_errors(false);
      node->regex = std::make_unique<RE2>(re, options);
      if (!node->regex->ok()) {
        return Status::InvalidArgument("MATCHES '" + c.values[0].text +
                                       "': " + node->regex->error());
      }
      break;
    }
    case sp::CompareOp::kGreater:
    case sp::CompareOp::kLess:
    case sp::CompareOp::kGreaterEqual:
    case sp::CompareOp::kLessEqual:
      node->text = c.values[0].text;
      break;
    case sp::CompareOp::kExists:
      break;
    default:
      for (const auto& v : c.values) {
        Operand o;
        if (!NormalizeOperand(node->path, v.text, &o, &error)) {
          return Status::InvalidArgument(sp::ToString(c.path) + ": " + error);
        }
        node->operands.push_back(std::move(o));
      }
  }
  return node;
}

Status CollectAlternatives(const sp::ObservationExpr& e,
                           std::vector<std::unique_ptr<EvaluatedPattern::Node>>* out) {
  switch (e.kind) {
    case sp::ObservationExpr::Kind::kObservation: {
      auto node = CompileComparison(*e.comparison);
      if (!node.ok()) return node.status();
      out->push_back(std::move(*node));
      return Status::Ok();
    }
    case sp::ObservationExpr::Kind::kOr:
      CONCORD_RETURN_IF_ERROR(CollectAlternatives(*e.left, out));
      return CollectAlternatives(*e.right, out);
    case sp::ObservationExpr::Kind::kAnd:
      return Status::Unsupported("AND between observations needs correlation across records");
    case sp::ObservationExpr::Kind::kFollowedBy:
      return Status::Unsupported("FOLLOWEDBY needs correlation across records");
    case sp::ObservationExpr::Kind::kQualified:
      return Status::Unsupported(
          "qualifiers (WITHIN, REPEATS, START/STOP) need correlation "
          "across records");
  }
  return Status::Internal("unknown observation kind");
}

}  // namespace

EvaluatedPattern::~EvaluatedPattern() = default;

Result<std::unique_ptr<EvaluatedPattern>> EvaluatedPattern::Compile(const sp::Pattern& pattern) {
  std::unique_ptr<EvaluatedPattern> p(new EvaluatedPattern());
  CONCORD_RETURN_IF_ERROR(CollectAlternatives(*pattern.root, &p->alternatives_));
  return p;
}

bool EvaluatedPattern::Matches(const PreparedRecord& record, uint64_t* observations) const {
  bool any = false;
  for (const auto& alt : alternatives_) {
    uint64_t mask = 0;
    if (alt->Matches(record, &mask)) {
      any = true;
      *observations |= mask;
    }
  }
  return any;
}

}  // namespace concord::match
