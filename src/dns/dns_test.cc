#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dns/zone.h"

namespace concord::dns {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes MakeQuery(const std::string& name, uint16_t qtype, int edns_payload = 0) {
  return dns::MakeQuery(0x1234, name, qtype, static_cast<uint16_t>(edns_payload));
}

struct Reply {
  size_t size = 0;
  int rcode = -1;
  bool tc = false, aa = false;
  int answers = 0, authority = 0, additional = 0;
  std::vector<uint32_t> a;
  std::vector<std::string> txt;
};

// Reads what the tests check, walking the records the way a resolver would.
Reply Read(const Bytes& out, size_t size) {
  Reply r;
  r.size = size;
  if (size < 12) return r;
  r.rcode = out[3] & 0xF;
  r.tc = out[2] & 0x02;
  r.aa = out[2] & 0x04;
  r.answers = out[6] << 8 | out[7];
  r.authority = out[8] << 8 | out[9];
  r.additional = out[10] << 8 | out[11];
  size_t pos = 12;
  auto skip_name = [&] {
    while (pos < size) {
      if ((out[pos] & 0xC0) == 0xC0) return void(pos += 2);
      if (out[pos] == 0) return void(pos += 1);
      pos += 1 + out[pos];
    }
  };
  skip_name();
  pos += 4;
  for (int i = 0; i < r.answers && pos < size; ++i) {
    skip_name();
    const uint16_t t = static_cast<uint16_t>(out[pos] << 8 | out[pos + 1]);
    const size_t length = static_cast<size_t>(out[pos + 8] << 8 | out[pos + 9]);
    pos += 10;
    if (t == type::kA) {
      r.a.push_back(static_cast<uint32_t>(out[pos] << 24 | out[pos + 1] << 16 | out[pos + 2] << 8 |
                                          out[pos + 3]));
    }
    if (t == type::kTxt) {
      std::string text;
      for (size_t p = pos; p < pos + length; p += 1 + out[p]) {
        text.append(reinterpret_cast<const char*>(&out[p + 1]), out[p]);
      }
      r.txt.push_back(text);
    }
    pos += length;
  }
  return r;
}

class DnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto data = std::make_shared<ZoneData>();
    Ip128 ip;
    auto add = [&](const char* text, int length, uint32_t listing) {
      ASSERT_TRUE(ParseIp(text, &ip)) << text;
      data->AddNetwork(ip, length, listing);
    };
    const uint32_t spam = data->AddListing({0x7F000002, "$ sent spam"});
    const uint32_t net = data->AddListing({0x7F000003, "network of $"});
    add("127.0.0.2", 128, spam);
    add("192.0.2.1", 128, spam);
    add("198.51.100.0", 96 + 24, net);
    add("198.51.100.7", 128, ZoneData::kExcluded);
    add("2001:db8::", 32, net);
    data->AddDomain("test", false, spam);
    data->AddDomain("spam.example", false, spam);
    data->AddDomain("bad.example", true, spam);
    data->AddDomain("ok.bad.example", false, ZoneData::kExcluded);
    data->Build();
    Zone zone;
    zone.origin = "bl.example";
    zone.serial = 42;
    zone.data = data;
    zones_ = std::make_unique<ZoneSet>(std::vector<Zone>{zone});
  }

  Reply Ask(const Bytes& query, bool tcp = false) {
    Bytes out(65535 + kOptSize);
    const size_t size =
        HandlePacket(*zones_, query.data(), query.size(), out.data(), out.size(), tcp);
    return Read(out, size);
  }
  Reply Ask(const std::string& name, uint16_t qtype) { return Ask(MakeQuery(name, qtype)); }

  std::unique_ptr<ZoneSet> zones_;
};

