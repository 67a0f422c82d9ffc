#include "models/content.hpp"

#include <cmath>

namespace reelrank {

namespace {
// Person's embedding: the weighted sum of the embeddings of their items.
bool queryEmbedding(const ItemSide& side, const Query& q, std::vector<float>& user) {
  const int dim = side.catalog.embeddingDim();
  if (dim == 0) return false;
  user.assign(static_cast<std::size_t>(dim), 0.0f);
  bool any = false;
  for (const auto& [item, w] : q.items) {
    const float* e = side.catalog.embedding(item);
    if (!e) continue;
    for (int d = 0; d < dim; ++d) user[static_cast<std::size_t>(d)] += w * e[d];
    any = true;
  }
  double norm = 0;
  for (float x : user) norm += static_cast<double>(x) * x;
  if (!any || norm == 0) return false;
  const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& x : user) x *= inv;
  return true;
}

void addEmbeddingCosines(const ItemSide& side, const float* user, float scale, std::vector<float>& scores) {
  const int dim = side.catalog.embeddingDim();
  for (std::size_t j = 0; j < side.itemCount(); ++j) {
    const float* e = side.catalog.embedding(static_cast<int32_t>(j));
    if (!e) continue;
    float dot = 0, nn = 0;
    for (int d = 0; d < dim; ++d) {
      dot += user[d] * e[d];
      nn += e[d] * e[d];
    }
    if (nn > 0) scores[j] += scale * dot / std::sqrt(nn);
  }
}

// The person's tag vector with idf applied, L2-normalised; empty when none.
std::vector<std::pair<int32_t, float>> weightedTags(const ItemSide& side, const Query& q) {
  std::vector<std::pair<int32_t, float>> u;
  double norm = 0;
  for (const auto& [t, w] : q.tags) {
    float x = w * side.tags.idf[static_cast<std::size_t>(t)];
    u.emplace_back(t, x);
    norm += static_cast<double>(x) * x;
  }
  if (norm == 0) return {};
  const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (auto& p : u) p.second *= inv;
  return u;
}
}  // namespace

bool contentScores(const ItemSide& side, const Query& q, std::vector<float>& scores) {
  const auto tags = weightedTags(side, q);
  std::vector<float> user;
  const bool hasEmb = queryEmbedding(side, q, user);
  if (tags.empty() && !hasEmb) return false;
  const float share = (!tags.empty() && hasEmb) ? 0.5f : 1.0f;
  const TagIndex& ti = side.tags;
  for (const auto& [t, x] : tags) {
    const float s = share * x;
    for (int32_t p = ti.tagStart[static_cast<std::size_t>(t)]; p < ti.tagStart[static_cast<std::size_t>(t) + 1]; ++p)
      scores[static_cast<std::size_t>(ti.tagItem[static_cast<std::size_t>(p)])] +=
          s * ti.tagWeight[static_cast<std::size_t>(p)];
  }
  if (hasEmb) addEmbeddingCosines(side, user.data(), share, scores);
  return true;
}

void contentSimilarities(const ItemSide& side, int32_t item, std::vector<float>& scores) {
  const TagIndex& ti = side.tags;
  const float* e = side.catalog.embedding(item);
  const bool hasTags = ti.itemStart[static_cast<std::size_t>(item)] < ti.itemStart[static_cast<std::size_t>(item) + 1];
  const float share = (hasTags && e) ? 0.5f : 1.0f;
  for (int32_t p = ti.itemStart[static_cast<std::size_t>(item)]; p < ti.itemStart[static_cast<std::size_t>(item) + 1];
       ++p) {
    const auto t = static_cast<std::size_t>(ti.itemTag[static_cast<std::size_t>(p)]);
    const float x = share * ti.itemWeight[static_cast<std::size_t>(p)];
    for (int32_t r = ti.tagStart[t]; r < ti.tagStart[t + 1]; ++r)
      scores[static_cast<std::size_t>(ti.tagItem[static_cast<std::size_t>(r)])] +=
          x * ti.tagWeight[static_cast<std::size_t>(r)];
  }
  if (e) {
    const int dim = side.catalog.embeddingDim();
    std::vector<float> unit(e, e + dim);
    float nn = 0;
    for (float v : unit) nn += v * v;
    if (nn > 0) {
      for (float& v : unit) v /= std::sqrt(nn);
      addEmbeddingCosines(side, unit.data(), share, scores);
    }
  }
}

std::vector<float> personTagWeights(const ItemSide& side, const Query& q) {
  std::vector<float> w(side.tags.idf.size(), 0.0f);
  for (const auto& [t, x] : weightedTags(side, q)) w[static_cast<std::size_t>(t)] = x;
  return w;
}

int32_t strongestTag(const ItemSide& side, const std::vector<float>& tagWeights, int32_t item, float* contribution) {
  const TagIndex& ti = side.tags;
  int32_t best = -1;
  float bestValue = 0;
  // The first of the item's tags with the largest positive contribution.
  for (int32_t p = ti.itemStart[static_cast<std::size_t>(item)]; p < ti.itemStart[static_cast<std::size_t>(item) + 1];
       ++p) {
    const int32_t t = ti.itemTag[static_cast<std::size_t>(p)];
    const float c = tagWeights[static_cast<std::size_t>(t)] * ti.itemWeight[static_cast<std::size_t>(p)];
    if (c > bestValue) {
      bestValue = c;
      best = t;
    }
  }
  if (contribution) *contribution = bestValue;
  return best;
}

int32_t strongestTag(const ItemSide& side, const Query& q, int32_t item, float* contribution) {
  return strongestTag(side, personTagWeights(side, q), item, contribution);
}

Status ContentModel::train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  (void)o;  // it takes no options (the registry refuses any)
  if (side.catalog.tags().size() == 0 && side.catalog.embeddingDim() == 0)
    return argError("the content algorithm needs a catalogue with tags or embeddings: pass { catalog } to train()");
  *out = std::make_unique<ContentModel>();
  return Status::ok();
}

Status ContentModel::read(BinaryReader&, const ItemSide&, std::unique_ptr<Recommender>* out) {
  *out = std::make_unique<ContentModel>();
  return Status::ok();
}

bool ContentModel::explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const {
  float c = 0;
  int32_t t = strongestTag(side, q, item, &c);
  if (t < 0) return false;
  *out = {ReasonKind::Tag, t, c};
  return true;
}

}  // namespace reelrank
