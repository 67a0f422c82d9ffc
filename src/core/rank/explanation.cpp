#include "rank/explanation.hpp"

#include <algorithm>

#include "models/content.hpp"

namespace reelrank {

std::vector<Reason> explainItem(const ItemSide& side, const Reason* algoReason, const std::vector<float>& tagWeights,
                                int32_t item, const BlendParts& p, bool explored, bool isNew) {
  std::vector<Reason> reasons;
  reasons.reserve(4);
  if (explored) reasons.push_back({isNew ? ReasonKind::New : ReasonKind::Explore, -1, 0.0f});
  if (p.collaborative > 0 && algoReason) {
    Reason why = *algoReason;
    why.weight = p.collaborative;
    reasons.push_back(why);
  }
  float tagShare = 0;
  const int32_t tag = p.content > 0 ? strongestTag(side, tagWeights, item, &tagShare) : -1;
  if (tag >= 0) reasons.push_back({ReasonKind::Tag, tag, p.content});
  if (p.creator > 0)
    reasons.push_back({ReasonKind::Creator, side.itemCreator[static_cast<std::size_t>(item)], p.creator});
  if (p.server > 0) reasons.push_back({ReasonKind::Server, -1, p.server});
  if (p.popularity > 0 && (reasons.empty() || p.popularity >= p.collaborative + p.content + p.creator + p.server))
    reasons.push_back({ReasonKind::Popular, -1, p.popularity});
  // Stable, so equal weights keep the order above; an explored item says so first.
  std::stable_sort(reasons.begin() + (explored ? 1 : 0), reasons.end(),
                   [](const Reason& a, const Reason& b) { return a.weight > b.weight; });
  return reasons;
}

}  // namespace reelrank
