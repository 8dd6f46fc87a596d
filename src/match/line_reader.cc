#include "match/line_reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

namespace concord::match {
namespace {

constexpr size_t kChunk = 1 << 20;

// Raw bytes of a file descriptor, with the first bytes already read for format sniffing.
class FdInput {
 public:
  FdInput(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdInput() {
    if (owned_) ::close(fd_);
  }
  Result<size_t> Read(char* out, size_t max) {
    if (peek_pos_ < peeked_.size()) {
      const size_t n = std::min(max, peeked_.size() - peek_pos_);
      std::memcpy(out, peeked_.data() + peek_pos_, n);
      peek_pos_ += n;
      return n;
    }
    for (;;) {
      const ssize_t n = ::read(fd_, out, max);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::Internal(std::string("read: ") + std::strerror(errno));
    }
  }
  // The first up to 4 bytes, without consuming them.
  Result<std::string_view> Peek() {
    while (peeked_.size() < 4) {
      char buf[4];
      auto n = Read(buf, 4 - peeked_.size());
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      peeked_.append(buf, *n);
      peek_pos_ = 0;
    }
    // Bytes read during the peek are handed out first by Read().
    return std::string_view(peeked_);
  }

 private:
  int fd_;
  bool owned_;
  std::string peeked_;
  size_t peek_pos_ = 0;
};

class PlainReader : public LineReader {
 public:
  PlainReader(std::unique_ptr<FdInput> in, size_t max) : LineReader(max), in_(std::move(in)) {}
  Result<size_t> Fill(char* out, size_t max) override { return in_->Read(out, max); }

 private:
  std::unique_ptr<FdInput> in_;
};

class MemoryReader : public LineReader {
 public:
  MemoryReader(std::string_view data, size_t max) : LineReader(max), data_(data) {}
  Result<size_t> Fill(char* out, size_t max) override {
    const size_t n = std::min(max, data_.size());
    std::memcpy(out, data_.data(), n);
    data_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view data_;
};

class GzipReader : public LineReader {
 public:
  GzipReader(std::unique_ptr<FdInput> in, size_t max) : LineReader(max), in_(std::move(in)) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);  // gzip or zlib header, detected
    input_.resize(kChunk);
  }
  ~GzipReader() override { inflateEnd(&z_); }
  Result<size_t> Fill(char* out, size_t max) override {
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(max);
    while (z_.avail_out == max) {
      if (z_.avail_in == 0) {
        auto n = in_->Read(input_.data(), input_.size());
        if (!n.ok()) return n.status();
        if (*n == 0) {
          if (!stream_end_) return Status::InvalidArgument("gzip input is truncated");
          return size_t{0};
        }
        z_.next_in = reinterpret_cast<Bytef*>(input_.data());
        z_.avail_in = static_cast<uInt>(*n);
      }
      stream_end_ = false;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        stream_end_ = true;
        inflateReset(&z_);  // a following gzip member continues the stream
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Status::InvalidArgument(std::string("corrupt gzip input: ") +
                                       (z_.msg ? z_.msg : "inflate failed"));
      }
    }
    return max - z_.avail_out;
  }

 private:
  std::unique_ptr<FdInput> in_;
  z_stream z_;
  std::string input_;
  bool stream_end_ = false;
};

class ZstdReader : public LineReader {
 public:
  ZstdReader(std::unique_ptr<FdInput> in, size_t max)
      : LineReader(max), in_(std::move(in)), dctx_(ZSTD_createDCtx()) {
    input_.resize(ZSTD_DStreamInSize());
  }
  ~ZstdReader() override { ZSTD_freeDCtx(dctx_); }
  Result<size_t> Fill(char* out, size_t max) override {
    ZSTD_outBuffer output{out, max, 0};
    while (output.pos == 0) {
      if (in_buf_.pos == in_buf_.size) {
        auto n = in_->Read(input_.data(), input_.size());
        if (!n.ok()) return n.status();
        if (*n == 0) {
          if (frame_remaining_ != 0) return Status::InvalidArgument("zstd input is truncated");
          return size_t{0};
        }
        in_buf_ = ZSTD_inBuffer{input_.data(), *n, 0};
      }
      frame_remaining_ = ZSTD_decompressStream(dctx_, &output, &in_buf_);
      if (ZSTD_isError(frame_remaining_)) {
        return Status::InvalidArgument(std::string("corrupt zstd input: ") +
                                       ZSTD_getErrorName(frame_remaining_));
      }
    }
    return output.pos;
  }

 private:
  std::unique_ptr<FdInput> in_;
  ZSTD_DCtx* dctx_;
  std::string input_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  size_t frame_remaining_ = 0;
};

}  // namespace

Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path,
                                                     size_t max_line_bytes) {
  std::unique_ptr<FdInput> in;
  if (path == "-") {
    in = std::make_unique<FdInput>(0, false);
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::NotFound(path + ": " + std::strerror(errno));
    in = std::make_unique<FdInput>(fd, true);
  }
  auto magic = in->Peek();
  if (!magic.ok()) return magic.status().WithPrefix(path);
  const std::string_view m = *magic;
  if (m.size() >= 2 && m[0] == '\x1f' && m[1] == '\x8b') {
    return std::unique_ptr<LineReader>(new GzipReader(std::move(in), max_line_bytes));
  }
  if (m.size() >= 4 && m == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return std::unique_ptr<LineReader>(new ZstdReader(std::move(in), max_line_bytes));
  }
  return std::unique_ptr<LineReader>(new PlainReader(std::move(in), max_line_bytes));
}

std::unique_ptr<LineReader> LineReader::FromMemory(std::string_view data, size_t max_line_bytes) {
  return std::unique_ptr<LineReader>(new MemoryReader(data, max_line_bytes));
}

LineReader::Next LineReader::Read(std::string_view* line) {
  if (!status_.ok()) return Next::kError;
  size_t scan = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scan, '\n', end_ - scan);
    size_t stop = nl ? static_cast<const char*>(nl) - buffer_.data() : std::string::npos;
    if (stop == std::string::npos && eof_ && (begin_ < end_ || skipping_)) stop = end_;
    if (stop != std::string::npos) {
      const size_t next = std::min(stop + 1, end_);
      bytes_ += next - begin_;
      ++line_number_;
      std::string_view l(buffer_.data() + begin_, stop - begin_);
      begin_ = next;
      if (skipping_) {
        skipping_ = false;
        return Next::kOverlong;
      }
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      *line = l;
      return Next::kLine;
    }
    if (eof_) return Next::kEnd;
    if (end_ - begin_ > max_line_bytes_) {
      // Drop what we have of this line; keep reading until its end.
      bytes_ += end_ - begin_;
      begin_ = end_;
      skipping_ = true;
    }
    // Move the partial line to the front and read more behind it.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    scan = end_;
    if (buffer_.size() < end_ + kChunk) buffer_.resize(end_ + kChunk);
    auto n = Fill(buffer_.data() + end_, kChunk);
    if (!n.ok()) {
      status_ = n.status();
      return Next::kError;
    }
    if (*n == 0) eof_ = true;
    end_ += *n;
  }
}

}  // namespace concord::match
