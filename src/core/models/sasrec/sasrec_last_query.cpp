#include "models/sasrec/sasrec_last_query.hpp"

#include <algorithm>
#include <cmath>

#include "common/dot.hpp"
#include "models/sasrec/sasrec_exp.hpp"

namespace reelrank::sasrec {

namespace {

// acc += a * v over n floats (no reduction, so it vectorises as written).
inline void addScaled(float* acc, float a, const float* v, int32_t n) {
  for (int32_t k = 0; k < n; ++k) acc[k] += a * v[k];
}

}  // namespace

void lastQueryAttention(const RowMat& normed, int32_t heads, const AttentionWeights& w, RowMat& y,
                        std::vector<float>& probs) {
  const auto len = static_cast<int32_t>(normed.rows());
  const auto d = static_cast<int32_t>(normed.cols());
  const int32_t dh = d / heads;
  const auto du = static_cast<std::size_t>(d);
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  const float* rows = normed.data();  // row-major: row t at t * d
  const float* final = rows + static_cast<std::size_t>(len - 1) * du;
  std::vector<float> u(du), mix(du), ctx(du);
  probs.assign(static_cast<std::size_t>(heads) * static_cast<std::size_t>(len), 0.0f);
  for (int32_t j = 0; j < heads; ++j) {
    const float* wq = w.qkvWeight + static_cast<std::size_t>(j * dh) * du;
    const float* wk = w.qkvWeight + static_cast<std::size_t>(d + j * dh) * du;
    const float* wv = w.qkvWeight + static_cast<std::size_t>(2 * d + j * dh) * du;
    // u = scale Wk_j^T q: the query carried back through the key projection.
    std::fill(u.begin(), u.end(), 0.0f);
    for (int32_t r = 0; r < dh; ++r) {
      const float q = dotf(wq + static_cast<std::size_t>(r) * du, final, d) + w.qkvBias[j * dh + r];
      addScaled(u.data(), scale * q, wk + static_cast<std::size_t>(r) * du, d);
    }
    float* p = probs.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(len);
    float top = -INFINITY;
    for (int32_t t = 0; t < len; ++t) {
      p[t] = dotf(rows + static_cast<std::size_t>(t) * du, u.data(), d);
      top = std::max(top, p[t]);
    }
    const float inv = 1.0f / expShiftedSum(p, len, top);
    // The weighted mean of the normalised rows, then the value projection.
    std::fill(mix.begin(), mix.end(), 0.0f);
    for (int32_t t = 0; t < len; ++t) {
      p[t] *= inv;
      addScaled(mix.data(), p[t], rows + static_cast<std::size_t>(t) * du, d);
    }
    for (int32_t r = 0; r < dh; ++r)
      ctx[static_cast<std::size_t>(j * dh + r)] =
          dotf(wv + static_cast<std::size_t>(r) * du, mix.data(), d) + w.qkvBias[2 * d + j * dh + r];
  }
  y.resize(1, d);
  for (int32_t r = 0; r < d; ++r)
    y(0, r) = dotf(w.projWeight + static_cast<std::size_t>(r) * du, ctx.data(), d) + w.projBias[r];
}

}  // namespace reelrank::sasrec
