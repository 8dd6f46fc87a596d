// Cross-border incidents between three real nodes (docs/DESIGN.md, "Cross-border incidents"):
// national teams CERT-A and CERT-B and the regional coordinator COORD-C, each its own process and
// database. A opens an incident about an address the directory places in B's constituency,
// adds B and C, and asks B for a take-down with a deadline; B acknowledges, accepts, works and
// completes it; A sees each step. C sees what was released to it and nothing else; a TLP:RED
// note stays on A. B's node is down for part of the exchange and catches up once, in order. The
// audit chains verify, and a row changed in the database behind Concord's back is detected. A
// missed acknowledgement is escalated by mail to B's 24/7 contact and A's desk.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "common/time.h"
#include "tests/fake_taxii.h"
#include "tests/federation_nodes.h"
#include "tests/files.h"
#include "tests/postgres_server.h"
#include "tests/smtp_sink.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::Node;

// The JSON a command printed (its --json output). A Document borrows its text, so the two
// live together.
class Json {
 public:
  explicit Json(std::string out) : text_(std::move(out)) {
    EXPECT_TRUE(doc_.ParseAll(text_).ok()) << text_;
  }
  Json(const Json&) = delete;
  json::Value root() const { return doc_.root(); }

 private:
  std::string text_;
  json::Document doc_;
};

// Runs SQL on a node's database behind Concord's back.
std::string IodefSample(const std::string& name) {
  return std::string(CONCORD_SOURCE_DIR) + "/tests/data/iodef/" + name;
}

void Tamper(const Node& node, const std::string& sql) {
#ifdef CONCORD_TEST_ON_POSTGRES
  std::string why_not;
  testing::PostgresServer* server = testing::SharedPostgres(&why_not);
  ASSERT_NE(server, nullptr) << why_not;
  const std::string& target = node.db();
  server->Query(sql, target.substr(target.find("dbname=") + 7));
#else
  ASSERT_EQ(std::system(("sqlite3 '" + node.db() + "' \"" + sql + "\"").c_str()), 0);
#endif
}

// The audit entries (action subject) a node holds for an incident, in chain order.
std::vector<std::string> Timeline(Node& node, const std::string& incident) {
  Json page(node.Run({"incident", "show", incident, "--json"}));
  std::vector<std::string> out;
  for (json::Value e : page.root()["timeline"]) {
    out.push_back(e["action"].str() + " " + e["subject"].str() + " " + e["version"].str());
  }
  return out;
}

