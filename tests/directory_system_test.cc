// The directory end to end through the real binary: CLI edits and imports, the REST API behind
// authentication and the sharing policy, reachability checks through a real SMTP conversation,
// and bad input that must leave nothing behind.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "common/json.h"
#include "tests/http_client.h"
#include "tests/postgres_server.h"
#include "tests/smtp_sink.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::RunConcord;

class DirectorySystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    db_ = testing::TestDatabase(dir_.path(), "d", &why_not);
    if (db_.empty()) GTEST_SKIP() << why_not;
    Run({"org", "add", "Home"});  // the node's own organisation
    Run({"org", "add", "Tenant"});
    Run({"user", "add", "boss", "--org", "Home", "--role", "admin"});
    Run({"user", "add", "analyst", "--org", "Home"});
    Run({"user", "add", "guest", "--org", "Tenant"});
    for (const char* user : {"boss", "analyst", "guest"}) {
      std::string t = Run({"token", "create", "--user", user});
      tokens_[user] = "Bearer " + t.substr(0, t.find('\n'));
    }
  }

  testing::CommandResult Concord(std::vector<std::string> args) {
    return testing::RunConcordOn(db_, std::move(args));
  }
  std::string Run(std::vector<std::string> args) {
    return testing::RunConcordOk(db_, std::move(args));
  }
  void AddTeamX() {
    Run({"team", "add", "X-CERT", "--name", "X national CERT", "--country", "AZ", "--type",
         "national", "--time-zone", "Asia/Baku", "--hours", "Mon-Fri 09:00-18:00"});
    Run({"constituency", "add", "X-CERT", "--prefix", "192.0.2.0/24,2001:db8::/32", "--asn",
         "AS64500", "--domain", "example.az", "--country", "AZ"});
  }
  testing::HttpResponse Api(int port, const std::string& method, const std::string& target,
                            const std::string& user, const std::string& body = "") {
    std::map<std::string, std::string> headers;
    if (!user.empty()) headers["Authorization"] = tokens_[user];
    if (!body.empty()) headers["Content-Type"] = "application/json";
    return testing::Request(port, method, target, headers, body);
  }

  testing::TempDir dir_;
  std::string db_;
  std::map<std::string, std::string> tokens_;
};

std::string TokenIn(const std::string& mail) {
  const size_t p = mail.find("Token: ");
  return p == std::string::npos ? "" : mail.substr(p + 7, mail.find('\n', p) - p - 7);
}

