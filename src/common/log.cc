#include "common/log.h"

#include <unistd.h>

#include <string>

#include "common/time.h"

namespace concord {

void Log(LogLevel level, std::string_view component, std::string_view message) {
  const char* name = level == LogLevel::kInfo      ? "info"
                     : level == LogLevel::kWarning ? "warning"
                                                   : "error";
  std::string line = FormatTimestampMillis(SystemClock::Get().Now());
  line.append(" ").append(name).append(" ");
  line.append(component).append(": ").append(message).append("\n");
  // One write(2) per line, so lines from several threads do not interleave.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace concord
