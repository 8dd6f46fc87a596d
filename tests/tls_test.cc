// HTTPS: `concord serve --tls-cert/--tls-key` serves TAXII over TLS 1.2+, refuses older TLS, and
// plain HTTP is refused on a non-loopback address unless --insecure-http is given.

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/test_util.h"

namespace concord {
namespace {

// Runs a shell command, returning its stdout (and whether it exited 0).
std::pair<bool, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {false, out};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  return {rc == 0, out};
}

TEST(TlsTest, ServesTaxiiOverTls12AndRefusesOlderProtocols) {
  if (!Shell("command -v openssl && command -v curl").first) {
    GTEST_SKIP() << "openssl or curl is not installed (make deps installs both)";
  }
  testing::TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  ASSERT_TRUE(Shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                    "-keyout " +
                    key + " -out " + cert + " 2>/dev/null")
                  .first);
  testing::ServerProcess server(dir.File("tls.db"), {"--tls-cert", cert, "--tls-key", key},
                                dir.File("out"));
  ASSERT_NE(server.port(), 0) << server.output();
  std::string out = server.output();
  EXPECT_NE(out.find("https://127.0.0.1:"), std::string::npos) << out;
  size_t at = out.find("Admin API token (shown once, store it now): ");
  ASSERT_NE(at, std::string::npos) << out;
  std::string token = out.substr(at + 44, out.find('\n', at) - at - 44);
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/taxii2/";

  auto ok = Shell(
      "curl -sk --tlsv1.2 -H 'Accept: application/taxii+json;version=2.1' "
      "-H 'Authorization: Bearer " +
      token + "' -w ' %{http_code}' " + url);
  ASSERT_TRUE(ok.first);
  EXPECT_NE(ok.second.find("\"api_roots\""), std::string::npos) << ok.second;
  EXPECT_NE(ok.second.find(" 200"), std::string::npos);
  // Plain HTTP to the TLS port gets nothing useful.
  auto plain = Shell("curl -s -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:" +
                     std::to_string(server.port()) + "/taxii2/");
  EXPECT_NE(plain.second, "200");
  // TLS 1.1 is refused by the server (the client is told to allow it); TLS 1.2 is negotiated.
  // Judged by what s_client reports, not its exit status, which depends on how the peer closes.
  auto old = Shell("echo | openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
                   " -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' 2>&1");
  EXPECT_NE(old.second.find("Cipher is (NONE)"), std::string::npos) << old.second;
  EXPECT_NE(old.second.find("alert protocol version"), std::string::npos) << old.second;
  auto modern =
      Shell("echo | openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
            " -tls1_2 2>&1");
  EXPECT_NE(modern.second.find("Protocol  : TLSv1.2"), std::string::npos) << modern.second;
}

TEST(TlsTest, PlainHttpOnlyOnLoopbackByDefault) {
  testing::TempDir dir;
  auto r = testing::RunConcord({"--db", dir.File("x.db"), "serve", "--listen", "0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("refusing plain HTTP on 0.0.0.0:0"), std::string::npos) << r.err;
  r = testing::RunConcord({"--db", dir.File("x.db"), "serve", "--tls-cert", "/nonexistent.pem",
                           "--tls-key", "/nonexistent.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--tls-cert /nonexistent.pem"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace concord
