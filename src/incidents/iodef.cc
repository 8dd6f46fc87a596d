#include "incidents/iodef.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "common/strings.h"

namespace concord::incidents::iodef {

// The schemas, compiled in (module.cmake embeds data/schemas/iodef/*.xsd).
extern const std::string_view kIodefSchema, kXmldsigSchema, kXmlNamespaceSchema, kEnumSchema,
    kSciSchema;

namespace {

constexpr const char* kNamespace = "urn:ietf:params:xml:ns:iodef-2.0";

// RFC 7970's schema imports four others by URL. They are served from memory and nothing else
// is loaded: the loader refuses every other URL, so a document cannot make the node read a file
// or reach the network.
xmlParserInputPtr LoadCompiledIn(const char* url, const char* /*id*/, xmlParserCtxtPtr ctxt) {
  const std::string_view name = url == nullptr ? "" : url;
  const std::string_view file = name.substr(name.rfind('/') + 1);
  std::string_view text;
  if (file == "iodef-2.0.xsd") text = kIodefSchema;
  if (file == "xmldsig-core-schema.xsd") text = kXmldsigSchema;
  if (file == "xml.xsd") text = kXmlNamespaceSchema;
  if (file == "iodef-enum-1.0.xsd") text = kEnumSchema;
  if (file == "iodef-sci-1.0.xsd") text = kSciSchema;
  if (text.empty()) return nullptr;
  // A copy: libxml2 2.9 fails to switch a static buffer to the encoding its declaration names.
  xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateMem(
      text.data(), static_cast<int>(text.size()), XML_CHAR_ENCODING_NONE);
  if (buffer == nullptr) return nullptr;
  xmlParserInputPtr input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
  if (input == nullptr) {
    xmlFreeParserInputBuffer(buffer);
    return nullptr;
  }
  input->filename = reinterpret_cast<const char*>(xmlStrdup(BAD_CAST url));
  return input;
}

void Quiet(void*, const char*, ...) {}

// The first error libxml2 reports, as "line N: message".
struct FirstError {
  std::string text;
  static void Collect(void* self, xmlErrorPtr error) {
    auto* first = static_cast<FirstError*>(self);
    if (!first->text.empty() || error == nullptr) return;
    std::string message = error->message == nullptr ? "invalid" : error->message;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    // libxml2 writes names as {namespace}Name: the namespace is IODEF's, known to the reader.
    for (size_t at;
         (at = message.find(std::string("{") + kNamespace + "}")) != std::string::npos;) {
      message.erase(at, std::strlen(kNamespace) + 2);
    }
    first->text = "line " + std::to_string(error->line) + ": " + message;
  }
};

// The compiled schema, built once and shared (validation contexts are per call).
xmlSchemaPtr Schema() {
  static xmlSchemaPtr schema = [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(LoadCompiledIn);
    xmlSetGenericErrorFunc(nullptr, Quiet);
    xmlSchemaParserCtxtPtr parser =
        xmlSchemaNewMemParserCtxt(kIodefSchema.data(), static_cast<int>(kIodefSchema.size()));
    FirstError error;  // none: the schemas are Concord's own files, checked by the tests
    xmlSchemaSetParserStructuredErrors(parser, FirstError::Collect, &error);
    xmlSchemaPtr parsed = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    return parsed;
  }();
  return schema;
}

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

// Parses and validates; the document when it is IODEF v2.
Result<DocPtr> ParseValid(std::string_view xml) {
  xmlSchemaPtr schema = Schema();
  if (schema == nullptr) return Status::Internal("the compiled-in IODEF schema did not load");
  if (xml.size() > static_cast<size_t>(INT32_MAX)) {
    return Status::InvalidArgument("the document is too large");
  }
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    xmlFreeParserCtxt);
  if (!ctxt) return Status::Internal("out of memory");
  FirstError parse_error;
  xmlSetStructuredErrorFunc(&parse_error, FirstError::Collect);
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), "document.xml",
                               nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             xmlFreeDoc);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc) {
    return Status::InvalidArgument("not well-formed XML: " +
                                   (parse_error.text.empty() ? "empty" : parse_error.text));
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return Status::InvalidArgument("a DOCTYPE is not allowed in an IODEF document");
  }
  std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> valid(
      xmlSchemaNewValidCtxt(schema), xmlSchemaFreeValidCtxt);
  FirstError error;
  xmlSchemaSetValidStructuredErrors(valid.get(), FirstError::Collect, &error);
  if (xmlSchemaValidateDoc(valid.get(), doc.get()) != 0) {
    return Status::InvalidArgument("not valid IODEF v2 (RFC 7970): " +
                                   (error.text.empty() ? "invalid" : error.text));
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Reading

bool Is(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->ns != nullptr &&
         xmlStrEqual(node->ns->href, BAD_CAST kNamespace) && xmlStrEqual(node->name, BAD_CAST name);
}

std::vector<const xmlNode*> Children(const xmlNode* node, const char* name = nullptr) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && (name == nullptr || Is(c, name))) out.push_back(c);
  }
  return out;
}

