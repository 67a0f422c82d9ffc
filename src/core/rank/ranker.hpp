// Ranker: turns an algorithm's scores into a feed. It blends signals
// (collaborative + content + creator affinity + a popularity prior that fades
// as the profile grows, so a new person still gets a sensible feed), filters
// (seen, excluded, blocked), re-ranks for diversity (MMR) with a per-creator
// cap, mixes in exploration, and explains each result.
#pragma once
#include <cstdint>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

struct BlendWeights {
  float collaborative = 1.0f;
  float content = 0.5f;
  float creator = 0.2f;
  // The prior's weight is popularity / (1 + positive items / 10): it steers a
  // new profile and gets out of the way of an established one.
  float popularity = 0.1f;
  Status validate() const;
};

struct RankRequest {
  std::size_t k = 10;
  std::vector<int32_t> candidates;      // empty = every item
  bool restrictToCandidates = false;    // true when a candidate list was given (even an empty one)
  std::vector<int32_t> exclude;         // items never returned
  std::vector<int32_t> excludeCreators;
  double diversity = 0;                 // 0 = pure relevance, 1 = maximal spread (MMR)
  int32_t maxPerCreator = 0;            // 0 = no cap
  double exploration = 0;               // share of the k slots given to random eligible items
  uint64_t seed = 0;
  bool explain = true;
  Status validate() const;
};

struct Recommendation {
  int32_t item;
  float score;
  std::vector<Reason> reasons;  // strongest first
};

Status rankItems(const ItemSide& side, const Recommender& algo, const BlendWeights& blend, const Query& q,
                 const RankRequest& req, std::vector<Recommendation>* out);

// Similarity of two items' content (tag TF-IDF cosine, averaged with
// embedding cosine when both have embeddings). Used by MMR.
float itemContentSimilarity(const ItemSide& side, int32_t a, int32_t b);

}  // namespace reelrank
