// The REST and TAXII APIs in process, through the node's real router: who may call every
// route, 405 with Allow everywhere, 429 with Retry-After, and the data-driven cases of
// tests/api/*.test (see tests/api/README.md for their format).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/json.h"
#include "common/numbers.h"
#include "common/strings.h"
#include "modules/modules.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/api_harness.h"
#include "tests/postgres_server.h"

namespace concord {
namespace {

using testing::ApiHarness;

std::string Concrete(const std::string& pattern) {
  // "/api/v1/teams/{ref}/history" -> "/api/v1/teams/x/history"
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      out += "x";
    } else {
      out += pattern[i];
    }
  }
  return out;
}

bool Allowed(api::Access access, const std::string& role) {
  if (access == api::Access::kPublic) return true;
  if (role.empty()) return false;
  switch (access) {
    case api::Access::kUser:
      return true;
    case api::Access::kWriter:
      return role != "reader";
    case api::Access::kNodeUser:
      return role == "reader" || role == "analyst" || role == "admin";
    case api::Access::kNodeAdmin:
      return role == "admin";
    case api::Access::kPeer:
      return role == "peer";
    case api::Access::kMember:
      return role != "peer";
    case api::Access::kMemberWriter:
      return role != "peer" && role != "reader";
    default:
      return false;
  }
}

