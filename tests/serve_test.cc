// `concord serve` as a real process on loopback: health, JSON errors, limits on malformed
// requests, and a clean stop on SIGTERM with idle connections open.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/http_client.h"
#include "tests/test_util.h"

namespace concord {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = dir_.File("stdout");
    server_ = std::make_unique<testing::ServerProcess>(
        dir_.File("serve.db"), std::vector<std::string>{"--demo", testing::DemoDir()}, out_);
    port_ = server_->port();
    pid_ = server_->pid();
    ASSERT_NE(port_, 0) << "server did not start: " << testing::ReadFile(out_);
  }

  int Connect() {
    int fd = testing::ConnectLoopback(port_);
    EXPECT_GE(fd, 0);
    return fd;
  }
  std::string Exchange(const std::string& request) { return testing::SendRaw(port_, request); }
  int WaitExit(int seconds) { return server_->WaitExit(seconds); }

  testing::TempDir dir_;
  std::string out_;
  std::unique_ptr<testing::ServerProcess> server_;
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(ServeTest, HealthErrorsAndCleanShutdown) {
  EXPECT_NE(testing::ReadFile(out_).find("Imported the demo dataset"), std::string::npos);

  std::string r = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(r.find(R"({"status":"ok"})"), std::string::npos);

  r = Exchange("GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 404", 0), 0u) << r;
  EXPECT_NE(r.find(R"("code":"not_found")"), std::string::npos);
  // Any other path is the console's: its page, whose script routes it (and says "not found").
  r = Exchange("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("<div id=\"app\">"), std::string::npos) << r;
  EXPECT_NE(r.find("Content-Security-Policy: default-src 'self'; script-src 'self'"),
            std::string::npos)
      << r;

  r = Exchange("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << r;

  r = Exchange("this is not http\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;

  r = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') +
               "\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 431", 0), 0u) << r.substr(0, 100);

  r = Exchange("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << r.substr(0, 100);

  // An idle keep-alive connection must not hold up shutdown; a request answered just before
  // the signal is complete.
  int idle = Connect();
  int busy = Connect();
  std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(busy, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  char buf[1024];
  ssize_t n = recv(busy, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  EXPECT_NE(std::string(buf, n).find(R"({"status":"ok"})"), std::string::npos);

  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  EXPECT_EQ(WaitExit(20), 0);
  EXPECT_NE(testing::ReadFile(out_).find("Concord stopped cleanly."), std::string::npos);
  EXPECT_EQ(recv(idle, buf, sizeof buf, 0), 0);  // closed by the server
  close(idle);
  close(busy);
}

}  // namespace
}  // namespace concord

namespace concord {
namespace {

// --max-connections closes connections beyond the cap at once; --idle-timeout drops a client
// that never finishes its request. Other clients are served meanwhile.
TEST(ServeLimitsTest, ConnectionCapAndIdleTimeout) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.File("limits.db"),
                                {"--max-connections", "2", "--idle-timeout", "1"}, dir.File("out"));
  ASSERT_NE(server.port(), 0) << server.output();
  int a = testing::ConnectLoopback(server.port());
  int b = testing::ConnectLoopback(server.port());
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both accepted
  int c = testing::ConnectLoopback(server.port());
  char buf[256];
  EXPECT_EQ(recv(c, buf, sizeof buf, 0), 0);  // over the cap: closed without a word
  close(c);
  // a sends half a request and stalls: after the idle timeout the server drops it, which frees
  // a place for a new client.
  const std::string half = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(send(a, half.data(), half.size(), MSG_NOSIGNAL), static_cast<ssize_t>(half.size()));
  auto start = std::chrono::steady_clock::now();
  EXPECT_LE(recv(a, buf, sizeof buf, 0), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  close(a);
  close(b);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto r = testing::ParseResponse(testing::SendRaw(
      server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(r.status, 200);
}

}  // namespace
}  // namespace concord
