#pragma once
// IODEF v2 (RFC 7970), the XML format CSIRTs exchange incident reports in: what Concord reads
// and writes of it, as plain structs, and the document's validation against the RFC's schema.
//
// Every document read is validated first against RFC 7970's schema (data/schemas/iodef,
// compiled in; libxml2), with no network and no DTD: a document with a DOCTYPE is refused, so
// entity expansion cannot happen. The error names the line and what is wrong. Every document
// written is validated the same way before it is returned.
//
// Concord keeps what it can map to its records (interchange.h says how) and reports the rest
// by name in `skipped`, so that an import never drops something silently.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace concord::incidents::iodef {

struct Contact {
  std::string role;  // creator, reporter, irt, cc-irt, ... (RFC 7970 3.9)
  std::string type = "organization";
  std::string name, email;
  std::string local_handle;  // RegistryHandle registry="local": a Concord identity id
};

// An Indicator whose observable is a list of values of one kind: BulkObservable (RFC 7970
// 3.29.3), or a single Address or DomainData.
struct Indicator {
  std::string id, id_name, version = "1";  // IndicatorID and its name/version attributes
  std::string description;
  Micros start = 0, end = 0;
  std::string kind;  // ipv4-addr, ipv6-addr, domain-name, e-mail, site-uri
  std::vector<std::string> values;
};

struct Related {
  std::string kind;  // "threat-actor" or "campaign"
  std::string id;    // ThreatActorID / CampaignID
  std::string description;
};

// What the sender expects the receiver to do (RFC 7970 3.15).
struct Expectation {
  std::string action = "other", ext_action;  // action-type, or ext-value with ext-action
  std::string severity;                      // low, medium, high or ""
  std::string description;
  Micros start = 0, end = 0;
  Contact contact;  // who is to do it (role empty: nobody named)
};

struct HistoryItem {
  Micros when = 0;
  std::string action = "status-new-info";
  std::string description;
};

// Named values in AdditionalData (name="concord:pap" ...), for what IODEF has no element for.
struct Extra {
  std::string name, dtype = "string", value;
};

struct Incident {
  std::string id, id_name;  // IncidentID and its name (the issuing CSIRT)
  std::string purpose = "reporting";
  std::string status;           // new, in-progress, forwarded, resolved, future, or ""
  std::string restriction;      // white, green, amber, red, private, ... or "" (default)
  std::string ext_restriction;  // when restriction is ext-value
  std::string lang;
  Micros detect = 0, start = 0, end = 0, report = 0, generated = 0;
  std::vector<std::string> descriptions;
  std::vector<std::string> categories;  // Assessment/IncidentCategory
  std::vector<std::string> impacts;     // "system:TYPE", "business:TYPE", "intended:TYPE"
  std::vector<Contact> contacts;
  std::vector<Related> related;
  std::vector<Expectation> expectations;  // EventData/Expectation
  std::vector<Indicator> indicators;
  std::vector<HistoryItem> history;
  std::vector<Extra> extras;
};

struct Document {
  std::string lang = "en";
  std::vector<Incident> incidents;
  // What the document holds that Concord does not read, by where it is ("Incident 1:
  // EventData/Flow"): reported to the person importing, never dropped silently.
  std::vector<std::string> skipped;
};

// Validates `xml` against RFC 7970's schema; InvalidArgument names the line and the problem.
Status Validate(std::string_view xml);
// Validates, then reads what Concord maps.
Result<Document> Read(std::string_view xml);
// Writes `document` as IODEF v2 and validates the result (Internal when it does not validate:
// a bug in Concord, never sent out).
Result<std::string> Write(const Document& document);

}  // namespace concord::incidents::iodef
