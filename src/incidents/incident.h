#pragma once
// Cross-border incidents as teams share them: the records, their JSON (the REST API's and the
// CLI's form) and their STIX 2.1 form (what is stored and federates).
//
// Every record is a STIX object owned by the team that made it, and each travels to exactly the
// organisations it lists (the sharing policy's `participants` distribution):
//  - an incident (STIX `incident` with the OASIS Incident Core extension and Concord's incident
//    extension: RSIT class and type, PAP, participants, countries, constituencies, links) goes
//    to its owner's participants;
//  - a task (the Incident Core `task` object, with Concord's task extension: the incident, the
//    assignee, the due date) goes with its incident's participants;
//  - an assistance request (`x-concord-request`) from one team to another goes to those two;
//  - a request update (`x-concord-request-update`: acknowledged, accepted, declined, progress,
//    completed by the recipient; cancelled by the requester) is a new object made by the team
//    that acted, never a change to the other team's record. Each node derives a request's state
//    from the request and the updates it holds (the pattern of CERT/CC's Vultron protocol).
// Parsing validates everything and names the field; unknown JSON fields are refused.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "sharing/policy.h"

namespace concord::incidents {

// The OASIS Incident Core extension (property extension of `incident`) and its task object.
inline constexpr std::string_view kIncidentCoreExtension =
    "extension-definition--ef765651-680c-498d-9894-99799f2fa126";
inline constexpr std::string_view kTaskExtension =
    "extension-definition--2074a052-8be4-4932-849e-f5e7798e0030";
// Concord's extensions (UUIDv5 of "concord incident" etc. in the URL namespace).
inline constexpr std::string_view kConcordIncidentExtension =
    "extension-definition--96efad67-ac9c-589f-8958-54026fba4cd9";
inline constexpr std::string_view kConcordTaskExtension =
    "extension-definition--01770299-d39d-5319-9120-3d3fbb99b856";
inline constexpr std::string_view kRequestExtension =
    "extension-definition--8bda39a0-d034-50ea-9f8d-36be372dbffa";
inline constexpr std::string_view kRequestUpdateExtension =
    "extension-definition--09e16bda-b320-50f0-bb97-ddb14edf7acf";
// The audit log as it leaves with an incident (interchange.h): a STIX new SDO.
inline constexpr std::string_view kAuditLogExtension =
    "extension-definition--4b331689-6b14-510b-a76b-4fae58657e00";
inline constexpr std::string_view kAuditLogNamespace = "4b331689-6b14-510b-a76b-4fae58657e00";
inline constexpr std::string_view kRequestType = "x-concord-request";
inline constexpr std::string_view kRequestUpdateType = "x-concord-request-update";

// Controlled lists (the Incident Core extension's, then Concord's).
inline constexpr const char* kDeterminations[] = {
    "blocked", "failed-attempt", "false-positive", "low-value", "successful-attempt", "suspected"};
inline constexpr const char* kInvestigationStatuses[] = {"new", "open", "closed"};
inline constexpr const char* kRecoverabilities[] = {"extended", "not-applicable", "not-recoverable",
                                                    "regular", "supplemented"};
inline constexpr const char* kPapLevels[] = {"PAP:CLEAR", "PAP:GREEN", "PAP:AMBER", "PAP:RED"};
// Why an incident is shared (IODEF's Incident@purpose, RFC 7970 3.2).
inline constexpr const char* kPurposes[] = {"traceback", "mitigation", "reporting", "watch",
                                            "other"};
// What an incident did or meant to do: "<kind>:<type>" with IODEF's SystemImpact and
// BusinessImpact types (RFC 7970 3.12.1, 3.12.2); "intended:" is a BusinessImpact intended.
inline constexpr const char* kSystemImpacts[] = {"takeover-account",
                                                 "takeover-service",
                                                 "takeover-system",
                                                 "cps-manipulation",
                                                 "cps-damage",
                                                 "availability-data",
                                                 "availability-account",
                                                 "availability-service",
                                                 "availability-system",
                                                 "damaged-system",
                                                 "damaged-data",
                                                 "breach-proprietary",
                                                 "breach-privacy",
                                                 "breach-credential",
                                                 "breach-configuration",
                                                 "integrity-data",
                                                 "integrity-configuration",
                                                 "integrity-hardware",
                                                 "traffic-redirection",
                                                 "monitoring-traffic",
                                                 "monitoring-host",
                                                 "policy",
                                                 "unknown"};
inline constexpr const char* kBusinessImpacts[] = {"breach-proprietary",
                                                   "breach-privacy",
                                                   "breach-credential",
                                                   "loss-of-integrity",
                                                   "loss-of-service",
                                                   "theft-financial",
                                                   "theft-service",
                                                   "degraded-reputation",
                                                   "asset-damage",
                                                   "asset-manipulation",
                                                   "legal",
                                                   "extortion",
                                                   "unknown"};
inline constexpr const char* kTaskOutcomes[] = {"pending", "ongoing",   "successful",
                                                "failed",  "cancelled", "unknown"};
// What one team may ask another (free text says the rest).
inline constexpr const char* kRequestActions[] = {
    "take-down",     "block",          "identify",          "notify-victim",
    "preserve-logs", "analyse-sample", "share-information", "other"};
inline constexpr const char* kSeverities[] = {"critical", "high", "medium", "low"};
// What a request update reports. The recipient acknowledges, accepts or declines, reports
// progress and completes; the requester may cancel.
inline constexpr const char* kUpdateKinds[] = {"acknowledged", "accepted",  "declined",
                                               "progress",     "completed", "cancelled"};

// A STIX external reference: where else the incident is known (an IODEF IncidentID: source
// "iodef:csirt.example.com", id "492382") or who reported it (source "iodef-contact:creator").
struct ExternalReference {
  std::string source, external_id, description;
  bool operator==(const ExternalReference&) const = default;
};

struct Incident {
  std::string id;  // incident--...; "" until made
  std::string name, description;
  std::string owner;  // the owning organisation's identity (created_by_ref)
  std::string investigation_status = "new";
  std::string determination = "suspected";
  int criticality = -1;  // 0-100; -1: not given
  std::string recoverability;
  std::string rsit_class, rsit_type;  // required (RSIT taxonomy, rsit.h)
  sharing::Tlp tlp = sharing::Tlp::kAmber;
  std::string pap = "PAP:AMBER";
  std::vector<std::string> participants;    // identities of the other teams (not the owner)
  std::vector<std::string> countries;       // ISO 3166-1 alpha-2 affected
  std::vector<std::string> constituencies;  // directory team ids whose constituency is affected
  std::vector<std::string> object_refs;     // indicators, observables, sightings, reports...
  std::string purpose;                      // kPurposes; "" when not given
  Micros start_time = 0, end_time = 0;      // when the incident began and ended (0: unknown)
  std::vector<std::string> impacts;         // "system:takeover-system", "business:legal"...
  std::vector<ExternalReference> external_references;
  Micros created = 0, modified = 0;
  bool revoked = false;