TEST_F(DirectorySystemTest, ReachabilityChecksGoThroughSmtpAndAreAcknowledgedOnce) {
  AddTeamX();
  Run({"contact", "add", "X-CERT", "duty@x.example", "--role", "duty-officer", "--24x7"});
  Run({"contact", "add", "X-CERT", "liaison@x.example", "--role", "liaison"});
  Run({"contact", "add", "X-CERT", "gone@x.example", "--role", "manager"});
  testing::ServerProcess server(db_, {}, dir_.File("server.out"));
  ASSERT_GT(server.port(), 0) << server.output();
  testing::SmtpSink sink({"gone@x.example"});
  const std::string ack_url =
      "http://127.0.0.1:" + std::to_string(server.port()) + "/api/v1/contacts/ack";
  // Deadline 5 s: duty acknowledges at once, liaison never does, gone's mail is refused.
  auto check =
      Concord({"contacts", "check", "--smtp", "127.0.0.1:" + std::to_string(sink.port()), "--from",
               "coordinator@concord.example", "--ack-url", ack_url, "--deadline-hours", "0.0014"});
  EXPECT_EQ(check.exit_code, 1) << check.err;  // one not delivered
  EXPECT_NE(check.out.find("gone@x.example\tSMTP: RCPT TO refused: 550"), std::string::npos)
      << check.out;
  const auto mails = sink.messages();
  ASSERT_EQ(mails.size(), 2u);  // the refused one never reached DATA
  std::map<std::string, std::string> token_of;
  for (const auto& m : mails) {
    EXPECT_EQ(m.from, "coordinator@concord.example");
    EXPECT_NE(m.data.find("Subject: [X-CERT] 24/7 contact reachability check"), std::string::npos);
    EXPECT_NE(m.data.find(ack_url), std::string::npos);
    token_of[m.to] = TokenIn(m.data);
  }
  ASSERT_EQ(token_of.count("duty@x.example"), 1u);
  ASSERT_FALSE(token_of["duty@x.example"].empty());
  const std::string ack = R"({"token":")" + token_of["duty@x.example"] + "\"}";
  auto first = Api(server.port(), "POST", "/api/v1/contacts/ack", "", ack);
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_NE(Api(server.port(), "POST", "/api/v1/contacts/ack", "", ack).status, 200);  // once
  EXPECT_EQ(
      Api(server.port(), "POST", "/api/v1/contacts/ack", "", R"({"token":"concord_nope"})").status,
      404);
  // After the deadline: liaison is overdue and can no longer acknowledge.
  std::this_thread::sleep_for(std::chrono::milliseconds(5500));
  EXPECT_EQ(Api(server.port(), "POST", "/api/v1/contacts/ack", "",
                R"({"token":")" + token_of["liaison@x.example"] + "\"}")
                .status,
            422);
  const std::string status = Run({"contacts", "status"});
  EXPECT_NE(status.find("X-CERT\tduty@x.example\tverified (24/7)"), std::string::npos) << status;
  EXPECT_NE(status.find("X-CERT\tliaison@x.example\toverdue"), std::string::npos) << status;
  EXPECT_NE(status.find("X-CERT\tgone@x.example\tundeliverable"), std::string::npos) << status;
  const std::string problems = Run({"contacts", "status", "--problems"});
  EXPECT_EQ(problems.find("duty@x.example"), std::string::npos);
  auto api_status = Api(server.port(), "GET", "/api/v1/contacts/status", "analyst");
  EXPECT_EQ(api_status.status, 200);
  EXPECT_NE(api_status.body.find(R"("email":"liaison@x.example","24x7":false,"state":"overdue")"),
            std::string::npos)
      << api_status.body;
  EXPECT_EQ(Api(server.port(), "GET", "/api/v1/contacts/status", "guest").status, 403);
  // Every check of the team, newest first (the team page's history of checks).
  auto checks = Api(server.port(), "GET", "/api/v1/teams/X-CERT/checks", "analyst");
  EXPECT_EQ(checks.status, 200) << checks.body;
  const size_t gone = checks.body.find(R"("email":"gone@x.example","state":"undeliverable")");
  const size_t liaison = checks.body.find(R"("email":"liaison@x.example","state":"overdue")");
  const size_t duty = checks.body.find(R"("email":"duty@x.example","state":"verified")");
  EXPECT_TRUE(gone != std::string::npos && liaison != std::string::npos &&
              duty != std::string::npos && gone < liaison && liaison < duty)
      << "three checks, newest (highest id) first: " << checks.body;
  EXPECT_NE(checks.body.find(R"("delivery_error":"SMTP: RCPT TO refused: 550)"), std::string::npos)
      << checks.body;
  auto newest = Api(server.port(), "GET", "/api/v1/teams/X-CERT/checks?limit=1", "analyst");
  EXPECT_EQ(newest.body.find("liaison@"), std::string::npos) << newest.body;
  EXPECT_NE(newest.body.find("gone@"), std::string::npos) << newest.body;
  EXPECT_EQ(Api(server.port(), "GET", "/api/v1/teams/X-CERT/checks", "guest").status, 403);
  // The published entry records the verification, and the audit log says who.
  const std::string shown = Run({"team", "show", "X-CERT"});
  EXPECT_NE(
      shown.find(R"("email":"duty@x.example","role":"duty-officer","24x7":true,"last_verified")"),
      std::string::npos)
      << shown;
  EXPECT_NE(Run({"team", "history", "X-CERT", "--limit", "1"})
                .find("ack:duty@x.example\tcontact.verified"),
            std::string::npos);
}

