// Differential test of the matching index: random indicator sets and random log records, matched
// by IndicatorSet and by a brute-force reference written plainly here. The generator knows each
// value's canonical form by construction (it builds every spelling from parts), so the
// reference never calls the code under test: IPs are compared with inet_pton and bit masks,
// names by their known canonical labels.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "match/indicator_set.h"

namespace concord::match {
namespace {

using U128 = unsigned __int128;

// A DNS label with its canonical form and ways to write it.
struct Label {
  std::string canonical;
  std::vector<std::string> spellings;
};
const std::vector<Label> kLabels = {
    {"evil", {"evil", "EVIL", "Evil"}},
    {"mail", {"mail", "MAIL"}},
    {"a", {"a", "A"}},
    {"cdn-1", {"cdn-1", "CDN-1"}},
    {"xn--bcher-kva", {"bücher", "BÜCHER", "Bücher", "xn--bcher-kva", "XN--BCHER-KVA"}},
    {"xn--mnchen-3ya", {"münchen", "MÜNCHEN", "xn--mnchen-3ya"}},
    {"xn--e1afmkfd", {"пример", "ПРИМЕР", "xn--e1afmkfd"}},
};
const std::vector<std::string> kTlds = {"example", "test"};

struct Domain {
  std::vector<int> labels;  // indices into kLabels, left to right, then a TLD
  int tld;
  std::string Canonical() const {
    std::string s;
    for (int l : labels) s += kLabels[l].canonical + ".";
    return s + kTlds[tld];
  }
  std::vector<std::string> CanonicalLabels() const {
    std::vector<std::string> out;
    for (int l : labels) out.push_back(kLabels[l].canonical);
    out.push_back(kTlds[tld]);
    return out;
  }
};

enum class Kind { kIp, kDomain, kUrl, kEmail, kHash };

// A value with its ground truth.
struct Value {
  Kind kind;
  U128 ip = 0;                 // kIp: mapped for IPv4
  int length = 128;            // kIp in indicators: prefix length on the 128-bit form
  Domain domain = {};          // kDomain / kEmail / kUrl host
  std::string canonical = {};  // kUrl, kEmail, kHash: the canonical text
  std::string text = {};       // as written in the pattern or log
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}
  int Int(int n) { return static_cast<int>(rng_() % n); }
  bool Coin() { return Int(2) == 0; }

  Domain MakeDomain() {
    Domain d;
    d.tld = Int(2);
    const int n = 1 + Int(2);
    for (int i = 0; i < n; ++i) d.labels.push_back(Int(static_cast<int>(kLabels.size())));
    return d;
  }
  std::string Spell(const Domain& d) {
    std::string s;
    for (int l : d.labels) {
      const auto& sp = kLabels[l].spellings;
      s += sp[Int(static_cast<int>(sp.size()))] + ".";
    }
    s += Coin() ? kTlds[d.tld] : Upper(kTlds[d.tld]);
    if (Int(4) == 0) s += ".";  // fully qualified
    return s;
  }
  static std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  // Addresses from small pools so that prefixes overlap and values repeat.
  U128 Ipv4() {
    const uint32_t v4 =
        (Coin() ? 0x0A000000u : 0xC0A80000u) | (Int(3) << 8) | Int(6) | (Int(8) == 0 ? 0xFF : 0);
    return (static_cast<U128>(0xffff) << 32) | v4;
  }
  U128 Ipv6() {
    U128 ip = static_cast<U128>(0x20010db8u) << 96;
    ip |= static_cast<U128>(Int(3)) << 64;
    ip |= Int(5);
    if (Int(6) == 0) ip |= ~static_cast<U128>(0) >> 120;  // ...ff at the end
    return ip;
  }
  static std::string FormatV6(U128 ip, bool compressed) {
    unsigned char b[16];
    for (int i = 15; i >= 0; --i, ip >>= 8) b[i] = static_cast<unsigned char>(ip);
    if (compressed) {
      char buf[64];
      inet_ntop(AF_INET6, b, buf, sizeof buf);
      return buf;
    }
    std::string s;
    for (int i = 0; i < 16; i += 2) {
      char g[8];
      std::snprintf(g, sizeof g, "%s%X", i ? ":" : "", b[i] << 8 | b[i + 1]);  // no zero padding
      s += g;
    }
    return s;
  }
  // An address as a log writes it: IPv4 plainly or IPv4-mapped, IPv6 in either form.
  std::string SpellIp(U128 ip) {
    if ((ip >> 32) == 0xffff) {
      const auto v4 = static_cast<uint32_t>(ip);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v4 >> 24, (v4 >> 16) & 255, (v4 >> 8) & 255,
                    v4 & 255);
      switch (Int(4)) {
        case 0:
          return std::string("::ffff:") + buf;
        case 1:
          return FormatV6(ip, false);  // ::ffff:c0a8:... as hex groups
        default:
          return buf;
      }
    }
    return FormatV6(ip, Coin());
  }