  // The owner and the participants: who the incident and its tasks go to.
  std::vector<std::string> Audience() const;
};

struct Task {
  std::string id;  // task--...
  std::string incident_id;
  std::string owner;  // the organisation that made it
  std::string name, description;
  std::string outcome = "pending";    // kTaskOutcomes
  int priority = -1;                  // 0-100; -1: not given
  std::string assignee;               // "user:NAME" (of the owner's node) or an identity id
  Micros due = 0;                     // 0: none
  std::vector<std::string> audience;  // the incident's, when made
  sharing::Tlp tlp = sharing::Tlp::kAmber;
  Micros created = 0, modified = 0;
};

struct Request {
  std::string id;  // x-concord-request--...
  std::string incident_id;
  std::string requester, recipient;        // identities
  std::string action;                      // kRequestActions
  std::string text;                        // what exactly is asked
  std::string severity = "medium";         // kSeverities
  std::vector<std::string> evidence_refs;  // objects released with the request
  // Like IODEF's Expectation: the action is wanted between start and end (the deadline).
  Micros deadline = 0;
  // The SLA clocks, fixed by the requester's node when the request is made, in the recipient's
  // business hours (sla.h): both nodes watch the same instants.
  Micros acknowledge_by = 0, complete_by = 0;
  sharing::Tlp tlp = sharing::Tlp::kAmber;
  std::string requester_reference;  // the requester's own ticket number, if any
  Micros created = 0, modified = 0;
};

struct RequestUpdate {
  std::string id;  // x-concord-request-update--...
  std::string request_id, incident_id;
  std::string author;     // the identity that acted (the recipient; the requester for cancelled)
  std::string kind;       // kUpdateKinds
  std::string reference;  // acknowledged: the recipient's own ticket number
  std::string text;       // declined: the reason; progress/completed: what was done
  std::string outcome;    // completed: "successful", "failed", "partial"
  std::vector<std::string> audience;  // the requester and the recipient
  sharing::Tlp tlp = sharing::Tlp::kAmber;
  Micros created = 0;
};

// Validation of one field against a controlled list; the error lists the valid values.
Status CheckOneOf(std::string_view field, std::string_view value,
                  const std::vector<std::string_view>& valid);
template <size_t N>
Status CheckOneOf(std::string_view field, std::string_view value, const char* const (&list)[N]) {
  return CheckOneOf(field, value, std::vector<std::string_view>(list, list + N));
}

// Validates what a person can get wrong (names the field): the lists, the RSIT pair, the ranges.
Status ValidateIncident(const Incident& incident);
Status ValidateTask(const Task& task);
Status ValidateRequest(const Request& request);
Status ValidateUpdate(const RequestUpdate& update);

// The STIX form. `*ToStix` write the whole object (markings, distribution, extensions);
// `*FromStix` read and validate one (the type decides which).
std::string IncidentToStix(const Incident& incident);
std::string TaskToStix(const Task& task);
std::string RequestToStix(const Request& request);
std::string UpdateToStix(const RequestUpdate& update);
bool IsConcordIncident(json::Value object);  // an incident carrying Concord's extension
Result<Incident> IncidentFromStix(json::Value object);
Result<Task> TaskFromStix(json::Value object);
Result<Request> RequestFromStix(json::Value object);
Result<RequestUpdate> UpdateFromStix(json::Value object);

// Applies the fields a person sends (API body, CLI) to a record: only those given change.
// Unknown fields and fields a person may not set (id, owner, created...) are refused by name.
Status ApplyIncidentJson(json::Value body, Incident* incident);
Status ApplyTaskJson(json::Value body, Task* task);
Status ApplyRequestJson(json::Value body, Request* request);
Status ApplyUpdateJson(json::Value body, RequestUpdate* update);

// The JSON form (the API's and `--json`'s). `more` writes further members before the object
// closes (what a view adds: names, counts, state).
using MoreMembers = std::function<void(json::Writer&)>;
void WriteIncident(const Incident& incident, json::Writer& w, const MoreMembers& more = {});
void WriteTask(const Task& task, json::Writer& w);
void WriteRequest(const Request& request, json::Writer& w, const MoreMembers& more = {});
void WriteUpdate(const RequestUpdate& update, json::Writer& w);

}  // namespace concord::incidents
