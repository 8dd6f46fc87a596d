#include "server/dnsbl_service.h"

#include "spam/zones.h"

namespace concord::server {

DnsblService::DnsblService(store::Database& db, const Clock& clock, DnsblOptions options,
                           dns::ZoneCounterSet& counters)
    : db_(db),
      clock_(clock),
      options_(std::move(options)),
      server_(options_.server),
      counters_(counters) {}

DnsblService::~DnsblService() { server_.Stop(); }

Status DnsblService::Rebuild() {
  // Read the version first: a change committed while building is seen by the next check.
  auto version = db_.objects().DataVersion();
  if (!version.ok()) return version.status();
  const Micros now = clock_.Now();
  auto zones = spam::BuildZones(db_, now, &indicators_, &counters_);
  if (!zones.ok()) return zones.status();
  server_.SetZones(*zones);
  data_version_ = *version;
  built_at_ = now;
  return Status::Ok();
}

Status DnsblService::Start(Scheduler& scheduler) {
  CONCORD_RETURN_IF_ERROR(Rebuild());
  CONCORD_RETURN_IF_ERROR(server_.Start());
  scheduler.Every(
      "dnsbl zones", options_.refresh, [this] { return Refresh(); }, options_.refresh);
  return Status::Ok();
}

Status DnsblService::Refresh() {
  auto version = db_.objects().DataVersion();
  if (!version.ok()) return version.status();
  const bool changed = *version != data_version_;
  if (!changed && clock_.Now() - built_at_ < options_.rebuild_at_least_every) return Status::Ok();
  return Rebuild().WithPrefix("DNSBL zones not rebuilt");
}

}  // namespace concord::server
