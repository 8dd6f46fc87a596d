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

// Name of a code as used in JSON error bodies ("invalid_argument").
const char* StatusCodeName(StatusCode code);
// HTTP status for a code; kUnsupported maps to 415 (callers answer 406 for Accept).
int HttpStatusFor(StatusCode code);

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
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace concord

// Returns early from the enclosing function if `expr` yields a non-OK Status.
#define CONCORD_RETURN_IF_ERROR(expr) \
  do {                                \
    ::concord::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)
