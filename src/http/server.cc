#include "http/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/log.h"
#include "common/numbers.h"
#include "common/thread_annotations.h"

namespace concord::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// One client connection, plain or TLS. Lives on its own strand; `busy` is only touched there.
struct Connection : std::enable_shared_from_this<Connection> {
  virtual ~Connection() = default;
  // Posted to the connection's strand at shutdown: idle connections close, busy ones finish.
  virtual void CloseIfIdle() = 0;
  bool busy = false;    // a request is being handled or its response written
  std::string address;  // the client's, for the per-address limit
  // Accepted into the share kept for authenticated callers: every request must authenticate.
  bool reserved = false;
};

template <typename Stream>
struct ConnectionOf : Connection {
  template <typename... Args>
  explicit ConnectionOf(Args&&... args) : stream(std::forward<Args>(args)...) {}
  void CloseIfIdle() override {
    // The handler keeps the connection alive: it may finish before the handler runs.
    asio::post(stream.get_executor(), [this, self = shared_from_this()] {
      boost::system::error_code ignored;
      if (!busy) beast::get_lowest_layer(stream).socket().close(ignored);
    });
  }
  Stream stream;
};
using PlainConnection = ConnectionOf<beast::tcp_stream>;
using TlsConnection = ConnectionOf<beast::ssl_stream<beast::tcp_stream>>;

