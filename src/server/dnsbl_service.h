#pragma once
// The DNSBL service of `concord serve --dns`: the DNS server, and a thread that rebuilds the
// zones from the store whenever it changes (checked every `refresh` interval, 500 ms by
// default) and at least once a minute (scores decay and listings expire with time alone).
// The new zones replace the old ones atomically: no query is dropped or waits.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

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
  DnsblService(store::Database& db, const Clock& clock, DnsblOptions options);
  ~DnsblService();
  // Builds the zones once (an error stops the start), then serves and keeps them current.
  Status Start();
  uint16_t port() const { return server_.port(); }
  const dns::DnsStats& stats() const { return server_.stats(); }

 private:
  Status Rebuild();
  void RefreshLoop();

  store::Database& db_;
  const Clock& clock_;
  DnsblOptions options_;
  dns::DnsServer server_;
  spam::IndicatorIndex indicators_;  // touched by Start() and then the refresher only
  uint64_t data_version_ = 0;
  Micros built_at_ = 0;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread refresher_;
};

}  // namespace concord::server
