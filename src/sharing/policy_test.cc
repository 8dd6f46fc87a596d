#include "sharing/policy.h"

#include <gtest/gtest.h>

namespace concord::sharing {
namespace {

const std::string kNode = "identity--00000000-0000-4000-8000-00000000000a";  // this node's org
const std::string kTenant =
    "identity--00000000-0000-4000-8000-00000000000b";                         // also has users here
const std::string kPeer = "identity--00000000-0000-4000-8000-00000000000c";   // another node
const std::string kOther = "identity--00000000-0000-4000-8000-00000000000d";  // a third party

Policy MakePolicy() {
  PolicyConfig c;
  c.node_org_identity = kNode;
  c.local_org_identities = {kNode, kTenant};
  c.groups = {{"FIRST-AP", {kNode, kPeer}}};
  return Policy(c);
}

ObjectFacts Facts(std::optional<Tlp> tlp, std::optional<Distribution> d,
                  std::string origin = kNode) {
  return {tlp, d, std::move(origin)};
}

constexpr Tlp kAllTlp[] = {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed};
const Distribution kAllDist[] = {{Scope::kOrganisation, "", {}},
                                 {Scope::kCommunity, "", {}},
                                 {Scope::kConnected, "", {}},
                                 {Scope::kAll, "", {}},
                                 {Scope::kGroup, "FIRST-AP", {}}};
const Recipient kRecipients[] = {{Channel::kLocalUser, kNode}, {Channel::kLocalUser, kTenant},
                                 {Channel::kPeerNode, kPeer},  {Channel::kPeerNode, kOther},
                                 {Channel::kExport, kNode},    {Channel::kExport, kTenant},
                                 {Channel::kPublic, ""}};

TEST(Policy, MarkingsAndNames) {
  EXPECT_EQ(TlpOfMarking("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"), Tlp::kClear);
  EXPECT_EQ(TlpOfMarking("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"), Tlp::kRed);
  EXPECT_EQ(TlpOfMarking(TlpMarkingId(Tlp::kAmberStrict)), Tlp::kAmberStrict);
  EXPECT_EQ(TlpMarkingId(Tlp::kClear), "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487");
  EXPECT_EQ(ParseTlp("TLP:WHITE"), Tlp::kClear);
  EXPECT_EQ(ParseTlp("amber+strict"), Tlp::kAmberStrict);
  EXPECT_FALSE(ParseTlp("purple"));
  EXPECT_EQ(ParseDistribution("group:FIRST-AP"), (Distribution{Scope::kGroup, "FIRST-AP", {}}));
  EXPECT_FALSE(ParseDistribution("group:"));
  EXPECT_FALSE(ParseDistribution("everyone"));
}

TEST(Policy, ReadsTheDistributionExtension) {
  const std::string ext = std::string(kDistributionExtension);
  // A Document borrows its text: each text lives as long as the checks on it.
  const std::string group = R"({"extensions":{")" + ext +
                            R"(":{"extension_type":"property-extension","distribution":"group",)"
                            R"("sharing_group":"G"}}})";
  const std::string unknown = R"({"extensions":{")" + ext + R"(":{"distribution":"everyone"}}})";
  const std::string none = R"({"type":"indicator"})";
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(group).ok());
  auto d = ReadDistribution(doc.root());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(**d, (Distribution{Scope::kGroup, "G", {}}));
  ASSERT_TRUE(doc.ParseAll(unknown).ok());
  EXPECT_FALSE(ReadDistribution(doc.root()).ok());
  ASSERT_TRUE(doc.ParseAll(none).ok());
  EXPECT_FALSE(ReadDistribution(doc.root())->has_value());
  const std::string listed = R"({"extensions":{")" + ext +
                             R"(":{"distribution":"participants","participants":[")" + kPeer +
                             R"("]}}})";
  ASSERT_TRUE(doc.ParseAll(listed).ok());
  d = ReadDistribution(doc.root());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(**d, (Distribution{Scope::kParticipants, "", {kPeer}}));
  const std::string empty =
      R"({"extensions":{")" + ext + R"(":{"distribution":"participants","participants":[]}}})";
  ASSERT_TRUE(doc.ParseAll(empty).ok());
  EXPECT_FALSE(ReadDistribution(doc.root()).ok());
  const std::string not_identity =
      R"({"extensions":{")" + ext + R"(":{"distribution":"participants","participants":["x"]}}})";
  ASSERT_TRUE(doc.ParseAll(not_identity).ok());
  EXPECT_NE(ReadDistribution(doc.root()).status().message().find("participants[0]"),
            std::string::npos);
}

