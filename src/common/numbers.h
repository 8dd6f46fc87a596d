#pragma once
// Numbers from untrusted text, without exceptions: std::from_chars with the whole input required
// and the range checked. std::sto* throw on bad or out-of-range input and must not be used on
// anything read from a file or the network.

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace concord {

// The integer spelled by all of `text` (decimal, an optional leading '-' for signed types), or
// nothing when it is empty, has other characters, or does not fit in T.
template <typename T>
std::optional<T> ParseInteger(std::string_view text) {
  static_assert(std::is_integral_v<T>);
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// The finite double spelled by all of `text` (fixed or scientific), or nothing when it is not
// one or is out of double's range (a 401-digit number is out of range, not infinity).
std::optional<double> ParseDouble(std::string_view text);

}  // namespace concord
