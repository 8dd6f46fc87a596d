#include "common/status.h"

#include <cstdio>
#include <cstdlib>
#include <iterator>

namespace concord {
namespace {

// The one table from a code to what the edges answer. Indexed by the enum's value; the static
// assert below keeps it complete when a code is added.
constexpr StatusInfo kStatusTable[] = {
    {StatusCode::kOk, "ok", 200, "OK"},
    {StatusCode::kInvalidArgument, "invalid_argument", 400, "Bad request"},
    {StatusCode::kUnauthenticated, "unauthenticated", 401, "Unauthorized"},
    {StatusCode::kPermissionDenied, "permission_denied", 403, "Forbidden"},
    {StatusCode::kNotFound, "not_found", 404, "Not found"},
    {StatusCode::kAlreadyExists, "already_exists", 409, "Conflict"},
    {StatusCode::kUnsupported, "unsupported", 415, "Unsupported media type"},
    {StatusCode::kTooLarge, "too_large", 413, "Payload too large"},
    {StatusCode::kUnprocessable, "unprocessable", 422, "Unprocessable entity"},
    {StatusCode::kTooManyRequests, "too_many_requests", 429, "Too many requests"},
    {StatusCode::kInternal, "internal", 500, "Internal error"},
    {StatusCode::kUnavailable, "unavailable", 503, "Service unavailable"},
};
static_assert(std::size(kStatusTable) == static_cast<size_t>(StatusCode::kUnavailable) + 1,
              "every StatusCode needs a row in kStatusTable");

constexpr bool TableIsInOrder() {
  for (size_t i = 0; i < std::size(kStatusTable); ++i) {
    if (static_cast<size_t>(kStatusTable[i].code) != i) return false;
  }
  return true;
}
static_assert(TableIsInOrder(), "kStatusTable rows must follow the enum's order");

}  // namespace

const StatusInfo& InfoFor(StatusCode code) {
  const auto i = static_cast<size_t>(code);
  return i < std::size(kStatusTable) ? kStatusTable[i] : kStatusTable[std::size(kStatusTable) - 1];
}

const char* StatusCodeName(StatusCode code) { return InfoFor(code).name; }

int HttpStatusFor(StatusCode code) { return InfoFor(code).http_status; }

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

namespace internal {
[[noreturn]] void DieOnBadResultAccess(const Status& status) {
  std::fprintf(stderr, "concord: Result::value() on an error (a bug): %s\n",
               status.ToString().c_str());
  std::abort();
}
}  // namespace internal

}  // namespace concord
