#pragma once
// ISO 3166-1 alpha-2 country codes: teams' countries and country constituencies.

#include <optional>
#include <string>
#include <string_view>

namespace concord::directory {

// "az" / "AZ" -> "AZ"; nullopt for anything that is not an assigned alpha-2 code.
std::optional<std::string> NormalizeCountry(std::string_view code);
// "AZ" -> "Azerbaijan"; "" when unknown.
std::string CountryName(std::string_view code);
// The country a country-code top-level domain belongs to ("az" -> "AZ", "uk" -> "GB"); nullopt
// for generic TLDs and codes no country has.
std::optional<std::string> CountryOfTld(std::string_view tld);

}  // namespace concord::directory
