// Stored objects for the console and for scripts, every answer through the sharing policy:
//   GET /api/v1/objects          search the latest versions (filters, free text, an observable
//                                value), newest first, keyset-paged with ?after=
//   GET /api/v1/objects/stats    counts by type, TLP, label, source and day over a period
//   GET /api/v1/objects/export   the latest versions of ?id=… as a STIX bundle (a download)
//   POST /api/v1/objects/import  a bundle uploaded, stored as the caller's organisation supplies it
//   GET /api/v1/objects/{id}     every version, relationships in and out, sightings, markings,
//                                and (for the node's users) who may see it and why
// An object the policy withholds from the caller never appears, is never counted and its id is
// answered like an unknown one.
#include <map>
#include <set>

#include "api/api.h"
#include "api/response_cache.h"
#include "common/json.h"
#include "common/numbers.h"
#include "common/strings.h"
#include "common/uuid.h"
#include "match/engine.h"
#include "match/line_reader.h"
#include "match/scanner.h"
#include "sharing/node_policy.h"
#include "store/importer.h"

namespace concord::api {
namespace {

constexpr size_t kDefaultLimit = 50;
constexpr size_t kMaxLimit = 500;
// Rows one request examines at most; past it the page ends early with a cursor, so a search
// whose matches the policy mostly withholds still answers quickly.
constexpr size_t kMaxExamined = 20'000;
// Objects an observable value may select (indicators, observables and their sightings).
constexpr size_t kMaxValueMatches = 10'000;
// Versions indexed per request before a search (serve keeps the index current every second).
constexpr size_t kIndexCatchUp = 100'000;

// An answer made for this caller alone (the policy decided it): no cache may keep it.
http::Response Private(std::string body) {
  http::Response r = http::Response::Json(200, std::move(body));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

http::Response Invalid(std::string_view field, std::string_view message) {
  return FieldError(field, std::string(field) + ": " + std::string(message));
}

// The name an analyst knows an object by: its name, an observable's value, a pattern.
std::string DisplayName(const json::Value& o) {
  for (const char* key : {"name", "value", "pattern", "result", "abstract", "key", "number"}) {
    const json::Value v = o[key];
    if (v.is_string()) return v.str();
    if (v.is_number()) return std::string(v.raw());
  }
  return "";
}

void WriteSummary(json::Writer& w, const store::StoredObject& o, const sharing::Decision& d) {
  json::Document doc;
  const bool parsed = doc.ParseAll(o.json).ok();
  w.BeginObject();
  w.Key("id").String(o.id).Key("type").String(o.type);
  w.Key("name").String(parsed ? DisplayName(doc.root()) : "");
  w.Key("tlp").String(sharing::TlpName(d.tlp));
  w.Key("distribution").String(sharing::DistributionName(d.distribution));
  w.Key("created_by_ref").String(o.created_by_ref);
  w.Key("modified").String(o.version_text);
  w.Key("date_added").String(FormatTimestampMillis(o.date_added));
  w.Key("revoked").Bool(o.revoked);
  w.Key("labels").BeginArray();
  if (parsed && doc.root()["labels"].is_array()) {
    const json::Value labels = doc.root()["labels"];
    for (uint32_t i = 0; i < labels.size(); ++i) {
      if (labels.at(i).is_string()) w.String(labels.at(i).str());
    }
  }
  w.EndArray();
  w.EndObject();
}

// "a,b" and repeated parameters alike.
void AddList(std::string_view value, std::vector<std::string>* out) {
  for (auto& part : Split(value, ',', /*skip_empty=*/true)) out->push_back(part);
}

// The ids an observable value selects: the active indicators whose patterns match it (the
// matching engine: an address inside a CIDR too), the observables with that value, and the
// sightings and observed data that refer to either.
Status ValueMatches(store::ObjectStore& objects, match::MatchEngine& engine, std::string_view value,
                    std::vector<std::string>* ids) {
  std::set<std::string> found;
  auto snapshot = engine.snapshot();
  auto reader = match::LineReader::FromMemory(value);
  match::ScanOptions options;
  options.format = match::LogFormat::kText;
  match::ScanStats stats;
  std::vector<std::string> indicators;
  CONCORD_RETURN_IF_ERROR(match::ScanLog(
      *reader, "search", options, *snapshot,
      [&](const match::MatchEvent& e) {
        const std::string id = snapshot->IndicatorId(e.hit);
        if (found.insert(id).second) indicators.push_back(id);
      },
      [](size_t, const std::string&) {}, &stats));
  std::vector<std::string> observables;
  for (const std::string& v : {std::string(value), AsciiLower(value)}) {
    CONCORD_RETURN_IF_ERROR(
        objects.FindReferencing("value:" + v, [&](const store::StoredObject& o) {
          if (found.insert(o.id).second) observables.push_back(o.id);
          return found.size() < kMaxValueMatches;
        }));
  }
  for (const auto* list : {&indicators, &observables}) {
    for (const std::string& id : *list) {
      CONCORD_RETURN_IF_ERROR(
          objects.FindReferencing("ref:" + id, [&](const store::StoredObject& o) {
            if (o.type == "sighting" || o.type == "observed-data") found.insert(o.id);
            return found.size() < kMaxValueMatches;
          }));
    }
  }
  ids->assign(found.begin(), found.end());
  return Status::Ok();
}

// Whether a search text is an observable value (an address, a network, a domain, a URL, an
// e-mail address, a hash) rather than words: one token with a dot, a colon or an at sign, or
// a hex digest.
bool LooksLikeObservable(std::string_view q) {
  if (q.find_first_of(" \t") != std::string_view::npos) return false;
  if (q.find_first_of(".:@/") != std::string_view::npos) return true;
  const bool hex = q.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
  return hex && (q.size() == 32 || q.size() == 40 || q.size() == 64 || q.size() == 128);
}

Result<Micros> TimeParam(std::string_view name, std::string_view value) {
  auto t = ParseTimestamp(value);
  if (t.ok()) return *t;
  // A plain date: its midnight, UTC.
  auto d = ParseTimestamp(std::string(value) + "T00:00:00Z");
  if (d.ok()) return *d;
  return Status::InvalidArgument(std::string(name) +
                                 ": a date (2026-12-03) or an RFC 3339 timestamp, got '" +
                                 std::string(value) + "'");
}

http::Response Search(Context& c, match::MatchEngine& engine) {
  store::ObjectSearch search;
  std::optional<sharing::Tlp> tlp;
  size_t limit = kDefaultLimit;
  std::string q;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "type") {
      AddList(value, &search.types);
    } else if (key == "tlp") {
      tlp = sharing::ParseTlp(value);
      if (!tlp) return Invalid("tlp", "clear, green, amber, amber+strict or red");
    } else if (key == "label") {
      search.label = value;
    } else if (key == "created_by") {
      search.created_by = value;
    } else if (key == "collection") {
      search.collection_id = value;
    } else if (key == "added_after" || key == "added_before" || key == "modified_after" ||
               key == "modified_before") {
      auto t = TimeParam(key, value);
      if (!t.ok()) return ErrorWithField(t.status());
      if (key == "added_after") search.added_from = *t;
      if (key == "added_before") search.added_to = *t;
      if (key == "modified_after") search.modified_from = *t;
      if (key == "modified_before") search.modified_to = *t;
    } else if (key == "revoked") {
      if (value != "true" && value != "false") return Invalid("revoked", "true or false");
      search.revoked = value == "true";
    } else if (key == "q") {
      q = std::string(TrimWhitespace(value));
    } else if (key == "sort") {
      if (value != "added" && value != "modified") return Invalid("sort", "added or modified");
      search.sort = value == "added" ? store::ObjectSearch::Sort::kAdded
                                     : store::ObjectSearch::Sort::kModified;
    } else if (key == "order") {
      if (value != "desc" && value != "asc") return Invalid("order", "desc or asc");
      search.ascending = value == "asc";
    } else if (key == "limit") {
      auto n = ParseInteger<size_t>(value);
      if (!n || *n == 0 || *n > kMaxLimit) {
        return Invalid("limit", "a number from 1 to " + std::to_string(kMaxLimit));
      }
      limit = *n;
    } else if (key == "after") {
      const auto parts = Split(value, '.', /*skip_empty=*/false);
      auto first = parts.size() == 2 ? ParseInteger<int64_t>(parts[0]) : std::nullopt;
      auto second = parts.size() == 2 ? ParseInteger<int64_t>(parts[1]) : std::nullopt;
      if (!first || !second) return Invalid("after", "the cursor a previous page returned");
      search.after = std::pair{*first, *second};
    } else {
      return Invalid(key, "unknown parameter");
    }
  }
  if (!search.collection_id.empty() && c.caller().org.name != c.node_organisation()) {
    // Another organisation's users search the collections they may read.
    auto grants = c.db().collections().ListGrants(search.collection_id);
    bool readable = false;
    if (grants.ok()) {
      for (const auto& g : *grants) readable |= g.org_id == c.caller().org.id && g.can_read;
    }
    if (!readable) return Invalid("collection", "no such collection");
  }
  auto& objects = c.db().objects();
  if (!q.empty()) {
    search.match_any = true;
    if (!LooksLikeObservable(q)) {
      search.text = q;
    } else if (Status st = ValueMatches(objects, engine, q, &search.ids); !st.ok()) {
      return http::Response::FromStatus(st);
    }
  }
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());

  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("objects").BeginArray();
  size_t returned = 0, examined = 0;
  std::optional<std::pair<Micros, Micros>> last;
  bool more = false;
  Status st = objects.Search(search, [&](const store::StoredObject& o) {
    if (returned == limit || examined == kMaxExamined) {
      more = true;
      return false;
    }
    ++examined;
    last = std::pair{search.sort == store::ObjectSearch::Sort::kAdded ? o.date_added : o.version,
                     o.date_added};
    const sharing::Decision d = visibility->Decide(o);
    if (!d.release || (tlp && d.tlp != *tlp)) return true;
    WriteSummary(w, o, d);
    ++returned;
    return true;
  });
  if (!st.ok()) return http::Response::FromStatus(st);
  w.EndArray();
  w.Key("next");
  if (more && last) {
    w.String(std::to_string(last->first) + "." + std::to_string(last->second));
  } else {
    w.Null();
  }
  w.EndObject();
  return Private(std::move(body));
}

