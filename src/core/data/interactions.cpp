#include "data/interactions.hpp"

#include <algorithm>
#include <numeric>

#include "common/limits.hpp"

namespace reelrank {

Status Interactions::addBatch(const EventBatch& b) {
  const std::size_t n = b.types.size();
  if (b.values.size() != n || b.durations.size() != n || b.timestamps.size() != n)
    return argError("event batch columns have different lengths");
  std::vector<std::string_view> users = splitIds(b.users), items = splitIds(b.items);
  if (users.size() != n || items.size() != n)
    return argError("event batch has " + std::to_string(n) + " events but " + std::to_string(users.size()) +
                    " user ids and " + std::to_string(items.size()) + " item ids");
  if (events_.size() + n > limits::kMaxLogEvents)
    return Status::error(ErrorCode::Memory,
                         "an interaction log holds at most " + std::to_string(limits::kMaxLogEvents) + " events");
  for (std::size_t k = 0; k < n; ++k) {
    const std::string what = "event " + std::to_string(k);
    RR_TRY(validateId(users[k], (what + " user").c_str()));
    RR_TRY(validateId(items[k], (what + " item").c_str()));
    if (b.types[k] >= static_cast<uint8_t>(EventType::Count)) return argError(what + ": unknown event type");
    RR_TRY(validateEventValues(static_cast<EventType>(b.types[k]), b.values[k], b.durations[k], b.timestamps[k], what));
  }
  events_.reserve(events_.size() + n);
  for (std::size_t k = 0; k < n; ++k) {
    EventRow row;
    row.user = users_.intern(users[k]);
    row.item = items_.intern(items[k]);
    row.type = static_cast<EventType>(b.types[k]);
    row.value = static_cast<float>(b.values[k]);
    row.duration = static_cast<float>(b.durations[k]);
    row.timestamp = b.timestamps[k];
    if (row.type == EventType::Rating) ++ratingEvents_;
    newest_ = std::max(newest_, row.timestamp);
    events_.push_back(row);
  }
  return Status::ok();
}

TrainingMatrix Interactions::build(const WeightPolicy& policy, const std::vector<int32_t>& itemIndex,
                                   std::size_t modelItems, const std::vector<float>& itemDuration) const {
  TrainingMatrix out;
  out.explicitRatings = hasRatings();
  out.popularity.assign(modelItems, 0.0f);
  // Sort by (user, item, time) so each cell is one run and its latest rating is last.
  std::vector<uint32_t> order(events_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const EventRow &x = events_[a], &y = events_[b];
    if (x.user != y.user) return x.user < y.user;
    if (x.item != y.item) return x.item < y.item;
    return x.timestamp < y.timestamp;
  });
  std::vector<Eigen::Triplet<float, int32_t>> cells;
  cells.reserve(events_.size());
  std::size_t k = 0;
  while (k < order.size()) {
    const EventRow& first = events_[order[k]];
    double engagement = 0;
    float rating = 0;
    bool rated = false;
    const int32_t item = itemIndex[static_cast<std::size_t>(first.item)];
    for (; k < order.size() && events_[order[k]].user == first.user && events_[order[k]].item == first.item; ++k) {
      const EventRow& e = events_[order[k]];
      float duration = e.duration;
      if (duration <= 0 && !itemDuration.empty()) duration = itemDuration[static_cast<std::size_t>(item)];
      if (e.type == EventType::Rating) {
        rating = policy.weight(e.type, e.value, duration);  // latest wins: rows are in time order
        rated = true;
        out.popularity[static_cast<std::size_t>(item)] += 1.0f;
        continue;
      }
      const double d = policy.decays(e.type) ? policy.decay(newest_ - e.timestamp) : 1.0;
      const double w = policy.weight(e.type, e.value, duration) * d;
      engagement += w;
      if (w > 0) out.popularity[static_cast<std::size_t>(item)] += static_cast<float>(d);
    }
    const float value = static_cast<float>(engagement) + rating;
    if (value != 0.0f || rated) cells.emplace_back(first.user, item, value);
  }
  out.matrix.resize(static_cast<int32_t>(users_.size()), static_cast<int32_t>(modelItems));
  out.matrix.setFromTriplets(cells.begin(), cells.end());
  out.matrix.makeCompressed();
  return out;
}

Sequences Interactions::sequences(const WeightPolicy& policy, const std::vector<int32_t>& itemIndex,
                                  const std::vector<float>& itemDuration) const {
  Sequences out;
  std::vector<uint32_t> order(events_.size());
  std::iota(order.begin(), order.end(), 0u);
  // Stable: events at the same time keep the order they were added in.
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const EventRow &x = events_[a], &y = events_[b];
    return x.user != y.user ? x.user < y.user : x.timestamp < y.timestamp;
  });
  out.start.assign(users_.size() + 1, 0);
  out.steps.reserve(events_.size());
  for (uint32_t k : order) {
    const EventRow& e = events_[k];
    const int32_t item = itemIndex[static_cast<std::size_t>(e.item)];
    float duration = e.duration;
    if (duration <= 0 && !itemDuration.empty()) duration = itemDuration[static_cast<std::size_t>(item)];
    const float ratio = e.type == EventType::View && duration > 0 ? e.value / duration : 0.0f;
    out.steps.push_back(
        {item, e.type, static_cast<float>(policy.weight(e.type, e.value, duration)), ratio, e.timestamp});
    ++out.start[static_cast<std::size_t>(e.user) + 1];
  }
  for (std::size_t u = 0; u + 1 < out.start.size(); ++u) out.start[u + 1] += out.start[u];
  return out;
}

}  // namespace reelrank
