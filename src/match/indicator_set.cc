#include "match/indicator_set.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "common/huge_pages.h"
#include "match/evaluator.h"
#include "stix/pattern/parser.h"

namespace concord::match {
namespace sp = stix::pattern;
namespace {

// A target is what an index key points at: an indicator matched by this one term, or one term of
// an AND clause. Layout: bit 30 AND-term, bits 28-29 the Role the term requires, bits 0-27 the
// indicator or AND-term number. A posting is one target, or (bit 31) an offset into the shared
// list array where [count, target...] is stored.
constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr uint32_t kListFlag = 0x80000000u;
constexpr uint32_t kAndTermFlag = 0x40000000u;
constexpr int kRoleShift = 28;
constexpr uint32_t kIndexMask = 0x0FFFFFFFu;
constexpr size_t kMaxConjunctions = 256;
constexpr size_t kMaxTermsPerConjunction = 32;

// Exact keys other than IPv4 addresses, by kind.
enum KeyKind : uint8_t { kDomainKey = 1, kUrlKey, kEmailKey, kIpv6Key, kHashKey /* + alg */ };
uint8_t HashKind(HashAlgorithm a) { return kHashKey + static_cast<uint8_t>(a); }

uint64_t Mix(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

uint64_t HashKey(uint8_t kind, std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t{kind} << 56) ^ s.size();
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = Mix(h ^ w, 0xE7037ED1A0B428DBull);
  }
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  return Mix(h ^ w, 0x8EBC6AF09C88C6E3ull);
}

// Maps a 64-bit hash onto [0, n) without a division.
size_t Reduce(uint64_t h, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(h) * n) >> 64);
}

// Groups (key, target) pairs into postings. `pairs` holds key << 32 | target and is sorted here.
// Calls set(key, posting) once per distinct key.
template <typename SetFn>
void BuildPostings(std::vector<uint64_t>& pairs, BigVector<uint32_t>* lists, SetFn set) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i + 1;
    while (j < pairs.size() && pairs[j] >> 32 == pairs[i] >> 32) ++j;
    const auto key = static_cast<uint32_t>(pairs[i] >> 32);
    if (j - i == 1) {
      set(key, static_cast<uint32_t>(pairs[i]));
    } else {
      set(key, kListFlag | static_cast<uint32_t>(lists->size()));
      lists->push_back(static_cast<uint32_t>(j - i));
      for (size_t k = i; k < j; ++k) lists->push_back(static_cast<uint32_t>(pairs[k]));
    }
    i = j;
  }
}

// Exact byte-string keys: open addressing with linear probing over 12-byte slots. The 32-bit
// fingerprint rejects almost every non-matching slot without touching the arena.
class KeyTable {
 public:
  void Add(uint8_t kind, std::string_view key, uint32_t target) {
    pending_.push_back({kind, static_cast<uint32_t>(pending_arena_.size()),
                        static_cast<uint32_t>(key.size()), target});
    pending_arena_.append(key);
  }

  void Compile(BigVector<uint32_t>* lists) {
    slots_.assign(pending_.size() * 3 / 2 + 1, Slot{0, 0, kNone});
    std::vector<uint64_t> pairs;
    pairs.reserve(pending_.size());
    for (const auto& p : pending_) {
      const std::string_view key(pending_arena_.data() + p.offset, p.length);
      const size_t slot = FindOrInsert(p.kind, key);
      pairs.push_back(uint64_t{slot} << 32 | p.target);
    }
    std::vector<Pending>().swap(pending_);
    std::string().swap(pending_arena_);
    BuildPostings(pairs, lists,
                  [&](uint32_t slot, uint32_t posting) { slots_[slot].posting = posting; });
    arena_.shrink_to_fit();
  }

