#pragma once
// A minimal SMTP server on loopback for tests: accepts every message (or refuses recipients in
// `refuse`) and keeps what it received. Speaks enough RFC 5321 for a real client: greeting,
// EHLO/HELO, MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP, QUIT.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace concord::testing {

class SmtpSink {
 public:
  struct Message {
    std::string from, to, data;
  };

  explicit SmtpSink(std::set<std::string> refuse = {}) : refuse_(std::move(refuse)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listener_, 16);
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<Message> messages() const {
    std::lock_guard<std::mutex> g(mu_);
    return messages_;
  }

 private:
  void Serve() {
    for (;;) {
      const int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      Session(fd);
      close(fd);
    }
  }
  static void Send(int fd, const std::string& s) {
    (void)send(fd, s.data(), s.size(), MSG_NOSIGNAL);
  }
  // One CRLF-terminated line, or false at end of stream.
  bool ReadLine(int fd, std::string* line) {
    for (;;) {
      const size_t eol = buffer_.find("\r\n");
      if (eol != std::string::npos) {
        *line = buffer_.substr(0, eol);
        buffer_.erase(0, eol + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  void Session(int fd) {
    buffer_.clear();
    Message m;
    Send(fd, "220 sink.test ESMTP\r\n");
    std::string line;
    while (ReadLine(fd, &line)) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        Send(fd, "250-sink.test\r\n250 8BITMIME\r\n");
      } else if (line.rfind("MAIL FROM:<", 0) == 0) {
        m.from = line.substr(11, line.find('>') - 11);
        Send(fd, "250 ok\r\n");
      } else if (line.rfind("RCPT TO:<", 0) == 0) {
        m.to = line.substr(9, line.find('>') - 9);
        Send(fd, refuse_.count(m.to) ? "550 no such mailbox\r\n" : "250 ok\r\n");
      } else if (verb == "DATA") {
        Send(fd, "354 go on\r\n");
        std::string data;
        while (ReadLine(fd, &line) && line != ".") {
          data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\n";
        }
        m.data = data;
        {
          std::lock_guard<std::mutex> g(mu_);
          messages_.push_back(m);
        }
        Send(fd, "250 queued\r\n");
      } else if (verb == "QUIT") {
        Send(fd, "221 bye\r\n");
        return;
      } else {
        Send(fd, "250 ok\r\n");
      }
    }
  }

  std::set<std::string> refuse_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string buffer_;
  mutable std::mutex mu_;
  std::vector<Message> messages_;
};

}  // namespace concord::testing
