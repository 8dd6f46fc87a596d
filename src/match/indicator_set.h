#pragma once
// IndicatorSet: STIX indicator patterns compiled into one index that answers, for a log record,
// which indicators it matches. Shaped like RE2::Set: Add() every pattern, Compile() once, then
// Match() from any number of threads (a compiled set is immutable).
//
// What is indexed (see docs/DESIGN.md, "Early warning"): comparisons of IP addresses (= and
// ISSUBSET, CIDR), domains, URLs, e-mail addresses and MD5/SHA-1/SHA-256/SHA-512 hashes, with IN
// lists, OR, and AND inside one observation (all parts in the same record). Each pattern becomes
// a disjunction of conjunctions of such terms. Patterns that compare the same observables in
// other ways (!=, LIKE, MATCHES, <, NOT ...) are kept as ASTs and evaluated per record. The rest
// (qualifiers, FOLLOWEDBY, AND between observations, properties logs do not carry) cannot be
// decided from one record; Add() says so and the caller counts them.
//
// Memory: IPv4 addresses in an open-addressed table of (address, posting) pairs; other exact
// keys in one open-addressed table of 12-byte slots (32-bit fingerprint, arena offset, posting)
// over a byte arena; CIDR prefixes as sorted disjoint intervals (a flattened prefix trie) under
// a 16-bit radix directory; indicator ids as 16-byte UUIDs.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "match/observable.h"

namespace concord::match {

// One value a log record carries, as read from the log.
struct Observation {
  ObservableType type;
  Role role = Role::kAny;
  std::string_view field;  // the log's name for it ("dest_ip", "dns.rrname", "text")
  std::string_view value;
};

struct Record {
  std::vector<Observation> observations;
  Micros timestamp = 0;  // 0: the record has none
};

// Observations beyond this many in one record are not matched (MatchStats counts them).
inline constexpr size_t kMaxObservations = 64;

// A record's observations in canonical form. Prepared once per record and shared by every set
// that matches it (a snapshot's base and delta). Reusable across records to keep its buffers.
class PreparedRecord {
 public:
  struct Item {
    ObservableType type;
    Role role;
    HashAlgorithm hash;    // kHash only
    Ip128 ip;              // kIp only
    std::string key;       // domain/url/email text; hash bytes
    uint32_t observation;  // index into the record's observations
  };
  void Prepare(const Record& record);
  const std::vector<Item>& items() const { return items_; }
  const Record* record() const { return record_; }
  size_t invalid() const { return invalid_; }  // observations that did not normalise
  // The canonical text of item i (hashes in lower-case hex), for the general evaluator.
  std::string Text(const Item& item) const;

 private:
  const Record* record_ = nullptr;
  std::vector<Item> items_;
  size_t used_ = 0;
  size_t invalid_ = 0;
};

struct Hit {
  uint32_t indicator;     // index given by Add()
  uint64_t observations;  // bit i: the record's observation i took part
};

struct IndicatorSetOptions {
  // A domain-name:value indicator also matches every subdomain of its value.
  bool domains_cover_subdomains = false;
};

enum class AddOutcome {
  kIndexed,       // in the index
  kEvaluated,     // kept for the general evaluator
  kNotIndexable,  // cannot be decided from one record; `reason` says why
};

class IndicatorSet {
 public:
  explicit IndicatorSet(IndicatorSetOptions options = {});
  ~IndicatorSet();
  IndicatorSet(const IndicatorSet&) = delete;
  IndicatorSet& operator=(const IndicatorSet&) = delete;

  // Adds the indicator `id` ("indicator--<uuid>") with a STIX pattern. On success `*index` is
  // its number in Hit::indicator (also for kNotIndexable, so callers can keep one numbering).
  // A pattern that does not parse, or a value that is not what its path holds (an invalid IP,
  // a 31-digit "MD5"), is an error naming the problem. Only before Compile().
  Result<AddOutcome> Add(std::string_view id, std::string_view pattern, uint32_t* index,
                         std::string* reason);
  Status Compile();

  // Appends the indicators `record` matches, one Hit per indicator, in index order.
  void Match(const PreparedRecord& record, std::vector<Hit>* hits) const;

  size_t size() const;  // indicators added (all outcomes)
  std::string IndicatorId(uint32_t index) const;
  // The index of `id`, or -1.
  int64_t Find(std::string_view id) const;
  // Bytes held by the compiled structures (the figure behind "bytes per indicator").
  size_t MemoryBytes() const;
  size_t evaluated() const;  // patterns kept for the general evaluator

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses "indicator--<uuid>" (or any "<type>--<uuid>") into its 16 UUID bytes.
bool ParseIdUuid(std::string_view id, std::array<uint8_t, 16>* uuid);

}  // namespace concord::match
