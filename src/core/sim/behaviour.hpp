// Behaviour: what a simulated person does with one shown video, given their
// expected watch fraction m for it (World::expectedFraction). They watch a
// fraction f = clamp(m + watchNoise * N(0, 1), 0, 1) of it; below skipBelow
// that is a skip (a poor video, which costs one unit of patience); otherwise
// they like it with probability likeRate * f and share it with probability
// shareRate * f. The events are those a page records for the swipe: a view
// with the watch time, then a skip, or a like and/or a share.
#pragma once
#include <cstdint>
#include <vector>

#include "analytics/rng.hpp"
#include "data/events.hpp"
#include "sim/sim_config.hpp"

namespace reelrank::sim {

struct Swipe {
  double fraction = 0;  // of the video watched
  bool skipped = false, liked = false, shared = false;
};

// Draws one swipe from `rng` (always the same number of draws, so a person's
// later draws do not depend on what this one was).
Swipe respond(double expectedFraction, const SimConfig& config, analytics::Rng& rng);

// The swipe's events as a page records them: (type, value) pairs; a view's
// value is the watch time in seconds of a video `duration` seconds long.
std::vector<std::pair<EventType, double>> swipeEvents(const Swipe& s, double duration);

}  // namespace reelrank::sim
