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

#include "common/status.h"
#include "http/message.h"

namespace concord::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int threads = 0;                        // 0: one per core
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64u << 20;
  int idle_timeout_seconds = 60;
  size_t max_connections = 1024;
  // PEM files; both set: HTTPS only (TLS 1.2 or newer).
  std::string tls_cert_file;
  std::string tls_key_file;
};

// A request the server refuses before routing (400 malformed, 413, 431) is answered with the
// router's error formatter, so that each API answers in its own error format.
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
