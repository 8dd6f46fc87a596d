#include "match/log_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "common/json.h"
#include "common/strings.h"
#include "common/time.h"

namespace concord::match {
namespace {

// ---------------------------------------------------------------------------------------------
// Free text.

enum CharClass : uint8_t {
  kOther = 0,
  kDigit = 1,
  kHexLetter = 2,  // a-f A-F
  kLetter = 4,     // other ASCII letters
  kPunct = 8,      // . - _ : @ % +
  kHigh = 16,      // bytes of multi-byte UTF-8 (internationalised names)
};

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = c <= 'f' ? kHexLetter : kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = c <= 'F' ? kHexLetter : kLetter;
  for (char c : {'.', '-', '_', ':', '@', '%', '+'}) t[static_cast<unsigned char>(c)] = kPunct;
  for (int c = 0x80; c < 0x100; ++c) t[c] = kHigh;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

uint8_t ClassOf(char c) { return kClass[static_cast<unsigned char>(c)]; }

bool IsAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// A URL ends at whitespace, quotes, angle brackets and the like (RFC 3986 Appendix C).
bool EndsUrl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '{' ||
         c == '}' || c == '|' || c == '\\' || c == '^' || u == 0x7f;
}

// Host part of a URL: between "://" (and any userinfo) and the first / ? # or :port.
std::string_view UrlHost(std::string_view url) {
  const size_t start = url.find("://");
  std::string_view rest = start == std::string_view::npos ? url : url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.rfind(':'));
}

