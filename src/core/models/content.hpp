// ContentModel: cosine between the person's tag vector and each video's TF-IDF
// tag vector, plus embedding cosine when the catalogue has embeddings (the two
// are averaged when both exist). Needs no interactions: it ranks a brand-new
// catalogue for a person with a few likes.
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

// Adds content cosine scores for `q` into `scores`; returns false when the
// query carries no content signal (no known tags, no embedded items).
bool contentScores(const ItemSide& side, const Query& q, std::vector<float>& scores);
// Content similarity of `item` to every item, into `scores`.
void contentSimilarities(const ItemSide& side, int32_t item, std::vector<float>& scores);
// The tag that contributes most to `item`'s content score for `q`, or -1.
int32_t strongestTag(const ItemSide& side, const Query& q, int32_t item, float* contribution);
// The same from the person's tag weights made once (personTagWeights), for a
// feed that explains many items.
int32_t strongestTag(const ItemSide& side, const std::vector<float>& tagWeights, int32_t item, float* contribution);
// The person's idf-weighted, normalised weight of every catalogue tag (0 for
// the tags they have none of).
std::vector<float> personTagWeights(const ItemSide& side, const Query& q);

class ContentModel final : public Recommender {
 public:
  static Status train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  const char* algorithm() const override { return "content"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override {
    contentScores(side, q, scores);
  }
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
};

}  // namespace reelrank