http::Response Stats(Context& c) {
  store::AggregateQuery query;
  const Micros now = c.clock().Now();
  query.from = now - 30LL * 86'400'000'000;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "from" || key == "to") {
      auto t = TimeParam(key, value);
      if (!t.ok()) return ErrorWithField(t.status());
      (key == "from" ? query.from : query.to) = *t;
    } else {
      return Invalid(key, "unknown parameter (from, to)");
    }
  }
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());
  auto& objects = c.db().objects();
  std::map<std::string, int64_t> by_type, by_tlp, by_source, by_label;
  std::map<std::pair<std::string, std::string>, int64_t> by_day;
  // (day, peer) -> versions; the node's peers are its own users' business only.
  std::map<std::pair<std::string, int64_t>, int64_t> received;
  const bool node_user =
      c.caller().org.name == c.node_organisation() && c.caller().user.role != store::Role::kPeer;
  int64_t total = 0;
  store::StoredObject probe;
  // The policy is decided once per group: a group shares every fact the policy reads.
  auto released = [&](const store::FactGroup& g, sharing::Decision* d) {
    probe.type = g.type;
    probe.marking_refs = Split(g.marking_refs, ' ', /*skip_empty=*/true);
    probe.created_by_ref = g.created_by_ref;
    probe.received_from = g.received_from;
    probe.json = g.json;
    *d = visibility->Decide(probe);
    return d->release;
  };
  sharing::Decision d;
  query.by = store::AggregateQuery::By::kDay;
  Status st = objects.Aggregate(query, [&](const store::FactGroup& g) {
    if (!released(g, &d)) return;
    total += g.count;
    by_type[g.type] += g.count;
    by_tlp[sharing::TlpName(d.tlp)] += g.count;
    by_source[g.created_by_ref] += g.count;
    by_day[{g.key, g.type}] += g.count;
    if (g.received_from > 0 && node_user) received[{g.key, g.received_from}] += g.count;
  });
  if (!st.ok()) return http::Response::FromStatus(st);
  query.by = store::AggregateQuery::By::kLabel;
  st = objects.Aggregate(query, [&](const store::FactGroup& g) {
    if (released(g, &d)) by_label[g.key] += g.count;
  });
  if (!st.ok()) return http::Response::FromStatus(st);

  std::string body;
  json::Writer w(&body);
  auto counts = [&](const char* name, const std::map<std::string, int64_t>& m) {
    w.Key(name).BeginObject();
    for (const auto& [k, n] : m) w.Key(k).Int(n);
    w.EndObject();
  };
  w.BeginObject();
  w.Key("from").String(FormatTimestampMillis(query.from));
  w.Key("to").String(FormatTimestampMillis(query.to != 0 ? query.to : now));
  w.Key("total").Int(total);
  counts("by_type", by_type);
  counts("by_tlp", by_tlp);
  counts("by_label", by_label);
  // Sources by the name of their identity, where the caller may see it.
  w.Key("by_source").BeginArray();
  for (const auto& [source, n] : by_source) {
    std::string name;
    if (!source.empty()) {
      auto versions = objects.Versions(source);
      if (versions.ok() && !versions->empty() && visibility->Sees(versions->back())) {
        json::Document doc;
        if (doc.ParseAll(versions->back().json).ok() && doc.root()["name"].is_string()) {
          name = doc.root()["name"].str();
        }
      }
    }
    w.BeginObject().Key("created_by_ref").String(source).Key("name").String(name);
    w.Key("count").Int(n).EndObject();
  }
  w.EndArray();
  // What each peer sent, by day (for the federation page); peers by name.
  w.Key("received_by_day").BeginArray();
  if (!received.empty()) {
    std::map<int64_t, std::string> peer_names;
    if (auto peers = c.db().peers().ListPeers(); peers.ok()) {
      for (const auto& p : *peers) peer_names[p.id] = p.name;
    }
    for (const auto& [key, n] : received) {
      w.BeginObject().Key("day").String(key.first).Key("peer").String(peer_names[key.second]);
      w.Key("count").Int(n).EndObject();
    }
  }
  w.EndArray();
  w.Key("by_day").BeginArray();
  for (const auto& [key, n] : by_day) {
    w.BeginObject().Key("day").String(key.first).Key("type").String(key.second);
    w.Key("count").Int(n).EndObject();
  }
  w.EndArray();
  w.EndObject();
  return Private(std::move(body));
}