// A domain-looking word: labels of letters, digits, '-', '_' or UTF-8, and a last label that
// is a plausible TLD (two or more letters, or punycode).
bool LooksLikeDomain(std::string_view w) {
  const size_t dot = w.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= w.size()) return false;
  std::string_view tld = w.substr(dot + 1);
  if (tld.size() < 2) return false;
  if (tld.substr(0, 4) != "xn--") {
    for (char c : tld) {
      if (!IsAsciiAlpha(c) && ClassOf(c) != kHigh) return false;
    }
  }
  for (char c : w) {
    const uint8_t k = ClassOf(c);
    if (!(k & (kDigit | kHexLetter | kLetter | kHigh)) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

void AddObservation(Record* r, ObservableType type, std::string_view field, std::string_view v,
                    Role role = Role::kAny) {
  r->observations.push_back({type, role, field, v});
}

// Adds a host that may be an address or a name.
void AddHost(Record* r, std::string_view field, std::string_view host, Role role = Role::kAny) {
  if (host.empty()) return;
  uint32_t v4;
  const bool ip = ParseIpv4(host, &v4) || host.find(':') != std::string_view::npos;
  AddObservation(r, ip ? ObservableType::kIp : ObservableType::kDomain, field, host, role);
}

void ClassifyWord(std::string_view w, std::string_view field, Record* r) {
  // Sentence punctuation and separators at the edges are not part of the value.
  while (!w.empty() && (w.back() == '.' || w.back() == ':' || w.back() == '-' || w.back() == '@' ||
                        w.back() == '%' || w.back() == '+')) {
    w.remove_suffix(1);
  }
  while (!w.empty() &&
         (w.front() == '.' || w.front() == '-' || w.front() == '@' || w.front() == '%' ||
          w.front() == '+' || (w.front() == ':' && w.size() > 1 && w[1] != ':'))) {
    w.remove_prefix(1);
  }
  if (w.size() < 2) return;
  // One pass gathers what the checks below need (a find() per question cost more).
  uint8_t classes = 0;
  size_t colons = 0, ats = 0, at = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    classes |= ClassOf(c);
    colons += c == ':';
    if (c == '@') at = i, ++ats;
  }
  if (ats > 0) {
    if (ats == 1 && at > 0 && LooksLikeDomain(w.substr(at + 1))) {
      AddObservation(r, ObservableType::kEmail, field, w);
      AddObservation(r, ObservableType::kDomain, field, w.substr(at + 1));
    }
    return;
  }
  if (!(classes & ~(kDigit | kHexLetter))) {
    if (w.size() == 32 || w.size() == 40 || w.size() == 64 || w.size() == 128) {
      AddObservation(r, ObservableType::kHash, field, w);
    }
    return;
  }
  if (colons > 0) {
    Ip128 ip;
    if (colons >= 2 && ParseIp(w, &ip)) return AddObservation(r, ObservableType::kIp, field, w);
    // host:port, key:value, timestamps: look at the pieces.
    for (size_t start = 0; start <= w.size();) {
      const size_t colon = std::min(w.find(':', start), w.size());
      if (colon > start) ClassifyWord(w.substr(start, colon - start), field, r);
      start = colon + 1;
    }
    return;
  }
  if (!(classes & (kLetter | kHexLetter | kHigh))) {
    uint32_t v4;
    if (ParseIpv4(w, &v4)) AddObservation(r, ObservableType::kIp, field, w);
    return;
  }
  if (LooksLikeDomain(w)) AddObservation(r, ObservableType::kDomain, field, w);
}

// ---------------------------------------------------------------------------------------------
// Timestamps of log records: RFC 3339 with any offset ("2026-11-21T10:00:00.123+0100", as
// Suricata writes them) or Unix epoch seconds ("1763719200.123456", as Zeek writes them).

Micros ParseLogTimestamp(std::string_view s) {
  if (s.empty()) return 0;
  if (s.find('-') == std::string_view::npos || s.find('T') == std::string_view::npos) {
    double seconds = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    // Years 1970-9999 only: anything else is not a timestamp (and would overflow microseconds).
    if (ec != std::errc() || p != s.data() + s.size() || !(seconds >= 0) ||
        !(seconds < 253402300800.0)) {
      return 0;
    }
    return static_cast<Micros>(std::llround(seconds * 1e6));
  }
  // Split off the offset, parse the local time as UTC, then apply the offset.
  size_t tz = s.find_first_of("Zz+", 19);
  if (tz == std::string_view::npos) tz = s.find('-', 19);
  if (tz == std::string_view::npos) return 0;
  std::string utc(s.substr(0, tz));
  utc.push_back('Z');
  auto t = ParseTimestamp(utc);
  if (!t.ok()) return 0;
  std::string_view off = s.substr(tz);
  if (off == "Z" || off == "z") return *t;
  std::string digits;
  for (char c : off.substr(1)) {
    if (c != ':') digits.push_back(c);
  }
  if (digits.size() != 4) return 0;
  const int minutes = ((digits[0] - '0') * 10 + (digits[1] - '0')) * 60 + (digits[2] - '0') * 10 +
                      (digits[3] - '0');
  return *t - (off[0] == '+' ? 1 : -1) * Micros{minutes} * 60'000'000;
}

// ---------------------------------------------------------------------------------------------
// Field names with a known meaning (Suricata EVE paths, Zeek column names).

enum class FieldKind : uint8_t {
  kIp,
  kHost,  // an address or a domain
  kDomain,
  kUrl,         // absolute, or a path joined to the record's host field
  kHostForUrl,  // a host that relative URLs of the record are joined to (and itself a kHost)
  kEmail,       // "addr", "<addr>" or "Name <addr>"
  kHash,
  kFingerprint,  // hex with colons (Suricata tls.fingerprint: the certificate's SHA-1)
  kTimestamp,
  kText,
  kIgnore,
};

struct FieldRule {
  std::string_view name;
  FieldKind kind;
  Role role = Role::kAny;
};

constexpr FieldRule kFieldRules[] = {
    // Suricata EVE.
    {"src_ip", FieldKind::kIp, Role::kSource},
    {"dest_ip", FieldKind::kIp, Role::kDestination},
    {"dns.rrname", FieldKind::kDomain},
    {"dns.query[].rrname", FieldKind::kDomain},
    {"dns.queries[].rrname", FieldKind::kDomain},
    {"dns.answers[].rdata", FieldKind::kHost},
    {"dns.grouped.A[]", FieldKind::kIp},
    {"dns.grouped.AAAA[]", FieldKind::kIp},
    {"dns.grouped.CNAME[]", FieldKind::kDomain},
    {"http.hostname", FieldKind::kHostForUrl},
    {"http.url", FieldKind::kUrl},
    {"http.http_refer", FieldKind::kUrl},
    {"tls.sni", FieldKind::kDomain},
    {"tls.fingerprint", FieldKind::kFingerprint},
    {"fileinfo.md5", FieldKind::kHash},
    {"fileinfo.sha1", FieldKind::kHash},
    {"fileinfo.sha256", FieldKind::kHash},
    {"smtp.mail_from", FieldKind::kEmail, Role::kSource},
    {"smtp.rcpt_to[]", FieldKind::kEmail, Role::kDestination},
    {"email.from", FieldKind::kEmail, Role::kSource},
    {"email.to[]", FieldKind::kEmail, Role::kDestination},
    {"email.cc[]", FieldKind::kEmail, Role::kDestination},
    {"timestamp", FieldKind::kTimestamp},
    {"flow_id", FieldKind::kIgnore},
    {"event_type", FieldKind::kIgnore},
    // Zeek (TSV columns and JSON keys).
    {"ts", FieldKind::kTimestamp},
    {"uid", FieldKind::kIgnore},
    {"id.orig_h", FieldKind::kIp, Role::kSource},
    {"id.resp_h", FieldKind::kIp, Role::kDestination},
    {"query", FieldKind::kDomain},
    {"answers", FieldKind::kHost},
    {"host", FieldKind::kHostForUrl},
    {"uri", FieldKind::kUrl},
    {"referrer", FieldKind::kUrl},
    {"server_name", FieldKind::kDomain},
    {"md5", FieldKind::kHash},
    {"sha1", FieldKind::kHash},
    {"sha256", FieldKind::kHash},
    {"mailfrom", FieldKind::kEmail, Role::kSource},
    {"rcptto", FieldKind::kEmail, Role::kDestination},
    {"from", FieldKind::kEmail, Role::kSource},
    {"to", FieldKind::kEmail, Role::kDestination},
    {"cc", FieldKind::kEmail, Role::kDestination},
    {"tx_hosts", FieldKind::kIp},
    {"rx_hosts", FieldKind::kIp},
};

const FieldRule* FindRule(std::string_view name) {
  // Looked up for every field of every record: a hash map, not a scan of the table.
  static const auto* const kByName = [] {
    auto* m = new std::unordered_map<std::string_view, const FieldRule*>();
    for (const auto& r : kFieldRules) m->emplace(r.name, &r);
    return m;
  }();
  const auto it = kByName->find(name);
  return it == kByName->end() ? nullptr : it->second;
}

// Text made while parsing (decoded JSON strings, URLs joined from host and path), kept until
// the parser's next line so observations can point into it.
class KeptText {
 public:
  std::string_view Keep(std::string s) {
    kept_.push_back(std::move(s));
    return kept_.back();
  }
  void Clear() { kept_.clear(); }

 private:
  std::deque<std::string> kept_;
};

// Collects one record's observations from (field, value) pairs, whatever the format.
class RecordBuilder {
 public:
  RecordBuilder(Record* record, KeptText* kept) : record_(record), kept_(kept) {
    record->observations.clear();
    record->timestamp = 0;
    kept->Clear();
  }
  Record* record() const { return record_; }

  void Add(const FieldRule& rule, std::string_view field, std::string_view value) {
    if (value.empty()) return;
    switch (rule.kind) {
      case FieldKind::kIp:
        return AddObservation(record_, ObservableType::kIp, field, value, rule.role);
      case FieldKind::kHostForUrl:
        host_ = value;
        [[fallthrough]];
      case FieldKind::kHost:
        return AddHost(record_, field, value, rule.role);
      case FieldKind::kDomain:
        return AddObservation(record_, ObservableType::kDomain, field, value, rule.role);
      case FieldKind::kUrl:
        if (value[0] == '/') {
          relative_urls_.push_back({field, value});
        } else {
          AddObservation(record_, ObservableType::kUrl, field, value, rule.role);
          AddHost(record_, field, UrlHost(value), rule.role);
        }
        return;
      case FieldKind::kEmail: {
        if (const size_t lt = value.rfind('<'); lt != std::string_view::npos) {
          value = value.substr(lt + 1, value.find('>', lt) - lt - 1);
        }
        return AddObservation(record_, ObservableType::kEmail, field, value, rule.role);
      }
      case FieldKind::kHash:
        return AddObservation(record_, ObservableType::kHash, field, value);
      case FieldKind::kFingerprint: {
        std::string hex;
        for (char c : value) {
          if (c != ':') hex.push_back(c);
        }
        return AddObservation(record_, ObservableType::kHash, field, kept_->Keep(std::move(hex)));
      }
      case FieldKind::kTimestamp:
        record_->timestamp = ParseLogTimestamp(value);
        return;
      case FieldKind::kText:
        return ExtractFromText(value, field, record_);
      case FieldKind::kIgnore:
        return;
    }
  }

  // Joins relative URLs (http.url "/x.php") to the record's host once all fields are seen.
  void Finish() {
    for (const auto& [field, path] : relative_urls_) {
      if (host_.empty()) continue;
      const bool v6 = host_.find(':') != std::string_view::npos;
      std::string url = v6 ? "http://[" + std::string(host_) + "]" : "http://" + std::string(host_);
      url.append(path);
      AddObservation(record_, ObservableType::kUrl, field, kept_->Keep(std::move(url)));
    }
    relative_urls_.clear();
  }

 private:
  Record* record_;
  KeptText* kept_;
  std::string_view host_;
  std::vector<std::pair<std::string_view, std::string_view>> relative_urls_;
};

constexpr FieldRule kTextRule{"", FieldKind::kText};

// ---------------------------------------------------------------------------------------------

class TextParser : public LogParser {
 public:
  Outcome Parse(std::string_view line, Record* record, std::string*) override {
    record->observations.clear();
    record->timestamp = 0;
    if (line.empty()) return Outcome::kSkip;
    ExtractFromText(line, "text", record);
    return Outcome::kRecord;
  }
};

class JsonParser : public LogParser {
 public:
  Outcome Parse(std::string_view line, Record* record, std::string* error) override {
    RecordBuilder builder(record, &kept_);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Outcome::kSkip;
    size_t offset = 0;
    Status st = doc_.ParseAll(line, &offset);
    if (!st.ok()) {
      *error = "column " + std::to_string(offset + 1) + ": " + st.message();
      return Outcome::kError;
    }
    if (!doc_.root().is_object()) {
      *error = "not a JSON object";
      return Outcome::kError;
    }
    path_.clear();
    Walk(doc_.root(), &builder);
    builder.Finish();
    return Outcome::kRecord;
  }

 private:
  // Visits every scalar with its dotted path ("dns.query[].rrname").
  void Walk(json::Value v, RecordBuilder* builder) {
    if (v.is_object()) {
      const size_t depth = path_.size();
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto m = it.member();
        if (depth > 0) path_.push_back('.');
        path_.append(m.key);
        Walk(m.value, builder);
        path_.resize(depth);
      }
    } else if (v.is_array()) {
      const size_t depth = path_.size();
      path_.append("[]");
      for (auto it = v.begin(); it != v.end(); ++it) Walk(*it, builder);
      path_.resize(depth);
    } else if (v.is_string() || (v.is_number() && path_ == "ts")) {
      std::string_view value = v.is_string() ? v.str(&scratch_) : v.raw();
      if (value.data() == scratch_.data()) value = kept_.Keep(scratch_);
      if (const FieldRule* rule = FindRule(path_)) return builder->Add(*rule, rule->name, value);
      // Unknown fields are read as text; the field name is kept only when something is found.
      Record* record = builder->record();
      const size_t before = record->observations.size();
      builder->Add(kTextRule, "", value);
      if (record->observations.size() > before) {
        const std::string_view name = kept_.Keep(path_);
        for (size_t i = before; i < record->observations.size(); ++i) {
          record->observations[i].field = name;
        }
      }
    }
  }

  json::Document doc_;
  KeptText kept_;
  std::string path_;
  std::string scratch_;
};

