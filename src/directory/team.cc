#include "directory/team.h"

#include <algorithm>
#include <set>

#include "common/net.h"
#include "common/time_zone.h"
#include "directory/business_hours.h"
#include "directory/country.h"
#include "directory/pgp.h"

namespace concord::directory {
namespace {

Status FieldError(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why);
}

bool OneOf(std::string_view v, const auto& options) {
  return std::any_of(std::begin(options), std::end(options), [&](const char* o) { return v == o; });
}

std::string Options(const auto& options) {
  std::string out;
  for (const char* o : options) out += (out.empty() ? "" : ", ") + std::string(o);
  return out;
}

bool ValidDate(std::string_view s, bool allow_partial) {
  // YYYY, YYYY-MM or YYYY-MM-DD.
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4)) return false;
  if (s.size() == 4) return allow_partial;
  if (s.size() < 7 || s[4] != '-' || !digits(5, 2)) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return allow_partial;
  if (s.size() != 10 || s[7] != '-' || !digits(8, 2)) return false;
  return ParseTimestamp(std::string(s) + "T00:00:00Z").ok();
}

Status CheckEmail(const std::string& field, std::string* email) {
  const size_t at = email->rfind('@');
  std::string domain;
  if (at == std::string::npos || at == 0 || email->find_first_of(" <>,;\"") != std::string::npos ||
      !NormalizeDomain(std::string_view(*email).substr(at + 1), &domain) ||
      domain.find('.') == std::string::npos) {
    return FieldError(field, "'" + *email + "' is not an e-mail address");
  }
  std::string local = email->substr(0, at);
  for (char& c : local) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  *email = local + "@" + domain;
  return Status::Ok();
}

// E.123 international notation: '+', country code and number; spaces, '-', '.', '(' and ')'
// as separators; 7-15 digits (ITU-T E.164).
Status CheckPhone(const std::string& field, const std::string& phone) {
  int digits = 0;
  bool ok = !phone.empty() && phone[0] == '+';
  for (size_t i = 1; ok && i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      ok = false;
    }
  }
  if (!ok || digits < 7 || digits > 15) {
    return FieldError(field, "'" + phone +
                                 "' is not an international phone number (E.123: '+', country "
                                 "code and 7-15 digits, e.g. '+994 12 123 45 67')");
  }
  return Status::Ok();
}

Status CheckText(const std::string& field, const std::string& value, size_t max) {
  if (value.size() > max) {
    return FieldError(field, "longer than " + std::to_string(max) + " characters");
  }
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\n' && c != '\t') return FieldError(field, "contains control characters");
  }
  return Status::Ok();
}

template <typename T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

const Contact* Team::FindContact(std::string_view email) const {
  for (const Contact& c : contacts) {
    if (c.email == email) return &c;
  }
  return nullptr;
}

Result<std::string> NormalisePrefix(std::string_view text) {
  Ip128 network;
  int length;
  std::string error;
  if (!ParsePrefix(text, &network, &length, &error)) {
    return Status::InvalidArgument("prefix '" + std::string(text) + "': " + error);
  }
  Ip128 address;
  ParseIp(text.substr(0, text.find('/')), &address);
  const bool v4 = text.substr(0, text.find('/')).find(':') == std::string_view::npos;
  const std::string canonical = FormatIp(network) + "/" + std::to_string(v4 ? length - 96 : length);
  if (address != network) {
    return Status::InvalidArgument("prefix '" + std::string(text) +
                                   "': host bits are set after the prefix length; did you mean " +
                                   canonical + "?");
  }
  if (!v4 && IsIpv4(network) && length >= 96) {
    // ::ffff:a.b.c.d/n: an IPv4 network written in IPv6; keep it IPv4 so one form exists.
    return FormatIp(network) + "/" + std::to_string(length - 96);
  }
  return canonical;
}

