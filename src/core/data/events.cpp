#include "data/events.hpp"

#include <algorithm>
#include <cmath>

namespace reelrank {

namespace {
constexpr const char* kNames[] = {"view", "like", "comment", "share", "follow", "skip", "dislike", "rating"};
}

const char* eventTypeName(EventType t) {
  auto i = static_cast<std::size_t>(t);
  return i < static_cast<std::size_t>(EventType::Count) ? kNames[i] : "unknown";
}

// Each field as name, getter and setter; the order is the one JS shows.
#define RR_POLICY_FIELD(f)                                                                                    \
  WeightPolicyField {                                                                                         \
#f, [](const WeightPolicy&                                                                                \
               p) { return static_cast<double>(p.f); }, [](WeightPolicy & p,                                  \
                                                           double v) { p.f = static_cast<decltype(p.f)>(v); } \
  }
const std::vector<WeightPolicyField>& weightPolicyFields() {
  static const std::vector<WeightPolicyField> fields = {
      RR_POLICY_FIELD(view),         RR_POLICY_FIELD(maxWatchRatio),
      RR_POLICY_FIELD(like),         RR_POLICY_FIELD(comment),
      RR_POLICY_FIELD(share),        RR_POLICY_FIELD(follow),
      RR_POLICY_FIELD(skip),         RR_POLICY_FIELD(dislike),
      RR_POLICY_FIELD(rating),       RR_POLICY_FIELD(confidenceAlpha),
      RR_POLICY_FIELD(halfLifeDays),
  };
  return fields;
}
#undef RR_POLICY_FIELD

bool parseEventType(std::string_view name, EventType* out) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(EventType::Count); ++i) {
    if (name == kNames[i]) {
      *out = static_cast<EventType>(i);
      return true;
    }
  }
  return false;
}

Status WeightPolicy::validate() const {
  const float ws[] = {view, maxWatchRatio, like, comment, share, follow, skip, dislike, rating, confidenceAlpha};
  for (float w : ws)
    if (!std::isfinite(w)) return argError("every weight in the weighting policy must be a finite number");
  if (maxWatchRatio <= 0) return argError("weights.maxWatchRatio must be > 0");
  if (!std::isfinite(halfLifeDays) || halfLifeDays < 0)
    return argError("weights.halfLifeDays must be a finite number >= 0 (0 turns decay off)");
  if (confidenceAlpha < 0) return argError("weights.confidenceAlpha must be >= 0");
  return Status::ok();
}

float WeightPolicy::weight(EventType type, float value, float duration) const {
  switch (type) {
    case EventType::View: {
      float ratio = duration > 0 ? value / duration : 1.0f;
      return view * std::min(ratio, maxWatchRatio);
    }
    case EventType::Like:
      return like;
    case EventType::Comment:
      return comment;
    case EventType::Share:
      return share;
    case EventType::Follow:
      return follow;
    case EventType::Skip:
      return skip;
    case EventType::Dislike:
      return dislike;
    case EventType::Rating:
      return rating * value;
    case EventType::Count:
      break;
  }
  return 0.0f;
}

double WeightPolicy::decay(double ageSeconds) const {
  if (halfLifeDays <= 0 || ageSeconds <= 0) return 1.0;
  return std::exp2(-ageSeconds / (halfLifeDays * 86400.0));
}

}  // namespace reelrank

namespace reelrank {
Status validateEventValues(EventType type, double value, double duration, double timestamp, const std::string& what) {
  if (!std::isfinite(timestamp)) return argError(what + ": timestamp must be a finite number of seconds");
  if (!std::isfinite(duration) || duration < 0)
    return argError(what + ": duration must be a finite number of seconds >= 0 (0 = unknown)");
  if (type == EventType::View && (!std::isfinite(value) || value < 0))
    return argError(what + ": a view needs watchTime, a finite number of seconds >= 0");
  if (type == EventType::Rating && !std::isfinite(value)) return argError(what + ": a rating needs a finite value");
  return Status::ok();
}
}  // namespace reelrank
