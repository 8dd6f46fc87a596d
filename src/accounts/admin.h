#pragma once
// Managing organisations, users, tokens and collections: what `concord org|user|token|
// collection` and the first start of `concord serve` do. Every function validates its input
// and returns a Status a person can act on.

#include <optional>
#include <string>
#include <vector>

#include "accounts/secrets.h"
#include "common/status.h"
#include "common/time.h"
#include "store/database.h"

namespace concord::accounts {

// Records an organisation that exists elsewhere (another node's) under its own identity id,
// so that the sharing policy and sharing groups can name it. No identity object is made.
Result<store::Organisation> RegisterOrganisation(store::Database& db, const std::string& name,
                                                 const std::string& identity_id,
                                                 const Clock& clock);
// Creates the organisation and its STIX identity (identity_class "organization"), stored as an
// object so that it can be shared like any other.
Result<store::Organisation> CreateOrganisation(store::Database& db, const std::string& name,
                                               const Clock& clock);
// `password` may be empty: the user then authenticates with tokens only.
// `must_change_password`: a one-time password its holder must replace at first sign-in.
Result<store::User> CreateUser(store::Database& db, const std::string& name,
                               const std::string& org_name, store::Role role,
                               const std::string& password, const Clock& clock,
                               bool must_change_password = false);
// Returns the new token; its secret is shown to the caller once and never stored.
Result<NewToken> CreateToken(store::Database& db, const std::string& user_name,
                             const std::string& token_name, std::optional<Micros> expires,
                             const Clock& clock);

Result<store::Collection> CreateCollection(store::Database& db, const std::string& title,
                                           const std::string& description, const std::string& id,
                                           const Clock& clock);
Status GrantCollection(store::Database& db, const std::string& collection_id,
                       const std::string& org_name, bool can_read, bool can_write);
// The id of the collection titled `title` where a module keeps its objects ("Directory",
// "Incidents"), made on first use and readable by organisation `reader` (the node's own), which
// grants it to peers like any collection.
Result<std::string> ModuleCollection(store::Database& db, const std::string& title,
                                     const std::string& description, const std::string& reader,
                                     const Clock& clock);

// What the first start prints, once: how the administrator signs in.
struct FirstAdmin {
  std::string token;              // an API token's secret (for scripts)
  std::string one_time_password;  // for the console; must be replaced at first sign-in
};
// On a database without users: creates organisation `org_name` and user "admin" with the admin
// role, a one-time password and a token. nullopt if users exist.
Result<std::optional<FirstAdmin>> BootstrapAdmin(store::Database& db, const std::string& org_name,
                                                 const Clock& clock);

// A user's own change: `current` must verify; the new password has 12+ characters and differs.
// InvalidArgument names the field ("current_password", "new_password"). Ends the user's other
// sessions (all but `keep_session`, a session digest).
Status ChangePassword(store::Database& db, int64_t user_id, const std::string& current,
                      const std::string& new_password, std::string_view keep_session = {});
// An administrator's reset: a new one-time password (returned, to give the user), which the user
// must replace at their next sign-in; every session of the user ends.
Result<std::string> ResetPassword(store::Database& db, const std::string& user_name);
// The password rule, for every path that sets one; the message names `field`.
Status CheckNewPassword(std::string_view password, std::string_view field);

}  // namespace concord::accounts
