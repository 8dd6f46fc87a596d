#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "incidents/incident.h"
#include "incidents/iodef.h"
#include "incidents/notify.h"
#include "incidents/rsit.h"
#include "incidents/sla.h"
#include "incidents/store.h"
#include "tests/files.h"

namespace concord::incidents {
namespace {

TEST(Rsit, TheCompiledInTaxonomyHasElevenClassesAndTheirTypes) {
  const RsitTaxonomy& rsit = RsitTaxonomy::Get();
  EXPECT_EQ(rsit.version(), 1003);
  ASSERT_EQ(rsit.classes().size(), 11u);
  size_t types = 0;
  for (const RsitClass& c : rsit.classes()) types += c.types.size();
  EXPECT_EQ(types, 39u);
  auto compromise = rsit.Find("intrusions", "system-compromise");
  ASSERT_TRUE(compromise.ok()) << compromise.status().message();
  EXPECT_EQ((*compromise)->name, "System Compromise");
  EXPECT_FALSE((*compromise)->description.empty());
  EXPECT_TRUE(rsit.Find("fraud", "phishing").ok());
}

TEST(Rsit, AnUnknownClassOrATypeOfAnotherClassSaysWhatIsValid) {
  const RsitTaxonomy& rsit = RsitTaxonomy::Get();
  auto no_class = rsit.Find("intrusion", "system-compromise");
  ASSERT_FALSE(no_class.ok());
  EXPECT_NE(no_class.status().message().find("\"intrusion\" is not an RSIT class"),
            std::string::npos);
  EXPECT_NE(no_class.status().message().find("intrusions"), std::string::npos);
  auto wrong_type = rsit.Find("fraud", "system-compromise");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.status().message().find("not an RSIT type of class fraud (one of: "),
            std::string::npos)
      << wrong_type.status().message();
  EXPECT_NE(wrong_type.status().message().find("phishing"), std::string::npos);
}

TEST(Rsit, AMalformedTaxonomyIsRefusedWithWhereAndWhy) {
  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {"{", "rsit"},
      {R"({"namespace":"tlp","predicates":[],"values":[]})", "namespace"},
      {R"({"namespace":"rsit","predicates":{},"values":[]})", "must be lists"},
      {R"({"namespace":"rsit","predicates":[{"expanded":"X"}],"values":[]})",
       "predicates[0].value: missing"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[{"predicate":"b","entry":[]}]})",
       "values[0].predicate"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[{"predicate":"a","entry":[{}]}]})",
       "values[0].entry[0].value: missing"},
      {R"({"namespace":"rsit","predicates":[{"value":"a"}],"values":[]})", "class a has no types"},
  };
  for (const Case& c : cases) {
    auto parsed = RsitTaxonomy::Parse(c.json);
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_NE(parsed.status().message().find(c.says), std::string::npos)
        << c.json << " -> " << parsed.status().message();
  }
}

}  // namespace
}  // namespace concord::incidents

// ---- The records, their clocks and the request's states ----