Result<tcp::endpoint> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("--listen must be host:port, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec) return Status::InvalidArgument("--listen: '" + host + "' is not an IP address");
  const std::optional<int> port = ParseInteger<int>(std::string_view(listen).substr(colon + 1));
  if (!port || *port < 0 || *port > 65535)
    return Status::InvalidArgument("--listen: bad port in '" + listen + "'");
  return tcp::endpoint(addr, static_cast<uint16_t>(*port));
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router* r)
      : options(std::move(o)),
        router(r),
        threads(options.threads > 0 ? options.threads
                                    : std::max(1u, std::thread::hardware_concurrency())),
        ioc(threads),
        acceptor(ioc),
        signals(ioc),
        workers(options.worker_threads > 0 ? options.worker_threads : std::max(1, threads / 2)) {}

  ServerOptions options;
  const Router* router;
  int threads;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};
  std::optional<asio::ssl::context> tls;  // set when serving HTTPS
  asio::thread_pool workers;              // runs expensive routes
  std::atomic<size_t> expensive_waiting{0};
  Mutex mu;
  std::set<std::shared_ptr<Connection>> live GUARDED_BY(mu);
  std::unordered_map<std::string, size_t> per_address GUARDED_BY(mu);

  asio::awaitable<void> Accept() {
    while (true) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      boost::system::error_code ignored;
      const auto peer = socket.remote_endpoint(ignored);
      std::string address = ignored ? std::string() : peer.address().to_string();
      const size_t open = connections.load();
      // Past the unreserved share, only callers that authenticate are served.
      const bool reserved =
          open + std::min(options.reserved_for_authenticated, options.max_connections / 4) >=
          options.max_connections;
      if (open >= options.max_connections || !Admit(address)) {
        socket.close(ignored);
        continue;
      }
      ++connections;
      std::shared_ptr<Connection> conn;
      if (tls) {
        auto c = std::make_shared<TlsConnection>(std::move(socket), *tls);
        conn = c;
        Register(conn, std::move(address), reserved);
        asio::co_spawn(c->stream.get_executor(), ServeTls(c), asio::detached);
      } else {
        auto c = std::make_shared<PlainConnection>(std::move(socket));
        conn = c;
        Register(conn, std::move(address), reserved);
        asio::co_spawn(c->stream.get_executor(), Serve(conn, c->stream), asio::detached);
      }
    }
  }

  // Counts a new connection from `address` unless it already holds its limit.
  bool Admit(const std::string& address) {
    MutexLock lock(mu);
    size_t& n = per_address[address];
    if (n >= options.max_connections_per_address) return false;
    ++n;
    return true;
  }

  void Register(const std::shared_ptr<Connection>& conn, std::string address, bool reserved) {
    conn->address = std::move(address);
    conn->reserved = reserved;
    MutexLock lock(mu);
    live.insert(conn);
  }

  void Unregister(const std::shared_ptr<Connection>& conn) {
    {
      MutexLock lock(mu);
      live.erase(conn);
      auto it = per_address.find(conn->address);
      if (it != per_address.end() && --it->second == 0) per_address.erase(it);
    }
    --connections;
  }

  asio::awaitable<void> ServeTls(std::shared_ptr<TlsConnection> conn) {
    beast::get_lowest_layer(conn->stream).expires_after(std::chrono::seconds(10));
    auto [ec] = co_await conn->stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (ec) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(conn->stream).socket().close(ignored);
      Unregister(conn);
      co_return;
    }
    co_await Serve(conn, conn->stream);
  }

  static Request ToRequest(const bhttp::request<bhttp::string_body>& m, const tcp::socket& s) {
    Request r;
    r.method = std::string(m.method_string());
    r.target = std::string(m.target());
    size_t q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    for (const auto& f : m)
      r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    boost::system::error_code ec;
    auto ep = s.remote_endpoint(ec);
    if (!ec) r.remote_address = ep.address().to_string();
    return r;
  }

  // The router answers a handler's exception itself; this catches what escapes the router
  // (an allocation failure while building the answer). The detail goes to the log, never to
  // the client.
  Response Dispatch(Request& req) {
    if (auto answer = RunLoggingExceptions(req, [&] { return router->Handle(req); })) {
      return std::move(*answer);
    }
    return Response::Error(500, StatusCode::kInternal, kInternalErrorMessage);
  }

  Admission AdmitRequest(Request& req) {
    if (auto admitted = RunLoggingExceptions(req, [&] { return router->Admit(req); })) {
      return std::move(*admitted);
    }
    Admission refused;
    refused.refusal = Response::Error(500, StatusCode::kInternal, kInternalErrorMessage);
    return refused;
  }

  // Runs on the worker pool (co_spawned there), so the I/O threads stay free.
  asio::awaitable<Response> DispatchOnWorker(Request& req) { co_return Dispatch(req); }

  template <typename Stream>
  asio::awaitable<void> Write(Stream& stream, Response resp, unsigned version, bool keep_alive) {
    beast::get_lowest_layer(stream).expires_after(
        std::chrono::seconds(options.idle_timeout_seconds));
    auto fill = [&](auto& res) {
      res.set(bhttp::field::server, "concord");
      for (const auto& [k, v] : resp.headers) res.insert(k, v);
      for (const auto& [k, v] : kSecurityHeaders) {
        if (res.find(k) == res.end()) res.set(k, v);
      }
      res.keep_alive(keep_alive);
    };
    if (resp.shared_body) {
      // Sent straight from the shared buffer, which this frame keeps alive until written.
      std::shared_ptr<const std::string> body = resp.shared_body;
      bhttp::response<bhttp::span_body<const char>> res{static_cast<bhttp::status>(resp.status),
                                                        version};
      fill(res);
      res.body() = {body->data(), body->size()};
      res.prepare_payload();
      co_await bhttp::async_write(stream, res, kNoThrow);
      co_return;
    }
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(resp.status), version};
    fill(res);
    res.body() = std::move(resp.body);  // pages can be megabytes: no copy
    res.prepare_payload();
    co_await bhttp::async_write(stream, res, kNoThrow);
  }

  // After an error answer the client may still be sending (an oversized header, say). Closing
  // with unread input makes the kernel send a reset that can destroy the answer before the client
  // reads it, so stop sending, then read and discard for a moment (bounded in bytes and time).
  template <typename Stream>
  asio::awaitable<void> Drain(Stream& stream) {
    boost::system::error_code ignored;
    auto& tcp_layer = beast::get_lowest_layer(stream);
    tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_layer.expires_after(std::chrono::seconds(2));
    char scratch[8192];
    size_t total = 0;
    while (total < (1u << 20)) {
      auto [ec, n] = co_await tcp_layer.async_read_some(asio::buffer(scratch), kNoThrow);
      if (ec) break;
      total += n;
    }
  }

  // Answers a request the server refuses itself, in the format of the API under `target`, then
  // closes the connection (the client may still be sending).
  template <typename Stream>
  asio::awaitable<void> Refuse(Stream& stream, int status, StatusCode code, std::string message,
                               std::string_view target) {
    Response err = router->error_formatter()(status, code, message, target);
    if (status == 503) err.SetHeader("Retry-After", "1");
    co_await Write(stream, std::move(err), 11, false);
    co_await Drain(stream);
  }

  // Serves requests on `stream` (owned by `conn`) until the client leaves or the server stops.
  template <typename Stream>
  asio::awaitable<void> Serve(std::shared_ptr<Connection> conn, Stream& stream) {
    Connection& c = *conn;
    auto& tcp_layer = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    while (!stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(options.max_header_bytes));
      parser.body_limit(options.max_body_bytes);
      c.busy = false;
      // Idle until the next request's first byte; from then on its headers have a short
      // deadline.
      if (buffer.size() == 0) {
        tcp_layer.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
        if (ec) break;  // closed between requests, timed out or cancelled
        buffer.commit(n);
      }
      c.busy = true;
      tcp_layer.expires_after(std::chrono::seconds(
          std::min(options.header_timeout_seconds, options.idle_timeout_seconds)));
      auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      if (hec) {
        if (auto refusal = ReadError(hec, options.max_body_bytes)) {
          co_await Refuse(stream, refusal->first, refusal->second.code(), refusal->second.message(),
                          parser.get().target());
        }
        break;
      }
      Request req = ToRequest(parser.get(), tcp_layer.socket());
      Admission admission = AdmitRequest(req);
      if (!admission.refusal && c.reserved && !admission.authenticated) {
        co_await Refuse(stream, 503, StatusCode::kUnavailable,
                        "the node is at its connection limit; only authenticated requests are "
                        "served now, try again shortly",
                        req.path);
        break;
      }
      if (admission.refusal) {
        // The body (if any) is never read: answer, then close.
        co_await Write(stream, std::move(*admission.refusal), parser.get().version(), false);
        co_await Drain(stream);
        break;
      }
      const size_t body_limit = admission.max_body_bytes > 0
                                    ? std::min(admission.max_body_bytes, options.max_body_bytes)
                                    : options.max_body_bytes;
      parser.body_limit(body_limit);
      if (!parser.is_done() && beast::iequals(req.Header("Expect"), "100-continue")) {
        // The client waits for this before it sends the body (curl does, for large uploads):
        // only an admitted request gets it, so a refused upload is never sent at all.
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [cec, cn] = co_await asio::async_write(
            stream, asio::buffer(kContinue.data(), kContinue.size()), kNoThrow);
        if (cec) break;
      }
      if (!parser.is_done()) {
        tcp_layer.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
        auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
        if (bec) {
          if (auto refusal = ReadError(bec, body_limit)) {
            co_await Refuse(stream, refusal->first, refusal->second.code(),
                            refusal->second.message(), req.path);
          }
          break;
        }
      }
      auto& msg = parser.get();
      req.body = std::move(msg.body());
      Response resp;
      if (!admission.expensive) {
        resp = Dispatch(req);
      } else if (expensive_waiting.fetch_add(1) >= options.max_queued_expensive) {
        --expensive_waiting;
        resp = router->error_formatter()(503, StatusCode::kUnavailable,
                                         "the node is busy with other heavy requests; try again "
                                         "shortly",
                                         req.path);
        resp.SetHeader("Retry-After", "1");
      } else {
        resp = co_await asio::co_spawn(workers, DispatchOnWorker(req), asio::use_awaitable);
        --expensive_waiting;
      }
      bool keep_alive = msg.keep_alive() && !stopping;
      co_await Write(stream, std::move(resp), msg.version(), keep_alive);
      if (!keep_alive) break;
    }
    boost::system::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_layer.socket().close(ignored);
    Unregister(conn);
  }

  // What to answer for a read that failed: nothing when the client left, timed out or the
  // server is stopping.
  static std::optional<std::pair<int, Status>> ReadError(const boost::system::error_code& ec,
                                                         size_t body_limit) {
    if (ec == bhttp::error::body_limit) {
      return std::pair{413, Status(StatusCode::kTooLarge, "request body exceeds the limit of " +
                                                              std::to_string(body_limit) +
                                                              " bytes for this resource")};
    }
    if (ec == bhttp::error::header_limit) {
      return std::pair{431, Status(StatusCode::kTooLarge, "request headers are too large")};
    }
    if (ec == bhttp::error::partial_message) {
      return std::pair{400, Status(StatusCode::kInvalidArgument,
                                   "the request was truncated (the connection ended inside it)")};
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream) {
      return std::pair{
          400, Status(StatusCode::kInvalidArgument, "malformed HTTP request: " + ec.message())};
    }
    return std::nullopt;
  }

  void BeginStop() {
    if (stopping.exchange(true)) return;
    asio::post(ioc, [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      MutexLock lock(mu);
      // Idle connections are closed; busy ones finish their response and then exit.
      for (const auto& conn : live) conn->CloseIfIdle();
    });
  }
};