  Value Ip(bool in_indicator) {
    Value v{Kind::kIp};
    const bool v4 = Int(3) != 0;
    v.ip = v4 ? Ipv4() : Ipv6();
    if (!in_indicator || Coin()) {
      v.text = SpellIp(v.ip);
      return v;
    }
    // A prefix, host bits possibly set in the text (they are cleared).
    static const int kV4Lengths[] = {0, 8, 16, 22, 24, 30, 31, 32};
    static const int kV6Lengths[] = {0, 32, 64, 96, 120, 126, 127, 128};
    if (v4) {
      const int n = kV4Lengths[Int(8)];
      v.length = 96 + n;
      v.text = SpellIp(v.ip);
      if (v.text.find(':') != std::string::npos) {
        // The pattern writes IPv4 prefixes in dotted form.
        const auto a = static_cast<uint32_t>(v.ip);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
                      a & 255);
        v.text = buf;
      }
      v.text += "/" + std::to_string(n);
    } else {
      v.length = kV6Lengths[Int(8)];
      if (v.length == 96 && Coin()) v.ip = static_cast<U128>(0xffff) << 32;  // ::ffff:0:0/96
      if (v.length == 0 && Coin()) v.ip = 0;
      v.text = FormatV6(v.ip, Coin()) + "/" + std::to_string(v.length);
    }
    return v;
  }

  Value DomainValue() {
    Value v{Kind::kDomain};
    v.domain = MakeDomain();
    v.text = Spell(v.domain);
    return v;
  }

  Value Url() {
    Value v{Kind::kUrl};
    const bool https = Coin();
    v.domain = MakeDomain();
    std::string host = Spell(v.domain);
    if (!host.empty() && host.back() == '.') host.pop_back();
    const int port = Int(3);  // none, the default, another
    static const char* kPaths[][2] = {{"/login.php", "/login.php"},
                                      {"/%7Euser/x", "/~user/x"},
                                      {"/a%2fb", "/a%2Fb"},
                                      {"/%61dmin", "/admin"},
                                      {"", "/"}};
    const int path = Int(5);
    const bool query = Int(3) == 0;
    const bool fragment = Int(3) == 0;
    v.text = std::string(https ? (Coin() ? "https" : "HTTPS") : (Coin() ? "http" : "Http")) +
             "://" + host;
    if (port == 1) v.text += https ? ":443" : ":80";
    if (port == 2) v.text += ":8080";
    v.text += kPaths[path][0];
    if (query) v.text += "?id=%41";
    if (fragment) v.text += "#frag";
    v.canonical = std::string(https ? "https" : "http") + "://" + v.domain.Canonical() +
                  (port == 2 ? ":8080" : "") + kPaths[path][1] + (query ? "?id=A" : "");
    return v;
  }

  Value Email() {
    Value v{Kind::kEmail};
    static const char* kLocals[] = {"alice", "bob", "abuse"};
    const std::string local = kLocals[Int(3)];
    v.domain = MakeDomain();
    std::string host = Spell(v.domain);
    if (!host.empty() && host.back() == '.') host.pop_back();
    v.text = (Coin() ? local : Upper(local)) + "@" + host;
    v.canonical = local + "@" + v.domain.Canonical();
    return v;
  }

  Value Hash() {
    Value v{Kind::kHash};
    static const int kLengths[] = {32, 40, 64, 128};
    const int len = kLengths[Int(4)];
    v.canonical = std::string(static_cast<size_t>(len), '0');
    const int which = Int(4);
    for (int i = 0; i < len; ++i) v.canonical[i] = "0123456789abcdef"[(i * 7 + which * 3) % 16];
    v.text = Coin() ? v.canonical : Upper(v.canonical);
    return v;
  }

  Value Any(bool in_indicator) {
    switch (Int(5)) {
      case 0:
        return Ip(in_indicator);
      case 1:
        return DomainValue();
      case 2:
        return Url();
      case 3:
        return Email();
      default:
        return Hash();
    }
  }

 private:
  std::mt19937 rng_;
};