TEST_F(DirectorySystemTest, LookupApiAnswersAndHidesWhatThePolicyWithholds) {
  AddTeamX();
  Run({"team", "add", "SECRET-CSIRT", "--name", "A team only Home may see", "--country", "AZ",
       "--type", "sector", "--tlp", "red"});
  Run({"constituency", "add", "SECRET-CSIRT", "--prefix", "192.0.2.128/25"});
  Run({"team", "add", "Y-CERT", "--name", "Y", "--country", "AZ", "--type", "government"});
  auto conflict = Concord({"constituency", "add", "Y-CERT", "--domain", "example.az"});
  EXPECT_EQ(conflict.exit_code, 0);
  EXPECT_NE(conflict.err.find("domain example.az is also claimed by X-CERT"), std::string::npos);
  testing::ServerProcess server(db_, {}, dir_.File("server.out"));
  ASSERT_GT(server.port(), 0) << server.output();
  auto get = [&](const std::string& q, const std::string& user) {
    return Api(server.port(), "GET", "/api/v1/lookup?q=" + q + "&at=2026-11-23T07:00:00Z", user);
  };
  EXPECT_EQ(get("192.0.2.7", "").status, 401);
  auto home = get("192.0.2.200", "analyst");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_NE(home.body.find(R"("matched":"192.0.2.128/25")"), std::string::npos);
  EXPECT_NE(home.body.find(R"("short_name":"SECRET-CSIRT")"), std::string::npos);
  // The tenant's user learns that a team was withheld, not which.
  auto tenant = get("192.0.2.200", "guest");
  EXPECT_EQ(tenant.body.find("SECRET-CSIRT"), std::string::npos) << tenant.body;
  EXPECT_NE(tenant.body.find(R"("withheld":1)"), std::string::npos) << tenant.body;
  EXPECT_EQ(Api(server.port(), "GET", "/api/v1/teams/SECRET-CSIRT", "guest").status, 404);
  // Business hours in Baku on Monday 11:00: open, every contact; conflicts are reported.
  auto domain = get("mail.example.az", "guest");
  EXPECT_NE(domain.body.find(R"("conflict":true)"), std::string::npos);
  EXPECT_NE(domain.body.find(
                R"x("hours":"open","local_time":"2026-11-23 11:00 Mon (Asia/Baku, UTC+04:00)")x"),
            std::string::npos)
      << domain.body;
  // Batch.
  auto batch = Api(server.port(), "POST", "/api/v1/lookup", "guest",
                   R"({"queries":["AS64500","2001:db8::5","az","not valid!","198.51.100.1"]})");
  ASSERT_EQ(batch.status, 200) << batch.body;
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(batch.body).ok());
  json::Value answers = doc.root()["answers"];
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_EQ(answers.at(0)["teams"].at(0)["short_name"].str(), "X-CERT");
  EXPECT_EQ(answers.at(1)["rule"].str(), "prefix");
  EXPECT_EQ(answers.at(2)["rule"].str(), "country");
  EXPECT_EQ(answers.at(3)["kind"].str(), "invalid");
  EXPECT_TRUE(answers.at(4)["rule"].is_null());
  EXPECT_EQ(Api(server.port(), "POST", "/api/v1/lookup", "guest", "{\"queries\":").status, 400);
}

