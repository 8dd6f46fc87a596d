#pragma once
// Operational log lines on stderr: "2026-12-02T10:00:00.000Z warning scheduler: ...".
// For what the operator must see (a background job failed, a request hit a bug); users get
// their answers through Status, never through the log. Thread-safe (one write per line).

#include <string_view>

namespace concord {

enum class LogLevel { kInfo, kWarning, kError };

void Log(LogLevel level, std::string_view component, std::string_view message);

}  // namespace concord