TEST(Policy, TheRulesOneByOne) {
  const Policy p = MakePolicy();
  auto allows = [&](ObjectFacts f, Recipient r) { return p.Decide(f, r).release; };
  const Distribution all{Scope::kAll, "", {}};
  // CLEAR + all: everywhere, the public included.
  for (const auto& r : kRecipients) EXPECT_TRUE(allows(Facts(Tlp::kClear, all), r));
  // GREEN: never public.
  EXPECT_TRUE(allows(Facts(Tlp::kGreen, all), {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kGreen, all), {Channel::kPublic, ""}));
  // AMBER originated here: to the recipient organisation; received AMBER stays with this
  // node's own organisation.
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, all), {Channel::kPeerNode, kPeer}));
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, all, kTenant), {Channel::kLocalUser, kNode}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, all, kPeer), {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, all, kPeer), {Channel::kLocalUser, kTenant}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmberStrict, all, kPeer), {Channel::kLocalUser, kTenant}));
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, all, kPeer), {Channel::kPeerNode, kPeer}));  // its own
  // RED: users of the originating organisation on this node only.
  EXPECT_TRUE(allows(Facts(Tlp::kRed, all), {Channel::kLocalUser, kNode}));
  EXPECT_FALSE(allows(Facts(Tlp::kRed, all), {Channel::kLocalUser, kTenant}));
  EXPECT_FALSE(allows(Facts(Tlp::kRed, all), {Channel::kExport, kNode}));
  EXPECT_FALSE(allows(Facts(Tlp::kRed, all), {Channel::kPeerNode, kPeer}));
  // Distribution.
  EXPECT_FALSE(allows(Facts(Tlp::kClear, Distribution{Scope::kCommunity, "", {}}),
                      {Channel::kPeerNode, kPeer}));
  EXPECT_TRUE(allows(Facts(Tlp::kClear, Distribution{Scope::kCommunity, "", {}}),
                     {Channel::kLocalUser, kTenant}));
  EXPECT_TRUE(allows(Facts(Tlp::kClear, Distribution{Scope::kConnected, "", {}}),
                     {Channel::kPeerNode, kPeer}));
  EXPECT_FALSE(allows(Facts(Tlp::kClear, Distribution{Scope::kConnected, "", {}}, kPeer),
                      {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kClear, Distribution{Scope::kOrganisation, "", {}}),
                      {Channel::kLocalUser, kTenant}));
  EXPECT_TRUE(allows(Facts(Tlp::kClear, Distribution{Scope::kGroup, "FIRST-AP", {}}),
                     {Channel::kPeerNode, kPeer}));
  EXPECT_FALSE(allows(Facts(Tlp::kClear, Distribution{Scope::kGroup, "FIRST-AP", {}}),
                      {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kClear, Distribution{Scope::kGroup, "NOPE", {}}),
                      {Channel::kLocalUser, kTenant}));
  // Participants: exactly the organisations the object lists (and its originator).
  const Distribution participants{Scope::kParticipants, "", {kPeer}};
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, participants), {Channel::kPeerNode, kPeer}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, participants), {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, participants), {Channel::kLocalUser, kTenant}));
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, participants), {Channel::kLocalUser, kNode}));
  EXPECT_FALSE(allows(Facts(Tlp::kClear, participants), {Channel::kPublic, ""}));
  // Received from a participant, AMBER: relayed only to the participants its originator named
  // (delivery to a named recipient), never to anyone else; RED never.
  const Distribution both{Scope::kParticipants, "", {kPeer, kOther}};
  EXPECT_TRUE(allows(Facts(Tlp::kAmber, both, kPeer), {Channel::kPeerNode, kOther}));
  EXPECT_TRUE(allows(Facts(Tlp::kAmberStrict, both, kPeer), {Channel::kPeerNode, kOther}));
  EXPECT_TRUE(allows(Facts(Tlp::kGreen, both, kPeer), {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, participants, kPeer), {Channel::kPeerNode, kOther}));
  EXPECT_FALSE(allows(Facts(Tlp::kAmber, both, kPeer), {Channel::kLocalUser, kTenant}));
  EXPECT_FALSE(allows(Facts(Tlp::kRed, both, kPeer), {Channel::kPeerNode, kOther}));
  // Unmarked objects get TLP:AMBER and community: nothing leaves by accident.
  const Decision d = p.Decide(Facts(std::nullopt, std::nullopt), {Channel::kPeerNode, kPeer});
  EXPECT_FALSE(d.release);
  EXPECT_EQ(d.tlp, Tlp::kAmber);
  EXPECT_NE(d.rule.find("node default"), std::string::npos) << d.rule;
  EXPECT_FALSE(allows(Facts(std::nullopt, std::nullopt), {Channel::kPublic, ""}));
  // Received from a peer without created_by_ref: not this node's own, so not re-shared.
  ObjectFacts received{Tlp::kAmber, Distribution{Scope::kConnected, "", {}}, "", 7};
  EXPECT_TRUE(allows(received, {Channel::kLocalUser, kNode}));
  EXPECT_FALSE(allows(received, {Channel::kLocalUser, kTenant}));
  received.tlp = Tlp::kClear;
  EXPECT_FALSE(allows(received, {Channel::kPeerNode, kOther}));  // connected: one hop only
}

// Properties over every combination: a stricter TLP or a narrower distribution never releases
// where a looser one does not, and only CLEAR + all reaches the public.
TEST(Policy, StricterNeverReleasesMore) {
  const Policy p = MakePolicy();
  for (const std::string& origin : {kNode, kTenant, kPeer}) {
    for (const auto& r : kRecipients) {
      for (const auto& dist : kAllDist) {
        for (size_t i = 1; i < std::size(kAllTlp); ++i) {
          const bool looser = p.Decide(Facts(kAllTlp[i - 1], dist, origin), r).release;
          const bool stricter = p.Decide(Facts(kAllTlp[i], dist, origin), r).release;
          EXPECT_TRUE(looser || !stricter)
              << TlpName(kAllTlp[i]) << " " << DistributionName(dist) << " "
              << ChannelName(r.channel) << " " << r.org_identity;
        }
        for (Tlp t : kAllTlp) {
          const Decision d = p.Decide(Facts(t, dist, origin), r);
          EXPECT_FALSE(d.rule.empty());
          if (r.channel == Channel::kPublic) {
            EXPECT_EQ(d.release, t == Tlp::kClear && dist.scope == Scope::kAll);
          }
          const bool narrower_released =
              p.Decide(Facts(t, Distribution{Scope::kOrganisation, "", {}}, origin), r).release;
          if (narrower_released) {
            EXPECT_TRUE(p.Decide(Facts(t, Distribution{Scope::kAll, "", {}}, origin), r).release);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace concord::sharing
