#include "taxii/taxii_service.h"

#include <strings.h>

#include "common/json.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "sharing/node_policy.h"
#include "stix/validate.h"
#include "store/tombstone.h"
#include "taxii/query.h"

namespace concord::taxii {
namespace {

http::Response Taxii(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.SetHeader("Content-Type", std::string(kTaxiiMediaType));
  return r;
}

http::Response Error(int status, std::string_view title, std::string_view description) {
  return TaxiiService::ErrorResponse(status, title, description);
}

}  // namespace

http::Response TaxiiService::ErrorResponse(int status, std::string_view title,
                                           std::string_view description) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("title").String(title).Key("description").String(description);
  w.Key("http_status").String(std::to_string(status)).EndObject();
  http::Response r = Taxii(status, std::move(body));
  if (status == 401) {
    r.SetHeader("WWW-Authenticate",
                "Basic realm=\"Concord TAXII\", Bearer realm=\"Concord TAXII\"");
  }
  return r;
}

namespace {

http::Response FromStatus(const Status& st) {
  return TaxiiService::FormatError(HttpStatusFor(st.code()), st.code(), st.message());
}

http::Response NotFound() { return Error(404, "Not found", "no such resource"); }

// Media-range matching for Accept (RFC 9110 §12.5.1), for the one type TAXII 2.1 serves.
bool Accepts(std::string_view accept, std::string_view type) {
  if (accept.empty()) return true;
  for (const std::string& range : Split(accept, ',', true)) {
    std::string r;
    for (char c : range) {
      if (c != ' ' && c != '\t')
        r.push_back(static_cast<char>(tolower(static_cast<unsigned char>(c))));
    }
    // Drop a quality parameter; q=0 means "not acceptable".
    size_t q = r.find(";q=");
    if (q != std::string::npos) {
      if (r.compare(q + 3, std::string::npos, "0") == 0 ||
          (r.compare(q + 3, 2, "0.") == 0 &&
           r.find_first_not_of("0.", q + 3) == std::string::npos)) {
        continue;
      }
      r.resize(q);
    }
    if (r == "*/*" || r == "application/*" || r == "application/taxii+json" || r == type) {
      return true;
    }
  }
  return false;
}

bool IsTaxiiContentType(std::string_view ct) {
  std::string c;
  for (char ch : ct) {
    if (ch != ' ' && ch != '\t')
      c.push_back(static_cast<char>(tolower(static_cast<unsigned char>(ch))));
  }
  return c == kTaxiiMediaType || c == "application/taxii+json";
}

std::string VersionOf(const store::StoredObject& o) {
  return o.version_text.empty() ? FormatTimestampMillis(o.date_added) : o.version_text;
}

}  // namespace

struct TaxiiService::Context {
  const http::Request& request;
  const accounts::Principal& principal;
};

TaxiiService::TaxiiService(store::Database& db, const Clock& clock, TaxiiOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), pages_(options_.page_cache_bytes) {}

