// concord peer add|list|remove|pause|resume and concord sync: the nodes this node pulls from
// and pushes to.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "accounts/admin.h"
#include "cli/commands.h"
#include "common/numbers.h"
#include "common/strings.h"
#include "federation/sync.h"
#include "http/client.h"
#include "sharing/node_policy.h"

namespace concord::cli {
namespace {

// The first line of `path` ('-': standard input), trimmed; refused when empty.
Result<std::string> ReadSecret(const std::string& path) {
  std::string line;
  if (path == "-") {
    std::getline(std::cin, line);
  } else {
    std::ifstream in(path);
    if (!in) return Status::NotFound("cannot read " + path);
    std::getline(in, line);
  }
  const std::string secret(TrimWhitespace(line));
  if (secret.empty()) return Status::InvalidArgument(path + " holds no token on its first line");
  return secret;
}

struct PeerArgs {
  std::string name, url, token_file, ca, into, interval = "60s", org, push_to;
  std::vector<std::string> collections, push_from;
};

// "90", "90s", "5m", "1h" -> microseconds.
Result<Micros> ParseInterval(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  if (digits == 0 || digits > 9 || (unit != "" && unit != "s" && unit != "m" && unit != "h")) {
    return Status::InvalidArgument("--interval '" + text +
                                   "': expected a number of seconds, or "
                                   "a number followed by s, m or h");
  }
  const Micros n = ParseInteger<Micros>(std::string_view(text).substr(0, digits)).value_or(0);
  const Micros scale = unit == "h" ? 3600 : unit == "m" ? 60 : 1;
  if (n == 0) return Status::InvalidArgument("--interval must be positive");
  return n * scale * 1'000'000;
}

int AddPeer(const PeerArgs& a, const GlobalOptions& global) {
  auto interval = ParseInterval(a.interval);
  if (!interval.ok()) return Report("peer add", interval.status());
  auto url = http::ParseUrl(a.url);
  if (!url.ok()) return Report("peer add", url.status());
  auto db = OpenDatabaseOrReport(global, "peer add");
  if (!db) return kExitError;
  if (db->peers().FindPeer(a.name).ok()) {
    return Report("peer add", Status::AlreadyExists("peer " + a.name + " already exists"));
  }
  // The secret comes from a file or standard input, never from the command line (shell
  // history, the process list).
  auto token_text = ReadSecret(a.token_file);
  if (!token_text.ok()) return Report("peer add", token_text.status().WithPrefix("--token-file"));
  store::Peer p;
  p.name = a.name;
  p.url = a.url;
  p.token = std::move(*token_text);
  p.ca_file = a.ca;
  p.collections = a.collections;
  p.interval = *interval;
  p.created = SystemClock::Get().Now();
  p.push_to = a.push_to;
  p.push_from = a.push_from;
  for (const auto& c : p.push_from) {
    if (!db->collections().GetCollection(c).ok()) {
      return Report("peer add", Status::NotFound("--push-from: no collection " + c));
    }
  }
  if (!a.org.empty()) {
    auto org = db->accounts().FindOrganisation(a.org);
    if (!org.ok()) {
      return Report("peer add", org.status().WithPrefix(
                                    "--org (add it with `concord org add NAME --identity ID`)"));
    }
    p.org_id = org->id;
  } else if (!p.push_to.empty()) {
    return Report("peer add", Status::InvalidArgument(
                                  "--push-to needs --org: the sharing policy judges what may be "
                                  "pushed by the organisation that receives it"));
  }
  p.into_collection = a.into;
  if (p.into_collection.empty()) {
    // Pulled objects get their own collection, readable by this node's organisation.
    auto node = sharing::NodeOrganisation(*db);
    if (!node.ok()) return Report("peer add", node.status());
    auto c = accounts::CreateCollection(*db, "From " + a.name,
                                        "Objects pulled from peer " + a.name + " (" + a.url + ")",
                                        "", SystemClock::Get());
    if (!c.ok()) return Report("peer add", c.status());
    Status st = accounts::GrantCollection(*db, c->id, node->name, true, false);
    if (!st.ok()) return Report("peer add", st);
    p.into_collection = c->id;
  } else if (!db->collections().GetCollection(p.into_collection).ok()) {
    return Report("peer add", Status::NotFound("no collection " + p.into_collection));
  }
  auto added = db->peers().AddPeer(p);
  if (!added.ok()) return Report("peer add", added.status());
  std::printf("added peer %s (%s); pulled objects go to collection %s\n", a.name.c_str(),
              a.url.c_str(), p.into_collection.c_str());
  if (!p.push_to.empty()) {
    std::printf("pushing %s to its collection %s\n",
                p.push_from.empty() ? "every object version added here" : "new objects",
                p.push_to.c_str());
  }
  return kExitOk;
}

std::string When(Micros t) { return t == 0 ? "never" : FormatTimestampMillis(t); }

int ListPeers(const GlobalOptions& global) {
  auto db = OpenDatabaseOrReport(global, "peer list");
  if (!db) return kExitError;
  auto peers = db->peers().ListPeers();
  if (!peers.ok()) return Report("peer list", peers.status());
  for (const auto& p : *peers) {
    std::printf("%s\t%s\t%s\tevery %llds\tlast success %s\t%lld received\t%lld failures%s%s\n",
                p.name.c_str(), p.url.c_str(), p.paused ? "paused" : "active",
                static_cast<long long>(p.interval / 1'000'000), When(p.last_success).c_str(),
                static_cast<long long>(p.received), static_cast<long long>(p.failures),
                p.last_error.empty() ? "" : "\tlast error: ", p.last_error.c_str());
  }
  return kExitOk;
}

struct SyncArgs {
  std::string only;
  size_t pages_per_commit = federation::PullOptions().pages_per_commit;
  size_t max_pages = federation::PullOptions().max_pages_per_sync;
};

int Sync(const SyncArgs& args, const GlobalOptions& global) {
  auto db = OpenDatabaseOrReport(global, "sync");
  if (!db) return kExitError;
  std::vector<store::Peer> peers;
  if (!args.only.empty()) {
    auto p = db->peers().FindPeer(args.only);
    if (!p.ok()) return Report("sync", p.status());
    peers.push_back(*p);
  } else {
    auto all = db->peers().ListPeers();
    if (!all.ok()) return Report("sync", all.status());
    for (const auto& p : *all) {
      if (!p.paused) peers.push_back(p);
    }
  }
  int exit_code = kExitOk;
  for (const auto& p : peers) {
    // One peer failing does not stop the others.
    federation::PullOptions options;
    options.pages_per_commit = std::max<size_t>(1, args.pages_per_commit);
    options.max_pages_per_sync = std::max<size_t>(1, args.max_pages);
    options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    const federation::SyncReport r = federation::SyncPeer(*db, p, SystemClock::Get(), options);
    std::printf("%s\n", federation::Describe(p, r).c_str());
    if (!r.status.ok()) {
      exit_code = kExitError;
    } else if (r.pull.rejected + r.push.refused > 0 && exit_code == kExitOk) {
      exit_code = kExitRejected;
    }
  }
  return exit_code;
}

}  // namespace

void AddPeerCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* peer = app.add_subcommand(
      "peer", "Peer nodes (TAXII 2.1 servers) this node pulls from and pushes to");
  peer->require_subcommand(1);
  auto args = std::make_shared<PeerArgs>();
  auto* add = peer->add_subcommand("add", "Add a peer");
  add->add_option("name", args->name, "A name for the peer")->required();
  add->add_option("--url", args->url,
                  "The peer's TAXII API root, e.g. https://cert.example/taxii2/api/")
      ->required();
  add->add_option("--token-file", args->token_file,
                  "File holding the API token this node presents to the peer ('-': standard "
                  "input). It is stored encrypted with the node key (<db>.key) and never shown")
      ->required();
  add->add_option("--collections", args->collections,
                  "Remote collection ids to pull (comma separated; default: every readable one)")
      ->delimiter(',');
  add->add_option("--interval", args->interval, "How often serve pulls (e.g. 30s, 5m)")
      ->capture_default_str();
  add->add_option("--ca", args->ca, "PEM file of CAs to trust for this peer (a private CA)");
  add->add_option("--into", args->into,
                  "Local collection for the pulled objects (default: a new \"From NAME\")");
  add->add_option("--org", args->org,
                  "The peer's organisation, as known here (`concord org add NAME --identity ID`)");
  add->add_option("--push-to", args->push_to,
                  "Also push: the peer's collection id that new objects are POSTed to");
  add->add_option("--push-from", args->push_from,
                  "Local collections to push (comma separated; default: every object added here)")
      ->delimiter(',');
  add->callback([args, &global, exit_code] { *exit_code = AddPeer(*args, global); });