// Splits `line` at `sep` into `out` (views into line).
void SplitInto(std::string_view line, char sep, std::vector<std::string_view>* out) {
  out->clear();
  size_t start = 0;
  for (;;) {
    const size_t p = line.find(sep, start);
    out->push_back(line.substr(start, p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
}

// Zeek's escapes in header values: "\x09" is a tab.
std::string ZeekUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned value = 0;
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 4, value, 16).ptr == s.data() + i + 4) {
      out.push_back(static_cast<char>(value));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

class ZeekParser : public LogParser {
 public:
  Outcome Parse(std::string_view line, Record* record, std::string* error) override {
    RecordBuilder builder(record, &kept_);
    if (line.empty()) return Outcome::kSkip;
    if (line[0] == '#') return Header(line, error);
    if (names_.empty()) {
      *error = "data line before the #fields header";
      return Outcome::kError;
    }
    SplitInto(line, separator_, &columns_);
    if (columns_.size() != names_.size()) {
      *error = "expected " + std::to_string(names_.size()) +
               " tab-separated fields (from #fields), found " + std::to_string(columns_.size());
      return Outcome::kError;
    }
    for (size_t i = 0; i < columns_.size(); ++i) {
      const std::string_view value = columns_[i];
      if (value == unset_ || value == empty_ || value.empty()) continue;
      const FieldRule& rule = rules_[i];
      if (!is_set_[i]) {
        builder.Add(rule, names_[i], value);
        continue;
      }
      SplitInto(value, set_separator_, &elements_);
      for (std::string_view e : elements_) builder.Add(rule, names_[i], e);
    }
    builder.Finish();
    return Outcome::kRecord;
  }

 private:
  Outcome Header(std::string_view line, std::string* error) {
    if (line.substr(0, 11) == "#separator ") {
      const std::string sep = ZeekUnescape(line.substr(11));
      if (sep.size() != 1) {
        *error = "#separator must be one character";
        return Outcome::kError;
      }
      separator_ = sep[0];
      return Outcome::kSkip;
    }
    std::vector<std::string_view> parts;
    SplitInto(line, separator_, &parts);
    const std::string_view key = parts[0];
    if (key == "#set_separator" && parts.size() == 2) {
      const std::string sep = ZeekUnescape(parts[1]);
      if (sep.size() == 1) set_separator_ = sep[0];
    } else if (key == "#empty_field" && parts.size() == 2) {
      empty_ = parts[1];
    } else if (key == "#unset_field" && parts.size() == 2) {
      unset_ = parts[1];
    } else if (key == "#fields") {
      names_.assign(parts.begin() + 1, parts.end());
      rules_.clear();
      for (const auto& n : names_) {
        const FieldRule* r = FindRule(n);
        rules_.push_back(r ? *r : kTextRule);
      }
      is_set_.assign(names_.size(), false);
    } else if (key == "#types") {
      for (size_t i = 1; i < parts.size() && i - 1 < is_set_.size(); ++i) {
        is_set_[i - 1] = parts[i].substr(0, 4) == "set[" || parts[i].substr(0, 7) == "vector[";
      }
    }
    return Outcome::kSkip;
  }

  char separator_ = '\t';
  char set_separator_ = ',';
  std::string empty_ = "(empty)", unset_ = "-";
  std::vector<std::string> names_;
  std::vector<FieldRule> rules_;
  std::vector<bool> is_set_;
  std::vector<std::string_view> columns_, elements_;
  KeptText kept_;
};

// RFC 4180 fields of one line; false when a quoted field is not closed on the line.
bool SplitCsv(std::string_view line, std::vector<std::string_view>* out, KeptText* kept) {
  out->clear();
  size_t i = 0;
  for (;;) {
    if (i < line.size() && line[i] == '"') {
      std::string value;
      bool closed = false;
      for (++i; i < line.size(); ++i) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            value.push_back('"');
            ++i;
          } else {
            closed = true;
            ++i;
            break;
          }
        } else {
          value.push_back(line[i]);
        }
      }
      if (!closed) return false;
      out->push_back(kept->Keep(std::move(value)));
      if (i < line.size() && line[i] != ',') return false;
    } else {
      const size_t comma = line.find(',', i);
      out->push_back(line.substr(i, comma == std::string_view::npos ? comma : comma - i));
      if (comma == std::string_view::npos) return true;
      i = comma;
    }
    if (i >= line.size()) return true;
    ++i;  // the comma
    if (i == line.size()) {
      out->push_back({});
      return true;
    }
  }
}