Result<uint32_t> ParseAsn(std::string_view text) {
  std::string_view digits = text;
  if (digits.size() > 2 && (digits[0] == 'A' || digits[0] == 'a') &&
      (digits[1] == 'S' || digits[1] == 's')) {
    digits.remove_prefix(2);
  }
  uint64_t n = 0;
  bool ok = !digits.empty() && digits.size() <= 10 && digits[0] != '0';
  for (char c : digits) {
    ok = ok && c >= '0' && c <= '9';
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (!ok || n == 0 || n > 4294967295ULL) {
    return Status::InvalidArgument("AS number '" + std::string(text) +
                                   "': expected AS1-AS4294967295 (e.g. AS64500)");
  }
  if (n == 23456) {
    return Status::InvalidArgument("AS number '" + std::string(text) +
                                   "': AS23456 is AS_TRANS (RFC 6793), not a real network");
  }
  return static_cast<uint32_t>(n);
}

Result<std::string> NormaliseDomainName(std::string_view text) {
  std::string_view d = text;
  if (!d.empty() && d.front() == '.') d.remove_prefix(1);  // ".az" is how TLDs are often written
  std::string out;
  if (!NormalizeDomain(d, &out)) {
    return Status::InvalidArgument("domain '" + std::string(text) + "' is not a valid DNS name");
  }
  return out;
}

Result<std::string> NormaliseCountryCode(std::string_view text) {
  auto code = NormalizeCountry(text);
  if (!code) {
    return Status::InvalidArgument("country '" + std::string(text) +
                                   "' is not an ISO 3166-1 alpha-2 code (e.g. AZ, MY, NG)");
  }
  return *code;
}

Status NormaliseTeam(Team* t) {
  if (t->short_name.empty()) return FieldError("short_name", "required");
  CONCORD_RETURN_IF_ERROR(CheckText("short_name", t->short_name, 64));
  if (t->short_name.find('\n') != std::string::npos) {
    return FieldError("short_name", "must be one line");
  }
  if (t->name.empty()) return FieldError("name", "required (the team's full name)");
  CONCORD_RETURN_IF_ERROR(CheckText("name", t->name, 256));
  if (t->country.empty()) return FieldError("country", "required");
  auto country = NormaliseCountryCode(t->country);
  if (!country.ok()) return FieldError("country", country.status().message());
  t->country = *country;
  if (t->type.empty()) return FieldError("type", "required: one of " + Options(kTeamTypes));
  if (!OneOf(t->type, kTeamTypes)) {
    return FieldError("type", "'" + t->type + "' is not one of " + Options(kTeamTypes));
  }
  CONCORD_RETURN_IF_ERROR(CheckText("host_organisation", t->host_organisation, 256));
  if (!t->established.empty() && !ValidDate(t->established, true)) {
    return FieldError("established", "'" + t->established + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (!t->website.empty() && t->website.rfind("https://", 0) != 0 &&
      t->website.rfind("http://", 0) != 0) {
    return FieldError("website", "'" + t->website + "' is not an http(s) URL");
  }
  CONCORD_RETURN_IF_ERROR(CheckText("website", t->website, 512));
  if (!t->email.empty()) CONCORD_RETURN_IF_ERROR(CheckEmail("email", &t->email));
  if (!t->phone.empty()) CONCORD_RETURN_IF_ERROR(CheckPhone("phone", t->phone));
  if (!t->emergency_phone.empty()) {
    CONCORD_RETURN_IF_ERROR(CheckPhone("emergency_phone", t->emergency_phone));
  }
  if (!t->time_zone.empty()) {
    auto zone = TimeZone::Load(t->time_zone);
    if (!zone.ok()) return FieldError("time_zone", zone.status().message());
  }
  if (!t->business_hours.empty()) {
    auto hours = BusinessHours::Parse(t->business_hours);
    if (!hours.ok()) return FieldError("business_hours", hours.status().message());
    if (t->time_zone.empty()) {
      return FieldError("business_hours", "needs time_zone (hours are in the team's zone)");
    }
  }
  if (!t->pgp_fingerprint.empty()) {
    auto fp = NormaliseFingerprint(t->pgp_fingerprint);
    if (!fp.ok()) return FieldError("pgp_fingerprint", fp.status().message());
    t->pgp_fingerprint = *fp;
  }
  if (!t->pgp_key.empty()) {
    auto key = ParsePgpPublicKey(t->pgp_key);
    if (!key.ok()) return FieldError("pgp_key", key.status().message());
    if (!t->pgp_fingerprint.empty() && t->pgp_fingerprint != key->fingerprint) {
      return FieldError("pgp_fingerprint", "'" + t->pgp_fingerprint +
                                               "' is not the fingerprint of pgp_key (" +
                                               key->fingerprint + ")");
    }
    t->pgp_fingerprint = key->fingerprint;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < t->memberships.size(); ++i) {
    Membership& m = t->memberships[i];
    const std::string field = "memberships[" + std::to_string(i) + "]";
    if (m.name.empty()) return FieldError(field + ".name", "required");
    CONCORD_RETURN_IF_ERROR(CheckText(field + ".name", m.name, 64));
    if (!seen.insert(m.name).second) return FieldError(field, "'" + m.name + "' listed twice");
    if (!m.confirmed.empty() && !ValidDate(m.confirmed, false)) {
      return FieldError(field + ".confirmed", "'" + m.confirmed + "' is not YYYY-MM-DD");
    }
  }
  seen.clear();
  for (size_t i = 0; i < t->contacts.size(); ++i) {
    Contact& c = t->contacts[i];
    const std::string field = "contacts[" + std::to_string(i) + "]";
    if (c.email.empty()) return FieldError(field + ".email", "required");
    CONCORD_RETURN_IF_ERROR(CheckEmail(field + ".email", &c.email));
    if (!seen.insert(c.email).second) {
      return FieldError(field + ".email", "'" + c.email + "' is already a contact of this team");
    }
    CONCORD_RETURN_IF_ERROR(CheckText(field + ".name", c.name, 128));
    if (c.role.empty()) c.role = "other";
    if (!OneOf(c.role, kContactRoles)) {
      return FieldError(field + ".role",
                        "'" + c.role + "' is not one of " + Options(kContactRoles));
    }
    if (!c.phone.empty()) CONCORD_RETURN_IF_ERROR(CheckPhone(field + ".phone", c.phone));
    for (std::string& lang : c.languages) {
      for (char& ch : lang) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      const bool ok =
          (lang.size() == 2 || lang.size() == 3) &&
          std::all_of(lang.begin(), lang.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
      if (!ok) return FieldError(field + ".languages", "'" + lang + "' is not an ISO 639 code");
    }
  }
  Constituency& k = t->constituency;
  CONCORD_RETURN_IF_ERROR(CheckText("constituency.description", k.description, 4096));
  for (std::string& p : k.prefixes) {
    auto canonical = NormalisePrefix(p);
    if (!canonical.ok()) return FieldError("constituency.prefixes", canonical.status().message());
    p = *canonical;
  }
  for (std::string& d : k.domains) {
    auto canonical = NormaliseDomainName(d);
    if (!canonical.ok()) return FieldError("constituency.domains", canonical.status().message());
    d = *canonical;
  }
  for (std::string& c : k.countries) {
    auto canonical = NormaliseCountryCode(c);
    if (!canonical.ok()) return FieldError("constituency.countries", canonical.status().message());
    c = *canonical;
  }
  for (std::string& s : k.sectors) {
    const bool ok = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    });
    if (!ok) {
      return FieldError("constituency.sectors",
                        "'" + s +
                            "' is not a sector token (lower case and '-', e.g. "
                            "financial-services, energy, government-national)");
    }
  }
  SortUnique(&k.prefixes);
  SortUnique(&k.asns);
  SortUnique(&k.domains);
  SortUnique(&k.countries);
  SortUnique(&k.sectors);
  return Status::Ok();
}

void WriteTeam(const Team& t, json::Writer& w) {
  auto field = [&](const char* key, const std::string& value) {
    if (!value.empty()) w.Key(key).String(value);
  };
  auto strings = [&](const char* key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    w.Key(key).BeginArray();
    for (const auto& v : values) w.String(v);
    w.EndArray();
  };
  w.BeginObject();
  field("id", t.id);
  field("short_name", t.short_name);
  field("name", t.name);
  field("country", t.country);
  field("type", t.type);
  field("host_organisation", t.host_organisation);
  field("established", t.established);
  field("website", t.website);
  field("email", t.email);
  field("phone", t.phone);
  field("emergency_phone", t.emergency_phone);
  field("time_zone", t.time_zone);
  field("business_hours", t.business_hours);
  field("pgp_key", t.pgp_key);
  field("pgp_fingerprint", t.pgp_fingerprint);
  if (!t.memberships.empty()) {
    w.Key("memberships").BeginArray();
    for (const Membership& m : t.memberships) {
      w.BeginObject().Key("name").String(m.name);
      if (!m.confirmed.empty()) w.Key("confirmed").String(m.confirmed);
      w.EndObject();
    }
    w.EndArray();
  }
  if (!t.contacts.empty()) {
    w.Key("contacts").BeginArray();
    for (const Contact& c : t.contacts) {
      w.BeginObject().Key("email").String(c.email);
      field("name", c.name);
      field("role", c.role);
      field("phone", c.phone);
      w.Key("24x7").Bool(c.always_on);
      strings("languages", c.languages);
      if (c.last_verified != 0)
        w.Key("last_verified").String(FormatTimestampMillis(c.last_verified));
      w.EndObject();
    }
    w.EndArray();
  }
  const Constituency& k = t.constituency;
  w.Key("constituency").BeginObject();
  field("description", k.description);
  strings("prefixes", k.prefixes);
  if (!k.asns.empty()) {
    w.Key("asns").BeginArray();
    for (uint32_t a : k.asns) w.Int(a);
    w.EndArray();
  }
  strings("domains", k.domains);
  strings("countries", k.countries);
  strings("sectors", k.sectors);
  w.EndObject();
  w.EndObject();
}

std::string TeamToJson(const Team& team) {
  std::string out;
  json::Writer w(&out);
  WriteTeam(team, w);
  return out;
}

namespace {

// Reads members of one JSON object into fields, refusing unknown and mistyped members.
class ObjectReader {
 public:
  ObjectReader(json::Value object, std::string path) : object_(object), path_(std::move(path)) {}

  Status Check(std::initializer_list<std::string_view> known) const {
    if (!object_.is_object()) return Status::InvalidArgument(Where("") + "expected an object");
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      const auto m = it.member();
      if (std::find(known.begin(), known.end(), m.key) == known.end()) {
        return Status::InvalidArgument(Where(m.key) + "unknown field");
      }
    }
    return Status::Ok();
  }
  Status String(std::string_view key, std::string* out) const {
    json::Value v = object_[key];
    if (!v.exists() || v.is_null()) return Status::Ok();
    if (!v.is_string()) return Status::InvalidArgument(Where(key) + "expected a string");
    *out = v.str();
    return Status::Ok();
  }
  Status Strings(std::string_view key, std::vector<std::string>* out) const {
    json::Value v = object_[key];
    if (!v.exists() || v.is_null()) return Status::Ok();
    if (!v.is_array()) return Status::InvalidArgument(Where(key) + "expected an array of strings");
    for (json::Value e : v) {
      if (!e.is_string()) return Status::InvalidArgument(Where(key) + "expected strings only");
      out->push_back(e.str());
    }
    return Status::Ok();
  }
  Status Bool(std::string_view key, bool* out) const {
    json::Value v = object_[key];
    if (!v.exists()) return Status::Ok();
    if (!v.is_bool()) return Status::InvalidArgument(Where(key) + "expected true or false");
    *out = v.as_bool();
    return Status::Ok();
  }
  json::Value Get(std::string_view key) const { return object_[key]; }
  std::string Where(std::string_view key) const {
    std::string p = path_;
    if (!key.empty()) p += (p.empty() ? "" : ".") + std::string(key);
    return p.empty() ? "" : p + ": ";
  }

 private:
  json::Value object_;
  std::string path_;
};

}  // namespace

Result<Team> TeamFromJson(json::Value object) {
  Team t;
  ObjectReader r(object, "");
  CONCORD_RETURN_IF_ERROR(
      r.Check({"id", "short_name", "name", "country", "type", "host_organisation", "established",
               "website", "email", "phone", "emergency_phone", "time_zone", "business_hours",
               "pgp_key", "pgp_fingerprint", "memberships", "contacts", "constituency"}));
  for (auto [key, out] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"id", &t.id},
           {"short_name", &t.short_name},
           {"name", &t.name},
           {"country", &t.country},
           {"type", &t.type},
           {"host_organisation", &t.host_organisation},
           {"established", &t.established},
           {"website", &t.website},
           {"email", &t.email},
           {"phone", &t.phone},
           {"emergency_phone", &t.emergency_phone},
           {"time_zone", &t.time_zone},
           {"business_hours", &t.business_hours},
           {"pgp_key", &t.pgp_key},
           {"pgp_fingerprint", &t.pgp_fingerprint}}) {
    CONCORD_RETURN_IF_ERROR(r.String(key, out));
  }
  if (json::Value list = r.Get("memberships"); list.exists()) {
    if (!list.is_array()) return Status::InvalidArgument("memberships: expected an array");
    uint32_t i = 0;
    for (json::Value m : list) {
      ObjectReader mr(m, "memberships[" + std::to_string(i++) + "]");
      CONCORD_RETURN_IF_ERROR(mr.Check({"name", "confirmed"}));
      Membership out;
      CONCORD_RETURN_IF_ERROR(mr.String("name", &out.name));
      CONCORD_RETURN_IF_ERROR(mr.String("confirmed", &out.confirmed));
      t.memberships.push_back(std::move(out));
    }
  }
  if (json::Value list = r.Get("contacts"); list.exists()) {
    if (!list.is_array()) return Status::InvalidArgument("contacts: expected an array");
    uint32_t i = 0;
    for (json::Value c : list) {
      const std::string path = "contacts[" + std::to_string(i++) + "]";
      ObjectReader cr(c, path);
      CONCORD_RETURN_IF_ERROR(
          cr.Check({"email", "name", "role", "phone", "24x7", "languages", "last_verified"}));
      Contact out;
      CONCORD_RETURN_IF_ERROR(cr.String("email", &out.email));
      CONCORD_RETURN_IF_ERROR(cr.String("name", &out.name));
      CONCORD_RETURN_IF_ERROR(cr.String("role", &out.role));
      CONCORD_RETURN_IF_ERROR(cr.String("phone", &out.phone));
      CONCORD_RETURN_IF_ERROR(cr.Bool("24x7", &out.always_on));
      CONCORD_RETURN_IF_ERROR(cr.Strings("languages", &out.languages));
      std::string verified;
      CONCORD_RETURN_IF_ERROR(cr.String("last_verified", &verified));
      if (!verified.empty()) {
        auto when = ParseTimestamp(verified);
        if (!when.ok()) {
          return Status::InvalidArgument(path + ".last_verified: " + when.status().message());
        }
        out.last_verified = *when;
      }
      t.contacts.push_back(std::move(out));
    }
  }
  if (json::Value k = r.Get("constituency"); k.exists()) {
    ObjectReader kr(k, "constituency");
    CONCORD_RETURN_IF_ERROR(
        kr.Check({"description", "prefixes", "asns", "domains", "countries", "sectors"}));
    CONCORD_RETURN_IF_ERROR(kr.String("description", &t.constituency.description));
    CONCORD_RETURN_IF_ERROR(kr.Strings("prefixes", &t.constituency.prefixes));
    CONCORD_RETURN_IF_ERROR(kr.Strings("domains", &t.constituency.domains));
    CONCORD_RETURN_IF_ERROR(kr.Strings("countries", &t.constituency.countries));
    CONCORD_RETURN_IF_ERROR(kr.Strings("sectors", &t.constituency.sectors));
    if (json::Value asns = k["asns"]; asns.exists()) {
      if (!asns.is_array()) return Status::InvalidArgument("constituency.asns: expected an array");
      for (json::Value a : asns) {
        // 64500 or "AS64500".
        auto asn = a.is_number()   ? ParseAsn(std::string(a.raw()))
                   : a.is_string() ? ParseAsn(a.str())
                                   : Result<uint32_t>(Status::InvalidArgument("expected numbers"));
        if (!asn.ok())
          return Status::InvalidArgument("constituency.asns: " + asn.status().message());
        t.constituency.asns.push_back(*asn);
      }
    }
  }
  CONCORD_RETURN_IF_ERROR(NormaliseTeam(&t));
  return t;
}