// One comparison of a generated pattern.
struct RefTerm {
  Value value;
  Role role = Role::kAny;
};
struct RefIndicator {
  std::vector<std::vector<RefTerm>> conjunctions;  // OR of ANDs
  std::string pattern;
};

const char* HashName(size_t hex_length) {
  switch (hex_length) {
    case 32:
      return "MD5";
    case 40:
      return "SHA-1";
    case 64:
      return "SHA-256";
    default:
      return "SHA-512";
  }
}

std::string Comparison(const RefTerm& t) {
  const Value& v = t.value;
  const std::string quoted = "'" + v.text + "'";
  switch (v.kind) {
    case Kind::kIp: {
      if (t.role != Role::kAny) {
        return std::string("network-traffic:") + (t.role == Role::kSource ? "src" : "dst") +
               "_ref.value " + (v.length < 128 ? "ISSUBSET " : "= ") + quoted;
      }
      const bool v4 = (v.ip >> 32) == 0xffff && v.text.find(':') == std::string::npos;
      return std::string(v4 ? "ipv4-addr" : "ipv6-addr") + ":value " +
             (v.length < 128 ? "ISSUBSET " : "= ") + quoted;
    }
    case Kind::kDomain:
      if (t.role == Role::kDestination) return "network-traffic:dst_ref.value = " + quoted;
      return "domain-name:value = " + quoted;
    case Kind::kUrl:
      return "url:value = " + quoted;
    case Kind::kEmail:
      return t.role == Role::kSource ? "email-message:from_ref.value = " + quoted
                                     : "email-addr:value = " + quoted;
    case Kind::kHash:
      return std::string("file:hashes.'") + HashName(v.canonical.size()) + "' = " + quoted;
  }
  return "";
}

RefIndicator MakeIndicator(Generator& g) {
  RefIndicator ind;
  auto term = [&] {
    RefTerm t{g.Any(true)};
    if (t.value.kind == Kind::kIp && g.Int(4) == 0)
      t.role = g.Coin() ? Role::kSource : Role::kDestination;
    if (t.value.kind == Kind::kDomain && g.Int(5) == 0) t.role = Role::kDestination;
    if (t.value.kind == Kind::kEmail && g.Int(4) == 0) t.role = Role::kSource;
    return t;
  };
  switch (g.Int(5)) {
    case 0: {  // [a AND b]
      RefTerm a = term(), b = term();
      ind.pattern = "[" + Comparison(a) + " AND " + Comparison(b) + "]";
      ind.conjunctions.push_back({a, b});
      break;
    }
    case 1: {  // [a] OR [b]
      RefTerm a = term(), b = term();
      ind.pattern = "[" + Comparison(a) + "] OR [" + Comparison(b) + "]";
      ind.conjunctions = {{a}, {b}};
      break;
    }
    case 2: {  // IN list of one kind
      RefTerm first = term();
      if (first.value.kind == Kind::kIp && first.value.length < 128) first.value = g.Ip(false);
      std::string list = "'" + first.value.text + "'";
      ind.conjunctions.push_back({first});
      for (int i = 0; i < 2; ++i) {
        RefTerm t = first;
        const Kind k = first.value.kind;
        do {
          t.value = k == Kind::kIp       ? g.Ip(false)
                    : k == Kind::kDomain ? g.DomainValue()
                    : k == Kind::kUrl    ? g.Url()
                    : k == Kind::kEmail  ? g.Email()
                                         : g.Hash();
        } while (k == Kind::kHash && t.value.canonical.size() != first.value.canonical.size());
        list += ", '" + t.value.text + "'";
        ind.conjunctions.push_back({t});
      }
      std::string c = Comparison(first);
      c = c.substr(0, c.rfind(" = ")) + " IN (" + list + ")";
      ind.pattern = "[" + c + "]";
      break;
    }
    default: {
      RefTerm t = term();
      ind.pattern = "[" + Comparison(t) + "]";
      ind.conjunctions.push_back({t});
    }
  }
  return ind;
}

struct RefObservation {
  Value value;
  Role role;
};

bool LabelsCover(const std::vector<std::string>& indicator, const std::vector<std::string>& log,
                 bool subdomains) {
  if (indicator.size() > log.size() || (!subdomains && indicator.size() != log.size()))
    return false;
  return std::equal(indicator.rbegin(), indicator.rend(), log.rbegin());
}