struct CsvMapping {
  std::string column;  // header name, or a 1-based number
  FieldRule rule;
};

Result<std::vector<CsvMapping>> ParseCsvMapping(std::string_view spec) {
  static constexpr std::pair<std::string_view, FieldKind> kKinds[] = {
      {"ip", FieldKind::kIp},
      {"host", FieldKind::kHost},
      {"domain", FieldKind::kDomain},
      {"url", FieldKind::kUrl},
      {"email", FieldKind::kEmail},
      {"hash", FieldKind::kHash},
      {"timestamp", FieldKind::kTimestamp},
      {"text", FieldKind::kText},
      {"ignore", FieldKind::kIgnore}};
  std::vector<CsvMapping> out;
  for (const std::string& item_text : Split(spec, ',', /*skip_empty=*/true)) {
    const std::string_view item = item_text;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument("column mapping '" + std::string(item) +
                                     "': expected COLUMN=TYPE[:src|:dst]");
    }
    std::string_view type = item.substr(eq + 1);
    Role role = Role::kAny;
    if (const size_t colon = type.find(':'); colon != std::string_view::npos) {
      const std::string_view r = type.substr(colon + 1);
      if (r == "src") {
        role = Role::kSource;
      } else if (r == "dst") {
        role = Role::kDestination;
      } else {
        return Status::InvalidArgument("column mapping '" + std::string(item) +
                                       "': the role must be src or dst");
      }
      type = type.substr(0, colon);
    }
    const auto* kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                    [&](const auto& k) { return k.first == type; });
    if (kind == std::end(kKinds)) {
      return Status::InvalidArgument("column mapping '" + std::string(item) + "': unknown type '" +
                                     std::string(type) +
                                     "' (ip, host, domain, url, email, hash, timestamp, text, "
                                     "ignore)");
    }
    out.push_back(CsvMapping{std::string(item.substr(0, eq)), FieldRule{"", kind->second, role}});
  }
  return out;
}