  // Starts loading the key's first slot, so that several lookups' cache misses overlap.
  void Prefetch(uint8_t kind, std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Reduce(HashKey(kind, key), slots_.size())]);
  }

  uint32_t Find(uint8_t kind, std::string_view key) const {
    if (slots_.empty()) return kNone;
    const uint64_t h = HashKey(kind, key);
    const auto tag = static_cast<uint32_t>(h);
    for (size_t i = Reduce(h, slots_.size());; i = i + 1 == slots_.size() ? 0 : i + 1) {
      const Slot& s = slots_[i];
      if (s.posting == kNone) return kNone;
      if (s.tag == tag && Equals(s.offset, kind, key)) return s.posting;
    }
  }

  size_t bytes() const { return slots_.capacity() * sizeof(Slot) + arena_.capacity(); }

 private:
  struct Slot {
    uint32_t tag;
    uint32_t offset;   // arena: kind byte, length (1 or 2 bytes), key bytes
    uint32_t posting;  // kNone: empty
  };
  struct Pending {
    uint8_t kind;
    uint32_t offset, length, target;
  };

  bool Equals(uint32_t offset, uint8_t kind, std::string_view key) const {
    const auto* p = reinterpret_cast<const unsigned char*>(arena_.data()) + offset;
    if (p[0] != kind) return false;
    size_t len = p[1];
    size_t header = 2;
    if (len & 0x80) len = (len & 0x7f) | size_t{p[2]} << 7, header = 3;
    return len == key.size() && std::memcmp(p + header, key.data(), len) == 0;
  }

  size_t FindOrInsert(uint8_t kind, std::string_view key) {
    const uint64_t h = HashKey(kind, key);
    const auto tag = static_cast<uint32_t>(h);
    for (size_t i = Reduce(h, slots_.size());; i = i + 1 == slots_.size() ? 0 : i + 1) {
      Slot& s = slots_[i];
      if (s.posting == kNone) {
        s = Slot{tag, static_cast<uint32_t>(arena_.size()), 0};
        arena_.push_back(static_cast<char>(kind));
        if (key.size() < 0x80) {
          arena_.push_back(static_cast<char>(key.size()));
        } else {
          arena_.push_back(static_cast<char>(0x80 | (key.size() & 0x7f)));
          arena_.push_back(static_cast<char>(key.size() >> 7));
        }
        arena_.insert(arena_.end(), key.begin(), key.end());
        return i;
      }
      if (s.tag == tag && Equals(s.offset, kind, key)) return i;
    }
  }

  BigVector<Slot> slots_;
  BigVector<char> arena_;
  std::vector<Pending> pending_;
  std::string pending_arena_;
};

// Single IPv4 addresses: open addressing over (address, posting) pairs.
class Ipv4Table {
 public:
  void Add(uint32_t ip, uint32_t target) { pending_.push_back(uint64_t{ip} << 32 | target); }

  void Compile(BigVector<uint32_t>* lists) {
    BuildPostings(pending_, lists, [&](uint32_t ip, uint32_t posting) {
      distinct_.push_back({ip, posting});
    });
    std::vector<uint64_t>().swap(pending_);
    slots_.assign(distinct_.size() * 3 / 2 + 1, Slot{0, kNone});
    for (const auto& d : distinct_) {
      size_t i = Reduce(Hash(d.ip), slots_.size());
      while (slots_[i].posting != kNone) i = i + 1 == slots_.size() ? 0 : i + 1;
      slots_[i] = d;
    }
    std::vector<Slot>().swap(distinct_);
  }

  void Prefetch(uint32_t ip) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Reduce(Hash(ip), slots_.size())]);
  }

  uint32_t Find(uint32_t ip) const {
    if (slots_.empty()) return kNone;
    for (size_t i = Reduce(Hash(ip), slots_.size());; i = i + 1 == slots_.size() ? 0 : i + 1) {
      if (slots_[i].posting == kNone) return kNone;
      if (slots_[i].ip == ip) return slots_[i].posting;
    }
  }

  size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t ip;
    uint32_t posting;
  };
  static uint64_t Hash(uint32_t ip) {
    return Mix(ip ^ 0x5851F42D4C957F2Dull, 0x9E3779B97F4A7C15ull);
  }
  BigVector<Slot> slots_;
  std::vector<Slot> distinct_;
  std::vector<uint64_t> pending_;
};

// CIDR prefixes of addresses of type K (uint32_t for IPv4, Ip128 for IPv6) flattened into
// sorted disjoint intervals. Each interval names its innermost covering prefix; prefixes link
// to their enclosing prefix, so a lookup is one binary search plus a walk up the nesting.
template <typename K>
class PrefixTable {
 public:
  static constexpr int kBits = sizeof(K) * 8;

