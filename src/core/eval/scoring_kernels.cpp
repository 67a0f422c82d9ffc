#include "eval/scoring_kernels.hpp"

#include <algorithm>

#include "common/dot.hpp"

namespace reelrank::eval {

void cosineScan(const float* items, std::size_t n, std::size_t dim, const float* query, const float* itemScale,
                float* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = dotf(items + i * dim, query, static_cast<int32_t>(dim)) * itemScale[i];
}

void neighborScores(const int32_t* start, const int32_t* neighbor, const float* similarity, std::size_t nItems,
                    const int32_t* profileItems, const float* profileWeights, std::size_t profileSize, float* out) {
  std::fill(out, out + nItems, 0.0f);
  for (std::size_t p = 0; p < profileSize; ++p) {
    const auto item = static_cast<std::size_t>(profileItems[p]);
    const float w = profileWeights[p];
    for (int32_t k = start[item]; k < start[item + 1]; ++k)
      out[static_cast<std::size_t>(neighbor[k])] += w * similarity[k];
  }
}

int32_t argMax(const float* scores, std::size_t n) {
  if (n == 0) return -1;
  // Two passes: the maximum over eight independent lanes (a reduction the
  // vectoriser turns into f32x4 max), then the first index holding it. One
  // pass with a running best is a chain of dependent compare-and-branch steps.
  float lane[8];
  for (std::size_t l = 0; l < 8; ++l) lane[l] = scores[0];
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t l = 0; l < 8; ++l) lane[l] = scores[i + l] > lane[l] ? scores[i + l] : lane[l];
  float best = lane[0];
  for (std::size_t l = 1; l < 8; ++l) best = lane[l] > best ? lane[l] : best;
  for (; i < n; ++i) best = scores[i] > best ? scores[i] : best;
  for (std::size_t j = 0; j < n; ++j)
    if (scores[j] == best) return static_cast<int32_t>(j);
  return 0;  // only when every score is NaN
}

}  // namespace reelrank::eval
