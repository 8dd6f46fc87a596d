#pragma once
// Source reputation from the stored reports: for every IP, /24 or /64 network, sender domain
// and URL host, how many distinct reports and reporters name it, when first and last, and a
// score: each report counts 1 when new and half as much every half-life after (exponential
// decay, so old reports fade without a cleanup job). Sources at or over the threshold are
// listed in the spam zones. Pure over the store; thread-safe.

#include <string>
#include <vector>

#include "spam/store.h"
#include "store/database.h"

namespace concord::spam {

struct ReputationConfig {
  double half_life_days = 7;
  double threshold = 2;          // ip, domain, url-host
  double network_threshold = 5;  // network (/24, /64): several reports from one network
};

// Settings keys (`concord spam config`).
inline constexpr std::string_view kHalfLifeSetting = "spam.half_life_days";
inline constexpr std::string_view kThresholdSetting = "spam.threshold";
inline constexpr std::string_view kNetworkThresholdSetting = "spam.network_threshold";

Result<ReputationConfig> LoadReputationConfig(const store::SettingsStore& settings);
// Checks the values (half-life > 0, thresholds > 0) before saving.
Status SaveReputationConfig(store::SettingsStore& settings, const ReputationConfig& config);

struct SourceReputation {
  std::string kind, key;
  int64_t reports = 0, reporters = 0;
  Micros first_seen = 0, last_seen = 0;
  double score = 0;
  bool listed = false;  // by score (manual listings are applied by the zones)
};

// The decayed weight of one report `age` old.
double DecayedWeight(Micros age, double half_life_days);

// Every source, in kind and key order.
Result<std::vector<SourceReputation>> ComputeReputation(const spam::SpamStore& store,
                                                        const ReputationConfig& config, Micros now);

}  // namespace concord::spam