void TaxiiService::AddRoutes(api::Routes& routes) {
  // Every TAXII resource needs an account (§1.6.7); what it may see is decided per collection.
  // Accept is checked after authentication and before any work.
  using Body = std::function<http::Response(const Context&, const http::Request&)>;
  auto add = [&](const char* method, const std::string& pattern, Body body,
                 api::RouteOptions options = {}) {
    routes.Add(
        method, pattern, api::Access::kUser,
        [body](api::Context& c) {
          const http::Request& request = c.request();
          if (!Accepts(request.Header("Accept"), kTaxiiMediaType)) {
            return Error(406, "Not acceptable",
                         "this server answers with " + std::string(kTaxiiMediaType));
          }
          return body(Context{request, c.caller()}, request);
        },
        options);
  };
  const std::string root = "/taxii2/" + options_.api_root;
  const std::string objects = root + "/collections/{collection}/objects";
  auto cid = [](const http::Request& r) { return std::string(r.Param("collection")); };
  auto oid = [](const http::Request& r) { return std::string(r.Param("object")); };
  add("GET", "/taxii2/", [this](const Context& c, auto&) { return Discovery(c); });
  add("GET", root + "/", [this](const Context& c, auto&) { return ApiRoot(c); });
  add("GET", root + "/status/{status}/", [this](const Context& c, const http::Request& r) {
    return GetStatus(c, std::string(r.Param("status")));
  });
  add("GET", root + "/collections/", [this](const Context& c, auto&) { return Collections(c); });
  add("GET", root + "/collections/{collection}/",
      [this, cid](const Context& c, const http::Request& r) { return CollectionInfo(c, cid(r)); });
  add("GET", root + "/collections/{collection}/manifest/",
      [this, cid](const Context& c, const http::Request& r) {
        return GetObjects(c, cid(r), "", true);
      });
  add("GET", objects + "/", [this, cid](const Context& c, const http::Request& r) {
    return GetObjects(c, cid(r), "", false);
  });
  // An envelope up to the advertised max_content_length; validating and storing it is heavy.
  add("POST", objects + "/",
      [this, cid](const Context& c, const http::Request& r) { return PostObjects(c, cid(r)); },
      {.max_body_bytes = options_.max_content_length, .expensive = true});
  add("GET", objects + "/{object}/", [this, cid, oid](const Context& c, const http::Request& r) {
    return GetObjects(c, cid(r), oid(r), false);
  });
  add("DELETE", objects + "/{object}/", [this, cid, oid](const Context& c, const http::Request& r) {
    return DeleteObject(c, cid(r), oid(r));
  });
  add("GET", objects + "/{object}/versions/",
      [this, cid, oid](const Context& c, const http::Request& r) {
        return Versions(c, cid(r), oid(r));
      });
}

http::Response TaxiiService::FormatError(int status, StatusCode code, std::string_view message) {
  return ErrorResponse(status, InfoFor(code).taxii_title, message);
}

http::Response TaxiiService::Discovery(const Context& c) {
  std::string body;
  json::Writer w(&body);
  std::string root = "/taxii2/" + options_.api_root + "/";
  w.BeginObject().Key("title").String(options_.title);
  if (!options_.description.empty()) w.Key("description").String(options_.description);
  if (!options_.contact.empty()) w.Key("contact").String(options_.contact);
  w.Key("default").String(root).Key("api_roots").BeginArray().String(root).EndArray().EndObject();
  return Taxii(200, body);
}

http::Response TaxiiService::ApiRoot(const Context& c) {
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("title").String(options_.title + " API root");
  if (!options_.description.empty()) w.Key("description").String(options_.description);
  w.Key("versions").BeginArray().String(kTaxiiMediaType).EndArray();
  w.Key("max_content_length").Int(static_cast<int64_t>(options_.max_content_length));
  w.EndObject();
  return Taxii(200, body);
}

http::Response TaxiiService::GetStatus(const Context& c, const std::string& id) {
  auto st = db_.collections().GetStatus(id);
  // Another organisation's status is as invisible as a missing one.
  if (!st.ok() || (st->org_id != c.principal.org.id && !c.principal.is_admin())) return NotFound();
  return Taxii(200, st->body);
}

namespace {

struct Access {
  bool visible = false, read = false, write = false;
};

Access AccessTo(store::Database& db, const accounts::Principal& p, const std::string& cid) {
  if (p.is_admin()) return {true, true, true};
  auto g = db.collections().GetGrant(cid, p.org.id);
  if (!g.ok()) return {};
  Access a;
  a.read = g->can_read;
  a.write = g->can_write && p.can_write();
  a.visible = g->can_read || g->can_write;
  return a;
}

void WriteCollection(json::Writer& w, const store::Collection& col, const Access& a) {
  w.BeginObject().Key("id").String(col.id).Key("title").String(col.title);
  if (!col.description.empty()) w.Key("description").String(col.description);
  w.Key("can_read").Bool(a.read).Key("can_write").Bool(a.write);
  w.Key("media_types").BeginArray();
  for (const auto& mt : col.media_types) w.String(mt);
  w.EndArray().EndObject();
}

}  // namespace

