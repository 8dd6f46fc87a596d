#include "sharing/policy.h"

#include <algorithm>
#include <cstring>

namespace concord::sharing {
namespace {

struct TlpMarking {
  std::string_view id;
  Tlp tlp;
};
// TLP 2.0 marking definitions for STIX 2.1 (OASIS cti-stix-common-objects, tlp-2.0), then the
// TLP 1.0 marking definitions built into STIX 2.1 (§7.2.1.4).
constexpr TlpMarking kTlpMarkings[] = {
    {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp::kClear},
    {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp::kGreen},
    {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp::kAmber},
    {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp::kAmberStrict},
    {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", Tlp::kRed},
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp::kClear},  // TLP:WHITE
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp::kGreen},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp::kAmber},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp::kRed},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether `identity` is one of the organisations a `participants` distribution names.
bool NamedParticipant(const Distribution& d, std::string_view identity) {
  return d.scope == Scope::kParticipants && !identity.empty() &&
         std::find(d.participants.begin(), d.participants.end(), identity) != d.participants.end();
}

}  // namespace

const char* TlpName(Tlp t) {
  switch (t) {
    case Tlp::kClear:
      return "TLP:CLEAR";
    case Tlp::kGreen:
      return "TLP:GREEN";
    case Tlp::kAmber:
      return "TLP:AMBER";
    case Tlp::kAmberStrict:
      return "TLP:AMBER+STRICT";
    case Tlp::kRed:
      return "TLP:RED";
  }
  return "?";
}

std::optional<Tlp> TlpOfMarking(std::string_view marking_id) {
  for (const auto& m : kTlpMarkings) {
    if (m.id == marking_id) return m.tlp;
  }
  return std::nullopt;
}

std::string_view TlpMarkingId(Tlp t) {
  for (const auto& m : kTlpMarkings) {
    if (m.tlp == t) return m.id;  // the TLP 2.0 entries come first
  }
  return {};
}

std::optional<Tlp> ParseTlp(std::string_view name) {
  std::string n = Lower(name);
  if (n.rfind("tlp:", 0) == 0) n = n.substr(4);
  if (n == "clear" || n == "white") return Tlp::kClear;
  if (n == "green") return Tlp::kGreen;
  if (n == "amber") return Tlp::kAmber;
  if (n == "amber+strict") return Tlp::kAmberStrict;
  if (n == "red") return Tlp::kRed;
  return std::nullopt;
}

std::string DistributionName(const Distribution& d) {
  switch (d.scope) {
    case Scope::kOrganisation:
      return "organisation";
    case Scope::kCommunity:
      return "community";
    case Scope::kConnected:
      return "connected";
    case Scope::kAll:
      return "all";
    case Scope::kGroup:
      return "group:" + d.group;
    case Scope::kParticipants:
      return "participants (" + std::to_string(d.participants.size()) + " organisation" +
             (d.participants.size() == 1 ? ")" : "s)");
  }
  return "?";
}

std::optional<Distribution> ParseDistribution(std::string_view text) {
  for (Scope s : {Scope::kOrganisation, Scope::kCommunity, Scope::kConnected, Scope::kAll}) {
    if (text == DistributionName({s, "", {}})) return Distribution{s, "", {}};
  }
  if (text.rfind("group:", 0) == 0 && text.size() > 6) {
    return Distribution{Scope::kGroup, std::string(text.substr(6)), {}};
  }
  return std::nullopt;
}

Result<std::optional<Distribution>> ReadDistribution(json::Value object) {
  const json::Value ext = object["extensions"][kDistributionExtension];
  if (!ext.exists()) return std::optional<Distribution>();
  const json::Value scope = ext["distribution"];
  if (!scope.is_string()) {
    return Status::InvalidArgument("the distribution extension has no \"distribution\" string");
  }
  const std::string text = scope.str();
  if (text == "group") {
    const json::Value name = ext["sharing_group"];
    if (!name.is_string() || name.str().empty()) {
      return Status::InvalidArgument("distribution \"group\" needs a \"sharing_group\" name");
    }
    return std::optional<Distribution>(Distribution{Scope::kGroup, name.str(), {}});
  }
  if (text == "participants") {
    const json::Value list = ext["participants"];
    if (!list.is_array() || list.size() == 0) {
      return Status::InvalidArgument(
          "distribution \"participants\" needs a non-empty \"participants\" array");
    }
    Distribution d{Scope::kParticipants, "", {}};
    for (uint32_t i = 0; i < list.size(); ++i) {
      const json::Value id = list.at(i);
      if (!id.is_string() || id.str().rfind("identity--", 0) != 0) {
        return Status::InvalidArgument("participants[" + std::to_string(i) +
                                       "] is not an identity id");
      }
      d.participants.push_back(id.str());
    }
    return std::optional<Distribution>(std::move(d));
  }
  auto d = ParseDistribution(text);
  if (!d || d->scope == Scope::kGroup) {
    return Status::InvalidArgument("unknown distribution \"" + text +
                                   "\" (organisation, community, connected, all, group, "
                                   "participants)");
  }
  return std::optional<Distribution>(*d);
}

std::string CacheKeyOf(const Recipient& to) {
  return std::string(ChannelName(to.channel)) + " " + to.org_identity;
}

