#include "server/dnsbl_service.h"

#include <cstdio>

#include "spam/zones.h"

namespace concord::server {

DnsblService::DnsblService(store::Database& db, const Clock& clock, DnsblOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), server_(options_.server) {}

DnsblService::~DnsblService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (refresher_.joinable()) refresher_.join();
  server_.Stop();
}

Status DnsblService::Rebuild() {
  // Read the version first: a change committed while building is seen by the next check.
  auto version = db_.objects().DataVersion();
  if (!version.ok()) return version.status();
  const Micros now = clock_.Now();
  auto zones = spam::BuildZones(db_, now, &indicators_);
  if (!zones.ok()) return zones.status();
  server_.SetZones(*zones);
  data_version_ = *version;
  built_at_ = now;
  return Status::Ok();
}

Status DnsblService::Start() {
  CONCORD_RETURN_IF_ERROR(Rebuild());
  CONCORD_RETURN_IF_ERROR(server_.Start());
  refresher_ = std::thread([this] { RefreshLoop(); });
  return Status::Ok();
}

void DnsblService::RefreshLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::microseconds(options_.refresh));
    if (stop_) break;
    auto version = db_.objects().DataVersion();
    const bool changed = version.ok() && *version != data_version_;
    if (!changed && clock_.Now() - built_at_ < options_.rebuild_at_least_every) continue;
    if (Status st = Rebuild(); !st.ok()) {
      // The zones being served stay as they were; the next change tries again.
      std::fprintf(stderr, "concord: DNSBL zones not rebuilt: %s\n", st.message().c_str());
      if (version.ok()) data_version_ = *version;
      built_at_ = clock_.Now();
    }
  }
}

}  // namespace concord::server