class CsvParser : public LogParser {
 public:
  explicit CsvParser(std::vector<CsvMapping> mapping) : mapping_(std::move(mapping)) {}

  Outcome Parse(std::string_view line, Record* record, std::string* error) override {
    RecordBuilder builder(record, &kept_);
    if (line.empty()) return Outcome::kSkip;
    if (!SplitCsv(line, &columns_, &kept_)) {
      *error = "a quoted field is not closed (fields may not span lines)";
      return Outcome::kError;
    }
    if (names_.empty()) return Header(error);
    if (columns_.size() != names_.size()) {
      *error = "expected " + std::to_string(names_.size()) + " columns (from the header), found " +
               std::to_string(columns_.size());
      return Outcome::kError;
    }
    for (size_t i = 0; i < columns_.size(); ++i) builder.Add(rules_[i], names_[i], columns_[i]);
    builder.Finish();
    return Outcome::kRecord;
  }

 private:
  Outcome Header(std::string* error) {
    names_.assign(columns_.begin(), columns_.end());
    for (size_t i = 0; i < names_.size(); ++i) {
      const FieldRule* known = FindRule(names_[i]);
      rules_.push_back(known ? *known : kTextRule);
    }
    for (const auto& m : mapping_) {
      size_t index = names_.size();
      for (size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == m.column || std::to_string(i + 1) == m.column) index = i;
      }
      if (index == names_.size()) {
        *error = "the column mapping names '" + m.column + "', which the header does not have";
        names_.clear();
        rules_.clear();
        return Outcome::kError;
      }
      rules_[index] = m.rule;
    }
    return Outcome::kSkip;
  }

  std::vector<CsvMapping> mapping_;
  std::vector<std::string> names_;
  std::vector<FieldRule> rules_;
  std::vector<std::string_view> columns_;
  KeptText kept_;
};

}  // namespace

