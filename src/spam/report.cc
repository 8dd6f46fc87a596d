#include "spam/report.h"

#include <algorithm>
#include <set>

#include "accounts/secrets.h"
#include "common/json.h"
#include "common/numbers.h"
#include "common/strings.h"
#include "match/observable.h"
#include "spam/mime.h"

namespace concord::spam {
namespace {

constexpr size_t kMaxUrls = 1000;

bool InNetwork(Ip128 ip, Ip128 network, int length) {
  if (length <= 0) return true;
  const Ip128 mask = length >= 128 ? ~Ip128{0} : ~Ip128{0} << (128 - length);
  return (ip & mask) == network;
}

// Addresses that never identify a sender on the Internet: private, loopback, link-local,
// shared (CGNAT), unique-local. A hop from one of them is inside the receiving network.
bool IsInternal(Ip128 ip) {
  static const std::pair<const char*, int> kNetworks[] = {
      {"10.0.0.0", 8},     {"172.16.0.0", 12}, {"192.168.0.0", 16}, {"127.0.0.0", 8},
      {"169.254.0.0", 16}, {"100.64.0.0", 10}, {"0.0.0.0", 8}};
  for (const auto& [text, length] : kNetworks) {
    uint32_t v4 = 0;
    ParseIpv4(text, &v4);
    if (InNetwork(ip, kIpv4MappedPrefix | v4, 96 + length)) return true;
  }
  const Ip128 top = ip >> 120;
  return ip == 1 || ip == 0 || (top & 0xFE) == 0xFC || (ip >> 118) == (Ip128{0xFE80} >> 6);
}

bool Trusted(Ip128 ip, const ReportOptions& options) {
  if (IsInternal(ip)) return true;
  for (const auto& [network, length] : options.trusted_relays) {
    if (InNetwork(ip, network, length)) return true;
  }
  return false;
}

// The connecting host's address in a Received header: the first bracketed (or parenthesised)
// address in its "from" clause ("from mx.example (mx.example [192.0.2.1]) by ...").
bool ReceivedFromIp(std::string_view received, Ip128* ip) {
  const std::string lower = AsciiLower(received);
  const size_t from = lower.find("from ");
  if (from == std::string::npos) return false;
  size_t by = lower.find(" by ", from);
  if (by == std::string::npos) by = lower.size();
  const std::string_view clause = std::string_view(received).substr(from, by - from);
  for (size_t i = 0; i < clause.size(); ++i) {
    if (clause[i] != '[' && clause[i] != '(') continue;
    size_t end = clause.find_first_of("])", i + 1);
    if (end == std::string_view::npos) break;
    std::string_view candidate = clause.substr(i + 1, end - i - 1);
    if (candidate.rfind("IPv6:", 0) == 0 || candidate.rfind("ipv6:", 0) == 0) {
      candidate.remove_prefix(5);
    }
    // "(helo=x [192.0.2.1])" style: look inside for the last bracketed token too.
    const size_t bracket = candidate.rfind('[');
    if (bracket != std::string_view::npos) candidate = candidate.substr(bracket + 1);
    if (ParseIp(TrimWhitespace(candidate), ip)) return true;
  }
  return false;
}

std::string DomainOfAddress(std::string_view address) {
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return "";
  std::string domain;
  if (!NormalizeDomain(TrimWhitespace(address.substr(at + 1)), &domain)) return "";
  return domain;
}

void AddUnique(std::vector<std::string>* list, std::string value) {
  if (!value.empty() && std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(std::move(value));
  }
}

// The host of a normalised URL ("scheme://host[:port]/...").
std::string HostOf(const std::string& url) {
  const size_t start = url.find("://");
  if (start == std::string::npos) return "";
  std::string_view rest = std::string_view(url).substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

void AddUrl(SpamReport* report, std::string_view text) {
  if (report->urls.size() >= kMaxUrls) return;
  std::string url;
  if (!match::NormalizeUrl(text, &url)) return;
  const std::string host = HostOf(url);
  AddUnique(&report->urls, url);
  Ip128 ip;
  if (!host.empty() && !ParseIp(host, &ip)) AddUnique(&report->domains, host);
}

// URLs in text or HTML: http(s)/ftp URLs and "www." names, up to a character that cannot be
// part of one in running text; trailing punctuation is dropped.
void ScanUrls(std::string_view text, SpamReport* report) {
  const std::string lower = AsciiLower(text);
  size_t pos = 0;
  while (pos < lower.size() && report->urls.size() < kMaxUrls) {
    size_t best = std::string::npos;
    for (const char* start : {"http://", "https://", "ftp://", "www."}) {
      const size_t at = lower.find(start, pos);
      if (at < best) best = at;
    }
    if (best == std::string::npos) break;
    // "www." inside a longer word ("fooWWW.x") or after "//" was found as part of a URL.
    if (lower.compare(best, 4, "www.") == 0 && best > 0 &&
        (std::isalnum(static_cast<unsigned char>(lower[best - 1])) || lower[best - 1] == '/' ||
         lower[best - 1] == '.')) {
      pos = best + 4;
      continue;
    }
    size_t end = best;
    while (end < text.size()) {
      const char c = text[end];
      if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' ||
          c == '`' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^') {
        break;
      }
      ++end;
    }
    std::string_view url = text.substr(best, end - best);
    while (!url.empty() &&
           std::string_view(".,;:!?)]").find(url.back()) != std::string_view::npos) {
      url.remove_suffix(1);
    }
    std::string cleaned(url);
    for (size_t amp = cleaned.find("&amp;"); amp != std::string::npos;
         amp = cleaned.find("&amp;", amp + 1)) {
      cleaned.replace(amp, 5, "&");
    }
    AddUrl(report, cleaned);
    pos = end > best ? end : best + 1;
  }
}

// Every text part of a message, nested messages included.
void ScanParts(const MimePart& part, SpamReport* report) {
  if (part.IsText()) ScanUrls(part.body, report);
  for (const MimePart& child : part.children) ScanParts(child, report);
  if (part.message) ScanParts(*part.message, report);
}

// What the reported message's headers and body say: sender domain, subject, Message-ID, date,
// the source from its Received chain, URLs.
void ReadOriginal(const MimePart& original, const ReportOptions& options, SpamReport* report) {
  report->message_id = TrimWhitespace(original.Header("Message-ID"));
  report->subject = DecodeWords(original.Header("Subject"));
  if (report->sender_domain.empty()) {
    std::string domain = DomainOfAddress(FirstAddress(original.Header("Return-Path")));
    if (domain.empty()) domain = DomainOfAddress(FirstAddress(original.Header("From")));
    report->sender_domain = domain;
  }
  if (report->reported_at == 0) {
    auto date = ParseMailDate(original.Header("Date"));
    if (date.ok()) report->reported_at = *date;
  }
  if (report->source_ip.empty()) {
    for (const std::string& received : original.Headers("Received")) {
      Ip128 ip;
      if (!ReceivedFromIp(received, &ip)) continue;
      if (Trusted(ip, options)) continue;
      report->source_ip = FormatIp(ip);
      report->source_found = "Received";
      break;
    }
  }
  ScanParts(original, report);
}

// The identity of a message without a Message-ID: a digest of its text with line ends made
// uniform, so the same message submitted twice (CRLF or LF) is recognised.
std::string DigestOf(std::string_view text) {
  std::string normal;
  normal.reserve(text.size());
  for (char c : text) {
    if (c != '\r') normal.push_back(c);
  }
  return "sha256:" + accounts::Sha256Hex(TrimWhitespace(normal));
}

void SetSourceIp(SpamReport* report, std::string_view text, const std::string& field) {
  Ip128 ip;
  if (ParseIp(TrimWhitespace(text), &ip)) {
    report->source_ip = FormatIp(ip);
    report->source_found = field;
  } else {
    report->warnings.push_back(field + " \"" + std::string(text) +
                               "\" is not an IP address; the Received chain is used");
  }
}

bool IsIn(std::string_view value, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

// RFC 5965 §3.1 and the fields later RFCs added.
Result<SpamReport> ReadArf(const ParsedMessage& message, const ReportOptions& options) {
  SpamReport report;
  report.format = "arf";
  report.warnings = message.warnings;
  const MimePart& root = message.root;
  const MimePart* feedback = nullptr;
  const MimePart* original = nullptr;
  for (const MimePart& part : root.children) {
    if (part.media_type == "message/feedback-report" && !feedback) feedback = &part;
    if ((part.media_type == "message/rfc822" || part.media_type == "text/rfc822-headers" ||
         part.media_type == "message/global" || part.media_type == "message/rfc822-headers") &&
        !original) {
      original = &part;
    }
  }
  if (!feedback) {
    return Status::InvalidArgument(
        "multipart/report; report-type=feedback-report without a message/feedback-report part "
        "(RFC 5965 §2: it is the second part)");
  }
  size_t offset = 0;
  auto fields = ParseHeaders(feedback->body + "\n\n", &offset);
  if (!fields.ok()) {
    return fields.status().WithPrefix("part " + feedback->path + " (message/feedback-report)");
  }
  for (const HeaderField& f : *fields) report.fields.emplace_back(f.name, f.value);
  auto field = [&](std::string_view name) {
    for (const HeaderField& f : *fields) {
      if (AsciiLower(f.name) == AsciiLower(name)) return f.value;
    }
    return std::string();
  };
  for (const char* required : {"Feedback-Type", "User-Agent", "Version"}) {
    if (field(required).empty()) {
      return Status::InvalidArgument("part " + feedback->path +
                                     " (message/feedback-report): the required field " + required +
                                     " is missing (RFC 5965 §3.1)");
    }
  }
  report.feedback_type = AsciiLower(TrimWhitespace(field("Feedback-Type")));
  if (!IsIn(report.feedback_type,
            {"abuse", "fraud", "other", "virus", "not-spam", "auth-failure"})) {
    report.warnings.push_back("Feedback-Type \"" + report.feedback_type +
                              "\" is not registered; treated as \"other\" (RFC 5965 §7.3)");
  }
  if (TrimWhitespace(field("Version")) != "1") {
    report.warnings.push_back("Version is \"" + field("Version") + "\", RFC 5965 defines 1");
  }
  if (report.feedback_type == "auth-failure" && field("Auth-Failure").empty()) {
    return Status::InvalidArgument("part " + feedback->path +
                                   ": Feedback-Type auth-failure requires the Auth-Failure "
                                   "field (RFC 6591 §3.1)");
  }
  if (!field("Source-IP").empty()) SetSourceIp(&report, field("Source-IP"), "Source-IP");
  report.sender_domain = DomainOfAddress(FirstAddress(field("Original-Mail-From")));
  for (const char* date_field : {"Arrival-Date", "Received-Date"}) {
    if (report.reported_at != 0 || field(date_field).empty()) continue;
    auto date = ParseMailDate(field(date_field));
    if (date.ok()) {
      report.reported_at = *date;
    } else {
      report.warnings.push_back(std::string(date_field) + ": " + date.status().message());
    }
  }
  for (const HeaderField& f : *fields) {
    const std::string name = AsciiLower(f.name);
    if (name == "reported-uri") AddUrl(&report, f.value);
    if (name == "reported-domain") {
      std::string domain;
      if (NormalizeDomain(TrimWhitespace(f.value), &domain)) AddUnique(&report.domains, domain);
    }
  }
  report.reporter = FirstAddress(root.Header("From"));
  if (report.reporter.empty()) report.reporter = field("Reporting-MTA");
  if (report.reporter.empty()) report.reporter = options.default_reporter;
  if (original) {
    if (original->message) {
      ReadOriginal(*original->message, options, &report);
      report.identity = report.message_id.empty() ? DigestOf(original->body) : report.message_id;
    } else {
      // text/rfc822-headers: the header block only.
      MimePart headers_only;
      size_t body_offset = 0;
      auto headers = ParseHeaders(original->body, &body_offset);
      if (headers.ok()) {
        headers_only.headers = std::move(*headers);
        ReadOriginal(headers_only, options, &report);
      } else {
        report.warnings.push_back("part " + original->path + ": " + headers.status().message());
      }
      report.identity = report.message_id.empty() ? DigestOf(original->body) : report.message_id;
    }
  } else {
    report.warnings.push_back("no copy of the original message or its headers (RFC 5965 §2)");
  }
  if (report.identity.empty()) report.identity = DigestOf(feedback->body);
  return report;
}

// "Key: value" lines of an X-ARF 0.2 report part (a YAML mapping of scalars).
std::vector<std::pair<std::string, std::string>> ReadYamlMapping(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& raw_line : Split(text, '\n', true)) {
    std::string_view line = TrimWhitespace(raw_line);
    if (line.empty() || line[0] == '#' || line == "---") continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = TrimWhitespace(line.substr(colon + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(std::string(TrimWhitespace(line.substr(0, colon))), std::string(value));
  }
  return out;
}

Result<SpamReport> ReadXarf02(const ParsedMessage& message, const ReportOptions& options) {
  SpamReport report;
  report.format = "x-arf-0.2";
  report.warnings = message.warnings;
  const MimePart* yaml = nullptr;
  const MimePart* evidence = nullptr;
  for (const MimePart& part : message.root.children) {
    if (!yaml && part.IsText() && part.body.find("Report-Type:") != std::string::npos) {
      yaml = &part;
    } else if (yaml && !evidence) {
      evidence = &part;
    }
  }
  if (!yaml) {
    return Status::InvalidArgument(
        "X-ARF: YES, but no part holds the YAML report (the second part, with Report-Type)");
  }
  report.fields = ReadYamlMapping(yaml->body);
  auto field = [&](std::string_view name) {
    for (const auto& [k, v] : report.fields) {
      if (AsciiLower(k) == AsciiLower(name)) return v;
    }
    return std::string();
  };
  for (const char* required :
       {"Reported-From", "Category", "Report-Type", "Source", "Source-Type", "Date", "Version"}) {
    if (field(required).empty()) {
      return Status::InvalidArgument("part " + yaml->path + " (X-ARF report): the required " +
                                     "field " + required + " is missing");
    }
  }
  report.feedback_type = AsciiLower(field("Report-Type"));
  report.reporter = field("Reported-From");
  const std::string source_type = AsciiLower(field("Source-Type"));
  if (source_type == "ipv4" || source_type == "ipv6" || source_type == "ip-address") {
    SetSourceIp(&report, field("Source"), "X-ARF Source");
  } else {
    std::string domain;
    if (NormalizeDomain(field("Source"), &domain)) AddUnique(&report.domains, domain);
  }
  auto date = ParseMailDate(field("Date"));
  if (!date.ok()) date = ParseTimestamp(field("Date"));
  if (date.ok()) {
    report.reported_at = *date;
  } else {
    report.warnings.push_back("Date \"" + field("Date") + "\" is not a date");
  }
  const MimePart* original = evidence && evidence->message ? evidence->message.get() : nullptr;
  if (original) ReadOriginal(*original, options, &report);
  if (evidence && !original) ScanUrls(evidence->body, &report);
  report.identity = !field("Report-ID").empty()
                        ? "x-arf:" + field("Report-ID")
                        : (!report.message_id.empty() ? report.message_id : DigestOf(yaml->body));
  return report;
}

Result<SpamReport> ReadXarf4(std::string_view text, const ReportOptions& options) {
  json::Document doc;
  size_t offset = 0;
  Status st = doc.ParseAll(text, &offset);
  if (!st.ok()) {
    return Status::InvalidArgument("X-ARF 4 JSON at byte " + std::to_string(offset) + ": " +
                                   st.message());
  }
  const json::Value root = doc.root();
  if (!root.is_object()) return Status::InvalidArgument("X-ARF 4: the report is not an object");
  SpamReport report;
  report.format = "x-arf-4";
  auto text_of = [](json::Value v) { return v.is_string() ? v.str() : std::string(); };
  const std::string category =
      text_of(root["category"]).empty() ? text_of(root["class"]) : text_of(root["category"]);
  const std::pair<const char*, std::string> required[] = {
      {"xarf_version", text_of(root["xarf_version"])},
      {"report_id", text_of(root["report_id"])},
      {"category", category},
      {"type", text_of(root["type"])},
      {"timestamp", text_of(root["timestamp"])},
      {"source_identifier", text_of(root["source_identifier"])},
      {"reporter.contact", text_of(root["reporter"]["contact"])}};
  for (const auto& [name, value] : required) {
    if (value.empty()) {
      return Status::InvalidArgument(std::string("X-ARF 4: the required field ") + name +
                                     " is missing or not a string");
    }
    report.fields.emplace_back(name, value);
  }
  if (text_of(root["xarf_version"]).rfind("4", 0) != 0) {
    return Status::InvalidArgument("X-ARF 4: xarf_version \"" + text_of(root["xarf_version"]) +
                                   "\" is not 4.x");
  }
  report.feedback_type = AsciiLower(text_of(root["type"]));
  report.reporter = text_of(root["reporter"]["contact"]);
  auto when = ParseTimestamp(text_of(root["timestamp"]));
  if (when.ok()) {
    report.reported_at = *when;
  } else {
    report.warnings.push_back("timestamp: " + when.status().message());
  }
  const std::string source = text_of(root["source_identifier"]);
  Ip128 ip;
  std::string domain;
  if (ParseIp(source, &ip)) {
    SetSourceIp(&report, source, "X-ARF source_identifier");
  } else if (NormalizeDomain(source, &domain)) {
    AddUnique(&report.domains, domain);
  } else {
    report.warnings.push_back("source_identifier \"" + source + "\" is neither an IP nor a domain");
  }
  const json::Value evidence = root["evidence"];
  if (evidence.is_array()) {
    for (size_t i = 0; i < evidence.size(); ++i) {
      const json::Value item = evidence.at(i);
      const std::string type = AsciiLower(text_of(item["content_type"]));
      auto payload = Base64Decode(text_of(item["payload"]));
      if (!payload) {
        report.warnings.push_back("evidence " + std::to_string(i) + ": payload is not base64");
        continue;
      }
      if (type == "message/rfc822") {
        auto message = ParseMessage(*payload);
        if (message.ok()) {
          ReadOriginal(message->root, options, &report);
        } else {
          report.warnings.push_back("evidence " + std::to_string(i) + ": " +
                                    message.status().message());
        }
      } else if (type.rfind("text/", 0) == 0) {
        ScanUrls(*payload, &report);
      }
    }
  }
  report.identity = "x-arf:" + text_of(root["report_id"]);
  return report;
}

// A message that is the spam, or forwards it as an attachment.
SpamReport ReadPlain(const ParsedMessage& message, std::string_view raw,
                     const ReportOptions& options) {
  SpamReport report;
  report.format = "plain";
  report.feedback_type = "abuse";
  report.warnings = message.warnings;
  const MimePart* attached = nullptr;
  for (const MimePart& part : message.root.children) {
    if (part.message && !attached) attached = part.message.get();
  }
  if (attached) {
    report.reporter = FirstAddress(message.root.Header("From"));
    ReadOriginal(*attached, options, &report);
    report.identity = report.message_id.empty() ? DigestOf(attached->body) : report.message_id;
  } else {
    ReadOriginal(message.root, options, &report);
    report.identity = report.message_id.empty() ? DigestOf(raw) : report.message_id;
  }
  if (report.reporter.empty()) report.reporter = options.default_reporter;
  return report;
}

}  // namespace

Result<SpamReport> ParseReport(std::string_view raw, const ReportOptions& options) {
  const std::string_view trimmed = TrimWhitespace(raw);
  if (trimmed.empty()) return Status::InvalidArgument("the report is empty");
  if (trimmed.front() == '{') return ReadXarf4(trimmed, options);
  auto message = ParseMessage(raw);
  if (!message.ok()) return message.status().WithPrefix("malformed message");
  const MimePart& root = message->root;
  if (root.media_type == "multipart/report" &&
      AsciiLower(root.Param("report-type")) == "feedback-report") {
    return ReadArf(*message, options);
  }
  if (AsciiLower(TrimWhitespace(root.Header("X-ARF"))) == "yes") {
    return ReadXarf02(*message, options);
  }
  if (root.headers.empty()) {
    return Status::InvalidArgument("not a mail message: it has no header fields");
  }
  return ReadPlain(*message, raw, options);
}

Result<Micros> ParseMailDate(std::string_view text) {
  // [day-of-week ","] day month year hour ":" minute [":" second] zone
  std::string_view s = TrimWhitespace(text);
  const size_t comment = s.find('(');
  if (comment != std::string_view::npos) s = TrimWhitespace(s.substr(0, comment));
  const size_t comma = s.find(',');
  if (comma != std::string_view::npos) s = TrimWhitespace(s.substr(comma + 1));
  const std::vector<std::string> parts = Split(s, ' ', true);
  const auto bad = [&] {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" is not an RFC 5322 date (e.g. \"Tue, 1 Jul 2003 "
                                   "10:52:37 +0200\")");
  };
  if (parts.size() < 4) return bad();
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  unsigned month = 0;
  for (unsigned m = 0; m < 12; ++m) {
    if (AsciiLower(parts[1]).rfind(kMonths[m], 0) == 0) month = m + 1;
  }
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  const auto parsed_day = ParseInteger<int>(parts[0]);
  const auto parsed_year = ParseInteger<int>(parts[2]);
  if (!parsed_day || !parsed_year) return bad();
  day = *parsed_day;
  year = *parsed_year;
  if (month == 0 || day < 1 || day > 31) return bad();
  if (year < 50) year += 2000;  // obsolete two-digit years (RFC 5322 §4.3)
  if (year < 1000) year += 1900;
  if (year < 1900 || year > 9999) return bad();
  if (std::sscanf(parts[3].c_str(), "%d:%d:%d", &hour, &minute, &second) < 2 || hour > 23 ||
      minute > 59 || second > 60) {
    return bad();
  }
  int offset_minutes = 0;
  if (parts.size() > 4) {
    const std::string zone = AsciiLower(parts[4]);
    if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5 &&
        std::all_of(zone.begin() + 1, zone.end(), ::isdigit)) {
      const int hhmm = ParseInteger<int>(std::string_view(zone).substr(1)).value_or(0);
      offset_minutes = (hhmm / 100 * 60 + hhmm % 100) * (zone[0] == '-' ? -1 : 1);
    } else {
      static const std::pair<const char*, int> kZones[] = {
          {"ut", 0},     {"gmt", 0},    {"z", 0},      {"est", -300}, {"edt", -240}, {"cst", -360},
          {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}};
      for (const auto& [name, minutes] : kZones) {
        if (zone == name) offset_minutes = minutes;
      }
    }
  }
  const int64_t days = DaysFromCivil(year, month, static_cast<unsigned>(day));
  const int64_t seconds =
      days * 86400 + hour * 3600 + minute * 60 + second - int64_t{offset_minutes} * 60;
  return seconds * 1'000'000;
}

}  // namespace concord::spam