Result<Team> TeamFromJsonText(std::string_view text) {
  json::Document doc;
  size_t offset = 0;
  Status st = doc.ParseAll(text, &offset);
  if (!st.ok()) return st.WithPrefix("team JSON at byte " + std::to_string(offset));
  return TeamFromJson(doc.root());
}

void KeepWhatIsMissing(const Team& stored, Team* incoming) {
  auto keep = [](const auto& from, auto& to) {
    if (to.empty()) to = from;
  };
  Team& t = *incoming;
  keep(stored.name, t.name);
  keep(stored.country, t.country);
  keep(stored.type, t.type);
  keep(stored.host_organisation, t.host_organisation);
  keep(stored.established, t.established);
  keep(stored.website, t.website);
  keep(stored.email, t.email);
  keep(stored.phone, t.phone);
  keep(stored.emergency_phone, t.emergency_phone);
  keep(stored.time_zone, t.time_zone);
  keep(stored.business_hours, t.business_hours);
  keep(stored.pgp_key, t.pgp_key);
  keep(stored.pgp_fingerprint, t.pgp_fingerprint);
  keep(stored.memberships, t.memberships);
  keep(stored.contacts, t.contacts);
  keep(stored.constituency.description, t.constituency.description);
  keep(stored.constituency.prefixes, t.constituency.prefixes);
  keep(stored.constituency.asns, t.constituency.asns);
  keep(stored.constituency.domains, t.constituency.domains);
  keep(stored.constituency.countries, t.constituency.countries);
  keep(stored.constituency.sectors, t.constituency.sectors);
}

}  // namespace concord::directory