void ExtractFromText(std::string_view text, std::string_view field, Record* record) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Skip separators quickly.
    while (i < n && ClassOf(text[i]) == kOther) ++i;
    if (i >= n) break;
    size_t start = i;
    while (i < n && ClassOf(text[i]) != kOther) ++i;
    // A word followed by "//" after its ':' is a URL: take it to its end.
    if (i + 1 < n && text[i] == '/' && text[i + 1] == '/' && i > start && text[i - 1] == ':') {
      size_t scheme = start;
      while (scheme < i && !IsAsciiAlpha(text[scheme])) ++scheme;
      size_t end = i;
      while (end < n && !EndsUrl(text[end])) ++end;
      std::string_view url = text.substr(scheme, end - scheme);
      while (!url.empty() && std::strchr(".,;:!?)]", url.back())) url.remove_suffix(1);
      if (url.size() > i + 2 - scheme) {
        AddObservation(record, ObservableType::kUrl, field, url);
        const std::string_view host = UrlHost(url);
        AddHost(record, field, host);
      }
      i = end;
      continue;
    }
    ClassifyWord(text.substr(start, i - start), field, record);
  }
}

Result<LogFormat> ParseLogFormat(std::string_view name) {
  for (LogFormat f :
       {LogFormat::kAuto, LogFormat::kText, LogFormat::kJson, LogFormat::kZeek, LogFormat::kCsv}) {
    if (name == LogFormatName(f)) return f;
  }
  return Status::InvalidArgument("unknown log format '" + std::string(name) +
                                 "' (auto, text, json, zeek, csv)");
}

