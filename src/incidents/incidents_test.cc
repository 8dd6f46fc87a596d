#include <gtest/gtest.h>

#include "incidents/incident.h"
#include "incidents/rsit.h"
#include "incidents/sla.h"
#include "incidents/store.h"

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

}  // namespace
}  // namespace concord::incidents