TEST_F(DnsTest, ListedIpv4AnswersAAndTxtWithTheAddress) {
  Reply r = Ask("1.2.0.192.bl.example", type::kA);
  EXPECT_EQ(r.rcode, 0);
  EXPECT_TRUE(r.aa);
  ASSERT_EQ(r.a.size(), 1u);
  EXPECT_EQ(r.a[0], 0x7F000002u);
  r = Ask("1.2.0.192.bl.example", type::kTxt);
  ASSERT_EQ(r.txt.size(), 1u);
  EXPECT_EQ(r.txt[0], "192.0.2.1 sent spam");
  r = Ask("1.2.0.192.BL.Example", type::kAny);  // case-insensitive
  EXPECT_EQ(r.a.size(), 1u);
  EXPECT_EQ(r.txt.size(), 1u);
}

TEST_F(DnsTest, NotListedIsNxdomainWithSoa) {
  Reply r = Ask("2.2.0.192.bl.example", type::kA);
  EXPECT_EQ(r.rcode, 3);
  EXPECT_EQ(r.answers, 0);
  EXPECT_EQ(r.authority, 1);
  EXPECT_EQ(Ask("1.0.0.127.bl.example", type::kA).rcode, 3);  // RFC 5782 §5: never listed
  EXPECT_EQ(Ask("2.0.0.127.bl.example", type::kA).rcode, 0);
}

TEST_F(DnsTest, NetworksAndExceptions) {
  Reply r = Ask("9.100.51.198.bl.example", type::kA);
  ASSERT_EQ(r.a.size(), 1u);
  EXPECT_EQ(r.a[0], 0x7F000003u);
  EXPECT_EQ(Ask("7.100.51.198.bl.example", type::kA).rcode, 3);  // the exclusion
  EXPECT_EQ(Ask("1.101.51.198.bl.example", type::kA).rcode, 3);
}

TEST_F(DnsTest, Ipv6NibblesAndTheMappedTestEntry) {
  // 2001:db8::1 reversed.
  std::string name;
  const std::string hex = "20010db8000000000000000000000001";
  for (auto it = hex.rbegin(); it != hex.rend(); ++it) name += std::string(1, *it) + ".";
  Reply r = Ask(name + "bl.example", type::kTxt);
  ASSERT_EQ(r.txt.size(), 1u);
  EXPECT_EQ(r.txt[0], "network of 2001:db8::1");
  // ::ffff:7f00:2 is 127.0.0.2 (RFC 5782 §5).
  const std::string mapped = "00000000000000000000ffff7f000002";
  name.clear();
  for (auto it = mapped.rbegin(); it != mapped.rend(); ++it) name += std::string(1, *it) + ".";
  EXPECT_EQ(Ask(name + "bl.example", type::kA).a.size(), 1u);
  // 31 nibbles are not an address: a name that is not listed.
  EXPECT_EQ(Ask(name.substr(2) + "bl.example", type::kA).rcode, 3);
}

TEST_F(DnsTest, DomainsExactAndWildcard) {
  EXPECT_EQ(Ask("spam.example.bl.example", type::kA).a.size(), 1u);
  EXPECT_EQ(Ask("www.spam.example.bl.example", type::kA).rcode, 3);  // exact entry only
  EXPECT_EQ(Ask("x.y.bad.example.bl.example", type::kA).a.size(), 1u);
  EXPECT_EQ(Ask("bad.example.bl.example", type::kA).rcode, 3);     // *. excludes itself
  EXPECT_EQ(Ask("ok.bad.example.bl.example", type::kA).rcode, 3);  // exclusion
  EXPECT_EQ(Ask("test.bl.example", type::kA).a.size(), 1u);
  EXPECT_EQ(Ask("invalid.bl.example", type::kA).rcode, 3);
  Reply r = Ask("spam.example.bl.example", type::kTxt);
  ASSERT_EQ(r.txt.size(), 1u);
  EXPECT_EQ(r.txt[0], "spam.example sent spam");
}

TEST_F(DnsTest, ApexSoaNsAndNodata) {
  Reply r = Ask("bl.example", type::kSoa);
  EXPECT_EQ(r.rcode, 0);
  EXPECT_EQ(r.answers, 1);
  r = Ask("bl.example", type::kNs);
  EXPECT_EQ(r.answers, 1);
  r = Ask("bl.example", type::kA);  // exists, no A: NODATA with SOA
  EXPECT_EQ(r.rcode, 0);
  EXPECT_EQ(r.answers, 0);
  EXPECT_EQ(r.authority, 1);
  r = Ask("1.2.0.192.bl.example", type::kAaaa);  // listed name, other type
  EXPECT_EQ(r.rcode, 0);
  EXPECT_EQ(r.answers, 0);
}

