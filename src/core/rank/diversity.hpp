// Diversity: greedy re-ranking of the candidate pool by maximal marginal
// relevance (MMR), each step taking the entry that maximises
//   (1 - diversity) * relevance - diversity * (max similarity to those taken)
// with relevance the score rescaled to [0, 1] over the pool, and skipping
// creators at their cap. With diversity 0 it takes the pool in order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/item_side.hpp"
#include "rank/candidates.hpp"
#include "rank/creator_cap.hpp"

namespace reelrank {

// Up to `count` entries of `pool` (best first), in the order taken; fewer
// when the cap leaves nothing. Taken creators are counted in `cap`.
std::vector<Scored> selectDiverse(const ItemSide& side, const std::vector<Scored>& pool, std::size_t count,
                                  double diversity, CreatorCap& cap);

// Similarity of two items' content: tag TF-IDF cosine, averaged with the
// embedding cosine when both have embeddings; 0 when they share no kind.
float itemContentSimilarity(const ItemSide& side, int32_t a, int32_t b);

}  // namespace reelrank
