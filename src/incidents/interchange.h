#pragma once
// Incidents in and out of Concord as files other tools read: IODEF v2 (RFC 7970) in and out,
// and a STIX 2.1 bundle out with the incident's records, the objects it links to and its
// audit log.
//
// IODEF in: every incident of the document is checked before the first is stored (one that
// does not validate stores nothing of the document); each IODEF Incident then becomes an
// incident owned by the importing organisation, with what came with it in one transaction:
//  - its IncidentID and Contacts become the incident's external references;
//  - ThreatActor and Campaign (RelatedActivity) become threat-actor and campaign objects, and
//    each Indicator whose observable is a list of addresses, domain names, e-mail addresses or
//    URLs an indicator with a STIX pattern, all linked to the incident;
//  - each Expectation (what the sender expects of the receiver) becomes a task of the importer;
//  - restriction becomes TLP (white/public: CLEAR; green; amber, partner, need-to-know,
//    default: AMBER; red and private, the schema's default: RED; ext-value "amber+strict");
//  - status becomes the investigation status, the first Description the name;
//  - the RSIT class and type come from an IncidentCategory written as RSIT's machine tag
//    (rsit:intrusions="system-compromise"), else from the options, else other/undetermined.
// What Concord does not keep is listed in `skipped`, by where it was in the document.
//
// Out, the incident is written as the acting organisation may see it: its tasks, the requests
// it sent or received, the linked objects the sharing policy lets it see, and its timeline.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "incidents/desk.h"

namespace concord::incidents {

struct IodefImportOptions {
  std::string rsit_class, rsit_type;  // for incidents the document does not classify
};

struct IodefImportResult {
  std::vector<Incident> incidents;
  int linked_objects = 0, tasks = 0;
  std::vector<std::string> skipped;
};

Result<IodefImportResult> ImportIodef(store::Database& db, const Clock& clock, const Actor& actor,
                                      std::string_view xml, const IodefImportOptions& options);

Result<std::string> ExportIodef(store::Database& db, const Clock& clock, const Actor& actor,
                                std::string_view incident_id);

// What `concord audit verify --bundle` found in an exported bundle's audit log.
struct BundleAudit {
  std::vector<ChainProblem> problems;  // none: every check held
  size_t entries = 0;                  // audit entries read
  size_t versions_checked = 0;         // logged versions found in the bundle and hashed
  size_t gaps = 0;                     // places where the chain's previous entry is not there
};

// Checks the audit log a bundle carries (ExportStixBundle), without a database: each entry's
// hash (over its fields and the link to the entry before it), that the entries are in the
// order they were logged, and each logged version the bundle holds against the content hash
// logged for it. The entries of records the exporter could not see are not in its bundle, so
// an entry whose link names an entry not in the bundle is counted as a gap, not reported as
// damage: offline, a gap cannot be told from a removal (a bundle from the incident's owner has
// none). A bundle that is not JSON, has no audit log, or an entry without its fields is an
// error naming where.
Result<BundleAudit> VerifyBundleAudit(std::string_view bundle);

// A STIX 2.1 bundle: every stored version of the incident and of its tasks, requests and
// updates the actor may see (so that each audit entry's before and after are in it), the
// latest version of each linked object it may see, and one `x-concord-audit-log` object with
// the incident's hash chain, which `concord audit verify --bundle` checks offline.
Result<std::string> ExportStixBundle(store::Database& db, const Clock& clock, const Actor& actor,
                                     std::string_view incident_id);

}  // namespace concord::incidents