TEST_F(DirectorySystemTest, ApiChangesNeedAnAdminAndAreAudited) {
  testing::ServerProcess server(db_, {}, dir_.File("server.out"));
  ASSERT_GT(server.port(), 0) << server.output();
  const std::string team =
      R"({"short_name":"Z-CERT","name":"Z","country":"NG","type":"national","tlp":"green",)"
      R"("constituency":{"countries":["NG"],"asns":["AS64510"]}})";
  EXPECT_EQ(Api(server.port(), "POST", "/api/v1/teams", "", team).status, 401);
  EXPECT_EQ(Api(server.port(), "POST", "/api/v1/teams", "analyst", team).status, 403);
  EXPECT_EQ(Api(server.port(), "POST", "/api/v1/teams", "guest", team).status, 403);
  auto bad = Api(server.port(), "POST", "/api/v1/teams", "boss",
                 R"({"short_name":"Z-CERT","name":"Z","country":"XX","type":"national"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("country: country 'XX' is not an ISO 3166-1 alpha-2 code"),
            std::string::npos);
  auto added = Api(server.port(), "POST", "/api/v1/teams", "boss", team);
  ASSERT_EQ(added.status, 201) << added.body;
  auto edited =
      Api(server.port(), "PUT", "/api/v1/teams/Z-CERT", "boss",
          R"({"short_name":"Z-CERT","name":"Z national CERT","country":"NG","type":"national",)"
          R"("constituency":{"countries":["NG"]}})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // the snapshot refreshes
  auto history = Api(server.port(), "GET", "/api/v1/teams/Z-CERT/history", "analyst");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_NE(history.body.find(R"("actor":"api:boss@Home","action":"team.edit")"), std::string::npos)
      << history.body;
  EXPECT_NE(history.body.find(R"("action":"team.add","before":null)"), std::string::npos);
  EXPECT_EQ(Api(server.port(), "GET", "/api/v1/teams/Z-CERT/history", "guest").status, 403);
  auto asn = Api(server.port(), "GET", "/api/v1/lookup?q=AS64510", "guest");
  EXPECT_NE(asn.body.find(R"("rule":null)"), std::string::npos) << asn.body;  // claim removed
  EXPECT_EQ(Api(server.port(), "DELETE", "/api/v1/teams/Z-CERT", "boss").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(Api(server.port(), "GET", "/api/v1/teams/Z-CERT", "boss").status, 404);
  auto rfc = Concord({"team", "show", "Z-CERT"});
  EXPECT_NE(rfc.exit_code, 0);  // revoked: gone from the directory
}

TEST_F(DirectorySystemTest, BadInputIsRejectedWithItsPlaceAndWritesNothing) {
  // CSV with a header mapping; the third record has an invalid country: nothing is imported.
  testing::WriteFile(dir_.File("teams.csv"),
                     "Team,Full name,ISO,Kind,Networks\r\n"
                     "A-CERT,Team A,AZ,national,192.0.2.0/24;2001:db8::/48\r\n"
                     "\"B, CERT\",\"Team \"\"B\"\"\",MY,sector,198.51.100.0/24\r\n"
                     "C-CERT,Team C,QQ,national,203.0.113.0/24\r\n");
  const std::string map = "Team=short_name,Full name=name,ISO=country,Kind=type,Networks=prefixes";
  auto r = Concord({"team", "import", dir_.File("teams.csv"), "--format", "csv", "--map", map});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("CSV record 4 (C-CERT): country: country 'QQ' is not an ISO 3166-1"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Run({"team", "list"}), "");
  EXPECT_EQ(Run({"team", "history"}), "");
  // An unknown country is refused with the reason, not an abort (issue 16).
  auto zzz = Concord({"team", "list", "--country", "ZZZ"});
  EXPECT_EQ(zzz.exit_code, 1) << zzz.err;
  EXPECT_NE(zzz.err.find("concord team list: --country:"), std::string::npos) << zzz.err;
  auto unmapped = Concord({"team", "import", dir_.File("teams.csv"), "--format", "csv"});
  EXPECT_NE(unmapped.err.find("CSV header 'Team' is not a team field"), std::string::npos)
      << unmapped.err;
  // Fixed, it imports; quoting survives.
  std::string csv = testing::ReadFile(dir_.File("teams.csv"));
  csv.replace(csv.find("QQ"), 2, "NG");
  testing::WriteFile(dir_.File("teams.csv"), csv);
  auto ok = Concord({"team", "import", dir_.File("teams.csv"), "--format", "csv", "--map", map});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("3 teams: 3 added"), std::string::npos);
  EXPECT_NE(Run({"team", "show", "B, CERT"}).find(R"("name":"Team \"B\"")"), std::string::npos);
  // Invalid prefixes, PGP keys, countries: refused with the reason; the team is unchanged.
  const std::string before = Run({"team", "show", "A-CERT"});
  auto host_bits = Concord({"constituency", "add", "A-CERT", "--prefix", "192.0.2.1/24"});
  EXPECT_NE(host_bits.err.find("did you mean 192.0.2.0/24?"), std::string::npos);
  testing::WriteFile(dir_.File("key.asc"),
                     "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF!!\n"
                     "-----END PGP PUBLIC KEY BLOCK-----\n");
  auto pgp = Concord({"team", "edit", "A-CERT", "--pgp-key", dir_.File("key.asc")});
  EXPECT_NE(pgp.err.find("pgp_key: PGP key: the armoured body is not valid base64"),
            std::string::npos)
      << pgp.err;
  auto country = Concord({"team", "edit", "A-CERT", "--country", "Azerbaijan"});
  EXPECT_NE(country.err.find("country 'Azerbaijan' is not an ISO 3166-1 alpha-2 code"),
            std::string::npos);
  auto tz = Concord({"team", "edit", "A-CERT", "--time-zone", "Asia/Atlantis"});
  EXPECT_NE(tz.err.find("unknown time zone 'Asia/Atlantis'"), std::string::npos);
  EXPECT_EQ(Run({"team", "show", "A-CERT"}), before);
  // Exports read back to the same teams.
  testing::WriteFile(dir_.File("out.csv"), Run({"team", "export", "--format", "csv"}));
  testing::WriteFile(dir_.File("out.json"), Run({"team", "export"}));
  for (const auto& [file, format] : std::vector<std::pair<std::string, std::string>>{
           {"out.csv", "csv"}, {"out.json", "concord"}}) {
    testing::TempDir other;
    const std::string other_db = other.File("o.db");
    ASSERT_EQ(RunConcord({"--db", other_db, "org", "add", "Other"}).exit_code, 0);
    auto imported =
        RunConcord({"--db", other_db, "team", "import", dir_.File(file), "--format", format});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    auto exported = RunConcord({"--db", other_db, "team", "export"});
    std::string original = Run({"team", "export"});
    // Ids differ between nodes; everything else is equal.
    auto strip_ids = [](std::string s) {
      for (size_t p; (p = s.find("\"id\":\"identity--")) != std::string::npos;) s.erase(p, 54);
      return s;
    };
    EXPECT_EQ(strip_ids(exported.out), strip_ids(original)) << format;
  }
}

// Nothing lost (issue 17): a CSV export has no contacts column, and importing it back keeps
// every team's contacts; a team named like a spreadsheet formula is exported escaped and reads
// back unchanged.
TEST_F(DirectorySystemTest, ACsvRoundTripKeepsContactsAndEscapesFormulas) {
  AddTeamX();
  Run({"contact", "add", "X-CERT", "duty@x.example", "--role", "duty-officer", "--24x7"});
  Run({"team", "add", "F-CERT", "--name", "=HYPERLINK(\"http://evil.example\",\"click\")",
       "--country", "AZ", "--type", "national"});
  const std::string before = Run({"team", "export"});
  const std::string csv = Run({"team", "export", "--format", "csv"});
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos) << csv;
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos) << csv;
  testing::WriteFile(dir_.File("teams.csv"), csv);
  auto imported = Concord({"team", "import", dir_.File("teams.csv"), "--format", "csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(Run({"team", "show", "X-CERT"}).find("duty@x.example"), std::string::npos);
  auto strip_versions = [](std::string s) {
    for (const char* key : {"\"modified\":\"", "\"created\":\""}) {
      for (size_t p = 0; (p = s.find(key, p)) != std::string::npos; ++p) {
        s.erase(p, s.find('"', p + std::strlen(key)) - p + 1);
      }
    }
    return s;
  };
  EXPECT_EQ(strip_versions(Run({"team", "export"})), strip_versions(before));
}

}  // namespace
}  // namespace concord
