#pragma once
// Reading whole inputs: regular files are memory-mapped (a 1 GB bundle costs page cache, not
// heap), pipes and stdin are read into memory. Move-only; not thread-safe.

#include <string>
#include <string_view>

#include "common/status.h"

namespace concord {

class InputFile {
 public:
  // `path` "-" reads standard input.
  static Result<InputFile> Open(const std::string& path);
  InputFile(InputFile&& o) noexcept;
  InputFile& operator=(InputFile&& o) noexcept;
  InputFile(const InputFile&) = delete;
  ~InputFile();

  std::string_view data() const { return data_; }
  // Tells the OS that data()[0, offset) will not be read again. For a mapped file the pages
  // are dropped from this process (they stay in the page cache); otherwise nothing happens.
  void DoneBefore(size_t offset);

 private:
  InputFile() = default;
  std::string_view data_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  size_t released_ = 0;  // bytes of the mapping already given back
  std::string buffer_;
};

}  // namespace concord
