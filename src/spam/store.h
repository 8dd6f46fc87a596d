#pragma once
// The spam module's store: the reports with the sources found in each, manual listings and
// delistings, and the configured DNSBL zones. Found with db.Get<spam::SpamStore>(); on SQLite
// in sqlite_store.cc. Thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace concord::spam {

struct SpamReportRow {
  int64_t id = 0;
  std::string fingerprint;    // SHA-256 hex of the reporter and the reported message
  std::string format;         // "arf", "x-arf-0.2", "x-arf-4", "plain"
  std::string feedback_type;  // "abuse", "fraud", "not-spam", "auth-failure", ...
  std::string reporter;       // who reported it (the report's author)
  std::string submitter;      // who gave it to this node ("cli:<user>", "api:<user>@<org>")
  Micros reported_at = 0;     // when the spam arrived, as far as the report says
  Micros received_at = 0;     // when this node stored the report
  std::string source_ip;      // "" when unknown
  std::string sender_domain;  // "" when unknown
  std::string summary;        // JSON object: subject, urls, domains, warnings, fields
  std::string raw;            // the message as received, at most the configured size
  int64_t raw_size = 0;       // the size of the whole message
};

// A source a report names: kind "ip", "network" (/24 or /64), "domain" (sender) or
// "url-host"; key in canonical form.
struct SpamSource {
  std::string kind, key;
};

// One (source, report) pair with what reputation needs, ordered by kind and key.
struct SpamObservation {
  std::string_view kind, key, reporter;
  Micros reported_at;
  int64_t report_id;
};

// A manual entry of a DNSBL zone: a listing, or a delisting that overrides computed data.
struct DnsListing {
  int64_t id = 0;
  std::string zone;   // the zone's origin
  std::string entry;  // an address, a CIDR network, a domain, or "*.domain" (its subdomains)
  bool delist = false;
  std::string code;    // the A answer ("127.0.0.x"; "" for the default)
  std::string reason;  // the TXT answer ('$' is the queried address or name)
  std::string actor;
  Micros created = 0;
  Micros expires = 0;  // 0: never
};

struct DnsZoneConfig {
  std::string origin;  // lower case, no trailing dot
  std::string source;  // "spam", "indicators" or "manual"
  std::string config;  // JSON object (see spam/zones.h)
};

class SpamStore {
 public:
  virtual ~SpamStore() = default;
  // Stores a report and its sources unless a report with its fingerprint is already stored;
  // returns the report's id and whether it was new.
  virtual Result<std::pair<int64_t, bool>> AddReport(const SpamReportRow& report,
                                                     const std::vector<SpamSource>& sources) = 0;
  virtual Result<std::optional<SpamReportRow>> GetReport(int64_t id) const = 0;
  // Newest first, without `raw`; at most `limit` (0: all).
  virtual Result<std::vector<SpamReportRow>> ListReports(size_t limit) const = 0;
  virtual Status ScanObservations(const std::function<void(const SpamObservation&)>& fn) const = 0;

  virtual Result<int64_t> AddListing(const DnsListing& listing) = 0;
  virtual Status RemoveListing(int64_t id) = 0;  // NotFound when there is none
  // Of one zone ("": every zone), oldest first.
  virtual Result<std::vector<DnsListing>> ListListings(std::string_view zone) const = 0;

  virtual Status PutZone(const DnsZoneConfig& zone) = 0;   // adds or replaces
  virtual Status RemoveZone(std::string_view origin) = 0;  // NotFound when there is none
  virtual Result<std::vector<DnsZoneConfig>> ListZones() const = 0;
};

}  // namespace concord::spam
