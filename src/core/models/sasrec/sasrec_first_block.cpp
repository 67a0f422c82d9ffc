#include "models/sasrec/sasrec_first_block.hpp"

#include <algorithm>
#include <cmath>

#include "common/dot.hpp"

namespace reelrank::sasrec {

void FirstBlockProjections::Part::resize(std::size_t rows, int32_t d) {
  centred.assign(rows * static_cast<std::size_t>(d), 0.0f);
  projected.assign(rows * 3 * static_cast<std::size_t>(d), 0.0f);
  squared.assign(rows, 0.0f);
}

void FirstBlockProjections::Part::set(std::size_t row, const float* v, float factor, const float* gamma,
                                      const float* by, int32_t d, std::vector<float>& scratch) {
  const auto du = static_cast<std::size_t>(d);
  float* c = centred.data() + row * du;
  float mean = 0;
  for (int32_t j = 0; j < d; ++j) mean += (c[j] = v[j] * factor);
  mean /= static_cast<float>(d);
  for (int32_t j = 0; j < d; ++j) {
    c[j] -= mean;
    scratch[static_cast<std::size_t>(j)] = c[j] * gamma[j];
  }
  squared[row] = dotf(c, c, d);
  float* p = projected.data() + row * 3 * du;
  for (int32_t r = 0; r < 3 * d; ++r) p[r] = dotf(by + static_cast<std::size_t>(r) * du, scratch.data(), d);
}

FirstBlockProjections::FirstBlockProjections(const SasrecWeights& w)
    : dim_(w.shape.dim), valuesProjected_(w.shape.heads == 1) {
  const SasrecShape& s = w.shape;
  const SasrecBlock& b = w.blocks[0];
  const auto du = static_cast<std::size_t>(s.dim);
  by_.assign(b.qkvWeight.begin(), b.qkvWeight.end());
  constant_.resize(3 * du);
  for (int32_t r = 0; r < 3 * s.dim; ++r)
    constant_[static_cast<std::size_t>(r)] =
        dotf(b.qkvWeight.data() + static_cast<std::size_t>(r) * du, b.norm1Bias.data(), s.dim) +
        b.qkvBias[static_cast<std::size_t>(r)];
  if (valuesProjected_) {
    // Value rows Wo Wv and constant Wo (Wv beta + bv) + bo.
    const float* wv = b.qkvWeight.data() + 2 * du * du;
    const float* cv = constant_.data() + 2 * du;
    std::vector<float> column(du);
    for (std::size_t r = 0; r < du; ++r) {
      const float* wo = b.projWeight.data() + r * du;
      float* row = by_.data() + (2 * du + r) * du;
      std::fill(row, row + du, 0.0f);
      for (std::size_t c = 0; c < du; ++c)
        for (std::size_t k = 0; k < du; ++k) row[k] += wo[c] * wv[c * du + k];
      column[r] = dotf(wo, cv, s.dim) + b.projBias[r];
    }
    std::copy(column.begin(), column.end(), constant_.begin() + static_cast<std::ptrdiff_t>(2 * du));
  }
  scratch_.resize(du);
  const float* gamma = b.norm1Weight.data();
  positions_.resize(static_cast<std::size_t>(s.maxLen), s.dim);
  for (int32_t p = 0; p < s.maxLen; ++p)
    positions_.set(static_cast<std::size_t>(p), w.positionEmbedding.data() + static_cast<std::size_t>(p) * du, 1.0f,
                   gamma, by_.data(), s.dim, scratch_);
  kinds_.resize(static_cast<std::size_t>(s.feedbackKinds), s.dim);
  for (int32_t k = 0; k < s.feedbackKinds; ++k)
    kinds_.set(static_cast<std::size_t>(k), w.feedbackEmbedding.data() + static_cast<std::size_t>(k) * du, 1.0f, gamma,
               by_.data(), s.dim, scratch_);
  items_.resize(kMaxKeptItems, s.dim);
}

std::size_t FirstBlockProjections::itemSlot(const SasrecWeights& w, int32_t row) {
  const auto it = slotOf_.find(row);
  if (it != slotOf_.end()) return it->second;
  // Full: start again; the current window's items come back as they recur.
  if (slotOf_.size() == kMaxKeptItems) slotOf_.clear();
  const std::size_t slot = slotOf_.size();
  slotOf_.emplace(row, slot);
  items_.set(slot, w.itemEmbedding.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(dim_),
             std::sqrt(static_cast<float>(dim_)), w.blocks[0].norm1Weight.data(), by_.data(), dim_, scratch_);
  return slot;
}

FirstBlockProjections::PartRow FirstBlockProjections::item(const SasrecWeights& w, int32_t row) {
  return items_.row(itemSlot(w, row), dim_);
}

void FirstBlockProjections::qkv(const SasrecWeights& w, const InputRows& in, RowMat& out) {
  const int32_t d = dim_;
  const auto du = static_cast<std::size_t>(d);
  const std::size_t n = in.item.size();
  const bool kinds = !in.kind.empty() && w.shape.feedbackKinds > 0;
  out.resize(static_cast<Eigen::Index>(n), 3 * d);
  for (std::size_t t = 0; t < n; ++t) {
    const std::size_t is = itemSlot(w, in.item[t]);
    const auto ps = static_cast<std::size_t>(in.position[t]);
    const float* ci = items_.centred.data() + is * du;
    const float* cp = positions_.centred.data() + ps * du;
    float sq = items_.squared[is] + positions_.squared[ps] + 2.0f * dotf(ci, cp, d);
    const float* gk = nullptr;
    if (kinds) {
      const auto ks = static_cast<std::size_t>(in.kind[t]);
      const float* ck = kinds_.centred.data() + ks * du;
      sq += kinds_.squared[ks] + 2.0f * (dotf(ci, ck, d) + dotf(cp, ck, d));
      gk = kinds_.projected.data() + ks * 3 * du;
    }
    const float inv = scaleOf(sq, d);
    const float* gi = items_.projected.data() + is * 3 * du;
    const float* gp = positions_.projected.data() + ps * 3 * du;
    float* o = out.row(static_cast<Eigen::Index>(t)).data();
    if (gk)
      for (std::size_t r = 0; r < 3 * du; ++r) o[r] = (gi[r] + gp[r] + gk[r]) * inv + constant_[r];
    else
      for (std::size_t r = 0; r < 3 * du; ++r) o[r] = (gi[r] + gp[r]) * inv + constant_[r];
  }
}

}  // namespace reelrank::sasrec
