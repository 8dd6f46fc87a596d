#include "directory/directory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "directory/business_hours.h"
#include "directory/pgp.h"

namespace concord::directory {
namespace {

Contact ContactAt(const std::string& email) {
  Contact c;
  c.email = email;
  return c;
}

Team MakeTeam(const std::string& short_name, const std::string& country = "AZ") {
  Team t;
  t.id = "identity--" + std::to_string(std::hash<std::string>{}(short_name));
  t.short_name = short_name;
  t.name = short_name + " full name";
  t.country = country;
  t.type = "national";
  return t;
}

std::string V4Text(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." +
         std::to_string(a >> 8 & 255) + "." + std::to_string(a & 255);
}

// The reference: scan every claimed prefix of every team.
std::vector<uint32_t> BruteForce(const std::vector<Team>& teams, Ip128 ip) {
  int best = -1;
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < teams.size(); ++i) {
    for (const std::string& p : teams[i].constituency.prefixes) {
      Ip128 net;
      int len;
      std::string error;
      if (!ParsePrefix(p, &net, &len, &error)) {
        ADD_FAILURE() << p;
        continue;
      }
      const bool v4_prefix = IsIpv4(net) && len >= 96;
      if (v4_prefix != IsIpv4(ip)) continue;  // separate families
      const Ip128 mask = len == 0 ? 0 : ~static_cast<Ip128>(0) << (128 - len);
      if ((ip & mask) != net) continue;
      if (len > best) {
        best = len;
        out.clear();
      }
      if (len == best && (out.empty() || out.back() != i)) out.push_back(i);
    }
  }
  return out;
}

TEST(DirectoryTest, LongestPrefixMatchAgreesWithBruteForce) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 30; ++round) {
    // Few base networks so that prefixes nest and repeat; /0, host routes and IPv6 included.
    std::vector<uint32_t> bases4;
    for (int i = 0; i < 4; ++i) bases4.push_back(static_cast<uint32_t>(rng()));
    std::vector<Ip128> bases6;
    for (int i = 0; i < 3; ++i) {
      bases6.push_back((static_cast<Ip128>(0x2001'0db8u + (rng() % 3)) << 96) |
                       (static_cast<Ip128>(rng()) << 32));
    }
    std::vector<Team> teams;
    const int team_count = 2 + static_cast<int>(rng() % 6);
    for (int t = 0; t < team_count; ++t) teams.push_back(MakeTeam("T" + std::to_string(t)));
    std::vector<Ip128> probes;
    for (int i = 0; i < 60; ++i) {
      Team& team = teams[rng() % teams.size()];
      if (rng() % 3 != 0) {
        const int len =
            rng() % 10 == 0 ? static_cast<int>(rng() % 2) * 32 : static_cast<int>(rng() % 33);
        uint32_t net = bases4[rng() % bases4.size()] ^ static_cast<uint32_t>(rng() % 4096);
        if (len < 32) net &= len == 0 ? 0 : ~uint32_t{0} << (32 - len);
        team.constituency.prefixes.push_back(V4Text(net) + "/" + std::to_string(len));
        const uint32_t last = len == 0 ? ~uint32_t{0} : net | (len == 32 ? 0 : ~uint32_t{0} >> len);
        for (uint32_t p : {net, last, net - 1, last + 1}) probes.push_back(kIpv4MappedPrefix | p);
      } else {
        const int len =
            rng() % 10 == 0 ? static_cast<int>(rng() % 2) * 128 : static_cast<int>(rng() % 129);
        Ip128 net = bases6[rng() % bases6.size()] ^ static_cast<Ip128>(rng() % 65536);
        if (len < 128) net &= len == 0 ? 0 : ~static_cast<Ip128>(0) << (128 - len);
        team.constituency.prefixes.push_back(FormatIp(net) + "/" + std::to_string(len));
        const Ip128 last = len == 0 ? ~static_cast<Ip128>(0)
                                    : net | (len == 128 ? 0 : ~static_cast<Ip128>(0) >> len);
        for (Ip128 p : {net, last, net - 1, last + 1}) {
          if (!IsIpv4(p)) probes.push_back(p);
        }
      }
    }
    for (Team& t : teams) ASSERT_TRUE(NormaliseTeam(&t).ok());
    for (int i = 0; i < 500; ++i) {
      probes.push_back(kIpv4MappedPrefix | (bases4[rng() % bases4.size()] ^ (rng() % 8192)));
      probes.push_back(bases6[rng() % bases6.size()] ^ static_cast<Ip128>(rng() % 200000));
      probes.push_back(kIpv4MappedPrefix | static_cast<uint32_t>(rng()));
    }
    Directory dir(teams);
    for (Ip128 ip : probes) {
      Answer a = dir.Lookup(FormatIp(ip));
      ASSERT_EQ(a.kind, QueryKind::kIp);
      std::vector<uint32_t> got = a.teams;
      std::sort(got.begin(), got.end());
      ASSERT_EQ(got, BruteForce(teams, ip)) << "round " << round << " " << FormatIp(ip);
      ASSERT_EQ(a.rule, got.empty() ? "" : "prefix");
    }
  }
}

// Found by fuzz_directory once CI ran it: an empty directory crashed on an address lookup.
TEST(DirectoryTest, AnEmptyDirectoryAnswersNothingForEveryKindOfQuery) {
  for (const char* q : {"::", "192.0.2.1", "2001:db8::1", "AS64500", "example.org", "FR", ""}) {
    EXPECT_TRUE(Directory().Lookup(q).teams.empty()) << q;
    EXPECT_TRUE(Directory(std::vector<Team>{}).Lookup(q).teams.empty()) << q;
  }
}

TEST(DirectoryTest, AsnDomainSuffixCountryAndSector) {
  Team az = MakeTeam("CERT.AZ");
  az.constituency.countries = {"az"};
  az.constituency.domains = {".az"};
  az.constituency.asns = {29049};
  Team gov = MakeTeam("GOV-CERT");
  gov.constituency.domains = {"gov.az"};
  gov.constituency.sectors = {"government-national"};
  Team bank = MakeTeam("BANK-CSIRT");
  bank.constituency.domains = {"bank.gov.az"};
  bank.constituency.asns = {64500};
  Team my = MakeTeam("MyCERT", "MY");
  my.constituency.countries = {"MY"};
  for (Team* t : {&az, &gov, &bank, &my}) ASSERT_TRUE(NormaliseTeam(t).ok());
  Directory dir({az, gov, bank, my});
  auto teams_of = [&](std::string_view q) {
    std::vector<std::string> out;
    for (uint32_t i : dir.Lookup(q).teams) out.push_back(dir.teams()[i].short_name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(teams_of("AS29049"), V{"CERT.AZ"});
  EXPECT_EQ(teams_of("as64500"), V{"BANK-CSIRT"});
  EXPECT_EQ(teams_of("64500"), V{"BANK-CSIRT"});
  EXPECT_EQ(teams_of("AS65000"), V{});
  EXPECT_EQ(teams_of("mail.bank.gov.az"), V{"BANK-CSIRT"});
  EXPECT_EQ(teams_of("BANK.GOV.AZ."), V{"BANK-CSIRT"});
  EXPECT_EQ(teams_of("www.gov.az"), V{"GOV-CERT"});
  EXPECT_EQ(teams_of("notbank.gov.az"), V{"GOV-CERT"});  // suffix by label, not by string
  EXPECT_EQ(teams_of("example.az"), V{"CERT.AZ"});
  EXPECT_EQ(teams_of("https://user@portal.gov.az:8443/login"), V{"GOV-CERT"});
  EXPECT_EQ(teams_of("abuse@bank.gov.az"), V{"BANK-CSIRT"});
  // No domain claim: the ccTLD's country.
  Answer my_domain = dir.Lookup("example.com.my");
  EXPECT_EQ(my_domain.rule, "country");
  EXPECT_EQ(teams_of("example.com.my"), V{"MyCERT"});
  EXPECT_EQ(teams_of("example.com"), V{});
  EXPECT_EQ(teams_of("az"), V{"CERT.AZ"});  // two letters: a country
  EXPECT_EQ(dir.Lookup("az").kind, QueryKind::kCountry);
  EXPECT_EQ(teams_of("sector:Government-National"), V{"GOV-CERT"});
  EXPECT_EQ(dir.Lookup("AS0").kind, QueryKind::kInvalid);
  EXPECT_EQ(dir.Lookup("not a thing!").kind, QueryKind::kInvalid);
  EXPECT_EQ(dir.Lookup("").kind, QueryKind::kInvalid);
  EXPECT_EQ(dir.Lookup("AS23456").kind, QueryKind::kInvalid);
}

TEST(DirectoryTest, EqualClaimsAreReportedAsConflicts) {
  Team a = MakeTeam("A-CERT");
  a.constituency.prefixes = {"192.0.2.0/24", "198.51.100.0/24"};
  a.constituency.domains = {"example.org"};
  Team b = MakeTeam("B-CERT");
  b.constituency.prefixes = {"192.0.2.0/24", "192.0.2.128/25"};
  b.constituency.domains = {"example.org"};
  ASSERT_TRUE(NormaliseTeam(&a).ok());
  ASSERT_TRUE(NormaliseTeam(&b).ok());
  Directory dir({a, b});
  Answer both = dir.Lookup("192.0.2.1");
  EXPECT_TRUE(both.conflict());
  EXPECT_EQ(both.teams, (std::vector<uint32_t>{0, 1}));
  EXPECT_FALSE(dir.Lookup("192.0.2.200").conflict());  // B's /25 is more specific: no conflict
  EXPECT_TRUE(dir.Lookup("www.example.org").conflict());
  auto conflicts = dir.Conflicts();
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].claim, "192.0.2.0/24");
  EXPECT_EQ(conflicts[1].claim, "example.org");
  Team c = MakeTeam("C-CERT");
  c.constituency.prefixes = {"198.51.100.0/24"};
  ASSERT_TRUE(NormaliseTeam(&c).ok());
  auto of_c = dir.ConflictsOf(c);
  ASSERT_EQ(of_c.size(), 1u);
  EXPECT_EQ(of_c[0].teams, std::vector<uint32_t>{0});
}

Micros At(const char* rfc3339) { return *ParseTimestamp(rfc3339); }

TEST(DirectoryTest, BusinessHoursFollowTheTeamsZoneAcrossDst) {
  Team ny = MakeTeam("NY-CSIRT", "US");
  ny.time_zone = "America/New_York";
  ny.business_hours = "Mon-Fri 09:00-17:00";
  ny.phone = "+1 212 555 0100";
  ny.emergency_phone = "+1 212 555 0199";
  ny.contacts = {{"office@ny.example", "Office", "liaison", "", false, {"en"}, 0},
                 {"duty@ny.example", "Duty desk", "duty-officer", "", true, {"en"}, 0}};
  ASSERT_TRUE(NormaliseTeam(&ny).ok());
  auto now = [&](const char* t) { return ContactsToUseNow(ny, At(t)); };
  // Friday 2026-03-06 13:30 UTC = 08:30 EST: closed. Monday 2026-03-09 13:30 UTC = 09:30 EDT
  // (DST began on the 8th): open. The same UTC time of day, different answers.
  ContactsNow before = now("2026-03-06T13:30:00Z");
  EXPECT_EQ(before.hours, ContactsNow::Hours::kClosed);
  ASSERT_EQ(before.contacts.size(), 1u);
  EXPECT_EQ(before.contacts[0]->email, "duty@ny.example");
  EXPECT_EQ(before.phone, "+1 212 555 0199");
  ContactsNow after = now("2026-03-09T13:30:00Z");
  EXPECT_EQ(after.hours, ContactsNow::Hours::kOpen);
  ASSERT_EQ(after.contacts.size(), 2u);
  EXPECT_EQ(after.contacts[0]->email, "duty@ny.example");  // 24/7 duty officer first
  EXPECT_EQ(after.phone, "+1 212 555 0100");
  EXPECT_EQ(after.local_time, "2026-03-09 09:30 Mon (America/New_York, UTC-04:00)");
  // 16:59 and 17:00 local in November (EST again).
  EXPECT_EQ(now("2026-11-02T21:59:00Z").hours, ContactsNow::Hours::kOpen);
  EXPECT_EQ(now("2026-11-02T22:00:00Z").hours, ContactsNow::Hours::kClosed);
  EXPECT_EQ(now("2026-11-07T15:00:00Z").hours, ContactsNow::Hours::kClosed);  // Saturday

  // Southern hemisphere, Sun-Thu week: Sydney DST ends 2026-04-05 03:00 local.
  Team au = MakeTeam("AU-TEAM", "AU");
  au.time_zone = "Australia/Sydney";
  au.business_hours = "Sun-Thu 08:00-16:00";
  ASSERT_TRUE(NormaliseTeam(&au).ok());
  // Thu 2026-04-02 21:30 UTC = Fri 08:30 AEDT: Friday is not a working day.
  EXPECT_EQ(ContactsToUseNow(au, At("2026-04-02T21:30:00Z")).hours, ContactsNow::Hours::kClosed);
  // Sun 2026-04-05 21:30 UTC = Mon 07:30 AEST: before opening (in AEDT it would be 08:30).
  EXPECT_EQ(ContactsToUseNow(au, At("2026-04-05T21:30:00Z")).hours, ContactsNow::Hours::kClosed);
  EXPECT_EQ(ContactsToUseNow(au, At("2026-04-05T22:30:00Z")).hours, ContactsNow::Hours::kOpen);
  // Half-hour zone: Kolkata 09:00 IST = 03:30 UTC.
  Team in = MakeTeam("IN-TEAM", "IN");
  in.time_zone = "Asia/Kolkata";
  in.business_hours = "Mon-Fri 09:00-17:30";
  ASSERT_TRUE(NormaliseTeam(&in).ok());
  EXPECT_EQ(ContactsToUseNow(in, At("2026-11-23T03:29:00Z")).hours, ContactsNow::Hours::kClosed);
  EXPECT_EQ(ContactsToUseNow(in, At("2026-11-23T03:30:00Z")).hours, ContactsNow::Hours::kOpen);
  // A 24/7 desk and unknown hours list every contact.
  ny.business_hours = "24/7";
  EXPECT_EQ(now("2026-11-07T03:00:00Z").contacts.size(), 2u);
  ny.business_hours.clear();
  EXPECT_EQ(now("2026-11-07T03:00:00Z").hours, ContactsNow::Hours::kUnknown);
}

TEST(DirectoryTest, BusinessHoursSyntax) {
  for (const char* ok :
       {"Mon-Fri 09:00-17:00", "sun-thu 08:00-16:00", "24/7",
        "Mon-Thu 08:00-16:30; Fri 08:00-12:00", "Mon,Wed,Fri 10:00-14:00", "Fri-Mon 00:00-24:00"}) {
    EXPECT_TRUE(BusinessHours::Parse(ok).ok()) << ok;
  }
  for (const char* bad : {"", "Mon-Fri", "Mon-Fri 9-5", "Mon-Fri 17:00-09:00", "Moon 09:00-10:00",
                          "Mon-Fri 09:00-25:00", "Mon-Fri 09:60-10:00", "Mon-Fri 09:00-17:00;"}) {
    EXPECT_FALSE(BusinessHours::Parse(bad).ok()) << bad;
  }
}

TEST(DirectoryTest, RejectsBadTeamsWithTheField) {
  auto error_of = [](const std::function<void(Team&)>& change) {
    Team t = MakeTeam("X");
    change(t);
    Status st = NormaliseTeam(&t);
    return st.ok() ? std::string("ok") : st.message();
  };
  EXPECT_EQ(error_of([](Team&) {}), "ok");
  EXPECT_NE(error_of([](Team& t) { t.country = "XX"; }).find("country: country 'XX' is not an ISO"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.country = "AZE"; }).find("country"), std::string::npos);
  EXPECT_NE(error_of([](Team& t) {
              t.constituency.prefixes = {"192.0.2.1/24"};
            }).find("host bits are set after the prefix length; did you mean 192.0.2.0/24?"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.constituency.prefixes = {"192.0.2.0/33"}; }).find("0-32"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.constituency.prefixes = {"2001:db8::/129"}; }).find("0-128"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) {
              t.constituency.prefixes = {"300.1.1.0/24"};
            }).find("not an IP address"),
            std::string::npos);
  EXPECT_NE(
      error_of([](Team& t) { t.constituency.countries = {"ZZ"}; }).find("constituency.countries"),
      std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.type = "army"; }).find("type: 'army' is not one of"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.phone = "012 345"; }).find("phone"), std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.time_zone = "Mars/Base"; }).find("time_zone"),
            std::string::npos);
  EXPECT_NE(
      error_of([](Team& t) { t.business_hours = "Mon-Fri 09:00-17:00"; }).find("needs time_zone"),
      std::string::npos);
  EXPECT_NE(error_of([](Team& t) {
              t.contacts = {ContactAt("a@example.org"), ContactAt("A@Example.org")};
            }).find("contacts[1].email: 'a@example.org' is already a contact"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) {
              t.contacts = {ContactAt("not-an-address")};
            }).find("contacts[0].email"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.pgp_fingerprint = "1234"; }).find("4 hex digits"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.pgp_key = "hello"; }).find("pgp_key: PGP key: does not start"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) { t.established = "2007-13"; }).find("established"),
            std::string::npos);
  EXPECT_NE(error_of([](Team& t) {
              t.memberships = {{"FIRST", "2025-02-30"}};
            }).find("memberships[0].confirmed"),
            std::string::npos);
  // JSON input: unknown and mistyped fields are named.
  EXPECT_NE(TeamFromJsonText(R"({"short_name":"X","name":"X","country":"AZ","type":"national",)"
                             R"("websit":"https://x"})")
                .status()
                .message()
                .find("websit: unknown field"),
            std::string::npos);
  EXPECT_NE(TeamFromJsonText(R"({"short_name":"X","name":"X","country":"AZ","type":"national",)"
                             R"("contacts":[{"email":"a@b.org","24x7":"yes"}]})")
                .status()
                .message()
                .find("contacts[0].24x7: expected true or false"),
            std::string::npos);
}

