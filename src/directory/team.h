#pragma once
// The directory's records: a team (a CERT/CSIRT or coordination centre, with the fields FIRST's
// directory and RFC 2350 use), its contacts and its constituency (what it is responsible for).
//
// A team's canonical form is its JSON (TeamToJson / TeamFromJson): the REST API speaks it, the
// audit log stores it, and the STIX identity that carries the team (see stix_team.h) holds it
// in Concord's team extension. TeamFromJson validates everything and normalises (country codes
// upper case, prefixes canonical, domains in IDNA form, PGP fingerprint computed from the key).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"

namespace concord::directory {

// Team types, as FIRST and the CSIRT maturity literature name them.
inline constexpr const char* kTeamTypes[] = {"national",     "government", "sector",
                                             "coordination", "academic",   "commercial",
                                             "vendor",       "internal",   "other"};
inline constexpr const char* kContactRoles[] = {"duty-officer", "liaison",   "manager",
                                                "pgp",          "technical", "other"};

struct Contact {
  std::string email;                   // the contact's key within its team (lower case)
  std::string name;                    // a person or a role mailbox ("Duty officer")
  std::string role;                    // one of kContactRoles
  std::string phone;                   // E.123 international form
  bool always_on = false;              // reachable 24/7
  std::vector<std::string> languages;  // ISO 639 codes
  Micros last_verified = 0;            // 0: never
};

struct Membership {
  std::string name;       // "FIRST", "TF-CSIRT", "OIC-CERT", "ITU-IMPACT", ...
  std::string confirmed;  // YYYY-MM-DD the membership was last confirmed ("" unknown)
};

struct Constituency {
  std::string description;
  std::vector<std::string> prefixes;  // canonical CIDR text ("192.0.2.0/24", "2001:db8::/32")
  std::vector<uint32_t> asns;
  std::vector<std::string> domains;    // IDNA A-labels, lower case; a TLD is a domain too
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2
  std::vector<std::string> sectors;    // STIX industry-sector-ov style tokens
};

struct Team {
  std::string id;  // identity--...; "" until stored
  std::string short_name, name;
  std::string country;                         // ISO 3166-1 alpha-2
  std::string type;                            // one of kTeamTypes
  std::string host_organisation, established;  // established: YYYY[-MM[-DD]]
  std::string website, email, phone, emergency_phone;
  std::string time_zone;        // IANA zone name
  std::string business_hours;   // see business_hours.h
  std::string pgp_key;          // ASCII-armoured OpenPGP public key
  std::string pgp_fingerprint;  // upper-case hex, no spaces
  std::vector<Membership> memberships;
  std::vector<Contact> contacts;
  Constituency constituency;

  const Contact* FindContact(std::string_view email) const;
};

// Writes the team's JSON object (every field; empty ones omitted).
void WriteTeam(const Team& team, json::Writer& w);
std::string TeamToJson(const Team& team);
// Reads and validates a team object. Errors name the field ("contacts[1].email: ...").
// Unknown fields are errors too (a typo must not silently drop data).
Result<Team> TeamFromJson(json::Value object);
Result<Team> TeamFromJsonText(std::string_view text);
// An import merges: every field `incoming` leaves empty (a CSV without a contacts column, a
// FIRST record without time zone) keeps `stored`'s value, so no import erases what its file
// does not carry. A field is cleared with `team edit`, never by omission.
void KeepWhatIsMissing(const Team& stored, Team* incoming);

// Validates and normalises a team built in code (CLI flags, CSV rows): the same rules.
Status NormaliseTeam(Team* team);

// Single values, for the CLI and importers (errors say what was expected).
Result<std::string> NormalisePrefix(std::string_view text);  // host bits must be clear
Result<uint32_t> ParseAsn(std::string_view text);            // "AS64500" or "64500"
Result<std::string> NormaliseDomainName(std::string_view text);
Result<std::string> NormaliseCountryCode(std::string_view text);

}  // namespace concord::directory