TEST_F(DnsTest, OutsideTheZonesIsRefused) {
  EXPECT_EQ(Ask("example.org", type::kA).rcode, 5);
  EXPECT_EQ(Ask("xbl.example", type::kA).rcode, 5);  // the origin must end on a label
  Bytes chaos = MakeQuery("1.2.0.192.bl.example", type::kA);
  chaos[chaos.size() - 1] = 3;  // class CH
  EXPECT_EQ(Ask(chaos).rcode, 5);
}

TEST_F(DnsTest, Edns0PayloadAndTruncation) {
  Reply r = Ask(MakeQuery("1.2.0.192.bl.example", type::kA, 1232));
  EXPECT_EQ(r.additional, 1);  // the OPT record comes back
  // A 600-octet TXT does not fit in 512 octets without EDNS: TC; it does with EDNS 1232.
  auto data = std::make_shared<ZoneData>();
  data->AddDomain("long", false, data->AddListing({0x7F000002, std::string(600, 'x')}));
  data->Build();
  Zone zone;
  zone.origin = "bl.example";
  zone.data = data;
  zones_ = std::make_unique<ZoneSet>(std::vector<Zone>{zone});
  r = Ask("long.bl.example", type::kTxt);
  EXPECT_TRUE(r.tc);
  EXPECT_LE(r.size, 512u);
  r = Ask(MakeQuery("long.bl.example", type::kTxt, 1232));
  EXPECT_FALSE(r.tc);
  ASSERT_EQ(r.txt.size(), 1u);
  EXPECT_EQ(r.txt[0].size(), 600u);
  r = Ask(MakeQuery("long.bl.example", type::kTxt), /*tcp=*/true);
  EXPECT_FALSE(r.tc);
  Bytes bad_version = MakeQuery("long.bl.example", type::kA, 1232);
  bad_version[bad_version.size() - 5] = 1;  // EDNS version 1
  EXPECT_EQ(Ask(bad_version).rcode, 0);     // BADVERS is 16: low bits 0 in the header...
  EXPECT_EQ(Ask(bad_version).answers, 0);   // ...and no answer
}

