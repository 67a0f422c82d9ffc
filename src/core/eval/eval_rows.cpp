#include "eval/eval_rows.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include "common/limits.hpp"

namespace reelrank::eval {

Status EvalLog::add(const EventBatch& b, uint8_t part) {
  if (part > 1) return argError("an evaluation log has two parts, 0 (train or all) and 1 (test)");
  const std::size_t n = b.types.size();
  if (b.values.size() != n || b.durations.size() != n || b.timestamps.size() != n)
    return argError("event batch columns have different lengths");
  const std::vector<std::string_view> users = splitIds(b.users), items = splitIds(b.items);
  if (users.size() != n || items.size() != n)
    return argError("event batch has " + std::to_string(n) + " events but " + std::to_string(users.size()) +
                    " user ids and " + std::to_string(items.size()) + " item ids");
  // The rows index events with uint32_t, and the training log takes at most this many.
  if (events_.size() + n > limits::kMaxLogEvents)
    return Status::error(ErrorCode::Memory,
                         "an evaluation takes at most " + std::to_string(limits::kMaxLogEvents) + " events");
  for (std::size_t k = 0; k < n; ++k) {
    const std::string what = "event " + std::to_string(k);
    RR_TRY(validateId(users[k], (what + " user").c_str()));
    RR_TRY(validateId(items[k], (what + " item").c_str()));
    if (b.types[k] >= static_cast<uint8_t>(EventType::Count)) return argError(what + ": unknown event type");
    RR_TRY(validateEventValues(static_cast<EventType>(b.types[k]), b.values[k], b.durations[k], b.timestamps[k], what));
  }
  events_.reserve(events_.size() + n);
  eventPart_.reserve(events_.size() + n);
  for (std::size_t k = 0; k < n; ++k) {
    EventRow e;
    e.user = users_.intern(users[k]);
    e.item = items_.intern(items[k]);
    e.type = static_cast<EventType>(b.types[k]);
    e.value = static_cast<float>(b.values[k]);
    e.duration = static_cast<float>(b.durations[k]);
    e.timestamp = b.timestamps[k];
    if (e.type == EventType::Rating) ++ratingEvents_;
    events_.push_back(e);
    eventPart_.push_back(part);
  }
  rows_.clear();
  rowStart_.clear();
  order_.clear();
  return Status::ok();
}

Status EvalLog::group(const WeightPolicy& policy) {
  RR_TRY(policy.validate());
  order_.resize(events_.size());
  std::iota(order_.begin(), order_.end(), 0u);
  // Time order inside a pair, then input order: the latest rating is the last one seen.
  std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    const EventRow &x = events_[a], &y = events_[b];
    if (eventPart_[a] != eventPart_[b]) return eventPart_[a] < eventPart_[b];
    if (x.user != y.user) return x.user < y.user;
    if (x.item != y.item) return x.item < y.item;
    return x.timestamp < y.timestamp;
  });
  rows_.clear();
  rowStart_.clear();
  std::size_t k = 0;
  while (k < order_.size()) {
    const uint32_t first = order_[k];
    rowStart_.push_back(static_cast<uint32_t>(k));
    EvalRow row;
    row.user = events_[first].user;
    row.item = events_[first].item;
    row.part = eventPart_[first];
    row.timestamp = -std::numeric_limits<double>::infinity();
    double net = 0;
    float rating = 0;
    for (; k < order_.size(); ++k) {
      const uint32_t i = order_[k];
      const EventRow& e = events_[i];
      if (e.user != row.user || e.item != row.item || eventPart_[i] != row.part) break;
      row.timestamp = std::max(row.timestamp, e.timestamp);
      if (e.type == EventType::Rating) {
        rating = e.value;  // the raw rating, not the policy's scaled weight: RMSE is on the file's scale
        row.rated = true;
      } else {
        net += policy.weight(e.type, e.value, e.duration);
      }
    }
    row.value = row.rated ? rating : static_cast<float>(net);
    row.relevant = row.rated || net > 0;
    rows_.push_back(row);
  }
  rowStart_.push_back(static_cast<uint32_t>(order_.size()));
  return Status::ok();
}

std::vector<Rating> EvalLog::ratingRows() const {
  std::vector<Rating> out(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r)
    out[r] = Rating{rows_[r].user, rows_[r].item, rows_[r].value, rows_[r].timestamp};
  return out;
}

std::vector<uint32_t> EvalLog::rowsOfPart(uint8_t part) const {
  std::vector<uint32_t> out;
  for (std::size_t r = 0; r < rows_.size(); ++r)
    if (rows_[r].part == part) out.push_back(static_cast<uint32_t>(r));
  return out;
}

EventBatch EvalLog::eventsOf(const std::vector<uint32_t>& rows) const {
  EventBatch b;
  std::size_t n = 0;
  for (uint32_t r : rows) n += rowStart_[r + 1] - rowStart_[r];
  b.types.reserve(n);
  b.values.reserve(n);
  b.durations.reserve(n);
  b.timestamps.reserve(n);
  for (uint32_t r : rows) {
    for (uint32_t k = rowStart_[r]; k < rowStart_[r + 1]; ++k) {
      const EventRow& e = events_[order_[k]];
      if (!b.types.empty()) {
        b.users.push_back('\0');
        b.items.push_back('\0');
      }
      b.users += users_.name(e.user);
      b.items += items_.name(e.item);
      b.types.push_back(static_cast<uint8_t>(e.type));
      b.values.push_back(e.value);
      b.durations.push_back(e.duration);
      b.timestamps.push_back(e.timestamp);
    }
  }
  return b;
}

}  // namespace reelrank::eval
