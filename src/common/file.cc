#include "common/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace concord {

Result<InputFile> InputFile::Open(const std::string& path) {
  InputFile f;
  int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return Status::Internal("cannot stat " + path + ": " + std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return Status::InvalidArgument(path + " is a directory");
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* m = mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m != MAP_FAILED) {
      close(fd);
      madvise(m, st.st_size, MADV_SEQUENTIAL);
      f.map_ = m;
      f.map_size_ = st.st_size;
      f.data_ = std::string_view(static_cast<const char*>(m), st.st_size);
      return f;
    }
  }
  char buf[1 << 16];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      return Status::Internal("cannot read " + path + ": " + std::strerror(e));
    }
    if (n == 0) break;
    f.buffer_.append(buf, n);
  }
  close(fd);
  f.data_ = f.buffer_;
  return f;
}

InputFile::InputFile(InputFile&& o) noexcept { *this = std::move(o); }

InputFile& InputFile::operator=(InputFile&& o) noexcept {
  if (this == &o) return *this;
  if (map_) munmap(map_, map_size_);
  map_ = o.map_;
  map_size_ = o.map_size_;
  released_ = o.released_;
  buffer_ = std::move(o.buffer_);
  data_ = map_ ? o.data_ : std::string_view(buffer_);
  o.map_ = nullptr;
  o.map_size_ = 0;
  o.data_ = {};
  return *this;
}

void InputFile::DoneBefore(size_t offset) {
  if (!map_) return;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t end = std::min(offset, map_size_) / page * page;
  if (end <= released_) return;
  madvise(static_cast<char*>(map_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

InputFile::~InputFile() {
  if (map_) munmap(map_, map_size_);
}

}  // namespace concord