http::Response Detail(Context& c) {
  const std::string id(c.Param("id"));
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());
  auto& objects = c.db().objects();
  auto versions = objects.Versions(id);
  if (!versions.ok()) return http::Response::FromStatus(versions.status());
  std::vector<std::pair<const store::StoredObject*, sharing::Decision>> seen;
  for (const auto& v : *versions) {
    sharing::Decision d = visibility->Decide(v);
    if (d.release) seen.emplace_back(&v, std::move(d));
  }
  // Withheld and unknown look alike.
  if (seen.empty()) return http::Response::Error(404, StatusCode::kNotFound, "no such object");
  const store::StoredObject& latest = *seen.back().first;
  json::Document doc;
  if (Status st = doc.ParseAll(latest.json); !st.ok()) return http::Response::FromStatus(st);

  std::string body;
  json::Writer w(&body);
  w.BeginObject();
  w.Key("object").Raw(latest.json);
  w.Key("summary");
  WriteSummary(w, latest, seen.back().second);
  w.Key("versions").BeginArray();
  for (const auto& [v, d] : seen) {
    w.BeginObject().Key("modified").String(v->version_text);
    w.Key("date_added").String(FormatTimestampMillis(v->date_added));
    w.Key("object").Raw(v->json).EndObject();
  }
  w.EndArray();

  // Relationships and everything else that refers to it; and what it refers to.
  std::vector<store::StoredObject> referring;
  Status st = objects.FindReferencing("ref:" + id, [&](const store::StoredObject& o) {
    if (visibility->Sees(o)) referring.push_back(o);
    return referring.size() < 1000;
  });
  if (!st.ok()) return http::Response::FromStatus(st);
  auto other_end = [&](const std::string& other) {
    w.Key("other");
    auto vs = objects.Versions(other);
    if (!vs.ok() || vs->empty() || !visibility->Sees(vs->back())) {
      w.Null();  // not stored here, or withheld: only its id is shown
      return;
    }
    WriteSummary(w, vs->back(), visibility->Decide(vs->back()));
  };
  w.Key("relationships").BeginArray();
  for (const auto& o : referring) {
    if (o.type != "relationship") continue;
    json::Document rel;
    if (!rel.ParseAll(o.json).ok()) continue;
    const std::string source = rel.root()["source_ref"].str();
    const std::string target = rel.root()["target_ref"].str();
    const bool out = source == id;
    w.BeginObject().Key("id").String(o.id);
    w.Key("direction").String(out ? "out" : "in");
    w.Key("relationship_type").String(rel.root()["relationship_type"].str());
    w.Key("other_id").String(out ? target : source);
    other_end(out ? target : source);
    w.EndObject();
  }
  w.EndArray();
  w.Key("sightings").BeginArray();
  for (const auto& o : referring) {
    if (o.type == "sighting") w.Raw(o.json);
  }
  w.EndArray();
  w.Key("referred_by").BeginArray();
  for (const auto& o : referring) {
    if (o.type != "relationship" && o.type != "sighting") {
      WriteSummary(w, o, visibility->Decide(o));
    }
  }
  w.EndArray();
  // What this object refers to (a relationship's ends, a report's objects, a sighting's
  // indicator).
  w.Key("refers_to").BeginArray();
  size_t refs = 0;
  for (auto it = doc.root().begin(); it != doc.root().end() && refs < 200; ++it) {
    const auto m = it.member();
    if (m.key == "created_by_ref" || m.key == "object_marking_refs") continue;
    std::vector<std::string> targets;
    if (m.key.ends_with("_ref") && m.value.is_string()) targets.push_back(m.value.str());
    if (m.key.ends_with("_refs") && m.value.is_array()) {
      for (uint32_t i = 0; i < m.value.size(); ++i) {
        if (m.value.at(i).is_string()) targets.push_back(m.value.at(i).str());
      }
    }
    for (const auto& t : targets) {
      if (++refs > 200) break;
      w.BeginObject().Key("property").String(m.key).Key("other_id").String(t);
      other_end(t);
      w.EndObject();
    }
  }
  w.EndArray();
  w.Key("markings").BeginArray();
  for (const auto& m : latest.marking_refs) {
    w.BeginObject().Key("id").String(m);
    auto t = sharing::TlpOfMarking(m);
    w.Key("tlp").String(t ? sharing::TlpName(*t) : "");
    w.EndObject();
  }
  w.EndArray();
  // Who may see it: the policy's decision for every organisation, peer node and the public.
  // Only for the node's own users: it lists the node's partners.
  if (c.caller().org.name == c.node_organisation() && c.caller().user.role != store::Role::kPeer) {
    auto facts = sharing::FactsOf(latest);
    auto orgs = c.db().accounts().ListOrganisations();
    auto peers = c.db().peers().ListPeers();
    if (facts.ok() && orgs.ok() && peers.ok()) {
      const sharing::Policy& policy = visibility->policy();
      auto decision = [&](const char* kind, const std::string& name, sharing::Recipient to) {
        const sharing::Decision d = policy.Decide(*facts, to);
        w.BeginObject().Key("kind").String(kind).Key("name").String(name);
        w.Key("release").Bool(d.release).Key("rule").String(d.rule).EndObject();
      };
      w.Key("who_may_see").BeginArray();
      std::map<int64_t, std::string> org_identity;
      for (const auto& o : *orgs) {
        org_identity[o.id] = o.identity_id;
        decision("organisation", o.name, {sharing::Channel::kLocalUser, o.identity_id});
      }
      for (const auto& p : *peers) {
        decision("peer", p.name, {sharing::Channel::kPeerNode, org_identity[p.org_id]});
      }
      decision("public", "", {sharing::Channel::kPublic, ""});
      w.EndArray();
    }
  }
  w.EndObject();
  return Private(std::move(body));
}

