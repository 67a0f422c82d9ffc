// Ranker: turns an algorithm's scores into a feed. It blends signals
// (collaborative + content + creator affinity + a popularity prior that fades
// as the profile grows, so a new person still gets a sensible feed), filters
// (seen, excluded, blocked), re-ranks for diversity (MMR) and calibration
// with a per-creator cap, gives slots to new videos and to exploration, and
// explains each result. Each step is its own file here: candidates, blend,
// diversity (with creator_cap), calibration, fresh_exploration (new videos),
// exploration, explanation.
// The order: the blend (with the popularity correction) scores every
// eligible item and keeps the pool; one greedy pass over the pool fills the
// ranked slots, weighing relevance, diversity and calibration together and
// skipping creators at their cap; new videos then take the last ranked slots
// (newVideoBudget); exploration draws its slots from the rest (random by
// design, so they are not calibrated) and they are spread through the list;
// last, each result is explained.
#pragma once
#include <cstdint>
#include <vector>

#include "models/recommender.hpp"
#include "rank/blend.hpp"
#include "rank/new_videos.hpp"

namespace reelrank {

struct RankRequest {
  std::size_t k = 10;
  std::vector<int32_t> candidates;    // empty = every item
  bool restrictToCandidates = false;  // true when a candidate list was given (even an empty one)
  // A server's score for each candidate, scaled to [0, 1] over its page
  // (Model::recommendFor* scale them), parallel to `candidates`; empty when
  // the candidates came without scores. The blend adds serverWeight * score.
  std::vector<float> serverScores;
  static constexpr float kDefaultServerWeight = 1.0f;
  static constexpr float kMaxServerWeight = 100.0f;
  float serverWeight = kDefaultServerWeight;
  std::vector<int32_t> exclude;  // items never returned
  std::vector<int32_t> excludeCreators;
  double diversity = 0;       // 0 = pure relevance, 1 = maximal spread (MMR)
  int32_t maxPerCreator = 0;  // 0 = no cap
  double exploration = 0;     // share of the k slots given to random eligible items
  // Calibration and the popularity correction:
  // calibration: the weight of the history's tag mix in the greedy list
  // (rank/calibration.hpp), in [0, 1]; 0 = off.
  static constexpr double kDefaultCalibration = 0.0;
  static constexpr double kMaxCalibration = 1.0;
  double calibration = kDefaultCalibration;
  // popularityCorrection: beta of score - beta * popularity, popularity the
  // model's log-scaled count in [0, 1] (ItemSide::popularity); 0 = off.
  static constexpr double kDefaultPopularityCorrection = 0.0;
  static constexpr double kMaxPopularityCorrection = 4.0;
  double popularityCorrection = kDefaultPopularityCorrection;
  uint64_t seed = 0;
  bool explain = true;
  // New videos (rank/fresh_exploration.hpp): a share of k for fresh videos,
  // shrunk by the schedule (scheduledBudget) and filled by `newVideoMethod`;
  // 0 leaves the feed as it is without the step.
  double newVideoBudget = NewVideoDefaults::kBudget;
  NewVideoMethod newVideoMethod = NewVideoDefaults::kMethod;
  // Days before the model's newest training event within which a video
  // counts as new (NewVideoDefaults::kWindowDays); read only when the model
  // has first-seen times.
  double newVideoWindow = NewVideoDefaults::kWindowDays;
  Status validate() const;
};

struct Recommendation {
  int32_t item;
  float score;
  std::vector<Reason> reasons;  // strongest first
};

struct PersonOutcomes;

// `person`: what the person has seen, read by the new-video step (their
// event count for its schedule, their outcomes for its estimates); nullptr
// when unknown (counted as no events).
Status rankItems(const ItemSide& side, const Recommender& algo, const BlendWeights& blend, const Query& q,
                 const RankRequest& req, std::vector<Recommendation>* out, const PersonOutcomes* person = nullptr);

}  // namespace reelrank
