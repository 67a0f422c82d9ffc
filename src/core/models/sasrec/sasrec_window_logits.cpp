#include "models/sasrec/sasrec_window_logits.hpp"

#include <algorithm>
#include <cmath>

#include "common/dot.hpp"
#include "models/sasrec/sasrec_causal_attention.hpp"

namespace reelrank::sasrec {

bool FirstBlockWindow::fits(const SasrecShape& s) {
  const auto cap = static_cast<std::size_t>(s.maxLen);
  return static_cast<std::size_t>(s.heads) * cap * cap * 4 <= kMaxTableFloats;
}

FirstBlockWindow::FirstBlockWindow(const SasrecWeights& w, const FirstBlockProjections& parts, bool packed)
    : dim_(w.shape.dim),
      heads_(w.shape.heads),
      dh_(w.shape.dim / w.shape.heads),
      cap_(static_cast<std::size_t>(w.shape.maxLen)),
      kinds_(w.shape.feedbackKinds > 0),
      valuesProjected_(parts.valuesProjected()),
      packed_(packed) {
  const auto du = static_cast<std::size_t>(dim_);
  const auto h = static_cast<std::size_t>(heads_);
  positionPairs_.resize(h * cap_ * cap_);
  constantPosition_.resize(h * cap_);
  for (std::size_t j = 0; j < h; ++j) {
    const std::size_t off = j * static_cast<std::size_t>(dh_);
    const float* cq = parts.constant() + off;
    for (std::size_t p = 0; p < cap_; ++p) {
      const float* qp = parts.position(static_cast<int32_t>(p)).projected + off;
      const float* kp = parts.position(static_cast<int32_t>(p)).projected + du + off;
      constantPosition_[j * cap_ + p] = dotf(cq, kp, dh_);
      float* row = positionPairs_.data() + (j * cap_ + p) * cap_;
      for (std::size_t p2 = 0; p2 < cap_; ++p2)
        row[p2] = dotf(qp, parts.position(static_cast<int32_t>(p2)).projected + du + off, dh_);
    }
  }
  centred_.resize(cap_ * du);
  squared_.resize(cap_);
  projected_.resize(cap_ * 3 * du);
  eventPairs_.resize(h * cap_ * cap_);
  eventPosition_.resize(h * cap_ * cap_);
  positionEvent_.resize(h * cap_ * cap_);
  constantEvent_.resize(h * cap_);
}

FirstBlockWindow::Continues FirstBlockWindow::continues(const std::vector<int32_t>& items,
                                                        const std::vector<int32_t>& kinds, const InputRows& in) const {
  const std::size_t n = items.size(), len = in.item.size();
  // Steps from..from+count-1 of `in` are the kept ones at at..at+count-1.
  auto same = [&](std::size_t from, std::size_t at, std::size_t count) {
    if (!std::equal(in.item.begin() + static_cast<std::ptrdiff_t>(from),
                    in.item.begin() + static_cast<std::ptrdiff_t>(from + count),
                    items.begin() + static_cast<std::ptrdiff_t>(at)))
      return false;
    return !kinds_ || std::equal(in.kind.begin() + static_cast<std::ptrdiff_t>(from),
                                 in.kind.begin() + static_cast<std::ptrdiff_t>(from + count),
                                 kinds.begin() + static_cast<std::ptrdiff_t>(at));
  };
  if (n == 0) return Continues::No;
  if (len == n && same(0, 0, n)) return Continues::Same;
  if (len == n + 1 && same(0, 0, n)) return Continues::Grows;
  if (len == n && n == cap_ && same(0, 1, n - 1)) return Continues::Slides;
  return Continues::No;
}

void FirstBlockWindow::enter(const SasrecWeights& w, FirstBlockProjections& parts, const InputRows& in, std::size_t t,
                             std::size_t slot) {
  const auto du = static_cast<std::size_t>(dim_);
  float* c = centred_.data() + slot * du;
  float* g = projected_.data() + slot * 3 * du;
  const FirstBlockProjections::PartRow item = parts.item(w, in.item[t]);
  std::copy(item.centred, item.centred + du, c);
  std::copy(item.projected, item.projected + 3 * du, g);
  squared_[slot] = item.squared;
  if (kinds_) {  // the event's part is its item's plus its kind's
    const FirstBlockProjections::PartRow kind = parts.kind(in.kind[t]);
    squared_[slot] += kind.squared + 2.0f * dotf(c, kind.centred, dim_);
    for (std::size_t r = 0; r < du; ++r) c[r] += kind.centred[r];
    for (std::size_t r = 0; r < 3 * du; ++r) g[r] += kind.projected[r];
  }
  for (std::size_t j = 0; j < static_cast<std::size_t>(heads_); ++j) {
    const std::size_t off = j * static_cast<std::size_t>(dh_);
    const float* qe = g + off;
    const float* ke = g + du + off;
    float* toPositions = eventPosition_.data() + (j * cap_ + slot) * cap_;
    for (std::size_t p = 0; p < cap_; ++p) {
      const float* pp = parts.position(static_cast<int32_t>(p)).projected;
      toPositions[p] = dotf(qe, pp + du + off, dh_);
      positionEvent_[(j * cap_ + p) * cap_ + slot] = dotf(pp + off, ke, dh_);
    }
    constantEvent_[j * cap_ + slot] = dotf(parts.constant() + off, ke, dh_);
    // Its query against every key it sees: the earlier steps' and its own.
    float* pairs = eventPairs_.data() + (j * cap_ + slot) * cap_;
    for (std::size_t s = 0; s <= t; ++s) {
      const std::size_t other = slotOf(s);
      pairs[other] = dotf(qe, projected_.data() + other * 3 * du + du + off, dh_);
    }
  }
}

bool FirstBlockWindow::forward(const SasrecWeights& w, FirstBlockProjections& parts, const InputRows& in, RowMat& y) {
  const std::size_t len = in.item.size();
  if (len == 0 || len > cap_) return false;
  switch (valid_ ? continues(items_, kindsOf_, in) : Continues::No) {
    case Continues::Same:
      break;
    case Continues::Grows:
      items_ = in.item;
      kindsOf_ = in.kind;
      enter(w, parts, in, len - 1, slotOf(len - 1));
      break;
    case Continues::Slides:
      start_ = (start_ + 1) % cap_;
      items_ = in.item;
      kindsOf_ = in.kind;
      enter(w, parts, in, len - 1, slotOf(len - 1));  // the oldest step's slot
      break;
    case Continues::No:
      if (continues(pendingItems_, pendingKinds_, in) == Continues::No) {
        // Answered directly; the tables wait to see a person swipe.
        valid_ = false;
        pendingItems_ = in.item;
        pendingKinds_ = in.kind;
        return false;
      }
      valid_ = false;
      start_ = 0;
      items_ = in.item;
      kindsOf_ = in.kind;
      for (std::size_t t = 0; t < len; ++t) enter(w, parts, in, t, t);
      pendingItems_.clear();
      pendingKinds_.clear();
      valid_ = true;
      ++builds_;
      break;
  }
  const auto du = static_cast<std::size_t>(dim_);
  const std::size_t base = cap_ - len;  // the position of step 0
  // Per step: its LayerNorm scale a_t and its value row a_t (Ve + Vp) + cv.
  scale_.resize(len);
  values_.resize(static_cast<Eigen::Index>(len), dim_);
  const float* cv = parts.constant() + 2 * du;
  for (std::size_t t = 0; t < len; ++t) {
    const std::size_t slot = slotOf(t);
    const FirstBlockProjections::PartRow pos = parts.position(static_cast<int32_t>(base + t));
    const float sq = squared_[slot] + pos.squared + 2.0f * dotf(centred_.data() + slot * du, pos.centred, dim_);
    const float a = FirstBlockProjections::scaleOf(sq, dim_);
    scale_[t] = a;
    const float* ve = projected_.data() + slot * 3 * du + 2 * du;
    const float* vp = pos.projected + 2 * du;
    float* v = values_.row(static_cast<Eigen::Index>(t)).data();
    for (std::size_t r = 0; r < du; ++r) v[r] = a * (ve[r] + vp[r]) + cv[r];
  }
  context_.resize(static_cast<Eigen::Index>(len), dim_);
  const float root = 1.0f / std::sqrt(static_cast<float>(dh_));
  const float* a = scale_.data();
  for (std::size_t j = 0; j < static_cast<std::size_t>(heads_); ++j) {
    const float* ckp = constantPosition_.data() + j * cap_ + base;
    const float* cke = constantEvent_.data() + j * cap_;
    auto logits = [&](int32_t t0, int32_t t1, MatMap& p) {
      for (auto t = static_cast<std::size_t>(t0); t < static_cast<std::size_t>(t1); ++t) {
        const std::size_t st = slotOf(t), pt = base + t;
        const float* pairs = eventPairs_.data() + (j * cap_ + st) * cap_;
        const float* toPos = eventPosition_.data() + (j * cap_ + st) * cap_ + base;
        const float* fromPos = positionEvent_.data() + (j * cap_ + pt) * cap_;
        const float* posPairs = positionPairs_.data() + (j * cap_ + pt) * cap_ + base;
        float* row = p.row(static_cast<Eigen::Index>(t) - t0).data();
        const float at = a[t] * root;
        // Steps 0..t in slots start_.. then, past the end of the ring, 0..:
        // two runs over which every table is contiguous.
        const std::size_t wrap = std::min(t + 1, cap_ - start_);
        for (int run = 0; run < 2; ++run) {
          const std::size_t s0 = run == 0 ? 0 : wrap, s1 = run == 0 ? wrap : t + 1;
          const std::size_t first = run == 0 ? start_ : 0;  // the slot of step s0
          for (std::size_t s = s0; s < s1; ++s) {
            const std::size_t sl = first + (s - s0);
            row[s] = a[s] * (at * (pairs[sl] + toPos[s] + fromPos[sl] + posPairs[s]) + root * (cke[sl] + ckp[s]));
          }
        }
      }
    };
    const auto dh = static_cast<Eigen::Index>(dh_);
    auto ctx = context_.middleCols(static_cast<Eigen::Index>(j) * dh, dh);
    if (packed_) {
      packedValues_.pack(values_.data() + j * static_cast<std::size_t>(dh_), static_cast<int32_t>(len), dh_, dim_,
                         false);
      causalAttention(static_cast<int32_t>(len), logits, packedValues_, ctx, nullptr, scratch_);
    } else {
      causalAttention(static_cast<int32_t>(len), logits, values_.middleCols(static_cast<Eigen::Index>(j) * dh, dh), ctx,
                      nullptr, scratch_);
    }
  }
  if (valuesProjected_)
    y = context_;
  else
    linearForward(context_, w.blocks[0].projWeight.data(), w.blocks[0].projBias.data(), dim_, y);
  ++served_;
  return true;
}

}  // namespace reelrank::sasrec
