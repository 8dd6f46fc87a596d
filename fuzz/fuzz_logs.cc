// libFuzzer target: the log readers (every format), the normalisers and the index never crash
// on any input. The first byte picks the format; the rest is the log.
#include <cstddef>
#include <cstdint>

#include "match/scanner.h"

namespace {

// A small index with every kind of table and the general evaluator.
const concord::match::Snapshot& Fixture() {
  using namespace concord::match;
  static const Snapshot* snapshot = [] {
    auto set = std::make_shared<IndicatorSet>();
    const char* patterns[] = {
        "[ipv4-addr:value = '198.51.100.7']",
        "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
        "[ipv6-addr:value ISSUBSET '2001:db8::/32']",
        "[domain-name:value = 'evil.example']",
        "[url:value = 'http://evil.example/x']",
        "[email-addr:value = 'a@evil.example']",
        "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
        "[network-traffic:dst_ref.value = '192.0.2.1' AND domain-name:value = 'c2.example']",
        "[domain-name:value MATCHES '^x[0-9]+\\\\.example$']",
        "[url:value LIKE 'http://%/admin%']",
    };
    uint32_t index = 0;
    std::string reason;
    char id[64];
    for (const char* p : patterns) {
      std::snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012u", index);
      (void)set->Add(id, p, &index, &reason);
      ++index;
    }
    (void)set->Compile();
    auto empty = std::make_shared<IndicatorSet>();
    (void)empty->Compile();
    return new Snapshot(set, std::make_shared<const std::vector<bool>>(set->size(), false), empty,
                        {});
  }();
  return *snapshot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concord::match;
  if (size == 0) return 0;
  static const LogFormat kFormats[] = {LogFormat::kAuto, LogFormat::kText, LogFormat::kJson,
                                       LogFormat::kZeek, LogFormat::kCsv};
  const std::string_view log(reinterpret_cast<const char*>(data) + 1, size - 1);
  ScanOptions options{kFormats[data[0] % 5], data[0] & 0x80 ? "1=ip:src,2=domain,3=url" : ""};
  auto reader = LineReader::FromMemory(log, 4096);
  ScanStats stats;
  std::string out;
  const Snapshot& snapshot = Fixture();
  (void)ScanLog(
      *reader, "fuzz", options, snapshot,
      [&](const MatchEvent& e) { AppendMatchJson(e, snapshot.IndicatorId(e.hit), "", &out); },
      [](size_t, const std::string&) {}, &stats);
  std::string norm;
  (void)NormalizeUrl(log, &norm);
  (void)NormalizeEmail(log, &norm);
  concord::Ip128 network;
  int length;
  (void)concord::ParsePrefix(log, &network, &length, &norm);
  return 0;
}
