#include "cli/terminal.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace concord::cli {
namespace {

// One filtered stream: its file descriptor, and a lead byte 0xC2 held back from the last write
// (the first half of a C1 control character, or of any other two-byte character).
struct Filter {
  int fd;
  bool pending_c2 = false;
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

void AppendEscape(std::string* out, const char* prefix, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += prefix;
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

ssize_t FilteredWrite(void* cookie, const char* data, size_t size) {
  Filter& f = *static_cast<Filter*>(cookie);
  std::string out;
  out.reserve(size + 8);
  for (size_t i = 0; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (f.pending_c2) {
      f.pending_c2 = false;
      if (c >= 0x80 && c <= 0x9f) {
        AppendEscape(&out, "\\u00", c);
        continue;
      }
      out += '\xc2';
    }
    if (c == 0xc2) {
      f.pending_c2 = true;
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      AppendEscape(&out, "\\x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return WriteAll(f.fd, out) ? static_cast<ssize_t>(size) : -1;
}

int FilteredClose(void* cookie) {
  Filter* f = static_cast<Filter*>(cookie);
  if (f->pending_c2) (void)WriteAll(f->fd, "\xc2");
  f->pending_c2 = false;
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
