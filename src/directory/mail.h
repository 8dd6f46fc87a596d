#pragma once
// Sending mail: an interface (tests and other transports plug in) and the SMTP implementation
// that hands messages to a relay (RFC 5321: EHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing,
// QUIT) over plain TCP. Relays that need STARTTLS or AUTH are reached through a local MTA
// (Postfix, exim) that does, which is how servers usually send.

#include <string>

#include "common/status.h"

namespace concord::directory {

struct MailMessage {
  std::string from, to, subject, body;  // body: UTF-8 text, '\n' line ends
  // The body's MIME type: plain text, or a multipart whose parts the body holds (PGP/MIME).
  std::string content_type = "text/plain; charset=utf-8";
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual Status Send(const MailMessage& message) = 0;
};

class SmtpTransport : public MailTransport {
 public:
  // `relay` is "host:port"; `helo` the name to greet with.
  explicit SmtpTransport(std::string relay, std::string helo = "concord.localdomain",
                         int timeout_seconds = 30)
      : relay_(std::move(relay)), helo_(std::move(helo)), timeout_seconds_(timeout_seconds) {}
  Status Send(const MailMessage& message) override;

 private:
  std::string relay_, helo_;
  int timeout_seconds_;
};

}  // namespace concord::directory
