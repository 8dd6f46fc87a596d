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

#include "tests/test_util.h"

namespace concord {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = dir_.File("stdout");
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen(out_.c_str(), "wb", stdout)) _exit(126);
      execl(CONCORD_BINARY, CONCORD_BINARY, "--db", dir_.File("serve.db").c_str(), "serve",
            "--listen", "127.0.0.1:0", "--demo", testing::DemoDir().c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      std::string out = testing::ReadFile(out_);
      size_t p = out.find("http://127.0.0.1:");
      if (p != std::string::npos) port_ = std::atoi(out.c_str() + p + 17);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_NE(port_, 0) << "server did not start: " << testing::ReadFile(out_);
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  int Connect() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }

  // Sends raw bytes, returns everything the server sends until it closes.
  std::string Exchange(const std::string& request) {
    int fd = Connect();
    EXPECT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    std::string response;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) response.append(buf, n);
    close(fd);
    return response;
  }

  int WaitExit(int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  testing::TempDir dir_;
  std::string out_;
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(ServeTest, HealthErrorsAndCleanShutdown) {
  EXPECT_NE(testing::ReadFile(out_).find("Imported the demo dataset"), std::string::npos);

  std::string r = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(r.find(R"({"status":"ok"})"), std::string::npos);

  r = Exchange("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 404", 0), 0u) << r;
  EXPECT_NE(r.find(R"("code":"not_found")"), std::string::npos);

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