TEST(Incidents, ThreeNodesCoordinateAnAssistanceRequestUnderTheSharingPolicy) {
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B"), c(dir, "COORD-C");
  const std::string a_incidents = a.AddCollection("Incidents");
  const std::string b_incidents = b.AddCollection("Incidents");
  const std::string c_incidents = c.AddCollection("Incidents");
  a.Know(b);
  a.Know(c);
  // A's directory: B's team with its constituency, hours and 24/7 desk; A's own desk.
  a.Run({"team", "add", "CERT-B", "--name", "National CERT B", "--type", "national", "--country",
         "DE", "--email", "team@cert-b.example", "--time-zone", "Europe/Berlin", "--hours",
         "Mon-Fri 09:00-17:00"});
  a.Run({"contact", "add", "CERT-B", "duty@cert-b.example", "--role", "duty-officer", "--24x7"});
  a.Run({"constituency", "add", "CERT-B", "--prefix", "198.51.100.0/24"});
  a.Run({"team", "add", "CERT-A", "--name", "National CERT A", "--type", "national", "--country",
         "AZ", "--email", "team@cert-a.example"});
  a.Run({"contact", "add", "CERT-A", "desk@cert-a.example", "--role", "duty-officer"});

  // The evidence: a TLP:AMBER indicator A releases to A and B only.
  const std::string indicator = "indicator--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0b01";
  testing::WriteFile(
      dir.File("evidence.json"),
      R"({"type":"indicator","spec_version":"2.1","id":")" + indicator +
          R"(","created":"2026-12-01T00:00:00.000Z","modified":"2026-12-01T00:00:00.000Z",)"
          R"("created_by_ref":")" +
          a.identity() +
          R"(","name":"C2 address","pattern":"[ipv4-addr:value = '198.51.100.7']",)"
          R"("pattern_type":"stix","valid_from":"2026-12-01T00:00:00Z",)"
          R"("object_marking_refs":["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"],)"
          R"("extensions":{"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":)"
          R"({"extension_type":"property-extension","distribution":"participants",)"
          R"("participants":[")" +
          a.identity() + "\",\"" + b.identity() + "\"]}}}\n");
  a.Run({"import", "--collection", a_incidents, dir.File("evidence.json")});

  // A opens the incident; the directory says whose constituency the address is in.
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "C2 server at 198.51.100.7", "--class",
                  "malicious-code", "--type", "c2-server", "--link", indicator, "--json"}))
          .root()["id"]
          .str();
  EXPECT_NE(a.Run({"incident", "suggest", incident}).find("198.51.100.7 is in CERT-B's"),
            std::string::npos);
  // A task A made before anyone else took part: it follows the incident to the teams added.
  a.Run({"incident", "task", "add", incident, "--name", "Collect netflow"});
  a.Run({"incident", "edit", incident, "--add-participant", "CERT-B", "--add-participant",
         "COORD-C"});
  const std::string request =
      Json(a.Run({"request", "send", incident, "--to", "CERT-B", "--action", "take-down",
                  "--severity", "high", "--deadline", "4h", "--evidence", indicator, "--text",
                  "Please take 198.51.100.7 down", "--json"}))
          .root()["id"]
          .str();
  // A note only A's analysts may read.
  testing::WriteFile(
      dir.File("red-note.json"),
      R"({"type":"note","spec_version":"2.1","id":"note--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0b02",)"
      R"("created":"2026-12-01T00:00:00.000Z","modified":"2026-12-01T00:00:00.000Z",)"
      R"("created_by_ref":")" +
          a.identity() + R"(","content":"Source: a human informant","object_refs":[")" + incident +
          R"("],"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]})"
          "\n");
  a.Run({"import", "--collection", a_incidents, dir.File("red-note.json")});

  a.Serve(dir);
  b.AddPeer(a, a_incidents, b_incidents);  // B pulls A's incidents and pushes its own to A
  c.AddPeer(a, a_incidents, c_incidents);
  b.Serve(dir);
  c.Serve(dir);
  b.Run({"sync"});
  c.Run({"sync"});

  // B: the incident, the request in its inbox, the evidence; not the note.
  Json inbox(b.Run({"request", "list", "--json"}));
  ASSERT_EQ(inbox.root()["requests"].size(), 1u) << b.Run({"request", "list", "--json"});
  EXPECT_TRUE(inbox.root()["requests"].at(0)["id"].str_equals(request));
  EXPECT_TRUE(inbox.root()["requests"].at(0)["state"].str_equals("sent"));
  EXPECT_TRUE(inbox.root()["requests"].at(0)["requester_name"].str_equals("CERT-A"));
  const std::string b_store = b.Run({"export", "--all-versions"});
  EXPECT_NE(b_store.find("\"id\":\"" + indicator), std::string::npos);
  EXPECT_EQ(b_store.find("human informant"), std::string::npos);
  // C: the incident (it is a participant), but neither the request, nor the evidence, nor the
  // note; and it cannot see the request through the CLI either.
  Json c_page(c.Run({"incident", "show", incident, "--json"}));
  EXPECT_TRUE(c_page.root()["incident"]["name"].str_equals("C2 server at 198.51.100.7"))
      << c.Run({"incident", "show", incident, "--json"});
  EXPECT_EQ(c_page.root()["requests"].size(), 0u);
  EXPECT_EQ(c_page.root()["tasks"].size(), 1u);  // made before C was added, and re-issued to it
  const std::string c_store = c.Run({"export", "--all-versions"});
  EXPECT_EQ(c_store.find("\"id\":\"" + request), std::string::npos);
  EXPECT_EQ(c_store.find("\"id\":\"" + indicator), std::string::npos);
  EXPECT_EQ(c_store.find("human informant"), std::string::npos);
  c.Run({"request", "show", request}, 2);
  // C may not report on a request it did not receive.
  c.Run({"request", "ack", request}, 2);

  // B acknowledges and accepts; A sees both steps once B's node has pushed them.
  b.Run({"request", "ack", request, "--reference", "B-2026-41"});
  b.Run({"request", "accept", request});
  b.Run({"sync"});
  Json seen(a.Run({"request", "show", request}));
  EXPECT_TRUE(seen.root()["state"].str_equals("accepted")) << a.Run({"request", "show", request});
  EXPECT_TRUE(seen.root()["recipient_reference"].str_equals("B-2026-41"));
  ASSERT_EQ(seen.root()["updates"].size(), 2u);

  // B's node goes down; A changes the incident twice meanwhile.
  b.Stop();
  a.Run({"incident", "edit", incident, "--status", "open"});
  a.Run({"incident", "task", "add", incident, "--name", "Confirm the take-down", "--assignee",
         "CERT-B"});
  a.Run({"incident", "edit", incident, "--determination", "successful-attempt"});
  b.Serve(dir);
  b.Run({"sync"});
  b.Run({"sync"});  // a second pull brings nothing twice
  Json b_page(b.Run({"incident", "show", incident, "--json"}));
  EXPECT_TRUE(b_page.root()["incident"]["investigation_status"].str_equals("open"));
  EXPECT_TRUE(b_page.root()["incident"]["determination"].str_equals("successful-attempt"));
  ASSERT_EQ(b_page.root()["tasks"].size(), 2u);  // the early one, re-issued to B, and the new one
  // Every version of the incident B may see arrived once, in the order A made them.
  std::vector<std::string> versions;
  for (const auto& e : Timeline(b, incident)) {
    if (e.rfind("incident.version", 0) == 0) versions.push_back(e.substr(e.rfind(' ') + 1));
  }
  // The first version (before B took part) was never released to B: the other three were.
  ASSERT_EQ(versions.size(), 3u) << b.Run({"incident", "show", incident});
  EXPECT_TRUE(std::is_sorted(versions.begin(), versions.end()));
  EXPECT_EQ(std::set<std::string>(versions.begin(), versions.end()).size(), versions.size());

  // B works and completes; A sees it.
  b.Run({"request", "progress", request, "--text", "The hoster was notified"});
  b.Run({"request", "complete", request, "--outcome", "successful", "--text", "Taken down"});
  b.Run({"sync"});
  Json done(a.Run({"request", "show", request}));
  EXPECT_TRUE(done.root()["state"].str_equals("completed"));
  EXPECT_TRUE(done.root()["outcome"].str_equals("successful"));
  std::vector<std::string> kinds;
  for (json::Value u : done.root()["updates"]) kinds.push_back(u["kind"].str());
  EXPECT_EQ(kinds, (std::vector<std::string>{"acknowledged", "accepted", "progress", "completed"}));
  c.Run({"sync"});
  EXPECT_EQ(c.Run({"export", "--all-versions"}).find("Taken down"), std::string::npos);

  // The audit chains verify on every node; a row changed behind Concord's back is found.
  for (Node* n : {&a, &b, &c}) n->Run({"audit", "verify"});
  // C's export carries C's chain of what it received: it verifies offline, with no gaps.
  c.Run({"incident", "export", incident, "--format", "stix", "-o", dir.File("c-bundle.json")});
  const std::string offline = c.Run({"audit", "verify", "--bundle", dir.File("c-bundle.json")});
  EXPECT_EQ(offline.find("gaps"), std::string::npos) << offline;
  EXPECT_NE(offline.find("audit log verified"), std::string::npos) << offline;
  EXPECT_EQ(offline.find("Take"), std::string::npos);
  Tamper(a, "UPDATE incident_audit SET actor = 'someone else' WHERE seq = 2");
  const std::string report = a.Run({"audit", "verify", "--json"}, 1);
  EXPECT_NE(report.find("does not match its hash"), std::string::npos) << report;
  // A record's stored version rewritten behind Concord's back (the log holds its hash).
  Tamper(c,
         "UPDATE objects SET json = replace(json, 'C2 server', 'Nothing') WHERE type = "
         "'incident'");
  EXPECT_NE(c.Run({"audit", "verify"}, 1).find("not the one logged"), std::string::npos);
  Tamper(b, "DELETE FROM incident_audit WHERE seq = (SELECT MAX(seq) FROM incident_audit)");
  EXPECT_NE(b.Run({"audit", "verify"}, 1).find("entries were removed"), std::string::npos);
}

