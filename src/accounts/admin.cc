#include "accounts/admin.h"

#include "common/json.h"
#include "common/uuid.h"
#include "stix/validate.h"
#include "store/tombstone.h"

namespace concord::accounts {

namespace {

Status CheckNewOrganisationName(store::Database& db, const std::string& name) {
  if (name.empty() || name.size() > 200) {
    return Status::InvalidArgument("organisation name must be 1-200 characters");
  }
  if (db.accounts().FindOrganisation(name).ok()) {
    return Status::AlreadyExists("organisation '" + name + "' already exists");
  }
  return Status::Ok();
}

}  // namespace

Result<store::Organisation> RegisterOrganisation(store::Database& db, const std::string& name,
                                                 const std::string& identity_id,
                                                 const Clock& clock) {
  CONCORD_RETURN_IF_ERROR(CheckNewOrganisationName(db, name));
  if (identity_id.rfind("identity--", 0) != 0 || !IsRfc4122Uuid(identity_id.substr(10))) {
    return Status::InvalidArgument("'" + identity_id +
                                   "' is not a STIX identity id (identity--<UUID>)");
  }
  return db.accounts().AddOrganisation({0, name, identity_id, clock.Now()});
}

Result<store::Organisation> CreateOrganisation(store::Database& db, const std::string& name,
                                               const Clock& clock) {
  CONCORD_RETURN_IF_ERROR(CheckNewOrganisationName(db, name));
  const std::string now = FormatTimestampMillis(clock.Now());
  store::ObjectRecord identity;
  std::string text;
  json::Writer w(&text);
  w.BeginObject()
      .Key("type")
      .String("identity")
      .Key("spec_version")
      .String("2.1")
      .Key("id")
      .String("identity--" + UuidV4())
      .Key("created")
      .String(now)
      .Key("modified")
      .String(now)
      .Key("name")
      .String(name)
      .Key("identity_class")
      .String("organization")
      .EndObject();
  json::Document doc;
  CONCORD_RETURN_IF_ERROR(doc.ParseAll(text));
  CONCORD_RETURN_IF_ERROR(stix::Validate(doc.root(), &identity.meta));
  identity.json = text;
  {
    // The writer holds the store's write lock until it is destroyed: end it before the next write.
    auto writer = db.objects().BeginWrite();
    if (!writer.ok()) return writer.status();
    // The organisation's own identity: it speaks for itself, and owns it here.
    auto put = store::PutObject(**writer, identity, {identity.meta.id, false, name});
    if (!put.ok()) return put.status();
    CONCORD_RETURN_IF_ERROR((*writer)->Commit());
  }
  return db.accounts().AddOrganisation({0, name, identity.meta.id, clock.Now()});
}

Result<store::User> CreateUser(store::Database& db, const std::string& name,
                               const std::string& org_name, store::Role role,
                               const std::string& password, const Clock& clock,
                               bool must_change_password) {
  if (name.empty() || name.size() > 100 || name.find(':') != std::string::npos) {
    return Status::InvalidArgument("user name must be 1-100 characters without ':'");
  }
  if (!password.empty()) CONCORD_RETURN_IF_ERROR(CheckNewPassword(password, "password"));
  auto org = db.accounts().FindOrganisation(org_name);
  if (!org.ok()) return Status::NotFound("no organisation named '" + org_name + "'");
  std::string hash;
  if (!password.empty()) {
    auto h = HashPassword(password);
    if (!h.ok()) return h.status();
    hash = *h;
  }
  store::User user{0, name, org->id, role, hash, false, clock.Now()};
  user.must_change_password = must_change_password;
  return db.accounts().AddUser(user);
}

Result<NewToken> CreateToken(store::Database& db, const std::string& user_name,
                             const std::string& token_name, std::optional<Micros> expires,
                             const Clock& clock) {
  auto user = db.accounts().FindUser(user_name);
  if (!user.ok()) return Status::NotFound("no user named '" + user_name + "'");
  if (expires && *expires <= clock.Now()) {
    return Status::InvalidArgument("the expiry is in the past");
  }
  NewToken t = GenerateToken();
  CONCORD_RETURN_IF_ERROR(
      db.accounts().AddToken({t.id, t.digest, user->id, token_name, clock.Now(), expires, false}));
  return t;
}

Result<std::string> ModuleCollection(store::Database& db, const std::string& title,
                                     const std::string& description, const std::string& reader,
                                     const Clock& clock) {
  auto collections = db.collections().ListCollections();
  if (!collections.ok()) return collections.status();
  for (const auto& c : *collections) {
    if (c.title == title) return c.id;
  }
  auto made = CreateCollection(db, title, description, "", clock);
  if (!made.ok()) return made.status();
  CONCORD_RETURN_IF_ERROR(GrantCollection(db, made->id, reader, true, false));
  return made->id;
}

Result<store::Collection> CreateCollection(store::Database& db, const std::string& title,
                                           const std::string& description, const std::string& id,
                                           const Clock& clock) {
  if (title.empty()) return Status::InvalidArgument("a collection needs a title");
  std::string cid = id.empty() ? UuidV4() : id;
  if (!IsRfc4122Uuid(cid)) return Status::InvalidArgument("collection id must be a UUID: " + cid);
  store::Collection c{cid, title, description, {"application/stix+json;version=2.1"}, clock.Now()};
  CONCORD_RETURN_IF_ERROR(db.collections().AddCollection(c));
  return c;
}

Status GrantCollection(store::Database& db, const std::string& collection_id,
                       const std::string& org_name, bool can_read, bool can_write) {
  auto c = db.collections().GetCollection(collection_id);
  if (!c.ok()) return c.status();
  auto org = db.accounts().FindOrganisation(org_name);
  if (!org.ok()) return Status::NotFound("no organisation named '" + org_name + "'");
  return db.collections().SetGrant({collection_id, org->id, can_read, can_write});
}

Result<std::optional<FirstAdmin>> BootstrapAdmin(store::Database& db, const std::string& org_name,
                                                 const Clock& clock) {
  auto users = db.accounts().CountUsers();
  if (!users.ok()) return users.status();
  if (*users > 0) return std::optional<FirstAdmin>();
  if (!db.accounts().FindOrganisation(org_name).ok()) {
    auto org = CreateOrganisation(db, org_name, clock);
    if (!org.ok()) return org.status();
  }
  FirstAdmin first;
  first.one_time_password = GenerateOneTimePassword();
  auto user = CreateUser(db, "admin", org_name, store::Role::kAdmin, first.one_time_password, clock,
                         /*must_change_password=*/true);
  if (!user.ok()) return user.status();
  auto token = CreateToken(db, "admin", "created at first start", std::nullopt, clock);
  if (!token.ok()) return token.status();
  first.token = token->secret;
  return std::optional<FirstAdmin>(std::move(first));
}

Status CheckNewPassword(std::string_view password, std::string_view field) {
  if (password.size() < 12) {
    return Status::InvalidArgument(std::string(field) +
                                   ": a password needs at least 12 characters");
  }
  if (password.size() > 1024) {
    return Status::InvalidArgument(std::string(field) + ": a password has at most 1024 characters");
  }
  return Status::Ok();
}

Status ChangePassword(store::Database& db, int64_t user_id, const std::string& current,
                      const std::string& new_password, std::string_view keep_session) {
  auto user = db.accounts().GetUser(user_id);
  if (!user.ok()) return user.status();
  if (user->password_hash.empty() || !VerifyPassword(current, user->password_hash)) {
    return Status::InvalidArgument("current_password: this is not your current password");
  }
  CONCORD_RETURN_IF_ERROR(CheckNewPassword(new_password, "new_password"));
  if (new_password == current) {
    return Status::InvalidArgument("new_password: choose a password other than the current one");
  }
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  CONCORD_RETURN_IF_ERROR(db.accounts().SetPassword(user_id, *hash, /*must_change=*/false));
  return db.accounts().DeleteSessionsOf(user_id, keep_session);
}

Result<std::string> ResetPassword(store::Database& db, const std::string& user_name) {
  auto user = db.accounts().FindUser(user_name);
  if (!user.ok()) return Status::NotFound("no user named '" + user_name + "'");
  if (user->role == store::Role::kPeer) {
    return Status::InvalidArgument("'" + user_name +
                                   "' is a peer node's account: it signs in with tokens only");
  }
  std::string password = GenerateOneTimePassword();
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  CONCORD_RETURN_IF_ERROR(db.accounts().SetPassword(user->id, *hash, /*must_change=*/true));
  CONCORD_RETURN_IF_ERROR(db.accounts().DeleteSessionsOf(user->id));
  return password;
}

}  // namespace concord::accounts