// Over every module of the program, migration numbers run 1, 2, 3... with no gap or repeat.
TEST(Schema, EveryModulesMigrationsAreNumberedContiguously) {
  auto all = store::SqliteMigrations(modules::SqliteOptionsWithModules());
  ASSERT_TRUE(all.ok()) << all.status().message();
  Status st = store::sqlite::CheckMigrations(*all, /*contiguous=*/true);
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST(ApiAccess, EveryRouteEnforcesItsDeclarationForEveryRole) {
  ApiHarness node;
  ASSERT_GT(node.routes().declared().size(), 25u);
  for (const auto& route : node.routes().declared()) {
    for (const std::string role : {"", "reader", "analyst", "admin", "partner", "peer"}) {
      http::Headers headers;
      if (route.pattern.rfind("/taxii2", 0) == 0) {
        headers.emplace_back("Accept", "application/taxii+json;version=2.1");
      }
      http::Response r = node.Call(route.method, Concrete(route.pattern), role, "", headers);
      const bool refused = r.status == 401 || r.status == 403;
      EXPECT_EQ(refused, !Allowed(route.access, role))
          << route.method << " " << route.pattern << " (" << api::AccessName(route.access)
          << ") as '" << role << "': " << r.status << " " << r.body;
      if (role.empty() && !Allowed(route.access, role)) {
        EXPECT_EQ(r.status, 401) << route.pattern;
      }
    }
  }
}

// The OpenAPI document is written by hand; it and the router must list the same REST routes,
// each with the access the route declares.
TEST(ApiAccess, TheOpenApiDocumentListsEveryRestRouteWithItsAccess) {
  ApiHarness node;
  http::Response r = node.Call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(r.status, 200);
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(r.body).ok());
  EXPECT_TRUE(doc.root()["openapi"].str_equals("3.1.0"));
  std::set<std::string> documented, routed;
  const json::Value paths = doc.root()["paths"];
  for (auto p = paths.begin(); p != paths.end(); ++p) {
    const json::Value ops = p.member().value;
    for (auto op = ops.begin(); op != ops.end(); ++op) {
      std::string method(op.member().key);
      for (char& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert(method + " " + std::string(p.member().key) + " " +
                        op.member().value["x-concord-access"].str());
    }
  }
  for (const auto& route : node.routes().declared()) {
    if (route.pattern.rfind("/api/", 0) != 0 && route.pattern != "/healthz") continue;
    routed.insert(route.method + " " + route.pattern + " " + api::AccessName(route.access));
  }
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented, not routed: " << d;
  for (const auto& d : routed) EXPECT_TRUE(documented.count(d)) << "routed, not documented: " << d;
}

TEST(ApiAccess, EveryPathAnswersOtherMethodsWith405AndAllow) {
  ApiHarness node;
  std::map<std::string, std::set<std::string>> methods;
  for (const auto& route : node.routes().declared()) methods[route.pattern].insert(route.method);
  ASSERT_TRUE(methods.count("/taxii2/api/collections/{collection}/objects/"));
  ASSERT_TRUE(methods.count("/api/v1/teams/{ref}"));
  for (const auto& [pattern, allowed] : methods) {
    http::Response r = node.Call("OPTIONS", Concrete(pattern), "admin");
    EXPECT_EQ(r.status, 405) << pattern << ": " << r.body;
    std::string allow;
    for (const auto& [k, v] : r.headers) {
      if (k == "Allow") allow = v;
    }
    std::set<std::string> got;
    for (std::string m : Split(allow, ',', true)) {
      m.erase(std::remove(m.begin(), m.end(), ' '), m.end());
      got.insert(m);
    }
    EXPECT_EQ(got, allowed) << pattern << " Allow: " << allow;
    // TAXII paths answer in TAXII's error format, the others in the REST API's.
    if (pattern.rfind("/taxii2", 0) == 0) {
      EXPECT_NE(r.body.find("\"http_status\":\"405\""), std::string::npos) << r.body;
    } else {
      EXPECT_NE(r.body.find("\"error\""), std::string::npos) << r.body;
    }
  }
}

std::string HeaderOf(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

// Issue 17, reproduction 7: password guessing is answered 429 with Retry-After, and a valid
// token from the same address (a shared NAT, a gateway) is never refused for it.
TEST(ApiAccess, PasswordGuessingGets429WithRetryAfterAndAValidTokenStillWorks) {
  for (const std::string path : {"/api/v1/teams", "/taxii2/api/collections/"}) {
    ApiHarness node;
    for (int i = 0; i < 10; ++i) {
      EXPECT_EQ(node.Call("GET", path, "concord_wrong" + std::to_string(i)).status, 401);
    }
    EXPECT_EQ(node.Call("GET", path, "analyst", "", {{"Accept", "*/*"}}).status, 200) << path;
    const http::Headers guess = {
        {"Accept", "*/*"}, {"Authorization", "Basic " + Base64Encode("analyst:wrong password")}};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(node.Call("GET", path, "", "", guess).status, 401);
    http::Response r = node.Call("GET", path, "", "", guess);
    EXPECT_EQ(r.status, 429) << path << ": " << r.body;
    const std::string retry = HeaderOf(r, "Retry-After");
    ASSERT_FALSE(retry.empty()) << path;
    EXPECT_GE(std::stoi(retry), 1);
    EXPECT_LE(std::stoi(retry), 60);
    if (path.rfind("/taxii2", 0) == 0) {
      EXPECT_NE(r.body.find("Too many requests"), std::string::npos) << r.body;
    } else {
      EXPECT_NE(r.body.find("too_many_requests"), std::string::npos) << r.body;
    }
    EXPECT_EQ(node.Call("GET", path, "analyst", "", {{"Accept", "*/*"}}).status, 200) << path;
  }
}

TEST(ApiAccess, PublicRoutesAreRateLimitedPerAddress) {
  ApiHarness node;
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 40; ++i) {
    http::Response r = node.Call("POST", "/api/v1/contacts/ack", "", R"({"token":"nope"})");
    if (r.status == 429) {
      ++limited;
      retry = HeaderOf(r, "Retry-After");
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_FALSE(retry.empty());
  // Another address is not affected; the health check is never limited.
  EXPECT_NE(node.Call("POST", "/api/v1/contacts/ack", "", "{}", {}, "192.0.2.77").status, 429);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(node.Call("GET", "/healthz", "").status, 200);
}

TEST(ApiTaxii, AHostilePatternIsRefusedWithItsColumnAndTheRestIsStored) {
  ApiHarness node;
  const Clock& clock = SystemClock::Get();
  auto collection = accounts::CreateCollection(node.db(), "Feed", "", "", clock);
  ASSERT_TRUE(collection.ok());
  ASSERT_TRUE(
      accounts::GrantCollection(node.db(), collection->id, ApiHarness::kNodeOrg, true, true).ok());
  auto indicator = [](int n, const std::string& pattern) {
    return R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-00000000000)" +
           std::to_string(n) +
           R"(","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",)"
           R"("pattern":")" +
           pattern + R"(","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"})";
  };
  const std::string body =
      "{\"objects\":[" +
      indicator(1, "[ipv4-addr:value = '192.0.2.1'] WITHIN " + std::string(401, '9') + " SECONDS") +
      "," + indicator(2, "[ipv4-addr:value = '192.0.2.2']") + "]}";
  const std::string taxii = "application/taxii+json;version=2.1";
  http::Response r = node.Call("POST", "/taxii2/api/collections/" + collection->id + "/objects/",
                               "analyst", body, {{"Accept", taxii}, {"Content-Type", taxii}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"success_count\":1"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"failure_count\":1"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("out of range at column 40"), std::string::npos) << r.body;
}

