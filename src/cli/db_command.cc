// `concord db copy`: moves a whole node between stores (SQLite <-> PostgreSQL), verified.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "store/postgres/postgres_store.h"

namespace concord::cli {
namespace {

struct CopyArgs {
  std::string from, to, from_key, to_key;
};

std::string ReadKey(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The node key goes with the data: secrets stored encrypted (peer tokens) are copied as they
// are. A different key already at the destination would leave them unreadable.
Status CheckKeys(const std::string& from_key, const std::string& to_key) {
  if (!std::filesystem::exists(from_key) || !std::filesystem::exists(to_key)) return Status::Ok();
  if (ReadKey(from_key) == ReadKey(to_key)) return Status::Ok();
  return Status::AlreadyExists(to_key +
                               " is another node's key: the copied secrets could not be "
                               "read with it (move it away, or name the key with --to-key-file)");
}

Status CopyKey(const std::string& from_key, const std::string& to_key) {
  if (!std::filesystem::exists(from_key) || std::filesystem::exists(to_key)) return Status::Ok();
  const std::string key = ReadKey(from_key);
  const int fd = open(to_key.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::Internal(to_key + ": " + std::strerror(errno));
  const bool written = write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  close(fd);
  return written ? Status::Ok() : Status::Internal(to_key + ": could not write the key");
}

int RunCopy(const CopyArgs& args, const GlobalOptions& global) {
  store::SqliteOptions from_options = global.sqlite, to_options = global.sqlite;
  from_options.key_file = args.from_key;
  to_options.key_file = args.to_key;
  const std::string from_key = store::NodeKeyFile(args.from, from_options);
  const std::string to_key = store::NodeKeyFile(args.to, to_options);
  if (Status st = CheckKeys(from_key, to_key); !st.ok()) return Report("db copy", st);
  from_options.replica = to_options.replica = "";  // a copy reads the source itself
  auto from = store::OpenDatabase(args.from, from_options);
  if (!from.ok()) return Report("db copy", from.status().WithPrefix("--from"));
  auto to = store::OpenDatabase(args.to, to_options);
  if (!to.ok()) return Report("db copy", to.status().WithPrefix("--to"));
  auto report = (*from)->CopyInto(**to, [](std::string_view table, int64_t rows) {
    std::fprintf(stderr, "  %s: %lld rows\n", std::string(table).c_str(),
                 static_cast<long long>(rows));
  });
  if (!report.ok()) return Report("db copy", report.status());
  if (Status st = CopyKey(from_key, to_key); !st.ok()) {
    return Report("db copy", st.WithPrefix("the data is copied, but the node key is not"));
  }
  std::printf("%-22s %12s  %s\n", "table", "rows", "checksum");
  int64_t total = 0;
  for (const store::TableCopy& t : *report) {
    std::printf("%-22s %12lld  %016llx %s\n", t.table.c_str(), static_cast<long long>(t.rows),
                static_cast<unsigned long long>(t.copied_sum),
                t.copied_sum == t.source_sum ? "same as the source" : "DIFFERS");
    total += t.rows;
  }
  std::printf("copied %lld rows in %zu tables from %s to %s; every table verified\n",
              static_cast<long long>(total), report->size(),
              store::RedactedTarget(args.from).c_str(), store::RedactedTarget(args.to).c_str());
  return kExitOk;
}

}  // namespace

void AddDbCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto* db = app.add_subcommand("db", "Move a node's data between stores");
  db->require_subcommand(1);
  auto args = std::make_shared<CopyArgs>();
  auto* copy = db->add_subcommand(
      "copy",
      "Copy a whole node into an empty database (SQLite file or PostgreSQL), verified table by "
      "table; the node key goes with it");
  copy->add_option("--from", args->from, "The database to copy (a path or postgresql://...)")
      ->required();
  copy->add_option("--to", args->to, "The database to fill (empty, or only first-started)")
      ->required();
  copy->add_option("--from-key-file", args->from_key,
                   "The source's node key (default: <file>.key, or concord.key for PostgreSQL)");
  copy->add_option("--to-key-file", args->to_key, "Where the node key goes (same defaults)");
  copy->callback([args, &global, exit_code] { *exit_code = RunCopy(*args, global); });
}

}  // namespace concord::cli
