#include "directory/directory.h"

#include <algorithm>
#include <cstdio>

#include "common/strings.h"
#include "common/time_zone.h"
#include "directory/business_hours.h"
#include "directory/country.h"

namespace concord::directory {
namespace {

// The host of a URL or the domain of an e-mail address; the text itself otherwise.
std::string_view HostPart(std::string_view q) {
  if (const size_t scheme = q.find("://"); scheme != std::string_view::npos) {
    q = q.substr(scheme + 3);
    q = q.substr(0, q.find_first_of("/?#"));
    if (const size_t at = q.rfind('@'); at != std::string_view::npos) q = q.substr(at + 1);
    if (const size_t colon = q.rfind(':');
        colon != std::string_view::npos && q.find(']') == std::string_view::npos) {
      q = q.substr(0, colon);
    }
    return q;
  }
  if (const size_t at = q.rfind('@'); at != std::string_view::npos) return q.substr(at + 1);
  return q;
}

std::string LocalTimeText(const TimeZone& zone, Micros now) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const int64_t local = zone.LocalSeconds(now);
  const int64_t days = local / 86400 - (local % 86400 < 0);
  const int64_t second = local - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  const int offset = zone.OffsetAt(now);
  const int abs_offset = offset < 0 ? -offset : offset;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld %s (%s, UTC%c%02d:%02d)",
                static_cast<long long>(y), m, d, static_cast<long long>(second / 3600),
                static_cast<long long>(second / 60 % 60), kDays[((days % 7) + 7 + 3) % 7],
                zone.name().c_str(), offset < 0 ? '-' : '+', abs_offset / 3600,
                abs_offset / 60 % 60);
  return buf;
}

}  // namespace

const char* QueryKindName(QueryKind k) {
  switch (k) {
    case QueryKind::kIp:
      return "ip";
    case QueryKind::kAsn:
      return "asn";
    case QueryKind::kDomain:
      return "domain";
    case QueryKind::kCountry:
      return "country";
    case QueryKind::kSector:
      return "sector";
    case QueryKind::kInvalid:
      return "invalid";
  }
  return "?";
}

const char* HoursName(ContactsNow::Hours h) {
  switch (h) {
    case ContactsNow::Hours::kOpen:
      return "open";
    case ContactsNow::Hours::kClosed:
      return "closed";
    case ContactsNow::Hours::kAlways:
      return "24/7";
    case ContactsNow::Hours::kUnknown:
      return "unknown";
  }
  return "?";
}

ContactsNow ContactsToUseNow(const Team& team, Micros now) {
  ContactsNow out;
  std::shared_ptr<const TimeZone> zone;
  if (!team.time_zone.empty()) {
    if (auto z = TimeZone::Load(team.time_zone); z.ok()) zone = *z;
  }
  if (zone) out.local_time = LocalTimeText(*zone, now);
  if (!team.business_hours.empty() && zone) {
    if (auto hours = BusinessHours::Parse(team.business_hours); hours.ok()) {
      out.hours = hours->always()             ? ContactsNow::Hours::kAlways
                  : hours->IsOpen(*zone, now) ? ContactsNow::Hours::kOpen
                                              : ContactsNow::Hours::kClosed;
    }
  }
  // Duty officers and 24/7 contacts first: they are the ones expected to pick up.
  auto rank = [](const Contact& c) {
    return (c.always_on ? 0 : 2) + (c.role == "duty-officer" ? 0 : 1);
  };
  for (const Contact& c : team.contacts) {
    if (out.hours != ContactsNow::Hours::kClosed || c.always_on) out.contacts.push_back(&c);
  }
  std::stable_sort(out.contacts.begin(), out.contacts.end(),
                   [&](const Contact* a, const Contact* b) { return rank(*a) < rank(*b); });
  const bool closed = out.hours == ContactsNow::Hours::kClosed;
  out.phone = closed || team.phone.empty() ? team.emergency_phone : team.phone;
  if (out.phone.empty()) out.phone = team.phone;
  switch (out.hours) {
    case ContactsNow::Hours::kOpen:
      out.note = "within business hours (" + team.business_hours + ")";
      break;
    case ContactsNow::Hours::kAlways:
      out.note = "staffed 24/7";
      break;
    case ContactsNow::Hours::kUnknown:
      out.note = "business hours unknown: every contact listed";
      break;
    case ContactsNow::Hours::kClosed:
      out.note = "outside business hours (" + team.business_hours + "): 24/7 contacts only";
      if (out.contacts.empty()) out.note += "; the team lists none, call the emergency phone";
      break;
  }
  return out;
}

