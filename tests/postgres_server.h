#pragma once
// A throw-away PostgreSQL server for a test: `initdb` into a temporary folder, the server on a
// Unix socket in that folder (and a free loopback port), stopped and removed when the object
// goes. CI needs no running service. As root (initdb refuses root) the server runs as the
// `postgres` system user that Debian's package creates. Tests skip with the reason when the
// binaries are missing (`make deps` installs them). Benchmarks use it too (no gtest here).

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "tests/files.h"
#include "tests/free_port.h"

namespace concord::testing {

class PostgresServer {
 public:
  // The server, started; null with `*why_not` set when PostgreSQL is not installed or does
  // not start. `durable`: PostgreSQL's default fsync settings (benchmarks), else none (tests).
  static std::unique_ptr<PostgresServer> Start(std::string* why_not, bool durable = false) {
    const std::string bin = BinDir();
    if (bin.empty() || !std::filesystem::exists(bin + "/initdb")) {
      *why_not = "PostgreSQL is not installed (Debian packages postgresql, libpq-dev): make deps";
      return nullptr;
    }
    auto server = std::unique_ptr<PostgresServer>(new PostgresServer(bin));
    server->durable_ = durable;
    if (!server->Init(why_not) || !server->StartServer(why_not)) return nullptr;
    return server;
  }
  // A hot standby of `primary` (pg_basebackup, streaming replication), on its own port and
  // folder; null with `*why_not` set when it does not start.
  static std::unique_ptr<PostgresServer> StartStandby(const PostgresServer& primary,
                                                      std::string* why_not) {
    auto standby = std::unique_ptr<PostgresServer>(new PostgresServer(primary.bin_));
    const std::string& dir = standby->dir_;
    if (Run(standby->as_user_ + primary.bin_ + "/pg_basebackup -h " + primary.dir_ + " -p " +
            std::to_string(primary.port_) + " -U concord -D " + dir +
            "/data -R -X stream --checkpoint=fast >" + dir + "/basebackup.log 2>&1") != 0) {
      *why_not = "pg_basebackup failed: " + ReadFile(dir + "/basebackup.log");
      return nullptr;
    }
    standby->port_ = FreePort();
    // After what the backup copied from the primary: the later settings win.
    WriteFile(dir + "/data/postgresql.auto.conf", ReadFile(dir + "/data/postgresql.auto.conf") +
                                                      "port = " + std::to_string(standby->port_) +
                                                      "\nunix_socket_directories = '" + dir +
                                                      "'\nhot_standby = on\n");
    standby->started_once_ = true;  // its databases are the primary's
    if (!standby->StartServer(why_not)) return nullptr;
    return standby;
  }
  ~PostgresServer() {
    std::error_code ec;  // a test may have removed the folder it worked in (TestDatabase)
    std::filesystem::current_path(std::filesystem::temp_directory_path(), ec);
    Control("stop -m immediate");
    std::filesystem::remove_all(dir_);
  }

