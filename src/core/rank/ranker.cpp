#include "rank/ranker.hpp"

#include <algorithm>
#include <string>

#include "models/content.hpp"
#include "rank/calibration.hpp"
#include "rank/candidates.hpp"
#include "rank/diversity.hpp"
#include "rank/explanation.hpp"
#include "rank/exploration.hpp"
#include "rank/fresh_exploration.hpp"

namespace reelrank {

Status RankRequest::validate() const {
  if (k < 1 || k > 10000) return argError("k must be an integer from 1 to 10000");
  if (!(diversity >= 0 && diversity <= 1)) return argError("diversity must be a number in [0, 1]");
  if (!(exploration >= 0 && exploration <= 1)) return argError("exploration must be a number in [0, 1]");
  if (!(newVideoBudget >= 0 && newVideoBudget <= 1)) return argError("newVideoBudget must be a number in [0, 1]");
  if (static_cast<int>(newVideoMethod) > static_cast<int>(kLastNewVideoMethod))
    return argError("newVideoMethod must be 'thompson' or 'ucb'");
  if (!(newVideoWindow >= 0 && newVideoWindow <= NewVideoDefaults::kMaxWindowDays))
    return argError("newVideoWindow must be a number of days in [0, " +
                    std::to_string(static_cast<int>(NewVideoDefaults::kMaxWindowDays)) + "]");
  if (!(calibration >= 0 && calibration <= kMaxCalibration))
    return argError("calibration must be a number in [0, 1] (0 = off)");
  if (!(popularityCorrection >= 0 && popularityCorrection <= kMaxPopularityCorrection))
    return argError("popularityCorrection must be a number in [0, " +
                    std::to_string(static_cast<int>(kMaxPopularityCorrection)) + "] (0 = off)");
  if (maxPerCreator < 0) return argError("maxPerCreator must be >= 0 (0 = no cap)");
  if (!(serverWeight >= 0 && serverWeight <= kMaxServerWeight))
    return argError("serverWeight must be a number in [0, " + std::to_string(static_cast<int>(kMaxServerWeight)) + "]");
  if (!serverScores.empty() && serverScores.size() != candidates.size())
    return argError("internal: one server score per candidate is needed");
  for (float s : serverScores)
    if (!(s >= 0 && s <= 1)) return argError("internal: server scores are scaled to [0, 1] before ranking");
  return Status::ok();
}

Status rankItems(const ItemSide& side, const Recommender& algo, const BlendWeights& blend, const Query& q,
                 const RankRequest& req, std::vector<Recommendation>* out, const PersonOutcomes* person) {
  RR_TRY(req.validate());
  if (side.itemCount() == 0) return Status::error(ErrorCode::Empty, "the model has no items to recommend");
  const Candidates cand = eligibleItems(side, req);
  ItemSignals signals;
  BlendPlan plan =
      personSignals(side, algo, planBlend(blend, scoreTraits(algo)), q, cand.eligible, &signals, cand.only());
  if (!req.serverScores.empty()) {
    signals.server.assign(side.itemCount(), 0.0f);
    for (std::size_t i = 0; i < req.candidates.size(); ++i)
      signals.server[static_cast<std::size_t>(req.candidates[i])] = req.serverScores[i];
    plan.server = req.serverWeight;
  }
  plan.popularityCorrection = static_cast<float>(req.popularityCorrection);
  const std::vector<Scored> pool = topCandidates(plan, signals, cand.eligible, poolSize(req), cand.only());
  out->clear();
  if (pool.empty()) return Status::ok();

  const std::size_t k = std::min(req.k, cand.count);
  const std::size_t nExplore = explorationSlots(req.exploration, k);
  CreatorCap cap(req.maxPerCreator);
  const std::size_t ranked = k - std::min(nExplore, k);
  std::vector<Scored> chosen = req.calibration > 0 ? selectCalibrated(side, pool, ranked, req.calibration,
                                                                      req.diversity, historyMix(side, q), cap)
                                                   : selectDiverse(side, pool, ranked, req.diversity, cap);
  // New videos take the last ranked slots; they come first among the
  // interleaved entries and random exploration draws from what is left.
  const std::size_t nNew =
      req.newVideoBudget > 0 ? newVideoSlots(req.newVideoBudget, person ? person->events : 0, k, chosen.size()) : 0;
  const std::vector<int32_t> fresh = takeNewVideoSlots(side, cand, plan, signals, req, person, nNew, &chosen, &cap);
  std::vector<Scored> explored;
  for (int32_t item : fresh)
    explored.emplace_back(signals.weighed(plan, static_cast<std::size_t>(item)).exploreScore(), item);
  std::vector<Scored> taken;
  if (!fresh.empty()) {
    taken = chosen;
    taken.insert(taken.end(), explored.begin(), explored.end());
  }
  for (int32_t item : drawExploration(side, cand.eligible, fresh.empty() ? chosen : taken, nExplore, req.seed, cap))
    explored.emplace_back(signals.weighed(plan, static_cast<std::size_t>(item)).exploreScore(), item);

  const std::vector<float> tagWeights =
      req.explain && plan.content > 0 ? personTagWeights(side, q) : std::vector<float>{};
  const std::vector<Placed> placed = interleave(chosen, explored);
  // The algorithm's reasons for the whole list in one call, for the items
  // whose collaborative part is positive (the only ones that show it).
  std::vector<int32_t> asked;
  std::vector<std::size_t> askedAt(placed.size(), placed.size());
  if (req.explain)
    for (std::size_t i = 0; i < placed.size(); ++i)
      if (signals.weighed(plan, static_cast<std::size_t>(placed[i].entry.second)).collaborative > 0) {
        askedAt[i] = asked.size();
        asked.push_back(placed[i].entry.second);
      }
  std::vector<Reason> why;
  std::vector<uint8_t> found;
  if (!asked.empty()) algo.explainMany(side, q, asked, &why, &found);
  out->reserve(placed.size());
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const Placed& p = placed[i];
    Recommendation r{p.entry.second, p.entry.first, {}};
    const bool isNew = p.explored && std::find(fresh.begin(), fresh.end(), r.item) != fresh.end();
    const std::size_t a = askedAt[i];
    if (req.explain)
      r.reasons = explainItem(side, a < asked.size() && found[a] ? &why[a] : nullptr, tagWeights, r.item,
                              signals.weighed(plan, static_cast<std::size_t>(r.item)), p.explored, isNew);
    out->push_back(std::move(r));
  }
  return Status::ok();
}

}  // namespace reelrank
