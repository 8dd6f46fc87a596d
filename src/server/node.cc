#include "server/node.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "common/file.h"
#include "http/server.h"
#include "store/importer.h"
#include "store/sqlite/sqlite_store.h"

namespace concord::server {
namespace {

// Imports every *.json of `dir` into an empty store, so `make run` shows real content.
Status ImportDemo(store::ObjectStore& store, const std::string& dir) {
  auto count = store.CountVersions();
  if (!count.ok()) return count.status();
  if (*count > 0) return Status::Ok();
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) return Status::NotFound("demo dataset " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  size_t added = 0;
  for (const auto& f : files) {
    auto in = InputFile::Open(f.string());
    if (!in.ok()) return in.status();
    store::ImportStats stats;
    store::ImportOptions opts;
    opts.on_problem = [&](const std::string& line) {
      std::fprintf(stderr, "%s: %s\n", f.c_str(), line.c_str());
    };
    CONCORD_RETURN_IF_ERROR(
        store::ImportStix(store, in->data(), opts, &stats).WithPrefix(f.string()));
    added += stats.added;
  }
  std::printf("Imported the demo dataset: %zu objects from %zu files in %s\n", added, files.size(),
              dir.c_str());
  return Status::Ok();
}

}  // namespace

Status RunNode(const NodeOptions& options) {
  auto store = store::OpenSqliteDatabase(options.db_path);
  if (!store.ok()) return store.status();
  if (!options.demo_dir.empty()) CONCORD_RETURN_IF_ERROR(ImportDemo((*store)->objects(), options.demo_dir));

  http::Router router;
  router.Add("GET", "/healthz",
             [](const http::Request&) { return http::Response::Json(200, R"({"status":"ok"})"); });

  http::ServerOptions server_options;
  server_options.listen = options.listen;
  server_options.threads = options.threads;
  http::Server server(server_options, &router);
  CONCORD_RETURN_IF_ERROR(server.Start());
  auto versions = (*store)->objects().CountVersions();
  std::printf("Concord %s serving %lld object versions from %s\n", CONCORD_VERSION,
              static_cast<long long>(versions.ok() ? *versions : 0), options.db_path.c_str());
  std::string host = options.listen.substr(0, options.listen.rfind(':'));
  std::printf("Listening on http://%s:%u/  (health: /healthz; stop with Ctrl-C)\n", host.c_str(),
              server.port());
  std::fflush(stdout);
  server.Run(/*handle_signals=*/true);
  std::printf("Concord stopped cleanly.\n");
  return Status::Ok();
}

}  // namespace concord::server
