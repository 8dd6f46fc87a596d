#include "cvss/random.h"

namespace concord::cvss {

Vector RandomVector(Version version, std::mt19937_64& rng) {
  Vector v(version);
  // A third of the vectors are base-only, a third set some optional metrics, a third all.
  const int optional_mode = static_cast<int>(rng() % 3);
  std::span<const MetricDef> metrics = Metrics(version);
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (!metrics[i].mandatory()) {
      if (optional_mode == 0 || (optional_mode == 1 && rng() % 2 == 0)) continue;
    }
    v.values[i] = static_cast<int8_t>(rng() % metrics[i].value_count);
  }
  return v;
}

}  // namespace concord::cvss