  void Add(K network, int length, uint32_t target) {
    pending_.push_back({network, length, target});
  }
  bool empty() const { return starts_.empty(); }

  void Compile(BigVector<uint32_t>* lists) {
    if (pending_.empty()) return;
    std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      return a.network != b.network ? a.network < b.network : a.length < b.length;
    });
    // Distinct prefixes, each with its targets as one posting.
    std::vector<uint64_t> pairs;
    for (size_t i = 0; i < pending_.size(); ++i) {
      if (i == 0 || pending_[i].network != pending_[i - 1].network ||
          pending_[i].length != pending_[i - 1].length) {
        prefixes_.push_back(
            {pending_[i].network, Last(pending_[i].network, pending_[i].length), kNone, kNone});
      }
      pairs.push_back(uint64_t{prefixes_.size() - 1} << 32 | pending_[i].target);
    }
    std::vector<Pending>().swap(pending_);
    BuildPostings(pairs, lists,
                  [&](uint32_t p, uint32_t posting) { prefixes_[p].posting = posting; });

    // Sweep in (network, length) order with a stack of open prefixes; prefixes never partly
    // overlap, so the stack holds exactly the prefixes covering the current position.
    std::vector<uint32_t> open;
    auto emit = [&](K start, uint32_t owner) {
      if (!starts_.empty() && starts_.back() == start) {
        owners_.back() = owner;
      } else {
        starts_.push_back(start);
        owners_.push_back(owner);
      }
    };
    auto close_until = [&](const K* position) {
      while (!open.empty() && (!position || prefixes_[open.back()].last < *position)) {
        const K last = prefixes_[open.back()].last;
        open.pop_back();
        if (last != static_cast<K>(~K{0})) emit(last + 1, open.empty() ? kNone : open.back());
      }
    };
    emit(0, kNone);
    for (uint32_t p = 0; p < prefixes_.size(); ++p) {
      close_until(&prefixes_[p].network);
      prefixes_[p].parent = open.empty() ? kNone : open.back();
      emit(prefixes_[p].network, p);
      open.push_back(p);
    }
    close_until(nullptr);
    starts_.shrink_to_fit();
    owners_.shrink_to_fit();
    directory_.assign((1u << 16) + 1, 0);
    for (size_t b = 0, i = 0; b <= (1u << 16); ++b) {
      while (i < starts_.size() && Top16(starts_[i]) < b) ++i;
      directory_[b] = static_cast<uint32_t>(i);
    }
  }

  template <typename Fn>
  void Lookup(K address, Fn&& visit) const {
    if (starts_.empty()) return;
    const uint32_t top = Top16(address);
    const auto begin = starts_.begin() + directory_[top];
    const auto end = starts_.begin() + directory_[top + 1];
    auto it = std::upper_bound(begin, end, address);
    const size_t interval = static_cast<size_t>(it - starts_.begin()) - 1;  // starts_[0] == 0
    for (uint32_t p = owners_[interval]; p != kNone; p = prefixes_[p].parent) {
      visit(prefixes_[p].posting);
    }
  }

  size_t bytes() const {
    return starts_.capacity() * sizeof(K) + owners_.capacity() * 4 +
           prefixes_.capacity() * sizeof(Prefix) + directory_.capacity() * 4;
  }

 private:
  struct Pending {
    K network;
    int length;
    uint32_t target;
  };
  struct Prefix {
    K network, last;
    uint32_t parent, posting;
  };
  static K Last(K network, int length) {
    return length >= kBits ? network : static_cast<K>(network | (static_cast<K>(~K{0}) >> length));
  }
  static uint32_t Top16(K k) { return static_cast<uint32_t>(k >> (kBits - 16)); }

  std::vector<Pending> pending_;
  BigVector<Prefix> prefixes_;
  BigVector<K> starts_;
  BigVector<uint32_t> owners_;
  std::vector<uint32_t> directory_;
};

// One indexable comparison: "this observable, in this role, equals (or lies in) this value".
struct Term {
  Role role;
  Operand operand;
};
using Conjunction = std::vector<Term>;
using Dnf = std::vector<Conjunction>;

Dnf Or(Dnf a, Dnf b) {
  for (auto& c : b) a.push_back(std::move(c));
  return a;
}