  peer->add_subcommand("list", "List peers and their sync state")->callback([&global, exit_code] {
    *exit_code = ListPeers(global);
  });
  for (const char* verb : {"remove", "pause", "resume"}) {
    auto* cmd = peer->add_subcommand(verb, std::string(verb) + " a peer");
    cmd->add_option("name", args->name, "The peer")->required();
    RunWithDatabase(
        cmd, "peer", global, exit_code, [args, v = std::string(verb)](store::Database& db) {
          const Status st = v == "remove" ? db.peers().RemovePeer(args->name)
                                          : db.peers().SetPaused(args->name, v == "pause");
          return st.ok() ? kExitOk : Report(("peer " + v).c_str(), st);
        });
  }

  auto* sync =
      app.add_subcommand("sync", "Pull from and push to peers now (all active peers, or one)");
  auto sync_args = std::make_shared<SyncArgs>();
  sync->add_option("--peer", sync_args->only, "Only this peer (even if paused)");
  sync->add_option("--pages-per-commit", sync_args->pages_per_commit,
                   "Pages stored per transaction (with the cursor): larger is faster, smaller "
                   "loses less work when cut")
      ->capture_default_str();
  sync->add_option("--max-pages", sync_args->max_pages,
                   "Pages read per remote collection in one sync at most (a peer that always "
                   "says \"more\"); the next sync goes on from there")
      ->capture_default_str();
  sync->callback([sync_args, &global, exit_code] { *exit_code = Sync(*sync_args, global); });
}

}  // namespace concord::cli
