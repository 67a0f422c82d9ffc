// The simulation run: every simulated person is fed through the recommender
// exactly as a page would feed them, for each policy, and what they did is
// summed into the figures docs/simulator.md defines.
//
// Each person has a Profile started from their training-log events. A run has
// `sessions` rounds (simulated days); in each round every person has one
// session: the feed asks for a page of pageSize videos (recommendForProfile
// with the policy's RankRequest, the person's seen videos and the videos not
// yet arrived excluded), the person swipes through it (behaviour.hpp), each
// swipe's events go to profile.recordBatch at once, and when the page is done
// the feed asks again, so the profile re-ranks after every page (every swipe
// would cost pageSize times the recommend calls for little change within a
// page). A session ends when patience runs out, after maxSessionVideos
// videos, or when nothing is left to show. Every retrainEvery rounds the
// recommender is retrained on the training log plus every simulated event so
// far (a platform's daily retrain), which is how new videos earn history.
//
// Regret against the oracle, two ways (docs/simulator.md):
//   regretPerSession: the oracle's expected watch time per session minus
//     the policy's (seconds; expected = the sum of m * duration over the
//     videos swiped, so the behaviour noise cancels). It counts what a
//     policy loses by ending sessions early as well as by showing worse
//     videos. When the policies do not include the oracle, it is run too
//     (and not reported) to have the baseline.
//   slotRegretPerSession: at each page, the oracle's list for the same
//     person in the same state is the eligible videos with the highest
//     expected watch fraction m; the page's slot regret is the sum over the
//     videos the person actually swiped of (the m of the oracle's video at
//     that slot - the m of the video shown), in full-video equivalents:
//     ranking quality, whatever the session's length.
// Both are 0 for the oracle policy.
// Deterministic for a seed: each person's draws come from a stream of their
// own per round (seeds.hpp) and the recommender changes only between rounds,
// so the order people are simulated in does not matter.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sim/policy.hpp"
#include "sim/sim_config.hpp"
#include "sim/world.hpp"

namespace reelrank::sim {

struct PolicyResult {
  std::string policy;
  double sessions = 0;             // people x rounds
  double watchTimePerSession = 0;  // seconds watched
  // Seconds watched per session on each round (day), first day first: the
  // long run against the first sessions, which one mean over the run hides
  // (issue 15 part 2 asks for both).
  std::vector<double> watchTimeByDay;
  double likesPerSession = 0, sharesPerSession = 0, skipsPerSession = 0;
  double sessionLength = 0;                 // videos swiped per session
  double meanWatchFraction = 0;             // over every swipe
  double expectedWatchTimePerSession = 0;   // seconds: the sum of m * duration over the swipes
  double regretPerSession = 0;              // seconds (see above)
  double slotRegretPerSession = 0;          // full-video equivalents (see above)
  double newVideosReached = 0;              // share of new videos shown at least impressionTarget times (NaN: none)
  double newVideoMeanImpressions = 0;       // impressions per new video during the run (NaN: none)
  double newVideoImpressionShare = 0;       // the new videos' share of the run's impressions (NaN: none)
  double giniVideos = 0, giniCreators = 0;  // of impressions during the run, over every video / creator
  // Mean over sessions of the KL divergence of the feed's tag mix from the
  // history's (rank/calibration.hpp, issue 15 part 3: compiled in when that
  // header exists); NaN when no session has tags on both sides.
  double miscalibration = std::numeric_limits<double>::quiet_NaN();
  double retrains = 0, seconds = 0;
  std::vector<uint32_t> impressions;  // per video, during the run
  std::vector<double> watched;        // per video: sum of watch fractions
  std::vector<double> personWatched;  // per person: sum of watch fractions
};

// World: fitting the true tastes; Train: (re)training the recommender; Simulate: sessions.
enum class SimStage : uint8_t { World = 0, Train, Simulate };
const char* simStageName(SimStage s);

struct SimProgress {
  SimStage stage;
  std::size_t policy, policies;  // 0-based policy being run
  std::size_t round, rounds;     // 0-based
  std::size_t done, total;       // people of this round done
  double seconds;                // since simulate() started
};
// Return false to cancel: simulate() then returns E_CANCELLED.
using SimProgressFn = std::function<bool(const SimProgress&)>;

Status simulate(const World& world, const SimConfig& config, const RecommenderSpec& recommender,
                const std::vector<Policy>& policies, const SimProgressFn& progress, std::vector<PolicyResult>* out);

struct SimRun {
  World world;
  std::vector<PolicyResult> results;
};
// A whole run from a log: the configuration, the recommender (a trainable
// algorithm of the registry and its options) and the policies are checked
// before anything is fitted, then the world is fitted and every policy run.
Status simulateLog(const EventBatch& log, const Catalog* tags, const SimConfig& config,
                   const RecommenderSpec& recommender, std::string_view policies, const SimProgressFn& progress,
                   SimRun* out);

}  // namespace reelrank::sim