const xmlNode* Child(const xmlNode* node, const char* name) {
  auto all = Children(node, name);
  return all.empty() ? nullptr : all.front();
}

std::string Text(const xmlNode* node) {
  if (node == nullptr) return "";
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content == nullptr ? "" : reinterpret_cast<const char*>(content);
  xmlFree(content);
  return out;
}

// Text with runs of white space made one space, as an XML reader of prose expects.
std::string Prose(const xmlNode* node) {
  std::string out;
  for (char c : Text(node)) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Attr(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, BAD_CAST name);
  std::string out = value == nullptr ? "" : reinterpret_cast<const char*>(value);
  xmlFree(value);
  return out;
}

std::string Name(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

// xs:dateTime (the schema has checked its form): with Z, an offset, or none (taken as UTC).
Result<Micros> DateTime(const xmlNode* node) {
  std::string text(TrimWhitespace(Text(node)));
  Micros offset = 0;
  if (!text.empty() && text.back() == 'Z') {
    text.pop_back();
  } else if (text.size() > 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
             text[text.size() - 3] == ':') {
    const int hours = std::atoi(text.c_str() + text.size() - 5);
    const int minutes = std::atoi(text.c_str() + text.size() - 2);
    offset = (hours * 60 + minutes) * 60'000'000LL * (text[text.size() - 6] == '-' ? -1 : 1);
    text.resize(text.size() - 6);
  }
  auto t = ParseTimestamp(text + "Z");
  if (!t.ok()) return t.status().WithPrefix("line " + std::to_string(node->line));
  return *t - offset;
}

Contact ReadContact(const xmlNode* node) {
  Contact c;
  c.role = Attr(node, "role") == "ext-value" ? Attr(node, "ext-role") : Attr(node, "role");
  c.type = Attr(node, "type");
  c.name = Prose(Child(node, "ContactName"));
  if (const xmlNode* email = Child(node, "Email")) c.email = Prose(Child(email, "EmailTo"));
  for (const xmlNode* handle : Children(node, "RegistryHandle")) {
    if (Attr(handle, "registry") == "local") c.local_handle = Prose(handle);
  }
  return c;
}

// The kinds of observable value Concord turns into indicator patterns.
bool KnownKind(std::string_view kind) {
  return kind == "ipv4-addr" || kind == "ipv6-addr" || kind == "domain-name" || kind == "e-mail" ||
         kind == "site-uri";
}

class IncidentReader {
 public:
  IncidentReader(const xmlNode* node, Document* doc) : node_(node), doc_(doc) {}

  Result<Incident> Read() {
    Incident i;
    const xmlNode* id = Child(node_, "IncidentID");
    i.id = Prose(id);
    i.id_name = Attr(id, "name");
    where_ = "Incident " + i.id_name + " " + i.id;
    i.purpose =
        Attr(node_, "purpose") == "ext-value" ? Attr(node_, "ext-purpose") : Attr(node_, "purpose");
    i.status = Attr(node_, "status");
    i.restriction = Attr(node_, "restriction");
    i.ext_restriction = Attr(node_, "ext-restriction");
    for (const xmlNode* c : Children(node_)) {
      const std::string name = Name(c);
      if (name == "IncidentID") continue;
      if (name == "DetectTime" || name == "StartTime" || name == "EndTime" ||
          name == "ReportTime" || name == "GenerationTime") {
        auto t = DateTime(c);
        if (!t.ok()) return t.status();
        Micros* slot = name == "DetectTime"   ? &i.detect
                       : name == "StartTime"  ? &i.start
                       : name == "EndTime"    ? &i.end
                       : name == "ReportTime" ? &i.report
                                              : &i.generated;
        *slot = *t;
      } else if (name == "Description") {
        i.descriptions.push_back(Prose(c));
      } else if (name == "RelatedActivity") {
        ReadRelated(c, &i);
      } else if (name == "Assessment") {
        ReadAssessment(c, &i);
      } else if (name == "Contact") {
        i.contacts.push_back(ReadContact(c));
        if (Child(c, "Contact") != nullptr) Skip("Contact/Contact");
      } else if (name == "EventData") {
        CONCORD_RETURN_IF_ERROR(ReadEventData(c, &i));
      } else if (name == "IndicatorData") {
        CONCORD_RETURN_IF_ERROR(ReadIndicators(c, &i));
      } else if (name == "History") {
        for (const xmlNode* item : Children(c, "HistoryItem")) {
          auto when = DateTime(Child(item, "DateTime"));
          if (!when.ok()) return when.status();
          i.history.push_back({*when, Attr(item, "action"), Prose(Child(item, "Description"))});
        }
      } else if (name == "AdditionalData" && Attr(c, "name").rfind("concord:", 0) == 0) {
        i.extras.push_back({Attr(c, "name"), Attr(c, "dtype"), Prose(c)});
      } else {
        Skip(name);
      }
    }
    return i;
  }

 private:
  void Skip(const std::string& what) { doc_->skipped.push_back(where_ + ": " + what); }

  void ReadRelated(const xmlNode* node, Incident* i) {
    for (const xmlNode* c : Children(node)) {
      const std::string name = Name(c);
      if (name == "ThreatActor" || name == "Campaign") {
        const bool actor = name == "ThreatActor";
        i->related.push_back({actor ? "threat-actor" : "campaign",
                              Prose(Child(c, actor ? "ThreatActorID" : "CampaignID")),
                              Prose(Child(c, "Description"))});
      } else {
        Skip("RelatedActivity/" + name);
      }
    }
  }

  void ReadAssessment(const xmlNode* node, Incident* i) {
    for (const xmlNode* c : Children(node)) {
      const std::string name = Name(c);
      std::string type = Attr(c, "type");
      if (name == "IncidentCategory") {
        i->categories.push_back(Prose(c));
      } else if ((name == "SystemImpact" || name == "BusinessImpact" || name == "IntendedImpact") &&
                 type != "ext-value") {
        if (type.empty()) type = "unknown";
        // Concord writes SystemImpact type="unknown" only because the schema wants an impact
        // after a category: it says nothing, and is not kept.
        if (name == "SystemImpact" && type == "unknown" && Child(c, "Description") == nullptr) {
          continue;
        }
        const std::string kind = name == "SystemImpact"     ? "system:"
                                 : name == "BusinessImpact" ? "business:"
                                                            : "intended:";
        i->impacts.push_back(kind + type);
      } else {
        Skip("Assessment/" + name);
      }
    }
  }

  Status ReadEventData(const xmlNode* node, Incident* i) {
    for (const xmlNode* c : Children(node)) {
      const std::string name = Name(c);
      if (name != "Expectation") {
        Skip("EventData/" + name);
        continue;
      }
      Expectation e;
      e.action = Attr(c, "action").empty() ? "other" : Attr(c, "action");
      e.ext_action = Attr(c, "ext-action");
      e.severity = Attr(c, "severity");
      std::vector<std::string> text;
      for (const xmlNode* d : Children(c, "Description")) text.push_back(Prose(d));
      for (const xmlNode* d : Children(c, "DefinedCOA")) text.push_back(Prose(d));
      e.description = Join(text, "\n");
      for (const char* t : {"StartTime", "EndTime"}) {
        if (const xmlNode* at = Child(c, t)) {
          auto when = DateTime(at);
          if (!when.ok()) return when.status();
          (std::strcmp(t, "StartTime") == 0 ? e.start : e.end) = *when;
        }
      }
      if (const xmlNode* contact = Child(c, "Contact")) e.contact = ReadContact(contact);
      i->expectations.push_back(std::move(e));
    }
    return Status::Ok();
  }

  Status ReadIndicators(const xmlNode* node, Incident* i) {
    for (const xmlNode* c : Children(node, "Indicator")) {
      Indicator x;
      const xmlNode* id = Child(c, "IndicatorID");
      x.id = Prose(id);
      x.id_name = Attr(id, "name");
      x.version = Attr(id, "version");
      std::vector<std::string> text;
      for (const xmlNode* d : Children(c, "Description")) text.push_back(Prose(d));
      x.description = Join(text, "\n");
      for (const char* t : {"StartTime", "EndTime"}) {
        if (const xmlNode* at = Child(c, t)) {
          auto when = DateTime(at);
          if (!when.ok()) return when.status();
          (std::strcmp(t, "StartTime") == 0 ? x.start : x.end) = *when;
        }
      }
      const xmlNode* observable = Child(c, "Observable");
      const std::vector<const xmlNode*> inside =
          observable == nullptr ? std::vector<const xmlNode*>{} : Children(observable);
      const xmlNode* what = inside.size() == 1 ? inside.front() : nullptr;
      if (what != nullptr && Is(what, "BulkObservable")) {
        x.kind = Attr(what, "type");
        if (x.kind == "ext-value" &&
            (Attr(what, "ext-type") == "fqdn" || Attr(what, "ext-type") == "domain")) {
          x.kind = "domain-name";
        }
        for (const std::string& line : Split(Text(Child(what, "BulkObservableList")), '\n', true)) {
          const std::string value(TrimWhitespace(line));
          if (!value.empty()) x.values.push_back(value);
        }
      } else if (what != nullptr && Is(what, "Address")) {
        x.kind = Attr(what, "category").empty() ? "ipv6-addr" : Attr(what, "category");
        x.values.push_back(Prose(what));
      } else if (what != nullptr && Is(what, "DomainData")) {
        x.kind = "domain-name";
        x.values.push_back(Prose(Child(what, "Name")));
      }
      if (!KnownKind(x.kind) || x.values.empty()) {
        Skip("IndicatorData/Indicator " + x.id +
             " (only lists of IP addresses, domain names, e-mail addresses and URLs are read)");
        continue;
      }
      i->indicators.push_back(std::move(x));
    }
    return Status::Ok();
  }

  const xmlNode* node_;
  Document* doc_;
  std::string where_;
};

// ---------------------------------------------------------------------------------------------
// Writing

class XmlOut {
 public:
  XmlOut() : buffer_(xmlBufferCreate()), w_(xmlNewTextWriterMemory(buffer_, 0)) {
    xmlTextWriterSetIndent(w_, 1);
    xmlTextWriterSetIndentString(w_, BAD_CAST " ");
  }
  ~XmlOut() {
    if (w_ != nullptr) xmlFreeTextWriter(w_);
    xmlBufferFree(buffer_);
  }
  XmlOut(const XmlOut&) = delete;
  XmlOut& operator=(const XmlOut&) = delete;

  void Open(const char* name) { Check(xmlTextWriterStartElement(w_, BAD_CAST name)); }
  void Close() { Check(xmlTextWriterEndElement(w_)); }
  void Attribute(const char* name, const std::string& value) {
    if (!value.empty()) {
      Check(xmlTextWriterWriteAttribute(w_, BAD_CAST name, BAD_CAST value.c_str()));
    }
  }
  void Element(const char* name, const std::string& text) {
    Check(xmlTextWriterWriteElement(w_, BAD_CAST name, BAD_CAST Clean(text).c_str()));
  }
  void Text(const std::string& text) {
    Check(xmlTextWriterWriteString(w_, BAD_CAST Clean(text).c_str()));
  }
  void Time(const char* name, Micros t) {
    if (t != 0) Element(name, FormatTimestampMillis(t));
  }
  void Begin(const std::string& lang) {
    Check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr));
    Open("IODEF-Document");
    Attribute("version", "2.00");
    Attribute("xml:lang", lang);
    Attribute("xmlns", kNamespace);
  }
  Result<std::string> Finish() {
    Check(xmlTextWriterEndDocument(w_));
    xmlFreeTextWriter(w_);  // flushes into the buffer
    w_ = nullptr;
    if (!ok_) return Status::Internal("writing IODEF failed");
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                       xmlBufferLength(buffer_));
  }

 private:
  void Check(int rc) { ok_ = ok_ && rc >= 0; }
  // XML 1.0 cannot carry most control characters: they are left out rather than sent broken.
  static std::string Clean(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x20 || c == '\n' || c == '\t' || c == '\r') out += c;
    }
    return out;
  }

  xmlBufferPtr buffer_;
  xmlTextWriterPtr w_;
  bool ok_ = true;
};