TEST(DirectoryTest, NormalisesAndRoundTripsJson) {
  Team t = MakeTeam("CERT.AZ");
  t.country = "az";
  t.email = "Info@CERT.GOV.AZ";
  t.constituency.prefixes = {"2001:DB8:0::/32", "::ffff:192.0.2.0/120", "192.0.2.0/24"};
  t.constituency.domains = {".AZ", "Bücher.example"};
  t.constituency.asns = {64500, 64500};
  t.contacts = {{"Duty@Cert.gov.az",
                 "Duty",
                 "duty-officer",
                 "+994 12 000 00 00",
                 true,
                 {"AZ", "en"},
                 At("2026-01-01T00:00:00Z")}};
  t.memberships = {{"FIRST", "2025-06-01"}};
  ASSERT_TRUE(NormaliseTeam(&t).ok());
  EXPECT_EQ(t.country, "AZ");
  EXPECT_EQ(t.email, "info@cert.gov.az");
  EXPECT_EQ(t.constituency.prefixes, (std::vector<std::string>{"192.0.2.0/24", "2001:db8::/32"}));
  EXPECT_EQ(t.constituency.domains, (std::vector<std::string>{"az", "xn--bcher-kva.example"}));
  EXPECT_EQ(t.constituency.asns, std::vector<uint32_t>{64500});
  EXPECT_EQ(t.contacts[0].languages, (std::vector<std::string>{"az", "en"}));
  auto back = TeamFromJsonText(TeamToJson(t));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(TeamToJson(*back), TeamToJson(t));
}

