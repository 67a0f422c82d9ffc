#include "rank/blend.hpp"

#include <algorithm>
#include <cmath>

#include "models/content.hpp"

namespace reelrank {

Status BlendWeights::validate() const {
  for (float w : {collaborative, content, creator, popularity})
    if (!std::isfinite(w) || w < 0) return argError("blend weights must be finite numbers >= 0");
  return Status::ok();
}

ScoreTraits scoreTraits(const Recommender& algo) {
  // Asked of the algorithm (its registry entry's BlendSignal), never of its name.
  const BlendSignal signal = algo.traits().signal;
  ScoreTraits t;
  t.isContent = signal == BlendSignal::Content;
  t.isPopularity = signal == BlendSignal::Popularity;
  t.wholeSignal = signal != BlendSignal::Collaborative;
  return t;
}

BlendPlan planBlend(const BlendWeights& w, const ScoreTraits& t) {
  BlendPlan p;
  p.collaborative = t.wholeSignal ? 1.0f : w.collaborative;
  p.content = t.isContent ? 0.0f : w.content;
  p.creator = w.creator;
  p.popularity = t.isPopularity ? 0.0f : w.popularity;
  p.scaleCollaborative = !t.wholeSignal;
  return p;
}

BlendPlan planForPerson(const BlendPlan& plan, bool hasContent, bool hasCreators, std::size_t positiveItems) {
  BlendPlan p = plan;
  if (!hasContent) p.content = 0.0f;
  if (!hasCreators) p.creator = 0.0f;
  p.popularity = plan.popularity / (1.0f + static_cast<float>(positiveItems) / 10.0f);
  return p;
}

BlendPlan personSignals(const ItemSide& side, const Recommender& algo, const BlendPlan& plan, const Query& q,
                        const std::vector<uint8_t>& eligible, ItemSignals* out, const std::vector<int32_t>* only) {
  const std::size_t n = side.itemCount();
  out->collaborative.assign(n, 0.0f);
  algo.score(side, q, out->collaborative);
  if (plan.scaleCollaborative) {
    // Scaled over what can be ranked, so the best candidate's part is 1 however an excluded item scored.
    float maxAbs = 0;
    if (only) {
      for (int32_t j : *only) maxAbs = std::max(maxAbs, std::fabs(out->collaborative[static_cast<std::size_t>(j)]));
      if (maxAbs > 0)
        for (int32_t j : *only) out->collaborative[static_cast<std::size_t>(j)] /= maxAbs;
    } else {
      for (std::size_t j = 0; j < n; ++j)
        if (eligible[j]) maxAbs = std::max(maxAbs, std::fabs(out->collaborative[j]));
      if (maxAbs > 0)
        for (float& x : out->collaborative) x /= maxAbs;
    }
  }
  bool hasContent = false;
  out->content.clear();
  if (plan.content > 0) {
    out->content.assign(n, 0.0f);
    hasContent = contentScores(side, q, out->content);
  }
  out->creatorAffinity.assign(side.catalog.creators().size(), 0.0f);
  float maxCreator = 0;
  for (const auto& [c, w] : q.creators) maxCreator = std::max(maxCreator, std::fabs(w));
  if (maxCreator > 0)
    for (const auto& [c, w] : q.creators) out->creatorAffinity[static_cast<std::size_t>(c)] = w / maxCreator;
  std::size_t positive = 0;
  for (const auto& p : q.items) positive += p.second > 0;
  out->popularity = side.popularity.data();
  out->creatorOf = side.itemCreator.data();
  return planForPerson(plan, hasContent, maxCreator > 0, positive);
}

}  // namespace reelrank
