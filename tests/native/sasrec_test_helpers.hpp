// Shared by the SASRec tests: seeded random matrices and a central-difference
// gradient check.
#pragma once
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "analytics/rng.hpp"
#include "models/sasrec/sasrec_layers.hpp"

namespace reelrank::testing {

inline void fillRandom(float* p, std::size_t n, analytics::Rng& rng, double scale = 1.0) {
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(rng.gaussian() * scale);
}

inline sasrec::RowMat randomMat(Eigen::Index r, Eigen::Index c, analytics::Rng& rng, double scale = 1.0) {
  sasrec::RowMat m(r, c);
  fillRandom(m.data(), static_cast<std::size_t>(m.size()), rng, scale);
  return m;
}

// sum(y o r) in double: the scalar whose gradient with respect to y is r.
inline double weightedSum(const sasrec::RowMat& y, const sasrec::RowMat& r) {
  double s = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) s += static_cast<double>(y.data()[i]) * r.data()[i];
  return s;
}

// Central differences of `loss` in each of (up to `maxChecks`, spread evenly)
// entries of param[0..n), against `analytic`. The relative error
// |a - n| / max(|a|, |n|, floor) must stay under `tolerance` for every entry
// (floor keeps entries whose gradient is about 0 from dividing by ~0).
// Float forward passes: eps 1e-2 (their rounding is then about 1e-5 of the
// step), which the smooth layers' truncation error also keeps near 1e-4.
// `kinks`, when given, returns a signature of the ReLU pattern of the last
// loss() call: an entry whose two steps see different patterns straddles a
// kink, where a central difference is meaningless, and is skipped.
inline double gradientCheck(const std::string& what, const std::function<double()>& loss, float* param,
                            const float* analytic, std::size_t n, double tolerance = 1e-2, float eps = 1e-2f,
                            double floor = 1e-1, std::size_t maxChecks = 60,
                            const std::function<uint64_t()>& kinks = {}) {
  double worst = 0;
  const std::size_t stride = std::max<std::size_t>(1, n / maxChecks);
  for (std::size_t i = 0; i < n; i += stride) {
    const float keep = param[i];
    param[i] = keep + eps;
    const double up = loss();
    const uint64_t upKinks = kinks ? kinks() : 0;
    param[i] = keep - eps;
    const double down = loss();
    const uint64_t downKinks = kinks ? kinks() : 0;
    param[i] = keep;
    if (upKinks != downKinks) continue;
    const double numeric = (up - down) / (2.0 * static_cast<double>(eps));
    const double a = analytic[i];
    const double rel = std::fabs(a - numeric) / std::max({std::fabs(a), std::fabs(numeric), floor});
    worst = std::max(worst, rel);
    INFO(what << "[" << i << "]: analytic " << a << ", numeric " << numeric);
    CHECK(rel < tolerance);
  }
  return worst;
}

}  // namespace reelrank::testing
