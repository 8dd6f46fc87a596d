#include "directory/formats.h"

#include <algorithm>

#include "common/strings.h"
#include "directory/country.h"

namespace concord::directory {
namespace {

std::string Trimmed(std::string_view s) { return std::string(TrimWhitespace(s)); }

std::vector<std::string> Items(std::string_view cell) {
  std::vector<std::string> out;
  for (const std::string& part : Split(cell, ';', true)) {
    std::string item = Trimmed(part);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// RFC 4180 records; errors give the line.
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, was_quoted = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!Trimmed(cell).empty() || was_quoted) {
        return Status::InvalidArgument("CSV line " + std::to_string(line) +
                                       ": a quote inside an unquoted cell");
      }
      cell.clear();
      quoted = was_quoted = true;
    } else if (c == ',') {
      rows.back().push_back(was_quoted ? cell : Trimmed(cell));
      cell.clear();
      was_quoted = false;
    } else if (c == '\n') {
      rows.back().push_back(was_quoted ? cell : Trimmed(cell));
      cell.clear();
      was_quoted = false;
      rows.emplace_back();
      ++line;
    } else if (c != '\r') {
      if (was_quoted && c != ' ') {
        return Status::InvalidArgument("CSV line " + std::to_string(line) +
                                       ": text after a closing quote");
      }
      cell.push_back(c);
    }
  }
  if (quoted) return Status::InvalidArgument("CSV: a quoted cell is never closed");
  if (!cell.empty() || was_quoted || !rows.back().empty()) {
    rows.back().push_back(was_quoted ? cell : Trimmed(cell));
  } else {
    rows.pop_back();
  }
  // Blank lines are not records.
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [](const auto& r) { return r.size() == 1 && r[0].empty(); }),
             rows.end());
  return rows;
}

Status SetCsvField(Team& t, const std::string& field, const std::string& value) {
  if (value.empty()) return Status::Ok();
  std::string* text = field == "short_name"          ? &t.short_name
                      : field == "name"              ? &t.name
                      : field == "country"           ? &t.country
                      : field == "type"              ? &t.type
                      : field == "host_organisation" ? &t.host_organisation
                      : field == "established"       ? &t.established
                      : field == "website"           ? &t.website
                      : field == "email"             ? &t.email
                      : field == "phone"             ? &t.phone
                      : field == "emergency_phone"   ? &t.emergency_phone
                      : field == "time_zone"         ? &t.time_zone
                      : field == "business_hours"    ? &t.business_hours
                      : field == "pgp_fingerprint"   ? &t.pgp_fingerprint
                      : field == "description"       ? &t.constituency.description
                                                     : nullptr;
  if (text != nullptr) {
    *text = value;
  } else if (field == "memberships") {
    for (const std::string& m : Items(value)) {
      const size_t colon = m.find(':');
      t.memberships.push_back({Trimmed(m.substr(0, colon)),
                               colon == std::string::npos ? "" : Trimmed(m.substr(colon + 1))});
    }
  } else if (field == "prefixes") {
    t.constituency.prefixes = Items(value);
  } else if (field == "domains") {
    t.constituency.domains = Items(value);
  } else if (field == "countries") {
    t.constituency.countries = Items(value);
  } else if (field == "sectors") {
    t.constituency.sectors = Items(value);
  } else if (field == "asns") {
    for (const std::string& a : Items(value)) {
      auto asn = ParseAsn(a);
      if (!asn.ok()) return asn.status();
      t.constituency.asns.push_back(*asn);
    }
  }
  return Status::Ok();
}

std::string CsvFieldOf(const Team& t, const std::string& field) {
  auto joined = [](const std::vector<std::string>& v) { return Join(v, ";"); };
  if (field == "short_name") return t.short_name;
  if (field == "name") return t.name;
  if (field == "country") return t.country;
  if (field == "type") return t.type;
  if (field == "host_organisation") return t.host_organisation;
  if (field == "established") return t.established;
  if (field == "website") return t.website;
  if (field == "email") return t.email;
  if (field == "phone") return t.phone;
  if (field == "emergency_phone") return t.emergency_phone;
  if (field == "time_zone") return t.time_zone;
  if (field == "business_hours") return t.business_hours;
  if (field == "pgp_fingerprint") return t.pgp_fingerprint;
  if (field == "description") return t.constituency.description;
  if (field == "memberships") {
    std::vector<std::string> out;
    for (const auto& m : t.memberships)
      out.push_back(m.confirmed.empty() ? m.name : m.name + ":" + m.confirmed);
    return joined(out);
  }
  if (field == "prefixes") return joined(t.constituency.prefixes);
  if (field == "domains") return joined(t.constituency.domains);
  if (field == "countries") return joined(t.constituency.countries);
  if (field == "sectors") return joined(t.constituency.sectors);
  if (field == "asns") {
    std::vector<std::string> out;
    for (uint32_t a : t.constituency.asns) out.push_back("AS" + std::to_string(a));
    return joined(out);
  }
  return "";
}

}  // namespace

