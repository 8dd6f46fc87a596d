#include "http/client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "common/strings.h"

namespace concord::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Blocking socket calls get their timeout from the kernel (Beast's expiry covers async only).
void SetSocketTimeouts(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

std::string_view ClientResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsNoCase(k, name)) return v;
  }
  return {};
}

Result<Url> ParseUrl(std::string_view text) {
  Url url;
  std::string_view rest;
  if (text.substr(0, 8) == "https://") {
    url.tls = true;
    rest = text.substr(8);
  } else if (text.substr(0, 7) == "http://") {
    rest = text.substr(7);
  } else {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an http(s):// URL");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::InvalidArgument("bad IPv6 host in URL");
    url.host = std::string(authority.substr(1, close - 1));
    authority = authority.substr(close + 1);
    if (!authority.empty() && authority[0] == ':') url.port = std::string(authority.substr(1));
  } else {
    const size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.host.empty())
    return Status::InvalidArgument("no host in URL '" + std::string(text) + "'");
  if (url.port.empty()) url.port = url.tls ? "443" : "80";
  for (char c : url.port) {
    if (c < '0' || c > '9')
      return Status::InvalidArgument("bad port in URL '" + std::string(text) + "'");
  }
  return url;
}

struct Client::Impl {
  asio::io_context io;
  std::optional<asio::ssl::context> tls;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  ClientOptions options;
  Url url;
  bool connected = false;

  Status Connect() {
    Close();
    buffer.clear();
    beast::error_code ec;
    tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) return Status::NotFound("cannot resolve " + url.host + ": " + ec.message());
    if (!url.tls) {
      // Credentials and intelligence never cross a network in clear: loopback only.
      for (const auto& e : endpoints) {
        if (!e.endpoint().address().is_loopback()) {
          return Status::PermissionDenied("refusing plain http:// to " + url.host +
                                          " (not loopback): use https://");
        }
      }
    }
    beast::tcp_stream& lowest =
        url.tls ? beast::get_lowest_layer(secure.emplace(io, *tls)) : plain.emplace(io);
    asio::connect(lowest.socket(), endpoints, ec);
    if (ec)
      return Status::NotFound("cannot connect to " + url.host + ":" + url.port + ": " +
                              ec.message());
    SetSocketTimeouts(lowest.socket().native_handle(), options.timeout_seconds);
    if (url.tls) {
      if (!SSL_set_tlsext_host_name(secure->native_handle(), url.host.c_str())) {
        return Status::Internal("cannot set TLS SNI");
      }
      secure->set_verify_callback(asio::ssl::host_name_verification(url.host));
      secure->handshake(asio::ssl::stream_base::client, ec);
      if (ec) {
        return Status::PermissionDenied("TLS with " + url.host + " failed: " + ec.message());
      }
    }
    connected = true;
    return Status::Ok();
  }

  void Close() {
    beast::error_code ec;
    if (secure) {
      beast::get_lowest_layer(*secure).socket().close(ec);
      secure.reset();
    }
    if (plain) {
      plain->socket().close(ec);
      plain.reset();
    }
    connected = false;
  }

  template <typename Stream>
  Result<ClientResponse> Exchange(Stream& stream, const bhttp::request<bhttp::string_body>& req,
                                  bool* retryable) {
    beast::error_code ec;
    bhttp::write(stream, req, ec);
    if (ec) {
      *retryable = true;
      return Status::Internal("sending to " + url.host + ": " + ec.message());
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    parser.header_limit(64 * 1024);
    bhttp::read(stream, buffer, parser, ec);
    if (ec == bhttp::error::body_limit) {
      Close();
      return Status::TooLarge("response from " + url.host + " is larger than " +
                              std::to_string(options.max_body_bytes) + " bytes");
    }
    if (ec) {
      // A keep-alive connection the server closed meanwhile fails here with no bytes read.
      *retryable = ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset ||
                   ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
      Close();
      return Status::Internal("reading from " + url.host + ": " + ec.message());
    }
    auto res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res)
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    out.body = std::move(res.body());
    if (!res.keep_alive()) Close();
    return out;
  }
};

Result<std::unique_ptr<Client>> Client::Create(std::string_view base_url, ClientOptions options) {
  auto url = ParseUrl(base_url);
  if (!url.ok()) return url.status();
  std::unique_ptr<Client> c(new Client());
  c->base_ = *url;
  c->impl_ = std::make_unique<Impl>();
  c->impl_->options = std::move(options);
  c->impl_->url = *url;
  if (url->tls) {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    if (c->impl_->options.ca_file.empty()) {
      ctx.set_default_verify_paths(ec);
    } else {
      ctx.load_verify_file(c->impl_->options.ca_file, ec);
    }
    if (ec) return Status::InvalidArgument("CA certificates: " + ec.message());
    ctx.set_verify_mode(asio::ssl::verify_peer);
    c->impl_->tls.emplace(std::move(ctx));
  }
  return c;
}

Client::~Client() = default;

Result<ClientResponse> Client::Send(std::string_view method, std::string_view target,
                                    const Headers& headers, std::string_view body) {
  Impl& m = *impl_;
  bhttp::request<bhttp::string_body> req;
  req.method_string(std::string(method));
  req.target(std::string(target));
  req.version(11);
  req.set(bhttp::field::host, m.url.host);
  req.set(bhttp::field::user_agent, "concord");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST") {
    req.body() = std::string(body);
    req.prepare_payload();
  }
  // One retry on a fresh connection: the server may have closed the idle keep-alive one.
  for (int attempt = 0;; ++attempt) {
    if (!m.connected) CONCORD_RETURN_IF_ERROR(m.Connect());
    bool retryable = false;
    auto r =
        m.url.tls ? m.Exchange(*m.secure, req, &retryable) : m.Exchange(*m.plain, req, &retryable);
    if (r.ok() || !retryable || attempt == 1) return r;
    m.Close();
  }
}

}  // namespace concord::http
