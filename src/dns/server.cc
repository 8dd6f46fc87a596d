#include "dns/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace concord::dns {
namespace {

constexpr size_t kBatch = 32;
constexpr size_t kUdpIn = kMaxUdpPayload;
constexpr size_t kUdpOut = kMaxUdpPayload + kOptSize;
constexpr size_t kTcpOut = 65535;
constexpr size_t kMaxPendingOutput = 1 << 20;  // per TCP connection

Result<sockaddr_storage> Resolve(const std::string& listen, socklen_t* length) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("--dns " + listen + ": expected host:port");
  }
  std::string host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  hints.ai_family = AF_UNSPEC;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return Status::InvalidArgument("--dns " + listen +
                                   ": expected a numeric address and port, e.g. 127.0.0.1:5353");
  }
  sockaddr_storage addr{};
  std::memcpy(&addr, found->ai_addr, found->ai_addrlen);
  *length = found->ai_addrlen;
  freeaddrinfo(found);
  return addr;
}

Result<int> Bind(const sockaddr_storage& addr, socklen_t length, int type, uint16_t port) {
  const int fd = socket(addr.ss_family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Internal(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage at = addr;
  if (port != 0) {  // TCP takes the port UDP was given (when it was 0: picked by the kernel)
    if (at.ss_family == AF_INET) reinterpret_cast<sockaddr_in*>(&at)->sin_port = htons(port);
    if (at.ss_family == AF_INET6) reinterpret_cast<sockaddr_in6*>(&at)->sin6_port = htons(port);
  }
  if (bind(fd, reinterpret_cast<const sockaddr*>(&at), length) != 0) {
    const int err = errno;
    close(fd);
    return Status::Internal(std::string("cannot listen for DNS: ") + std::strerror(err));
  }
  return fd;
}

uint16_t PortOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
}

uint16_t PortOf(int fd) {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  return PortOf(addr);
}

}  // namespace

DnsServer::DnsServer(DnsServerOptions options) : options_(std::move(options)) {
  zones_.store(std::make_shared<const ZoneSet>());
}

DnsServer::~DnsServer() { Stop(); }

