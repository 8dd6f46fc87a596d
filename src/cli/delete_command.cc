// concord delete: deletes an object from this node; an object made here is deleted everywhere
// it went (federation/deletion.h).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "federation/deletion.h"

namespace concord::cli {

void AddDeleteCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "delete",
      "Delete an object (every version). One made here is deleted on every node it reached");
  auto ids = std::make_shared<std::vector<std::string>>();
  cmd->add_option("id", *ids, "Object ids")->required();
  auto as_org = std::make_shared<std::string>();
  cmd->add_option("--as", *as_org,
                  "Delete as this organisation of the node (its name), the objects' owner, "
                  "when it is not the node's own");
  cmd->callback([ids, as_org, &global, exit_code] {
    auto db = OpenDatabaseOrReport(global, "delete");
    if (!db) return void(*exit_code = kExitError);
    store::Supplier as;
    if (!as_org->empty()) {
      auto org = db->accounts().FindOrganisation(*as_org);
      if (!org.ok()) return void(*exit_code = Report("delete", org.status().WithPrefix("--as")));
      as = {org->identity_id, false, org->name};
    }
    *exit_code = kExitOk;
    for (const auto& id : *ids) {
      auto d = federation::DeleteObject(*db, id, SystemClock::Get(), as);
      if (!d.ok()) {
        *exit_code = Report("delete", d.status());
        continue;
      }
      if (d->tombstone_id.empty()) {
        std::printf(
            "%s: %lld versions deleted here only (it was made elsewhere; it will not "
            "be stored again)\n",
            id.c_str(), static_cast<long long>(d->versions_removed));
      } else {
        std::printf(
            "%s: %lld versions deleted; tombstone %s in %zu collections goes to the peers\n",
            id.c_str(), static_cast<long long>(d->versions_removed), d->tombstone_id.c_str(),
            d->collections.size());
      }
    }
  });
}

}  // namespace concord::cli