TEST_F(DnsTest, MalformedPacketsAreRejectedWithReasons) {
  Query q;
  std::string error;
  auto parse = [&](const Bytes& b) { return ParseQuery(b.data(), b.size(), &q, &error); };
  EXPECT_EQ(parse(Bytes{1, 2, 3}), ParseOutcome::kDrop);
  Bytes response = MakeQuery("bl.example", type::kA);
  response[2] |= 0x80;
  EXPECT_EQ(parse(response), ParseOutcome::kDrop);

  Bytes loop = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
  EXPECT_EQ(parse(loop), ParseOutcome::kFormatError);
  EXPECT_NE(error.find("backwards"), std::string::npos) << error;

  Bytes truncated = MakeQuery("bl.example", type::kA);
  truncated.resize(16);
  EXPECT_EQ(parse(truncated), ParseOutcome::kFormatError);
  EXPECT_NE(error.find("offset"), std::string::npos) << error;

  Bytes two = MakeQuery("bl.example", type::kA);
  two[5] = 2;
  EXPECT_EQ(parse(two), ParseOutcome::kFormatError);
  EXPECT_NE(error.find("QDCOUNT"), std::string::npos);

  Bytes counts = MakeQuery("bl.example", type::kA);
  counts[7] = 5;  // five answers that are not there
  EXPECT_EQ(parse(counts), ParseOutcome::kFormatError);

  Bytes reserved = MakeQuery("bl.example", type::kA);
  reserved[12] = 0x45;  // label type 01
  EXPECT_EQ(parse(reserved), ParseOutcome::kFormatError);

  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "abcd.";
  EXPECT_EQ(parse(MakeQuery(long_name + "bl.example", type::kA)), ParseOutcome::kFormatError);
  EXPECT_NE(error.find("255"), std::string::npos);

  Bytes two_opts = MakeQuery("bl.example", type::kA, 1232);
  two_opts[11] = 2;
  two_opts.insert(two_opts.end(), {0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(parse(two_opts), ParseOutcome::kFormatError);
  EXPECT_NE(error.find("more than one OPT"), std::string::npos);

  // A malformed query with a readable header gets FORMERR with its id.
  Bytes out(512 + kOptSize);
  const size_t size =
      HandlePacket(*zones_, loop.data(), loop.size(), out.data(), out.size(), false);
  ASSERT_GE(size, 12u);
  EXPECT_EQ(out[3] & 0xF, 1);
}

// The flattened ranges answer exactly what the longest matching network says, for nested
// networks, exceptions, both families and the edges of the address space.
TEST(ZoneDataTest, LookupsAgreeWithLongestPrefixMatch) {
  std::mt19937_64 rng(1035);
  struct Net {
    Ip128 network;
    int length;
    uint32_t listing;
  };
  std::vector<Net> nets;
  ZoneData data;
  std::vector<uint32_t> listings;
  for (uint32_t i = 0; i < 8; ++i) listings.push_back(data.AddListing({0x7F000000 + i, ""}));
  auto random_ip = [&](bool v4) {
    const Ip128 r = static_cast<Ip128>(rng()) << 64 | rng();
    // Few distinct high bits, so networks nest and overlap often.
    return v4 ? kIpv4MappedPrefix | (static_cast<uint32_t>(r) & 0xC0FF00FF)
              : (r & ~(~Ip128{0} >> 8)) >> 6 << 6;
  };
  auto add = [&](Ip128 network, int length, uint32_t listing) {
    const Ip128 mask = length == 0 ? 0 : ~Ip128{0} << (128 - length);
    data.AddNetwork(network, length, listing);
    nets.push_back({network & mask, length, listing});
  };
  add(0, 0, listings[7]);                                 // ::/0 under everything
  add(kIpv4MappedPrefix | 0xFFFFFFFF, 128, listings[1]);  // 255.255.255.255
  add(~Ip128{0}, 128, ZoneData::kExcluded);               // the last address, excluded
  for (int i = 0; i < 3000; ++i) {
    const bool v4 = rng() % 2;
    const int length = v4 ? 96 + 8 + static_cast<int>(rng() % 25) : static_cast<int>(rng() % 129);
    const uint32_t listing = rng() % 5 == 0 ? ZoneData::kExcluded : listings[rng() % 7];
    add(random_ip(v4), length, listing);
  }
  data.Build();
  // Later entries for the same network win, like AddNetwork promises.
  auto expected = [&](Ip128 ip) -> const Listing* {
    int best = -1;
    uint32_t listing = ZoneData::kExcluded;
    for (const Net& n : nets) {
      const Ip128 mask = n.length == 0 ? 0 : ~Ip128{0} << (128 - n.length);
      if ((ip & mask) == n.network && n.length >= best) {
        best = n.length;
        listing = n.listing;
      }
    }
    return listing == ZoneData::kExcluded ? nullptr : &data.listing(listing);
  };
  for (int i = 0; i < 20000; ++i) {
    Ip128 ip = random_ip(rng() % 2);
    if (i % 3 == 0) ip = nets[rng() % nets.size()].network;                // a network's start
    if (i % 3 == 1) ip = nets[rng() % nets.size()].network | (rng() % 4);  // just inside it
    ASSERT_EQ(data.FindIp(ip), expected(ip)) << FormatIp(ip);
  }
  EXPECT_EQ(data.FindIp(~Ip128{0}), nullptr);
  EXPECT_EQ(data.FindIp(kIpv4MappedPrefix | 0xFFFFFFFF), &data.listing(listings[1]));
  EXPECT_EQ(data.FindIp(0), expected(0));
}

}  // namespace
}  // namespace concord::dns
