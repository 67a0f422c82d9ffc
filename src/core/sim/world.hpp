// World: the simulated people's true tastes and the videos they react to.
//
// buildWorld fits the core's own iALS to a real log and takes its user and
// item factors as the truth: person p's affinity for video v is x_p . y_v, and
// their expected watch fraction is the logistic
//   m(p, v) = 1 / (1 + exp(-scale (x_p . y_v - offset)))
// with scale and offset chosen so that the median affinity of a sampled
// (person, video) pair maps to lowFraction and the highQuantile affinity to
// highFraction (docs/simulator.md: a random video is mostly swiped away, a
// person's best 1% mostly watched). The logistic is monotone, so ranking by m
// is ranking by affinity.
//
// A seeded newVideoShare of the log's videos are new: their events are left
// out of the recommender's training log (trainingLog) and they arrive during
// the run, spread evenly over the rounds, with no history; their true factors
// are the world's alone. The datasets have no creators, so every video gets
// a synthetic one: the catalogue's videos are dealt in seeded order to
// creators of videosPerCreator each; half the new videos go to existing
// creators (drawn at random), the rest to new creators of videosPerCreator.
// Videos keep their dataset tags where the caller's catalogue has them
// (MovieLens genres) and their log duration (KuaiRand), else defaultDuration.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/catalog.hpp"
#include "data/interactions.hpp"
#include "models/recommender.hpp"
#include "sim/sim_config.hpp"

namespace reelrank::sim {

struct WorldVideo {
  float duration = 0;   // seconds
  bool isNew = false;   // held out of the training log
  int32_t arrival = 0;  // the first round it can be shown (0 for the catalogue's videos)
};

struct World {
  int32_t dim = 0;
  std::vector<std::string> people;   // the simulated people's user ids, in log order
  std::vector<float> personFactors;  // people x dim, row-major
  std::vector<float> videoFactors;   // videos x dim, row-major
  std::vector<WorldVideo> videos;    // in catalogue order
  Catalog catalog;                   // every video with its tags, creator and duration: what the platform knows
  std::vector<uint8_t> newCreator;   // per catalogue creator: 1 when it has only new videos
  double scale = 1, offset = 0;      // the map from affinity to expected watch fraction
  EventBatch trainingLog;            // the log less every event of a new video
  double startTime = 0;              // the log's newest timestamp; round r runs on day r + 1 after it
  double fitSeconds = 0;

  std::size_t videoCount() const { return videos.size(); }
  double affinity(std::size_t person, std::size_t video) const;
  double expectedFraction(double affinity) const;
  // Checks that the parts agree (sizes, factors finite): for worlds made by hand.
  Status validate() const;
};

// Fits a world to `log` (EventBatch columns, as a dataset reader gives them).
// `tags` (may be null) supplies tags by video id. E_EMPTY for an empty log.
Status buildWorld(const EventBatch& log, const Catalog* tags, const SimConfig& config, const ProgressFn& progress,
                  World* out);

}  // namespace reelrank::sim
