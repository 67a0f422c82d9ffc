#include "sim/sim_config.hpp"

#include <cmath>
#include <string>

namespace reelrank::sim {

const std::vector<SimConfigField>& simConfigFields() {
  // Ranges keep a run finite and its counts exact in a double; the limits are
  // documented in docs/simulator.md and tested at their edges.
  static const std::vector<SimConfigField> fields = {
      {"sessions", &SimConfig::sessions, 1, 1000, true},
      {"people", &SimConfig::people, 0, 1e6, true},
      {"pageSize", &SimConfig::pageSize, 1, 100, true},
      {"maxSessionVideos", &SimConfig::maxSessionVideos, 1, 1000, true},
      {"retrainEvery", &SimConfig::retrainEvery, 0, 1000, true},
      {"seed", &SimConfig::seed, 0, 9007199254740991.0, true},
      {"newVideoShare", &SimConfig::newVideoShare, 0, 0.9, false},
      {"videosPerCreator", &SimConfig::videosPerCreator, 1, 1e6, true},
      {"worldFactors", &SimConfig::worldFactors, 2, 256, true},
      {"lowFraction", &SimConfig::lowFraction, 0.01, 0.99, false},
      {"highFraction", &SimConfig::highFraction, 0.01, 0.99, false},
      {"highQuantile", &SimConfig::highQuantile, 0.5, 0.9999, false},
      {"defaultDuration", &SimConfig::defaultDuration, 1, 86400, false},
      {"watchNoise", &SimConfig::watchNoise, 0, 1, false},
      {"skipBelow", &SimConfig::skipBelow, 0, 1, false},
      {"patience", &SimConfig::patience, 1, 1000, true},
      {"likeRate", &SimConfig::likeRate, 0, 1, false},
      {"shareRate", &SimConfig::shareRate, 0, 1, false},
      {"impressionTarget", &SimConfig::impressionTarget, 1, 1e6, true},
      {"newVideoWindow", &SimConfig::newVideoWindow, 0, NewVideoDefaults::kMaxWindowDays, false},
  };
  return fields;
}

Status SimConfig::validate() const {
  for (const auto& f : simConfigFields()) {
    const double v = this->*f.field;
    if (!std::isfinite(v) || v < f.min || v > f.max || (f.integer && v != std::floor(v))) {
      auto trim = [](double x) {
        std::string s = std::to_string(x);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
      };
      return argError(std::string("simulation: ") + f.name + " must be " + (f.integer ? "a whole number" : "a number") +
                      " from " + trim(f.min) + " to " + trim(f.max) + " (got " + trim(v) + ")");
    }
  }
  if (lowFraction >= highFraction)
    return argError(
        "simulation: lowFraction must be below highFraction (the map from affinity to watch fraction rises)");
  return Status::ok();
}

}  // namespace reelrank::sim