// GET /api/v1/objects/export?id=A&id=B: the latest versions as a STIX bundle, as a download.
// Ids withheld from the caller (or unknown) are left out, alike.
http::Response Export(Context& c) {
  std::vector<std::string> ids;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "id") AddList(value, &ids);
  }
  if (ids.empty()) return Invalid("id", "name at least one object");
  if (ids.size() > 10'000) return Invalid("id", "at most 10,000 objects per bundle");
  auto visibility = Visibility::For(c.db(), c.caller());
  if (!visibility.ok()) return http::Response::FromStatus(visibility.status());
  std::string body;
  json::Writer w(&body);
  w.BeginObject().Key("type").String("bundle").Key("id").String("bundle--" + UuidV4());
  w.Key("objects").BeginArray();
  std::set<std::string> done;
  for (const auto& id : ids) {
    if (!done.insert(id).second) continue;
    auto versions = c.db().objects().Versions(id);
    if (!versions.ok()) return http::Response::FromStatus(versions.status());
    // The newest version the caller may see.
    for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
      if (visibility->Sees(*it)) {
        w.Raw(it->json);
        break;
      }
    }
  }
  w.EndArray().EndObject();
  http::Response r = Private(std::move(body));
  r.SetHeader("Content-Disposition", "attachment; filename=\"concord-bundle.json\"");
  return r;
}