TEST(Incidents, AMissedAcknowledgementIsEscalatedToTheRecipients247ContactAndTheRequester) {
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B");
  const std::string a_incidents = a.AddCollection("Incidents");
  const std::string b_incidents = b.AddCollection("Incidents");
  a.Know(b);
  a.Run({"team", "add", "CERT-B", "--name", "National CERT B", "--type", "national", "--country",
         "DE", "--email", "team@cert-b.example", "--time-zone", "Europe/Berlin", "--hours",
         "Mon-Fri 09:00-17:00"});
  a.Run({"contact", "add", "CERT-B", "duty@cert-b.example", "--role", "duty-officer", "--24x7"});
  a.Run({"team", "add", "CERT-A", "--name", "National CERT A", "--type", "national", "--country",
         "AZ", "--email", "team@cert-a.example"});
  a.Run({"contact", "add", "CERT-A", "desk@cert-a.example", "--role", "duty-officer"});
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "Secret operation name", "--class", "intrusions",
                  "--type", "system-compromise", "--participant", "CERT-B", "--json"}))
          .root()["id"]
          .str();
  Json sent(a.Run({"request", "send", incident, "--to", "CERT-B", "--action", "preserve-logs",
                   "--severity", "high", "--text", "Keep the logs of the mail relay", "--json"}));
  const std::string request = sent.root()["id"].str();
  const std::string ack_by = sent.root()["acknowledge_by"].str();
  const Micros deadline = ParseTimestamp(ack_by).value();

  testing::SmtpSink sink;
  const std::string smtp = "127.0.0.1:" + std::to_string(sink.port());
  // Before the deadline nothing happens; after it, one escalation, once.
  EXPECT_NE(a.Run({"request", "escalate", "--smtp", smtp, "--now",
                   FormatTimestampMillis(deadline - 60'000'000)})
                .find("0 request(s) escalated"),
            std::string::npos);
  EXPECT_TRUE(sink.messages().empty());
  a.Run({"request", "escalate", "--smtp", smtp, "--now",
         FormatTimestampMillis(deadline + 60'000'000)});
  std::set<std::string> to;
  for (const auto& m : sink.messages()) {
    to.insert(m.to);
    // TLP:AMBER: neither the incident's name nor the request's text goes into a plain e-mail.
    EXPECT_EQ(m.data.find("Secret operation name"), std::string::npos) << m.data;
    EXPECT_EQ(m.data.find("mail relay"), std::string::npos) << m.data;
    EXPECT_NE(m.data.find(request), std::string::npos);
  }
  EXPECT_EQ(to, (std::set<std::string>{"duty@cert-b.example", "desk@cert-a.example"}));
  const size_t after_first = sink.messages().size();
  a.Run({"request", "escalate", "--smtp", smtp, "--now",
         FormatTimestampMillis(deadline + 120'000'000)});
  EXPECT_EQ(sink.messages().size(), after_first);

  // The request is overdue on both nodes (each judges the same deadline by its own clock); here
  // the deadline is made to pass by a request whose acknowledgement is due in two seconds.
  a.Serve(dir);
  b.AddPeer(a, a_incidents, b_incidents);
  Json soon(a.Run({"request", "send", incident, "--to", "CERT-B", "--action", "block", "--severity",
                   "critical", "--deadline", "2s", "--json"}));
  const std::string soon_id = soon.root()["id"].str();
  b.Run({"sync"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  for (Node* n : {&a, &b}) {
    Json shown(n->Run({"request", "show", soon_id}));
    EXPECT_TRUE(shown.root()["acknowledge_overdue"].as_bool()) << n->name();
    EXPECT_TRUE(shown.root()["overdue"].as_bool()) << n->name();
  }
  // Each node tells its own team, once per deadline (acknowledgement, completion): the
  // requester that its request was missed, the recipient that it is late.
  for (Node* n : {&a, &b}) {
    for (int pass = 0; pass < 2; ++pass) {
      Json listed(n->Run({"notify", "list", "--json"}));
      std::vector<std::string> summaries;
      for (const json::Value note : listed.root()["notifications"]) {
        if (note["kind"].str() == "request.overdue" && note["record"].str() == soon_id) {
          summaries.push_back(note["summary"].str());
        }
      }
      ASSERT_EQ(summaries.size(), 2u) << n->name() << " pass " << pass;
      const bool requester = n == &a;
      for (const auto& summary : summaries) {
        EXPECT_NE(summary.find(requester ? "did not" : "The request from"), std::string::npos)
            << summary;
      }
      const std::string all = summaries[0] + " | " + summaries[1];
      EXPECT_NE(all.find(requester ? "acknowledge your request" : "awaits your acknowledgement"),
                std::string::npos)
          << all;
      EXPECT_NE(all.find(requester ? "complete your request" : "due to be completed"),
                std::string::npos)
          << all;
    }
  }
  // The first request's deadline is hours away: nothing told of it.
  Json listed(a.Run({"notify", "list", "--json"}));
  for (const json::Value note : listed.root()["notifications"]) {
    if (note["kind"].str() == "request.overdue") {
      EXPECT_NE(note["record"].str(), request);
    }
  }
}

// Notifications across two nodes: what A does arrives on B by sync, and B's team is told in its
// console, by mail encrypted to the OpenPGP key its directory entry holds, and by a webhook
// signed with its HMAC key; the plain parts never carry the TLP:AMBER title.
TEST(Incidents, TheTeamIsToldInTheConsoleByEncryptedMailAndBySignedWebhook) {
  if (testing::ShellOutput("command -v gpg").empty())
    GTEST_SKIP() << "gpg (Debian package gnupg) is missing: make deps";
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B");
  const std::string a_incidents = a.AddCollection("Incidents");
  const std::string b_incidents = b.AddCollection("Incidents");
  a.Know(b);
  // CERT-B's key pair, its public half in B's directory entry for itself.
  const std::string home = dir.File("gnupg");
  testing::ShellOutput("mkdir -m 700 " + home);
  const std::string gpg = "gpg --batch --quiet --homedir " + home + " ";
  testing::ShellOutput(gpg +
                       "--passphrase '' --pinentry-mode loopback --quick-gen-key "
                       "'CERT-B duty <duty@cert-b.example>' future-default default never 2>&1");
  testing::WriteFile(dir.File("cert-b.asc"),
                     testing::ShellOutput(gpg + "--armor --export duty@cert-b.example"));
  b.Run({"team", "add", "CERT-B", "--name", "National CERT B", "--type", "national", "--country",
         "DE", "--email", "team@cert-b.example", "--pgp-key", dir.File("cert-b.asc")});
  // B subscribes by mail and by webhook.
  testing::SmtpSink sink;
  std::vector<std::string> bodies;
  std::mutex bodies_mu;
  testing::FakeServer hook([&](const std::string&, const std::string&, const std::string& body) {
    std::lock_guard<std::mutex> lock(bodies_mu);
    bodies.push_back(body);
    return testing::FakeServer::Reply{204, "text/plain", {}, ""};
  });
  const std::string secret = "b-webhook-key-0123456789";
  testing::WriteFile(dir.File("hook.key"), secret + "\n");
  b.Run({"notify", "subscribe", "--mail", "duty@cert-b.example"});
  b.Run({"notify", "subscribe", "--webhook",
         "http://127.0.0.1:" + std::to_string(hook.port()) + "/concord", "--secret-file",
         dir.File("hook.key")});
  // A opens a TLP:AMBER incident with B and asks B for help; B pulls.
  a.Serve(dir);
  b.AddPeer(a, a_incidents, b_incidents);
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "Secret operation name", "--class", "intrusions",
                  "--type", "system-compromise", "--participant", "CERT-B", "--json"}))
          .root()["id"]
          .str();
  a.Run({"request", "send", incident, "--to", "CERT-B", "--action", "block", "--severity", "high",
         "--text", "Block the relay at 198.51.100.9"});
  b.Run({"sync"});

  // In the console (and the CLI): both, with the title, for B only.
  Json listed(b.Run({"notify", "list", "--json"}));
  std::set<std::string> kinds;
  for (uint32_t k = 0; k < listed.root()["notifications"].size(); ++k) {
    const json::Value n = listed.root()["notifications"].at(k);
    kinds.insert(n["kind"].str());
    EXPECT_EQ(n["title"].str(), "Secret operation name");
    EXPECT_EQ(n["incident"].str(), incident);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"incident.shared", "request.received"}));
  EXPECT_NE(a.Run({"notify", "list"}).find("0 notification(s)"), std::string::npos);

  const std::string sent =
      b.Run({"notify", "send", "--smtp", "127.0.0.1:" + std::to_string(sink.port())});
  EXPECT_NE(sent.find("4 delivered, 0 failed"), std::string::npos) << sent;
  // Mail: encrypted to CERT-B's key; only its holder reads the title and the request.
  ASSERT_EQ(sink.messages().size(), 2u);
  for (const auto& m : sink.messages()) {
    EXPECT_EQ(m.to, "duty@cert-b.example");
    EXPECT_NE(m.data.find("-----BEGIN PGP MESSAGE-----"), std::string::npos) << m.data;
    // PGP/MIME (RFC 3156): mail readers decrypt it in place.
    EXPECT_NE(m.data.find("Content-Type: multipart/encrypted; "
                          "protocol=\"application/pgp-encrypted\"; boundary=\"concord-pgp-mime\""),
              std::string::npos)
        << m.data;
    EXPECT_NE(m.data.find("Content-Type: application/pgp-encrypted\n"), std::string::npos);
    EXPECT_NE(m.data.find("\nVersion: 1\n"), std::string::npos);
    EXPECT_NE(m.data.find("\n--concord-pgp-mime--\n"), std::string::npos);
    EXPECT_EQ(m.data.find("Secret operation name"), std::string::npos) << m.data;
    EXPECT_EQ(m.data.find("198.51.100.9"), std::string::npos) << m.data;
  }
  const std::string& data = sink.messages()[1].data;
  const size_t begin = data.find("-----BEGIN PGP MESSAGE-----");
  const size_t end = data.find("-----END PGP MESSAGE-----") + 25;
  std::string armored = data.substr(begin, end - begin);
  for (size_t at; (at = armored.find("\r\n")) != std::string::npos;) armored.erase(at, 1);
  testing::WriteFile(dir.File("mail.asc"), armored + "\n");
  const std::string opened =
      testing::ShellOutput(gpg + "--pinentry-mode loopback --passphrase '' --decrypt " +
                           dir.File("mail.asc") + " 2>/dev/null");
  EXPECT_EQ(opened.rfind("Content-Type: text/plain; charset=utf-8\r\n", 0), 0u) << opened;
  EXPECT_NE(opened.find("Secret operation name"), std::string::npos) << opened;
  EXPECT_NE(opened.find("Block the relay at 198.51.100.9"), std::string::npos) << opened;
  testing::ShellOutput("gpgconf --homedir " + home + " --kill all 2>/dev/null");
  // Webhooks: signed, and without the title (TLP:AMBER).
  const std::vector<std::string> heads = hook.heads();
  ASSERT_EQ(heads.size(), 2u);
  for (size_t k = 0; k < heads.size(); ++k) {
    const std::string& head = heads[k];
    EXPECT_NE(head.find("POST /concord HTTP/1.1"), std::string::npos) << head;
    const size_t sig = head.find("X-Concord-Signature: t=");
    ASSERT_NE(sig, std::string::npos) << head;
    const std::string value = head.substr(sig + 21, head.find("\r\n", sig) - sig - 21);
    const std::string t = value.substr(2, value.find(',') - 2);
    const std::string v1 = value.substr(value.find("v1=") + 3);
    testing::WriteFile(dir.File("signed"), t + "." + bodies[k]);
    const std::string expected = testing::ShellOutput("openssl dgst -sha256 -hmac '" + secret +
                                                      "' -r " + dir.File("signed"));
    EXPECT_EQ(expected.substr(0, 64), v1) << head;
    EXPECT_EQ(bodies[k].find("Secret operation name"), std::string::npos) << bodies[k];
    EXPECT_NE(bodies[k].find("\"tlp\":\"TLP:AMBER\""), std::string::npos) << bodies[k];
  }
  // Nothing twice; read in the console.
  EXPECT_NE(b.Run({"notify", "send", "--smtp", "127.0.0.1:" + std::to_string(sink.port())})
                .find("0 delivered"),
            std::string::npos);
  EXPECT_NE(b.Run({"notify", "read"}).find("0 unread"), std::string::npos);
}