std::optional<Dnf> And(const Dnf& a, const Dnf& b) {
  if (a.size() * b.size() > kMaxConjunctions) return std::nullopt;
  Dnf out;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.size() + y.size() > kMaxTermsPerConjunction) return std::nullopt;
      Conjunction c = x;
      c.insert(c.end(), y.begin(), y.end());
      out.push_back(std::move(c));
    }
  }
  return out;
}

// The comparison tree as a DNF of index terms; nullopt when some comparison is not an index
// shape (the general evaluator's job); an error when a value is invalid for its path.
Result<std::optional<Dnf>> ComparisonDnf(const sp::ComparisonExpr& e) {
  if (e.kind != sp::ComparisonExpr::Kind::kComparison) {
    auto l = ComparisonDnf(*e.left);
    if (!l.ok() || !l->has_value()) return l;
    auto r = ComparisonDnf(*e.right);
    if (!r.ok() || !r->has_value()) return r;
    if (e.kind == sp::ComparisonExpr::Kind::kOr) return std::optional<Dnf>(Or(**l, **r));
    return And(**l, **r);
  }
  const sp::Comparison& c = e.comparison;
  PathInfo path;
  const bool indexable_op =
      !c.negated && (c.op == sp::CompareOp::kEqual || c.op == sp::CompareOp::kIn ||
                     c.op == sp::CompareOp::kIsSubset);
  if (!indexable_op || !MapPath(c.path, &path)) return std::optional<Dnf>();
  Dnf dnf;
  for (const auto& literal : c.values) {
    if (literal.kind != sp::LiteralKind::kString) return std::optional<Dnf>();
    Term t{path.role, {}};
    std::string error;
    if (!NormalizeOperand(path, literal.text, &t.operand, &error)) {
      return Status::InvalidArgument(sp::ToString(c.path) + ": " + error);
    }
    if (c.op == sp::CompareOp::kIsSubset && t.operand.type != ObservableType::kIp) {
      return std::optional<Dnf>();
    }
    dnf.push_back({std::move(t)});
  }
  return std::optional<Dnf>(std::move(dnf));
}

Result<std::optional<Dnf>> PatternDnf(const sp::ObservationExpr& e) {
  if (e.kind == sp::ObservationExpr::Kind::kObservation) return ComparisonDnf(*e.comparison);
  if (e.kind != sp::ObservationExpr::Kind::kOr) return std::optional<Dnf>();
  auto l = PatternDnf(*e.left);
  if (!l.ok() || !l->has_value()) return l;
  auto r = PatternDnf(*e.right);
  if (!r.ok() || !r->has_value()) return r;
  if ((*l)->size() + (*r)->size() > kMaxConjunctions) return std::optional<Dnf>();
  return std::optional<Dnf>(Or(std::move(**l), std::move(**r)));
}

}  // namespace

bool ParseIdUuid(std::string_view id, std::array<uint8_t, 16>* uuid) {
  const size_t sep = id.find("--");
  if (sep == std::string_view::npos) return false;
  std::string_view u = id.substr(sep + 2);
  if (u.size() != 36) return false;
  size_t n = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (u[i] != '-') return false;
      continue;
    }
    const char c = u[i];
    const int v = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (v < 0) return false;
    (*uuid)[n / 2] = static_cast<uint8_t>(n % 2 == 0 ? v << 4 : (*uuid)[n / 2] | v);
    ++n;
  }
  return true;
}

void PreparedRecord::Prepare(const Record& record) {
  record_ = &record;
  invalid_ = 0;
  const size_t n = std::min(record.observations.size(), kMaxObservations);
  if (items_.size() < n) items_.resize(n);
  used_ = 0;
  for (size_t i = 0; i < n; ++i) {
    const Observation& o = record.observations[i];
    Item& item = items_[used_];
    item.type = o.type;
    item.role = o.role;
    item.observation = static_cast<uint32_t>(i);
    bool ok = false;
    switch (o.type) {
      case ObservableType::kIp:
        ok = ParseIp(o.value, &item.ip);
        break;
      case ObservableType::kDomain:
        ok = NormalizeDomain(o.value, &item.key);
        break;
      case ObservableType::kUrl:
        ok = NormalizeUrl(o.value, &item.key);
        break;
      case ObservableType::kEmail:
        ok = NormalizeEmail(o.value, &item.key);
        break;
      case ObservableType::kHash:
        ok = NormalizeHash(o.value, &item.hash, &item.key);
        break;
    }
    if (ok) {
      ++used_;
    } else {
      ++invalid_;
    }
  }
  items_.resize(used_);
}

