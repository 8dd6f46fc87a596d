#pragma once
// The directory as read: every known team and the indexes that answer "who is responsible for
// this IP address / AS / domain / country / sector?". Built once from the teams (a snapshot),
// then read-only and thread-safe; the server rebuilds it when teams change.
//
// The rules (docs/DESIGN.md, "Directory"):
//  - an IP address goes to the team(s) claiming the most specific prefix containing it (IPv4
//    and IPv6 are separate families: ::/0 does not claim IPv4);
//  - an AS number to the team(s) claiming it;
//  - a name (also the host of a URL or e-mail address) to the team(s) claiming its longest
//    claimed suffix (mail.example.az -> example.az -> az); failing that, to the country of its
//    ccTLD;
//  - a country code to the team(s) claiming the country (its national CERT);
//  - "sector:NAME" to the team(s) claiming the sector.
// When several teams claim exactly the same thing, all are returned and the answer is marked a
// conflict: the directory reports it instead of choosing.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net.h"
#include "directory/range_index.h"
#include "directory/team.h"

namespace concord::directory {

enum class QueryKind { kIp, kAsn, kDomain, kCountry, kSector, kInvalid };
const char* QueryKindName(QueryKind k);  // "ip", "asn", "domain", "country", "sector", "invalid"

struct Answer {
  std::string query;
  QueryKind kind = QueryKind::kInvalid;
  std::string error;       // kInvalid: why the query could not be read
  std::string normalised;  // "203.0.113.7", "AS64500", "mail.example.az", "AZ", "sector:energy"
  std::string rule;        // what answered: "prefix", "asn", "domain", "country", "sector"; "" none
  std::string matched;     // the claim that answered: "203.0.113.0/24", "example.az", "AZ"
  std::string reason;      // one sentence for people
  std::vector<uint32_t> teams;  // indices into Directory::teams()
  bool conflict() const { return teams.size() > 1; }
};

// One claim several teams made.
struct Conflict {
  std::string kind;   // "prefix", "asn", "domain", "country", "sector"
  std::string claim;  // "192.0.2.0/24"
  std::vector<uint32_t> teams;
};

// Whom to contact at a team at a given instant, and why.
struct ContactsNow {
  enum class Hours { kOpen, kClosed, kAlways, kUnknown } hours = Hours::kUnknown;
  std::string local_time;  // "2026-11-21 14:05 Sat (Asia/Baku, UTC+04:00)"; "" without a zone
  std::vector<const Contact*> contacts;  // best first
  std::string phone;                     // the number to call now
  std::string note;
};
const char* HoursName(ContactsNow::Hours h);  // "open", "closed", "24/7", "unknown"

// In business hours (or for a 24/7 desk, or unknown hours) every contact, duty officers and
// 24/7 contacts first, and the team's phone; outside them only the 24/7 contacts and the
// emergency phone.
ContactsNow ContactsToUseNow(const Team& team, Micros now);

class Directory;

// The answer as JSON (the API's and `concord lookup --json`'s form), with each team's contacts
// to use at `now`. Teams `visible` rejects are left out and counted as "withheld".
void WriteAnswer(const Answer& answer, const Directory& directory, Micros now,
                 const std::function<bool(uint32_t)>& visible, json::Writer& w);

class Directory {
 public:
  Directory() = default;
  // Teams must be valid (NormaliseTeam); claims that do not parse are skipped.
  explicit Directory(std::vector<Team> teams);

  const std::vector<Team>& teams() const { return teams_; }
  Answer Lookup(std::string_view query) const;
  // The hot path for callers that hold binary addresses (log pipelines, the benchmark): the
  // claim (most specific prefix) containing `ip`, or kNoClaim; ClaimTeams gives its teams.
  static constexpr uint32_t kNoClaim = RangeIndex<uint32_t>::kNone;
  uint32_t ClaimForIp(Ip128 ip) const {
    return IsIpv4(ip) ? v4_.Find(static_cast<uint32_t>(ip)) : v6_.Find(ip);
  }
  const std::vector<uint32_t>& ClaimTeams(uint32_t claim) const { return groups_[claim].teams; }
  // A team by id or short name (case-insensitive); NotFound, or InvalidArgument when a short
  // name is ambiguous (then use the id).
  Result<uint32_t> Find(std::string_view id_or_short_name) const;
  std::vector<Conflict> Conflicts() const;
  // Claims already made by other teams than `team_id` that `team`'s constituency repeats.
  std::vector<Conflict> ConflictsOf(const Team& team) const;

 private:
  struct Group {
    std::string kind, claim;
    std::vector<uint32_t> teams;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using NameMap = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

  uint32_t GroupFor(std::unordered_map<std::string, uint32_t>& by_claim, const std::string& kind,
                    const std::string& claim, uint32_t team);
  void Answered(const Group& g, const std::string& rule, Answer* a) const;
  void LookupDomain(const std::string& name, Answer* a) const;
  void LookupCountry(const std::string& code, Answer* a) const;

  std::vector<Team> teams_;
  std::vector<Group> groups_;
  RangeIndex<uint32_t> v4_;
  RangeIndex<Ip128> v6_;
  std::unordered_map<uint32_t, uint32_t> asns_;
  NameMap prefixes_, domains_, countries_, sectors_;
};

}  // namespace concord::directory