namespace concord::incidents {
namespace {

Micros At(const char* text) { return ParseTimestamp(text).value(); }

directory::Team TeamIn(const char* zone, const char* hours) {
  directory::Team t;
  t.short_name = "T";
  t.time_zone = zone;
  t.business_hours = hours;
  return t;
}

Request HighRequestAt(const char* created, const char* severity = "high") {
  Request r;
  r.requester = "identity--00000000-0000-4000-8000-00000000000a";
  r.recipient = "identity--00000000-0000-4000-8000-00000000000b";
  r.action = "take-down";
  r.severity = severity;
  r.created = At(created);
  return r;
}

TEST(Sla, ClocksCountTheRecipientsBusinessHoursInItsTimeZone) {
  // Friday 17:00 in Baku (UTC+4), open Mon-Fri 09:00-18:00: of the 4 hours to acknowledge, one
  // is left on Friday and three run on Monday morning.
  const directory::Team baku = TeamIn("Asia/Baku", "Mon-Fri 09:00-18:00");
  Request r = HighRequestAt("2026-12-04T13:00:00Z");
  SetClocks(&r, &baku);
  EXPECT_EQ(FormatTimestampMillis(r.acknowledge_by), "2026-12-07T08:00:00.000Z");
  // 24 business hours: 1 on Friday, 9 on Monday, 9 on Tuesday, 5 on Wednesday.
  EXPECT_EQ(FormatTimestampMillis(r.complete_by), "2026-12-09T10:00:00.000Z");
  // The same instant is 08:00 in New York, before its desk opens at 09:00 (EST, UTC-5).
  const directory::Team ny = TeamIn("America/New_York", "Mon-Fri 09:00-17:00");
  Request n = HighRequestAt("2026-12-04T13:00:00Z");
  SetClocks(&n, &ny);
  EXPECT_EQ(FormatTimestampMillis(n.acknowledge_by), "2026-12-04T18:00:00.000Z");
  // A weekend that differs by country: open Sunday-Thursday.
  const directory::Team sun = TeamIn("Asia/Baku", "Sun-Thu 08:00-16:00");
  Request s = HighRequestAt("2026-12-04T13:00:00Z");  // Friday: closed until Sunday 08:00
  SetClocks(&s, &sun);
  EXPECT_EQ(FormatTimestampMillis(s.acknowledge_by), "2026-12-06T08:00:00.000Z");
}

TEST(Sla, CriticalCountsRoundTheClockAndAnExplicitDeadlineShortensCompletion) {
  const directory::Team baku = TeamIn("Asia/Baku", "Mon-Fri 09:00-18:00");
  Request c = HighRequestAt("2026-12-05T20:00:00Z", "critical");  // Saturday night
  SetClocks(&c, &baku);
  EXPECT_EQ(FormatTimestampMillis(c.acknowledge_by), "2026-12-05T21:00:00.000Z");
  EXPECT_EQ(FormatTimestampMillis(c.complete_by), "2026-12-06T20:00:00.000Z");
  Request d = HighRequestAt("2026-12-04T13:00:00Z");
  d.deadline = At("2026-12-04T15:00:00Z");
  SetClocks(&d, &baku);
  EXPECT_EQ(d.complete_by, d.deadline);
  EXPECT_LE(d.acknowledge_by, d.deadline);
  // A recipient the directory does not know: round the clock.
  Request u = HighRequestAt("2026-12-04T13:00:00Z");
  SetClocks(&u, nullptr);
  EXPECT_EQ(FormatTimestampMillis(u.acknowledge_by), "2026-12-04T17:00:00.000Z");
}

RequestUpdate UpdateBy(const std::string& author, const char* kind, Micros at) {
  RequestUpdate u;
  u.author = author;
  u.kind = kind;
  u.created = at;
  if (u.kind == "completed") u.outcome = "successful";
  return u;
}

TEST(RequestState, OnlyTheRecipientReportsAndStepsKeepTheirOrder) {
  RequestState s;
  s.request = HighRequestAt("2026-12-04T13:00:00Z");
  const std::string a = s.request.requester, b = s.request.recipient;
  EXPECT_EQ(CheckTransition(s, UpdateBy(a, "acknowledged", 1)).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckTransition(s, UpdateBy(b, "completed", 1)).code(), StatusCode::kUnprocessable);
  EXPECT_EQ(CheckTransition(s, UpdateBy(b, "cancelled", 1)).code(), StatusCode::kPermissionDenied);
  for (const char* kind : {"acknowledged", "accepted", "progress", "completed"}) {
    const RequestUpdate u = UpdateBy(b, kind, 10);
    ASSERT_TRUE(CheckTransition(s, u).ok()) << kind;
    ApplyTransition(u, &s);
  }
  EXPECT_EQ(s.state, "completed");
  EXPECT_EQ(s.acknowledged_at, 10);
  EXPECT_TRUE(s.closed());
  EXPECT_FALSE(CheckTransition(s, UpdateBy(a, "cancelled", 20)).ok());
  // Overdue: past the acknowledgement deadline while only sent.
  RequestState late;
  late.request = HighRequestAt("2026-12-04T13:00:00Z");
  late.request.acknowledge_by = At("2026-12-04T14:00:00Z");
  late.request.complete_by = At("2026-12-05T14:00:00Z");
  EXPECT_FALSE(late.AcknowledgeOverdue(At("2026-12-04T13:59:00Z")));
  EXPECT_TRUE(late.AcknowledgeOverdue(At("2026-12-04T14:01:00Z")));
  EXPECT_TRUE(late.Overdue(At("2026-12-05T14:01:00Z")));
}

TEST(Records, EachRoundTripsThroughStixAndListsItsAudience) {
  Incident i;
  i.id = "incident--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0a11";
  i.owner = "identity--00000000-0000-4000-8000-00000000000a";
  i.name = "C2 at 198.51.100.7";
  i.rsit_class = "malicious-code";
  i.rsit_type = "c2-server";
  i.participants = {"identity--00000000-0000-4000-8000-00000000000b"};
  i.countries = {"AZ"};
  i.criticality = 70;
  i.created = i.modified = At("2026-12-04T13:00:00Z");
  json::Document doc;
  const std::string stix = IncidentToStix(i);
  ASSERT_TRUE(doc.ParseAll(stix).ok());
  auto back = IncidentFromStix(doc.root());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(IncidentToStix(*back), stix);
  auto facts = sharing::ReadDistribution(doc.root());
  ASSERT_TRUE(facts.ok() && facts->has_value());
  EXPECT_EQ((*facts)->participants, i.Audience());
  EXPECT_TRUE(
      doc.root()["extensions"][kIncidentCoreExtension]["determination"].str_equals("suspected"));
  // A request goes to its two teams only.
  Request r = HighRequestAt("2026-12-04T13:00:00Z");
  r.id = "x-concord-request--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0a12";
  r.incident_id = i.id;
  r.modified = r.created;
  SetClocks(&r, nullptr);
  const std::string rs = RequestToStix(r);
  ASSERT_TRUE(doc.ParseAll(rs).ok());
  auto rb = RequestFromStix(doc.root());
  ASSERT_TRUE(rb.ok()) << rb.status().message();
  EXPECT_EQ(RequestToStix(*rb), rs);
}

TEST(Records, BadInputNamesTheField) {
  Incident i;
  i.name = "x";
  EXPECT_NE(ValidateIncident(i).message().find("rsit_class"), std::string::npos);
  i.rsit_class = "malicious-code";
  i.rsit_type = "c2-server";
  i.pap = "PAP:PURPLE";
  EXPECT_NE(ValidateIncident(i).message().find("pap"), std::string::npos);
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(R"({"name": "x", "criticality": 101})").ok());
  Incident j;
  EXPECT_NE(ApplyIncidentJson(doc.root(), &j).message().find("criticality"), std::string::npos);
  ASSERT_TRUE(doc.ParseAll(R"({"kind": "completed"})").ok());
  RequestUpdate u;
  ASSERT_TRUE(ApplyUpdateJson(doc.root(), &u).ok());
  EXPECT_NE(ValidateUpdate(u).message().find("outcome"), std::string::npos);
  ASSERT_TRUE(doc.ParseAll(R"({"type": "incident", "id": "incident--1"})").ok());
  EXPECT_FALSE(IncidentFromStix(doc.root()).ok());
}

std::string IodefSample(const std::string& name) {
  std::ifstream in(std::string(CONCORD_SOURCE_DIR) + "/tests/data/iodef/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Iodef, TheRfc7970ExamplesValidateAndReadAsWritten) {
  auto minimal = iodef::Read(IodefSample("rfc7970-7.1-minimal.xml"));
  ASSERT_TRUE(minimal.ok()) << minimal.status().message();
  ASSERT_EQ(minimal->incidents.size(), 1u);
  const iodef::Incident& m = minimal->incidents[0];
  EXPECT_EQ(m.id, "492382");
  EXPECT_EQ(m.id_name, "csirt.example.com");
  EXPECT_EQ(m.purpose, "reporting");
  EXPECT_EQ(m.restriction, "private");
  EXPECT_EQ(FormatTimestampMillis(m.generated), "2015-07-18T14:00:00.000Z");  // -05:00
  ASSERT_EQ(m.contacts.size(), 1u);
  EXPECT_EQ(m.contacts[0].role, "creator");
  EXPECT_EQ(m.contacts[0].email, "contact@csirt.example.com");
  EXPECT_TRUE(minimal->skipped.empty());

  auto campaign = iodef::Read(IodefSample("rfc7970-7.2-campaign.xml"));
  ASSERT_TRUE(campaign.ok()) << campaign.status().message();
  const iodef::Incident& c = campaign->incidents[0];
  EXPECT_EQ(c.purpose, "watch");
  EXPECT_EQ(c.restriction, "green");
  ASSERT_EQ(c.descriptions.size(), 1u);
  EXPECT_EQ(c.descriptions[0],
            "Summarizes the Indicators of Compromise for the Orange Giraffe campaign of the "
            "Aggressive Butterfly crime gang.");
  ASSERT_EQ(c.related.size(), 2u);
  EXPECT_EQ(c.related[0].kind, "threat-actor");
  EXPECT_EQ(c.related[0].id, "TA-12-AGGRESSIVE-BUTTERFLY");
  EXPECT_EQ(c.related[1].description, "Orange Giraffe");
  EXPECT_EQ(c.impacts, std::vector<std::string>{"business:breach-proprietary"});
  ASSERT_EQ(c.indicators.size(), 1u);
  EXPECT_EQ(c.indicators[0].id, "G90823490");
  EXPECT_EQ(c.indicators[0].kind, "domain-name");  // ext-value "fqdn"
  EXPECT_EQ(
      c.indicators[0].values,
      (std::vector<std::string>{"kj290023j09r34.example.com", "09ijk23jfj0k8.example.net",
                                "klknjwfjiowjefr923.example.org", "oimireik79msd.example.org"}));
  EXPECT_EQ(FormatTimestampMillis(c.indicators[0].start), "2014-12-02T16:18:00.000Z");
}

TEST(Iodef, WhatIsWrittenValidatesAndReadsBackTheSame) {
  auto read = iodef::Read(IodefSample("rfc7970-7.2-campaign.xml"));
  ASSERT_TRUE(read.ok());
  iodef::Document doc = *read;
  iodef::Incident& i = doc.incidents[0];
  i.status = "in-progress";
  i.categories = {"rsit:intrusions=\"system-compromise\""};
  i.expectations.push_back({"block-host",
                            "",
                            "high",
                            "Block the C2 domains at your resolvers",
                            i.generated,
                            i.generated + 4 * 3'600'000'000LL,
                            {"irt", "organization", "CERT-B", "", "identity--1"}});
  i.history.push_back({i.generated, "status-new-info", "opened"});
  i.extras.push_back({"concord:pap", "string", "PAP:AMBER"});
  auto xml = iodef::Write(doc);
  ASSERT_TRUE(xml.ok()) << xml.status().message();
  auto again = iodef::Read(*xml);
  ASSERT_TRUE(again.ok()) << again.status().message() << "\n" << *xml;
  const iodef::Incident& a = again->incidents[0];
  EXPECT_EQ(a.id, i.id);
  EXPECT_EQ(a.descriptions, i.descriptions);
  EXPECT_EQ(a.categories, i.categories);
  EXPECT_EQ(a.impacts, i.impacts);
  EXPECT_EQ(a.indicators[0].values, i.indicators[0].values);
  ASSERT_EQ(a.expectations.size(), 1u);
  EXPECT_EQ(a.expectations[0].action, "block-host");
  EXPECT_EQ(a.expectations[0].end, i.expectations[0].end);
  EXPECT_EQ(a.expectations[0].contact.local_handle, "identity--1");
  EXPECT_EQ(a.history.size(), 1u);
  EXPECT_EQ(a.extras.size(), 1u);
  EXPECT_TRUE(again->skipped.empty());
}

TEST(Iodef, BadDocumentsAreRefusedWithTheLineAndTheReason) {
  auto broken = iodef::Read("<IODEF-Document version=\"2.00\"><Incident>");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("not well-formed XML: line 1"), std::string::npos)
      << broken.status().message();
  // A Contact is required.
  std::string no_contact = IodefSample("rfc7970-7.1-minimal.xml");
  const size_t from = no_contact.find("<Contact"), to = no_contact.find("</Contact>");
  no_contact.erase(from, to + 10 - from);
  auto invalid = iodef::Read(no_contact);
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.status().message().find("not valid IODEF v2 (RFC 7970): line 8"),
            std::string::npos)
      << invalid.status().message();
  EXPECT_NE(invalid.status().message().find("Element 'Incident': Missing child element"),
            std::string::npos)
      << invalid.status().message();
  // No DOCTYPE, hence no entities.
  auto doctype =
      iodef::Read("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><IODEF-Document/>");
  ASSERT_FALSE(doctype.ok());
  EXPECT_NE(doctype.status().message().find("DOCTYPE"), std::string::npos);
  // An IODEF v1 document is not v2.
  auto v1 =
      iodef::Read("<IODEF-Document version=\"1.00\" xmlns=\"urn:ietf:params:xml:ns:iodef-1.0\"/>");
  ASSERT_FALSE(v1.ok());
  EXPECT_NE(v1.status().message().find("No matching global declaration"), std::string::npos)
      << v1.status().message();
  EXPECT_FALSE(iodef::Read("").ok());
}

