#include "sim/behaviour.hpp"

#include <algorithm>

namespace reelrank::sim {

Swipe respond(double m, const SimConfig& config, analytics::Rng& rng) {
  const double noise = rng.gaussian();
  const double likeDraw = rng.uniform(), shareDraw = rng.uniform();
  Swipe s;
  s.fraction = std::clamp(m + config.watchNoise * noise, 0.0, 1.0);
  s.skipped = s.fraction < config.skipBelow;
  s.liked = !s.skipped && likeDraw < config.likeRate * s.fraction;
  s.shared = !s.skipped && shareDraw < config.shareRate * s.fraction;
  return s;
}

std::vector<std::pair<EventType, double>> swipeEvents(const Swipe& s, double duration) {
  std::vector<std::pair<EventType, double>> out = {{EventType::View, s.fraction * duration}};
  if (s.skipped) out.push_back({EventType::Skip, 0});
  if (s.liked) out.push_back({EventType::Like, 0});
  if (s.shared) out.push_back({EventType::Share, 0});
  return out;
}

}  // namespace reelrank::sim