// A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)").
bool StartsLikeAFormula(std::string_view value) {
  return !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string::npos;
}

// Writes one RFC 4180 cell. A value a spreadsheet would run as a formula is written with a
// leading apostrophe (OWASP's advice), which ReadCsvTeams takes off again.
void AppendCsvCell(std::string* out, const std::string& raw) {
  const std::string value = StartsLikeAFormula(raw) ? "'" + raw : raw;
  if (value.find_first_of(",\"\n\r") == std::string::npos) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}


const std::vector<std::string> kCsvFields = {
    "short_name",  "name",           "country",         "type",        "host_organisation",
    "established", "website",        "email",           "phone",       "emergency_phone",
    "time_zone",   "business_hours", "pgp_fingerprint", "memberships", "description",
    "prefixes",    "asns",           "domains",         "countries",   "sectors"};

Result<std::vector<Team>> ReadConcordTeams(std::string_view text) {
  json::Document doc;
  size_t offset = 0;
  Status st = doc.ParseAll(text, &offset);
  if (!st.ok()) return st.WithPrefix("byte " + std::to_string(offset));
  json::Value list = doc.root()["teams"];
  if (!list.is_array()) return Status::InvalidArgument("expected {\"teams\": [...]}");
  std::vector<Team> out;
  uint32_t i = 0;
  for (json::Value v : list) {
    auto team = TeamFromJson(v);
    if (!team.ok()) return team.status().WithPrefix("teams[" + std::to_string(i) + "]");
    ++i;
    out.push_back(std::move(*team));
  }
  return out;
}

std::string WriteConcordTeams(const std::vector<Team>& teams) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("teams").BeginArray();
  for (const Team& t : teams) WriteTeam(t, w);
  w.EndArray().EndObject();
  out.push_back('\n');
  return out;
}

Result<std::vector<Team>> ReadFirstTeams(std::string_view text, const std::string& confirmed) {
  json::Document doc;
  size_t offset = 0;
  Status st = doc.ParseAll(text, &offset);
  if (!st.ok()) return st.WithPrefix("byte " + std::to_string(offset));
  json::Value list = doc.root().is_array() ? doc.root() : doc.root()["data"];
  if (!list.is_array()) return Status::InvalidArgument("expected FIRST's {\"data\": [...]}");
  std::vector<Team> out;
  uint32_t i = 0;
  for (json::Value v : list) {
    const std::string where = "data[" + std::to_string(i++) + "]";
    if (!v.is_object()) return Status::InvalidArgument(where + ": expected an object");
    auto text_of = [&](std::initializer_list<const char*> keys) {
      for (const char* k : keys) {
        if (v[k].is_string()) return Trimmed(v[k].str());
      }
      return std::string();
    };
    Team t;
    t.short_name = text_of({"team"});
    t.name = text_of({"team-full"});
    if (t.name.empty()) t.name = t.short_name;
    t.host_organisation = text_of({"host"});
    t.established = text_of({"establishment"});
    t.country = text_of({"country"});
    t.type = text_of({"type", "team-type"});
    if (t.type.empty()) t.type = "other";
    t.website = text_of({"website", "url"});
    t.email = text_of({"email"});
    t.phone = text_of({"phone"});
    t.emergency_phone = text_of({"emergency-phone", "emergency"});
    t.time_zone = text_of({"timezone", "time-zone"});
    t.pgp_fingerprint = text_of({"pgp-fingerprint", "pgp_fingerprint"});
    t.constituency.description = text_of({"constituency"});
    if (json::Value others = v["other-countries"]; others.is_array()) {
      for (json::Value c : others) {
        if (c.is_string()) t.constituency.countries.push_back(c.str());
      }
    }
    t.memberships.push_back({"FIRST", confirmed});
    // FIRST's establishment dates may carry a time; keep the date.
    if (t.established.size() > 10) t.established.resize(10);
    Status valid = NormaliseTeam(&t);
    if (!valid.ok()) return valid.WithPrefix(where + " (" + t.short_name + ")");
    out.push_back(std::move(t));
  }
  return out;
}