// A value of one of IODEF's lists as the attribute, any other as ext-value with "ext-NAME".
void EnumAttribute(XmlOut& x, const char* name, const std::string& value,
                   std::initializer_list<std::string_view> listed) {
  if (std::find(listed.begin(), listed.end(), value) != listed.end()) {
    x.Attribute(name, value);
  } else {
    x.Attribute(name, "ext-value");
    x.Attribute(("ext-" + std::string(name)).c_str(), value);
  }
}

void WriteContact(XmlOut& x, const Contact& c) {
  x.Open("Contact");
  EnumAttribute(
      x, "role", c.role,
      {"creator", "reporter", "admin", "tech", "provider", "user", "billing", "legal", "abuse",
       "irt", "cc", "cc-irt", "leo", "vendor", "vendor-support", "victim", "victim-notified"});
  x.Attribute("type", c.type.empty() ? "organization" : c.type);
  if (!c.name.empty()) x.Element("ContactName", c.name);
  if (!c.local_handle.empty()) {
    x.Open("RegistryHandle");
    x.Attribute("registry", "local");
    x.Text(c.local_handle);
    x.Close();
  }
  if (!c.email.empty()) {
    x.Open("Email");
    x.Element("EmailTo", c.email);
    x.Close();
  }
  x.Close();
}