// POST /api/v1/objects/import[?collection=ID]: a STIX bundle, a JSON array or JSON lines (the
// console's upload). Stored as the caller's organisation supplies it (store/ownership.h), so a
// user never writes in another organisation's name; every rejected object is reported with its
// reason, and the valid ones are kept.
http::Response Import(Context& c) {
  const accounts::Principal& caller = c.caller();
  store::ImportOptions options;
  for (const auto& [key, value] : http::QueryParams(c.request().query)) {
    if (key == "collection") {
      options.collection_id = value;
    } else {
      return Invalid(key, "unknown parameter (collection)");
    }
  }
  if (!options.collection_id.empty()) {
    auto grant = c.db().collections().GetGrant(options.collection_id, caller.org.id);
    if (!grant.ok() || !grant->can_write) {
      return Invalid("collection", "your organisation may not write to this collection");
    }
  }
  // The node's own users import as the node (its own organisation); others as theirs; a peer
  // node's account as that peer (what it relays is received from it), as a TAXII push is.
  const bool peer = caller.user.role == store::Role::kPeer;
  if (caller.org.name != c.node_organisation() || peer) {
    options.supplier = {caller.org.identity_id, peer, caller.org.name};
  }
  if (peer) {
    auto known = c.db().peers().FindPeerOfOrganisation(caller.org.id);
    options.received_from = known.ok() ? known->id : store::kUnlistedPeer;
  }
  constexpr size_t kMaxProblems = 1000;
  std::vector<std::string> problems;
  size_t more_problems = 0;
  options.on_problem = [&](const std::string& line) {
    if (problems.size() < kMaxProblems) {
      problems.push_back(line);
    } else {
      ++more_problems;
    }
  };
  store::ImportStats stats;
  Status st = store::ImportStix(c.db().objects(), c.request().body, options, &stats);
  std::string body;
  json::Writer w(&body);
  w.BeginObject();
  w.Key("read").Int(static_cast<int64_t>(stats.read));
  w.Key("added").Int(static_cast<int64_t>(stats.added));
  w.Key("unchanged").Int(static_cast<int64_t>(stats.unchanged));
  w.Key("rejected").Int(static_cast<int64_t>(stats.rejected));
  w.Key("problems").BeginArray();
  for (const auto& p : problems) w.String(p);
  w.EndArray();
  w.Key("more_problems").Int(static_cast<int64_t>(more_problems));
  // Input that cannot be read to its end (a syntax error) keeps what was committed before it.
  if (!st.ok()) w.Key("error").String(st.message());
  w.EndObject();
  return http::Response::Json(st.ok() ? 200 : 400, std::move(body));
}

