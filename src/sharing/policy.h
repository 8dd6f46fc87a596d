#pragma once
// The sharing policy: the one function that decides whether an object version may leave this
// node for a given organisation over a given channel. Every egress calls it (TAXII GET,
// `concord export`, and the federation push/pull and REST API as they arrive).
//
// Two independent limits apply and the more restrictive wins (docs/DESIGN.md, "Sharing"):
//  - TLP 2.0 (STIX 2.1 TLP 2.0 marking definitions; the STIX 2.1 built-in TLP 1.0 markings count
//    as their equivalents, WHITE = CLEAR). CLEAR: no limit. GREEN: the community, never public.
//    AMBER and AMBER+STRICT: the recipient organisation; a node never re-shares what it received
//    under AMBER with other organisations. RED: only users of the originating organisation on
//    this node; never synced or exported.
//  - Distribution (Concord's property extension): organisation, community (this node),
//    connected (this node and its direct peers; a peer stores it as community), all, a named
//    sharing group, or the participants the object itself lists (an incident and its parts).
// Objects without a TLP marking or a distribution get the node's defaults (TLP:AMBER,
// community), so nothing is shared by accident. Thread-safe once constructed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "store/object_store.h"

namespace concord::sharing {

enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };  // in order of restriction
const char* TlpName(Tlp t);                                     // "TLP:AMBER+STRICT"
// The TLP a marking-definition id stands for (TLP 2.0, or STIX 2.1's TLP 1.0 built-ins).
std::optional<Tlp> TlpOfMarking(std::string_view marking_id);
// The TLP 2.0 marking-definition id.
std::string_view TlpMarkingId(Tlp t);
std::optional<Tlp> ParseTlp(std::string_view name);  // "clear", "TLP:GREEN", "amber+strict"...

enum class Scope { kOrganisation, kCommunity, kConnected, kAll, kGroup, kParticipants };
struct Distribution {
  Scope scope = Scope::kCommunity;
  std::string group;  // kGroup: the sharing group's name
  // kParticipants: the organisations (identity ids) the object names as its audience. Carried
  // by the object itself, so each object of an incident goes exactly to its own list.
  std::vector<std::string> participants;
  bool operator==(const Distribution&) const = default;
};
// "community", "group:FIRST-AP", "participants (3 organisations)".
std::string DistributionName(const Distribution& d);
// "organisation", "community", "connected", "all" or "group:NAME".
std::optional<Distribution> ParseDistribution(std::string_view text);

// Concord's property extension carrying the distribution with the object:
//   "extensions": {"<kDistributionExtension>": {"extension_type": "property-extension",
//                  "distribution": "connected"}}   (or "distribution": "group",
//                  "sharing_group": "NAME"; or "distribution": "participants",
//                  "participants": ["identity--…", …])
inline constexpr std::string_view kDistributionExtension = store::kPolicyExtension;
// The object's distribution, nullopt when it carries none; an error when it is malformed.
Result<std::optional<Distribution>> ReadDistribution(json::Value object);

// Where an object version would go.
enum class Channel {
  kLocalUser,  // a user of an organisation with an account on this node (TAXII, API, console)
  kPeerNode,   // another node, pushed to or pulling from us
  kExport,     // a file written by `concord export` for an organisation
  kPublic,     // a public export or feed: anyone
};
const char* ChannelName(Channel c);

struct Recipient {
  Channel channel;
  std::string org_identity;  // the receiving organisation's identity id (empty for kPublic)
};
// Everything of the recipient that Policy::Decide reads, as one string: what every cache of
// released data must include in its key ("peer-node identity--…"). The policy's own
// configuration lives in the store, so a change of it moves the data version that such caches
// are also keyed by.
std::string CacheKeyOf(const Recipient& to);

// What the policy reads from an object version.
struct ObjectFacts {
  std::optional<Tlp> tlp;  // the most restrictive TLP marking, if any
  std::optional<Distribution> distribution;
  std::string originator;  // created_by_ref ("" when absent)
  // The peer this version came from (0: made or imported here; store::kUnlistedPeer: pushed
  // by a peer node without a peer entry). An object without created_by_ref is the node's own
  // only when it was not received.
  int64_t received_from = 0;
};
// Reads the facts from a stored version (markings from the store, distribution from the JSON).
Result<ObjectFacts> FactsOf(const store::StoredObject& object);

struct Decision {
  bool release = false;
  Tlp tlp;                    // as applied (default filled in)
  Distribution distribution;  // as applied
  std::string rule;           // why, in a sentence an analyst can act on
};

struct PolicyConfig {
  std::string node_org_identity;  // this node's own organisation
  // Organisations with users on this node (the node's own included): their objects
  // originated here, everything else was received.
  std::vector<std::string> local_org_identities;
  Tlp default_tlp = Tlp::kAmber;
  Distribution default_distribution;  // community
  // Sharing groups: name -> member organisation identities.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
};

class Policy {
 public:
  explicit Policy(PolicyConfig config) : config_(std::move(config)) {}
  Decision Decide(const ObjectFacts& facts, const Recipient& to) const;
  const PolicyConfig& config() const { return config_; }
  // Whether objects made by `identity` originated on this node.
  bool IsLocalOrg(std::string_view identity) const;

 private:
  bool InGroup(std::string_view group, std::string_view identity) const;
  PolicyConfig config_;
};

}  // namespace concord::sharing