void WriteAnswer(const Answer& a, const Directory& dir, Micros now,
                 const std::function<bool(uint32_t)>& visible, json::Writer& w) {
  w.BeginObject().Key("query").String(a.query).Key("kind").String(QueryKindName(a.kind));
  if (a.kind == QueryKind::kInvalid) {
    w.Key("error").String(a.error).EndObject();
    return;
  }
  w.Key("normalised").String(a.normalised);
  w.Key("rule");
  if (a.rule.empty()) {
    w.Null();
  } else {
    w.String(a.rule);
  }
  w.Key("matched").String(a.matched).Key("reason").String(a.reason);
  w.Key("conflict").Bool(a.conflict());
  int64_t withheld = 0;
  w.Key("teams").BeginArray();
  for (uint32_t i : a.teams) {
    if (!visible(i)) {
      ++withheld;
      continue;
    }
    const Team& t = dir.teams()[i];
    const ContactsNow now_contacts = ContactsToUseNow(t, now);
    w.BeginObject().Key("id").String(t.id).Key("short_name").String(t.short_name);
    w.Key("name").String(t.name).Key("country").String(t.country).Key("type").String(t.type);
    w.Key("email").String(t.email).Key("hours").String(HoursName(now_contacts.hours));
    w.Key("local_time").String(now_contacts.local_time).Key("note").String(now_contacts.note);
    w.Key("phone").String(now_contacts.phone).Key("contacts").BeginArray();
    for (const Contact* c : now_contacts.contacts) {
      w.BeginObject().Key("email").String(c->email).Key("name").String(c->name);
      w.Key("role").String(c->role).Key("phone").String(c->phone).Key("24x7").Bool(c->always_on);
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Key("withheld").Int(withheld).EndObject();
}

uint32_t Directory::GroupFor(std::unordered_map<std::string, uint32_t>& by_claim,
                             const std::string& kind, const std::string& claim, uint32_t team) {
  auto [it, added] = by_claim.emplace(kind + '\t' + claim, static_cast<uint32_t>(groups_.size()));
  if (added) groups_.push_back({kind, claim, {}});
  std::vector<uint32_t>& teams = groups_[it->second].teams;
  if (teams.empty() || teams.back() != team) teams.push_back(team);
  return it->second;
}

Directory::Directory(std::vector<Team> teams) : teams_(std::move(teams)) {
  std::unordered_map<std::string, uint32_t> by_claim;
  std::vector<RangeIndex<uint32_t>::Prefix> v4;
  std::vector<RangeIndex<Ip128>::Prefix> v6;
  for (uint32_t i = 0; i < teams_.size(); ++i) {
    const Constituency& k = teams_[i].constituency;
    for (const std::string& p : k.prefixes) {
      Ip128 network;
      int length;
      std::string error;
      if (!ParsePrefix(p, &network, &length, &error)) continue;
      const size_t before = groups_.size();
      const uint32_t g = GroupFor(by_claim, "prefix", p, i);
      if (groups_.size() == before) continue;  // the prefix is in the index already
      prefixes_[p] = g;
      if (IsIpv4(network) && length >= 96) {
        v4.push_back({static_cast<uint32_t>(network), length - 96, g});
      } else {
        v6.push_back({network, length, g});
      }
    }
    for (uint32_t asn : k.asns)
      asns_[asn] = GroupFor(by_claim, "asn", "AS" + std::to_string(asn), i);
    for (const std::string& d : k.domains) domains_[d] = GroupFor(by_claim, "domain", d, i);
    for (const std::string& c : k.countries) countries_[c] = GroupFor(by_claim, "country", c, i);
    for (const std::string& s : k.sectors) sectors_[s] = GroupFor(by_claim, "sector", s, i);
  }
  v4_ = RangeIndex<uint32_t>::Build(std::move(v4));
  v6_ = RangeIndex<Ip128>::Build(std::move(v6));
}

void Directory::Answered(const Group& g, const std::string& rule, Answer* a) const {
  a->rule = rule;
  a->matched = g.claim;
  a->teams = g.teams;
}

void Directory::LookupCountry(const std::string& code, Answer* a) const {
  if (auto it = countries_.find(code); it != countries_.end()) {
    Answered(groups_[it->second], "country", a);
    a->reason = "the team(s) responsible for " + CountryName(code) + " (" + code + ")";
  }
}

void Directory::LookupDomain(const std::string& name, Answer* a) const {
  // Longest claimed suffix, label by label.
  for (size_t pos = 0;;) {
    std::string_view suffix = std::string_view(name).substr(pos);
    if (auto it = domains_.find(suffix); it != domains_.end()) {
      Answered(groups_[it->second], "domain", a);
      a->reason = suffix == name
                      ? "the team(s) claiming " + std::string(suffix)
                      : std::string(suffix) + " is the longest claimed suffix of " + name;
      return;
    }
    const size_t dot = name.find('.', pos);
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  const std::string tld = name.substr(name.rfind('.') + 1);
  if (auto country = CountryOfTld(tld)) {
    LookupCountry(*country, a);
    if (!a->rule.empty()) {
      a->reason = "no team claims " + name + " or a suffix of it; ." + tld + " is the ccTLD of " +
                  CountryName(*country) + ": " + a->reason;
    }
  }
}

Answer Directory::Lookup(std::string_view raw) const {
  Answer a;
  a.query = std::string(raw);
  std::string_view q = raw;
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && (q.back() == ' ' || q.back() == '\r')) q.remove_suffix(1);
  if (q.empty()) {
    a.error = "empty query";
    return a;
  }
  const std::string lower = AsciiLower(q);
  if (lower.rfind("sector:", 0) == 0) {
    a.kind = QueryKind::kSector;
    a.normalised = lower;
    if (auto it = sectors_.find(std::string_view(lower).substr(7)); it != sectors_.end()) {
      Answered(groups_[it->second], "sector", &a);
      a.reason = "the team(s) responsible for the " + lower.substr(7) + " sector";
    }
    return a;
  }
  Ip128 ip;
  if (ParseIp(q, &ip)) {
    a.kind = QueryKind::kIp;
    a.normalised = FormatIp(ip);
    const uint32_t g = ClaimForIp(ip);
    if (g != kNoClaim) {
      Answered(groups_[g], "prefix", &a);
      a.reason =
          groups_[g].claim + " is the most specific claimed prefix containing " + a.normalised;
    }
    return a;
  }
  if ((lower.size() > 2 && lower.rfind("as", 0) == 0 && lower[2] >= '0' && lower[2] <= '9') ||
      (lower.find_first_not_of("0123456789") == std::string::npos)) {
    auto asn = ParseAsn(lower);
    if (!asn.ok()) {
      a.error = asn.status().message();
      return a;
    }
    a.kind = QueryKind::kAsn;
    a.normalised = "AS" + std::to_string(*asn);
    if (auto it = asns_.find(*asn); it != asns_.end()) {
      Answered(groups_[it->second], "asn", &a);
      a.reason = "the team(s) claiming " + a.normalised;
    }
    return a;
  }
  if (lower.size() == 2 && NormalizeCountry(lower)) {
    a.kind = QueryKind::kCountry;
    a.normalised = *NormalizeCountry(lower);
    LookupCountry(a.normalised, &a);
    return a;
  }
  auto name = NormaliseDomainName(HostPart(q));
  if (!name.ok()) {
    a.error = "'" + std::string(q) +
              "' is not an IP address, AS number, domain, country code or sector:NAME";
    return a;
  }
  a.kind = QueryKind::kDomain;
  a.normalised = *name;
  LookupDomain(*name, &a);
  return a;
}

Result<uint32_t> Directory::Find(std::string_view ref) const {
  const std::string wanted = AsciiLower(ref);
  std::vector<uint32_t> found;
  for (uint32_t i = 0; i < teams_.size(); ++i) {
    if (teams_[i].id == ref) return i;
    if (AsciiLower(teams_[i].short_name) == wanted) found.push_back(i);
  }
  if (found.size() == 1) return found[0];
  if (found.empty()) return Status::NotFound("no team '" + std::string(ref) + "'");
  std::string ids;
  for (uint32_t i : found) ids += " " + teams_[i].id;
  return Status::InvalidArgument("'" + std::string(ref) + "' names " +
                                 std::to_string(found.size()) + " teams; use an id:" + ids);
}

std::vector<Conflict> Directory::Conflicts() const {
  std::vector<Conflict> out;
  for (const Group& g : groups_) {
    if (g.teams.size() > 1) out.push_back({g.kind, g.claim, g.teams});
  }
  return out;
}

std::vector<Conflict> Directory::ConflictsOf(const Team& team) const {
  std::vector<Conflict> out;
  auto check = [&](const auto& map, const auto& key) {
    auto it = map.find(key);
    if (it == map.end()) return;
    const Group& g = groups_[it->second];
    std::vector<uint32_t> others;
    for (uint32_t t : g.teams) {
      if (teams_[t].id != team.id) others.push_back(t);
    }
    if (!others.empty()) out.push_back({g.kind, g.claim, others});
  };
  const Constituency& k = team.constituency;
  for (const auto& p : k.prefixes) check(prefixes_, p);
  for (uint32_t asn : k.asns) check(asns_, asn);
  for (const auto& d : k.domains) check(domains_, d);
  for (const auto& c : k.countries) check(countries_, c);
  for (const auto& sector : k.sectors) check(sectors_, sector);
  return out;
}

}  // namespace concord::directory
