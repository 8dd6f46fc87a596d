#include "http/message.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "common/json.h"
#include "http/static_files.h"
#include "tests/test_util.h"

namespace concord::http {
namespace {

TEST(RouterTest, RoutesByMethodAndPathWithJsonErrors) {
  Router router;
  router.Add("GET", "/healthz", [](const Request&) { return Response::Json(200, "{}"); });
  Request req;
  req.method = "GET";
  req.path = "/healthz";
  EXPECT_EQ(router.Handle(req).status, 200);

  req.method = "POST";
  Response r = router.Handle(req);
  EXPECT_EQ(r.status, 405);
  bool has_allow = false;
  for (const auto& [k, v] : r.headers) has_allow |= k == "Allow" && v == "GET";
  EXPECT_TRUE(has_allow);

  req.method = "GET";
  req.path = "/nope";
  r = router.Handle(req);
  EXPECT_EQ(r.status, 404);
  json::Document doc;
  ASSERT_TRUE(doc.ParseAll(r.body).ok());
  EXPECT_TRUE(doc.root()["error"]["code"].str_equals("not_found"));
  EXPECT_TRUE(doc.root()["error"]["message"].str_equals("no such resource: /nope"));
}

Response Echo(const Request& r) {
  std::string body;
  for (const auto& [k, v] : r.path_params) body += k + "=" + v + ";";
  return Response::Json(200, body);
}

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(RouterTest, PathParametersAreDecodedAndLiteralsWin) {
  Router router;
  router.Add("GET", "/api/v1/teams/{ref}", Echo);
  router.Add("GET", "/api/v1/teams/{ref}/history", Echo);
  router.Add("GET", "/api/v1/teams/conflicts",
             [](const Request&) { return Response::Json(200, "literal"); });
  router.Add("GET", "/static/{path...}", Echo);
  Request r = Make("GET", "/api/v1/teams/CERT%2FCC");
  EXPECT_EQ(router.Handle(r).body, "ref=CERT/CC;");
  r = Make("GET", "/api/v1/teams/CERT-FR/history/");  // a trailing slash is optional
  EXPECT_EQ(router.Handle(r).body, "ref=CERT-FR;");
  r = Make("GET", "/api/v1/teams/conflicts");
  EXPECT_EQ(router.Handle(r).body, "literal");
  r = Make("GET", "/static/assets/app.1234abcd.js");
  EXPECT_EQ(router.Handle(r).body, "path=assets/app.1234abcd.js;");
  r = Make("GET", "/api/v1/teams//history");  // an empty segment matches nothing
  EXPECT_EQ(router.Handle(r).status, 404);
  r = Make("GET", "/api/v1/teams/%zz");
  EXPECT_EQ(router.Handle(r).status, 400);
}

TEST(RouterTest, OtherMethodsGet405WithEveryAllowedMethod) {
  Router router;
  router.Add("GET", "/api/v1/teams/{ref}", Echo);
  router.Add("PUT", "/api/v1/teams/{ref}", Echo);
  router.Add("DELETE", "/api/v1/teams/{ref}", Echo);
  Request r = Make("POST", "/api/v1/teams/x");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 405);
  std::string allow;
  for (const auto& [k, v] : resp.headers) {
    if (k == "Allow") allow = v;
  }
  EXPECT_EQ(allow, "GET, PUT, DELETE");
}

TEST(RouterTest, AHandlerExceptionIsAGeneric500WithoutItsDetail) {
  Router router;
  router.Add("GET", "/boom", [](const Request&) -> Response {
    throw std::runtime_error("secret detail: /etc/concord/key.pem");
  });
  Request r = Make("GET", "/boom");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 500);
  EXPECT_EQ(resp.body.find("secret"), std::string::npos) << resp.body;
  EXPECT_NE(resp.body.find("internal"), std::string::npos) << resp.body;
}

