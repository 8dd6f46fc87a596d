#include <cstdio>

#include "accounts/admin.h"
#include "cli/commands.h"

namespace concord::cli {
namespace {

struct TokenArgs {
  std::string user, name = "api", expires, id;
};

}  // namespace

void AddTokenCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* token = app.add_subcommand("token", "API tokens (shown once, stored as a hash)");
  token->require_subcommand(1);
  auto args = std::make_shared<TokenArgs>();
  auto* create = token->add_subcommand("create", "Create a token for a user and print it once");
  create->add_option("--user", args->user, "User the token acts as")->required();
  create->add_option("--name", args->name, "What the token is for")->capture_default_str();
  create->add_option("--expires", args->expires, "Expiry, RFC 3339 (default: never)");
  create->callback([args, &global, exit_code] {
    std::optional<Micros> expires;
    if (!args->expires.empty()) {
      auto t = ParseTimestamp(args->expires);
      if (!t.ok())
        return void(*exit_code = Report("token create", t.status().WithPrefix("--expires")));
      expires = *t;
    }
    auto db = OpenDatabaseOrReport(global, "token create");
    if (!db) return void(*exit_code = kExitError);
    auto t = accounts::CreateToken(*db, args->user, args->name, expires, SystemClock::Get());
    if (!t.ok()) return void(*exit_code = Report("token create", t.status()));
    std::fprintf(stderr, "token %s for %s (shown once; store it now):\n", t->id.c_str(),
                 args->user.c_str());
    std::printf("%s\n", t->secret.c_str());
  });
  auto* list = token->add_subcommand("list", "List tokens (ids, never secrets)");
  RunWithDatabase(list, "token list", global, exit_code, [](store::Database& db) {
    auto tokens = db.accounts().ListTokens();
    if (!tokens.ok()) return Report("token list", tokens.status());
    for (const auto& t : *tokens) {
      auto u = db.accounts().GetUser(t.user_id);
      std::printf("%s\t%s\t%s\t%s\t%s\n", t.id.c_str(), u.ok() ? u->name.c_str() : "?",
                  t.name.c_str(), t.expires ? FormatTimestampMillis(*t.expires).c_str() : "never",
                  t.revoked ? "revoked" : "active");
    }
    return kExitOk;
  });
  auto* revoke = token->add_subcommand("revoke", "Revoke a token: it stops working at once");
  revoke->add_option("id", args->id, "Token id (from token list)")->required();
  RunWithDatabase(revoke, "token revoke", global, exit_code, [args](store::Database& db) {
    Status st = db.accounts().RevokeToken(args->id);
    if (!st.ok()) return Report("token revoke", st);
    std::printf("revoked token %s\n", args->id.c_str());
    return kExitOk;
  });
}

}  // namespace concord::cli
