#pragma once
// The DNSBL server: UDP and TCP (RFC 7766: several length-prefixed queries per connection) on
// one address. UDP is served by a pool of threads reading one socket in batches
// (recvmmsg/sendmmsg); TCP by one thread polling its connections. The zones are swapped
// atomically with SetZones(): a query is answered from the set that was current when its batch
// was read, so updates never drop or delay queries. Thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "dns/zone.h"

namespace concord::dns {

struct DnsServerOptions {
  std::string listen = "127.0.0.1:5353";  // "host:port", "[v6]:port"; port 0 picks one
  int udp_threads = 0;                    // 0: one per core
  int tcp_idle_seconds = 10;              // a TCP connection with no query for this long closes
  size_t max_tcp_connections = 256;
};

struct DnsStats {
  std::atomic<uint64_t> udp_queries{0}, tcp_queries{0};
  std::atomic<uint64_t> dropped{0};  // not answered: shorter than a header, or a response
};

class DnsServer {
 public:
  explicit DnsServer(DnsServerOptions options);
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Binds both sockets and starts serving (from an empty zone set until SetZones).
  Status Start();
  void Stop();
  void SetZones(std::shared_ptr<const ZoneSet> zones) { zones_.store(std::move(zones)); }
  uint16_t port() const { return port_; }
  const DnsStats& stats() const { return stats_; }

 private:
  void ServeUdp();
  void ServeTcp();

  DnsServerOptions options_;
  std::atomic<std::shared_ptr<const ZoneSet>> zones_;
  int udp_fd_ = -1, tcp_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  DnsStats stats_;
};

}  // namespace concord::dns
