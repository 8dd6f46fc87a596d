#include "http/message.h"

#include <gtest/gtest.h>

#include "common/json.h"

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

TEST(ResponseTest, StatusCodesMapToHttp) {
  EXPECT_EQ(Response::FromStatus(Status::InvalidArgument("x")).status, 400);
  EXPECT_EQ(Response::FromStatus(Status::Unauthenticated("x")).status, 401);
  EXPECT_EQ(Response::FromStatus(Status::PermissionDenied("x")).status, 403);
  EXPECT_EQ(Response::FromStatus(Status::NotFound("x")).status, 404);
  EXPECT_EQ(Response::FromStatus(Status::TooLarge("x")).status, 413);
  EXPECT_EQ(Response::FromStatus(Status::Unprocessable("x")).status, 422);
  EXPECT_EQ(Response::FromStatus(Status::Internal("x")).status, 500);
}

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request req;
  req.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_EQ(req.Header("Accept"), "");
}

}  // namespace
}  // namespace concord::http
