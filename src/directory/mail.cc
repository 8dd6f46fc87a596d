#include "directory/mail.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "common/strings.h"
#include "common/uuid.h"

namespace concord::directory {
namespace {

class Connection {
 public:
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }
  Status Open(const std::string& relay, int timeout_seconds) {
    const size_t colon = relay.rfind(':');
    if (colon == std::string::npos) {
      return Status::InvalidArgument("SMTP relay '" + relay + "': expected host:port");
    }
    std::string host = relay.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), relay.substr(colon + 1).c_str(), &hints, &found) != 0) {
      return Status::NotFound("SMTP relay '" + relay + "': cannot resolve " + host);
    }
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
      fd_ = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
      if (fd_ < 0) continue;
      timeval tv{timeout_seconds, 0};
      setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      if (connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
        close(fd_);
        fd_ = -1;
      }
    }
    freeaddrinfo(found);
    if (fd_ < 0) {
      return Status::Unsupported("SMTP relay '" + relay +
                                 "': cannot connect: " + std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Write(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return Status::Unsupported("SMTP: connection lost while sending");
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }
  // One reply (all its lines); checks its code's first digit.
  Status Expect(char first_digit, const char* step) {
    std::string reply;
    for (;;) {
      const size_t eol = buffer_.find("\r\n");
      if (eol == std::string::npos) {
        char chunk[1024];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return Status::Unsupported(std::string("SMTP: no reply to ") + step);
        buffer_.append(chunk, static_cast<size_t>(n));
        if (buffer_.size() > 65536) return Status::Unsupported("SMTP: reply too long");
        continue;
      }
      std::string line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 2);
      reply += (reply.empty() ? "" : " | ") + line;
      if (line.size() < 4 || line[3] != '-') break;  // "250 ok" ends; "250-..." continues
    }
    if (reply.empty() || reply[0] != first_digit) {
      return Status::Unsupported(std::string("SMTP: ") + step + " refused: " + reply);
    }
    return Status::Ok();
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

// Header values are one line: a CR or LF would start a new header (header injection).
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

std::string DateHeader() {
  char buf[64];
  const time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

Status SmtpTransport::Send(const MailMessage& m) {
  for (const std::string* address : {&m.from, &m.to}) {
    if (address->find_first_of("<>\r\n ") != std::string::npos ||
        address->find('@') == std::string::npos) {
      return Status::InvalidArgument("SMTP: '" + *address + "' is not a plain address");
    }
  }
  Connection c;
  CONCORD_RETURN_IF_ERROR(c.Open(relay_, timeout_seconds_));
  CONCORD_RETURN_IF_ERROR(c.Expect('2', "the greeting"));
  CONCORD_RETURN_IF_ERROR(c.Write("EHLO " + helo_ + "\r\n"));
  CONCORD_RETURN_IF_ERROR(c.Expect('2', "EHLO"));
  CONCORD_RETURN_IF_ERROR(c.Write("MAIL FROM:<" + m.from + ">\r\n"));
  CONCORD_RETURN_IF_ERROR(c.Expect('2', "MAIL FROM"));
  CONCORD_RETURN_IF_ERROR(c.Write("RCPT TO:<" + m.to + ">\r\n"));
  CONCORD_RETURN_IF_ERROR(c.Expect('2', "RCPT TO"));
  CONCORD_RETURN_IF_ERROR(c.Write("DATA\r\n"));
  CONCORD_RETURN_IF_ERROR(c.Expect('3', "DATA"));
  std::string data = "From: " + m.from + "\r\nTo: " + m.to + "\r\nSubject: " + OneLine(m.subject) +
                     "\r\nDate: " + DateHeader() + "\r\nMessage-ID: <" + UuidV4() + "@" + helo_ +
                     ">\r\nMIME-Version: 1.0\r\nContent-Type: " + OneLine(m.content_type) +
                     "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  for (const std::string& line : Split(m.body, '\n', false)) {
    if (!line.empty() && line[0] == '.') data.push_back('.');  // RFC 5321 §4.5.2
    data += line;
    data += "\r\n";
  }
  data += ".\r\n";
  CONCORD_RETURN_IF_ERROR(c.Write(data));
  CONCORD_RETURN_IF_ERROR(c.Expect('2', "the message"));
  CONCORD_RETURN_IF_ERROR(c.Write("QUIT\r\n"));
  return Status::Ok();  // the message is accepted; a missing 221 does not matter
}

}  // namespace concord::directory
