// Fresh exploration: slots of a feed given to new videos, the ones with
// fewer than NewVideoDefaults::kFreshImpressions training impressions that
// the log first saw within the request's newVideoWindow (or never saw),
// which the collaborative score cannot judge yet. Each fresh video gets a Beta
// posterior over its chance of a good showing (a completed view or a like):
//   prior     Beta(s * m0, s * (1 - m0)), s = kPriorStrength,
//             m0 = (1 - kScoreShare) * baseRate + kScoreShare * q  (q: the
//             video's blended score min-max scaled over the fresh candidates;
//             m0 = baseRate when those scores do not differ), clamped to
//             [0.01, 0.99]
//   evidence  + the model's training counts (ItemSide::evidence), the
//             person's own events on the video, and kCreatorEvidence x their
//             events on the creator's other videos
// Only the kSampledCandidates fresh candidates with the highest blended
// score (the prior's part that differs between them; ties in an order seeded
// by the request) are valued, so the cost per call is bounded.
// Thompson draws from it (seeded per video, so one seed gives one feed);
// UCB takes mean + kUcbWidth standard deviations. A video is tried when its
// value reaches the log's base rate (an average showing), best value first,
// within the creator cap.
#pragma once
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "models/item_side.hpp"
#include "rank/candidates.hpp"
#include "rank/creator_cap.hpp"
#include "rank/new_videos.hpp"

namespace reelrank {

struct SeenCounts {
  double shown = 0;
  double positive = 0;
};

// What one person has seen, for the estimate and the schedule.
struct PersonOutcomes {
  std::size_t events = 0;                            // the person's events (the schedule's n)
  std::unordered_map<int32_t, SeenCounts> items;     // per model item
  std::unordered_map<int32_t, SeenCounts> creators;  // per creator, over all their videos
  void add(const ItemSide& side, int32_t item, Outcome o);
};

struct BetaPosterior {
  double alpha;
  double beta;
  double mean() const { return alpha / (alpha + beta); }
  double sd() const;
};

// One fresh video's evidence.
struct FreshEvidence {
  SeenCounts training;       // the model's impressions and positives
  SeenCounts person;         // the person's events on the video
  SeenCounts creatorOthers;  // the person's events on the creator's other videos
};

// m0 above; `scaledScore` < 0 when the scores say nothing.
double freshPriorMean(double baseRate, double scaledScore);
// A person's positives count at most their showings (a like without a view adds nothing).
BetaPosterior freshPosterior(double priorMean, const FreshEvidence& e);
double upperBound(const BetaPosterior& p);
// A draw from Beta(alpha, beta), the same for the same seed and item.
double thompsonDraw(const BetaPosterior& p, uint64_t seed, int32_t item);

// Fresh: fewer than kFreshImpressions training impressions and, when the
// model has first-seen times, first seen at most `windowDays` days before the
// log's newest event or never seen. A version 3 model (counts, no times): the
// count alone. A version 1 or 2 model or an import: popularity 0.
bool isFresh(const ItemSide& side, int32_t item, double windowDays = NewVideoDefaults::kWindowDays);
// Keeps the `m` entries with the highest score, equal scores ordered by a
// hash of (seed, item); the kept entries' order is unspecified.
void keepSampled(std::vector<Scored>* fresh, uint64_t seed, std::size_t m);
FreshEvidence freshEvidence(const ItemSide& side, const PersonOutcomes* person, int32_t item);

// Gives new videos their slots. `chosen` is the exploited list (k minus the
// exploration slots); its last `slots` entries make way for the fresh videos
// picked from the eligible items before them, and the places the picks leave
// empty go back to those entries in order. `cap` is recounted to match the
// new `chosen` plus the picks. Returns the picks, best value first.
std::vector<int32_t> takeNewVideoSlots(const ItemSide& side, const Candidates& cand, const BlendPlan& plan,
                                       const ItemSignals& signals, const RankRequest& req, const PersonOutcomes* person,
                                       std::size_t slots, std::vector<Scored>* chosen, CreatorCap* cap);

}  // namespace reelrank
