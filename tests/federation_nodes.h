#pragma once
// Concord nodes as separate processes for the federation tests: each has its own database and
// organisation, serves on a loopback port, and can be given peers. Helpers make indicators with
// every TLP level and distribution and say where the sharing policy lets them go.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

namespace concord::testing {

inline const std::vector<std::pair<std::string, std::string>> kTlps = {
    {"clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"},
    {"green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"},
    {"amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"},
    {"amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"},
    {"red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"},
    {"none", ""}};
inline const std::vector<std::string> kDistributions = {"all", "connected", "community",
                                                        "organisation", "none"};

// What may reach a node `hops` pulls away from the originator (docs/DESIGN.md, "Sharing"):
// one hop takes everything but RED and the distributions community and organisation (an
// unmarked object counts as TLP:AMBER; without a distribution it is community); further hops
// take only CLEAR/GREEN with distribution all, since AMBER is not re-shared and `connected`
// stops after one hop.
inline bool Reaches(const std::string& tlp, const std::string& dist, int hops) {
  const bool tlp_one_hop = tlp != "red";
  const bool dist_one_hop = dist == "all" || dist == "connected";
  if (hops == 1) return tlp_one_hop && dist_one_hop;
  return (tlp == "clear" || tlp == "green") && dist == "all";
}

class Node {
 public:
  // Its database: NAME.db in `dir`, or in the PostgreSQL builds of the federation tests a fresh
  // database on the throw-away server (testing::TestDatabase).
  Node(testing::TempDir& dir, const std::string& name) : name_(name) {
    std::string why_not;
    db_ = testing::TestDatabase(dir.path(), name, &why_not);
    if (db_.empty()) ADD_FAILURE() << why_not;
    identity_ = Identity(Run({"org", "add", name}));  // the node's own organisation
  }
  const std::string& db() const { return db_; }
  std::string Run(std::vector<std::string> args, int want = 0) {
    std::vector<std::string> all = {"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    auto r = RunConcord(all);
    EXPECT_EQ(r.exit_code, want) << name_ << " " << args[0] << ": " << r.err << r.out;
    return r.out;
  }
  static std::string Identity(const std::string& out) {
    const size_t p = out.find("identity--");
    return out.substr(p, out.find(')', p) - p);
  }
  void Serve(testing::TempDir& dir, std::vector<std::string> args = {}) {
    tls_ = std::find(args.begin(), args.end(), "--tls-cert") != args.end();
    server_ = std::make_unique<testing::ServerProcess>(db_, args, dir.File(name_ + ".out"));
    ASSERT_NE(server_->port(), 0) << server_->output();
  }
  void Stop() { server_.reset(); }
  std::string ServerOutput() const { return server_ ? server_->output() : ""; }
  std::string AddCollection(const std::string& title) {
    const std::string out = Run({"collection", "add", "--title", title});
    return out.substr(0, out.find('\n'));
  }
  int port() const { return server_->port(); }
  std::string ApiRoot() const {
    return std::string(tls_ ? "https" : "http") +
           "://127.0.0.1:" + std::to_string(server_->port()) + "/taxii2/api/";
  }
  // Records `other`'s organisation here under its real identity (once).
  void Know(const Node& other) {
    if (!known_.insert(other.name_).second) return;
    Run({"org", "add", other.name_, "--identity", other.identity_});
  }
  // An account for `other` to pull `collection` with (and POST to it when `write`); returns a
  // new token.
  std::string PeerAccount(const Node& other, const std::string& collection, bool write = false) {
    Know(other);
    if (accounts_.insert(other.name_).second) {
      Run({"user", "add", other.name_ + "-node", "--org", other.name_, "--role", "peer"});
    }
    std::vector<std::string> grant = {"collection", "grant",     collection,
                                      "--org",      other.name_, "--read"};
    if (write) grant.push_back("--write");
    Run(grant);
    const std::string t = Run({"token", "create", "--user", other.name_ + "-node"});
    return t.substr(0, t.find('\n'));
  }
  // Adds `upstream` as a peer to pull `upstream_collection` from; returns the local collection
  // its objects go to. With `push_from`, also pushes that local collection ("*": every object
  // version here) to `upstream_collection`. `interval`: how often serve pulls ("" = default).
  std::string AddPeer(Node& upstream, const std::string& upstream_collection,
                      const std::string& push_from = "", const std::string& interval = "") {
    const std::string token = upstream.PeerAccount(*this, upstream_collection, !push_from.empty());
    std::vector<std::string> args = {"peer",
                                     "add",
                                     upstream.name_,
                                     "--url",
                                     upstream.ApiRoot(),
                                     "--token-file",
                                     testing::TokenFile(token),
                                     "--collections",
                                     upstream_collection};
    if (!push_from.empty()) {
      Know(upstream);
      args.insert(args.end(), {"--org", upstream.name_, "--push-to", upstream_collection});
      if (push_from != "*") args.insert(args.end(), {"--push-from", push_from});
    }
    if (!interval.empty()) args.insert(args.end(), {"--interval", interval});
    const std::string out = Run(args);
    const size_t p = out.find("collection ");
    return out.substr(p + 11, out.find('\n', p) - p - 11);
  }
  // name -> stored version count of each object in the store.
  std::map<std::string, int> Objects() {
    auto r = RunConcord({"--db", db_, "export", "--type", "indicator", "--all-versions"});
    json::Document doc;
    std::map<std::string, int> out;
    if (!doc.ParseAll(r.out).ok()) return out;
    for (json::Value o : doc.root()["objects"]) ++out[o["name"].str()];
    return out;
  }
  const std::string& identity() const { return identity_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_, db_, identity_;
  std::set<std::string> known_, accounts_;
  std::unique_ptr<testing::ServerProcess> server_;
  bool tls_ = false;
};

inline std::string Indicator(const std::string& creator, const std::string& tlp_id,
                             const std::string& dist, const std::string& name, int n,
                             const std::string& modified = "2026-01-01T00:00:00.000Z",
                             bool revoked = false) {
  char id[64];
  std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", n);
  std::string j = std::string(R"({"type":"indicator","spec_version":"2.1","id":")") + id +
                  R"(","created":"2026-01-01T00:00:00.000Z","modified":")" + modified +
                  R"(","created_by_ref":")" + creator + R"(","name":")" + name +
                  R"(","pattern":"[ipv4-addr:value = '192.0.2.1']","pattern_type":"stix",)"
                  R"("valid_from":"2026-01-01T00:00:00Z")";
  if (revoked) j += R"(,"revoked":true)";
  if (!tlp_id.empty()) j += R"(,"object_marking_refs":[")" + tlp_id + "\"]";
  if (dist != "none") {
    // "group:NAME" is distribution group with sharing_group NAME.
    const bool group = dist.rfind("group:", 0) == 0;
    j += R"(,"extensions":{"extension-definition--95a68e9b-0933-587e-a8a4-f9ae00ab7074":)"
         R"({"extension_type":"property-extension","distribution":")" +
         (group ? "group\",\"sharing_group\":\"" + dist.substr(6) : dist) + "\"}}";
  }
  return j + "}";
}

}  // namespace concord::testing