std::string WriteFirstTeams(const std::vector<Team>& teams) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("status").String("OK").Key("total").Int(static_cast<int64_t>(teams.size()));
  w.Key("data").BeginArray();
  for (const Team& t : teams) {
    w.BeginObject();
    w.Key("id").String(AsciiLower(t.short_name)).Key("team").String(t.short_name);
    w.Key("team-full").String(t.name).Key("host").String(t.host_organisation);
    w.Key("establishment").String(t.established).Key("country").String(t.country);
    w.Key("constituency").String(t.constituency.description);
    w.Key("timezone").String(t.time_zone).Key("email").String(t.email);
    w.Key("phone").String(t.phone).Key("emergency-phone").String(t.emergency_phone);
    w.Key("website").String(t.website).Key("pgp-fingerprint").String(t.pgp_fingerprint);
    w.EndObject();
  }
  w.EndArray().EndObject();
  out.push_back('\n');
  return out;
}

Result<std::map<std::string, std::string>> ParseCsvMapping(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const std::string& pair : Split(text, ',', true)) {
    const size_t eq = pair.find('=');
    const std::string field = eq == std::string::npos ? "" : Trimmed(pair.substr(eq + 1));
    if (eq == std::string::npos || (field != "-" && std::find(kCsvFields.begin(), kCsvFields.end(),
                                                              field) == kCsvFields.end())) {
      return Status::InvalidArgument("--map '" + pair +
                                     "': expected 'Header=field' with field one of " +
                                     Join(kCsvFields, ", ") + " or '-' to ignore the column");
    }
    out[AsciiLower(Trimmed(pair.substr(0, eq)))] = field;
  }
  return out;
}

Result<std::vector<Team>> ReadCsvTeams(std::string_view text,
                                       const std::map<std::string, std::string>& mapping) {
  auto rows = ParseCsv(text);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::InvalidArgument("CSV: no header row");
  std::vector<std::string> fields;
  for (const std::string& header : (*rows)[0]) {
    std::string key = AsciiLower(header);
    std::string field = key;
    if (auto it = mapping.find(key); it != mapping.end()) field = it->second;
    if (field != "-" &&
        std::find(kCsvFields.begin(), kCsvFields.end(), field) == kCsvFields.end()) {
      return Status::InvalidArgument(
          "CSV header '" + header + "' is not a team field; map it with --map '" + header +
          "=FIELD' (or '=-' to ignore it). Fields: " + Join(kCsvFields, ", "));
    }
    fields.push_back(field);
  }
  std::vector<Team> out;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    const std::string where = "CSV record " + std::to_string(r + 1);
    if (row.size() != fields.size()) {
      return Status::InvalidArgument(where + ": " + std::to_string(row.size()) +
                                     " cells, the header has " + std::to_string(fields.size()));
    }
    Team t;
    for (size_t c = 0; c < row.size(); ++c) {
      if (fields[c] == "-") continue;
      std::string_view cell = row[c];
      if (cell.size() > 1 && cell.front() == '\'' && StartsLikeAFormula(cell.substr(1))) {
        cell.remove_prefix(1);  // written so by AppendCsvCell
      }
      Status st = SetCsvField(t, fields[c], std::string(cell));
      if (!st.ok()) return st.WithPrefix(where + ", column " + (*rows)[0][c]);
    }
    Status valid = NormaliseTeam(&t);
    if (!valid.ok()) return valid.WithPrefix(where + " (" + t.short_name + ")");
    out.push_back(std::move(t));
  }
  return out;
}

std::string WriteCsvTeams(const std::vector<Team>& teams) {
  std::string out = Join(kCsvFields, ",") + "\r\n";
  for (const Team& t : teams) {
    for (size_t i = 0; i < kCsvFields.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendCsvCell(&out, CsvFieldOf(t, kCsvFields[i]));
    }
    out += "\r\n";
  }
  return out;
}

