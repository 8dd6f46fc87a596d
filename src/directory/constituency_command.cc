// concord constituency: what a team is responsible for (add, remove, conflicts).
#include <cstdio>
#include <memory>

#include "common/file.h"
#include "common/strings.h"
#include "directory/command_support.h"
#include "directory/editor.h"
#include "directory/formats.h"
#include "directory/module.h"
#include "directory/reachability.h"

namespace concord::directory {
namespace {

using namespace cli::common;  // GlobalOptions, Report, kExit*, ...

struct ClaimFlags {
  std::vector<std::string> prefixes, asns, domains, countries, sectors;
  void Register(CLI::App* cmd) {
    cmd->add_option("--prefix", prefixes, "IPv4/IPv6 prefixes (CIDR)")->delimiter(',');
    cmd->add_option("--asn", asns, "AS numbers (AS64500)")->delimiter(',');
    cmd->add_option("--domain", domains, "Domains or TLDs (example.az, .az)")->delimiter(',');
    cmd->add_option("--country", countries, "Countries (ISO 3166-1 alpha-2)")->delimiter(',');
    cmd->add_option("--sector", sectors, "Sectors (energy, financial-services, ...)")
        ->delimiter(',');
  }
  // Adds (or removes) the claims; values are validated when the team is.
  Status Apply(Team& t, bool remove) const {
    Constituency& k = t.constituency;
    auto edit = [&](std::vector<std::string>& list, const std::vector<std::string>& values,
                    const std::function<Result<std::string>(const std::string&)>& canonical) {
      for (const auto& v : values) {
        auto c = canonical(v);
        if (!c.ok()) return c.status();
        auto it = std::find(list.begin(), list.end(), *c);
        if (remove && it == list.end()) {
          return Status::NotFound(*c + " is not in " + t.short_name + "'s constituency");
        }
        if (remove) {
          list.erase(it);
        } else if (it == list.end()) {
          list.push_back(*c);
        }
      }
      return Status::Ok();
    };
    CONCORD_RETURN_IF_ERROR(
        edit(k.prefixes, prefixes, [](const std::string& v) { return NormalisePrefix(v); }));
    CONCORD_RETURN_IF_ERROR(
        edit(k.domains, domains, [](const std::string& v) { return NormaliseDomainName(v); }));
    CONCORD_RETURN_IF_ERROR(
        edit(k.countries, countries, [](const std::string& v) { return NormaliseCountryCode(v); }));
    CONCORD_RETURN_IF_ERROR(
        edit(k.sectors, sectors, [](const std::string& v) { return Result<std::string>(v); }));
    std::vector<std::string> asn_text;
    for (uint32_t a : k.asns) asn_text.push_back(std::to_string(a));
    CONCORD_RETURN_IF_ERROR(edit(asn_text, asns, [](const std::string& v) -> Result<std::string> {
      auto a = ParseAsn(v);
      if (!a.ok()) return a.status();
      return std::to_string(*a);
    }));
    k.asns.clear();
    for (const auto& a : asn_text) k.asns.push_back(static_cast<uint32_t>(std::stoul(a)));
    return Status::Ok();
  }
};

}  // namespace

void AddConstituencyCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto claim_team = std::make_shared<std::string>();
  auto claims = std::make_shared<ClaimFlags>();
  auto* constituency = app.add_subcommand("constituency", "What a team is responsible for");
  constituency->require_subcommand(1);
  for (bool remove_claims : {false, true}) {
    auto* cmd = constituency->add_subcommand(
        remove_claims ? "remove" : "add", remove_claims ? "Remove claims from a team's constituency"
                                                        : "Add claims to a team's constituency");
    cmd->add_option("team", *claim_team, "Team id or short name")->required();
    claims->Register(cmd);
    cmd->callback([claim_team, claims, remove_claims, &global, exit_code] {
      *exit_code = Change(global, remove_claims ? "constituency remove" : "constituency add",
                          *claim_team, remove_claims ? "constituency.remove" : "constituency.add",
                          [&](Team& t) { return claims->Apply(t, remove_claims); });
    });
  }
  constituency->add_subcommand("conflicts", "Claims several teams make (lookups report both)")
      ->callback([&global, exit_code] {
        auto db = OpenDatabaseOrReport(global, "constituency conflicts");
        if (!db) {
          *exit_code = kExitError;
          return;
        }
        auto entries = Entries(*db);
        if (!entries.ok()) {
          *exit_code = Report("constituency conflicts", entries.status());
          return;
        }
        Directory dir(TeamsOf(*entries));
        for (const auto& c : dir.Conflicts()) {
          std::printf("%s %s:", c.kind.c_str(), c.claim.c_str());
          for (uint32_t t : c.teams) std::printf(" %s", dir.teams()[t].short_name.c_str());
          std::printf("\n");
        }
        *exit_code = kExitOk;
      });
}

}  // namespace concord::directory