// docs/SECURITY.md's route matrix is the declarations, row for row: a route added without its
// row, or a row whose access differs from the code, fails here.
TEST(ApiAccess, TheSecurityMatrixListsEveryRouteWithItsDeclaredAccess) {
  ApiHarness node;
  std::set<std::string> declared;
  for (const auto& r : node.routes().declared()) {
    declared.insert("| " + r.method + " | `" + r.pattern + "` | " + api::AccessName(r.access) +
                    " |");
  }
  std::set<std::string> documented;
  std::istringstream doc(testing::ReadFile(std::string(CONCORD_SOURCE_DIR) + "/docs/SECURITY.md"));
  bool in_matrix = false;
  for (std::string line; std::getline(doc, line);) {
    if (line.rfind("<!-- route matrix", 0) == 0) in_matrix = line.find("end") == std::string::npos;
    if (!in_matrix || line.rfind("| ", 0) != 0 || line.rfind("| method", 0) == 0) continue;
    // Only the first three columns are checked; the rest explains.
    size_t bar = 0;
    for (int i = 0; i < 3 && bar != std::string::npos; ++i) bar = line.find(" |", bar + 1);
    documented.insert(line.substr(0, bar + 2));
  }
  for (const std::string& row : declared) {
    EXPECT_TRUE(documented.count(row)) << "docs/SECURITY.md lacks: " << row;
  }
  for (const std::string& row : documented) {
    EXPECT_TRUE(declared.count(row)) << "docs/SECURITY.md lists a route the code does not: " << row;
  }
}

// ---- Data-driven cases: tests/api/*.test ----

// Whether `actual` contains `expected`: objects by their listed keys, arrays element by element
// with the same length (unless the expected array ends with the string "..."), scalars equal.
bool Contains(json::Value actual, json::Value expected, std::string* where) {
  if (expected.is_object()) {
    if (!actual.is_object()) return *where = "not an object", false;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const auto m = it.member();
      const std::string key(m.key);
      if (!Contains(actual[key], m.value, where)) return *where = key + "." + *where, false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return *where = "not an array", false;
    std::vector<json::Value> want, got;
    for (json::Value v : expected) want.push_back(v);
    for (json::Value v : actual) got.push_back(v);
    const bool open = !want.empty() && want.back().str_equals("...");
    if (open) want.pop_back();
    if (open ? got.size() < want.size() : got.size() != want.size()) {
      return *where = "array of " + std::to_string(got.size()) + " elements", false;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (!Contains(got[i], want[i], where)) {
        return *where = "[" + std::to_string(i) + "]." + *where, false;
      }
    }
    return true;
  }
  if (!json::Equal(actual, expected)) return *where = "value " + std::string(actual.raw()), false;
  return true;
}

struct Case {
  std::string file;
  int line = 0;
  std::string method, target, as, body;
  int status = 0;
  std::string expected;
  // "=> NAME PATH" lines: the answer's value at PATH (keys and indexes, dot-separated) is
  // remembered as NAME, which later cases use as {{NAME}} in their path, body and expectation.
  std::vector<std::pair<std::string, std::string>> captures;
};

// The value at a dotted path ("requests.0.id") as text (strings unquoted).
std::string ValueAt(json::Value v, const std::string& path) {
  std::istringstream parts(path);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (v.is_array()) {
      const auto i = ParseInteger<uint32_t>(part);
      v = i && *i < v.size() ? v.at(*i) : json::Value();
    } else {
      v = v[part];
    }
  }
  if (!v.exists()) return "";
  return v.is_string() ? v.str() : std::string(v.raw());
}

// {{NAME}} replaced by what was captured (and {{identity:ORG}} by an organisation's identity).
std::string Substitute(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [name, value] : vars) {
    const std::string key = "{{" + name + "}}";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
      text.replace(at, key.size(), value);
      at += value.size();
    }
  }
  return text;
}

