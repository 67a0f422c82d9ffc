#include "rank/ranker.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "models/content.hpp"

namespace reelrank {

namespace {
uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Parts {
  float collaborative, content, creator, popularity;
};
}  // namespace

Status BlendWeights::validate() const {
  for (float w : {collaborative, content, creator, popularity})
    if (!std::isfinite(w) || w < 0) return argError("blend weights must be finite numbers >= 0");
  return Status::ok();
}

Status RankRequest::validate() const {
  if (k < 1 || k > 10000) return argError("k must be an integer from 1 to 10000");
  if (!(diversity >= 0 && diversity <= 1)) return argError("diversity must be a number in [0, 1]");
  if (!(exploration >= 0 && exploration <= 1)) return argError("exploration must be a number in [0, 1]");
  if (maxPerCreator < 0) return argError("maxPerCreator must be >= 0 (0 = no cap)");
  return Status::ok();
}

float itemContentSimilarity(const ItemSide& side, int32_t a, int32_t b) {
  const TagIndex& ti = side.tags;
  const bool tagsA = ti.itemStart[static_cast<std::size_t>(a)] < ti.itemStart[static_cast<std::size_t>(a) + 1];
  const bool tagsB = ti.itemStart[static_cast<std::size_t>(b)] < ti.itemStart[static_cast<std::size_t>(b) + 1];
  const float* ea = side.catalog.embedding(a);
  const float* eb = side.catalog.embedding(b);
  float sum = 0;
  int parts = 0;
  if (tagsA && tagsB) {
    sum += ti.cosine(a, b);
    ++parts;
  }
  if (ea && eb) {
    double dot = 0, na = 0, nb = 0;
    for (int d = 0; d < side.catalog.embeddingDim(); ++d) {
      dot += static_cast<double>(ea[d]) * eb[d];
      na += static_cast<double>(ea[d]) * ea[d];
      nb += static_cast<double>(eb[d]) * eb[d];
    }
    if (na > 0 && nb > 0) {
      sum += static_cast<float>(dot / std::sqrt(na * nb));
      ++parts;
    }
  }
  return parts ? sum / static_cast<float>(parts) : 0.0f;
}

Status rankItems(const ItemSide& side, const Recommender& algo, const BlendWeights& blend, const Query& q,
                 const RankRequest& req, std::vector<Recommendation>* out) {
  RR_TRY(req.validate());
  const std::size_t n = side.itemCount();
  if (n == 0) return Status::error(ErrorCode::Empty, "the model has no items to recommend");
  // Eligibility: candidate list, exclusions, blocked creators.
  std::vector<uint8_t> eligible(n, req.restrictToCandidates ? 0 : 1);
  for (int32_t c : req.candidates) eligible[static_cast<std::size_t>(c)] = 1;
  for (int32_t e : req.exclude) eligible[static_cast<std::size_t>(e)] = 0;
  if (!req.excludeCreators.empty()) {
    std::vector<uint8_t> blocked(side.catalog.creators().size(), 0);
    for (int32_t c : req.excludeCreators) blocked[static_cast<std::size_t>(c)] = 1;
    for (std::size_t j = 0; j < n; ++j) {
      int32_t c = side.itemCreator[j];
      if (c >= 0 && blocked[static_cast<std::size_t>(c)]) eligible[j] = 0;
    }
  }

  const std::string algorithm = algo.algorithm();
  const bool algoIsContent = algorithm == "content", algoIsPopularity = algorithm == "popularity";
  std::vector<float> collab(n, 0.0f), content;
  algo.score(side, q, collab);
  float maxAbs = 0;
  for (std::size_t j = 0; j < n; ++j)
    if (eligible[j]) maxAbs = std::max(maxAbs, std::fabs(collab[j]));
  if (maxAbs > 0 && !algoIsContent && !algoIsPopularity)
    for (float& x : collab) x /= maxAbs;
  bool hasContent = false;
  if (!algoIsContent && blend.content > 0) {
    content.assign(n, 0.0f);
    hasContent = contentScores(side, q, content);
  }
  std::vector<float> creatorAffinity(side.catalog.creators().size(), 0.0f);
  float maxCreator = 0;
  for (const auto& [c, w] : q.creators) maxCreator = std::max(maxCreator, std::fabs(w));
  if (maxCreator > 0)
    for (const auto& [c, w] : q.creators) creatorAffinity[static_cast<std::size_t>(c)] = w / maxCreator;
  std::size_t positive = 0;
  for (const auto& p : q.items) positive += p.second > 0;
  // For content and popularity the algorithm's own score is the whole signal.
  const float wc = (algoIsContent || algoIsPopularity) ? 1.0f : blend.collaborative;
  const float wt = hasContent ? blend.content : 0.0f;
  const float wcr = maxCreator > 0 ? blend.creator : 0.0f;
  const float wp = algoIsPopularity ? 0.0f : blend.popularity / (1.0f + static_cast<float>(positive) / 10.0f);

  auto parts = [&](std::size_t j) {
    const int32_t c = side.itemCreator[j];
    return Parts{wc * collab[j], wt > 0 ? wt * content[j] : 0.0f,
                 c >= 0 ? wcr * creatorAffinity[static_cast<std::size_t>(c)] : 0.0f, wp * side.popularity[j]};
  };
  // One pass over contiguous arrays, keeping the best `poolSize` in a min-heap
  // (its top is the worst kept): this loop is the hot path of a feed.
  auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
  const bool rerank = req.diversity > 0 || req.maxPerCreator > 0;
  const std::size_t wantPool = rerank ? std::max<std::size_t>(5 * req.k, 50) : req.k;
  std::vector<std::pair<float, int32_t>> pool;
  pool.reserve(wantPool + 1);
  std::size_t eligibleCount = 0;
  const float* pop = side.popularity.data();
  const int32_t* creatorOf = side.itemCreator.data();
  for (std::size_t j = 0; j < n; ++j) {
    if (!eligible[j]) continue;
    ++eligibleCount;
    float s = wc * collab[j] + wp * pop[j];
    if (wt > 0) s += wt * content[j];
    if (wcr > 0 && creatorOf[j] >= 0) s += wcr * creatorAffinity[static_cast<std::size_t>(creatorOf[j])];
    const std::pair<float, int32_t> entry(s, static_cast<int32_t>(j));
    if (pool.size() < wantPool) {
      pool.push_back(entry);
      std::push_heap(pool.begin(), pool.end(), better);
    } else if (better(entry, pool.front())) {
      std::pop_heap(pool.begin(), pool.end(), better);
      pool.back() = entry;
      std::push_heap(pool.begin(), pool.end(), better);
    }
  }
  out->clear();
  if (pool.empty()) return Status::ok();
  std::sort(pool.begin(), pool.end(), better);
  const std::size_t k = std::min(req.k, eligibleCount);
  const std::size_t nExplore = static_cast<std::size_t>(std::floor(req.exploration * static_cast<double>(k) + 0.5));

  // Greedy selection: MMR when diversity > 0, creator cap when set.
  const std::size_t exploit = k - std::min(nExplore, k);
  std::vector<std::pair<float, int32_t>> chosen;
  std::unordered_map<int32_t, int32_t> perCreator;
  const float lo = pool.back().first, hi = pool.front().first;
  const float span = hi > lo ? hi - lo : 1.0f;
  std::vector<float> maxSim(pool.size(), 0.0f);
  std::vector<uint8_t> used(pool.size(), 0);
  const double lambda = 1.0 - req.diversity;
  while (chosen.size() < exploit) {
    std::size_t best = pool.size();
    double bestValue = -1e300;
    for (std::size_t a = 0; a < pool.size(); ++a) {
      if (used[a]) continue;
      const int32_t c = side.itemCreator[static_cast<std::size_t>(pool[a].second)];
      if (req.maxPerCreator > 0 && c >= 0 && perCreator[c] >= req.maxPerCreator) continue;
      const double rel = (pool[a].first - lo) / span;
      const double v = req.diversity > 0 ? lambda * rel - (1.0 - lambda) * maxSim[a] : -static_cast<double>(a);
      if (v > bestValue) {
        bestValue = v;
        best = a;
      }
    }
    if (best == pool.size()) break;  // the creator cap left nothing
    used[best] = 1;
    chosen.push_back(pool[best]);
    const int32_t c = side.itemCreator[static_cast<std::size_t>(pool[best].second)];
    if (c >= 0) ++perCreator[c];
    if (req.diversity > 0)
      for (std::size_t a = 0; a < pool.size(); ++a)
        if (!used[a]) maxSim[a] = std::max(maxSim[a], itemContentSimilarity(side, pool[a].second, pool[best].second));
  }
  // Exploration: random eligible items not chosen, placed evenly through the list.
  std::vector<std::pair<float, int32_t>> explore;
  if (nExplore > 0) {
    std::vector<uint8_t> taken(n, 0);
    for (const auto& c : chosen) taken[static_cast<std::size_t>(c.second)] = 1;
    std::vector<int32_t> rest;
    for (std::size_t j = 0; j < n; ++j)
      if (eligible[j] && !taken[j]) rest.push_back(static_cast<int32_t>(j));
    uint64_t s = req.seed;
    for (std::size_t e = 0; e < nExplore && !rest.empty(); ++e) {
      const std::size_t pick = static_cast<std::size_t>(splitmix64(s) % rest.size());
      const int32_t item = rest[pick];
      const int32_t c = side.itemCreator[static_cast<std::size_t>(item)];
      if (!(req.maxPerCreator > 0 && c >= 0 && perCreator[c] >= req.maxPerCreator)) {
        const Parts p = parts(static_cast<std::size_t>(item));
        explore.emplace_back(p.collaborative + p.content + p.creator + p.popularity, item);
        if (c >= 0) ++perCreator[c];
      }
      rest[pick] = rest.back();
      rest.pop_back();
    }
  }
  std::vector<std::pair<std::pair<float, int32_t>, bool>> merged;
  for (const auto& c : chosen) merged.push_back({c, false});
  for (std::size_t e = 0; e < explore.size(); ++e) {
    const std::size_t at = std::min(merged.size(), (e + 1) * (merged.size() + explore.size()) / (explore.size() + 1));
    merged.insert(merged.begin() + static_cast<std::ptrdiff_t>(at), {explore[e], true});
  }

  for (const auto& [entry, explored] : merged) {
    Recommendation r{entry.second, entry.first, {}};
    if (req.explain) {
      const Parts p = parts(static_cast<std::size_t>(entry.second));
      if (explored) r.reasons.push_back({ReasonKind::Explore, -1, 0.0f});
      Reason why;
      if (p.collaborative > 0 && algo.explain(side, q, entry.second, &why)) {
        why.weight = p.collaborative;
        r.reasons.push_back(why);
      }
      float tagShare = 0;
      int32_t tag = p.content > 0 ? strongestTag(side, q, entry.second, &tagShare) : -1;
      if (tag >= 0) r.reasons.push_back({ReasonKind::Tag, tag, p.content});
      if (p.creator > 0)
        r.reasons.push_back({ReasonKind::Creator, side.itemCreator[static_cast<std::size_t>(entry.second)], p.creator});
      if (p.popularity > 0 && (r.reasons.empty() || p.popularity >= p.collaborative + p.content + p.creator))
        r.reasons.push_back({ReasonKind::Popular, -1, p.popularity});
      std::stable_sort(r.reasons.begin() + (explored ? 1 : 0), r.reasons.end(),
                       [](const Reason& a, const Reason& b) { return a.weight > b.weight; });
    }
    out->push_back(std::move(r));
  }
  return Status::ok();
}

}  // namespace reelrank
