// SimConfig: every number that shapes a feed simulation (docs/simulator.md
// explains each), and the one list of them by name with its default and
// range: the bindings read { sessions, people, ... } through it and JS learns
// names, defaults and ranges from it (rr.simulateFeed's schema), so a field
// added here reaches JS and the CLI without a second list.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.hpp"
#include "models/recommender.hpp"
#include "rank/new_videos.hpp"

namespace reelrank::sim {

struct SimConfig {
  // The run.
  double sessions = 5;           // sessions per person, one per round (a simulated day)
  double people = 200;           // people simulated, a seeded sample of the log's users (0 = all)
  double pageSize = 10;          // videos per recommend() call: the feed re-ranks after every page
  double maxSessionVideos = 50;  // a session ends after this many videos even if the person stays
  double retrainEvery = 1;       // rounds between retrains of the recommender (0 = never)
  double seed = 1;
  // The world.
  double newVideoShare = 0.1;    // share of the log's videos held out to arrive during the run
  double videosPerCreator = 10;  // videos per synthetic creator
  double worldFactors = 32;      // iALS factors of the true tastes
  double lowFraction = 0.2;      // expected watch fraction at the median affinity
  double highFraction = 0.8;     // ... and at the highQuantile affinity (the logistic map through both)
  double highQuantile = 0.99;
  double defaultDuration = 30;  // seconds, for videos whose log gives no duration
  // Behaviour.
  double watchNoise = 0.15;  // standard deviation of the watch fraction around its expectation
  double skipBelow = 0.25;   // a watch fraction below this is a skip (a poor video)
  double patience = 3;       // the person leaves after this many poor videos in a session
  double likeRate = 0.2;     // P(like) = likeRate * watch fraction (unless skipped)
  double shareRate = 0.02;   // P(share) = shareRate * watch fraction (unless skipped)
  // Metrics.
  double impressionTarget = 20;  // a new video "reached" when shown this many times
  // The feed: recommend's newVideoWindow (days) for every policy; read by
  // thompson and ucb (a video first seen longer ago than this is not new).
  double newVideoWindow = NewVideoDefaults::kWindowDays;

  Status validate() const;
};

struct SimConfigField {
  const char* name;
  double SimConfig::*field;
  double min, max;
  bool integer;
};
// Every field, in declaration order.
const std::vector<SimConfigField>& simConfigFields();

// The recommender each model policy ranks with: an algorithm of the registry
// and its options (iALS by default), retrained every retrainEvery rounds.
struct RecommenderSpec {
  std::string algorithm = "ials";
  Options options;
};

}  // namespace reelrank::sim
