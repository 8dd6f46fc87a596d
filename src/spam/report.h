#pragma once
// Abuse reports about spam, read into one shape whatever their format:
//  - ARF (RFC 5965 multipart/report; report-type=feedback-report) with the RFC 6430 not-spam
//    and RFC 6591 auth-failure feedback types and RFC 6692's Source-Port;
//  - X-ARF 0.2 (a mail with "X-ARF: YES" and a YAML report part) and X-ARF 4 (JSON);
//  - plain spam: the message itself (.eml, or one message of an mbox or maildir), or a mail
//    that forwards it as a message/rfc822 attachment.
// From each: the source IP (a stated Source-IP/Source first, else the first untrusted hop of
// the Received chain), the sender domain, the URLs and their hosts in the text, the reporter
// and when the spam arrived. Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/net.h"
#include "common/status.h"
#include "common/time.h"

namespace concord::spam {

struct ReportOptions {
  // Relays whose Received headers are trusted (the receiving organisation's own MTAs), as
  // (network, length over 128 bits). Private, loopback and link-local addresses always are.
  std::vector<std::pair<Ip128, int>> trusted_relays;
  // The reporter of a plain message that names none (its submitter).
  std::string default_reporter;
};

struct SpamReport {
  std::string format;         // "arf", "x-arf-0.2", "x-arf-4", "plain"
  std::string feedback_type;  // ARF Feedback-Type, X-ARF type ("spam"), "abuse" for plain
  std::string reporter;
  Micros reported_at = 0;            // 0: the report does not say
  std::string source_ip;             // canonical text, "" when none was found
  std::string source_found;          // where: "Source-IP", "Received", "X-ARF Source", ...
  std::string sender_domain;         // "" when none
  std::string subject;               // decoded
  std::string message_id;            // of the reported message
  std::vector<std::string> urls;     // normalised, first 1,000
  std::vector<std::string> domains;  // URL hosts and reported domains, normalised
  std::vector<std::pair<std::string, std::string>> fields;  // the report's own fields
  std::vector<std::string> warnings;
  // What identifies the reported message (with the reporter: the deduplication key).
  std::string identity;
};

// Reads one report; an error names the part and field that make it unreadable.
Result<SpamReport> ParseReport(std::string_view raw, const ReportOptions& options);

// RFC 5322 date-time ("Tue, 1 Jul 2003 10:52:37 +0200", obsolete zone names included).
Result<Micros> ParseMailDate(std::string_view text);

}  // namespace concord::spam
