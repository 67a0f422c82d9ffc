// Small builders shared by the native tests.
#pragma once
#include <string>
#include <vector>

#include "data/interactions.hpp"

namespace reelrank::testing {

struct E {
  std::string user, item;
  EventType type;
  double value = 0, duration = 0, timestamp = 0;
};

inline EventBatch batch(const std::vector<E>& events) {
  EventBatch b;
  for (std::size_t k = 0; k < events.size(); ++k) {
    if (k) {
      b.users.push_back('\0');
      b.items.push_back('\0');
    }
    b.users += events[k].user;
    b.items += events[k].item;
    b.types.push_back(static_cast<uint8_t>(events[k].type));
    b.values.push_back(events[k].value);
    b.durations.push_back(events[k].duration);
    b.timestamps.push_back(events[k].timestamp);
  }
  return b;
}

}  // namespace reelrank::testing
