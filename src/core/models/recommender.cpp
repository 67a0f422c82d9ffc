#include "models/recommender.hpp"

#include <algorithm>
#include <chrono>

#include "models/algorithm_registry.hpp"
#include "models/content.hpp"

namespace reelrank {

std::vector<std::pair<int32_t, float>> topPairs(const std::vector<float>& scores, std::size_t n, int32_t skip) {
  std::vector<std::pair<int32_t, float>> all;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (static_cast<int32_t>(i) != skip && scores[i] > 0) all.emplace_back(static_cast<int32_t>(i), scores[i]);
  n = std::min(n, all.size());
  auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), better);
  all.resize(n);
  return all;
}

void Recommender::explainMany(const ItemSide& side, const Query& q, const std::vector<int32_t>& items,
                              std::vector<Reason>* why, std::vector<uint8_t>* found) const {
  why->assign(items.size(), Reason{});
  found->assign(items.size(), 0);
  for (std::size_t i = 0; i < items.size(); ++i) (*found)[i] = explain(side, q, items[i], &(*why)[i]) ? 1 : 0;
}

std::vector<std::pair<int32_t, float>> Recommender::similarItems(const ItemSide& side, int32_t item,
                                                                 std::size_t n) const {
  std::vector<float> s(side.itemCount(), 0.0f);
  contentSimilarities(side, item, s);
  return topPairs(s, n, item);
}

Status trainRecommender(const std::string& algorithm, const Options& options, const ItemSide& side,
                        const ProgressFn& progress, std::unique_ptr<Recommender>* out) {
  const AlgorithmEntry* entry = nullptr;
  RR_TRY(findTrainable(algorithm, &entry));
  Options resolved;
  RR_TRY(resolveOptions(*entry, options, &resolved));
  // Every algorithm reports progress at least once, so cancel works for all:
  // one that has no iterations of its own is asked once, when it is done.
  bool reported = false;
  const auto started = std::chrono::steady_clock::now();
  ProgressFn counted;
  if (progress)
    counted = [&](const Progress& p) {
      reported = true;
      return progress(p);
    };
  std::unique_ptr<Recommender> trained;
  RR_TRY(entry->train(resolved, side, counted, &trained));
  if (const auto it = resolved.find(kRecencyOption); it != resolved.end()) trained->setRecency(it->second);
  if (progress && !reported) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!progress({1, 1, std::nan(""), secs}))
      return Status::error(ErrorCode::Cancelled, algorithm + " training was cancelled by onProgress");
  }
  *out = std::move(trained);
  return Status::ok();
}

Status readRecommender(const std::string& algorithm, BinaryReader& r, const ItemSide& side,
                       std::unique_ptr<Recommender>* out) {
  const AlgorithmEntry* entry = findAlgorithm(algorithm);
  if (!entry) return corruptError("model snapshot names an unknown algorithm '" + algorithm.substr(0, 60) + "'");
  return entry->read(r, side, out);
}

}  // namespace reelrank
