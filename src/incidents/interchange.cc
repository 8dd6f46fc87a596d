#include "incidents/interchange.h"

#include <algorithm>
#include <map>
#include <set>

#include "accounts/secrets.h"
#include "common/json.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "incidents/iodef.h"
#include "incidents/rsit.h"
#include "incidents/views.h"
#include "stix/pattern/parser.h"

namespace concord::incidents {
namespace {

// STIX object types of the values an IODEF observable list holds, and back.
struct Kind {
  const char* iodef;
  const char* stix;
};
constexpr Kind kKinds[] = {{"ipv4-addr", "ipv4-addr"},
                           {"ipv6-addr", "ipv6-addr"},
                           {"domain-name", "domain-name"},
                           {"e-mail", "email-addr"},
                           {"site-uri", "url"}};

std::string StixKind(std::string_view iodef) {
  for (const Kind& k : kKinds) {
    if (iodef == k.iodef) return k.stix;
  }
  return "";
}

std::string IodefKind(std::string_view stix) {
  for (const Kind& k : kKinds) {
    if (stix == k.stix) return k.iodef;
  }
  return "";
}

// A STIX pattern string literal: ' and \ escaped.
std::string Quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Collects the values of a pattern that is only "[T:value = '...'] OR [T:value = '...']" with
// one type T; false for any other pattern (it does not fit an IODEF observable list).
bool SimpleList(const stix::pattern::ObservationExpr& e, std::string* type,
                std::vector<std::string>* values) {
  using Obs = stix::pattern::ObservationExpr;
  using Cmp = stix::pattern::ComparisonExpr;
  if (e.kind == Obs::Kind::kOr) {
    return SimpleList(*e.left, type, values) && SimpleList(*e.right, type, values);
  }
  if (e.kind != Obs::Kind::kObservation || e.comparison->kind != Cmp::Kind::kComparison) {
    return false;
  }
  const stix::pattern::Comparison& c = e.comparison->comparison;
  if (c.op != stix::pattern::CompareOp::kEqual || c.negated || c.values.size() != 1 ||
      c.values[0].kind != stix::pattern::LiteralKind::kString || c.path.steps.size() != 1 ||
      c.path.steps[0].name != "value" || (!type->empty() && *type != c.path.object_type)) {
    return false;
  }
  *type = c.path.object_type;
  values->push_back(c.values[0].text);
  return true;
}

sharing::Tlp TlpOfRestriction(const iodef::Incident& i) {
  const std::string& r = i.restriction;
  if (r == "white" || r == "public") return sharing::Tlp::kClear;
  if (r == "green") return sharing::Tlp::kGreen;
  if (r == "amber" || r == "partner" || r == "need-to-know" || r == "default") {
    return sharing::Tlp::kAmber;
  }
  if (r == "ext-value") {
    if (auto t = sharing::ParseTlp(i.ext_restriction)) return *t;
  }
  return sharing::Tlp::kRed;  // red, private, or none: the schema's default is "private"
}

void RestrictionOfTlp(sharing::Tlp tlp, iodef::Incident* i) {
  switch (tlp) {
    case sharing::Tlp::kClear:
      i->restriction = "white";
      break;
    case sharing::Tlp::kGreen:
      i->restriction = "green";
      break;
    case sharing::Tlp::kAmber:
      i->restriction = "amber";
      break;
    case sharing::Tlp::kAmberStrict:
      i->restriction = "ext-value";
      i->ext_restriction = "amber+strict";
      break;
    default:
      i->restriction = "red";
  }
}

// RSIT's machine tag as an IODEF IncidentCategory: rsit:intrusions="system-compromise".
std::string RsitCategory(const Incident& i) {
  return "rsit:" + i.rsit_class + "=\"" + i.rsit_type + "\"";
}

bool ReadRsitCategory(std::string_view category, Incident* i) {
  if (category.rfind("rsit:", 0) != 0) return false;
  const size_t eq = category.find("=\"");
  if (eq == std::string_view::npos || category.back() != '"') return false;
  const std::string cls(category.substr(5, eq - 5));
  const std::string type(category.substr(eq + 2, category.size() - eq - 3));
  if (!RsitTaxonomy::Get().Find(cls, type).ok()) return false;
  i->rsit_class = cls;
  i->rsit_type = type;
  return true;
}

// The header every STIX object Concord makes on import shares.
void BeginImported(json::Writer& w, std::string_view type, const std::string& id,
                   const Actor& actor, Micros now, sharing::Tlp tlp) {
  w.BeginObject();
  w.Key("type").String(type).Key("spec_version").String("2.1").Key("id").String(id);
  w.Key("created_by_ref").String(actor.org_identity);
  w.Key("created").String(FormatTimestampMillis(now));
  w.Key("modified").String(FormatTimestampMillis(now));
  w.Key("object_marking_refs").BeginArray().String(sharing::TlpMarkingId(tlp)).EndArray();
}

// Linked objects go where the incident goes: its audience, by the `participants` distribution.
void EndImported(json::Writer& w, const std::string& source, const std::string& external_id,
                 const std::string& description, const std::vector<std::string>& audience) {
  if (!external_id.empty()) {
    w.Key("external_references").BeginArray().BeginObject();
    w.Key("source_name").String(source).Key("external_id").String(external_id);
    if (!description.empty()) w.Key("description").String(description);
    w.EndObject().EndArray();
  }
  w.Key("extensions").BeginObject().Key(sharing::kDistributionExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  w.Key("distribution").String("participants");
  w.Key("participants").BeginArray();
  for (const auto& a : audience) w.String(a);
  w.EndArray().EndObject().EndObject();
  w.EndObject();
}

// Concord's fields IODEF has no element for travel as AdditionalData name="concord:...".
void ApplyExtra(const iodef::Extra& e, Incident* i, std::vector<std::string>* skipped,
                const std::string& where) {
  const std::string field = e.name.substr(8);
  if (field == "pap") {
    i->pap = e.value;
  } else if (field == "determination") {
    i->determination = e.value;
  } else if (field == "recoverability") {
    i->recoverability = e.value;
  } else if (field == "criticality") {
    i->criticality = std::clamp(std::atoi(e.value.c_str()), 0, 100);
  } else if (field == "countries") {
    i->countries = Split(e.value, ',', true);
  } else {
    skipped->push_back(where + ": AdditionalData " + e.name);
  }
}

const char* TaskPriority(std::string_view severity) {
  return severity == "high" ? "80" : severity == "low" ? "20" : "50";
}

}  // namespace

Result<IodefImportResult> ImportIodef(store::Database& db, const Clock& clock, const Actor& actor,
                                      std::string_view xml, const IodefImportOptions& options) {
  auto doc = iodef::Read(xml);
  if (!doc.ok()) return doc.status();
  if (!options.rsit_class.empty() || !options.rsit_type.empty()) {
    auto known = RsitTaxonomy::Get().Find(options.rsit_class, options.rsit_type);
    if (!known.ok()) return known.status().WithPrefix("--rsit");
  }
  IodefImportResult result;
  result.skipped = doc->skipped;
  struct Planned {
    std::string where;
    Incident draft;
    std::vector<std::pair<std::string, std::string>> objects;
    std::vector<Task> tasks;
  };
  std::vector<Planned> plan;
  const Micros now = clock.Now() / 1000 * 1000;
  for (const iodef::Incident& in : doc->incidents) {
    const std::string where = "Incident " + in.id_name + " " + in.id;
    Incident draft;
    draft.name = in.descriptions.empty() ? in.id_name + " " + in.id : in.descriptions.front();
    if (draft.name.size() > 500) draft.name = draft.name.substr(0, 497) + "...";
    for (size_t k = in.descriptions.empty() ? 0 : 1; k < in.descriptions.size(); ++k) {
      draft.description += (draft.description.empty() ? "" : "\n\n") + in.descriptions[k];
    }
    if (!in.descriptions.empty() && in.descriptions.front().size() > 500) {
      draft.description = in.descriptions.front() + "\n\n" + draft.description;
    }
    draft.purpose =
        std::find(std::begin(kPurposes), std::end(kPurposes), in.purpose) != std::end(kPurposes)
            ? in.purpose
            : "other";
    draft.investigation_status = in.status == "resolved"                                  ? "closed"
                                 : in.status == "in-progress" || in.status == "forwarded" ? "open"
                                                                                          : "new";
    draft.tlp = TlpOfRestriction(in);
    draft.pap = "PAP:" + std::string(sharing::TlpName(draft.tlp)).substr(4);
    if (draft.pap == "PAP:AMBER+STRICT") draft.pap = "PAP:AMBER";
    draft.start_time = in.start;
    draft.end_time = in.end;
    draft.impacts = in.impacts;
    for (const std::string& c : in.categories) {
      if (!ReadRsitCategory(c, &draft)) result.skipped.push_back(where + ": IncidentCategory " + c);
    }
    if (draft.rsit_class.empty()) {
      draft.rsit_class = options.rsit_class.empty() ? "other" : options.rsit_class;
      draft.rsit_type = options.rsit_type.empty() ? "undetermined" : options.rsit_type;
    }
    draft.external_references.push_back({"iodef:" + in.id_name, in.id, "IODEF IncidentID"});
    for (const iodef::Contact& c : in.contacts) {
      draft.external_references.push_back({"iodef-contact:" + c.role, c.email, c.name});
    }
    for (const iodef::Extra& e : in.extras) ApplyExtra(e, &draft, &result.skipped, where);
    if (in.detect != 0) result.skipped.push_back(where + ": DetectTime");
    if (in.report != 0) result.skipped.push_back(where + ": ReportTime");
    if (!in.history.empty()) {
      result.skipped.push_back(where + ": History, " + std::to_string(in.history.size()) +
                               " item(s) (Concord's audit log starts at the import)");
    }
    const std::vector<std::string> audience{actor.org_identity};
    std::vector<std::pair<std::string, std::string>> objects;
    for (const iodef::Related& r : in.related) {
      const std::string id = r.kind + "--" + UuidV4();
      std::string json;
      json::Writer w(&json);
      BeginImported(w, r.kind, id, actor, now, draft.tlp);
      w.Key("name").String(r.description.empty() ? r.id : r.description);
      EndImported(w, "iodef:" + in.id_name, r.id, "", audience);
      objects.emplace_back(id, std::move(json));
    }
    for (const iodef::Indicator& n : in.indicators) {
      std::string pattern;
      for (const std::string& v : n.values) {
        pattern +=
            (pattern.empty() ? "[" : " OR [") + StixKind(n.kind) + ":value = " + Quoted(v) + "]";
      }
      const std::string id = "indicator--" + UuidV4();
      std::string json;
      json::Writer w(&json);
      BeginImported(w, "indicator", id, actor, now, draft.tlp);
      w.Key("name").String(n.description.empty() ? "IODEF indicator " + n.id : n.description);
      w.Key("indicator_types").BeginArray().String("malicious-activity").EndArray();
      w.Key("pattern").String(pattern).Key("pattern_type").String("stix");
      const Micros from = n.start != 0 ? n.start : in.generated != 0 ? in.generated : now;
      w.Key("valid_from").String(FormatTimestampMillis(from));
      if (n.end > from) w.Key("valid_until").String(FormatTimestampMillis(n.end));
      EndImported(w, "iodef:" + n.id_name, n.id, "IndicatorID version " + n.version, audience);
      objects.emplace_back(id, std::move(json));
    }
    for (const auto& [id, json] : objects) draft.object_refs.push_back(id);
    std::vector<Task> tasks;
    for (const iodef::Expectation& e : in.expectations) {
      Task t;
      const std::string action = e.action == "ext-value" ? e.ext_action : e.action;
      t.name = "Expected by " + in.id_name + ": " + action;
      t.description = e.description;
      if (!e.contact.name.empty()) {
        t.description += (t.description.empty() ? "" : "\n") + std::string("Of: ") + e.contact.name;
      }
      t.due = e.end;
      t.priority = std::atoi(TaskPriority(e.severity));
      tasks.push_back(std::move(t));
    }
    // Every incident of the document is checked before the first is stored: a document with
    // one that does not validate stores nothing, and the error says which and why.
    CONCORD_RETURN_IF_ERROR(ValidateIncident(draft).WithPrefix(where));
    for (size_t k = 0; k < tasks.size(); ++k) {
      CONCORD_RETURN_IF_ERROR(
          ValidateTask(tasks[k]).WithPrefix(where + ": Expectation " + std::to_string(k + 1)));
    }
    plan.push_back({where, std::move(draft), std::move(objects), std::move(tasks)});
  }
  // Each incident is then one transaction with what came with it.
  Desk desk(db, clock, actor);
  for (Planned& p : plan) {
    auto opened = desk.OpenWith(p.draft, p.objects, p.tasks);
    if (!opened.ok()) return opened.status().WithPrefix(p.where);
    result.linked_objects += static_cast<int>(p.objects.size());
    result.tasks += static_cast<int>(p.tasks.size());
    result.incidents.push_back(std::move(*opened));
  }
  return result;
}

Result<std::string> ExportIodef(store::Database& db, const Clock& clock, const Actor& actor,
                                std::string_view incident_id) {
  auto page = LoadPage(db, clock, actor, incident_id);
  if (!page.ok()) return page.status();
  const Incident& i = page->row.incident;
  iodef::Incident out;
  out.id_name = i.owner;
  out.id = i.id;
  for (const ExternalReference& e : i.external_references) {
    if (e.source.rfind("iodef:", 0) == 0 && !e.external_id.empty()) {
      out.id_name = e.source.substr(6);
      out.id = e.external_id;
      break;
    }
  }
  out.purpose = !i.purpose.empty()       ? i.purpose
                : page->requests.empty() ? "reporting"
                                         : "mitigation";
  out.status = i.investigation_status == "closed" ? "resolved"
               : i.investigation_status == "open" ? "in-progress"
                                                  : "new";
  RestrictionOfTlp(i.tlp, &out);
  out.start = i.start_time;
  out.end = i.end_time;
  out.report = i.created;
  out.generated = clock.Now() / 1000 * 1000;
  out.descriptions.push_back(i.name);
  if (!i.description.empty()) out.descriptions.push_back(i.description);
  out.categories.push_back(RsitCategory(i));
  out.impacts = i.impacts;
  // Who: the contacts it came with, else its owner as creator; then its participants.
  bool creator = false;
  for (const ExternalReference& e : i.external_references) {
    if (e.source.rfind("iodef-contact:", 0) != 0) continue;
    iodef::Contact c;
    c.role = e.source.substr(14);
    c.name = e.description;
    c.email = e.external_id;
    creator = creator || c.role == "creator";
    out.contacts.push_back(std::move(c));
  }
  auto team_email = [&](const std::string& identity) {
    const directory::Team* team = page->names.TeamOf(identity);
    return team == nullptr ? std::string() : team->email;
  };
  if (!creator) {
    out.contacts.insert(
        out.contacts.begin(),
        {"creator", "organization", page->names.NameOf(i.owner), team_email(i.owner), i.owner});
  }
  for (const std::string& p : i.participants) {
    out.contacts.push_back({"cc-irt", "organization", page->names.NameOf(p), team_email(p), p});
  }
  // What was asked of whom: the requests this organisation sent or received.
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kActions = {
      {"block", {"block-host", ""}},
      {"identify", {"investigate", ""}},
      {"notify-victim", {"contact-target-site", ""}},
      {"share-information", {"status-new-info", ""}},
      {"take-down", {"ext-value", "take-down"}},
      {"preserve-logs", {"ext-value", "preserve-logs"}},
      {"analyse-sample", {"ext-value", "analyse-sample"}},
      {"other", {"other", ""}}};
  for (const RequestState& r : page->requests) {
    const Request& q = r.request;
    iodef::Expectation e;
    auto action = kActions.find(q.action);
    if (action != kActions.end()) std::tie(e.action, e.ext_action) = action->second;
    e.severity = q.severity == "critical" ? "high" : q.severity;
    e.description = q.text;
    e.start = q.created;
    e.end = q.deadline != 0 ? q.deadline : q.complete_by;
    e.contact = {"irt", "organization", page->names.NameOf(q.recipient), team_email(q.recipient),
                 q.recipient};
    out.expectations.push_back(std::move(e));
  }
  // Linked objects this organisation may see: threat actors, campaigns, and indicators whose
  // pattern is a list of values of one kind.
  auto linked = VisibleLinkedObjects(db, actor, i);
  if (!linked.ok()) return linked.status();
  std::set<std::string> indicator_ids;
  for (const store::StoredObject& o : *linked) {
    json::Document doc;
    if (!doc.ParseAll(o.json).ok()) continue;
    const json::Value v = doc.root();
    std::string source, external_id, description;
    const json::Value refs = v["external_references"];
    for (uint32_t k = 0; refs.is_array() && k < refs.size(); ++k) {
      if (refs.at(k)["source_name"].str().rfind("iodef:", 0) == 0) {
        source = refs.at(k)["source_name"].str().substr(6);
        external_id = refs.at(k)["external_id"].str();
        description = refs.at(k)["description"].str();
        break;
      }
    }
    if (o.type == "threat-actor" || o.type == "campaign") {
      out.related.push_back({o.type, external_id.empty() ? o.id : external_id, v["name"].str()});
    } else if (o.type == "indicator" && v["pattern_type"].str_equals("stix")) {
      auto pattern = stix::pattern::Parse(v["pattern"].str());
      std::string type;
      iodef::Indicator n;
      if (!pattern.ok() || !SimpleList(*pattern->root, &type, &n.values)) continue;
      n.kind = IodefKind(type);
      if (n.kind.empty()) continue;
      // An IndicatorID is an XML ID: unique in the document, and a name (a STIX id is one).
      n.id = !external_id.empty() && !indicator_ids.count(external_id) ? external_id : o.id;
      n.id_name = source.empty() ? o.created_by_ref : source;
      if (description.rfind("IndicatorID version ", 0) == 0) n.version = description.substr(20);
      indicator_ids.insert(n.id);
      n.description = v["name"].str();
      if (auto from = ParseTimestamp(v["valid_from"].str()); from.ok()) n.start = *from;
      if (auto until = ParseTimestamp(v["valid_until"].str()); until.ok()) n.end = *until;
      out.indicators.push_back(std::move(n));
    }
  }
  for (const AuditRecord& a : page->timeline) {
    out.history.push_back(
        {a.at, "status-new-info",
         a.actor + ": " + a.action + " " + a.subject + " " + FormatTimestampMillis(a.version)});
  }
  out.extras.push_back({"concord:pap", "string", i.pap});
  out.extras.push_back({"concord:determination", "string", i.determination});
  if (i.criticality >= 0) {
    out.extras.push_back({"concord:criticality", "integer", std::to_string(i.criticality)});
  }
  if (!i.recoverability.empty()) {
    out.extras.push_back({"concord:recoverability", "string", i.recoverability});
  }
  if (!i.countries.empty())
    out.extras.push_back({"concord:countries", "string", Join(i.countries, ",")});
  iodef::Document document;
  document.incidents.push_back(std::move(out));
  return iodef::Write(document);
}

Result<std::string> ExportStixBundle(store::Database& db, const Clock& clock, const Actor& actor,
                                     std::string_view incident_id) {
  auto page = LoadPage(db, clock, actor, incident_id);
  if (!page.ok()) return page.status();
  const Incident& i = page->row.incident;
  std::string out;
  json::Writer w(&out);
  w.BeginObject().Key("type").String("bundle").Key("id").String("bundle--" + UuidV4());
  w.Key("objects").BeginArray();
  // Every version the timeline logs (each entry's "after"), once, oldest first.
  std::set<std::pair<std::string, Micros>> written;
  for (const AuditRecord& a : page->timeline) {
    if (!a.after.empty() && written.insert({a.subject, a.version}).second) w.Raw(a.after);
  }
  auto linked = VisibleLinkedObjects(db, actor, i);
  if (!linked.ok()) return linked.status();
  for (const store::StoredObject& o : *linked) w.Raw(o.json);
  // The audit log: the hash chain as recorded, entry by entry.
  const Micros now = clock.Now() / 1000 * 1000;
  w.BeginObject();
  w.Key("type").String("x-concord-audit-log").Key("spec_version").String("2.1");
  w.Key("id").String("x-concord-audit-log--" + UuidV5(kAuditLogNamespace, i.id));
  w.Key("created").String(FormatTimestampMillis(now));
  w.Key("modified").String(FormatTimestampMillis(now));
  w.Key("incident_ref").String(i.id);
  w.Key("entries").BeginArray();
  for (const AuditRecord& a : page->timeline) {
    w.BeginObject();
    w.Key("seq").Int(a.seq).Key("at").String(FormatTimestamp(a.at));
    w.Key("actor").String(a.actor).Key("action").String(a.action);
    w.Key("subject_ref").String(a.subject).Key("version").String(FormatTimestamp(a.version));
    if (a.previous_version != 0) {
      w.Key("previous_version").String(FormatTimestamp(a.previous_version));
    }
    w.Key("content_sha256").String(a.content_hash);
    w.Key("previous_hash").String(a.prev_hash).Key("hash").String(a.hash);
    w.EndObject();
  }
  w.EndArray();
  w.Key("extensions").BeginObject().Key(kAuditLogExtension).BeginObject();
  w.Key("extension_type").String("new-sdo").EndObject().EndObject();
  w.EndObject();
  w.EndArray().EndObject();
  return out;
}

Result<BundleAudit> VerifyBundleAudit(std::string_view bundle) {
  json::Document doc;
  if (Status st = doc.ParseAll(bundle); !st.ok()) return st.WithPrefix("bundle");
  const json::Value root = doc.root();
  if (!root["type"].str_equals("bundle") || !root["objects"].is_array()) {
    return Status::InvalidArgument(
        "bundle: not a STIX bundle (no \"type\": \"bundle\" with "
        "\"objects\")");
  }
  // Each version in the bundle, by id and time, as the exporter wrote it.
  std::map<std::pair<std::string, Micros>, std::string_view> versions;
  for (json::Value o : root["objects"]) {
    auto modified = ParseTimestamp(o["modified"].str());
    if (modified.ok()) versions[{std::string(o["id"].str()), *modified}] = o.raw();
  }
  BundleAudit out;
  size_t logs = 0;
  for (uint32_t n = 0; n < root["objects"].size(); ++n) {
    const json::Value log = root["objects"].at(n);
    if (!log["type"].str_equals("x-concord-audit-log")) continue;
    ++logs;
    const std::string where = "objects[" + std::to_string(n) + "]";
    const std::string incident(log["incident_ref"].str());
    if (incident.empty() || !log["entries"].is_array()) {
      return Status::InvalidArgument(where + ": an audit log needs incident_ref and entries");
    }
    int64_t last_seq = 0;
    std::string last_hash;
    for (uint32_t k = 0; k < log["entries"].size(); ++k) {
      const json::Value e = log["entries"].at(k);
      const std::string at = where + ".entries[" + std::to_string(k) + "]";
      AuditRecord r;
      r.incident_id = incident;
      auto seq = e["seq"].as_int();
      auto when = ParseTimestamp(e["at"].str());
      auto version = ParseTimestamp(e["version"].str());
      Result<Micros> previous = Micros{0};
      if (e["previous_version"].exists()) previous = ParseTimestamp(e["previous_version"].str());
      if (!seq || *seq <= 0 || !when.ok() || !version.ok() || !previous.ok() ||
          !e["hash"].is_string() || !e["previous_hash"].is_string() ||
          !e["content_sha256"].is_string() || !e["subject_ref"].is_string()) {
        return Status::InvalidArgument(at +
                                       ": an entry needs seq, at, actor, action, "
                                       "subject_ref, version, content_sha256, previous_hash "
                                       "and hash");
      }
      r.seq = *seq;
      r.at = *when;
      r.actor = e["actor"].str();
      r.action = e["action"].str();
      r.subject = e["subject_ref"].str();
      r.version = *version;
      r.previous_version = *previous;
      r.content_hash = e["content_sha256"].str();
      r.prev_hash = e["previous_hash"].str();
      r.hash = e["hash"].str();
      ++out.entries;
      if (AuditHash(r) != r.hash) {
        out.problems.push_back({incident, r.seq, "its content does not match its hash"});
      }
      if (k > 0 && r.seq <= last_seq) {
        out.problems.push_back(
            {incident, r.seq, "out of order (after entry " + std::to_string(last_seq) + ")"});
      }
      // The link to the chain's entry before it: the bundle's previous entry, unless the
      // exporter could not see that one (or it was taken out).
      if (r.prev_hash != last_hash) ++out.gaps;
      if (auto it = versions.find({r.subject, r.version}); it != versions.end()) {
        ++out.versions_checked;
        if (accounts::Sha256Hex(it->second) != r.content_hash) {
          out.problems.push_back(
              {incident, r.seq, "the record's version in the bundle is not the one logged"});
        }
      }
      last_seq = std::max(last_seq, r.seq);
      last_hash = r.hash;
    }
  }
  if (logs == 0) {
    return Status::InvalidArgument(
        "bundle: no x-concord-audit-log object (export the incident "
        "with `concord incident export ID --format stix`)");
  }
  return out;
}

}  // namespace concord::incidents
