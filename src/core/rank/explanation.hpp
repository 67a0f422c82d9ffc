// Explanation: the reasons for one result, strongest first. Each reason's
// weight is the part of the score it stands for:
//   similar / people   the collaborative part (the algorithm's own reason)
//   tag                the content part (the person's strongest tag of the video)
//   creator            the creator part
//   server             the server's part (candidates sent with scores)
//   popular            the popularity part, listed only when it is at least
//                      the other parts together or nothing else explains the item
//   explore            0, and always first for an explored item
//   new                0, and always first for a new video tried (instead of explore)
// So when every part is positive and popularity is listed, the weights sum to
// the score (BlendParts::score()).
#pragma once
#include <cstdint>
#include <vector>

#include "models/recommender.hpp"
#include "rank/blend.hpp"

namespace reelrank {

// `tagWeights`: personTagWeights(side, q), made once per feed (read only
// when the content part is positive). `algoReason`: the algorithm's reason
// for the item (Recommender::explainMany), null when it has none; read only
// when the collaborative part is positive.
std::vector<Reason> explainItem(const ItemSide& side, const Reason* algoReason, const std::vector<float>& tagWeights,
                                int32_t item, const BlendParts& parts, bool explored, bool isNew = false);

}  // namespace reelrank