std::vector<Case> ReadCases(const std::filesystem::path& file) {
  std::vector<Case> cases;
  std::ifstream in(file);
  std::string line;
  int number = 0;
  Case c;
  enum { kRequest, kBody, kStatus, kExpected } state = kRequest;
  auto finish = [&] {
    if (!c.method.empty()) cases.push_back(c);
    c = Case{};
    state = kRequest;
  };
  while (std::getline(in, line)) {
    ++number;
    if (state == kRequest) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream words(line);
      std::string as_word;
      words >> c.method >> c.target >> as_word >> c.as;
      c.file = file.filename().string();
      c.line = number;
      state = kBody;
      continue;
    }
    if (state == kBody) {
      if (line == "----") {
        state = kStatus;
        continue;
      }
      if (c.body.empty() && !line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) &&
          line.size() == 3) {
        c.status = std::stoi(line);
        state = kExpected;
        continue;
      }
      c.body += line + "\n";
      continue;
    }
    if (state == kStatus) {
      c.status = std::stoi(line);
      state = kExpected;
      continue;
    }
    if (line.empty()) {
      finish();
      continue;
    }
    if (line.rfind("=> ", 0) == 0) {
      std::istringstream words(line.substr(3));
      std::string name, path;
      words >> name >> path;
      c.captures.emplace_back(name, path);
      continue;
    }
    c.expected += line + "\n";
  }
  finish();
  return cases;
}

// Runs every case of tests/api/*.test on fresh nodes made by `make_node` (one per file).
void RunEveryCase(const std::function<std::unique_ptr<ApiHarness>()>& make_node) {
  const std::filesystem::path dir = std::filesystem::path(CONCORD_SOURCE_DIR) / "tests" / "api";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".test") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  size_t total = 0;
  for (const auto& file : files) {
    auto made = make_node();  // each file starts from the same fresh node
    if (!made) return;
    ApiHarness& node = *made;
    std::map<std::string, std::string> vars;
    auto orgs = node.db().accounts().ListOrganisations();
    ASSERT_TRUE(orgs.ok());
    for (const auto& org : *orgs) {
      vars["identity:" + org.name] = org.identity_id;
    }
    for (Case c : ReadCases(file)) {
      ++total;
      c.target = Substitute(c.target, vars);
      c.body = Substitute(c.body, vars);
      c.expected = Substitute(c.expected, vars);
      const std::string at = c.file + ":" + std::to_string(c.line) + ": " + c.method + " " +
                             c.target + " as " + (c.as.empty() ? "anonymous" : c.as);
      http::Headers headers;
      if (c.target.rfind("/taxii2", 0) == 0) {
        headers.emplace_back("Accept", "application/taxii+json;version=2.1");
        if (c.method == "POST")
          headers.emplace_back("Content-Type", "application/taxii+json;version=2.1");
      }
      http::Response r = node.Call(c.method, c.target, c.as, c.body, headers);
      EXPECT_EQ(r.status, c.status) << at << "\n" << r.body;
      const std::string& body = r.shared_body ? *r.shared_body : r.body;
      json::Document want, got;
      if (!c.captures.empty()) {
        ASSERT_TRUE(got.ParseAll(body).ok()) << at << ": the answer is not JSON: " << body;
        for (const auto& [name, path] : c.captures) {
          vars[name] = ValueAt(got.root(), path);
          EXPECT_FALSE(vars[name].empty()) << at << ": nothing at " << path << "\n" << body;
        }
      }
      if (c.expected.empty()) continue;
      ASSERT_TRUE(want.ParseAll(c.expected).ok()) << at << ": the expected JSON does not parse";
      ASSERT_TRUE(got.ParseAll(body).ok()) << at << ": the answer is not JSON: " << body;
      std::string where;
      EXPECT_TRUE(Contains(got.root(), want.root(), &where))
          << at << ": differs at " << where << "\n"
          << body;
    }
  }
  EXPECT_GT(total, 10u);
}

TEST(ApiCases, EveryCaseOfTestsApiHolds) {
  RunEveryCase([] { return std::make_unique<ApiHarness>(); });
}

// The same cases on PostgreSQL: every route on the other engine.
TEST(ApiCases, EveryCaseOfTestsApiHoldsOnPostgreSQL) {
  std::string why_not;
  auto server = testing::PostgresServer::Start(&why_not);
  if (!server) GTEST_SKIP() << why_not;
  int databases = 0;
  RunEveryCase([&]() -> std::unique_ptr<ApiHarness> {
    const std::string name = "api_" + std::to_string(++databases);
    if (!server->CreateDatabase(name)) {
      ADD_FAILURE() << "createdb " << name << ": " << server->Log();
      return nullptr;
    }
    return std::make_unique<ApiHarness>(server->Target(name));
  });
}

}  // namespace
}  // namespace concord
