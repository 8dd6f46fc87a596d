#pragma once
// Who is responsible for what an incident concerns: the observables of its linked objects (an
// address, a domain, a URL or an e-mail address, as a cyber observable's value or compared for
// equality in an indicator's pattern) looked up in the directory, so that "198.51.100.7 is in
// CERT-X's constituency" is offered when the incident is opened or changed. Suggestions are
// offered, never applied: adding a participant is the owner's decision.

#include <string>
#include <vector>

#include "common/json.h"
#include "incidents/desk.h"
#include "store/database.h"

namespace concord::incidents {

// The observable values in one STIX object (an SCO's value, an indicator's equality
// comparisons on ipv4-addr, ipv6-addr, domain-name, url and email-addr values).
std::vector<std::string> ObservableValues(json::Value object);

struct Suggestion {
  std::string value;      // "198.51.100.7"
  std::string object_id;  // the linked object it came from
  std::string team_id, team, country;
  std::string reason;        // the directory's sentence
  bool participant = false;  // the team is already in the incident (by identity or name)
};

// For the incident's linked objects that `actor`'s organisation may see, and the directory's
// teams it may see. NotFound when the incident is not visible to it.
Result<std::vector<Suggestion>> Suggest(store::Database& db, const Clock& clock, const Actor& actor,
                                        std::string_view incident_id);

}  // namespace concord::incidents
