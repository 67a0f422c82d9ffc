#include "models/item_side.hpp"

#include <cmath>

namespace reelrank {

void TagIndex::build(const Catalog& catalog) {
  const std::size_t nItems = catalog.size(), nTags = catalog.tags().size();
  const auto& df = catalog.tagDocFreq();
  idf.assign(nTags, 0.0f);
  for (std::size_t t = 0; t < nTags; ++t)
    idf[t] = static_cast<float>(std::log((1.0 + static_cast<double>(nItems)) / (1.0 + df[t])) + 1.0);
  itemStart.assign(nItems + 1, 0);
  itemTag.clear();
  itemWeight.clear();
  std::vector<int32_t> perTag(nTags + 1, 0);
  for (std::size_t i = 0; i < nItems; ++i) {
    const Video& v = catalog.video(static_cast<int32_t>(i));
    double norm = 0;
    for (int32_t t : v.tags)
      norm += static_cast<double>(idf[static_cast<std::size_t>(t)]) * idf[static_cast<std::size_t>(t)];
    norm = std::sqrt(norm);
    for (int32_t t : v.tags) {
      itemTag.push_back(t);
      itemWeight.push_back(static_cast<float>(idf[static_cast<std::size_t>(t)] / norm));
      ++perTag[static_cast<std::size_t>(t) + 1];
    }
    itemStart[i + 1] = static_cast<int32_t>(itemTag.size());
  }
  for (std::size_t t = 0; t < nTags; ++t) perTag[t + 1] += perTag[t];
  tagStart = perTag;
  tagItem.assign(itemTag.size(), 0);
  tagWeight.assign(itemTag.size(), 0.0f);
  std::vector<int32_t> fill(perTag.begin(), perTag.end() - 1);
  for (std::size_t i = 0; i < nItems; ++i) {
    for (int32_t p = itemStart[i]; p < itemStart[i + 1]; ++p) {
      auto t = static_cast<std::size_t>(itemTag[static_cast<std::size_t>(p)]);
      tagItem[static_cast<std::size_t>(fill[t])] = static_cast<int32_t>(i);
      tagWeight[static_cast<std::size_t>(fill[t]++)] = itemWeight[static_cast<std::size_t>(p)];
    }
  }
}

float TagIndex::cosine(int32_t a, int32_t b) const {
  float dot = 0;
  for (int32_t p = itemStart[static_cast<std::size_t>(a)]; p < itemStart[static_cast<std::size_t>(a) + 1]; ++p)
    for (int32_t q = itemStart[static_cast<std::size_t>(b)]; q < itemStart[static_cast<std::size_t>(b) + 1]; ++q)
      if (itemTag[static_cast<std::size_t>(p)] == itemTag[static_cast<std::size_t>(q)])
        dot += itemWeight[static_cast<std::size_t>(p)] * itemWeight[static_cast<std::size_t>(q)];
  return dot;
}

void ItemSide::derive() {
  tags.build(catalog);
  itemUsers = SparseCols(userItems);
  userNorms.assign(static_cast<std::size_t>(userItems.rows()), 0.0f);
  for (int32_t u = 0; u < userItems.rows(); ++u) userNorms[static_cast<std::size_t>(u)] = userItems.row(u).norm();
  itemCreator.resize(catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) itemCreator[i] = catalog.video(static_cast<int32_t>(i)).creator;
  embeddingSqNorms.assign(catalog.size(), 0.0);
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const float* e = catalog.embedding(static_cast<int32_t>(i));
    if (!e) continue;
    double n = 0;
    for (int d = 0; d < catalog.embeddingDim(); ++d) n += static_cast<double>(e[d]) * e[d];
    embeddingSqNorms[i] = n;
  }
  deriveBaseRate();
}

void ItemSide::deriveBaseRate() {
  double shown = 0, positive = 0;
  for (std::size_t i = 0; i < evidence.impressions.size(); ++i) {
    shown += evidence.impressions[i];
    positive += evidence.positives[i];
  }
  evidenceBaseRate = shown > 0 ? positive / shown : 0.5;
}

}  // namespace reelrank