http::Response TaxiiService::Collections(const Context& c) {
  auto all = db_.collections().ListCollections();
  if (!all.ok()) return FromStatus(all.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject();
  bool any = false;
  for (const auto& col : *all) {
    Access a = AccessTo(db_, c.principal, col.id);
    if (!a.visible) continue;
    if (!any) w.Key("collections").BeginArray();
    any = true;
    WriteCollection(w, col, a);
  }
  if (any) w.EndArray();
  w.EndObject();
  return Taxii(200, body);
}

http::Response TaxiiService::CollectionInfo(const Context& c, const std::string& id) {
  Access a = AccessTo(db_, c.principal, id);
  auto col = db_.collections().GetCollection(id);
  if (!col.ok() || !a.visible) return NotFound();
  std::string body;
  json::Writer w(&body);
  WriteCollection(w, *col, a);
  return Taxii(200, body);
}

http::Response TaxiiService::GetObjects(const Context& c, const std::string& cid,
                                        const std::string& oid, bool manifest) {
  Access a = AccessTo(db_, c.principal, cid);
  if (!a.visible || !db_.collections().GetCollection(cid).ok()) return NotFound();
  if (!a.read) return Error(403, "Forbidden", "no read access to this collection");
  Allowed allowed{true, oid.empty(), true, true};
  auto f = ParseFilters(c.request.query, allowed);
  if (!f.ok()) return FromStatus(f.status());
  if (!oid.empty()) {
    if (!stix::IsIdentifier(oid)) return NotFound();
    f->ids = {oid};
  }
  size_t page = std::min(f->limit.value_or(options_.max_page_size), options_.max_page_size);
  store::ObjectQuery q = ToObjectQuery(*f, cid, page);

  const sharing::Recipient to = RecipientOf(c.principal);
  // Pages are cached per recipient (channel and organisation: everything the sharing policy
  // decides by), request target and database version (page_cache.h).
  if (options_.page_cache_bytes > 0) {
    auto dv = db_.objects().DataVersion();
    if (!dv.ok()) return FromStatus(dv.status());
    const std::string key = sharing::CacheKeyOf(to) + " " + c.request.target;
    return pages_.GetOrRender(key, *dv,
                              [&] { return RenderPage(q, page, manifest, !oid.empty(), to); });
  }
  return RenderPage(q, page, manifest, !oid.empty(), to);
}

sharing::Recipient TaxiiService::RecipientOf(const accounts::Principal& p) {
  return api::RecipientOf(p);
}

bool TaxiiService::Releasable(const sharing::Policy& policy, const store::StoredObject& o,
                              const sharing::Recipient& to) const {
  auto facts = sharing::FactsOf(o);
  return facts.ok() && policy.Decide(*facts, to).release;
}

http::Response TaxiiService::RenderPage(const store::ObjectQuery& q, size_t page, bool manifest,
                                        bool single_object, const sharing::Recipient& to) {
  auto policy = sharing::LoadNodePolicy(db_);
  if (!policy.ok()) return FromStatus(policy.status());
  // The body is written in place; "more" and "next" come last because they are known last.
  std::string body = "{\"objects\":[";
  size_t n = 0;
  bool more = false;
  Micros first = 0, last = 0;
  store::ObjectQuery unlimited = q;
  unlimited.limit = 0;  // withheld objects do not count towards the page
  Status st = db_.objects().Scan(unlimited, [&](const store::StoredObject& o) {
    if (!Releasable(*policy, o, to)) return true;
    if (n == page) {
      more = true;
      return false;
    }
    if (n++) body.push_back(',');
    if (n == 1) first = o.date_added;
    last = o.date_added;
    if (manifest) {
      json::Writer w(&body);
      w.BeginObject()
          .Key("id")
          .String(o.id)
          .Key("date_added")
          .String(FormatTimestampMillis(o.date_added));
      w.Key("version").String(VersionOf(o)).Key("media_type").String(kStixMediaType).EndObject();
    } else {
      body += o.json;
    }
    return true;
  });
  if (!st.ok()) return FromStatus(st);
  if (n == 0 && single_object) {
    return Error(404, "Not found", "no such object in this collection");
  }
  body += n == 0 ? "" : "],";
  if (n == 0) body = "{";  // no objects: the envelope has only "more"
  body += more ? "\"more\":true" : "\"more\":false";
  if (more) body += ",\"next\":\"" + std::to_string(last) + "\"";
  body += "}";
  http::Response r = Taxii(200, std::move(body));
  if (n > 0) {
    r.SetHeader("X-TAXII-Date-Added-First", FormatTimestampMillis(first));
    r.SetHeader("X-TAXII-Date-Added-Last", FormatTimestampMillis(last));
  }
  return r;
}

http::Response TaxiiService::Versions(const Context& c, const std::string& cid,
                                      const std::string& oid) {
  Access a = AccessTo(db_, c.principal, cid);
  if (!a.visible || !db_.collections().GetCollection(cid).ok()) return NotFound();
  if (!a.read) return Error(403, "Forbidden", "no read access to this collection");
  auto f = ParseFilters(c.request.query, Allowed{true, false, false, true});
  if (!f.ok()) return FromStatus(f.status());
  if (!stix::IsIdentifier(oid)) return NotFound();
  f->ids = {oid};
  f->version_all = true;
  size_t page = std::min(f->limit.value_or(options_.max_page_size), options_.max_page_size);
  auto policy = sharing::LoadNodePolicy(db_);
  if (!policy.ok()) return FromStatus(policy.status());
  const sharing::Recipient to = RecipientOf(c.principal);
  std::string items;
  size_t n = 0;
  bool more = false;
  Micros first = 0, last = 0;
  store::ObjectQuery q = ToObjectQuery(*f, cid, page);
  q.limit = 0;  // withheld versions do not count towards the page
  Status st = db_.objects().Scan(q, [&](const store::StoredObject& o) {
    if (!Releasable(*policy, o, to)) return true;
    if (n == page) {
      more = true;
      return false;
    }
    if (n++) items.push_back(',');
    if (n == 1) first = o.date_added;
    last = o.date_added;
    json::AppendQuoted(&items, VersionOf(o));
    return true;
  });
  if (!st.ok()) return FromStatus(st);
  if (n == 0) return Error(404, "Not found", "no such object in this collection");
  std::string body = std::string("{\"more\":") + (more ? "true" : "false");
  if (more) body += ",\"next\":\"" + std::to_string(last) + "\"";
  body += ",\"versions\":[" + items + "]}";
  http::Response r = Taxii(200, std::move(body));
  r.SetHeader("X-TAXII-Date-Added-First", FormatTimestampMillis(first));
  r.SetHeader("X-TAXII-Date-Added-Last", FormatTimestampMillis(last));
  return r;
}

http::Response TaxiiService::PostObjects(const Context& c, const std::string& cid) {
  Access a = AccessTo(db_, c.principal, cid);
  if (!a.visible || !db_.collections().GetCollection(cid).ok()) return NotFound();
  if (!a.write) return Error(403, "Forbidden", "no write access to this collection");
  if (!IsTaxiiContentType(c.request.Header("Content-Type"))) {
    return Error(415, "Unsupported media type",
                 "send the envelope as " + std::string(kTaxiiMediaType));
  }
  json::Document doc;
  size_t offset = 0;
  Status parsed = doc.ParseAll(c.request.body, &offset);
  if (!parsed.ok()) {
    json::TextPosition p = json::PositionOf(c.request.body, offset);
    return Error(400, "Bad request",
                 "the body is not valid JSON: line " + std::to_string(p.line) + ", column " +
                     std::to_string(p.column) + ": " + parsed.message());
  }
  json::Value objects = doc.root()["objects"];
  if (!doc.root().is_object() || !objects.is_array()) {
    return Error(422, "Unprocessable entity",
                 "the body must be a TAXII envelope with an \"objects\" list");
  }

  struct Outcome {
    std::string id, version, message;
  };
  std::vector<Outcome> successes, failures;
  std::vector<store::ObjectRecord> records;
  for (json::Value o : objects) {
    store::ObjectRecord r;
    Status v = stix::Validate(o, &r.meta);
    std::string id = o["id"].str();
    if (!v.ok()) {
      failures.push_back({id, o["modified"].str(), v.message()});
      continue;
    }
    json::Minify(o.raw(), &r.json);
    records.push_back(std::move(r));
  }
  // What a peer node pushes is received, like what we pull: the policy never treats it as
  // made here, and the push back to that peer skips it.
  int64_t received_from = 0;
  if (c.principal.user.role == store::Role::kPeer) {
    auto peer = db_.peers().FindPeerOfOrganisation(c.principal.org.id);
    received_from = peer.ok() ? peer->id : store::kUnlistedPeer;
  }
  {
    auto writer = db_.objects().BeginWrite();
    if (!writer.ok()) return FromStatus(writer.status());
    const store::Supplier supplier{c.principal.org.identity_id,
                                   c.principal.user.role == store::Role::kPeer,
                                   c.principal.org.name};
    std::vector<std::string_view> ids;
    for (const auto& r : records) ids.push_back(r.meta.id);
    if (Status st = (*writer)->Expect(ids); !st.ok()) return FromStatus(st);
    for (auto& r : records) {
      r.received_from = received_from;
      auto put = store::PutObject(**writer, r, supplier);
      if (!put.ok() && (put.status().code() == StatusCode::kPermissionDenied ||
                        put.status().code() == StatusCode::kInvalidArgument)) {
        failures.push_back({r.meta.id, r.meta.version_text, put.status().message()});
        continue;
      }
      if (!put.ok()) return FromStatus(put.status());
      if (put->outcome == store::PutOutcome::kDeleted) {
        failures.push_back({r.meta.id, r.meta.version_text, "deleted by its originator"});
        continue;
      }
      Status added = (*writer)->AddToCollection(cid, put->date_added);
      if (!added.ok()) return FromStatus(added);
      successes.push_back({r.meta.id, r.meta.version_text,
                           put->outcome == store::PutOutcome::kAdded ? "" : "already stored"});
    }
    Status st = (*writer)->Commit();
    if (!st.ok()) return FromStatus(st);
  }

  const std::string status_id = UuidV4();
  std::string body;
  json::Writer w(&body);
  auto list = [&](const char* key, const std::vector<Outcome>& items) {
    w.Key(key).BeginArray();
    for (const auto& i : items) {
      w.BeginObject().Key("id").String(i.id);
      if (!i.version.empty()) w.Key("version").String(i.version);
      if (!i.message.empty()) w.Key("message").String(i.message);
      w.EndObject();
    }
    w.EndArray();
  };
  w.BeginObject().Key("id").String(status_id).Key("status").String("complete");
  w.Key("request_timestamp").String(FormatTimestampMillis(clock_.Now()));
  w.Key("total_count").Int(static_cast<int64_t>(successes.size() + failures.size()));
  w.Key("success_count").Int(static_cast<int64_t>(successes.size()));
  if (!successes.empty()) list("successes", successes);
  w.Key("failure_count").Int(static_cast<int64_t>(failures.size()));
  if (!failures.empty()) list("failures", failures);
  w.Key("pending_count").Int(0).EndObject();
  Status saved = db_.collections().PutStatus({status_id, c.principal.org.id, body});
  if (!saved.ok()) return FromStatus(saved);
  return Taxii(202, body);
}

http::Response TaxiiService::DeleteObject(const Context& c, const std::string& cid,
                                          const std::string& oid) {
  Access a = AccessTo(db_, c.principal, cid);
  if (!a.visible || !db_.collections().GetCollection(cid).ok()) return NotFound();
  if (!a.read || !a.write) return Error(403, "Forbidden", "no write access to this collection");
  auto f = ParseFilters(c.request.query, Allowed{false, false, true, true});
  if (!f.ok()) return FromStatus(f.status());
  if (!stix::IsIdentifier(oid)) return NotFound();
  f->ids = {oid};
  // Without match[version], DELETE removes every version (TAXII 2.1 §5.7).
  if (c.request.query.find("match%5Bversion%5D") == std::string::npos &&
      c.request.query.find("match[version]") == std::string::npos) {
    f->version_all = true;
  }
  store::ObjectQuery q = ToObjectQuery(*f, cid, 0);
  q.limit = 0;
  std::vector<Micros> members;  // membership date_added of each version to remove
  bool owned = true;
  Status st = db_.objects().Scan(q, [&](const store::StoredObject& o) {
    members.push_back(o.date_added);
    owned &= o.owner.empty() || o.owner == c.principal.org.identity_id;
    return true;
  });
  if (!st.ok()) return FromStatus(st);
  if (members.empty()) return Error(404, "Not found", "no such object in this collection");
  // A write grant lets an organisation add to a collection, not take others' objects out.
  if (!owned) {
    return Error(403, "Forbidden",
                 "this object belongs to another organisation: only its owner removes it from "
                 "the collection");
  }
  auto writer = db_.objects().BeginWrite();
  if (!writer.ok()) return FromStatus(writer.status());
  st = (*writer)->RemoveFromCollection(cid, members);
  if (st.ok()) st = (*writer)->Commit();
  if (!st.ok()) return FromStatus(st);
  return Taxii(200, "");
}

}  // namespace concord::taxii