TEST(Incidents, BadInputIsRefusedByNameAndStoresNothing) {
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B");
  a.Know(b);
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "x", "--class", "intrusions", "--type",
                  "system-compromise", "--participant", "CERT-B", "--json"}))
          .root()["id"]
          .str();
  // The objects a node holds (an export's bundle id is new each time).
  auto objects = [&] {
    const std::string out = a.Run({"export", "--all-versions"});
    return out.substr(out.find('\n'));
  };
  const std::string before = objects();
  auto fails = [&](std::vector<std::string> args, const std::string& says) {
    auto r = testing::RunConcord([&] {
      std::vector<std::string> all = {"--db", a.db()};
      all.insert(all.end(), args.begin(), args.end());
      return all;
    }());
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  };
  fails({"request", "send", incident, "--to", "NOBODY", "--action", "block"}, "no organisation");
  fails({"request", "send", incident, "--to", "CERT-B", "--action", "block", "--deadline",
         "2001-01-01T00:00:00Z"},
        "in the past");
  fails({"request", "send", incident, "--to", "CERT-B", "--action", "dance"}, "action");
  fails({"incident", "open", "--name", "y", "--class", "intrusions", "--type", "toaster"},
        "toaster");
  fails({"incident", "show", "incident--00000000-0000-4000-8000-000000000000"}, "no incident");
  // Malformed IODEF: not XML, not valid against RFC 7970's schema, or a document whose second
  // incident does not validate (it ends before it starts): nothing of any of them is stored.
  const std::string campaign = testing::ReadFile(IodefSample("rfc7970-7.2-campaign.xml"));
  testing::WriteFile(dir.File("broken.xml"), campaign.substr(0, campaign.size() / 2));
  fails({"incident", "import", dir.File("broken.xml")}, "not well-formed XML: line");
  std::string no_id = campaign;
  no_id.erase(no_id.find("<IncidentID"),
              no_id.find("</IncidentID>") + 13 - no_id.find("<IncidentID"));
  testing::WriteFile(dir.File("no-id.xml"), no_id);
  fails({"incident", "import", dir.File("no-id.xml")},
        "not valid IODEF v2 (RFC 7970): line 10: Element 'RelatedActivity': This element is not "
        "expected. Expected is ( IncidentID )");
  std::string second = campaign;
  const size_t start = second.find("<Incident "), end = second.find("</Incident>") + 11;
  std::string backwards = second.substr(start, end - start);
  backwards.replace(backwards.find("<GenerationTime>"), 0,
                    "<StartTime>2015-10-02T00:00:00Z</StartTime><EndTime>2015-10-01T00:00:00Z"
                    "</EndTime>");
  second.insert(end, backwards);
  testing::WriteFile(dir.File("second.xml"), second);
  fails({"incident", "import", dir.File("second.xml")}, "end_time: before start_time");
  EXPECT_EQ(objects(), before);
}

