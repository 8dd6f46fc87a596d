// The incident module's parsers: the RSIT taxonomy, incident records from peers (STIX) and
// from people (API bodies), and the audit log of an exported bundle (audit verify --bundle).
// Run:
//   build-fuzz/fuzz/fuzz_incidents -max_total_time=60
// A taxonomy that parses must find each of its own types; a record that parses must validate
// and survive a round trip through its STIX form unchanged; a bundle whose audit log verifies
// has counted what it checked.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/json.h"
#include "incidents/incident.h"
#include "incidents/interchange.h"
#include "incidents/rsit.h"

namespace {

using namespace concord;
using namespace concord::incidents;

// Parses `stix` with `parse`, writes it back with `write`, and demands the same text again.
template <typename Parse, typename Write>
void RoundTrip(json::Value object, Parse parse, Write write) {
  auto record = parse(object);
  if (!record.ok()) return;
  const std::string once = write(*record);
  json::Document doc;
  if (!doc.ParseAll(once).ok()) std::abort();
  auto again = parse(doc.root());
  if (!again.ok() || write(*again) != once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto rsit = RsitTaxonomy::Parse(input);
  if (rsit.ok()) {
    for (const auto& c : rsit->classes()) {
      if (c.types.empty() || !rsit->Find(c.id, c.types.front().id).ok()) std::abort();
    }
  }
  auto audit = VerifyBundleAudit(input);
  if (audit.ok() && audit->versions_checked > audit->entries) std::abort();
  json::Document doc;
  if (!doc.ParseAll(input).ok()) return 0;
  const json::Value o = doc.root();
  RoundTrip(o, IncidentFromStix, IncidentToStix);
  RoundTrip(o, TaskFromStix, TaskToStix);
  RoundTrip(o, RequestFromStix, RequestToStix);
  RoundTrip(o, UpdateFromStix, UpdateToStix);
  Incident incident;
  (void)ApplyIncidentJson(o, &incident);
  Task task;
  (void)ApplyTaskJson(o, &task);
  Request request;
  (void)ApplyRequestJson(o, &request);
  RequestUpdate update;
  (void)ApplyUpdateJson(o, &update);
  return 0;
}
