// Spam reports and the DNSBL end to end through the real binary: reports in over the CLI and
// the REST API, zones built from reputation, indicators and manual listings, answered over real
// UDP and TCP to `dig` (Debian's dnsutils) for every answer type, a zone updated live under
// query load without a lost query, and the rbldnsd export loaded into rbldnsd itself.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include "dns/loopback_client.h"
#include "tests/http_client.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord {
namespace {

std::string SpamSample(const std::string& name) {
  return std::string(CONCORD_SOURCE_DIR) + "/tests/data/spam/" + name;
}

// Runs a shell command and returns its standard output.
std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool HaveDig() { return Shell("command -v dig").find("dig") != std::string::npos; }

// An indicator bundle: a botnet C2 address and domain public enough for a public zone
// (TLP:CLEAR, distribution all), one that is not (TLP:GREEN), and a spam source a partner
// node listed and shared.
constexpr const char* kIndicators =
    R"({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
  "name": "Botnet C2", "indicator_types": ["malicious-activity"], "labels": ["botnet"],
  "pattern": "[ipv4-addr:value = '203.0.113.66'] OR [domain-name:value = 'c2.botnet.example']",
  "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
  "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],
  "extensions": {"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":
                 {"extension_type": "property-extension", "distribution": "all"}}},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--1d1d5a3e-33a0-4f0e-9d4b-1d2b3c4d5e6f",
  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
  "name": "Community only", "indicator_types": ["malicious-activity"], "labels": ["botnet"],
  "pattern": "[ipv4-addr:value = '203.0.113.67']", "pattern_type": "stix",
  "valid_from": "2026-01-01T00:00:00Z",
  "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]},
 {"type": "identity", "spec_version": "2.1", "id": "identity--7c6e0b52-4c4f-4bb4-9d8e-3b0e6f2a9a10",
  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
  "name": "Partner CERT", "identity_class": "organization"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--2b7f4a1c-9c1e-4d8b-8a3f-6e5d4c3b2a19",
  "created_by_ref": "identity--7c6e0b52-4c4f-4bb4-9d8e-3b0e6f2a9a10",
  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
  "name": "Spam source 198.51.100.250", "indicator_types": ["malicious-activity"],
  "labels": ["spam-source"], "pattern": "[ipv4-addr:value = '198.51.100.250']",
  "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
  "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],
  "extensions": {"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":
                 {"extension_type": "property-extension", "distribution": "all"}}}
]})";

// One A query over UDP to `port`; the response's RCODE, or -1 when none came within 2 s.
int UdpQuery(int port, const std::string& name, uint16_t id) {
  auto answer = dns::QueryLoopback(static_cast<uint16_t>(port), name, id);
  return answer && answer->id == id ? answer->rcode : -1;
}

class DnsblSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveDig()) GTEST_SKIP() << "dig (Debian package dnsutils) is not installed: make deps";
    std::string why_not;
    db_ = testing::TestDatabase(dir_.path(), "n", &why_not);
    if (db_.empty()) GTEST_SKIP() << why_not;
    // A half-life of a century keeps the March 2026 samples fresh whenever the test runs.
    Run({"spam", "config", "--half-life", "36500", "--threshold", "0.9"});
    Run({"dns", "zone", "add", "bl.test.example", "--ns", "ns1.test.example"});
    Run({"dns", "zone", "add", "c2.test.example", "--source", "indicators", "--label", "botnet"});
    Run({"dns", "zone", "add", "manual.test.example", "--source", "manual"});
  }
  std::string Run(std::vector<std::string> args) {
    return testing::RunConcordOk(db_, std::move(args));
  }
  testing::CommandResult Concord(std::vector<std::string> args) {
    return testing::RunConcordOn(db_, std::move(args));
  }
  void StartServer() {
    server_ = std::make_unique<testing::ServerProcess>(
        db_, std::vector<std::string>{"--dns", "127.0.0.1:0", "--dns-threads", "2"},
        dir_.File("serve.out"));
    ASSERT_GT(server_->port(), 0) << server_->output();
    const std::string out = server_->output();
    const std::string marker = "DNSBL on 127.0.0.1 port ";
    const size_t at = out.find(marker);
    ASSERT_NE(at, std::string::npos) << out;
    dns_port_ = std::atoi(out.c_str() + at + marker.size());
    ASSERT_GT(dns_port_, 0);
    const size_t token = out.find("store it now): ");
    ASSERT_NE(token, std::string::npos) << out;
    token_ = out.substr(token + 15, out.find('\n', token) - token - 15);
  }
  // Asks over UDP and again over TCP: both must give the same answer, which is returned.
  std::string Dig(const std::string& args) {
    const std::string udp = DigOnce(args);
    if (args.find("+tcp") == std::string::npos && args.find("+noedns") == std::string::npos) {
      EXPECT_EQ(Essential(DigOnce("+tcp " + args)), Essential(udp)) << args;
    }
    return udp;
  }
  std::string DigOnce(const std::string& args) {
    return Shell("dig +tries=1 +time=3 @127.0.0.1 -p " + std::to_string(dns_port_) + " " + args);
  }
  // dig's output without what differs between two exchanges: the id, timing, server, size.
  static std::string Essential(const std::string& out) {
    std::string kept;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("; <<>> DiG") == 0 || line.find(";; Query time") == 0 ||
          line.find(";; SERVER") == 0 || line.find(";; WHEN") == 0 ||
          line.find(";; MSG SIZE") == 0) {
        continue;
      }
      const size_t id = line.find(", id: ");
      std::string essential = id == std::string::npos ? line : line.substr(0, id);
      // The SOA serial moves with every rebuild of the zone (the search index's first pass
      // after the start commits, and the zones follow every commit): not the answer's content.
      // It follows the RNAME, "hostmaster.<zone>.", in full and in +short answers alike.
      const size_t rname = essential.find(" hostmaster.");
      if (rname != std::string::npos) {
        const size_t serial = essential.find(' ', rname + 1);
        const size_t serial_end = essential.find(' ', serial + 1);
        if (serial != std::string::npos && serial_end != std::string::npos) {
          essential.replace(serial + 1, serial_end - serial - 1, "SERIAL");
        }
      }
      kept += essential + "\n";
    }
    return kept;
  }

  testing::TempDir dir_;
  std::string db_, token_;
  std::unique_ptr<testing::ServerProcess> server_;
  int dns_port_ = 0;
};