bool TermHolds(const RefTerm& t, const RefObservation& o, bool subdomains) {
  if (t.role != Role::kAny && o.role != Role::kAny && t.role != o.role) return false;
  if (t.value.kind != o.value.kind) return false;
  switch (t.value.kind) {
    case Kind::kIp: {
      const int len = t.value.length;
      const U128 mask = len == 0 ? 0 : ~static_cast<U128>(0) << (128 - len);
      return (o.value.ip & mask) == (t.value.ip & mask);
    }
    case Kind::kDomain:
      return LabelsCover(t.value.domain.CanonicalLabels(), o.value.domain.CanonicalLabels(),
                         subdomains);
    default:
      return t.value.canonical == o.value.canonical;
  }
}

void RunRound(uint32_t seed, bool subdomains) {
  Generator g(seed);
  std::vector<RefIndicator> indicators;
  IndicatorSet set({.domains_cover_subdomains = subdomains});
  for (int i = 0; i < 300; ++i) {
    RefIndicator ind = MakeIndicator(g);
    char id[64];
    std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
    uint32_t index;
    std::string reason;
    auto r = set.Add(id, ind.pattern, &index, &reason);
    ASSERT_TRUE(r.ok()) << ind.pattern << ": " << r.status().message();
    ASSERT_EQ(*r, AddOutcome::kIndexed) << ind.pattern;
    ASSERT_EQ(index, static_cast<uint32_t>(i));
    indicators.push_back(std::move(ind));
  }
  ASSERT_TRUE(set.Compile().ok());

  size_t total_hits = 0;
  for (int n = 0; n < 3000; ++n) {
    std::vector<RefObservation> obs;
    Record record;
    const int count = 1 + g.Int(4);
    for (int i = 0; i < count; ++i) {
      RefObservation o{g.Any(false), Role::kAny};
      if (o.value.kind == Kind::kIp || o.value.kind == Kind::kDomain) {
        o.role = static_cast<Role>(g.Int(3));
      }
      if (o.value.kind == Kind::kDomain && g.Int(3) == 0) {
        o.value.domain.labels.insert(o.value.domain.labels.begin(), 3);  // "cdn-1." prefix
        o.value.text = g.Spell(o.value.domain);
      }
      obs.push_back(std::move(o));
    }
    static const ObservableType kTypes[] = {ObservableType::kIp, ObservableType::kDomain,
                                            ObservableType::kUrl, ObservableType::kEmail,
                                            ObservableType::kHash};
    for (const auto& o : obs) {
      record.observations.push_back(
          {kTypes[static_cast<int>(o.value.kind)], o.role, "f", o.value.text});
    }
    PreparedRecord prepared;
    prepared.Prepare(record);
    ASSERT_EQ(prepared.invalid(), 0u);
    std::vector<Hit> hits;
    set.Match(prepared, &hits);
    std::set<uint32_t> got;
    for (const auto& h : hits) got.insert(h.indicator);

    std::set<uint32_t> want;
    for (uint32_t i = 0; i < indicators.size(); ++i) {
      for (const auto& conj : indicators[i].conjunctions) {
        bool all = true;
        for (const auto& t : conj) {
          bool any = false;
          for (const auto& o : obs) any = any || TermHolds(t, o, subdomains);
          all = all && any;
        }
        if (all) want.insert(i);
      }
    }
    if (got != want) {
      std::string diff;
      for (const auto& o : obs) diff += "  log: " + o.value.text + "\n";
      for (uint32_t i : want) {
        if (!got.count(i)) diff += "  missed: " + indicators[i].pattern + "\n";
      }
      for (uint32_t i : got) {
        if (!want.count(i)) diff += "  false hit: " + indicators[i].pattern + "\n";
      }
      FAIL() << "seed " << seed << " record " << n << "\n" << diff;
    }
    total_hits += want.size();
  }
  // The generator must actually produce matches, or the comparison proves nothing.
  EXPECT_GT(total_hits, 300u) << "seed " << seed;
}

TEST(MatchDifferential, ExactDomains) {
  for (uint32_t seed = 1; seed <= 20; ++seed) RunRound(seed, false);
}

TEST(MatchDifferential, SubdomainOption) {
  for (uint32_t seed = 101; seed <= 120; ++seed) RunRound(seed, true);
}

}  // namespace
}  // namespace concord::match