TEST(CookieTest, ParsedFromTheHeaderAndSetWithSafeDefaults) {
  Request r;
  r.headers = {{"Cookie", "theme=dark; concord_session=abc123; empty="}};
  EXPECT_EQ(r.Cookie("concord_session"), "abc123");
  EXPECT_EQ(r.Cookie("empty"), "");
  EXPECT_FALSE(r.Cookie("missing").has_value());
  Response resp;
  SetCookie session;
  session.name = "concord_session";
  session.value = "xyz";
  session.max_age_seconds = 3600;
  session.secure = true;
  resp.AddCookie(session);
  SetCookie csrf;
  csrf.name = "concord_csrf";
  csrf.value = "t;o\nken";
  csrf.http_only = false;
  resp.AddCookie(csrf);
  ASSERT_EQ(resp.headers.size(), 2u);
  EXPECT_EQ(resp.headers[0].second,
            "concord_session=xyz; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
  EXPECT_EQ(resp.headers[1].second, "concord_csrf=token; Path=/; SameSite=Strict");
}

TEST(ResponseTest, StatusCodesMapToHttp) {
  EXPECT_EQ(Response::FromStatus(Status::InvalidArgument("x")).status, 400);
  EXPECT_EQ(Response::FromStatus(Status::Unauthenticated("x")).status, 401);
  EXPECT_EQ(Response::FromStatus(Status::PermissionDenied("x")).status, 403);
  EXPECT_EQ(Response::FromStatus(Status::NotFound("x")).status, 404);
  EXPECT_EQ(Response::FromStatus(Status::TooLarge("x")).status, 413);
  EXPECT_EQ(Response::FromStatus(Status::Unprocessable("x")).status, 422);
  EXPECT_EQ(Response::FromStatus(Status::TooManyRequests("x")).status, 429);
  EXPECT_EQ(Response::FromStatus(Status::Internal("x")).status, 500);
  // Every code has its row: a name that is not "unknown" and a real status.
  for (int c = 0; c <= static_cast<int>(StatusCode::kUnavailable); ++c) {
    const StatusInfo& info = InfoFor(static_cast<StatusCode>(c));
    EXPECT_EQ(static_cast<int>(info.code), c);
    EXPECT_GE(info.http_status, 200);
    EXPECT_NE(std::string(info.taxii_title), "");
  }
}

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request req;
  req.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_EQ(req.Header("Accept"), "");
}

TEST(StaticFilesTest, ServesFromMemoryWithCachingAndPrecompressedVariants) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "assets");
  testing::WriteFile(dir.File("index.html"), "<!doctype html><title>Concord</title>");
  testing::WriteFile(dir.File("assets/app.3f9a1c2e.js"), "console.log(1)");
  testing::WriteFile(dir.File("assets/app.3f9a1c2e.js.gz"), "GZIPPED");
  auto files = StaticFiles::Load(dir.path().string());
  ASSERT_TRUE(files.ok()) << files.status().message();
  auto header = [](const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  Request get = Make("GET", "");
  Response r = files->Serve(get, "assets/app.3f9a1c2e.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.shared_body, "console.log(1)");
  EXPECT_EQ(header(r, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  get.headers = {{"Accept-Encoding", "gzip, deflate"}};
  r = files->Serve(get, "assets/app.3f9a1c2e.js");
  EXPECT_EQ(*r.shared_body, "GZIPPED");
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  get.headers = {{"If-None-Match", header(r, "ETag")}};
  EXPECT_EQ(files->Serve(get, "assets/app.3f9a1c2e.js").status, 304);
  // The console's own routes get index.html, not cached; missing assets are 404.
  get.headers.clear();
  r = files->Serve(get, "teams/CERT-FR");
  EXPECT_EQ(*r.shared_body, "<!doctype html><title>Concord</title>");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(files->Serve(get, "assets/missing.js").status, 404);
  EXPECT_EQ(files->Serve(get, "../etc/passwd").status, 404);
}

}  // namespace
}  // namespace concord::http