Server::Server(ServerOptions options, const Router* router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

Status Server::Start() {
  auto ep = ParseListen(impl_->options.listen);
  if (!ep.ok()) return ep.status();
  const ServerOptions& o = impl_->options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
      return Status::InvalidArgument("HTTPS needs both --tls-cert and --tls-key");
    }
    asio::ssl::context ctx(asio::ssl::context::tls_server);
    // TLS 1.2 and newer only.
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(o.tls_cert_file, ec);
    if (ec) return Status::InvalidArgument("--tls-cert " + o.tls_cert_file + ": " + ec.message());
    ctx.use_private_key_file(o.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) return Status::InvalidArgument("--tls-key " + o.tls_key_file + ": " + ec.message());
    impl_->tls.emplace(std::move(ctx));
  }
  boost::system::error_code ec;
  auto& a = impl_->acceptor;
  a.open(ep->protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(*ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Internal("cannot listen on " + impl_->options.listen + ": " + ec.message());
  }
  return Status::Ok();
}

uint16_t Server::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Run(bool handle_signals) {
  Impl& impl = *impl_;
  if (handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](const boost::system::error_code& ec, int) {
      if (!ec) impl.BeginStop();
    });
  }
  asio::co_spawn(impl.ioc, impl.Accept(), asio::detached);
  std::vector<std::thread> workers;
  for (int i = 1; i < impl.threads; ++i) workers.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& t : workers) t.join();
}

void Server::Stop() { impl_->BeginStop(); }

}  // namespace concord::http
