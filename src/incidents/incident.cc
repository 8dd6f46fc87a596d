#include "incidents/incident.h"

#include <algorithm>

#include "common/strings.h"
#include "directory/team.h"
#include "incidents/rsit.h"
#include "stix/validate.h"

namespace concord::incidents {
namespace {

bool IsIdentity(std::string_view s) {
  return s.rfind("identity--", 0) == 0 && stix::IsIdentifier(s);
}

Status CheckIdentities(std::string_view field, const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!IsIdentity(ids[i])) {
      return Status::InvalidArgument(std::string(field) + "[" + std::to_string(i) +
                                     "]: not an identity id: " + Printable(ids[i]));
    }
  }
  return Status::Ok();
}

Status CheckRefs(std::string_view field, const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!stix::IsIdentifier(ids[i])) {
      return Status::InvalidArgument(std::string(field) + "[" + std::to_string(i) +
                                     "]: not a STIX id: " + Printable(ids[i]));
    }
  }
  return Status::Ok();
}

// "system:<SystemImpact type>", "business:<BusinessImpact type>" or "intended:<the same>".
Status CheckImpact(std::string_view impact) {
  const size_t colon = impact.find(':');
  const std::string_view kind = impact.substr(0, colon);
  const std::string_view type = colon == std::string_view::npos ? "" : impact.substr(colon + 1);
  if (kind == "system") return CheckOneOf("system", type, kSystemImpacts);
  if (kind == "business" || kind == "intended") return CheckOneOf(kind, type, kBusinessImpacts);
  return Status::InvalidArgument("\"" + Printable(impact) +
                                 "\": expected system:TYPE, business:TYPE or intended:TYPE");
}

Status CheckRange(std::string_view field, int value) {
  if (value < -1 || value > 100) {
    return Status::InvalidArgument(std::string(field) + ": must be 0 to 100");
  }
  return Status::Ok();
}

void WriteStrings(json::Writer& w, std::string_view key, const std::vector<std::string>& list) {
  w.Key(key).BeginArray();
  for (const auto& s : list) w.String(s);
  w.EndArray();
}

// STIX forbids empty lists: an empty one is left out.
void WriteStixList(json::Writer& w, std::string_view key, const std::vector<std::string>& list) {
  if (list.empty()) return;
  w.Key(key).BeginArray();
  for (const auto& s : list) w.String(s);
  w.EndArray();
}

// STIX's external_references (left out when empty, as STIX wants); the JSON form always has it.
void WriteExternalReferences(json::Writer& w, const std::vector<ExternalReference>& refs,
                             bool stix) {
  if (stix && refs.empty()) return;
  w.Key("external_references").BeginArray();
  for (const ExternalReference& e : refs) {
    w.BeginObject().Key("source_name").String(e.source);
    if (!e.external_id.empty()) w.Key("external_id").String(e.external_id);
    if (!e.description.empty()) w.Key("description").String(e.description);
    w.EndObject();
  }
  w.EndArray();
}

void WriteTime(json::Writer& w, std::string_view key, Micros t) {
  if (t != 0) w.Key(key).String(FormatTimestampMillis(t));
}

// The envelope every Concord record shares: type, id, owner, times, TLP and its audience.
void BeginObject(json::Writer& w, std::string_view type, const std::string& id,
                 const std::string& owner, Micros created, Micros modified, sharing::Tlp tlp) {
  w.BeginObject();
  w.Key("type").String(type).Key("spec_version").String("2.1").Key("id").String(id);
  w.Key("created_by_ref").String(owner);
  w.Key("created").String(FormatTimestampMillis(created));
  w.Key("modified").String(FormatTimestampMillis(modified));
  w.Key("object_marking_refs").BeginArray().String(sharing::TlpMarkingId(tlp)).EndArray();
}