// IODEF (RFC 7970): the RFC's examples import, export and import again with the same meaning;
// an incident leaves as a STIX bundle with its audit log.
TEST(Incidents, IodefExamplesRoundTripAndAnIncidentLeavesWithItsAuditLog) {
  testing::TempDir dir;
  Node a(dir, "CERT-A");
  // What an incident means, as `incident show --json` says: everything but ids and times.
  auto meaning = [&](const std::string& id) {
    Json page(a.Run({"incident", "show", id, "--json"}));
    const json::Value i = page.root()["incident"];
    std::string m;
    for (const char* f : {"name", "description", "investigation_status", "rsit_class", "rsit_type",
                          "tlp", "pap", "purpose"}) {
      m += std::string(f) + "=" + i[f].str() + "\n";
    }
    for (const char* f : {"impacts", "external_references"}) {
      for (uint32_t k = 0; k < i[f].size(); ++k) {
        const json::Value e = i[f].at(k);
        m += std::string(f) + ": " +
             (e.is_string() ? e.str()
                            : e["source_name"].str() + " " + e["external_id"].str() + " " +
                                  e["description"].str()) +
             "\n";
      }
    }
    m += "linked " + std::to_string(i["object_refs"].size()) + "\n";
    return m;
  };
  auto imported_id = [](const std::string& out) {
    const size_t at = out.find("opened incident--");
    return out.substr(at + 7, out.find(' ', at + 7) - at - 7);
  };
  for (const char* sample : {"rfc7970-7.1-minimal.xml", "rfc7970-7.2-campaign.xml"}) {
    const std::string first = imported_id(a.Run({"incident", "import", IodefSample(sample)}));
    const std::string exported = dir.File(std::string(sample) + ".out.xml");
    a.Run({"incident", "export", first, "-o", exported});
    const std::string again = imported_id(a.Run({"incident", "import", exported}));
    EXPECT_NE(first, again);
    EXPECT_EQ(meaning(first), meaning(again)) << sample;
  }
  // What the campaign's import made, and the values its indicator carries.
  const std::string out = a.Run({"incident", "import", IodefSample("rfc7970-7.2-campaign.xml")});
  EXPECT_NE(out.find("TLP:GREEN"), std::string::npos) << out;
  EXPECT_NE(out.find("1 incident(s), 3 linked object(s), 0 task(s)"), std::string::npos) << out;
  const std::string id = imported_id(out);
  EXPECT_NE(meaning(id).find("external_references: iodef:csirt.example.com 897923"),
            std::string::npos)
      << meaning(id);
  EXPECT_NE(meaning(id).find("impacts: business:breach-proprietary"), std::string::npos);
  const std::string xml = a.Run({"incident", "export", id});
  EXPECT_NE(xml.find("<ThreatActorID>TA-12-AGGRESSIVE-BUTTERFLY</ThreatActorID>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("oimireik79msd.example.org"), std::string::npos);
  EXPECT_NE(xml.find("<IncidentID name=\"csirt.example.com\">897923</IncidentID>"),
            std::string::npos);
  // A change, then the STIX bundle: both versions of the incident, its linked objects, and the
  // audit log whose links are the ones `audit verify` checks.
  a.Run({"incident", "edit", id, "--status", "open"});
  const std::string bundle_text = a.Run({"incident", "export", id, "--format", "stix"});
  Json bundle(bundle_text);
  int incident_versions = 0, linked = 0;
  json::Value log;
  for (uint32_t k = 0; k < bundle.root()["objects"].size(); ++k) {
    const json::Value o = bundle.root()["objects"].at(k);
    const std::string type = o["type"].str();
    if (type == "incident") ++incident_versions;
    if (type == "indicator" || type == "threat-actor" || type == "campaign") ++linked;
    if (type == "x-concord-audit-log") log = o;
  }
  EXPECT_EQ(incident_versions, 2);
  EXPECT_EQ(linked, 3);
  ASSERT_TRUE(log.exists());
  ASSERT_EQ(log["entries"].size(), 2u);
  EXPECT_EQ(log["entries"].at(1)["previous_hash"].str(), log["entries"].at(0)["hash"].str());
  const std::string verified = a.Run({"audit", "verify", "--incident", id, "--json"});
  EXPECT_NE(verified.find("\"verified\":true"), std::string::npos) << verified;
  EXPECT_EQ(log["entries"].at(0)["subject_ref"].str(), id);
  EXPECT_EQ(log["entries"].at(0)["content_sha256"].str().size(), 64u);

  // The bundle's audit log verifies offline, without the node's database; a changed record, a
  // changed entry and a broken link are each found.
  auto verify_bundle = [&](const std::string& name, const std::string& text, int want) {
    testing::WriteFile(dir.File(name), text);
    auto r = testing::RunConcord({"audit", "verify", "--bundle", dir.File(name)});
    EXPECT_EQ(r.exit_code, want) << name << ": " << r.out << r.err;
    return r.out + r.err;
  };
  auto replaced = [&](std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  EXPECT_NE(
      verify_bundle("intact.json", bundle_text, 0)
          .find("2 entries, 2 logged versions checked against the bundle\naudit log verified"),
      std::string::npos);
  EXPECT_NE(verify_bundle("record.json",
                          replaced(bundle_text, "\"investigation_status\":\"open\"",
                                   "\"investigation_status\":\"closed\""),
                          1)
                .find(": the record's version in the bundle is not the one logged"),
            std::string::npos);
  EXPECT_NE(verify_bundle("entry.json",
                          replaced(bundle_text, "\"action\":\"incident.version\"",
                                   "\"action\":\"incident.removed\""),
                          1)
                .find(": its content does not match its hash"),
            std::string::npos);
  const std::string first_hash = log["entries"].at(0)["hash"].str();
  EXPECT_NE(verify_bundle("link.json",
                          replaced(bundle_text, "\"previous_hash\":\"" + first_hash,
                                   "\"previous_hash\":\"" + std::string(64, '0')),
                          1)
                .find(": its content does not match its hash"),
            std::string::npos);
  EXPECT_NE(verify_bundle("bad.json", "{\"type\":\"bundle\",\"objects\":[]}", 2)
                .find("no x-concord-audit-log object"),
            std::string::npos);
  EXPECT_NE(verify_bundle("notjson.json", "{\"type\":", 2).find("notjson.json: bundle"),
            std::string::npos);

  // A participant added later receives the objects the import linked (shared with the
  // incident's participants): each gets a new version that lists it.
  const std::string partner = "identity--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0c77";
  a.Run({"org", "add", "CERT-P", "--identity", partner});
  a.Run({"incident", "edit", id, "--add-participant", "CERT-P"});
  std::set<std::string> refs;
  for (json::Value r :
       Json(a.Run({"incident", "show", id, "--json"})).root()["incident"]["object_refs"]) {
    refs.insert(r.str());
  }
  Json store(a.Run({"export", "--all-versions"}));
  std::map<std::string, std::string> latest;  // linked object id -> its newest version's JSON
  for (json::Value o : store.root()["objects"]) {
    if (refs.count(o["id"].str())) latest[o["id"].str()] = std::string(o.raw());
  }
  ASSERT_EQ(latest.size(), 3u);
  for (const auto& [object, text] : latest) {
    EXPECT_NE(text.find(partner), std::string::npos) << object << " did not follow: " << text;
  }
  a.Run({"audit", "verify"});
}

// A peer that is not in an incident cannot add to it: its task is stored as the object it is,
// but never becomes part of the incident (not in the page, the list or the audit chain), and
// the node says why in its log. Nothing tells the sender whether the incident exists.
// B's task on A's incident follows the incident to a team A adds later: B's node re-issues it
// to the new participants (only B may change B's task) and pushes it at once; C receives it
// through A. A team removed receives no more of it.
TEST(Incidents, ATeamAddedLaterReceivesTheOtherParticipantsTasks) {
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B"), c(dir, "COORD-C");
  const std::string a_incidents = a.AddCollection("Incidents");
  const std::string b_incidents = b.AddCollection("Incidents");
  const std::string c_incidents = c.AddCollection("Incidents");
  a.Know(b);
  a.Know(c);
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "Botnet takedown", "--class", "malicious-code",
                  "--type", "c2-server", "--tlp", "green", "--participant", "CERT-B", "--json"}))
          .root()["id"]
          .str();
  a.Serve(dir);
  b.AddPeer(a, a_incidents, b_incidents);  // B pulls A's incidents and pushes its own to A
  c.AddPeer(a, a_incidents, c_incidents);
  b.Serve(dir);
  b.Run({"sync"});
  const std::string task =
      Json(b.Run({"incident", "task", "add", incident, "--name", "Trace the botnet", "--json"}))
          .root()["id"]
          .str();
  b.Run({"sync"});
  c.Run({"sync"});
  c.Run({"incident", "show", incident}, 2);  // C does not take part yet

  a.Run({"incident", "edit", incident, "--add-participant", "COORD-C"});
  b.Run({"sync"});  // B learns of the new participant; its serve re-issues and pushes the task
  size_t tasks = 0;
  std::string page;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    c.Run({"sync"});
    page = c.Run({"incident", "show", incident, "--json"});
    tasks = Json(page).root()["tasks"].size();
    if (tasks == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_EQ(tasks, 1u) << "B's task never reached the team added later:\n"
                       << page << b.ServerOutput();
  EXPECT_NE(page.find("Trace the botnet"), std::string::npos);
  EXPECT_NE(page.find(task), std::string::npos);
  // On B the re-issue is in the audit log, by the node on the owner's behalf.
  bool logged = false;
  for (json::Value e : Json(b.Run({"incident", "show", incident, "--json"})).root()["timeline"]) {
    logged = logged ||
             (e["subject"].str_equals(task) && e["actor"].str_equals("node:participants-changed"));
  }
  EXPECT_TRUE(logged);

  // Removed again: B's next change of its task does not reach C.
  a.Run({"incident", "edit", incident, "--remove-participant", "COORD-C"});
  b.Run({"sync"});
  b.Run({"incident", "task", "edit", task, "--outcome", "successful"});
  b.Run({"sync"});
  c.Run({"sync"});
  EXPECT_EQ(c.Run({"export", "--all-versions"}).find("\"successful\""), std::string::npos);
  for (Node* n : {&a, &b, &c}) n->Run({"audit", "verify"});
}

TEST(Incidents, ATaskFromAnOrganisationNotInTheIncidentIsNotPartOfIt) {
  testing::TempDir dir;
  Node a(dir, "CERT-A"), b(dir, "CERT-B"), m(dir, "MALLORY");
  const std::string a_incidents = a.AddCollection("Incidents");
  const std::string m_incidents = m.AddCollection("Incidents");
  a.Know(b);
  const std::string incident =
      Json(a.Run({"incident", "open", "--name", "x", "--class", "intrusions", "--type",
                  "system-compromise", "--participant", "CERT-B", "--json"}))
          .root()["id"]
          .str();
  a.Serve(dir);
  m.AddPeer(a, a_incidents, m_incidents);  // a peer of A, but not in the incident
  // Mallory writes a task for A's incident id (learnt elsewhere) and pushes it.
  m.Know(a);
  testing::WriteFile(
      dir.File("task.json"),
      R"({"type":"task","spec_version":"2.1","id":"task--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0c01",)"
      R"("created":"2026-12-01T00:00:00.000Z","modified":"2026-12-01T00:00:00.000Z",)"
      R"("created_by_ref":")" +
          m.identity() +
          R"(","name":"Injected","outcome":"pending","object_marking_refs":)"
          R"(["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],"extensions":{)"
          R"("extension-definition--2074a052-8be4-4932-849e-f5e7798e0030":{"extension_type":"new-sdo"},)"
          R"("extension-definition--01770299-d39d-5319-9120-3d3fbb99b856":{"extension_type":)"
          R"("property-extension","incident_ref":")" +
          incident +
          R"("},"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":{"extension_type":)"
          R"("property-extension","distribution":"participants","participants":[")" +
          m.identity() + R"(",")" + a.identity() + R"("]}}})" + "\n");
  m.Run({"import", "--collection", m_incidents, dir.File("task.json")});
  m.Run({"sync"});
  // It reached A (a STIX object like any other)...
  EXPECT_NE(a.Run({"export", "--all-versions"}).find("task--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0c01"),
            std::string::npos);
  // ...but is not part of the incident.
  Json page(a.Run({"incident", "show", incident, "--json"}));
  EXPECT_EQ(page.root()["tasks"].size(), 0u);
  for (json::Value e : page.root()["timeline"]) {
    EXPECT_FALSE(e["subject"].str_equals("task--5e3b4a3e-9f6f-4f0e-8d43-8b0c2f1d0c01"));
  }
  a.Run({"audit", "verify"});
}

}  // namespace
}  // namespace concord