std::string RenderRfc2350(const Team& t, Micros now) {
  const std::string none = "Not provided in the directory.";
  auto or_none = [&](const std::string& v) { return v.empty() ? none : v; };
  std::string out;
  auto section = [&](const char* number, const char* title, const std::string& body) {
    out += std::string(number) + " " + title + "\n\n";
    std::string indented;
    for (const std::string& line : Split(body, '\n', false)) indented += "   " + line + "\n";
    out += indented + "\n";
  };
  out += "Description of " + t.short_name + " (" + t.name + ") per RFC 2350\n\n";
  out += "1. Document Information\n\n";
  section("1.1", "Date of Last Update",
          FormatTimestampMillis(now).substr(0, 10) + " (rendered by Concord from its directory)");
  section("1.2", "Distribution List for Notifications", none);
  section("1.3", "Locations where this Document May Be Found", or_none(t.website));
  out += "2. Contact Information\n\n";
  section("2.1", "Name of the Team", t.name + "\nShort name: " + t.short_name);
  section("2.2", "Address",
          or_none(t.host_organisation) + "\n" + CountryName(t.country) + " (" + t.country + ")");
  section("2.3", "Time Zone", or_none(t.time_zone));
  section("2.4", "Telephone Number",
          or_none(t.phone) +
              (t.emergency_phone.empty() ? "" : "\nEmergency (24/7): " + t.emergency_phone));
  section("2.5", "Facsimile Number", none);
  section("2.6", "Other Telecommunication", none);
  section("2.7", "Electronic Mail Address", or_none(t.email));
  section("2.8", "Public Keys and Other Encryption Information",
          t.pgp_fingerprint.empty() ? none : "PGP key fingerprint: " + t.pgp_fingerprint);
  std::string members;
  for (const Contact& c : t.contacts) {
    members += (members.empty() ? "" : "\n") +
               (c.name.empty() ? c.email : c.name + " <" + c.email + ">") + " - " + c.role +
               (c.always_on ? ", 24/7" : "") +
               (c.languages.empty() ? "" : ", languages: " + Join(c.languages, ", "));
  }
  section("2.9", "Team Members", members.empty() ? none : members);
  std::string memberships;
  for (const Membership& m : t.memberships) {
    memberships += (memberships.empty() ? "" : "\n") + m.name +
                   (m.confirmed.empty() ? "" : " (confirmed " + m.confirmed + ")");
  }
  section("2.10", "Other Information",
          "Type: " + t.type + (t.established.empty() ? "" : "\nEstablished: " + t.established) +
              (memberships.empty() ? "" : "\nMemberships:\n" + memberships));
  section("2.11", "Points of Customer Contact",
          or_none(t.email) +
              (t.business_hours.empty()
                   ? ""
                   : "\nBusiness hours: " + t.business_hours + " (" + t.time_zone + ")") +
              (t.emergency_phone.empty() ? "" : "\nOutside business hours: " + t.emergency_phone));
  out += "3. Charter\n\n";
  section("3.1", "Mission Statement", none);
  std::string constituency = or_none(t.constituency.description);
  const Constituency& k = t.constituency;
  if (!k.countries.empty()) constituency += "\nCountries: " + Join(k.countries, ", ");
  if (!k.sectors.empty()) constituency += "\nSectors: " + Join(k.sectors, ", ");
  if (!k.domains.empty()) constituency += "\nDomains: " + Join(k.domains, ", ");
  if (!k.asns.empty()) {
    std::vector<std::string> asns;
    for (uint32_t a : k.asns) asns.push_back("AS" + std::to_string(a));
    constituency += "\nAutonomous systems: " + Join(asns, ", ");
  }
  if (!k.prefixes.empty()) constituency += "\nNetworks: " + Join(k.prefixes, ", ");
  section("3.2", "Constituency", constituency);
  section("3.3", "Sponsorship and/or Affiliation", or_none(t.host_organisation));
  section("3.4", "Authority", none);
  out += "4. Policies\n\n";
  section("4.1", "Types of Incidents and Level of Support", none);
  section("4.2", "Co-operation, Interaction and Disclosure of Information",
          "Information is exchanged under TLP 2.0 (FIRST).");
  section("4.3", "Communication and Authentication",
          t.pgp_fingerprint.empty()
              ? none
              : "Use PGP (" + t.pgp_fingerprint + ") for sensitive information.");
  out += "5. Services\n\n";
  section("5.1", "Incident Response", none);
  section("5.2", "Proactive Activities", none);
  out += "6. Incident Reporting Forms\n\n   " + none + "\n\n";
  out += "7. Disclaimers\n\n   " + none + "\n";
  return out;
}

}  // namespace concord::directory
