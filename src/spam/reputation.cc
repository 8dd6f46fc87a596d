#include "spam/reputation.h"

#include <cmath>
#include <set>

#include "common/numbers.h"

namespace concord::spam {
namespace {

Result<double> ReadNumber(const store::SettingsStore& settings, std::string_view key,
                          double fallback) {
  auto value = settings.Get(key);
  if (!value.ok()) return value.status();
  if (!*value) return fallback;
  if (std::optional<double> number = ParseDouble(**value)) return *number;
  return Status::InvalidArgument("setting " + std::string(key) + " is not a number");
}

}  // namespace

Result<ReputationConfig> LoadReputationConfig(const store::SettingsStore& settings) {
  ReputationConfig config;
  auto half_life = ReadNumber(settings, kHalfLifeSetting, config.half_life_days);
  auto threshold = ReadNumber(settings, kThresholdSetting, config.threshold);
  auto network = ReadNumber(settings, kNetworkThresholdSetting, config.network_threshold);
  for (const auto* r : {&half_life, &threshold, &network}) {
    if (!r->ok()) return r->status();
  }
  config.half_life_days = *half_life;
  config.threshold = *threshold;
  config.network_threshold = *network;
  return config;
}

Status SaveReputationConfig(store::SettingsStore& settings, const ReputationConfig& config) {
  if (!(config.half_life_days > 0) || !(config.threshold > 0) || !(config.network_threshold > 0)) {
    return Status::InvalidArgument("the half-life and the thresholds must be greater than 0");
  }
  CONCORD_RETURN_IF_ERROR(settings.Set(kHalfLifeSetting, std::to_string(config.half_life_days)));
  CONCORD_RETURN_IF_ERROR(settings.Set(kThresholdSetting, std::to_string(config.threshold)));
  return settings.Set(kNetworkThresholdSetting, std::to_string(config.network_threshold));
}

double DecayedWeight(Micros age, double half_life_days) {
  if (age <= 0) return 1;  // reported as arriving in the future (clock skew): counts fully
  const double days = static_cast<double>(age) / (86400.0 * 1e6);
  return std::exp2(-days / half_life_days);
}

Result<std::vector<SourceReputation>> ComputeReputation(const spam::SpamStore& store,
                                                        const ReputationConfig& config,
                                                        Micros now) {
  std::vector<SourceReputation> out;
  std::set<std::string> reporters;
  auto finish = [&] {
    if (out.empty()) return;
    SourceReputation& s = out.back();
    s.reporters = static_cast<int64_t>(reporters.size());
    s.listed = s.score >= (s.kind == "network" ? config.network_threshold : config.threshold);
    reporters.clear();
  };
  Status st = store.ScanObservations([&](const spam::SpamObservation& o) {
    if (out.empty() || out.back().kind != o.kind || out.back().key != o.key) {
      finish();
      out.push_back({std::string(o.kind), std::string(o.key), 0, 0, o.reported_at, o.reported_at});
    }
    SourceReputation& s = out.back();
    ++s.reports;
    reporters.insert(std::string(o.reporter));
    s.first_seen = std::min(s.first_seen, o.reported_at);
    s.last_seen = std::max(s.last_seen, o.reported_at);
    s.score += DecayedWeight(now - o.reported_at, config.half_life_days);
  });
  if (!st.ok()) return st;
  finish();
  return out;
}

}  // namespace concord::spam
