// DNS queries: the packet parser and the answering code behind `concord serve --dns`. Runs in
// CI for a bounded time (tests/CMakeLists.txt: dns_fuzz_ci); by hand:
//   build-fuzz/fuzz/fuzz_dns -max_total_time=60 fuzz/corpus/dns
// Whatever the input, the answer must fit its buffer and echo the query's id; UDP answers must
// respect the client's payload size.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "dns/zone.h"

namespace {

const concord::dns::ZoneSet& Zones() {
  using namespace concord;
  static const std::unique_ptr<dns::ZoneSet> zones = [] {
    auto data = std::make_shared<dns::ZoneData>();
    const uint32_t listed = data->AddListing({0x7F000002, "$ is listed"});
    data->AddNetwork(kIpv4MappedPrefix | 0x7F000002, 128, listed);
    data->AddNetwork(kIpv4MappedPrefix | 0xC6336400, 120, listed);
    data->AddNetwork(static_cast<Ip128>(0x20010db8) << 96, 32, listed);
    data->AddDomain("test", false, listed);
    data->AddDomain("example", true, listed);
    data->Build();
    std::vector<dns::Zone> list(2);
    list[0].origin = "bl.example";
    list[0].data = data;
    list[1].origin = "a";
    list[1].data = data;
    return std::make_unique<dns::ZoneSet>(std::move(list));
  }();
  return *zones;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace concord::dns;
  static std::vector<uint8_t> out(65535 + kOptSize);
  for (bool tcp : {false, true}) {
    const size_t n = HandlePacket(Zones(), data, size, out.data(), out.size(), tcp);
    if (n > out.size()) std::abort();
    if (n == 0) continue;
    if (n < 12 || out[0] != data[0] || out[1] != data[1]) std::abort();
    if (!tcp && n > kMaxUdpPayload + kOptSize) std::abort();
  }
  return 0;
}
