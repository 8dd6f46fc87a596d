#pragma once
// Paging TAXII (or any set of pages) with concurrent keep-alive HTTP/1.1 clients, timing every
// page: the client side of bench/taxii and bench/postgres.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace concord::bench {

using Clock = std::chrono::steady_clock;

// A keep-alive HTTP/1.1 client reading Content-Length framed responses.
class Client {
 public:
  explicit Client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fd_ = -1;
  }
  ~Client() {
    if (fd_ >= 0) close(fd_);
  }
  // Returns the status; the body in *body.
  int Get(const std::string& target, const std::string& headers, std::string* body) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
    if (send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
      return -1;
    size_t header_end;
    while ((header_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return -1;
    }
    int status = std::atoi(buf_.c_str() + 9);
    size_t cl = buf_.find("Content-Length:");
    if (cl == std::string::npos || cl > header_end) cl = buf_.find("content-length:");
    size_t length = cl < header_end ? std::strtoul(buf_.c_str() + cl + 15, nullptr, 10) : 0;
    while (buf_.size() < header_end + 4 + length) {
      if (!Fill()) return -1;
    }
    body->assign(buf_, header_end + 4, length);
    buf_.erase(0, header_end + 4 + length);
    return status;
  }

 private:
  bool Fill() {
    char tmp[1 << 16];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, n);
    return true;
  }
  int fd_;
  std::string buf_;
};

struct PagingRun {
  double seconds = 0;
  size_t objects = 0, pages = 0;
  std::vector<double> latencies_ms;
  bool ok = true;
};

inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

inline std::string Field(const std::string& body, const std::string& key) {
  size_t at = body.find("\"" + key + "\":\"");
  if (at == std::string::npos) return "";
  at += key.size() + 4;
  return body.substr(at, body.find('"', at) - at);
}

inline size_t CountObjects(const std::string& page) {
  // Every indicator starts with {"type":"indicator" in its canonical JSON.
  size_t n = 0;
  for (size_t at = page.find("{\"type\":\"indicator\""); at != std::string::npos;
       at = page.find("{\"type\":\"indicator\"", at + 1)) {
    ++n;
  }
  return n;
}

// `next_target(i, previous_body)` gives the target of page i, or "" when done.
template <typename NextTarget>
PagingRun Measure(int port, int clients, const std::string& headers, NextTarget next_target) {
  PagingRun total;
  std::vector<PagingRun> per(clients);
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      Client client(port);
      std::string body, target = next_target(0, std::string());
      for (size_t i = 0; !target.empty(); ++i) {
        auto t0 = Clock::now();
        int status = client.Get(target, headers, &body);
        per[c].latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (status != 200) {
          per[c].ok = false;
          return;
        }
        per[c].objects += CountObjects(body);
        ++per[c].pages;
        target = next_target(i + 1, body);
      }
    });
  }
  for (auto& t : threads) t.join();
  total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& r : per) {
    total.objects += r.objects;
    total.pages += r.pages;
    total.ok = total.ok && r.ok;
    total.latencies_ms.insert(total.latencies_ms.end(), r.latencies_ms.begin(),
                              r.latencies_ms.end());
  }
  return total;
}

// The target of page i of a TAXII collection's objects (`base` holds ?limit=), following
// `next` while the previous page says more; "" at the end.
inline std::string NextTaxiiPage(const std::string& base, size_t i, const std::string& prev) {
  if (i == 0) return base;
  if (prev.find("\"more\":true") == std::string::npos) return "";
  return base + "&next=" + Field(prev, "next");
}

}  // namespace concord::bench
