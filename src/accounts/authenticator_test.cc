#include "accounts/authenticator.h"

#include <gtest/gtest.h>

#include "accounts/admin.h"
#include "common/strings.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/test_util.h"

namespace concord::accounts {
namespace {

std::string Basic(const std::string& user, const std::string& secret) {
  return "Basic " + Base64Encode(user + ":" + secret);
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::OpenSqliteDatabase(dir_.File("auth.db")).value());
    ASSERT_TRUE(CreateOrganisation(*db_, "CERT-AZ", clock_).ok());
    ASSERT_TRUE(
        CreateUser(*db_, "alice", "CERT-AZ", store::Role::kAnalyst, "correct horse battery", clock_)
            .ok());
    token_ = CreateToken(*db_, "alice", "ci", std::nullopt, clock_).value();
    auth_ = std::make_unique<Authenticator>(db_->accounts(), clock_);
  }
  Result<Principal> Auth(const std::string& header, const std::string& from = "192.0.2.1") {
    return auth_->Authenticate(header, from);
  }

  testing::TempDir dir_;
  FakeClock clock_{1800000000000000};
  std::unique_ptr<store::Database> db_;
  NewToken token_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(AuthenticatorTest, AcceptsBearerBasicPasswordAndBasicToken) {
  auto p = Auth("Bearer " + token_.secret);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->user.name, "alice");
  EXPECT_EQ(p->org.name, "CERT-AZ");
  EXPECT_TRUE(Auth(Basic("alice", "correct horse battery")).ok());
  EXPECT_TRUE(Auth(Basic("alice", "correct horse battery")).ok());  // cached path
  EXPECT_TRUE(Auth(Basic("anyone", token_.secret)).ok());
}

