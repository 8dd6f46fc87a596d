#pragma once
// Static files (the console's built assets) served from memory. Load() reads every regular
// file below a folder once; nothing on disk is touched per request, so no path a client sends
// can reach a file outside that set.
//
// Serve() answers GET and HEAD for a relative path:
//   - a pre-compressed variant (`name.br`, `name.gz` beside `name`) when the client accepts it,
//     with Content-Encoding and Vary: Accept-Encoding;
//   - ETag (a digest of the bytes) and 304 for a matching If-None-Match;
//   - Cache-Control: a year and `immutable` for names that carry a content hash
//     (`app.3f9a1c2e.js`: a dot-separated part of 8 or more hex digits), `no-cache` otherwise;
//   - a path that names no file and has no extension gets the fallback file (index.html), so a
//     single-page application's own routes load it; anything else is 404.
// Immutable after Load(): thread-safe.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace concord::http {

class StaticFiles {
 public:
  // Every regular file below `dir` (symbolic links are not followed). `fallback` is relative to
  // `dir` ("" for none).
  static Result<StaticFiles> Load(const std::string& dir, std::string fallback = "index.html");

  Response Serve(const Request& request, std::string_view relative_path) const;
  size_t files() const { return files_.size(); }

 private:
  struct File {
    std::shared_ptr<const std::string> bytes;
    std::string content_type, etag;
  };
  const File* Find(const std::string& path) const;

  std::map<std::string, File> files_;  // by path relative to the folder, '/'-separated
  std::string fallback_;
};

// The media type for a file name's extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view name);

}  // namespace concord::http
