#pragma once
// The general pattern evaluator: decides a STIX pattern against one prepared log record by
// walking its AST. The index (indicator_set.h) handles the common shapes fast; this handles the
// comparisons the index cannot (!=, LIKE, MATCHES, <, >, ISSUPERSET, EXISTS, NOT) on the same
// observables. MATCHES uses RE2 (linear time: a hostile pattern cannot stall a scan).

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "match/indicator_set.h"
#include "stix/pattern/ast.h"

namespace concord::match {

// What a pattern's object path refers to in a log record.
struct PathInfo {
  ObservableType type;
  Role role = Role::kAny;
  std::optional<HashAlgorithm> hash;  // hashes.'X' paths
  // network-traffic:src_ref/dst_ref.value: the referenced object is an address or a domain,
  // told apart by the compared value.
  bool address_or_domain = false;
};
// False when no log record carries the property (file:name, network-traffic:dst_port, ...).
bool MapPath(const stix::pattern::ObjectPath& path, PathInfo* info);

// A literal normalised for comparison with a record's values of `type`. `address_or_domain`
// paths settle their type here. Returns false with `*error` when the value is not valid there.
struct Operand {
  ObservableType type;
  Ip128 network = 0;  // kIp
  int length = 128;   // kIp: prefix length
  std::string key;    // other types: as PreparedRecord::Item::key
};
bool NormalizeOperand(const PathInfo& path, std::string_view literal, Operand* out,
                      std::string* error);
// True when the record item equals the operand (IPs: lies within its prefix).
bool ItemEquals(const PreparedRecord::Item& item, const Operand& operand);
// True when the record item can be compared at this path (type, role and hash algorithm).
bool ItemFits(const PreparedRecord::Item& item, const PathInfo& path);

class EvaluatedPattern {
 public:
  // Fails when the pattern needs more than one record (qualifiers, FOLLOWEDBY, AND between
  // observations) or compares properties records do not carry; the message says which.
  static Result<std::unique_ptr<EvaluatedPattern>> Compile(const stix::pattern::Pattern& pattern);
  ~EvaluatedPattern();
  // True when the record matches; `*observations` gets the observations that took part.
  bool Matches(const PreparedRecord& record, uint64_t* observations) const;

  struct Node;

 private:
  EvaluatedPattern() = default;
  std::vector<std::unique_ptr<Node>> alternatives_;  // the observations joined by OR
};

}  // namespace concord::match