TEST_F(AuthenticatorTest, RejectsBadCredentials) {
  EXPECT_EQ(Auth("").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Auth("Bearer concord_nope").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Auth(Basic("alice", "wrong password!")).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Auth(Basic("mallory", "correct horse battery")).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Auth("Basic !!!notbase64").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Auth("Digest x").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, RevokedExpiredAndDisabledStopAtOnce) {
  ASSERT_TRUE(Auth("Bearer " + token_.secret).ok());
  ASSERT_TRUE(db_->accounts().RevokeToken(token_.id).ok());
  EXPECT_FALSE(Auth("Bearer " + token_.secret).ok());

  auto expiring = CreateToken(*db_, "alice", "short", clock_.Now() + 1000000, clock_).value();
  EXPECT_TRUE(Auth("Bearer " + expiring.secret).ok());
  clock_.Advance(2000000);
  EXPECT_FALSE(Auth("Bearer " + expiring.secret).ok());

  auto fresh = CreateToken(*db_, "alice", "fresh", std::nullopt, clock_).value();
  ASSERT_TRUE(Auth("Bearer " + fresh.secret).ok());  // remembered until the next commit
  ASSERT_TRUE(db_->accounts().SetUserDisabled("alice", true).ok());
  EXPECT_FALSE(Auth("Bearer " + fresh.secret).ok());
  EXPECT_FALSE(Auth(Basic("alice", "correct horse battery")).ok());
}

TEST_F(AuthenticatorTest, ThrottlesPasswordGuessingPerAddressNeverAValidToken) {
  // Ten bad tokens from one address (a shared NAT): a valid token from it still works.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Auth("Bearer concord_wrong", "198.51.100.7").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_TRUE(Auth("Bearer " + token_.secret, "198.51.100.7").ok());
  // Ten wrong passwords: password logins from that address wait, even a right one ...
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(
        Auth(Basic("alice", "wrong password " + std::to_string(i)), "198.51.100.7").status().code(),
        StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Auth(Basic("alice", "correct horse battery"), "198.51.100.7").status().code(),
            StatusCode::kTooManyRequests);
  EXPECT_GT(auth_->RetryAfter(Basic("alice", "x"), "198.51.100.7"), 0);
  // ... but tokens do not, and other addresses are not affected.
  EXPECT_TRUE(Auth("Bearer " + token_.secret, "198.51.100.7").ok());
  EXPECT_TRUE(Auth(Basic("alice", "correct horse battery"), "198.51.100.8").ok());
  clock_.Advance(61000000);
  EXPECT_TRUE(Auth(Basic("alice", "correct horse battery"), "198.51.100.7").ok());
}

TEST_F(AuthenticatorTest, ThrottlesPasswordGuessingPerUserNameAcrossAddresses) {
  for (int i = 0; i < 20; ++i) {
    const std::string from = "203.0.113." + std::to_string(i);  // under the per-address limit
    EXPECT_FALSE(Auth(Basic("alice", "guess " + std::to_string(i)), from).ok());
  }
  EXPECT_EQ(Auth(Basic("alice", "correct horse battery"), "203.0.113.200").status().code(),
            StatusCode::kTooManyRequests);
  EXPECT_TRUE(Auth("Bearer " + token_.secret, "203.0.113.200").ok());
}

TEST_F(AuthenticatorTest, SecretsAreStoredHashed) {
  auto user = db_->accounts().FindUser("alice").value();
  EXPECT_EQ(user.password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(user.password_hash.find("correct horse"), std::string::npos);
  auto tokens = db_->accounts().ListTokens().value();
  for (const auto& t : tokens) EXPECT_NE(t.digest, token_.secret);
  EXPECT_EQ(tokens[0].digest, TokenDigest(token_.secret));
  EXPECT_EQ(token_.secret.size(), 8u + 43u);  // concord_ + 256 bits in base64url
}

TEST_F(AuthenticatorTest, AdminBootstrapHappensOnceAndValidatesInput) {
  testing::TempDir other;
  auto db = std::move(store::OpenSqliteDatabase(other.File("boot.db")).value());
  auto first = BootstrapAdmin(*db, "CERT-XX", clock_);
  ASSERT_TRUE(first.ok() && first->has_value());
  Authenticator auth(db->accounts(), clock_);
  auto p = auth.Authenticate("Bearer " + (*first)->token, "127.0.0.1");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->is_admin());
  // The console's one-time password signs in, and must be replaced before anything else.
  auto session = auth.SignIn("admin", (*first)->one_time_password, "127.0.0.1");
  ASSERT_TRUE(session.ok()) << session.status().message();
  EXPECT_TRUE(session->principal.user.must_change_password);
  EXPECT_GE((*first)->one_time_password.size(), 20u);
  auto second = BootstrapAdmin(*db, "CERT-XX", clock_);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
  // The organisation's identity is a stored STIX object.
  EXPECT_EQ(*db->objects().CountVersions(), 1);
  EXPECT_FALSE(CreateUser(*db, "bob", "CERT-XX", store::Role::kReader, "short", clock_).ok());
  EXPECT_FALSE(CreateUser(*db, "bo:b", "CERT-XX", store::Role::kReader, "", clock_).ok());
  EXPECT_FALSE(CreateUser(*db, "bob", "NOPE", store::Role::kReader, "", clock_).ok());
  EXPECT_EQ(CreateOrganisation(*db, "CERT-XX", clock_).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(AuthenticatorTest, SessionsExpireWhenIdleAndAtTheirAbsoluteLimit) {
  SessionLimits limits;
  limits.idle = 10'000'000;      // 10 s
  limits.absolute = 30'000'000;  // 30 s
  limits.touch_every = 1'000'000;
  auth_->set_session_limits(limits);
  auto session = auth_->SignIn("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(session.ok()) << session.status().message();
  // Only a digest of the cookie's secret is stored.
  EXPECT_FALSE(db_->accounts().FindSession(session->secret).ok());
  EXPECT_EQ(session->principal.csrf_token, CsrfTokenOf(session->secret));
  EXPECT_NE(session->principal.csrf_token, session->secret);
  // Kept alive by use until the absolute limit.
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(8'000'000);
    auto p = auth_->BySession(session->secret);
    ASSERT_TRUE(p.ok()) << i << ": " << p.status().message();
    EXPECT_EQ(p->user.name, "alice");
    EXPECT_TRUE(p->by_session);
  }
  clock_.Advance(8'000'000);  // 32 s after sign-in
  EXPECT_EQ(auth_->BySession(session->secret).status().code(), StatusCode::kUnauthenticated);
  // Idle: 10 s without a request ends it.
  auto idle = auth_->SignIn("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(idle.ok());
  clock_.Advance(11'000'000);
  EXPECT_EQ(auth_->BySession(idle->secret).status().code(), StatusCode::kUnauthenticated);
  // Signing out ends it at once; so does disabling the user.
  auto out = auth_->SignIn("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(auth_->SignOut(out->principal.session_digest).ok());
  EXPECT_FALSE(auth_->BySession(out->secret).ok());
  auto disabled = auth_->SignIn("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(disabled.ok());
  ASSERT_TRUE(db_->accounts().SetUserDisabled("alice", true).ok());
  EXPECT_FALSE(auth_->BySession(disabled->secret).ok());
  EXPECT_FALSE(auth_->BySession("not a session").ok());
}

TEST_F(AuthenticatorTest, SignInIsThrottledLikeBasicCredentials) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(auth_->SignIn("alice", "wrong password!", "10.0.0.9").status().code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(auth_->SignIn("alice", "correct horse battery", "10.0.0.9").status().code(),
            StatusCode::kTooManyRequests);
  EXPECT_GT(auth_->SignInRetryAfter("alice", "10.0.0.9"), 0);
  EXPECT_TRUE(auth_->SignIn("alice", "correct horse battery", "10.0.0.10").ok());
}

TEST_F(AuthenticatorTest, ResetAndChangePassword) {
  auto alice = db_->accounts().FindUser("alice").value();
  auto before = auth_->SignIn("alice", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(before.ok());
  auto otp = ResetPassword(*db_, "alice");
  ASSERT_TRUE(otp.ok()) << otp.status().message();
  EXPECT_FALSE(auth_->BySession(before->secret).ok()) << "a reset ends every session";
  EXPECT_FALSE(auth_->SignIn("alice", "correct horse battery", "10.0.0.1").ok());
  auto fresh = auth_->SignIn("alice", *otp, "10.0.0.1");
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->principal.user.must_change_password);
  Status wrong = ChangePassword(*db_, alice.id, "not it", "a new long password");
  EXPECT_NE(wrong.message().find("current_password"), std::string::npos) << wrong.message();
  Status shortpw = ChangePassword(*db_, alice.id, *otp, "short");
  EXPECT_NE(shortpw.message().find("new_password"), std::string::npos) << shortpw.message();
  auto other = auth_->SignIn("alice", *otp, "10.0.0.2");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(
      ChangePassword(*db_, alice.id, *otp, "a new long password", fresh->principal.session_digest)
          .ok());
  auto kept = auth_->BySession(fresh->secret);
  ASSERT_TRUE(kept.ok()) << "the session that changed the password stays";
  EXPECT_FALSE(kept->user.must_change_password);
  EXPECT_FALSE(auth_->BySession(other->secret).ok()) << "other sessions end";
  EXPECT_TRUE(auth_->SignIn("alice", "a new long password", "10.0.0.1").ok());
}

}  // namespace
}  // namespace concord::accounts
