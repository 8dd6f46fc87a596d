#pragma once
// Random valid vectors of a version, for benchmarks and differential tests: every base metric
// with a uniformly chosen value, and each optional metric absent, Not Defined or any value.

#include <random>

#include "cvss/vector.h"

namespace concord::cvss {

Vector RandomVector(Version version, std::mt19937_64& rng);

}  // namespace concord::cvss
