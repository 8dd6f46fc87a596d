#pragma once
// Status and Result<T>: the one error type of Concord (after leveldb's Status).
//
// A Status is a code plus a message a person can act on. Codes map one-to-one to HTTP/TAXII
// errors (HttpStatusFor). Bad input from files or the network is always a Status, never an
// exception or a crash. Thread-compatible value types.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace concord {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // 400
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403
  kNotFound,          // 404
  kAlreadyExists,     // 409
  kUnsupported,       // 415 / 406
  kTooLarge,          // 413
  kUnprocessable,     // 422
  kTooManyRequests,   // 429
  kInternal,          // 500
  kUnavailable,       // 503: overloaded or at a limit; try again shortly
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status TooLarge(std::string m) { return {StatusCode::kTooLarge, std::move(m)}; }
  static Status Unprocessable(std::string m) { return {StatusCode::kUnprocessable, std::move(m)}; }
  static Status TooManyRequests(std::string m) {
    return {StatusCode::kTooManyRequests, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<prefix>: <message>", to add where an error happened.
  Status WithPrefix(const std::string& prefix) const {
    return ok() ? *this : Status(code_, prefix + ": " + message_);
  }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// What the edges answer for a code: the JSON error code name, the HTTP status and the TAXII
// error title. One table (status.cc) holds every row.
struct StatusInfo {
  StatusCode code;
  const char* name;         // "invalid_argument", used in JSON error bodies
  int http_status;          // kUnsupported maps to 415 (callers answer 406 for Accept)
  const char* taxii_title;  // "Bad request"
};
const StatusInfo& InfoFor(StatusCode code);
const char* StatusCodeName(StatusCode code);
int HttpStatusFor(StatusCode code);

namespace internal {
[[noreturn]] void DieOnBadResultAccess(const Status& status);
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, as absl::StatusOr
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // Reading the value of an error is a bug: it stops the program with the error's message, in
  // every build type (a std::bad_variant_access escaping a request would be worse).
  T& value() & {
    CheckOk();
    return std::get<T>(v_);
  }
  const T& value() const& {
    CheckOk();
    return std::get<T>(v_);
  }
  T&& value() && {
    CheckOk();
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  void CheckOk() const {
    if (!ok()) internal::DieOnBadResultAccess(std::get<Status>(v_));
  }
  std::variant<T, Status> v_;
};

}  // namespace concord

// Returns early from the enclosing function if `expr` yields a non-OK Status.
#define CONCORD_RETURN_IF_ERROR(expr) \
  do {                                \
    ::concord::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)

#define CONCORD_STATUS_CONCAT_INNER(a, b) a##b
#define CONCORD_STATUS_CONCAT(a, b) CONCORD_STATUS_CONCAT_INNER(a, b)

// `CONCORD_ASSIGN_OR_RETURN(auto teams, LoadTeams(db));` declares `teams` from a Result's value,
// or returns its Status from the enclosing function (which returns Status or a Result).
#define CONCORD_ASSIGN_OR_RETURN(lhs, expr) \
  CONCORD_ASSIGN_OR_RETURN_IMPL(CONCORD_STATUS_CONCAT(_concord_result_, __LINE__), lhs, expr)
#define CONCORD_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()