// Brings the search index up to date (so an answer is never older than the last commit), then
// answers from the cache when there is one: keyed by everything the policy decides by (the
// recipient: channel and organisation), the request target and the database version
// (api/response_cache.h), a page, a count or an object asked again before anything changed is
// served as rendered.
// `derived_from`: what else the answer depends on, for its key (the matching engine's snapshot).
Handler Cached(ResponseCache* cache, Handler render, bool per_minute = false,
               std::function<std::string()> derived_from = nullptr) {
  return [cache, render = std::move(render), per_minute,
          derived_from = std::move(derived_from)](Context& c) {
    auto& objects = c.db().objects();
    if (auto indexed = objects.UpdateSearchIndex(kIndexCatchUp); !indexed.ok()) {
      return http::Response::FromStatus(indexed.status());
    }
    if (cache == nullptr) return render(c);
    auto version = objects.DataVersion();
    if (!version.ok()) return http::Response::FromStatus(version.status());
    std::string key = sharing::CacheKeyOf(RecipientOf(c.caller())) + " " + c.request().target;
    // Counts over "the last 30 days" move with the clock as well.
    if (per_minute) key += " " + std::to_string(c.clock().Now() / 60'000'000);
    if (derived_from) key += " " + derived_from();
    http::Response r = cache->GetOrRender(key, *version, [&] { return render(c); });
    r.SetHeader("Cache-Control", "no-store");  // for this caller alone
    return r;
  };
}

}  // namespace

void AddObjectRoutes(Routes& routes, match::MatchEngine& engine, size_t cache_bytes) {
  ResponseCache* cache =
      cache_bytes > 0 ? &routes.Keep(std::make_unique<ResponseCache>(cache_bytes)) : nullptr;
  routes.Add("GET", "/api/v1/objects", Access::kUser,
             Cached(
                 cache, [&engine](Context& c) { return Search(c, engine); }, false,
                 [&engine] { return "match:" + std::to_string(engine.generation()); }));
  routes.Add("GET", "/api/v1/objects/stats", Access::kUser, Cached(cache, Stats, true));
  routes.Add("GET", "/api/v1/objects/export", Access::kUser, Cached(cache, Export));
  routes.Add("POST", "/api/v1/objects/import", Access::kWriter, Import,
             {.max_body_bytes = 64u << 20, .expensive = true});
  routes.Add("GET", "/api/v1/objects/{id}", Access::kUser, Cached(cache, Detail));
}

}  // namespace concord::api
