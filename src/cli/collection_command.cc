#include <cstdio>

#include "accounts/admin.h"
#include "cli/commands.h"

namespace concord::cli {
namespace {

struct CollectionArgs {
  std::string title, description, id, org;
  bool read = false, write = false, revoke = false;
};

}  // namespace

void AddCollectionCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* col = app.add_subcommand("collection", "TAXII collections and who may read or write them");
  col->require_subcommand(1);
  auto args = std::make_shared<CollectionArgs>();
  auto* add = col->add_subcommand("add", "Add a collection");
  add->add_option("--title", args->title, "Title shown to TAXII clients")->required();
  add->add_option("--description", args->description, "Description");
  add->add_option("--id", args->id, "Collection id (a UUID; default: a new one)");
  RunWithDatabase(add, "collection add", global, exit_code, [args](store::Database& db) {
    auto c = accounts::CreateCollection(db, args->title, args->description, args->id,
                                        SystemClock::Get());
    if (!c.ok()) return Report("collection add", c.status());
    std::printf("%s\n", c->id.c_str());
    return kExitOk;
  });
  auto* list = col->add_subcommand("list", "List collections with their grants");
  RunWithDatabase(list, "collection list", global, exit_code, [](store::Database& db) {
    auto all = db.collections().ListCollections();
    if (!all.ok()) return Report("collection list", all.status());
    for (const auto& c : *all) {
      auto n = db.collections().CountCollectionObjects(c.id);
      std::printf("%s\t%s\t%lld objects\n", c.id.c_str(), c.title.c_str(),
                  static_cast<long long>(n.ok() ? *n : 0));
      auto grants = db.collections().ListGrants(c.id);
      for (const auto& g : grants.ok() ? *grants : std::vector<store::Grant>{}) {
        auto org = db.accounts().GetOrganisation(g.org_id);
        std::printf("\t%s\t%s%s\n", org.ok() ? org->name.c_str() : "?", g.can_read ? "read " : "",
                    g.can_write ? "write" : "");
      }
    }
    return kExitOk;
  });
  auto* grant = col->add_subcommand("grant", "Set an organisation's access to a collection");
  grant->add_option("collection", args->id, "Collection id")->required();
  grant->add_option("--org", args->org, "Organisation")->required();
  grant->add_flag("--read", args->read, "May read (GET objects, manifest, versions)");
  grant->add_flag("--write", args->write, "May write (POST objects, DELETE)");
  grant->add_flag("--revoke", args->revoke, "Remove all access");
  grant->callback([args, &global, exit_code] {
    if (!args->revoke && !args->read && !args->write) {
      return void(*exit_code = Report("collection grant",
                                      Status::InvalidArgument("give --read, --write or --revoke")));
    }
    auto db = OpenDatabaseOrReport(global, "collection grant");
    if (!db) return void(*exit_code = kExitError);
    Status st = accounts::GrantCollection(*db, args->id, args->org, args->read && !args->revoke,
                                          args->write && !args->revoke);
    if (!st.ok()) return void(*exit_code = Report("collection grant", st));
    std::printf("%s: %s may%s%s\n", args->id.c_str(), args->org.c_str(),
                args->read && !args->revoke ? " read" : "",
                args->write && !args->revoke ? " write" : (args->revoke ? " nothing" : ""));
  });
}

}  // namespace concord::cli