// ---- Notifications: what may leave the node, signatures, encryption ----

Notification Amber() {
  Notification n;
  n.id = 7;
  n.org = "identity--00000000-0000-4000-8000-00000000000b";
  n.incident_id = "incident--00000000-0000-4000-8000-000000000001";
  n.subject = "x-concord-request--00000000-0000-4000-8000-000000000002";
  n.kind = "request.received";
  n.at = 1'764'720'000'000'000;
  n.tlp = sharing::Tlp::kAmber;
  n.title = "Ransomware at the ministry";
  n.summary = "CERT-A asks CERT-B: block (high): block 198.51.100.7";
  return n;
}

TEST(Notifications, NothingAboveTlpGreenLeavesInPlainTextButAnEncryptedBodyCarriesIt) {
  const Notification amber = Amber();
  auto plain = NotificationMail(amber, "concord@a.example", "duty@b.example", false);
  EXPECT_EQ(plain.subject.find("Ransomware"), std::string::npos) << plain.subject;
  EXPECT_EQ(plain.body.find("Ransomware"), std::string::npos) << plain.body;
  EXPECT_EQ(plain.body.find("198.51.100.7"), std::string::npos) << plain.body;
  EXPECT_NE(plain.body.find(amber.incident_id), std::string::npos);
  EXPECT_EQ(WebhookBody(amber).find("Ransomware"), std::string::npos);
  // Encrypted: the body says it all, the subject (never encrypted) still does not.
  auto sealed = NotificationMail(amber, "concord@a.example", "duty@b.example", true);
  EXPECT_NE(sealed.body.find("Ransomware at the ministry"), std::string::npos);
  EXPECT_EQ(sealed.subject.find("Ransomware"), std::string::npos);
  Notification green = amber;
  green.tlp = sharing::Tlp::kGreen;
  EXPECT_NE(NotificationMail(green, "a", "b", false).subject.find("Ransomware"), std::string::npos);
  EXPECT_NE(WebhookBody(green).find("\"title\":\"Ransomware at the ministry\""), std::string::npos);
}

