#pragma once
// Taking reports in: read (spam/report.h), fingerprint, and store each with the sources it
// names. The same message reported twice by the same reporter is stored once; the same
// message from two reporters is two reports (that is what reputation counts). Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "spam/report.h"
#include "spam/store.h"
#include "store/database.h"

namespace concord::spam {

// The largest report taken in (by file or API): 8 MiB.
inline constexpr size_t kMaxReportBytes = 8u << 20;

struct IntakeOptions {
  ReportOptions report;
  std::string submitter;              // "cli:<user>" or "api:<user>@<organisation>"
  size_t max_raw_bytes = 256u << 10;  // of each message kept verbatim (longer: cut)
  // A report larger than this is refused (a spam report is one message, not a log file).
  size_t max_report_bytes = kMaxReportBytes;
  // When set, the reporter reputation counts, whatever the report says. A user of another
  // organisation submits as that organisation ("org:PARTNER-CERT"): however many reporters
  // its reports name, they count as one, so one partner cannot list an address by itself.
  std::string reporter;
  Micros now = 0;  // when received
};

struct IntakeResult {
  int64_t id = 0;
  bool added = false;  // false: a duplicate of report `id`
  SpamReport report;
};

Result<IntakeResult> Submit(spam::SpamStore& store, std::string_view raw,
                            const IntakeOptions& options);

// The sources a report names, in canonical form: ip, network (/24 or /64), domain (sender),
// url-host. A not-spam report names none (it is kept, but does not count against anyone).
std::vector<spam::SpamSource> SourcesOf(const SpamReport& report);

// The messages in a file or directory: a maildir (cur/ and new/), a directory of messages, an
// mbox (starts with "From "), or one message. `name` labels each ("file", "file#3", path).
Status ReadMessages(const std::string& path,
                    const std::function<void(const std::string& name, std::string text)>& fn);

// Reads "--trusted-relay"-style networks (CIDR or address), e.g. from the settings.
Result<std::vector<std::pair<Ip128, int>>> ParseNetworks(const std::vector<std::string>& texts);

// Settings key: the trusted relays, comma-separated.
inline constexpr std::string_view kTrustedRelaysSetting = "spam.trusted_relays";
// Reads it into `options`.
Status LoadTrustedRelays(store::SettingsStore& settings, ReportOptions* options);

}  // namespace concord::spam
