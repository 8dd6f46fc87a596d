#include "match/indicator_set.h"

#include <gtest/gtest.h>

#include "match/observable.h"

namespace concord::match {
namespace {

std::string Id(int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "indicator--00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::string Norm(bool (*fn)(std::string_view, std::string*), std::string_view in) {
  std::string out;
  return fn(in, &out) ? out : "<invalid>";
}

TEST(Observable, Ips) {
  Ip128 a, b;
  ASSERT_TRUE(ParseIp("192.0.2.1", &a));
  ASSERT_TRUE(ParseIp("::ffff:192.0.2.1", &b));
  EXPECT_TRUE(a == b);
  ASSERT_TRUE(ParseIp("::FFFF:C000:0201", &b));
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(ParseIp("192.000.2.1", &a));  // leading zeros: octal or decimal? refused
  EXPECT_FALSE(ParseIp("192.0.2", &a));
  EXPECT_FALSE(ParseIp("256.0.0.1", &a));
  EXPECT_FALSE(ParseIp("1.2.3.4.5", &a));
  ASSERT_TRUE(ParseIp("2001:DB8:0:0:0:0:0:1", &a));
  ASSERT_TRUE(ParseIp("2001:db8::1%eth0", &b));
  EXPECT_TRUE(a == b);
  EXPECT_EQ(FormatIp(a), "2001:db8::1");
  Ip128 net;
  int len;
  std::string error;
  ASSERT_TRUE(ParsePrefix("10.1.2.3/8", &net, &len, &error));
  EXPECT_EQ(FormatIp(net), "10.0.0.0");
  EXPECT_EQ(len, 104);
  EXPECT_FALSE(ParsePrefix("10.0.0.0/33", &net, &len, &error));
  EXPECT_FALSE(ParsePrefix("2001:db8::/129", &net, &len, &error));
  EXPECT_FALSE(ParsePrefix("10.0.0.0/08", &net, &len, &error));
}

TEST(Observable, Domains) {
  EXPECT_EQ(Norm(NormalizeDomain, "WWW.Example.COM."), "www.example.com");
  EXPECT_EQ(Norm(NormalizeDomain, "Bücher.example"), "xn--bcher-kva.example");
  EXPECT_EQ(Norm(NormalizeDomain, "BÜCHER.example"), "xn--bcher-kva.example");
  EXPECT_EQ(Norm(NormalizeDomain, "xn--BCHER-kva.example"), "xn--bcher-kva.example");
  EXPECT_EQ(Norm(NormalizeDomain, "a..b"), "<invalid>");
  EXPECT_EQ(Norm(NormalizeDomain, "a b.com"), "<invalid>");
  EXPECT_EQ(Norm(NormalizeDomain, std::string(64, 'a') + ".com"), "<invalid>");
}

TEST(Observable, Urls) {
  EXPECT_EQ(Norm(NormalizeUrl, "HTTP://Example.COM:80/a%7Eb%2fc?q=%41#frag"),
            "http://example.com/a~b%2Fc?q=A");
  EXPECT_EQ(Norm(NormalizeUrl, "https://example.com:443"), "https://example.com/");
  EXPECT_EQ(Norm(NormalizeUrl, "https://example.com:8443/x"), "https://example.com:8443/x");
  EXPECT_EQ(Norm(NormalizeUrl, "example.com/x.php"), "http://example.com/x.php");
  EXPECT_EQ(Norm(NormalizeUrl, "http://[2001:DB8::1]:80/"), "http://[2001:db8::1]/");
  EXPECT_EQ(Norm(NormalizeUrl, "http://user@Bücher.example/"),
            "http://user@xn--bcher-kva.example/");
  EXPECT_EQ(Norm(NormalizeUrl, "http:///path"), "<invalid>");
  EXPECT_EQ(Norm(NormalizeUrl, "http://x.com:99999/"), "<invalid>");
}

TEST(Observable, EmailsAndHashes) {
  EXPECT_EQ(Norm(NormalizeEmail, "Alice@Example.COM"), "alice@example.com");
  EXPECT_EQ(Norm(NormalizeEmail, "no-at-sign"), "<invalid>");
  HashAlgorithm alg;
  std::string bytes;
  ASSERT_TRUE(NormalizeHash("D41D8CD98F00B204E9800998ECF8427E", &alg, &bytes));
  EXPECT_EQ(alg, HashAlgorithm::kMd5);
  EXPECT_EQ(HexOf(bytes), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_FALSE(NormalizeHash("d41d8cd98f00b204e9800998ecf8427", &alg, &bytes));
  EXPECT_FALSE(NormalizeHash("g41d8cd98f00b204e9800998ecf8427e", &alg, &bytes));
}

class SetTest : public ::testing::Test {
 protected:
  void Add(int n, std::string_view pattern, AddOutcome expected = AddOutcome::kIndexed) {
    uint32_t index;
    std::string reason;
    auto r = set_.Add(Id(n), pattern, &index, &reason);
    ASSERT_TRUE(r.ok()) << pattern << ": " << r.status().message();
    EXPECT_EQ(*r, expected) << pattern << " " << reason;
    indices_.push_back(n);
  }
  // The numbers (as given to Add) of the indicators matching a record of (type, role, value).
  std::vector<int> Match(std::vector<Observation> obs) {
    if (!compiled_) {
      EXPECT_TRUE(set_.Compile().ok());
      compiled_ = true;
    }
    Record r;
    r.observations = std::move(obs);
    PreparedRecord p;
    p.Prepare(r);
    std::vector<Hit> hits;
    set_.Match(p, &hits);
    std::vector<int> out;
    for (const auto& h : hits) out.push_back(indices_[h.indicator]);
    return out;
  }
  IndicatorSet set_;
  std::vector<int> indices_;
  bool compiled_ = false;
};

using V = std::vector<int>;
Observation Ip(std::string_view v, Role r = Role::kAny) {
  return {ObservableType::kIp, r, "ip", v};
}
Observation Dom(std::string_view v) { return {ObservableType::kDomain, Role::kAny, "d", v}; }

TEST_F(SetTest, IpsAndPrefixes) {
  Add(1, "[ipv4-addr:value = '198.51.100.1']");
  Add(2, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']");
  Add(3, "[ipv4-addr:value ISSUBSET '0.0.0.0/0']");
  Add(4, "[ipv6-addr:value = '2001:db8::1']");
  Add(5, "[ipv6-addr:value ISSUBSET '2001:db8::/32']");
  Add(6, "[ipv4-addr:value IN ('203.0.113.9', '203.0.113.10')]");
  Add(7, "[network-traffic:dst_ref.value = '192.0.2.7']");
  EXPECT_EQ(Match({Ip("198.51.100.1")}), (V{1, 2, 3}));
  EXPECT_EQ(Match({Ip("198.51.100.255")}), (V{2, 3}));
  EXPECT_EQ(Match({Ip("198.51.101.0")}), (V{3}));
  EXPECT_EQ(Match({Ip("2001:0db8:0000::0001")}), (V{4, 5}));
  EXPECT_EQ(Match({Ip("2001:db9::1")}), (V{}));
  EXPECT_EQ(Match({Ip("203.0.113.10")}), (V{3, 6}));
  EXPECT_EQ(Match({Ip("::ffff:203.0.113.10")}), (V{3, 6}));
  EXPECT_EQ(Match({Ip("192.0.2.7", Role::kSource)}), (V{3}));
  EXPECT_EQ(Match({Ip("192.0.2.7", Role::kDestination)}), (V{3, 7}));
  EXPECT_EQ(Match({Ip("192.0.2.7")}), (V{3, 7}));
}

TEST_F(SetTest, AndOrAndEvaluated) {
  Add(1, "[domain-name:value = 'evil.example' AND ipv4-addr:value = '192.0.2.1']");
  Add(2, "[domain-name:value = 'a.example'] OR [url:value = 'http://a.example/x']");
  Add(3, "[domain-name:value LIKE '%.bad.example']", AddOutcome::kEvaluated);
  Add(4, "[domain-name:value MATCHES '^c[0-9]+\\\\.example$']", AddOutcome::kEvaluated);
  Add(5, "[file:name = 'x.exe']", AddOutcome::kNotIndexable);
  Add(6, "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']",
      AddOutcome::kNotIndexable);
  EXPECT_EQ(Match({Dom("evil.example")}), (V{}));
  EXPECT_EQ(Match({Dom("EVIL.example."), Ip("192.0.2.1")}), (V{1}));
  EXPECT_EQ(Match({{ObservableType::kUrl, Role::kAny, "u", "HTTP://A.example:80/x#y"}}), (V{2}));
  EXPECT_EQ(Match({Dom("x.bad.example")}), (V{3}));
  EXPECT_EQ(Match({Dom("c42.example")}), (V{4}));
  EXPECT_EQ(Match({Dom("cx.example")}), (V{}));
}

TEST(Set, SubdomainOption) {
  IndicatorSet set({.domains_cover_subdomains = true});
  uint32_t index;
  std::string reason;
  ASSERT_TRUE(set.Add(Id(1), "[domain-name:value = 'evil.example']", &index, &reason).ok());
  ASSERT_TRUE(set.Compile().ok());
  for (const char* d : {"evil.example", "a.b.EVIL.example", "notevil.example", "example"}) {
    Record r;
    r.observations = {Dom(d)};
    PreparedRecord p;
    p.Prepare(r);
    std::vector<Hit> hits;
    set.Match(p, &hits);
    EXPECT_EQ(hits.size(), std::string_view(d).find("notevil") == std::string_view::npos &&
                                   std::string_view(d) != "example"
                               ? 1u
                               : 0u)
        << d;
  }
}

TEST(Set, BadValuesAreErrors) {
  IndicatorSet set;
  uint32_t index;
  std::string reason;
  for (const char* p : {"[ipv4-addr:value = '999.1.1.1']", "[file:hashes.'MD5' = 'abc']",
                        "[domain-name:value = 'a..b']", "[ipv4-addr:value = '1.2.3.4'"}) {
    EXPECT_FALSE(set.Add(Id(1), p, &index, &reason).ok()) << p;
  }
  EXPECT_FALSE(set.Add("malware--00000000-0000-4000-8000-000000000001",
                       "[ipv4-addr:value = '1.2.3.4']", &index, &reason)
                   .ok());
  EXPECT_EQ(set.size(), 0u);
}

TEST(Set, FindAndIds) {
  IndicatorSet set;
  uint32_t index;
  std::string reason;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(set.Add(Id(i), "[ipv4-addr:value = '192.0.2.1']", &index, &reason).ok());
  }
  ASSERT_TRUE(set.Compile().ok());
  EXPECT_EQ(set.IndicatorId(42), Id(42));
  EXPECT_EQ(set.Find(Id(42)), 42);
  EXPECT_EQ(set.Find(Id(420)), -1);
}

}  // namespace
}  // namespace concord::match
