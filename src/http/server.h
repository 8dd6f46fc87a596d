#pragma once
// The HTTP server: Boost.Beast with C++20 coroutines, one io_context thread per core.
// This header is Beast-free; only server.cc includes Boost.Asio/Beast.
//
// Stop() is graceful: the listener closes, idle keep-alive connections are closed, requests in
// flight finish and their responses are written, then Run() returns. Thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "http/message.h"

namespace concord::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int threads = 0;                        // 0: one per core
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64u << 20;  // the ceiling; each route admits its own (Router::Admit)
  int idle_timeout_seconds = 60;      // waiting for the next request, and for a body
  // From a request's first byte to its last header byte: a client that dribbles its headers
  // (slowloris) holds a connection this long at most.
  int header_timeout_seconds = 10;
  size_t max_connections = 1024;
  // Connections one address may hold at once; more are closed at accept.
  size_t max_connections_per_address = 64;
  // Of max_connections, this many (at most a quarter) are kept for callers that authenticate:
  // once the others are taken, a connection's requests must carry valid credentials (else 503).
  size_t reserved_for_authenticated = 256;
  // Threads running routes admitted as expensive (matching a log); 0: half the cores, at
  // least one. Past max_queued_expensive waiting requests, more get 503 with Retry-After.
  int worker_threads = 0;
  size_t max_queued_expensive = 16;
  // PEM files; both set: HTTPS only (TLS 1.2 or newer).
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Sent with every response that does not set its own (the console's pages set a
// Content-Security-Policy that lets them load their own scripts and styles): nothing the node
// serves may be framed, sniffed into another type, or leak its URL to other sites.
inline constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

// A request is read in two steps: its headers, which the router admits or refuses
// (Router::Admit: who is calling, how large a body this route takes), then its body. So a
// stranger's upload is refused before it costs memory. A request the server refuses itself
// (400 malformed, 413, 431, 503) is answered with the router's error formatter, so that each
// API answers in its own error format.
class Server {
 public:
  Server(ServerOptions options, const Router* router);
  ~Server();
  // Loads TLS material (if any) and binds the listening socket. After success, port() is the
  // bound port.
  Status Start();
  uint16_t port() const;
  // Serves until Stop() or SIGINT/SIGTERM (when handle_signals), then returns.
  void Run(bool handle_signals);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace concord::http
