#include <cstdio>

#include "accounts/admin.h"
#include "cli/commands.h"

namespace concord::cli {

void AddOrgCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* org = app.add_subcommand("org", "Organisations (each has a STIX identity)");
  org->require_subcommand(1);
  auto name = std::make_shared<std::string>();
  auto identity = std::make_shared<std::string>();
  auto* add = org->add_subcommand("add", "Add an organisation");
  add->add_option("name", *name, "Organisation name (e.g. CERT-AZ)")->required();
  add->add_option("--identity", *identity,
                  "An organisation of another node: its STIX identity id there "
                  "(default: a new identity made here)");
  RunWithDatabase(add, "org add", global, exit_code, [name, identity](store::Database& db) {
    auto o = identity->empty()
                 ? accounts::CreateOrganisation(db, *name, SystemClock::Get())
                 : accounts::RegisterOrganisation(db, *name, *identity, SystemClock::Get());
    if (!o.ok()) return Report("org add", o.status());
    std::printf("added organisation %s (%s)\n", o->name.c_str(), o->identity_id.c_str());
    return kExitOk;
  });
  auto* list = org->add_subcommand("list", "List organisations");
  RunWithDatabase(list, "org list", global, exit_code, [](store::Database& db) {
    auto orgs = db.accounts().ListOrganisations();
    if (!orgs.ok()) return Report("org list", orgs.status());
    for (const auto& o : *orgs) std::printf("%s\t%s\n", o.name.c_str(), o.identity_id.c_str());
    return kExitOk;
  });
}

}  // namespace concord::cli
