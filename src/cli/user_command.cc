#include <cstdio>
#include <iostream>

#include "accounts/admin.h"
#include "cli/commands.h"

namespace concord::cli {
namespace {

struct UserArgs {
  std::string name, org, role = "analyst";
  bool password_stdin = false;
};

}  // namespace

void AddUserCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* user = app.add_subcommand("user", "Users of this node (roles: admin, analyst, reader)");
  user->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();
  auto* add = user->add_subcommand("add", "Add a user to an organisation");
  add->add_option("name", args->name, "User name")->required();
  add->add_option("--org", args->org, "Organisation the user belongs to")->required();
  add->add_option("--role", args->role,
                  "admin, analyst, reader, or peer (an account another node pulls with)")
      ->capture_default_str();
  add->add_flag("--password-stdin", args->password_stdin,
                "Read a password (12+ characters) from the first line of standard input; "
                "without it the user logs in with tokens only");
  add->callback([args, &global, exit_code] {
    auto role = store::ParseRole(args->role);
    if (!role) {
      return void(*exit_code = Report(
                      "user add",
                      Status::InvalidArgument("--role must be admin, analyst, reader or peer")));
    }
    std::string password;
    if (args->password_stdin) std::getline(std::cin, password);
    auto db = OpenDatabaseOrReport(global, "user add");
    if (!db) return void(*exit_code = kExitError);
    auto u = accounts::CreateUser(*db, args->name, args->org, *role, password, SystemClock::Get());
    if (!u.ok()) return void(*exit_code = Report("user add", u.status()));
    std::printf("added user %s (%s) to %s\n", u->name.c_str(), store::RoleName(u->role),
                args->org.c_str());
  });
  auto* list = user->add_subcommand("list", "List users");
  RunWithDatabase(list, "user list", global, exit_code, [](store::Database& db) {
    auto users = db.accounts().ListUsers();
    if (!users.ok()) return Report("user list", users.status());
    for (const auto& u : *users) {
      auto org = db.accounts().GetOrganisation(u.org_id);
      std::printf("%s\t%s\t%s\t%s\n", u.name.c_str(), store::RoleName(u.role),
                  org.ok() ? org->name.c_str() : "?", u.disabled ? "disabled" : "active");
    }
    return kExitOk;
  });
  auto name = std::make_shared<std::string>();
  auto* reset = user->add_subcommand(
      "reset-password",
      "Give a user a one-time password (printed once); they choose their own at next sign-in");
  reset->add_option("name", *name, "User name")->required();
  RunWithDatabase(reset, "user reset-password", global, exit_code, [name](store::Database& db) {
    auto password = accounts::ResetPassword(db, *name);
    if (!password.ok()) return Report("user reset-password", password.status());
    std::printf("one-time password for %s (shown once): %s\n", name->c_str(), password->c_str());
    return kExitOk;
  });
  auto* disable =
      user->add_subcommand("disable", "Disable a user: their logins and tokens stop at once");
  disable->add_option("name", *name, "User name")->required();
  RunWithDatabase(disable, "user disable", global, exit_code, [name](store::Database& db) {
    Status st = db.accounts().SetUserDisabled(*name, true);
    if (!st.ok()) return Report("user disable", st);
    std::printf("disabled user %s\n", name->c_str());
    return kExitOk;
  });
}

}  // namespace concord::cli
