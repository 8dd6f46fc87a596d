#include "cli/terminal.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "common/strings.h"

namespace concord::cli {
namespace {

// One filtered stream: its file descriptor and the escaper's state between writes.
struct Filter {
  int fd;
  ControlEscaper escaper{/*keep_newlines=*/true};
};

bool WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

ssize_t FilteredWrite(void* cookie, const char* data, size_t size) {
  Filter& f = *static_cast<Filter*>(cookie);
  std::string out;
  out.reserve(size + 8);
  f.escaper.Append(std::string_view(data, size), &out);
  return WriteAll(f.fd, out) ? static_cast<ssize_t>(size) : -1;
}

int FilteredClose(void* cookie) {
  Filter& f = *static_cast<Filter*>(cookie);
  std::string rest;
  f.escaper.Finish(&rest);
  (void)WriteAll(f.fd, rest);
  return 0;
}

// One filter per stream, for the life of the process (exit() flushes the streams but does not
// close them, so the filters must outlive everything).
Filter out_filter{STDOUT_FILENO}, err_filter{STDERR_FILENO};

FILE* Guard(FILE* stream, Filter* filter) {
  const int fd = fileno(stream);
  if (fd < 0 || !isatty(fd)) return stream;
  std::fflush(stream);
  cookie_io_functions_t io{};
  io.write = FilteredWrite;
  io.close = FilteredClose;
  filter->fd = fd;
  FILE* filtered = fopencookie(filter, "w", io);
  if (filtered == nullptr) return stream;
  setvbuf(filtered, nullptr, stream == stderr ? _IONBF : _IOLBF, 0);
  return filtered;
}

}  // namespace

void GuardTerminalOutput() {
  // glibc's stdout and stderr are plain variables: every printf after this goes through the
  // filter when it writes to a terminal.
  stdout = Guard(stdout, &out_filter);
  stderr = Guard(stderr, &err_filter);
}

}  // namespace concord::cli
