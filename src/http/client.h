#pragma once
// A small blocking HTTP/1.1 client (Boost.Beast underneath; this header is Beast-free) for
// talking to other TAXII servers. One Client keeps one keep-alive connection to one origin and
// reconnects when the server closes it. HTTPS checks the server's certificate chain (the
// system's CAs, or `ca_file` for a private CA) and its host name; plain HTTP is refused except
// to loopback addresses. Responses larger than `max_body_bytes` are an error, not a truncation.
// Not thread-safe: one Client per thread.

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace concord::http {

struct ClientOptions {
  std::string ca_file;  // PEM bundle to trust instead of the system's CAs
  int timeout_seconds = 30;
  size_t max_body_bytes = 256u << 20;
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
  // Case-insensitive; empty if absent.
  std::string_view Header(std::string_view name) const;
};

// The parts of an absolute http(s) URL.
struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // "/" at least
};
Result<Url> ParseUrl(std::string_view url);

class Client {
 public:
  static Result<std::unique_ptr<Client>> Create(std::string_view base_url, ClientOptions options);
  ~Client();

  const Url& base() const { return base_; }
  // `target` is an absolute path with its query ("/taxii2/...?a=b").
  Result<ClientResponse> Send(std::string_view method, std::string_view target,
                              const Headers& headers, std::string_view body = {});

 private:
  Client() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Url base_;
};

}  // namespace concord::http