TEST_F(DnsblSystemTest, ReportsBecomeListingsAnsweredToDigOverUdpAndTcp) {
  // Reports: every sample, through the CLI.
  auto r = Concord({"spam", "report", SpamSample("arf-abuse.eml"), SpamSample("xarf-0.2.eml"),
                    SpamSample("xarf-4.json"), SpamSample("plain-spam.eml"),
                    SpamSample("spam.mbox"), SpamSample("arf-missing-feedback-type.eml")});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // one rejected, with its reason
  EXPECT_NE(r.out.find("the required field Feedback-Type is missing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6 stored, 0 duplicates, 1 rejected"), std::string::npos) << r.out;
  auto again = Concord({"spam", "report", SpamSample("arf-abuse.eml")});
  EXPECT_NE(again.out.find("duplicate of report 1"), std::string::npos) << again.out;
  ASSERT_EQ(Concord({"import",
                     [&] {
                       const std::string f = dir_.File("indicators.json");
                       testing::WriteFile(f, kIndicators);
                       return f;
                     }()})
                .exit_code,
            0);
  std::string reputation = Run({"spam", "reputation", "--listed"});
  EXPECT_NE(reputation.find("192.0.2.1"), std::string::npos) << reputation;
  Run({"dns", "list", "manual.test.example", "192.0.2.128/25", "--code", "127.0.0.9", "--reason",
       "Hand-listed: $"});
  Run({"dns", "list", "manual.test.example", "*.phish.example"});
  Run({"dns", "delist", "bl.test.example", "203.0.113.9", "--reason", "our own relay"});
  StartServer();

  // IPv4 listed: A and TXT (with '$' replaced), over UDP and TCP.
  EXPECT_EQ(Dig("+short 1.2.0.192.bl.test.example A"), "127.0.0.2\n");
  EXPECT_EQ(Dig("+short +tcp 1.2.0.192.bl.test.example A"), "127.0.0.2\n");
  EXPECT_NE(Dig("+short 1.2.0.192.bl.test.example TXT").find("\"192.0.2.1 sent spam: 1 reports"),
            std::string::npos);
  EXPECT_NE(Dig("+tcp 1.2.0.192.bl.test.example TXT").find("192.0.2.1 sent spam"),
            std::string::npos);
  // Not listed: NXDOMAIN with the SOA for negative caching; delisted likewise.
  std::string nx = Dig("7.7.7.192.bl.test.example A");
  EXPECT_NE(nx.find("status: NXDOMAIN"), std::string::npos) << nx;
  EXPECT_NE(nx.find("SOA\tns1.test.example. hostmaster.bl.test.example."), std::string::npos) << nx;
  EXPECT_NE(Dig("9.113.0.203.bl.test.example A").find("NXDOMAIN"), std::string::npos);
  // RFC 5782 §5 test entries, IPv4, IPv6 and names.
  EXPECT_EQ(Dig("+short 2.0.0.127.bl.test.example"), "127.0.0.2\n");
  EXPECT_NE(Dig("1.0.0.127.bl.test.example").find("NXDOMAIN"), std::string::npos);
  const std::string mapped2 = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.";
  EXPECT_EQ(Dig("+short " + mapped2 + "bl.test.example"), "127.0.0.2\n");
  const std::string mapped1 = "1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.";
  EXPECT_NE(Dig(mapped1 + "bl.test.example").find("NXDOMAIN"), std::string::npos);
  EXPECT_EQ(Dig("+short TEST.bl.test.example"), "127.0.0.2\n");
  EXPECT_NE(Dig("INVALID.bl.test.example").find("NXDOMAIN"), std::string::npos);
  // Name-based: the sender domain and URL hosts of the reports.
  EXPECT_EQ(Dig("+short spam-sender.example.bl.test.example"), "127.0.0.2\n");
  EXPECT_EQ(Dig("+short win-big.example.bl.test.example"), "127.0.0.2\n");
  // A partner's shared spam source is merged (127.0.0.4).
  EXPECT_EQ(Dig("+short 250.100.51.198.bl.test.example"), "127.0.0.4\n");
  // Apex: SOA and NS; NODATA for other types; REFUSED outside the zones.
  EXPECT_NE(Dig("+short bl.test.example SOA").find("ns1.test.example. hostmaster.bl.test.example."),
            std::string::npos);
  EXPECT_EQ(Dig("+short bl.test.example NS"), "ns1.test.example.\n");
  std::string nodata = Dig("1.2.0.192.bl.test.example AAAA");
  EXPECT_NE(nodata.find("status: NOERROR"), std::string::npos);
  EXPECT_NE(nodata.find("ANSWER: 0"), std::string::npos);
  EXPECT_NE(Dig("example.org A").find("status: REFUSED"), std::string::npos);
  // EDNS0: the OPT record comes back; without EDNS none does.
  EXPECT_NE(Dig("1.2.0.192.bl.test.example").find("OPT PSEUDOSECTION"), std::string::npos);
  EXPECT_EQ(Dig("+noedns 1.2.0.192.bl.test.example").find("OPT PSEUDOSECTION"), std::string::npos);
  // Indicator zone: the public C2 indicator, not the TLP:GREEN one.
  EXPECT_EQ(Dig("+short 66.113.0.203.c2.test.example"), "127.0.0.5\n");
  EXPECT_NE(Dig("+short 66.113.0.203.c2.test.example TXT").find("Botnet C2"), std::string::npos);
  EXPECT_EQ(Dig("+short c2.botnet.example.c2.test.example"), "127.0.0.5\n");
  EXPECT_NE(Dig("67.113.0.203.c2.test.example").find("NXDOMAIN"), std::string::npos);
  // Manual zone: a network with its own code and text; a wildcard.
  EXPECT_EQ(Dig("+short 200.2.0.192.manual.test.example"), "127.0.0.9\n");
  EXPECT_EQ(Dig("+short 200.2.0.192.manual.test.example TXT"), "\"Hand-listed: 192.0.2.200\"\n");
  EXPECT_EQ(Dig("+short login.phish.example.manual.test.example"), "127.0.0.10\n");
  EXPECT_NE(Dig("phish.example.manual.test.example").find("NXDOMAIN"), std::string::npos);

  // The REST API: submit (401 without a token, 201, 200 duplicate, 422 with the reason).
  std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token_}};
  const std::string auth_failure = testing::ReadFile(SpamSample("arf-auth-failure.eml"));
  EXPECT_EQ(
      testing::Request(server_->port(), "POST", "/api/v1/spam/reports", {}, auth_failure).status,
      401);
  auto created =
      testing::Request(server_->port(), "POST", "/api/v1/spam/reports", auth, auth_failure);
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find("\"source_ip\":\"203.0.113.77\""), std::string::npos);
  EXPECT_EQ(
      testing::Request(server_->port(), "POST", "/api/v1/spam/reports", auth, auth_failure).status,
      200);
  auto bad = testing::Request(server_->port(), "POST", "/api/v1/spam/reports", auth,
                              testing::ReadFile(SpamSample("no-boundary.eml")));
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("without a boundary"), std::string::npos) << bad.body;
  auto rep =
      testing::Request(server_->port(), "GET", "/api/v1/spam/reputation?listed=true&kind=ip", auth);
  EXPECT_EQ(rep.status, 200);
  EXPECT_NE(rep.body.find("\"key\":\"203.0.113.77\""), std::string::npos) << rep.body;
  // Manual listings over the API: node admins only, checked like the CLI's.
  auto post_listing = [&](const std::map<std::string, std::string>& headers,
                          const std::string& body) {
    return testing::Request(server_->port(), "POST", "/api/v1/dns/listings", headers, body);
  };
  EXPECT_EQ(post_listing({}, R"({"zone": "manual.test.example", "entry": "192.0.2.77"})").status,
            401);
  auto no_zone = post_listing(auth, R"({"zone": "nope.example", "entry": "192.0.2.77"})");
  EXPECT_EQ(no_zone.status, 404) << no_zone.body;
  auto bad_entry = post_listing(auth, R"({"zone": "manual.test.example", "entry": "not an ip!"})");
  EXPECT_EQ(bad_entry.status, 400) << bad_entry.body;
  EXPECT_NE(bad_entry.body.find("not an IP address"), std::string::npos);
  auto bad_code = post_listing(
      auth, R"({"zone": "manual.test.example", "entry": "192.0.2.77", "code": "10.0.0.1"})");
  EXPECT_EQ(bad_code.status, 400) << bad_code.body;
  auto listed = post_listing(auth, R"({"zone": "manual.test.example", "entry": "192.0.2.77",
                                       "code": "127.0.0.7", "reason": "from the API: $"})");
  EXPECT_EQ(listed.status, 201) << listed.body;
  Run({"user", "add", "analyst", "--org", "This node", "--role", "analyst"});
  std::string analyst_token = Run({"token", "create", "--user", "analyst"});
  analyst_token = analyst_token.substr(0, analyst_token.find('\n'));
  auto not_admin = post_listing({{"Authorization", "Bearer " + analyst_token}},
                                R"({"zone": "manual.test.example", "entry": "192.0.2.78"})");
  EXPECT_EQ(not_admin.status, 403) << not_admin.body;
  // The report that arrived over the API is listed within the refresh interval.
  std::string answer;
  for (int i = 0; i < 100 && answer.empty(); ++i) {
    answer = DigOnce("+short 77.113.0.203.bl.test.example");  // changes while polled
    if (answer.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(answer, "127.0.0.2\n");
  std::string api_listed;
  for (int i = 0; i < 100 && api_listed.empty(); ++i) {
    api_listed = DigOnce("+short 77.2.0.192.manual.test.example");
    if (api_listed.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(api_listed, "127.0.0.7\n");
}

TEST_F(DnsblSystemTest, ZonesChangeLiveUnderLoadWithoutALostQuery) {
  StartServer();
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, lost{0}, listed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&, c] {
      uint16_t id = static_cast<uint16_t>(c * 30000);
      while (!stop) {
        const int rcode = UdpQuery(dns_port_, "99.2.0.192.manual.test.example", ++id);
        if (rcode < 0) {
          ++lost;
        } else {
          ++answered;
          if (rcode == 0) ++listed;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(listed.load(), 0);
  const auto change = std::chrono::steady_clock::now();
  Run({"dns", "list", "manual.test.example", "192.0.2.99", "--reason", "live"});
  while (listed == 0 && std::chrono::steady_clock::now() - change < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto live_after = std::chrono::steady_clock::now() - change;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GT(listed.load(), 0) << "the listing never became visible";
  EXPECT_EQ(lost.load(), 0) << "of " << answered.load() + lost.load() << " queries";
  // The zone's counts survived its rebuilds and agree with what the clients saw.
  auto zones = testing::Request(server_->port(), "GET", "/api/v1/dns/zones",
                                {{"Authorization", "Bearer " + token_}});
  ASSERT_EQ(zones.status, 200) << zones.body;
  const std::string counted = "\"origin\":\"manual.test.example\"";
  const size_t zone = zones.body.find(counted);
  ASSERT_NE(zone, std::string::npos) << zones.body;
  const std::string expected = "\"queries\":{\"answered\":" + std::to_string(answered.load()) +
                               ",\"listed\":" + std::to_string(listed.load()) + "}";
  EXPECT_NE(zones.body.find(expected, zone), std::string::npos) << expected << "\n" << zones.body;
  EXPECT_NE(zones.body.find("\"queries\":{\"answered\":0,\"listed\":0}"), std::string::npos)
      << "the zones nobody asked count nothing: " << zones.body;
  std::printf("live after %lld ms; %d queries answered, %d lost\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(live_after).count()),
              answered.load(), lost.load());
}

TEST_F(DnsblSystemTest, ExportsLoadIntoRbldnsdAndShareMakesIndicators) {
  ASSERT_EQ(
      Concord({"spam", "report", SpamSample("arf-abuse.eml"), SpamSample("xarf-4.json")}).exit_code,
      0);
  Run({"dns", "list", "bl.test.example", "2001:db8:bad::/48", "--reason", "v6 net $"});
  Run({"dns", "delist", "bl.test.example", "2001:db8:bad::1", "--reason", "fixed"});
  for (const char* format : {"ip4set", "ip6trie", "dnset", "rpz"}) {
    Run({"dns", "export", "bl.test.example", "--format", format, "-o", dir_.File(format)});
  }
  const std::string ip4 = testing::ReadFile(dir_.File("ip4set"));
  EXPECT_NE(ip4.find("192.0.2.1 :127.0.0.2:$ sent spam"), std::string::npos) << ip4;
  EXPECT_NE(ip4.find("!127.0.0.1"), std::string::npos);
  const std::string ip6 = testing::ReadFile(dir_.File("ip6trie"));
  EXPECT_NE(ip6.find("2001:db8:bad::/48 :127.0.0.10:v6 net $"), std::string::npos) << ip6;
  EXPECT_NE(ip6.find("!2001:db8:bad::1"), std::string::npos) << ip6;
  const std::string rpz = testing::ReadFile(dir_.File("rpz"));
  EXPECT_NE(rpz.find("32.1.2.0.192.rpz-ip CNAME ."), std::string::npos) << rpz;
  EXPECT_NE(rpz.find("48.0.0.0.0.0.bad.db8.2001.rpz-ip CNAME ."), std::string::npos) << rpz;

  // Sharing: the listed sources become spam-source indicators; again changes nothing.
  Run({"org", "add", "Home"});
  std::string shared = Run({"spam", "share", "--tlp", "clear", "--distribution", "all"});
  EXPECT_NE(shared.find(" shared, 0 unchanged, 0 revoked"), std::string::npos) << shared;
  EXPECT_NE(Run({"spam", "share", "--tlp", "clear", "--distribution", "all"}).find("0 shared"),
            std::string::npos);
  Run({"dns", "delist", "bl.test.example", "192.0.2.1", "--reason", "cleaned up"});
  EXPECT_NE(Run({"spam", "share", "--tlp", "clear", "--distribution", "all"}).find("1 revoked"),
            std::string::npos);

  // The exported files answer the same in rbldnsd.
  if (Shell("command -v rbldnsd; ls /usr/sbin/rbldnsd 2>/dev/null").empty()) {
    GTEST_SKIP() << "rbldnsd (Debian package rbldnsd) is not installed: make deps";
  }
  // rbldnsd started as root drops to its own user, which must be able to read the files.
  std::filesystem::permissions(
      dir_.path(), std::filesystem::perms::others_read | std::filesystem::perms::others_exec,
      std::filesystem::perm_options::add);
  const int port = 20000 + getpid() % 20000;
  pid_t pid = fork();
  if (pid == 0) {
    execl("/usr/sbin/rbldnsd", "rbldnsd", "-n", "-q", "-b",
          ("127.0.0.1/" + std::to_string(port)).c_str(), "-w", dir_.path().c_str(),
          "bl.test.example:ip4set:ip4set", "bl.test.example:ip6trie:ip6trie",
          "bl.test.example:dnset:dnset", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto rbl = [&](const std::string& q) {
    return Shell("dig +short +tries=1 +time=2 @127.0.0.1 -p " + std::to_string(port) + " " + q);
  };
  EXPECT_EQ(rbl("1.2.0.192.bl.test.example"), "127.0.0.2\n");
  EXPECT_NE(rbl("1.2.0.192.bl.test.example TXT").find("192.0.2.1 sent spam"), std::string::npos);
  EXPECT_EQ(rbl("spam-sender.example.bl.test.example"), "127.0.0.2\n");
  EXPECT_EQ(rbl("1.0.0.127.bl.test.example"), "");
  EXPECT_EQ(rbl("2.0.0.127.bl.test.example"), "127.0.0.2\n");
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}

}  // namespace
}  // namespace concord