// Throwaway keys made with GnuPG 2.2 for this test (no one holds or uses them).
constexpr const char* kEd25519Key = R"(-----BEGIN PGP PUBLIC KEY BLOCK-----

mDMEawIL2xYJKwYBBAHaRw8BAQdAzCZMM6xGT7dPnaj5IL/K4gl2jlzFXhmdsx6/
niqCZHW0KUNvbmNvcmQgVGVzdCBUZWFtIDx0ZXN0LXRlYW1AZXhhbXBsZS5vcmc+
iJAEExYIADgWIQQG1ZjQ32WMWtuQ/9H0Ab78DNrVYAUCawIL2wIbAQULCQgHAgYV
CgkICwIEFgIDAQIeAQIXgAAKCRD0Ab78DNrVYBndAP9SWoGH5WrD3jOmXRADonCU
OlLhamwauWuxUA2h7IW9UQEA1DzGZjyO8y9dCraFYUr6MZfH/F2woRtsYQMmfvC3
tQU=
=pFbj
-----END PGP PUBLIC KEY BLOCK-----
)";

TEST(PgpTest, FingerprintsMatchGnuPg) {
  auto key = ParsePgpPublicKey(kEd25519Key);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->version, 4);
  EXPECT_EQ(key->fingerprint, "06D598D0DF658C5ADB90FFD1F401BEFC0CDAD560");
  EXPECT_EQ(key->user_id, "Concord Test Team <test-team@example.org>");
  Team t = MakeTeam("X");
  t.pgp_key = kEd25519Key;
  t.pgp_fingerprint = "06d5 98d0 df65 8c5a db90  ffd1 f401 befc 0cda d560";
  EXPECT_TRUE(NormaliseTeam(&t).ok());
  t.pgp_fingerprint = "16D598D0DF658C5ADB90FFD1F401BEFC0CDAD560";
  EXPECT_NE(NormaliseTeam(&t).message().find("is not the fingerprint of pgp_key"),
            std::string::npos);
}

TEST(PgpTest, RejectsDamagedKeys) {
  std::string key = kEd25519Key;
  // Flip one base64 character of the body: the CRC-24 catches it.
  const size_t body = key.find("\n\n") + 2;
  std::string flipped = key;
  flipped[body + 10] = flipped[body + 10] == 'A' ? 'B' : 'A';
  EXPECT_NE(ParsePgpPublicKey(flipped).status().message().find("CRC-24"), std::string::npos);
  EXPECT_NE(ParsePgpPublicKey(key.substr(0, key.size() / 2)).status().message().find("END PGP"),
            std::string::npos);
  std::string bad_base64 = key;
  bad_base64[body + 3] = '*';
  EXPECT_FALSE(ParsePgpPublicKey(bad_base64).ok());
  // Every truncation of the body is rejected without reading past it (ASan checks).
  for (size_t n = 0; n < key.size(); n += 3) {
    std::string cut = key.substr(0, n) + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
    (void)ParsePgpPublicKey(cut);
  }
  EXPECT_FALSE(ParsePgpPublicKey("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n"
                                 "-----END PGP PUBLIC KEY BLOCK-----")
                   .ok());
}

}  // namespace
}  // namespace concord::directory
