#include "models/recommender.hpp"

#include <algorithm>

#include "models/content.hpp"
#include "models/ease.hpp"
#include "models/factor_model.hpp"
#include "models/ials.hpp"
#include "models/item_knn.hpp"
#include "models/mf.hpp"
#include "models/popularity.hpp"
#include "models/user_knn.hpp"

namespace reelrank {

const std::vector<std::string>& algorithmNames() {
  static const std::vector<std::string> names = {"popularity", "userknn", "itemknn", "content", "mf", "ials", "ease"};
  return names;
}

Status readOption(const Options& o, const char* name, double lo, double hi, double* value) {
  auto it = o.find(name);
  if (it == o.end()) return Status::ok();
  if (!std::isfinite(it->second) || it->second < lo || it->second > hi)
    return argError(std::string("option '") + name + "' must be a number in [" + std::to_string(lo) + ", " +
                    std::to_string(hi) + "]");
  *value = it->second;
  return Status::ok();
}

Status checkKnownOptions(const Options& o, const char* algorithm, const std::vector<std::string>& known) {
  for (const auto& kv : o) {
    if (std::find(known.begin(), known.end(), kv.first) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return argError("unknown option '" + kv.first + "' for " + algorithm +
                      (list.empty() ? std::string(" (it takes none)") : "; known options: " + list));
    }
  }
  return Status::ok();
}

std::vector<std::pair<int32_t, float>> topPairs(const std::vector<float>& scores, std::size_t n, int32_t skip) {
  std::vector<std::pair<int32_t, float>> all;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (static_cast<int32_t>(i) != skip && scores[i] > 0) all.emplace_back(static_cast<int32_t>(i), scores[i]);
  n = std::min(n, all.size());
  auto better = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), better);
  all.resize(n);
  return all;
}

std::vector<std::pair<int32_t, float>> Recommender::similarItems(const ItemSide& side, int32_t item, std::size_t n) const {
  std::vector<float> s(side.itemCount(), 0.0f);
  contentSimilarities(side, item, s);
  return topPairs(s, n, item);
}

Status trainRecommender(const std::string& algorithm, const Options& options, const ItemSide& side,
                        const ProgressFn& progress, std::unique_ptr<Recommender>* out) {
  if (algorithm == "popularity") return PopularityModel::train(options, side, out);
  if (algorithm == "content") return ContentModel::train(options, side, out);
  if (algorithm == "itemknn") return ItemKnnModel::train(options, side, progress, out);
  if (algorithm == "userknn") return UserKnnModel::train(options, side, out);
  if (algorithm == "mf") return trainMf(options, side, progress, out);
  if (algorithm == "ials") return trainIals(options, side, progress, out);
  if (algorithm == "ease") return EaseModel::train(options, side, progress, out);
  if (algorithm == "factors")
    return argError("'factors' models are not trained from a log: import item factors trained elsewhere with "
                    "Model.fromFactors({ items, factors, dim })");
  std::string list;
  for (const auto& k : algorithmNames()) list += (list.empty() ? "" : ", ") + k;
  return argError("unknown algorithm '" + algorithm + "'; choose one of: " + list);
}

Status readRecommender(const std::string& algorithm, BinaryReader& r, const ItemSide& side,
                       std::unique_ptr<Recommender>* out) {
  if (algorithm == "popularity") return PopularityModel::read(r, side, out);
  if (algorithm == "content") return ContentModel::read(r, side, out);
  if (algorithm == "itemknn") return ItemKnnModel::read(r, side, out);
  if (algorithm == "userknn") return UserKnnModel::read(r, side, out);
  if (algorithm == "mf" || algorithm == "ials" || algorithm == "factors") return FactorModel::read(algorithm, r, side, out);
  if (algorithm == "ease") return EaseModel::read(r, side, out);
  return corruptError("model snapshot names an unknown algorithm '" + algorithm + "'");
}

}  // namespace reelrank
