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

 private:
  InputFile() = default;
  std::string_view data_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string buffer_;
};

}  // namespace concord