std::string PreparedRecord::Text(const Item& item) const {
  switch (item.type) {
    case ObservableType::kIp:
      return FormatIp(item.ip);
    case ObservableType::kHash:
      return HexOf(item.key);
    default:
      return item.key;
  }
}

struct IndicatorSet::Impl {
  IndicatorSetOptions options;
  std::vector<std::array<uint8_t, 16>> uuids;
  std::vector<uint32_t> by_uuid;  // indices sorted by uuid, for Find()
  KeyTable keys;
  Ipv4Table ipv4;
  PrefixTable<uint32_t> ipv4_prefixes;
  PrefixTable<Ip128> ipv6_prefixes;
  bool ipv6_prefixes_cover_ipv4 = false;  // e.g. ::/0 or ::ffff:0:0/96
  BigVector<uint32_t> lists;
  struct Clause {
    uint32_t indicator;
    uint32_t full_mask;
  };
  std::vector<Clause> clauses;
  std::vector<uint32_t> and_terms;  // clause << 5 | bit
  struct Evaluated {
    uint32_t indicator;
    std::unique_ptr<EvaluatedPattern> pattern;
  };
  std::vector<Evaluated> evaluated;
  bool compiled = false;

  void AddTerm(const Term& t, uint32_t target) {
    target |= static_cast<uint32_t>(t.role) << kRoleShift;
    const Operand& o = t.operand;
    switch (o.type) {
      case ObservableType::kIp:
        if (IsIpv4(o.network) && o.length >= 96) {
          if (o.length == 128) {
            ipv4.Add(static_cast<uint32_t>(o.network), target);
          } else {
            ipv4_prefixes.Add(static_cast<uint32_t>(o.network), o.length - 96, target);
          }
        } else if (o.length == 128) {
          const std::array<char, 16> bytes = IpBytes(o.network);
          keys.Add(kIpv6Key, std::string_view(bytes.data(), 16), target);
        } else {
          ipv6_prefixes.Add(o.network, o.length, target);
          const Ip128 mask = o.length == 0 ? 0 : ~static_cast<Ip128>(0) << (128 - o.length);
          if ((kIpv4MappedPrefix & mask) == o.network) ipv6_prefixes_cover_ipv4 = true;
        }
        break;
      case ObservableType::kDomain:
        keys.Add(kDomainKey, o.key, target);
        break;
      case ObservableType::kUrl:
        keys.Add(kUrlKey, o.key, target);
        break;
      case ObservableType::kEmail:
        keys.Add(kEmailKey, o.key, target);
        break;
      case ObservableType::kHash: {
        HashAlgorithm alg = o.key.size() == 16   ? HashAlgorithm::kMd5
                            : o.key.size() == 20 ? HashAlgorithm::kSha1
                            : o.key.size() == 32 ? HashAlgorithm::kSha256
                                                 : HashAlgorithm::kSha512;
        keys.Add(HashKind(alg), o.key, target);
        break;
      }
    }
  }
};