TEST(Notifications, AWebhookIsSignedWithHmacSha256OverTheTimeAndTheBody) {
  // Computed independently (Python's hmac) for this key, time and body.
  EXPECT_EQ(WebhookSignature("0123456789abcdef-secret", 1'764'720'000, "{\"id\":7}"),
            "t=1764720000,v1=653bbd73ecac47452bd9a9924dd26ea58bc85da967921e43b5c6a49b0366c136");
  EXPECT_NE(WebhookSignature("another-key-0123456", 1'764'720'000, "{\"id\":7}"),
            WebhookSignature("0123456789abcdef-secret", 1'764'720'000, "{\"id\":7}"));
  Subscription s{0, "identity--x", "webhook", "http://example.org/hook", "0123456789abcdef", 0};
  EXPECT_NE(CheckSubscription(s).message().find("https is required"), std::string::npos);
  s.target = "https://soc.example.org/hook";
  EXPECT_TRUE(CheckSubscription(s).ok());
  s.secret = "short";
  EXPECT_NE(CheckSubscription(s).message().find("at least 16"), std::string::npos);
  Subscription mail{0, "identity--x", "mail", "duty@b.example\r\nBcc: x@evil.example", "", 0};
  EXPECT_FALSE(CheckSubscription(mail).ok());
}

TEST(Notifications, MailIsEncryptedToTheTeamsOpenPgpKeyAndOnlyItsHolderReadsIt) {
  if (testing::ShellOutput("command -v gpg").empty())
    GTEST_SKIP() << "gpg (Debian package gnupg) is missing: make deps";
  const std::string home =
      (std::filesystem::temp_directory_path() / ("concord-test-gpg-" + std::to_string(getpid())))
          .string();
  std::filesystem::create_directories(home);
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  const std::string gpg = "gpg --batch --quiet --homedir " + home + " ";
  testing::ShellOutput(gpg +
                       "--passphrase '' --pinentry-mode loopback --quick-gen-key "
                       "'CERT-B duty <duty@b.example>' future-default default never 2>&1");
  const std::string key = testing::ShellOutput(gpg + "--armor --export duty@b.example");
  ASSERT_NE(key.find("BEGIN PGP PUBLIC KEY BLOCK"), std::string::npos) << key;
  auto mail = NotificationMail(Amber(), "concord@a.example", "duty@b.example", true);
  auto sealed = EncryptToKey(key, mail.body);
  ASSERT_TRUE(sealed.ok()) << sealed.status().message();
  EXPECT_NE(sealed->find("-----BEGIN PGP MESSAGE-----"), std::string::npos);
  EXPECT_EQ(sealed->find("Ransomware"), std::string::npos);
  {
    std::ofstream out(home + "/message.asc");
    out << *sealed;
  }
  const std::string opened =
      testing::ShellOutput(gpg + "--pinentry-mode loopback --passphrase '' --decrypt " + home +
                           "/message.asc 2>/dev/null");
  EXPECT_EQ(opened, mail.body);
  testing::ShellOutput("gpgconf --homedir " + home + " --kill all 2>/dev/null");
  std::filesystem::remove_all(home);
  // What is not a key is refused with the reason.
  auto bad = EncryptToKey("-----BEGIN PGP PUBLIC KEY BLOCK-----\nnonsense\n", "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("the key"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace concord::incidents