Status DnsServer::Start() {
  socklen_t length = 0;
  auto addr = Resolve(options_.listen, &length);
  if (!addr.ok()) return addr.status();
  // Port 0 asks the kernel for a UDP port, and TCP must then take the same number, which a
  // TCP socket elsewhere on the machine may already hold: try other UDP ports a few times.
  const bool any_port = PortOf(*addr) == 0;
  for (int attempt = 0;; ++attempt) {
    auto udp = Bind(*addr, length, SOCK_DGRAM, 0);
    if (!udp.ok()) return udp.status();
    const uint16_t port = PortOf(*udp);
    auto tcp = Bind(*addr, length, SOCK_STREAM | SOCK_NONBLOCK, port);
    if (tcp.ok()) {
      udp_fd_ = *udp;
      tcp_fd_ = *tcp;
      port_ = port;
      break;
    }
    close(*udp);
    if (!any_port || attempt == 20) return tcp.status();
  }
  if (listen(tcp_fd_, 128) != 0) return Status::Internal(std::string("listen: ") + strerror(errno));
  // Readers wake up this often to notice Stop().
  timeval tick{0, 200'000};
  setsockopt(udp_fd_, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
  const int buffer = 4 << 20;  // absorbs bursts while a thread is busy
  setsockopt(udp_fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  setsockopt(udp_fd_, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
  int threads = options_.udp_threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ServeUdp(); });
  threads_.emplace_back([this] { ServeTcp(); });
  return Status::Ok();
}

void DnsServer::Stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  if (udp_fd_ >= 0) close(udp_fd_);
  if (tcp_fd_ >= 0) close(tcp_fd_);
  udp_fd_ = tcp_fd_ = -1;
}

void DnsServer::ServeUdp() {
  // Per thread: a batch of datagrams in, a batch of answers out.
  auto in = std::make_unique<std::array<std::array<uint8_t, kUdpIn>, kBatch>>();
  auto out = std::make_unique<std::array<std::array<uint8_t, kUdpOut>, kBatch>>();
  std::array<sockaddr_storage, kBatch> peers{};
  std::array<iovec, kBatch> in_iov{}, out_iov{};
  std::array<mmsghdr, kBatch> received{}, replies{};
  while (!stop_) {
    for (size_t i = 0; i < kBatch; ++i) {
      in_iov[i] = {(*in)[i].data(), kUdpIn};
      received[i].msg_hdr = {};
      received[i].msg_hdr.msg_name = &peers[i];
      received[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      received[i].msg_hdr.msg_iov = &in_iov[i];
      received[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = recvmmsg(udp_fd_, received.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) continue;  // the timeout tick (EAGAIN), EINTR, or a transient error
    const std::shared_ptr<const ZoneSet> zones = zones_.load();
    unsigned count = 0;
    for (int i = 0; i < n; ++i) {
      const size_t size = HandlePacket(*zones, (*in)[i].data(), received[i].msg_len,
                                       (*out)[count].data(), kUdpOut, false);
      if (size == 0) {
        stats_.dropped.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      out_iov[count] = {(*out)[count].data(), size};
      replies[count].msg_hdr = {};
      replies[count].msg_hdr.msg_name = &peers[i];
      replies[count].msg_hdr.msg_namelen = received[i].msg_hdr.msg_namelen;
      replies[count].msg_hdr.msg_iov = &out_iov[count];
      replies[count].msg_hdr.msg_iovlen = 1;
      ++count;
    }
    stats_.udp_queries.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
    for (unsigned sent = 0; sent < count;) {
      const int r = sendmmsg(udp_fd_, replies.data() + sent, count - sent, 0);
      if (r <= 0) {
        if (errno == EINTR) continue;
        ++sent;  // e.g. an unreachable peer: skip that one answer, keep the others
        continue;
      }
      sent += static_cast<unsigned>(r);
    }
  }
}

void DnsServer::ServeTcp() {
  struct Connection {
    int fd;
    std::string in, out;
    std::chrono::steady_clock::time_point last;
  };
  std::vector<Connection> connections;
  std::vector<pollfd> fds;
  auto response = std::make_unique<std::array<uint8_t, kTcpOut + kOptSize>>();
  const auto idle = std::chrono::seconds(options_.tcp_idle_seconds);
  while (!stop_) {
    fds.assign(1, pollfd{tcp_fd_, POLLIN, 0});
    for (const Connection& c : connections) {
      // A client that does not read its answers is not read from until it catches up.
      const short in = c.out.size() < kMaxPendingOutput ? POLLIN : 0;
      fds.push_back({c.fd, static_cast<short>(in | (c.out.empty() ? 0 : POLLOUT)), 0});
    }
    if (poll(fds.data(), fds.size(), 200) < 0) continue;
    const auto now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < connections.size(); ++i) {
      Connection& c = connections[i];
      const short events = fds[i + 1].revents;
      bool close_it = (events & (POLLERR | POLLNVAL)) != 0 || now - c.last > idle;
      if (!close_it && (events & (POLLIN | POLLHUP))) {
        char buffer[16384];
        const ssize_t got = read(c.fd, buffer, sizeof buffer);
        if (got > 0) {
          c.in.append(buffer, static_cast<size_t>(got));
          c.last = now;
        } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
          close_it = true;
        }
        // Every whole message: two octets of length, then the query (RFC 1035 §4.2.2).
        while (c.in.size() >= 2) {
          const size_t length = static_cast<uint8_t>(c.in[0]) << 8 | static_cast<uint8_t>(c.in[1]);
          if (c.in.size() < 2 + length) break;
          const size_t size =
              HandlePacket(*zones_.load(), reinterpret_cast<const uint8_t*>(c.in.data() + 2),
                           length, response->data(), response->size(), true);
          stats_.tcp_queries.fetch_add(1, std::memory_order_relaxed);
          c.in.erase(0, 2 + length);
          if (size == 0) {
            stats_.dropped.fetch_add(1, std::memory_order_relaxed);
            continue;
          }
          c.out.push_back(static_cast<char>(size >> 8));
          c.out.push_back(static_cast<char>(size & 0xFF));
          c.out.append(reinterpret_cast<const char*>(response->data()), size);
        }
      }
      if (!close_it && !c.out.empty()) {
        const ssize_t sent = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (sent > 0) {
          c.out.erase(0, static_cast<size_t>(sent));
        } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
          close_it = true;
        }
      }
      if (close_it) {
        close(c.fd);
        c.fd = -1;
      }
    }
    std::erase_if(connections, [](const Connection& c) { return c.fd < 0; });
    if (fds[0].revents & POLLIN) {
      while (true) {
        const int fd = accept4(tcp_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        if (connections.size() >= options_.max_tcp_connections) {
          close(fd);
          continue;
        }
        connections.push_back({fd, {}, {}, now});
      }
    }
  }
  for (const Connection& c : connections) close(c.fd);
}

}  // namespace concord::dns