void WriteAudience(json::Writer& w, const std::vector<std::string>& audience) {
  w.Key(sharing::kDistributionExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  w.Key("distribution").String("participants");
  WriteStrings(w, "participants", audience);
  w.EndObject();
}

// The end of a Concord new SDO: its extension definition's marker and its audience.
void EndNewSdo(json::Writer& w, std::string_view extension,
               const std::vector<std::string>& audience) {
  w.Key("extensions").BeginObject();
  w.Key(extension).BeginObject().Key("extension_type").String("new-sdo").EndObject();
  WriteAudience(w, audience);
  w.EndObject();
  w.EndObject();
}

// Reading back: the helpers below collect the first error with the field's name.
struct Reader {
  json::Value object;
  std::string prefix;
  Status status;

  void Fail(std::string_view field, std::string_view why) {
    if (status.ok())
      status = Status::InvalidArgument(prefix + std::string(field) + ": " + std::string(why));
  }
  std::string Str(json::Value v, std::string_view field, bool required = false) {
    if (!v.exists()) {
      if (required) Fail(field, "is required");
      return "";
    }
    if (!v.is_string()) {
      Fail(field, "must be a string");
      return "";
    }
    return v.str();
  }
  int Int(json::Value v, std::string_view field) {
    if (!v.exists()) return -1;
    auto i = v.as_int();
    if (!i || *i < 0 || *i > 100) {
      Fail(field, "must be an integer from 0 to 100");
      return -1;
    }
    return static_cast<int>(*i);
  }
  Micros Time(json::Value v, std::string_view field, bool required = false) {
    const std::string text = Str(v, field, required);
    if (text.empty()) return 0;
    auto t = ParseTimestamp(text);
    if (!t.ok()) {
      Fail(field, t.status().message());
      return 0;
    }
    return *t;
  }
  std::vector<ExternalReference> References(json::Value v, std::string_view field);
  std::vector<std::string> List(json::Value v, std::string_view field) {
    std::vector<std::string> out;
    if (!v.exists()) return out;
    if (!v.is_array()) {
      Fail(field, "must be an array of strings");
      return out;
    }
    for (uint32_t i = 0; i < v.size(); ++i) {
      if (!v.at(i).is_string()) {
        Fail(std::string(field) + "[" + std::to_string(i) + "]", "must be a string");
        return out;
      }
      out.push_back(v.at(i).str());
    }
    return out;
  }
};

std::vector<ExternalReference> Reader::References(json::Value v, std::string_view field) {
  std::vector<ExternalReference> out;
  if (!v.exists()) return out;
  if (!v.is_array()) {
    Fail(field, "must be an array of objects");
    return out;
  }
  for (uint32_t k = 0; k < v.size(); ++k) {
    const std::string at = std::string(field) + "[" + std::to_string(k) + "]";
    if (!v.at(k).is_object()) {
      Fail(at, "must be an object");
      return out;
    }
    out.push_back({Str(v.at(k)["source_name"], at + ".source_name", true),
                   Str(v.at(k)["external_id"], at + ".external_id"),
                   Str(v.at(k)["description"], at + ".description")});
  }
  return out;
}

// The TLP of a stored object: its most restrictive TLP marking (AMBER when it has none).
sharing::Tlp TlpOf(json::Value object) {
  std::optional<sharing::Tlp> tlp;
  const json::Value refs = object["object_marking_refs"];
  for (uint32_t i = 0; refs.is_array() && i < refs.size(); ++i) {
    if (auto t = sharing::TlpOfMarking(refs.at(i).str()); t && (!tlp || *t > *tlp)) tlp = t;
  }
  return tlp.value_or(sharing::Tlp::kAmber);
}

std::vector<std::string> AudienceOf(json::Value object, Reader& r) {
  auto d = sharing::ReadDistribution(object);
  if (!d.ok()) {
    r.Fail("distribution", d.status().message());
    return {};
  }
  if (!d->has_value() || (*d)->scope != sharing::Scope::kParticipants) {
    r.Fail("distribution", "must be \"participants\"");
    return {};
  }
  return (*d)->participants;
}

void Envelope(Reader& r, std::string* id, std::string* owner, Micros* created, Micros* modified,
              sharing::Tlp* tlp) {
  *id = r.Str(r.object["id"], "id", true);
  const std::string type = r.Str(r.object["type"], "type", true);
  if (!stix::IsIdentifier(*id) || id->rfind(type + "--", 0) != 0)
    r.Fail("id", "not a " + type + " id");
  *owner = r.Str(r.object["created_by_ref"], "created_by_ref", true);
  if (!IsIdentity(*owner)) r.Fail("created_by_ref", "not an identity id");
  *created = r.Time(r.object["created"], "created", true);
  if (modified) *modified = r.Time(r.object["modified"], "modified", true);
  *tlp = TlpOf(r.object);
}

// Which fields of a body a person may send; anything else is refused by name.
Status OnlyFields(json::Value body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string_view key = it.member().key;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      return Status::InvalidArgument(std::string(key) + ": unknown field (one of: " + names + ")");
    }
  }
  return Status::Ok();
}

