// concord vuln: the vulnerability records this node holds (imported from CVE JSON 5 records
// with `concord import`, or received from peers), and links from other objects to them.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "common/strings.h"
#include "common/time.h"
#include "cvss/report.h"
#include "sharing/node_policy.h"
#include "vulnerability/catalog.h"

namespace concord::cli {
namespace {

std::string Day(Micros t) { return t ? FormatTimestamp(t).substr(0, 10) : "?"; }

std::string Summary(const vulnerability::Vulnerability& v) {
  std::string text = v.title.empty() ? v.description : v.title;
  if (text.size() > 90) text = text.substr(0, 87) + "...";
  return text;
}

void PrintRecord(const vulnerability::StoredVulnerability& s,
                 const std::vector<store::StoredObject>& links) {
  const vulnerability::Vulnerability& v = s.record;
  std::printf("%s  %s\n  %s  published %s  updated %s\n", v.cve_id.c_str(), Summary(v).c_str(),
              s.object.id.c_str(), Day(v.published).c_str(), Day(v.updated).c_str());
  if (!v.title.empty() && !v.description.empty()) std::printf("  %s\n", v.description.c_str());
  for (const vulnerability::CvssEntry& entry : v.cvss) {
    auto a = cvss::Assess(entry.vector);
    std::string source = entry.source.empty() ? "" : " (" + entry.source + ")";
    if (!a.ok()) {
      std::printf("  CVSS%s: %s: %s\n", source.c_str(), entry.vector.c_str(),
                  a.status().message().c_str());
      continue;
    }
    std::string stated;
    if (entry.stated_base_score &&
        static_cast<int>(*entry.stated_base_score * 10 + 0.5) != a->scores.base) {
      stated = "  (stated " +
               cvss::FormatScore(static_cast<int>(*entry.stated_base_score * 10 + 0.5)) + ")";
    }
    std::printf(
        "  CVSS %s%s  %s %s%s  %s\n", std::string(cvss::VersionName(a->vector.version)).c_str(),
        source.c_str(), cvss::FormatScore(a->scores.overall).c_str(),
        std::string(cvss::SeverityName(cvss::Rate(a->vector.version, a->scores.overall))).c_str(),
        stated.c_str(), cvss::FormatVector(a->vector).c_str());
  }
  for (const vulnerability::AffectedProduct& p : v.affected) {
    std::string versions;
    for (const auto& ver : p.versions) {
      versions += versions.empty() ? "" : ", ";
      versions += ver.version;
      if (!ver.less_than.empty()) versions += " to <" + ver.less_than;
      if (!ver.less_than_or_equal.empty()) versions += " to <=" + ver.less_than_or_equal;
      if (!ver.status.empty()) versions += " (" + ver.status + ")";
    }
    std::printf("  affected: %s %s%s%s\n", p.vendor.c_str(), p.product.c_str(),
                versions.empty() ? "" : ": ", versions.c_str());
    for (const auto& cpe : p.cpes) std::printf("    %s\n", cpe.c_str());
  }
  if (!v.cwes.empty()) std::printf("  weaknesses: %s\n", Join(v.cwes, ", ").c_str());
  for (const auto& r : v.references) std::printf("  reference: %s\n", r.url.c_str());
  for (const store::StoredObject& link : links) {
    json::Document doc;
    if (!doc.ParseAll(link.json).ok()) continue;
    std::string other = doc.root()["source_ref"].str_equals(s.object.id)
                            ? doc.root()["target_ref"].str()
                            : doc.root()["source_ref"].str();
    std::printf("  linked: %s (%s, %s)\n", other.c_str(),
                doc.root()["relationship_type"].str().c_str(), link.id.c_str());
  }
}

int Show(store::Database& db, const std::string& ref, bool as_json) {
  auto v = vulnerability::FindVulnerability(db.objects(), ref);
  if (!v.ok()) return Report("vuln show", v.status());
  auto links = vulnerability::LinksOf(db.objects(), v->object.id);
  if (!links.ok()) return Report("vuln show", links.status());
  if (as_json) {
    std::string out;
    json::Writer w(&out);
    w.BeginObject().Key("object").Raw(v->object.json).Key("links").BeginArray();
    for (const auto& l : *links) w.Raw(l.json);
    w.EndArray().EndObject();
    std::printf("%s\n", out.c_str());
  } else {
    PrintRecord(*v, *links);
  }
  return kExitOk;
}

int List(store::Database& db, double min_score, bool as_json) {
  auto all = vulnerability::LoadVulnerabilities(db.objects());
  if (!all.ok()) return Report("vuln list", all.status());
  std::stable_sort(all->begin(), all->end(),
                   [](const auto& a, const auto& b) { return a.highest_score > b.highest_score; });
  const int min_tenths = static_cast<int>(min_score * 10 + 0.5);
  std::string out;
  json::Writer w(&out);
  if (as_json) w.BeginArray();
  for (const auto& v : *all) {
    if (min_tenths > 0 && v.highest_score < min_tenths) continue;
    if (as_json) {
      w.Raw(v.object.json);
    } else {
      std::printf("%-16s %4s  %s\n", v.record.cve_id.c_str(),
                  v.highest_score < 0 ? "-" : cvss::FormatScore(v.highest_score).c_str(),
                  Summary(v.record).c_str());
    }
  }
  if (as_json) std::printf("%s\n", (w.EndArray(), out).c_str());
  return kExitOk;
}

}  // namespace

void AddVulnCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "vuln", "Vulnerability records (import CVE JSON 5 records with `concord import`)");
  cmd->require_subcommand(1);

  auto* show = cmd->add_subcommand("show", "One vulnerability: CVSS, affected products, links");
  auto ref = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show->add_option("cve", *ref, "CVE id or vulnerability--id")->required();
  show->add_flag("--json", *show_json, "Print the STIX object and its relationships");
  show->callback([ref, show_json, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "vuln show");
    *exit_code = db ? Show(*db, *ref, *show_json) : kExitError;
  });

  auto* list = cmd->add_subcommand("list", "Every vulnerability, highest score first");
  auto min_score = std::make_shared<double>(0);
  auto list_json = std::make_shared<bool>(false);
  list->add_option("--min-score", *min_score, "Only those scoring at least this (any version)");
  list->add_flag("--json", *list_json, "Print a JSON array of the STIX objects");
  list->callback([min_score, list_json, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "vuln list");
    *exit_code = db ? List(*db, *min_score, *list_json) : kExitError;
  });

  auto* link = cmd->add_subcommand(
      "link", "Link an object (indicator, incident, malware, ...) to a vulnerability");
  auto link_args = std::make_shared<std::array<std::string, 3>>();
  (*link_args)[2] = "related-to";
  link->add_option("cve", (*link_args)[0], "CVE id or vulnerability--id")->required();
  link->add_option("object", (*link_args)[1], "The stored object's id")->required();
  link->add_option("--type", (*link_args)[2], "Relationship type")->capture_default_str();
  link->callback([link_args, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "vuln link");
    if (!db) return void(*exit_code = kExitError);
    auto v = vulnerability::FindVulnerability(db->objects(), (*link_args)[0]);
    if (!v.ok()) return void(*exit_code = Report("vuln link", v.status()));
    auto org = sharing::NodeOrganisation(*db);
    auto id = vulnerability::Link(db->objects(), v->object.id, (*link_args)[1], (*link_args)[2],
                                  org.ok() ? org->identity_id : "", SystemClock::Get().Now());
    if (!id.ok()) return void(*exit_code = Report("vuln link", id.status()));
    std::printf("%s: %s %s %s\n", id->c_str(), (*link_args)[1].c_str(), (*link_args)[2].c_str(),
                v->record.cve_id.c_str());
    *exit_code = kExitOk;
  });
}

}  // namespace concord::cli
