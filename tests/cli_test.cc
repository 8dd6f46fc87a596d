// `concord import` / `concord export` end to end, through the real binary.

#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "common/json.h"
#include "tests/test_util.h"

namespace concord {
namespace {

using testing::RunConcord;
using testing::TempDir;

// Objects of a bundle keyed by (id, modified-or-created), as JSON documents.
class ObjectSet {
 public:
  explicit ObjectSet(const std::string& text) : text_(text) {
    json::Document probe;
    size_t err = 0;
    Status st = probe.ParseAll(text_, &err);
    EXPECT_TRUE(st.ok()) << st.message() << " at " << err;
    json::Value root = probe.root();
    if (root.is_object() && root["type"].str_equals("bundle")) {
      for (json::Value o : root["objects"]) Add(o);
    } else if (root.is_array()) {
      for (json::Value o : root) Add(o);
    } else {
      Add(root);
    }
  }
  size_t size() const { return objects_.size(); }
  size_t red() const { return red_; }  // TLP:RED objects left out
  const std::map<std::string, std::string>& objects() const { return objects_; }

 private:
  void Add(json::Value o) {
    // TLP:RED never leaves a node through export (the sharing policy): a round trip covers
    // everything else. Both RED ids, TLP 2.0 and STIX 2.1's TLP 1.0.
    for (json::Value m : o["object_marking_refs"]) {
      if (m.str_equals("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed") ||
          m.str_equals("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")) {
        ++red_;
        return;
      }
    }
    std::string version = o["modified"].exists() ? o["modified"].str() : o["created"].str();
    objects_[o["id"].str() + "@" + version] = std::string(o.raw());
  }
  std::string text_;
  std::map<std::string, std::string> objects_;
  size_t red_ = 0;
};

bool JsonEqual(const std::string& a, const std::string& b) {
  json::Document da, db;
  return da.ParseAll(a).ok() && db.ParseAll(b).ok() && json::Equal(da.root(), db.root());
}

void ExpectSameObjects(const ObjectSet& want, const ObjectSet& got, const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (const auto& [key, json] : want.objects()) {
    auto it = got.objects().find(key);
    ASSERT_NE(it, got.objects().end()) << what << ": missing " << key;
    EXPECT_TRUE(JsonEqual(json, it->second)) << what << ": " << key << " differs";
  }
}

TEST(CliTest, VersionAndHelp) {
  auto r = RunConcord({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("concord "), std::string::npos);
  for (const char* cmd : {"serve", "import", "export", "version"}) {
    r = RunConcord({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd << ": " << r.out;
  }
  r = RunConcord({"frobnicate"});
  EXPECT_NE(r.exit_code, 0);
}

// `version` names the store and its schema, and never creates or migrates a database.
TEST(CliTest, VersionDescribesTheStoreWithoutTouchingIt) {
  TempDir dir;
  const std::string db = dir.File("v.db");
  auto r = RunConcord({"--db", db, "version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("store: SQLite 3."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(db + " (not created yet)"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(db));
  ASSERT_EQ(RunConcord({"--db", db, "org", "list"}).exit_code, 0);  // creates it
  r = RunConcord({"--db", db, "version"});
  const size_t schema = r.out.find("database schema ");
  ASSERT_NE(schema, std::string::npos) << r.out;
  const std::string writes = r.out.substr(schema + 16, r.out.find(')', schema) - schema - 16);
  EXPECT_NE(r.out.find(db + ", schema " + writes + "\n"), std::string::npos) << r.out;
}

// Import -> export gives the same objects; importing that export into an empty store and
// exporting again gives the same objects once more.
TEST(CliTest, ImportExportRoundTripOfEveryBundle) {
  auto bundles = testing::StixBundles();
  ASSERT_FALSE(bundles.empty());
  for (const std::string& file : bundles) {
    TempDir dir;
    auto r = RunConcord({"--db", dir.File("a.db"), "import", file});
    ASSERT_EQ(r.exit_code, 0) << file << "\n" << r.err;
    r = RunConcord(
        {"--db", dir.File("a.db"), "export", "--all-versions", "-o", dir.File("a.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ObjectSet original(testing::ReadFile(file));
    ObjectSet exported(testing::ReadFile(dir.File("a.json")));
    ExpectSameObjects(original, exported, file + " first export");
    EXPECT_NE(r.err.find(std::to_string(original.red()) + " withheld by the sharing policy"),
              std::string::npos)
        << r.err;

    r = RunConcord({"--db", dir.File("b.db"), "import", dir.File("a.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = RunConcord(
        {"--db", dir.File("b.db"), "export", "--all-versions", "-o", dir.File("b.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ObjectSet again(testing::ReadFile(dir.File("b.json")));
    ExpectSameObjects(exported, again, file + " second export");
  }
}

TEST(CliTest, ExportFilters) {
  TempDir dir;
  std::string db = dir.File("c.db");
  ASSERT_EQ(RunConcord({"--db", db, "import", testing::DemoDir() + "/poisonivy.json"}).exit_code,
            0);
  // Global options may also follow the subcommand.
  auto r = RunConcord({"export", "--db", db, "--type", "indicator,malware"});
  ASSERT_EQ(r.exit_code, 0);
  ObjectSet typed(r.out);
  EXPECT_EQ(typed.size(), 50u);  // 25 indicators + 25 malware
  r = RunConcord({"--db", db, "export", "--id", "campaign--752c225d-d6f6-4456-9130-d9580fd4007b"});
  EXPECT_EQ(ObjectSet(r.out).size(), 1u);
  r = RunConcord({"--db", db, "export", "--added-after", "2999-01-01T00:00:00Z"});
  EXPECT_EQ(ObjectSet(r.out).size(), 0u);
  EXPECT_EQ(r.out.find("\"objects\""), std::string::npos);  // STIX forbids an empty list
  r = RunConcord({"--db", db, "export", "--added-after", "yesterday"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--added-after"), std::string::npos);
}

TEST(CliTest, NewerVersionsAreAddedOlderKept) {
  TempDir dir;
  std::string db = dir.File("v.db");
  auto version = [&](const std::string& modified, const std::string& name) {
    return R"({"type":"malware","spec_version":"2.1","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b","created":"2026-01-01T00:00:00.000Z","modified":")" +
           modified + R"(","name":")" + name + R"(","is_family":true})";
  };
  testing::WriteFile(dir.File("v2.json"), version("2026-02-01T00:00:00.000Z", "second"));
  testing::WriteFile(dir.File("v1.json"), version("2026-01-01T00:00:00.000Z", "first"));
  testing::WriteFile(dir.File("v3.json"), version("2026-03-01T00:00:00.000Z", "third"));
  for (const char* f : {"v2.json", "v1.json", "v3.json", "v2.json"}) {
    ASSERT_EQ(RunConcord({"--db", db, "import", dir.File(f)}).exit_code, 0);
  }
  auto all = RunConcord({"--db", db, "export", "--all-versions"});
  EXPECT_EQ(ObjectSet(all.out).size(), 3u);
  auto latest = RunConcord({"--db", db, "export"});
  ObjectSet l(latest.out);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_NE(l.objects().begin()->second.find("third"), std::string::npos);
}

TEST(CliTest, BadInputGetsClearMessagesAndLosesNoGoodObject) {
  TempDir dir;
  std::string db = dir.File("bad.db");
  struct Case {
    std::string name, content, message;
  };
  std::vector<Case> cases = {
      {"empty.json", "", "input is empty"},
      {"text.json", "this is not json", "line 1, column 1: expected a STIX bundle"},
      {"number.json", "[1, 2]", "object 1: an object is required, not number"},
      {"notbundle.json", R"({"hello": "world"})", "no \"type\": not a STIX bundle or object"},
      {"truncated.json",
       "{\"type\":\"bundle\",\"objects\":[\n{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--ff26c055-"
       "6336-5bc5-b98d-13d6226742dd\",\"value\":\"198.51.100.3\"},\n{\"type\":\"ipv4",
       "truncated.json: line 3, column 9: unterminated string"},
  };
  for (const Case& c : cases) {
    testing::WriteFile(dir.File(c.name), c.content);
    auto r = RunConcord({"--db", db, "import", dir.File(c.name)});
    EXPECT_EQ(r.exit_code, 1) << c.name << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << "\n  got: " << r.err;
  }
  // Nothing of the truncated object; the complete one before it is kept (non-strict).
  auto r = RunConcord({"--db", db, "export"});
  EXPECT_EQ(ObjectSet(r.out).size(), 1u);

  // Standard input.
  testing::WriteFile(
      dir.File("one.json"),
      R"({"type":"domain-name","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"example.com"})");
  r = RunConcord({"--db", db, "import", "-"}, dir.File("one.json"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 added"), std::string::npos) << r.out;

  // A missing file is an error of its own kind (exit 2).
  r = RunConcord({"--db", db, "import", dir.File("missing.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos);
}

TEST(CliTest, StrictRejectsTheWholeFile) {
  TempDir dir;
  std::string db = dir.File("strict.db");
  std::string good =
      R"({"type":"domain-name","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"example.com"})";
  std::string bad = R"({"type":"domain-name","id":"domain-name--bad"})";
  testing::WriteFile(dir.File("mixed.json"), "[" + good + "," + bad + "]");
  auto r = RunConcord({"--db", db, "import", "--strict", dir.File("mixed.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("mixed.json: object 2 (domain-name--bad): id: must be an identifier"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("strict: 1 invalid objects, nothing committed"), std::string::npos);
  EXPECT_EQ(ObjectSet(RunConcord({"--db", db, "export"}).out).size(), 0u);
  r = RunConcord({"--db", db, "import", dir.File("mixed.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ObjectSet(RunConcord({"--db", db, "export"}).out).size(), 1u);
}

}  // namespace
}  // namespace concord

namespace concord {
namespace {

// Issue 17's smaller cases through the real binary: terminal escapes in data, a blocklist
// entry wider than the bound, a log file handed in as a spam report.
TEST(CliTrustTest, EscapesBoundsAndSizesHold) {
  testing::TempDir dir;
  const std::string db = dir.File("t.db");
  // A vector carrying a terminal escape (ESC ] 0 ; retitles the window): shown escaped.
  auto cvss = RunConcord({"cvss", "CVSS:3.1/AV:N\x1b]0;pwned\x07/AC:L"});
  EXPECT_NE(cvss.exit_code, 0);
  EXPECT_EQ(cvss.err.find('\x1b'), std::string::npos) << cvss.err;
  EXPECT_EQ(cvss.out.find('\x1b'), std::string::npos) << cvss.out;
  EXPECT_NE(cvss.err.find("\\x1b"), std::string::npos) << cvss.err;

  ASSERT_EQ(RunConcord({"--db", db, "dns", "zone", "add", "bl.cert.example", "--source", "manual"})
                .exit_code,
            0);
  auto wide = RunConcord({"--db", db, "dns", "list", "bl.cert.example", "0.0.0.0/0"});
  EXPECT_NE(wide.exit_code, 0);
  EXPECT_NE(wide.err.find("wider than the /8"), std::string::npos) << wide.err;
  auto wide6 = RunConcord({"--db", db, "dns", "list", "bl.cert.example", "2000::/3"});
  EXPECT_NE(wide6.err.find("wider than the /32"), std::string::npos) << wide6.err;
  auto listings = RunConcord({"--db", db, "dns", "listings"});
  EXPECT_EQ(listings.out.find("0.0.0.0/0"), std::string::npos) << listings.out;
  auto forced = RunConcord({"--db", db, "dns", "list", "bl.cert.example", "10.0.0.0/7", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;

  // A 9 MiB "report" is a log, not a message.
  std::string big = "From: a@b.example\nSubject: x\n\n" + std::string(9u << 20, 'x');
  testing::WriteFile(dir.File("big.eml"), big);
  auto report = RunConcord({"--db", db, "spam", "report", dir.File("big.eml")});
  EXPECT_NE(report.exit_code, 0);
  EXPECT_NE((report.out + report.err).find("over the limit"), std::string::npos) << report.out;
}

// Stored text printed to a terminal cannot drive it: an organisation named with escape
// sequences shows them escaped on a terminal (a pseudo-terminal here), and byte for byte into
// a pipe.
TEST(CliTrustTest, DataPrintedToATerminalCannotDriveIt) {
  testing::TempDir dir;
  const std::string db = dir.File("t.db");
  const std::string evil =
      "Evil\x1b]0;pwned\x07\x1b[2J\xc2\x9b"
      "31m";
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(CONCORD_BINARY, CONCORD_BINARY, "--db", db.c_str(), "org", "add", evil.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string seen;
  char buf[4096];
  for (ssize_t n; (n = read(master, buf, sizeof buf)) > 0;) seen.append(buf, n);
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  EXPECT_EQ(seen.find('\x1b'), std::string::npos) << seen;
  EXPECT_EQ(seen.find('\x07'), std::string::npos) << seen;
  EXPECT_EQ(seen.find("\xc2\x9b"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Evil\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m"), std::string::npos) << seen;
  // Into a pipe, the same listing is the stored bytes (for scripts).
  auto piped = RunConcord({"--db", db, "org", "list"});
  EXPECT_NE(piped.out.find(evil), std::string::npos) << piped.out;
}

}  // namespace
}  // namespace concord
