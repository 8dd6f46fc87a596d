#pragma once
// Synthetic but realistic STIX indicators for benchmarks: IPv4, IPv6, domain, URL and SHA-256
// patterns in equal shares, a TLP marking, created_by_ref, labels and a kill chain phase, as
// national CERT feeds publish them (~690 bytes each).

#include <random>
#include <string>

#include "common/json.h"
#include "common/time.h"
#include "common/uuid.h"

namespace concord::bench {

inline std::string Hex(std::mt19937_64& rng, int n) {
  static const char* kHex = "0123456789abcdef";
  std::string s(n, '0');
  for (auto& c : s) c = kHex[rng() & 15];
  return s;
}

inline std::string Indicator(std::mt19937_64& rng, int i, const std::string& author) {
  std::string pattern;
  switch (i % 5) {
    case 0:
      pattern = "[ipv4-addr:value = '" + std::to_string(rng() % 223 + 1) + "." +
                std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "." +
                std::to_string(rng() % 256) + "']";
      break;
    case 1:
      pattern = "[ipv6-addr:value = '2001:db8:" + Hex(rng, 4) + "::" + Hex(rng, 4) + "']";
      break;
    case 2:
      pattern = "[domain-name:value = 'c2-" + Hex(rng, 10) + ".example.net']";
      break;
    case 3:
      pattern =
          "[url:value = 'http://" + Hex(rng, 8) + ".example.org/gate.php?id=" + Hex(rng, 6) + "']";
      break;
    default:
      pattern = "[file:hashes.'SHA-256' = '" + Hex(rng, 64) + "']";
      break;
  }
  concord::Micros t = 1700000000000000LL + static_cast<concord::Micros>(i) * 1000;
  std::string ts = concord::FormatTimestampMillis(t);
  std::string o;
  concord::json::Writer w(&o);
  w.BeginObject()
      .Key("type")
      .String("indicator")
      .Key("spec_version")
      .String("2.1")
      .Key("id")
      .String("indicator--" + concord::UuidV4())
      .Key("created_by_ref")
      .String(author)
      .Key("created")
      .String(ts)
      .Key("modified")
      .String(ts)
      .Key("name")
      .String("Malicious infrastructure " + std::to_string(i))
      .Key("indicator_types")
      .BeginArray()
      .String("malicious-activity")
      .EndArray()
      .Key("pattern")
      .String(pattern)
      .Key("pattern_type")
      .String("stix")
      .Key("valid_from")
      .String(ts)
      .Key("labels")
      .BeginArray()
      .String("botnet")
      .String("c2")
      .EndArray()
      .Key("confidence")
      .Int(static_cast<int64_t>(rng() % 100))
      .Key("kill_chain_phases")
      .BeginArray()
      .BeginObject()
      .Key("kill_chain_name")
      .String("lockheed-martin-cyber-kill-chain")
      .Key("phase_name")
      .String("command-and-control")
      .EndObject()
      .EndArray()
      .Key("object_marking_refs")
      .BeginArray()
      .String("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")
      .EndArray()
      .EndObject();
  return o;
}

}  // namespace concord::bench
