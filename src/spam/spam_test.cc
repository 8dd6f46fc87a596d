#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "spam/intake.h"
#include "spam/mime.h"
#include "spam/report.h"
#include "spam/reputation.h"
#include "spam/sqlite_store.h"
#include "spam/store.h"
#include "spam/zones.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::spam {
namespace {

std::string Sample(const std::string& name) {
  std::ifstream in(std::string(CONCORD_SOURCE_DIR) + "/tests/data/spam/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool AnyContains(const std::vector<std::string>& list, const std::string& part) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

TEST(ReportTest, ArfAbuseReport) {
  auto r = ParseReport(Sample("arf-abuse.eml"), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->format, "arf");
  EXPECT_EQ(r->feedback_type, "abuse");
  EXPECT_EQ(r->source_ip, "192.0.2.1");
  EXPECT_EQ(r->source_found, "Source-IP");
  EXPECT_EQ(r->sender_domain, "spam-sender.example");
  EXPECT_EQ(r->reporter, "abusedesk@mail.example.net");
  EXPECT_EQ(r->subject, "Earn money");
  EXPECT_EQ(r->message_id, "<8787KJKJ3K4J3K4J3K4J3.mail@spam-sender.example>");
  // Arrival-Date: Thu, 8 Mar 2026 14:00:00 EDT = 18:00 UTC.
  EXPECT_EQ(FormatTimestampMillis(r->reported_at), "2026-03-08T18:00:00.000Z");
  EXPECT_TRUE(Has(r->domains, "spam-sender.example"));       // Reported-Domain
  EXPECT_TRUE(Has(r->domains, "shop.spam-sender.example"));  // Reported-URI
  EXPECT_TRUE(Has(r->domains, "win-big.example"));           // quoted-printable body, soft break
  EXPECT_TRUE(Has(r->domains, "www.cheap-pills.example"));
  EXPECT_TRUE(AnyContains(r->urls, "http://198.51.100.23/unsub"));
  EXPECT_FALSE(Has(r->domains, "198.51.100.23"));  // IP hosts are not domains
  EXPECT_TRUE(std::any_of(r->fields.begin(), r->fields.end(),
                          [](const auto& f) { return f.first == "Authentication-Results"; }));
  EXPECT_TRUE(r->warnings.empty()) << r->warnings[0];
}

TEST(ReportTest, ArfAuthFailureWithHeadersOnlyUsesTheReceivedChain) {
  auto r = ParseReport(Sample("arf-auth-failure.eml"), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->feedback_type, "auth-failure");
  EXPECT_EQ(r->source_ip, "203.0.113.77");  // 10.1.2.3 is internal: skipped
  EXPECT_EQ(r->source_found, "Received");
  EXPECT_EQ(r->sender_domain, "bank.example");
  EXPECT_EQ(r->subject, "Verify your account");
  EXPECT_EQ(FormatTimestampMillis(r->reported_at), "2026-03-09T09:55:00.000Z");
}

TEST(ReportTest, MissingRequiredFieldsAreNamed) {
  auto r = ParseReport(Sample("arf-missing-feedback-type.eml"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Feedback-Type"), std::string::npos);
  EXPECT_NE(r.status().message().find("RFC 5965"), std::string::npos);
  std::string auth = Sample("arf-auth-failure.eml");
  auth.replace(auth.find("Auth-Failure: dkim"), 18, "X-Other: dkim     ");
  r = ParseReport(auth, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Auth-Failure"), std::string::npos);
}

TEST(ReportTest, XarfMailAndJson) {
  auto r = ParseReport(Sample("xarf-0.2.eml"), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->format, "x-arf-0.2");
  EXPECT_EQ(r->feedback_type, "spam");
  EXPECT_EQ(r->source_ip, "198.51.100.77");
  EXPECT_EQ(r->reporter, "abuse-reports@isp.example");
  EXPECT_EQ(r->sender_domain, "lottery-scam.example");
  EXPECT_TRUE(Has(r->domains, "claim.lottery-scam.example"));
  std::string broken = Sample("xarf-0.2.eml");
  broken.replace(broken.find("Source-Type: ipv4"), 17, "Kind: ipv4       ");
  r = ParseReport(broken, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Source-Type"), std::string::npos);

  r = ParseReport(Sample("xarf-4.json"), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->format, "x-arf-4");
  EXPECT_EQ(r->source_ip, "203.0.113.45");
  EXPECT_EQ(r->reporter, "abuse@isp2.example");
  EXPECT_EQ(r->sender_domain, "pills.example");
  EXPECT_TRUE(Has(r->domains, "rx.pills.example"));
  EXPECT_EQ(FormatTimestampMillis(r->reported_at), "2026-03-11T09:30:00.000Z");
  r = ParseReport(R"({"xarf_version": "4.0.0", "report_id": "x"})", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("category"), std::string::npos);
  r = ParseReport("{\"xarf_version\": ", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("byte"), std::string::npos);
}

TEST(ReportTest, PlainSpamTrustedRelaysAndHtml) {
  ReportOptions options;
  options.default_reporter = "cli:analyst";
  auto r = ParseReport(Sample("plain-spam.eml"), options);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->format, "plain");
  EXPECT_EQ(r->source_ip, "203.0.113.9");  // the first hop from outside 10/8
  EXPECT_EQ(r->reporter, "cli:analyst");
  EXPECT_EQ(r->sender_domain, "bulk-mailer.example");  // Return-Path
  EXPECT_EQ(r->subject, "Große Rabatte");
  EXPECT_TRUE(Has(r->domains, "malware-drop.example"));  // base64 HTML href
  EXPECT_TRUE(AnyContains(r->urls, "get.php?a=1&b=2"));
  EXPECT_TRUE(Has(r->domains, "deals.bulk-mailer.example"));
  // When 203.0.113.0/24 is the receiver's own relay, the hop before it is the source... which
  // is private here, so none is found.
  ReportOptions trusted;
  trusted.trusted_relays = *ParseNetworks({"203.0.113.0/24"});
  r = ParseReport(Sample("plain-spam.eml"), trusted);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->source_ip, "");
}

TEST(ReportTest, MalformedMimeAndCharsets) {
  auto r = ParseReport(Sample("no-boundary.eml"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("boundary"), std::string::npos);
  r = ParseReport(" continuation first\r\nFrom: x\r\n\r\nbody", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1"), std::string::npos);
  r = ParseReport("this is not a header\nnor this\n\nbody", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(ParseReport("", {}).ok());

  r = ParseReport(Sample("wrong-charset.eml"), {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(AnyContains(r->warnings, "not UTF-8")) << (r->warnings.empty() ? "" : r->warnings[0]);
  EXPECT_TRUE(Has(r->domains, "latin.example"));  // still read
  EXPECT_EQ(r->source_ip, "192.0.2.50");

  // A missing closing boundary: a warning, and the last part is still read.
  std::string unclosed = Sample("arf-abuse.eml");
  unclosed.resize(unclosed.rfind("--part1_13d.2e68ed54_boundary--"));
  r = ParseReport(unclosed, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(AnyContains(r->warnings, "closing boundary"));
  EXPECT_TRUE(Has(r->domains, "win-big.example"));

  auto unknown = ParseMessage("Content-Type: text/plain; charset=x-klingon\n\nqapla'");
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(AnyContains(unknown->warnings, "unknown charset"));
}

TEST(ReportTest, MboxAndDates) {
  const auto messages = SplitMbox(Sample("spam.mbox"));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].find("\nFrom the desk"), std::string::npos);  // ">From " unquoted
  auto r = ParseReport(messages[1], {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->source_ip, "198.51.100.6");
  EXPECT_EQ(*ParseMailDate("Tue, 1 Jul 2003 10:52:37 +0200"),
            *ParseTimestamp("2003-07-01T08:52:37Z"));
  EXPECT_EQ(*ParseMailDate("1 Jul 03 10:52 GMT"), *ParseTimestamp("2003-07-01T10:52:00Z"));
  EXPECT_FALSE(ParseMailDate("yesterday").ok());
  EXPECT_FALSE(ParseMailDate("1 Jan 2147483647 00:00 +0000").ok());  // found by fuzz_spam
}

class SpamStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("concord-spam-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    // The core store plus this module's tables: what the module needs and nothing else.
    AddSqlite(module_);
    store::SqliteOptions options;
    options.modules = {&module_};
    db_ = std::move(*store::OpenSqliteDatabase((dir_ / "db").string(), options));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  IntakeResult SubmitOk(const std::string& raw, const std::string& submitter = "cli:test") {
    IntakeOptions options;
    options.submitter = submitter;
    options.now = now_;
    auto r = Submit(db_->Get<spam::SpamStore>(), raw, options);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : IntakeResult{};
  }
  const SourceReputation* Find(const std::vector<SourceReputation>& all, const std::string& kind,
                               const std::string& key) {
    for (const auto& s : all) {
      if (s.kind == kind && s.key == key) return &s;
    }
    return nullptr;
  }

  std::filesystem::path dir_;
  store::SqliteModule module_;
  std::unique_ptr<store::Database> db_;
  Micros now_ = *ParseTimestamp("2026-03-08T18:00:00Z");
};

TEST_F(SpamStoreTest, DuplicatesCountOnceAndReportersAreDistinct) {
  const std::string arf = Sample("arf-abuse.eml");
  IntakeResult first = SubmitOk(arf);
  EXPECT_TRUE(first.added);
  // The same message again, with LF line ends: a duplicate.
  std::string lf = arf;
  lf.erase(std::remove(lf.begin(), lf.end(), '\r'), lf.end());
  IntakeResult again = SubmitOk(lf);
  EXPECT_FALSE(again.added);
  EXPECT_EQ(again.id, first.id);
  // The same spam from another reporter counts.
  std::string other = arf;
  other.replace(other.find("abusedesk@mail.example.net"), 26, "abusedesk@mail.example.org");
  EXPECT_TRUE(SubmitOk(other).added);
  auto rep = ComputeReputation(db_->Get<spam::SpamStore>(), {}, now_);
  ASSERT_TRUE(rep.ok());
  const SourceReputation* ip = Find(*rep, "ip", "192.0.2.1");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->reports, 2);
  EXPECT_EQ(ip->reporters, 2);
  EXPECT_TRUE(ip->listed);  // 2 fresh reports reach the default threshold of 2
  const SourceReputation* net = Find(*rep, "network", "192.0.2.0/24");
  ASSERT_NE(net, nullptr);
  EXPECT_FALSE(net->listed);  // networks need 5
  auto stored = db_->Get<spam::SpamStore>().GetReport(first.id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->raw, arf);  // kept verbatim
  // not-spam is kept but names no source.
  IntakeResult not_spam = SubmitOk(Sample("not-spam.eml"));
  EXPECT_TRUE(not_spam.added);
  rep = ComputeReputation(db_->Get<spam::SpamStore>(), {}, now_);
  EXPECT_EQ(Find(*rep, "ip", "192.0.2.200"), nullptr);
}

TEST_F(SpamStoreTest, ScoresDecayWithTheHalfLife) {
  SubmitOk(Sample("arf-abuse.eml"));
  ReputationConfig config;
  config.half_life_days = 7;
  config.threshold = 0.9;
  auto at = [&](double days) {
    auto rep = ComputeReputation(db_->Get<spam::SpamStore>(), config,
                                 now_ + static_cast<Micros>(days * 86400 * 1e6));
    return *Find(*rep, "ip", "192.0.2.1");
  };
  EXPECT_DOUBLE_EQ(at(0).score, 1.0);
  EXPECT_NEAR(at(7).score, 0.5, 1e-9);
  EXPECT_NEAR(at(14).score, 0.25, 1e-9);
  EXPECT_TRUE(at(0).listed);
  EXPECT_FALSE(at(7).listed);  // faded under the threshold
  EXPECT_EQ(at(14).reports, 1);
}

TEST_F(SpamStoreTest, ZonesApplyListingsDelistingsAndExpiry) {
  SubmitOk(Sample("arf-abuse.eml"), "cli:a");
  std::string other = Sample("arf-abuse.eml");
  other.replace(other.find("abusedesk@mail.example.net"), 26, "abusedesk@mail.example.org");
  SubmitOk(other, "cli:b");
  ReputationConfig reputation;
  reputation.threshold = 1.5;  // two reports stay over it for days
  ASSERT_TRUE(SaveReputationConfig(db_->settings(), reputation).ok());
  ZoneSettings settings;
  settings.origin = "bl.cert.example";
  auto config = WriteZoneSettings(settings);
  ASSERT_TRUE(config.ok());
  ASSERT_TRUE(db_->Get<spam::SpamStore>().PutZone(*config).ok());
  auto build = [&](Micros at) {
    auto zone = BuildZone(*db_, settings, at);
    EXPECT_TRUE(zone.ok()) << zone.status().message();
    return *zone;
  };
  Ip128 ip;
  ParseIp("192.0.2.1", &ip);
  EXPECT_NE(build(now_).data->FindIp(ip), nullptr);
  EXPECT_NE(build(now_).data->FindDomain("spam-sender.example"), nullptr);
  // A delisting overrides the reputation; a manual listing adds; both can expire.
  spam::DnsListing delist{
      0,    settings.origin,    "192.0.2.1", true, "", "false positive", "cli:a",
      now_, now_ + 3600'000'000};
  ASSERT_TRUE(db_->Get<spam::SpamStore>().AddListing(delist).ok());
  spam::DnsListing add{
      0, settings.origin, "198.51.100.0/24", false, "127.0.0.9", "Listed by hand: $", "cli:a", now_,
      0};
  ASSERT_TRUE(db_->Get<spam::SpamStore>().AddListing(add).ok());
  dns::Zone zone = build(now_);
  EXPECT_EQ(zone.data->FindIp(ip), nullptr);
  Ip128 manual;
  ParseIp("198.51.100.200", &manual);
  ASSERT_NE(zone.data->FindIp(manual), nullptr);
  EXPECT_EQ(zone.data->FindIp(manual)->a, 0x7F000009u);
  EXPECT_NE(build(now_ + 7200'000'000).data->FindIp(ip), nullptr);  // the delisting expired
  // The RFC 5782 test entries hold whatever is listed by hand.
  spam::DnsListing break_test{0, settings.origin, "127.0.0.2", true, "", "", "cli:a", now_, 0};
  ASSERT_TRUE(db_->Get<spam::SpamStore>().AddListing(break_test).ok());
  Ip128 test_ip;
  ParseIp("127.0.0.2", &test_ip);
  EXPECT_NE(build(now_).data->FindIp(test_ip), nullptr);
  EXPECT_FALSE(CanonicalEntry("not a thing!").ok());
  EXPECT_EQ(*CanonicalEntry("192.0.2.77/24"), "192.0.2.0/24");
  EXPECT_FALSE(ParseCode("10.0.0.1", kCodeManual).ok());
  // Exports.
  auto ip4 = ExportZone(zone, "ip4set");
  ASSERT_TRUE(ip4.ok());
  EXPECT_NE(ip4->find("198.51.100.0/24 :127.0.0.9:Listed by hand: $"), std::string::npos) << *ip4;
  EXPECT_NE(ip4->find("!192.0.2.1\n"), std::string::npos) << *ip4;
  auto dnset = ExportZone(zone, "dnset");
  EXPECT_NE(dnset->find("spam-sender.example :127.0.0.2:"), std::string::npos) << *dnset;
  auto rpz = ExportZone(zone, "rpz");
  EXPECT_NE(rpz->find("24.0.100.51.198.rpz-ip CNAME ."), std::string::npos) << *rpz;
  EXPECT_NE(rpz->find("spam-sender.example CNAME ."), std::string::npos);
  EXPECT_FALSE(ExportZone(zone, "bind").ok());
}

}  // namespace
}  // namespace concord::spam