void WriteIncident(XmlOut& x, const Incident& i) {
  x.Open("Incident");
  EnumAttribute(x, "purpose", i.purpose,
                {"traceback", "mitigation", "reporting", "watch", "other"});
  x.Attribute("status", i.status);
  x.Attribute("restriction", i.restriction);
  x.Attribute("ext-restriction", i.ext_restriction);
  x.Open("IncidentID");
  x.Attribute("name", i.id_name);
  x.Text(i.id);
  x.Close();
  if (!i.related.empty()) {
    x.Open("RelatedActivity");
    for (const char* kind : {"threat-actor", "campaign"}) {  // the schema's order
      for (const Related& r : i.related) {
        if (r.kind != kind) continue;
        const bool actor = r.kind == "threat-actor";
        x.Open(actor ? "ThreatActor" : "Campaign");
        if (!r.id.empty()) x.Element(actor ? "ThreatActorID" : "CampaignID", r.id);
        if (!r.description.empty()) x.Element("Description", r.description);
        x.Close();
      }
    }
    x.Close();
  }
  x.Time("DetectTime", i.detect);
  x.Time("StartTime", i.start);
  x.Time("EndTime", i.end);
  x.Time("ReportTime", i.report);
  x.Time("GenerationTime", i.generated);
  for (const std::string& d : i.descriptions) x.Element("Description", d);
  if (!i.categories.empty() || !i.impacts.empty()) {
    x.Open("Assessment");
    for (const std::string& c : i.categories) x.Element("IncidentCategory", c);
    for (const std::string& impact : i.impacts) {
      const size_t colon = impact.find(':');
      const std::string kind = impact.substr(0, colon);
      x.Open(kind == "system"     ? "SystemImpact"
             : kind == "intended" ? "IntendedImpact"
                                  : "BusinessImpact");
      x.Attribute("type", impact.substr(colon + 1));
      x.Close();
    }
    if (i.impacts.empty()) {  // an Assessment holds at least one impact
      x.Open("SystemImpact");
      x.Attribute("type", "unknown");
      x.Close();
    }
    x.Close();
  }
  for (const Contact& c : i.contacts) WriteContact(x, c);
  if (!i.expectations.empty()) {
    x.Open("EventData");
    for (const Expectation& e : i.expectations) {
      x.Open("Expectation");
      x.Attribute("action", e.action);
      x.Attribute("ext-action", e.ext_action);
      x.Attribute("severity", e.severity);
      if (!e.description.empty()) x.Element("Description", e.description);
      x.Time("StartTime", e.start);
      x.Time("EndTime", e.end);
      if (!e.contact.role.empty()) WriteContact(x, e.contact);
      x.Close();
    }
    x.Close();
  }
  if (!i.indicators.empty()) {
    x.Open("IndicatorData");
    for (const Indicator& n : i.indicators) {
      x.Open("Indicator");
      x.Open("IndicatorID");
      x.Attribute("name", n.id_name);
      x.Attribute("version", n.version.empty() ? "1" : n.version);
      x.Text(n.id);
      x.Close();
      if (!n.description.empty()) x.Element("Description", n.description);
      x.Time("StartTime", n.start);
      x.Time("EndTime", n.end);
      x.Open("Observable");
      x.Open("BulkObservable");
      x.Attribute("type", n.kind);
      x.Element("BulkObservableList", Join(n.values, "\n"));
      x.Close();
      x.Close();
      x.Close();
    }
    x.Close();
  }
  if (!i.history.empty()) {
    x.Open("History");
    for (const HistoryItem& h : i.history) {
      x.Open("HistoryItem");
      x.Attribute("action", h.action);
      x.Time("DateTime", h.when);
      if (!h.description.empty()) x.Element("Description", h.description);
      x.Close();
    }
    x.Close();
  }
  for (const Extra& e : i.extras) {
    x.Open("AdditionalData");
    x.Attribute("name", e.name);
    x.Attribute("dtype", e.dtype);
    x.Text(e.value);
    x.Close();
  }
  x.Close();
}

}  // namespace

Status Validate(std::string_view xml) { return ParseValid(xml).status(); }

Result<Document> Read(std::string_view xml) {
  auto doc = ParseValid(xml);
  if (!doc.ok()) return doc.status();
  Document out;
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  const std::string lang = Attr(root, "lang");
  if (!lang.empty()) out.lang = lang;
  for (const xmlNode* c : Children(root)) {
    if (!Is(c, "Incident")) {
      out.skipped.push_back("IODEF-Document: " + Name(c));
      continue;
    }
    auto incident = IncidentReader(c, &out).Read();
    if (!incident.ok()) return incident.status();
    out.incidents.push_back(std::move(*incident));
  }
  return out;
}

Result<std::string> Write(const Document& document) {
  XmlOut x;
  x.Begin(document.lang);
  for (const Incident& i : document.incidents) WriteIncident(x, i);
  x.Close();
  auto xml = x.Finish();
  if (!xml.ok()) return xml.status();
  if (Status valid = Validate(*xml); !valid.ok()) {
    return Status::Internal("the IODEF Concord wrote does not validate (" + valid.message() +
                            "): a bug, reported rather than sent");
  }
  return xml;
}

}  // namespace concord::incidents::iodef
