#pragma once
// Node-wide settings kept with the data, as text by key (for example the sharing policy's
// defaults: "sharing.default_tlp"). Callers validate values before setting them. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace concord::store {

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  // The value, or nullopt when it was never set.
  virtual Result<std::optional<std::string>> Get(std::string_view key) const = 0;
  virtual Status Set(std::string_view key, std::string_view value) = 0;
};

}  // namespace concord::store
