#include "http/static_files.h"

#include <openssl/sha.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace concord::http {
namespace {

bool HasContentHash(std::string_view name) {
  // app.3f9a1c2e.js: a dot-separated part of 8+ hex digits before the extension.
  for (const std::string& part : Split(name, '.', true)) {
    if (part.size() < 8) continue;
    bool hex = true;
    for (char c : part) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
    if (hex) return true;
  }
  return false;
}

bool Accepts(std::string_view accept_encoding, std::string_view coding) {
  for (std::string part : Split(accept_encoding, ',', true)) {
    part.erase(0, part.find_first_not_of(' '));
    const size_t semi = part.find(';');
    std::string name = part.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name != coding) continue;
    // "gzip;q=0" refuses it.
    return semi == std::string::npos || part.find("q=0", semi) == std::string::npos ||
           part.find("q=0.", semi) != std::string::npos;
  }
  return false;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Load(const std::string& dir, std::string fallback) {
  namespace fs = std::filesystem;
  StaticFiles out;
  out.fallback_ = std::move(fallback);
  std::error_code ec;
  const fs::path root = fs::path(dir);
  if (!fs::is_directory(root, ec)) return Status::NotFound("static files: no folder " + dir);
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Status::Internal("static files: cannot read " + it->path().string());
    File f;
    f.bytes = std::make_shared<const std::string>(bytes.str());
    const std::string name = fs::relative(it->path(), root, ec).generic_string();
    f.content_type = std::string(ContentTypeFor(name));
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(f.bytes->data()), f.bytes->size(), digest);
    static const char kHex[] = "0123456789abcdef";
    f.etag = "\"";
    for (int i = 0; i < 12; ++i) {
      f.etag += kHex[digest[i] >> 4];
      f.etag += kHex[digest[i] & 15];
    }
    f.etag += "\"";
    out.files_.emplace(name, std::move(f));
  }
  if (ec) return Status::Internal("static files: " + dir + ": " + ec.message());
  return out;
}

const StaticFiles::File* StaticFiles::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

Response StaticFiles::Serve(const Request& request, std::string_view relative_path) const {
  std::string path(relative_path);
  // Only names of loaded files are served; a dot-dot path is refused rather than given the
  // fallback page.
  if (path == ".." || path.rfind("../", 0) == 0 || path.find("/..") != std::string::npos) {
    return Response::Error(404, StatusCode::kNotFound, "no such file");
  }
  if (path.empty()) path = fallback_;
  const File* file = Find(path);
  const std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
  if (file == nullptr && last.find('.') == std::string_view::npos && !fallback_.empty()) {
    path = fallback_;
    file = Find(path);
  }
  if (file == nullptr) return Response::Error(404, StatusCode::kNotFound, "no such file");
  Response r;
  r.SetHeader("Content-Type", file->content_type);
  r.SetHeader("ETag", file->etag);
  r.SetHeader("Cache-Control",
              HasContentHash(path) ? "public, max-age=31536000, immutable" : "no-cache");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  const std::string_view accept = request.Header("Accept-Encoding");
  const File* body = file;
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    const File* variant = Find(path + suffix);
    if (variant != nullptr && Accepts(accept, coding)) {
      body = variant;
      r.SetHeader("Content-Encoding", coding);
      break;
    }
  }
  if (Find(path + ".br") || Find(path + ".gz")) r.SetHeader("Vary", "Accept-Encoding");
  if (request.Header("If-None-Match") == file->etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  if (request.method != "HEAD") r.shared_body = body->bytes;
  return r;
}

}  // namespace concord::http