const char* LogFormatName(LogFormat f) {
  switch (f) {
    case LogFormat::kAuto:
      return "auto";
    case LogFormat::kText:
      return "text";
    case LogFormat::kJson:
      return "json";
    case LogFormat::kZeek:
      return "zeek";
    case LogFormat::kCsv:
      return "csv";
  }
  return "?";
}

Result<std::unique_ptr<LogParser>> LogParser::Create(LogFormat format,
                                                     std::string_view csv_columns) {
  switch (format) {
    case LogFormat::kText:
      return std::unique_ptr<LogParser>(new TextParser());
    case LogFormat::kJson:
      return std::unique_ptr<LogParser>(new JsonParser());
    case LogFormat::kZeek:
      return std::unique_ptr<LogParser>(new ZeekParser());
    case LogFormat::kCsv: {
      auto mapping = ParseCsvMapping(csv_columns);
      if (!mapping.ok()) return mapping.status();
      return std::unique_ptr<LogParser>(new CsvParser(std::move(*mapping)));
    }
    case LogFormat::kAuto:
      break;
  }
  return Status::InvalidArgument("LogParser::Create needs a concrete format; detect it first");
}

LogFormat DetectLogFormat(std::string_view first_line) {
  const size_t p = first_line.find_first_not_of(" \t");
  if (p != std::string_view::npos && first_line[p] == '{') return LogFormat::kJson;
  if (first_line.substr(0, 10) == "#separator" || first_line.substr(0, 7) == "#fields") {
    return LogFormat::kZeek;
  }
  return LogFormat::kText;
}

}  // namespace concord::match