Result<sharing::Tlp> TlpField(json::Value v) {
  if (!v.is_string()) return Status::InvalidArgument("tlp: must be a string");
  auto t = sharing::ParseTlp(v.str());
  if (!t) {
    return Status::InvalidArgument("tlp: unknown level \"" + Printable(v.str()) +
                                   "\" (clear, green, amber, amber+strict, red)");
  }
  return *t;
}

}  // namespace

std::vector<std::string> Incident::Audience() const {
  std::vector<std::string> out{owner};
  for (const auto& p : participants) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

Status CheckOneOf(std::string_view field, std::string_view value,
                  const std::vector<std::string_view>& valid) {
  if (std::find(valid.begin(), valid.end(), value) != valid.end()) return Status::Ok();
  std::string names;
  for (std::string_view v : valid) names += (names.empty() ? "" : ", ") + std::string(v);
  return Status::InvalidArgument(std::string(field) + ": \"" + Printable(value) +
                                 "\" is not one of " + names);
}

Status ValidateIncident(const Incident& i) {
  if (TrimWhitespace(i.name).empty()) return Status::InvalidArgument("name: is required");
  if (i.name.size() > 500) return Status::InvalidArgument("name: at most 500 characters");
  if (i.description.size() > 100000) {
    return Status::InvalidArgument("description: at most 100000 characters");
  }
  if (i.rsit_class.empty()) {
    return Status::InvalidArgument("rsit_class: is required (the RSIT classification)");
  }
  if (i.rsit_type.empty()) return Status::InvalidArgument("rsit_type: is required");
  auto type = RsitTaxonomy::Get().Find(i.rsit_class, i.rsit_type);
  if (!type.ok()) return type.status();
  CONCORD_RETURN_IF_ERROR(
      CheckOneOf("investigation_status", i.investigation_status, kInvestigationStatuses));
  CONCORD_RETURN_IF_ERROR(CheckOneOf("determination", i.determination, kDeterminations));
  CONCORD_RETURN_IF_ERROR(CheckRange("criticality", i.criticality));
  if (!i.recoverability.empty()) {
    CONCORD_RETURN_IF_ERROR(CheckOneOf("recoverability", i.recoverability, kRecoverabilities));
  }
  CONCORD_RETURN_IF_ERROR(CheckOneOf("pap", i.pap, kPapLevels));
  CONCORD_RETURN_IF_ERROR(CheckIdentities("participants", i.participants));
  for (size_t k = 0; k < i.countries.size(); ++k) {
    auto c = directory::NormaliseCountryCode(i.countries[k]);
    if (!c.ok()) return c.status().WithPrefix("countries[" + std::to_string(k) + "]");
  }
  CONCORD_RETURN_IF_ERROR(CheckIdentities("constituencies", i.constituencies));
  if (!i.purpose.empty()) CONCORD_RETURN_IF_ERROR(CheckOneOf("purpose", i.purpose, kPurposes));
  if (i.start_time != 0 && i.end_time != 0 && i.end_time < i.start_time) {
    return Status::InvalidArgument("end_time: before start_time");
  }
  for (size_t k = 0; k < i.impacts.size(); ++k) {
    CONCORD_RETURN_IF_ERROR(
        CheckImpact(i.impacts[k]).WithPrefix("impacts[" + std::to_string(k) + "]"));
  }
  for (size_t k = 0; k < i.external_references.size(); ++k) {
    const ExternalReference& e = i.external_references[k];
    if (e.source.empty() || e.source.size() > 200 || e.external_id.size() > 500 ||
        e.description.size() > 1000) {
      return Status::InvalidArgument("external_references[" + std::to_string(k) +
                                     "]: a source (at most 200 characters) is required; the id "
                                     "takes at most 500, the description 1000");
    }
  }
  return CheckRefs("object_refs", i.object_refs);
}

// A reference to a record of `type` ("incident--<uuid>"); empty is allowed while a draft.
static Status CheckRefTo(std::string_view field, std::string_view id, std::string_view type) {
  if (id.empty() ||
      (stix::IsIdentifier(id) && id.substr(0, type.size() + 2) == std::string(type) + "--")) {
    return Status::Ok();
  }
  return Status::InvalidArgument(std::string(field) + ": not a " + std::string(type) +
                                 " id: " + Printable(id));
}

Status ValidateTask(const Task& t) {
  if (TrimWhitespace(t.name).empty()) return Status::InvalidArgument("name: is required");
  CONCORD_RETURN_IF_ERROR(CheckRefTo("incident_ref", t.incident_id, "incident"));
  CONCORD_RETURN_IF_ERROR(CheckOneOf("outcome", t.outcome, kTaskOutcomes));
  CONCORD_RETURN_IF_ERROR(CheckRange("priority", t.priority));
  if (!t.assignee.empty() && t.assignee.rfind("user:", 0) != 0 && !IsIdentity(t.assignee)) {
    return Status::InvalidArgument(
        "assignee: \"user:NAME\" (a user of this node) or a participant's identity id");
  }
  return Status::Ok();
}

Status ValidateRequest(const Request& r) {
  CONCORD_RETURN_IF_ERROR(CheckRefTo("incident_ref", r.incident_id, "incident"));
  CONCORD_RETURN_IF_ERROR(CheckOneOf("action", r.action, kRequestActions));
  CONCORD_RETURN_IF_ERROR(CheckOneOf("severity", r.severity, kSeverities));
  if (!IsIdentity(r.recipient)) {
    return Status::InvalidArgument("recipient: not an identity id: " + Printable(r.recipient));
  }
  if (r.recipient == r.requester) {
    return Status::InvalidArgument("recipient: a team does not send a request to itself");
  }
  if (r.text.size() > 100000) return Status::InvalidArgument("text: at most 100000 characters");
  return CheckRefs("evidence_refs", r.evidence_refs);
}

Status ValidateUpdate(const RequestUpdate& u) {
  CONCORD_RETURN_IF_ERROR(CheckRefTo("incident_ref", u.incident_id, "incident"));
  CONCORD_RETURN_IF_ERROR(CheckRefTo("request_ref", u.request_id, kRequestType));
  CONCORD_RETURN_IF_ERROR(CheckOneOf("kind", u.kind, kUpdateKinds));
  if (u.kind == "declined" && TrimWhitespace(u.text).empty()) {
    return Status::InvalidArgument("text: a decline gives its reason");
  }
  if (u.kind == "completed") {
    CONCORD_RETURN_IF_ERROR(CheckOneOf("outcome", u.outcome, {"successful", "partial", "failed"}));
  } else if (!u.outcome.empty()) {
    return Status::InvalidArgument("outcome: only a completion has an outcome");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// STIX

std::string IncidentToStix(const Incident& i) {
  std::string out;
  json::Writer w(&out);
  BeginObject(w, "incident", i.id, i.owner, i.created, i.modified, i.tlp);
  if (i.revoked) w.Key("revoked").Bool(true);
  w.Key("name").String(i.name);
  if (!i.description.empty()) w.Key("description").String(i.description);
  WriteExternalReferences(w, i.external_references, true);
  w.Key("extensions").BeginObject();
  w.Key(kIncidentCoreExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  w.Key("investigation_status").String(i.investigation_status);
  w.Key("determination").String(i.determination);
  if (i.criticality >= 0) w.Key("criticality").Int(i.criticality);
  if (!i.recoverability.empty()) w.Key("recoverability").String(i.recoverability);
  w.EndObject();
  w.Key(kConcordIncidentExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  w.Key("rsit_class").String(i.rsit_class).Key("rsit_type").String(i.rsit_type);
  w.Key("pap").String(i.pap);
  WriteStixList(w, "participants", i.participants);
  WriteStixList(w, "countries", i.countries);
  WriteStixList(w, "constituencies", i.constituencies);
  WriteStixList(w, "object_refs", i.object_refs);
  if (!i.purpose.empty()) w.Key("purpose").String(i.purpose);
  WriteTime(w, "start_time", i.start_time);
  WriteTime(w, "end_time", i.end_time);
  WriteStixList(w, "impacts", i.impacts);
  w.EndObject();
  WriteAudience(w, i.Audience());
  w.EndObject();
  w.EndObject();
  return out;
}

std::string TaskToStix(const Task& t) {
  std::string out;
  json::Writer w(&out);
  BeginObject(w, "task", t.id, t.owner, t.created, t.modified, t.tlp);
  w.Key("name").String(t.name);
  if (!t.description.empty()) w.Key("description").String(t.description);
  w.Key("outcome").String(t.outcome);
  if (t.priority >= 0) w.Key("priority").Int(t.priority);
  w.Key("extensions").BeginObject();
  w.Key(kTaskExtension).BeginObject().Key("extension_type").String("new-sdo").EndObject();
  w.Key(kConcordTaskExtension).BeginObject();
  w.Key("extension_type").String("property-extension");
  w.Key("incident_ref").String(t.incident_id);
  if (!t.assignee.empty()) w.Key("assignee").String(t.assignee);
  WriteTime(w, "due", t.due);
  w.EndObject();
  WriteAudience(w, t.audience);
  w.EndObject();
  w.EndObject();
  return out;
}

std::string RequestToStix(const Request& r) {
  std::string out;
  json::Writer w(&out);
  BeginObject(w, kRequestType, r.id, r.requester, r.created, r.modified, r.tlp);
  w.Key("incident_ref").String(r.incident_id);
  w.Key("recipient_ref").String(r.recipient);
  w.Key("action").String(r.action);
  if (!r.text.empty()) w.Key("text").String(r.text);
  w.Key("severity").String(r.severity);
  WriteStixList(w, "evidence_refs", r.evidence_refs);
  WriteTime(w, "deadline", r.deadline);
  WriteTime(w, "acknowledge_by", r.acknowledge_by);
  WriteTime(w, "complete_by", r.complete_by);
  if (!r.requester_reference.empty()) w.Key("requester_reference").String(r.requester_reference);
  EndNewSdo(w, kRequestExtension, {r.requester, r.recipient});
  return out;
}

std::string UpdateToStix(const RequestUpdate& u) {
  std::string out;
  json::Writer w(&out);
  BeginObject(w, kRequestUpdateType, u.id, u.author, u.created, u.created, u.tlp);
  w.Key("request_ref").String(u.request_id);
  w.Key("incident_ref").String(u.incident_id);
  w.Key("kind").String(u.kind);
  if (!u.reference.empty()) w.Key("reference").String(u.reference);
  if (!u.text.empty()) w.Key("text").String(u.text);
  if (!u.outcome.empty()) w.Key("outcome").String(u.outcome);
  EndNewSdo(w, kRequestUpdateExtension, u.audience);
  return out;
}

bool IsConcordIncident(json::Value object) {
  return object["type"].str_equals("incident") &&
         object["extensions"][kConcordIncidentExtension].exists();
}

Result<Incident> IncidentFromStix(json::Value object) {
  Incident i;
  Reader r{object, "", {}};
  Envelope(r, &i.id, &i.owner, &i.created, &i.modified, &i.tlp);
  r.prefix = i.id + ": ";
  i.revoked = object["revoked"].is_bool() && object["revoked"].as_bool();
  i.name = r.Str(object["name"], "name", true);
  i.description = r.Str(object["description"], "description");
  const json::Value core = object["extensions"][kIncidentCoreExtension];
  i.investigation_status = r.Str(core["investigation_status"], "investigation_status", true);
  i.determination = r.Str(core["determination"], "determination", true);
  i.criticality = r.Int(core["criticality"], "criticality");
  i.recoverability = r.Str(core["recoverability"], "recoverability");
  const json::Value ext = object["extensions"][kConcordIncidentExtension];
  i.rsit_class = r.Str(ext["rsit_class"], "rsit_class", true);
  i.rsit_type = r.Str(ext["rsit_type"], "rsit_type", true);
  i.pap = r.Str(ext["pap"], "pap", true);
  i.participants = r.List(ext["participants"], "participants");
  i.countries = r.List(ext["countries"], "countries");
  i.constituencies = r.List(ext["constituencies"], "constituencies");
  i.object_refs = r.List(ext["object_refs"], "object_refs");
  i.purpose = r.Str(ext["purpose"], "purpose");
  i.start_time = r.Time(ext["start_time"], "start_time");
  i.end_time = r.Time(ext["end_time"], "end_time");
  i.impacts = r.List(ext["impacts"], "impacts");
  i.external_references = r.References(object["external_references"], "external_references");
  (void)AudienceOf(object, r);
  if (!r.status.ok()) return r.status;
  CONCORD_RETURN_IF_ERROR(ValidateIncident(i).WithPrefix(i.id));
  return i;
}

Result<Task> TaskFromStix(json::Value object) {
  Task t;
  Reader r{object, "", {}};
  Envelope(r, &t.id, &t.owner, &t.created, &t.modified, &t.tlp);
  r.prefix = t.id + ": ";
  t.name = r.Str(object["name"], "name", true);
  t.description = r.Str(object["description"], "description");
  t.outcome = r.Str(object["outcome"], "outcome", true);
  t.priority = r.Int(object["priority"], "priority");
  const json::Value ext = object["extensions"][kConcordTaskExtension];
  t.incident_id = r.Str(ext["incident_ref"], "incident_ref", true);
  t.assignee = r.Str(ext["assignee"], "assignee");
  t.due = r.Time(ext["due"], "due");
  t.audience = AudienceOf(object, r);
  if (!r.status.ok()) return r.status;
  CONCORD_RETURN_IF_ERROR(ValidateTask(t).WithPrefix(t.id));
  return t;
}

Result<Request> RequestFromStix(json::Value object) {
  Request q;
  Reader r{object, "", {}};
  Envelope(r, &q.id, &q.requester, &q.created, &q.modified, &q.tlp);
  r.prefix = q.id + ": ";
  q.incident_id = r.Str(object["incident_ref"], "incident_ref", true);
  q.recipient = r.Str(object["recipient_ref"], "recipient_ref", true);
  q.action = r.Str(object["action"], "action", true);
  q.text = r.Str(object["text"], "text");
  q.severity = r.Str(object["severity"], "severity", true);
  q.evidence_refs = r.List(object["evidence_refs"], "evidence_refs");
  q.deadline = r.Time(object["deadline"], "deadline");
  q.acknowledge_by = r.Time(object["acknowledge_by"], "acknowledge_by", true);
  q.complete_by = r.Time(object["complete_by"], "complete_by", true);
  q.requester_reference = r.Str(object["requester_reference"], "requester_reference");
  const std::vector<std::string> audience = AudienceOf(object, r);
  if (!r.status.ok()) return r.status;
  CONCORD_RETURN_IF_ERROR(ValidateRequest(q).WithPrefix(q.id));
  if (std::find(audience.begin(), audience.end(), q.recipient) == audience.end()) {
    return Status::InvalidArgument(q.id + ": distribution: does not include the recipient");
  }
  return q;
}

Result<RequestUpdate> UpdateFromStix(json::Value object) {
  RequestUpdate u;
  Reader r{object, "", {}};
  Envelope(r, &u.id, &u.author, &u.created, nullptr, &u.tlp);
  r.prefix = u.id + ": ";
  u.request_id = r.Str(object["request_ref"], "request_ref", true);
  u.incident_id = r.Str(object["incident_ref"], "incident_ref", true);
  u.kind = r.Str(object["kind"], "kind", true);
  u.reference = r.Str(object["reference"], "reference");
  u.text = r.Str(object["text"], "text");
  u.outcome = r.Str(object["outcome"], "outcome");
  u.audience = AudienceOf(object, r);
  if (!r.status.ok()) return r.status;
  CONCORD_RETURN_IF_ERROR(ValidateUpdate(u).WithPrefix(u.id));
  return u;
}

// ---------------------------------------------------------------------------------------------
// What people send

Status ApplyIncidentJson(json::Value body, Incident* i) {
  CONCORD_RETURN_IF_ERROR(OnlyFields(
      body, {"name", "description", "investigation_status", "determination", "criticality",
             "recoverability", "rsit_class", "rsit_type", "tlp", "pap", "participants", "countries",
             "constituencies", "object_refs", "purpose", "start_time", "end_time", "impacts"}));
  Reader r{body, "", {}};
  if (body["name"].exists()) i->name = r.Str(body["name"], "name");
  if (body["description"].exists()) i->description = r.Str(body["description"], "description");
  if (body["investigation_status"].exists()) {
    i->investigation_status = r.Str(body["investigation_status"], "investigation_status");
  }
  if (body["determination"].exists()) {
    i->determination = r.Str(body["determination"], "determination");
  }
  if (body["criticality"].exists()) i->criticality = r.Int(body["criticality"], "criticality");
  if (body["recoverability"].exists()) {
    i->recoverability = r.Str(body["recoverability"], "recoverability");
  }
  if (body["rsit_class"].exists()) i->rsit_class = r.Str(body["rsit_class"], "rsit_class");
  if (body["rsit_type"].exists()) i->rsit_type = r.Str(body["rsit_type"], "rsit_type");
  if (body["pap"].exists()) i->pap = r.Str(body["pap"], "pap");
  if (body["participants"].exists()) i->participants = r.List(body["participants"], "participants");
  if (body["countries"].exists()) i->countries = r.List(body["countries"], "countries");
  if (body["constituencies"].exists()) {
    i->constituencies = r.List(body["constituencies"], "constituencies");
  }
  if (body["object_refs"].exists()) i->object_refs = r.List(body["object_refs"], "object_refs");
  if (body["purpose"].exists()) i->purpose = r.Str(body["purpose"], "purpose");
  if (body["start_time"].exists()) i->start_time = r.Time(body["start_time"], "start_time");
  if (body["end_time"].exists()) i->end_time = r.Time(body["end_time"], "end_time");
  if (body["impacts"].exists()) i->impacts = r.List(body["impacts"], "impacts");
  CONCORD_RETURN_IF_ERROR(r.status);
  if (body["tlp"].exists()) {
    auto t = TlpField(body["tlp"]);
    if (!t.ok()) return t.status();
    i->tlp = *t;
  }
  if (!i->pap.empty() && i->pap.rfind("PAP:", 0) != 0) i->pap = "PAP:" + i->pap;
  for (auto& c : i->countries) {
    auto normal = directory::NormaliseCountryCode(c);
    if (normal.ok()) c = *normal;
  }
  return Status::Ok();
}

Status ApplyTaskJson(json::Value body, Task* t) {
  CONCORD_RETURN_IF_ERROR(
      OnlyFields(body, {"name", "description", "outcome", "priority", "assignee", "due"}));
  Reader r{body, "", {}};
  if (body["name"].exists()) t->name = r.Str(body["name"], "name");
  if (body["description"].exists()) t->description = r.Str(body["description"], "description");
  if (body["outcome"].exists()) t->outcome = r.Str(body["outcome"], "outcome");
  if (body["priority"].exists()) t->priority = r.Int(body["priority"], "priority");
  if (body["assignee"].exists()) t->assignee = r.Str(body["assignee"], "assignee");
  if (body["due"].exists()) t->due = r.Time(body["due"], "due");
  return r.status;
}

Status ApplyRequestJson(json::Value body, Request* q) {
  CONCORD_RETURN_IF_ERROR(
      OnlyFields(body, {"recipient", "action", "text", "severity", "evidence_refs", "deadline",
                        "tlp", "requester_reference"}));
  Reader r{body, "", {}};
  q->recipient = r.Str(body["recipient"], "recipient", true);
  q->action = r.Str(body["action"], "action", true);
  q->text = r.Str(body["text"], "text");
  if (body["severity"].exists()) q->severity = r.Str(body["severity"], "severity");
  q->evidence_refs = r.List(body["evidence_refs"], "evidence_refs");
  q->deadline = r.Time(body["deadline"], "deadline");
  q->requester_reference = r.Str(body["requester_reference"], "requester_reference");
  CONCORD_RETURN_IF_ERROR(r.status);
  if (body["tlp"].exists()) {
    auto t = TlpField(body["tlp"]);
    if (!t.ok()) return t.status();
    q->tlp = *t;
  }
  return Status::Ok();
}

Status ApplyUpdateJson(json::Value body, RequestUpdate* u) {
  CONCORD_RETURN_IF_ERROR(OnlyFields(body, {"kind", "reference", "text", "outcome"}));
  Reader r{body, "", {}};
  u->kind = r.Str(body["kind"], "kind", true);
  u->reference = r.Str(body["reference"], "reference");
  u->text = r.Str(body["text"], "text");
  u->outcome = r.Str(body["outcome"], "outcome");
  return r.status;
}

// ---------------------------------------------------------------------------------------------
// JSON

void WriteIncident(const Incident& i, json::Writer& w, const MoreMembers& more) {
  w.BeginObject();
  w.Key("id").String(i.id).Key("name").String(i.name).Key("description").String(i.description);
  w.Key("owner").String(i.owner);
  w.Key("investigation_status").String(i.investigation_status);
  w.Key("determination").String(i.determination);
  if (i.criticality >= 0) w.Key("criticality").Int(i.criticality);
  if (!i.recoverability.empty()) w.Key("recoverability").String(i.recoverability);
  w.Key("rsit_class").String(i.rsit_class).Key("rsit_type").String(i.rsit_type);
  w.Key("tlp").String(sharing::TlpName(i.tlp)).Key("pap").String(i.pap);
  WriteStrings(w, "participants", i.participants);
  WriteStrings(w, "countries", i.countries);
  WriteStrings(w, "constituencies", i.constituencies);
  WriteStrings(w, "object_refs", i.object_refs);
  if (!i.purpose.empty()) w.Key("purpose").String(i.purpose);
  WriteTime(w, "start_time", i.start_time);
  WriteTime(w, "end_time", i.end_time);
  WriteStrings(w, "impacts", i.impacts);
  WriteExternalReferences(w, i.external_references, false);
  WriteTime(w, "created", i.created);
  WriteTime(w, "modified", i.modified);
  if (i.revoked) w.Key("revoked").Bool(true);
  if (more) more(w);
  w.EndObject();
}

void WriteTask(const Task& t, json::Writer& w) {
  w.BeginObject();
  w.Key("id").String(t.id).Key("incident").String(t.incident_id).Key("owner").String(t.owner);
  w.Key("name").String(t.name).Key("description").String(t.description);
  w.Key("outcome").String(t.outcome);
  if (t.priority >= 0) w.Key("priority").Int(t.priority);
  if (!t.assignee.empty()) w.Key("assignee").String(t.assignee);
  WriteTime(w, "due", t.due);
  w.Key("tlp").String(sharing::TlpName(t.tlp));
  WriteTime(w, "created", t.created);
  WriteTime(w, "modified", t.modified);
  w.EndObject();
}

void WriteRequest(const Request& r, json::Writer& w, const MoreMembers& more) {
  w.BeginObject();
  w.Key("id").String(r.id).Key("incident").String(r.incident_id);
  w.Key("requester").String(r.requester).Key("recipient").String(r.recipient);
  w.Key("action").String(r.action).Key("text").String(r.text).Key("severity").String(r.severity);
  WriteStrings(w, "evidence_refs", r.evidence_refs);
  WriteTime(w, "deadline", r.deadline);
  WriteTime(w, "acknowledge_by", r.acknowledge_by);
  WriteTime(w, "complete_by", r.complete_by);
  if (!r.requester_reference.empty()) w.Key("requester_reference").String(r.requester_reference);
  w.Key("tlp").String(sharing::TlpName(r.tlp));
  WriteTime(w, "created", r.created);
  if (more) more(w);
  w.EndObject();
}

void WriteUpdate(const RequestUpdate& u, json::Writer& w) {
  w.BeginObject();
  w.Key("id").String(u.id).Key("request").String(u.request_id).Key("author").String(u.author);
  w.Key("kind").String(u.kind);
  if (!u.reference.empty()) w.Key("reference").String(u.reference);
  if (!u.text.empty()) w.Key("text").String(u.text);
  if (!u.outcome.empty()) w.Key("outcome").String(u.outcome);
  WriteTime(w, "at", u.created);
  w.EndObject();
}

}  // namespace concord::incidents
