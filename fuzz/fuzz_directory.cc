// The directory's parsers: team JSON, CSV and FIRST imports, business hours, OpenPGP armour,
// TZif files and lookup queries. Run:
//   build-fuzz/fuzz/fuzz_directory -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/time_zone.h"
#include "directory/business_hours.h"
#include "directory/directory.h"
#include "directory/formats.h"
#include "directory/pgp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace concord;
  auto team = directory::TeamFromJsonText(input);
  if (team.ok()) {
    directory::Directory dir({*team});
    (void)dir.Lookup(input);
  }
  (void)directory::ReadCsvTeams(input, {});
  (void)directory::ReadFirstTeams(input, "2026-01-01");
  (void)directory::BusinessHours::Parse(input);
  (void)directory::ParsePgpPublicKey(input);
  (void)TimeZone::Parse("fuzz", input);
  (void)directory::Directory().Lookup(input);
  return 0;
}
