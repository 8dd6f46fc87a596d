#pragma once
// Lines of a log file or standard input, decompressed on the fly when the input starts with the
// gzip (1f 8b; concatenated members too) or Zstandard (28 b5 2f fd) magic, whatever its name.
// Memory stays bounded by the chunk size plus the longest line kept (max_line_bytes); longer
// lines are skipped whole and reported, so one runaway line cannot exhaust memory.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::match {

class LineReader {
 public:
  static constexpr size_t kDefaultMaxLineBytes = 1 << 20;
  // `path` "-" is standard input.
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path,
                                                  size_t max_line_bytes = kDefaultMaxLineBytes);
  // Reads from memory (the API's request bodies); `data` must outlive the reader.
  static std::unique_ptr<LineReader> FromMemory(std::string_view data,
                                                size_t max_line_bytes = kDefaultMaxLineBytes);
  virtual ~LineReader() = default;

  enum class Next { kLine, kOverlong, kEnd, kError };
  // kLine: `*line` (without "\n" or "\r\n") is valid until the next call. kOverlong: a line
  // longer than the limit was skipped. kError: status() says why (I/O, corrupt compression).
  Next Read(std::string_view* line);
  size_t line_number() const { return line_number_; }  // of the line last returned
  uint64_t bytes() const { return bytes_; }            // decompressed bytes consumed
  size_t max_line_bytes() const { return max_line_bytes_; }
  const Status& status() const { return status_; }

 protected:
  LineReader(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}
  // Appends up to `max` decompressed bytes to `out`; 0 at the end of input.
  virtual Result<size_t> Fill(char* out, size_t max) = 0;

 private:
  size_t max_line_bytes_;
  std::string buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes are buffer_[begin_, end_)
  bool eof_ = false;
  bool skipping_ = false;  // inside an overlong line
  size_t line_number_ = 0;
  uint64_t bytes_ = 0;
  Status status_;
};

}  // namespace concord::match
