#pragma once
// A scripted HTTP/1.1 server on a loopback port, for peers that are not Concord: a plain TAXII
// 2.1 server, or one that misbehaves (wrong media type, a page that never ends, a peer that
// lies about `more`). Each request is answered by the handler, one connection at a time, and
// the connection is closed after the answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace concord::testing {

class FakeServer {
 public:
  struct Reply {
    int status = 200;
    std::string content_type = "application/taxii+json;version=2.1";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    size_t filler_bytes = 0;  // > 0: send this many bytes of JSON-ish filler instead of body
  };
  using Handler = std::function<Reply(const std::string& method, const std::string& target,
                                      const std::string& body)>;

  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~FakeServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    close(listener_);
  }
  int port() const { return port_; }
  // The request line and headers of every request served, in order.
  std::vector<std::string> heads() const {
    std::lock_guard<std::mutex> lock(heads_mu_);
    return heads_;
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      Serve(fd);
      close(fd);
    }
  }

  static bool SendAll(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  void Serve(int fd) {
    std::string in;
    char buf[65536];
    size_t header_end;
    while ((header_end = in.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return;
      in.append(buf, static_cast<size_t>(n));
    }
    size_t length = 0;
    for (const char* name : {"Content-Length: ", "content-length: "}) {
      const size_t p = in.find(name);
      if (p != std::string::npos && p < header_end) length = std::stoul(in.substr(p + 16));
    }
    while (in.size() < header_end + 4 + length) {
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return;
      in.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard<std::mutex> lock(heads_mu_);
      heads_.push_back(in.substr(0, header_end));
    }
    const size_t sp1 = in.find(' '), sp2 = in.find(' ', sp1 + 1);
    const Reply r = handler_(in.substr(0, sp1), in.substr(sp1 + 1, sp2 - sp1 - 1),
                             in.substr(header_end + 4, length));
    const size_t size = r.filler_bytes ? r.filler_bytes : r.body.size();
    std::string head = "HTTP/1.1 " + std::to_string(r.status) +
                       " X\r\nContent-Type: " + r.content_type +
                       "\r\nContent-Length: " + std::to_string(size) + "\r\nConnection: close\r\n";
    for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
    if (!SendAll(fd, head + "\r\n")) return;
    if (!r.filler_bytes) {
      SendAll(fd, r.body);
      return;
    }
    const std::string chunk(1 << 20, ' ');
    for (size_t sent = 0; sent < size && !stop_; sent += chunk.size()) {
      if (!SendAll(fd, std::string_view(chunk).substr(0, std::min(chunk.size(), size - sent)))) {
        return;  // the client gave up, as it should
      }
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  mutable std::mutex heads_mu_;
  std::vector<std::string> heads_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace concord::testing
