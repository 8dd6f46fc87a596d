#pragma once
// The DNSBL service of `concord serve --dns`: the DNS server, and the zones rebuilt from the
// store whenever it changes and at least once a minute (scores decay and listings expire with
// time alone). The node's Scheduler calls Refresh() every `refresh` interval (500 ms by
// default). The new zones replace the old ones atomically: no query is dropped or waits.
// Start() and Refresh() are called from one thread at a time (the scheduler runs jobs one at a
// time); the DNS server itself is thread-safe.

#include <cstdint>

#include "common/scheduler.h"
#include "dns/server.h"
#include "spam/indicator_index.h"
#include "store/database.h"

namespace concord::server {

struct DnsblOptions {
  dns::DnsServerOptions server;
  Micros refresh = 500'000;
  Micros rebuild_at_least_every = 60'000'000;
};

class DnsblService {
 public:
  // `counters` (owned by the caller, outliving the service) receives each zone's query counts.
  DnsblService(store::Database& db, const Clock& clock, DnsblOptions options,
               dns::ZoneCounterSet& counters);
  ~DnsblService();
  // Builds the zones once (an error stops the start), then serves; the zones are kept current
  // by a job on `scheduler`.
  Status Start(Scheduler& scheduler);
  // Rebuilds the zones if the store changed or the last build is a minute old. On an error
  // the zones being served stay as they were and the scheduler retries.
  Status Refresh();
  uint16_t port() const { return server_.port(); }
  const dns::DnsStats& stats() const { return server_.stats(); }

 private:
  Status Rebuild();

  store::Database& db_;
  const Clock& clock_;
  DnsblOptions options_;
  dns::DnsServer server_;
  dns::ZoneCounterSet& counters_;
  spam::IndicatorIndex indicators_;  // touched by Start() and then Refresh() only
  uint64_t data_version_ = 0;
  Micros built_at_ = 0;
};

}  // namespace concord::server