const char* ChannelName(Channel c) {
  switch (c) {
    case Channel::kLocalUser:
      return "a user of this node";
    case Channel::kPeerNode:
      return "a peer node";
    case Channel::kExport:
      return "an export";
    case Channel::kPublic:
      return "a public feed";
  }
  return "?";
}

Result<ObjectFacts> FactsOf(const store::StoredObject& object) {
  ObjectFacts facts;
  facts.originator = object.created_by_ref;
  facts.received_from = object.received_from;
  for (const auto& m : object.marking_refs) {
    if (auto t = TlpOfMarking(m); t && (!facts.tlp || *t > *facts.tlp)) facts.tlp = t;
  }
  // Most objects carry no extension: parse the JSON only when the id appears in it.
  if (object.json.find(kDistributionExtension) != std::string::npos) {
    json::Document doc;
    CONCORD_RETURN_IF_ERROR(doc.ParseAll(object.json));
    auto d = ReadDistribution(doc.root());
    if (!d.ok()) return d.status().WithPrefix(object.id);
    facts.distribution = *d;
  }
  return facts;
}

bool Policy::IsLocalOrg(std::string_view identity) const {
  const auto& l = config_.local_org_identities;
  return identity == config_.node_org_identity ||
         std::find(l.begin(), l.end(), identity) != l.end();
}

bool Policy::InGroup(std::string_view group, std::string_view identity) const {
  for (const auto& [name, members] : config_.groups) {
    if (name == group) return std::find(members.begin(), members.end(), identity) != members.end();
  }
  return false;
}

Decision Policy::Decide(const ObjectFacts& facts, const Recipient& to) const {
  Decision d;
  d.tlp = facts.tlp.value_or(config_.default_tlp);
  d.distribution = facts.distribution.value_or(config_.default_distribution);
  const std::string origin = !facts.originator.empty()  ? facts.originator
                             : facts.received_from != 0 ? "the unnamed originator behind a peer"
                                                        : config_.node_org_identity;
  const bool to_originator = !to.org_identity.empty() && to.org_identity == origin;
  const bool originated_here = IsLocalOrg(origin);
  const std::string tlp = std::string(TlpName(d.tlp)) + (facts.tlp ? "" : " (the node default)");
  const std::string dist = "distribution " + DistributionName(d.distribution) +
                           (facts.distribution ? "" : " (the node default)");
  auto deny = [&](std::string why) {
    d.release = false;
    d.rule = std::move(why);
    return d;
  };

  switch (d.tlp) {
    case Tlp::kClear:
      break;
    case Tlp::kGreen:
      if (to.channel == Channel::kPublic) {
        return deny(tlp + " is for the community: never in public exports or feeds");
      }
      break;
    case Tlp::kAmber:
    case Tlp::kAmberStrict:
      if (to.channel == Channel::kPublic) return deny(tlp + " is never public");
      // The node's own organisation is the recipient of what the node received; it may not pass
      // it on to anyone else, except to an organisation the originator itself named in a
      // `participants` distribution: relaying to a named recipient is delivery, not sharing
      // (an incident's hub passes one participant's tasks to the others).
      if (!to_originator && !originated_here && to.org_identity != config_.node_org_identity &&
          !NamedParticipant(d.distribution, to.org_identity)) {
        return deny(tlp + " was received from " + origin +
                    ": this node may not re-share it with another organisation");
      }
      break;
    case Tlp::kRed:
      if (to.channel != Channel::kLocalUser) {
        return deny(tlp + " never leaves the originating organisation: no sync, export or feed");
      }
      if (!to_originator) return deny(tlp + " is only for users of " + origin);
      break;
  }

  switch (d.distribution.scope) {
    case Scope::kAll:
      break;
    case Scope::kOrganisation:
      if (!to_originator || to.channel == Channel::kPublic) {
        return deny(dist + " keeps it within " + origin);
      }
      break;
    case Scope::kCommunity:
      if (to.channel == Channel::kPeerNode || to.channel == Channel::kPublic) {
        return deny(dist + " keeps it on this node");
      }
      break;
    case Scope::kConnected:
      if (to.channel == Channel::kPublic) return deny(dist + " is never public");
      if (to.channel == Channel::kPeerNode && !originated_here) {
        return deny(dist + " reached this node from a peer: it goes no further");
      }
      break;
    case Scope::kGroup:
      if (to.channel == Channel::kPublic ||
          (!to_originator && !InGroup(d.distribution.group, to.org_identity))) {
        return deny(dist + ": " + (to.org_identity.empty() ? "the public" : to.org_identity) +
                    " is not a member");
      }
      break;
    case Scope::kParticipants: {
      const auto& p = d.distribution.participants;
      if (to.channel == Channel::kPublic ||
          (!to_originator && std::find(p.begin(), p.end(), to.org_identity) == p.end())) {
        return deny(dist + ": " + (to.org_identity.empty() ? "the public" : to.org_identity) +
                    " is not a participant");
      }
      break;
    }
  }
  d.release = true;
  d.rule = tlp + " and " + dist + " allow " + ChannelName(to.channel) +
           (to.org_identity.empty() ? "" : " for " + to.org_identity);
  return d;
}

}  // namespace concord::sharing