  // A libpq keyword string for `database` as the superuser `concord` (trust authentication).
  std::string Target(const std::string& database = "concord") const {
    return "host=" + dir_ + " port=" + std::to_string(port_) + " user=concord dbname=" + database;
  }
  std::string Uri(const std::string& database = "concord") const {
    return "postgresql://concord@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  // Creates an empty database; false on failure (the log says why).
  bool CreateDatabase(const std::string& name) {
    return Run(bin_ + "/createdb -h " + dir_ + " -p " + std::to_string(port_) + " -U concord " +
               name + " >>" + dir_ + "/createdb.log 2>&1") == 0;
  }
  // Stops the server (fast shutdown: connections are closed) and starts it again.
  bool Stop() { return Control("stop -m fast") == 0; }
  bool Restart() {
    std::string why;
    return StartServer(&why);
  }
  std::string Log() const { return ReadFile(dir_ + "/log"); }
  // The first line of `psql -At -c sql` on `database` (a count, a flag), or "" on failure.
  std::string Query(const std::string& sql, const std::string& database = "concord") const {
    std::string out;
    FILE* p =
        popen(("psql -X -At '" + Target(database) + "' -c \"" + sql + "\" 2>&1").c_str(), "r");
    char buf[4096];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    if (p) pclose(p);
    return out.substr(0, out.find('\n'));
  }
  // A free loopback port (for a process that cannot report the one it was given, like nginx).
  static int FreePort() { return FreeLoopbackPort(); }

 private:
  explicit PostgresServer(std::string bin) : bin_(std::move(bin)) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "concord-pg-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    as_user_ = geteuid() == 0 ? "runuser -u postgres -- " : "";
    if (geteuid() == 0) Run("chown postgres " + dir_);
  }
  static std::string BinDir() {
    for (const char* candidate : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
                                  "/usr/lib/postgresql/17/bin"}) {
      if (std::filesystem::exists(std::string(candidate) + "/initdb")) return candidate;
    }
    return "";
  }
  static int Run(const std::string& command) { return std::system(command.c_str()); }
  int Control(const std::string& action) {
    return Run(as_user_ + bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -t 60 " +
               action + " >/dev/null 2>&1");
  }
  bool Init(std::string* why_not) {
    // -N: no fsync while initialising (a test's cluster); trust: no passwords on loopback.
    if (Run(as_user_ + bin_ + "/initdb -D " + dir_ + "/data -U concord --auth=trust -E UTF8 " +
            "--locale=C.UTF-8 -N >" + dir_ + "/initdb.log 2>&1") != 0) {
      *why_not = "initdb failed: " + ReadFile(dir_ + "/initdb.log");
      return false;
    }
    port_ = FreePort();
    // fsync off: a test server never outlives a machine crash, and it is much faster.
    WriteFile(dir_ + "/data/postgresql.auto.conf",
              "listen_addresses = '127.0.0.1'\nport = " + std::to_string(port_) +
                  "\nunix_socket_directories = '" + dir_ +
                  "'\nmax_connections = 200\nshared_buffers = 128MB\n" +
                  (durable_ ? "" : "fsync = off\nfull_page_writes = off\n"));
    if (geteuid() == 0) Run("chown postgres " + dir_ + "/data/postgresql.auto.conf");
    return true;
  }
  bool StartServer(std::string* why_not) {
    if (Control("start") != 0) {
      *why_not = "the PostgreSQL server did not start: " + Log();
      return false;
    }
    if (started_once_) return true;
    started_once_ = true;
    if (!CreateDatabase("concord")) {
      *why_not = "createdb failed: " + ReadFile(dir_ + "/createdb.log");
      return false;
    }
    return true;
  }

  std::string bin_, dir_, as_user_;
  int port_ = 0;
  bool durable_ = false;
  bool started_once_ = false;
};

}  // namespace concord::testing

namespace concord::testing {

// One server for the whole test program (starting one takes about a second); null with the
// reason when PostgreSQL cannot start. Stopped when the program exits.
inline PostgresServer* SharedPostgres(std::string* why_not) {
  static std::string reason;
  static std::unique_ptr<PostgresServer> server = PostgresServer::Start(&reason);
  *why_not = reason;
  return server.get();
}

// The database a system test runs on: a SQLite file in `dir` normally; in the test's
// PostgreSQL build (tests/CMakeLists.txt: concord_system_test_on_both) a fresh database `name`
// on one throw-away server per test program. The node key (which every process on one
// PostgreSQL database shares) is then concord.key in the working directory, so this moves to
// `dir`. Empty when PostgreSQL cannot start (the reason in `*why_not`): skip the test.
inline std::string TestDatabase(const std::filesystem::path& dir, const std::string& name,
                                std::string* why_not) {
#ifdef CONCORD_TEST_ON_POSTGRES
  PostgresServer* server = SharedPostgres(why_not);
  if (!server) return "";
  static int made = 0;  // every call a new database: a fixture runs once per test
  const std::string database = name + "_" + std::to_string(++made);
  if (!server->CreateDatabase(database)) {
    *why_not = "createdb " + database + " failed: " + server->Log();
    return "";
  }
  std::filesystem::current_path(dir);
  return server->Target(database);
#else
  (void)why_not;
  return (dir / (name + ".db")).string();
#endif
}

}  // namespace concord::testing
