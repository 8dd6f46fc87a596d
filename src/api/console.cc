// The web console: the built front-end (web/, bundled by esbuild into <build>/console) served at /
// from memory. Every path that is not the API's, TAXII's or the health check's is the console's:
// its assets by name, and its own pages (/objects, /directory/CERT-FR, …) get index.html, whose
// script routes them in the browser. The pages carry a Content-Security-Policy that allows only
// the node's own scripts and styles: nothing inline, nothing from elsewhere, never framed.
#include "api/api.h"
#include "http/static_files.h"

namespace concord::api {
namespace {

constexpr std::string_view kConsolePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// Paths that belong to other resources: an unknown one there is their 404, not the console.
bool BelongsElsewhere(std::string_view path) {
  for (std::string_view prefix : {"api/", "taxii2", "healthz"}) {
    if (path.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

void AddConsoleRoutes(Routes& routes, const http::StaticFiles* files) {
  auto serve = [files, &routes](Context& c) {
    const std::string_view path = c.Param("path");
    if (BelongsElsewhere(path)) {
      return routes.FormatError(404, StatusCode::kNotFound, "no such resource: " + c.request().path,
                                c.request().path);
    }
    if (files == nullptr || files->files() == 0) {
      return http::Response::Error(
          404, StatusCode::kNotFound,
          "the console is not built: run `make` (it bundles web/ into <build>/console)");
    }
    http::Response r = files->Serve(c.request(), path);
    r.SetHeader("Content-Security-Policy", std::string(kConsolePolicy));
    return r;
  };
  // Assets are served from memory: cheap, and a page loads dozens of them at once.
  const RouteOptions options{.rate_limited = false};
  for (const char* method : {"GET", "HEAD"}) {
    routes.Add(method, "/", Access::kPublic, serve, options);
    routes.Add(method, "/{path...}", Access::kPublic, serve, options);
  }
}

}  // namespace concord::api