IndicatorSet::IndicatorSet(IndicatorSetOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
IndicatorSet::~IndicatorSet() = default;

Result<AddOutcome> IndicatorSet::Add(std::string_view id, std::string_view pattern, uint32_t* index,
                                     std::string* reason) {
  Impl& m = *impl_;
  if (m.compiled) return Status::Internal("IndicatorSet::Add after Compile");
  std::array<uint8_t, 16> uuid;
  if (id.substr(0, 11) != "indicator--" || !ParseIdUuid(id, &uuid)) {
    return Status::InvalidArgument("'" + std::string(id) + "' is not an indicator id");
  }
  if (m.uuids.size() > kIndexMask) return Status::TooLarge("more than 268 million indicators");
  auto parsed = sp::Parse(pattern);
  if (!parsed.ok()) return parsed.status();
  auto dnf = PatternDnf(*parsed->root);
  if (!dnf.ok()) return dnf.status();
  const auto self = static_cast<uint32_t>(m.uuids.size());
  AddOutcome outcome;
  if (dnf->has_value()) {
    for (const Conjunction& c : **dnf) {
      if (c.size() == 1) {
        m.AddTerm(c[0], self);
        continue;
      }
      const auto clause = static_cast<uint32_t>(m.clauses.size());
      m.clauses.push_back({self, c.size() == 32 ? 0xFFFFFFFFu : (1u << c.size()) - 1});
      for (size_t bit = 0; bit < c.size(); ++bit) {
        m.AddTerm(c[bit], kAndTermFlag | static_cast<uint32_t>(m.and_terms.size()));
        m.and_terms.push_back(clause << 5 | static_cast<uint32_t>(bit));
      }
    }
    outcome = AddOutcome::kIndexed;
  } else {
    auto evaluated = EvaluatedPattern::Compile(*parsed);
    if (evaluated.ok()) {
      m.evaluated.push_back({self, std::move(*evaluated)});
      outcome = AddOutcome::kEvaluated;
    } else if (evaluated.status().code() == StatusCode::kUnsupported) {
      *reason = evaluated.status().message();
      outcome = AddOutcome::kNotIndexable;
    } else {
      return evaluated.status();
    }
  }
  m.uuids.push_back(uuid);
  *index = self;
  return outcome;
}

Status IndicatorSet::Compile() {
  Impl& m = *impl_;
  if (m.compiled) return Status::Ok();
  m.keys.Compile(&m.lists);
  m.ipv4.Compile(&m.lists);
  m.ipv4_prefixes.Compile(&m.lists);
  m.ipv6_prefixes.Compile(&m.lists);
  m.lists.shrink_to_fit();
  m.by_uuid.resize(m.uuids.size());
  for (uint32_t i = 0; i < m.by_uuid.size(); ++i) m.by_uuid[i] = i;
  std::sort(m.by_uuid.begin(), m.by_uuid.end(),
            [&](uint32_t a, uint32_t b) { return m.uuids[a] < m.uuids[b]; });
  m.compiled = true;
  return Status::Ok();
}

void IndicatorSet::Match(const PreparedRecord& record, std::vector<Hit>* hits) const {
  const Impl& m = *impl_;
  struct AndHit {
    uint32_t and_term;
    uint32_t observation;
  };
  thread_local std::vector<Hit> found;
  thread_local std::vector<AndHit> and_found;
  found.clear();
  and_found.clear();
  const PreparedRecord::Item* item = nullptr;
  auto visit = [&](uint32_t target) {
    const auto role = static_cast<Role>((target >> kRoleShift) & 3);
    if (role != Role::kAny && item->role != Role::kAny && role != item->role) return;
    if (target & kAndTermFlag) {
      and_found.push_back({target & kIndexMask, item->observation});
    } else {
      found.push_back({target & kIndexMask, uint64_t{1} << item->observation});
    }
  };
  auto emit = [&](uint32_t posting) {
    if (posting == kNone) return;
    if (!(posting & kListFlag)) return visit(posting);
    const uint32_t* list = &m.lists[posting & ~kListFlag];
    for (uint32_t i = 1; i <= list[0]; ++i) visit(list[i]);
  };
  // Two passes: start every first-probe load, then probe. The tables are far bigger than the
  // caches, so each probe is a cache miss; issued together they overlap.
  for (const auto& it : record.items()) {
    switch (it.type) {
      case ObservableType::kIp:
        if (IsIpv4(it.ip)) {
          m.ipv4.Prefetch(static_cast<uint32_t>(it.ip));
        } else {
          m.keys.Prefetch(kIpv6Key, std::string_view(IpBytes(it.ip).data(), 16));
        }
        break;
      case ObservableType::kDomain:
        m.keys.Prefetch(kDomainKey, it.key);
        break;
      case ObservableType::kUrl:
        m.keys.Prefetch(kUrlKey, it.key);
        break;
      case ObservableType::kEmail:
        m.keys.Prefetch(kEmailKey, it.key);
        break;
      case ObservableType::kHash:
        m.keys.Prefetch(HashKind(it.hash), it.key);
        break;
    }
  }
  for (const auto& it : record.items()) {
    item = &it;
    switch (it.type) {
      case ObservableType::kIp:
        if (IsIpv4(it.ip)) {
          const auto v4 = static_cast<uint32_t>(it.ip);
          emit(m.ipv4.Find(v4));
          m.ipv4_prefixes.Lookup(v4, emit);
          if (m.ipv6_prefixes_cover_ipv4) m.ipv6_prefixes.Lookup(it.ip, emit);
        } else {
          const std::array<char, 16> bytes = IpBytes(it.ip);
          emit(m.keys.Find(kIpv6Key, std::string_view(bytes.data(), 16)));
          m.ipv6_prefixes.Lookup(it.ip, emit);
        }
        break;
      case ObservableType::kDomain: {
        std::string_view d = it.key;
        emit(m.keys.Find(kDomainKey, d));
        if (m.options.domains_cover_subdomains) {
          for (size_t dot = d.find('.'); dot != std::string_view::npos; dot = d.find('.')) {
            d.remove_prefix(dot + 1);
            emit(m.keys.Find(kDomainKey, d));
          }
        }
        break;
      }
      case ObservableType::kUrl:
        emit(m.keys.Find(kUrlKey, it.key));
        break;
      case ObservableType::kEmail:
        emit(m.keys.Find(kEmailKey, it.key));
        break;
      case ObservableType::kHash:
        emit(m.keys.Find(HashKind(it.hash), it.key));
        break;
    }
  }
  if (!and_found.empty()) {
    // Group the AND-term hits by clause; a clause with every bit set is a match.
    std::sort(and_found.begin(), and_found.end(), [&](const AndHit& a, const AndHit& b) {
      return m.and_terms[a.and_term] < m.and_terms[b.and_term];
    });
    for (size_t i = 0; i < and_found.size();) {
      const uint32_t clause = m.and_terms[and_found[i].and_term] >> 5;
      uint32_t bits = 0;
      uint64_t observations = 0;
      for (; i < and_found.size() && m.and_terms[and_found[i].and_term] >> 5 == clause; ++i) {
        bits |= 1u << (m.and_terms[and_found[i].and_term] & 31);
        observations |= uint64_t{1} << and_found[i].observation;
      }
      if (bits == m.clauses[clause].full_mask) {
        found.push_back({m.clauses[clause].indicator, observations});
      }
    }
  }
  for (const auto& e : m.evaluated) {
    uint64_t observations = 0;
    if (e.pattern->Matches(record, &observations)) found.push_back({e.indicator, observations});
  }
  if (found.empty()) return;
  std::sort(found.begin(), found.end(),
            [](const Hit& a, const Hit& b) { return a.indicator < b.indicator; });
  for (size_t i = 0; i < found.size(); ++i) {
    if (!hits->empty() && i > 0 && hits->back().indicator == found[i].indicator) {
      hits->back().observations |= found[i].observations;
    } else {
      hits->push_back(found[i]);
    }
  }
}

size_t IndicatorSet::size() const { return impl_->uuids.size(); }
size_t IndicatorSet::evaluated() const { return impl_->evaluated.size(); }

std::string IndicatorSet::IndicatorId(uint32_t index) const {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto& u = impl_->uuids[index];
  std::string out = "indicator--";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[u[i] >> 4]);
    out.push_back(kHex[u[i] & 15]);
  }
  return out;
}

int64_t IndicatorSet::Find(std::string_view id) const {
  std::array<uint8_t, 16> uuid;
  if (!ParseIdUuid(id, &uuid)) return -1;
  const auto& m = *impl_;
  auto it = std::lower_bound(
      m.by_uuid.begin(), m.by_uuid.end(), uuid,
      [&](uint32_t i, const std::array<uint8_t, 16>& u) { return m.uuids[i] < u; });
  return it != m.by_uuid.end() && m.uuids[*it] == uuid ? static_cast<int64_t>(*it) : -1;
}

size_t IndicatorSet::MemoryBytes() const {
  const auto& m = *impl_;
  return m.uuids.capacity() * 16 + m.by_uuid.capacity() * 4 + m.keys.bytes() + m.ipv4.bytes() +
         m.ipv4_prefixes.bytes() + m.ipv6_prefixes.bytes() + m.lists.capacity() * 4 +
         m.clauses.capacity() * sizeof(Impl::Clause) + m.and_terms.capacity() * 4 +
         m.evaluated.capacity() * sizeof(Impl::Evaluated);
}

}  // namespace concord::match
