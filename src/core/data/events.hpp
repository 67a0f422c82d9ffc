// Events and the weighting policy that turns them into preference.
//
// Every event becomes one signed weight w (docs/weighting.md explains the
// defaults). Positive w is evidence of interest, negative w of disinterest.
// Weights decay with age: an event `age` seconds older than the reference
// time counts w * 0.5^(age / halfLife). Implicit-feedback models read the
// confidence 1 + alpha * |w| (Hu, Koren, Volinsky 2008) and preference w > 0.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace reelrank {

enum class EventType : uint8_t { View = 0, Like, Comment, Share, Follow, Skip, Dislike, Rating, Count };

const char* eventTypeName(EventType t);
// Returns false when `name` is not an event type.
bool parseEventType(std::string_view name, EventType* out);

struct WeightPolicy {
  // A view weighs `view * min(watchRatio, maxWatchRatio)`: a full watch of a
  // video counts 1, a re-watch up to 2, a 10% glance 0.1. When the duration
  // is unknown the ratio is taken as 1 (one full view).
  float view = 1.0f;
  float maxWatchRatio = 2.0f;
  // Engagement beyond watching: a share is the strongest public signal, a like
  // the commonest explicit one, a comment costs effort but can be negative.
  float like = 4.0f;
  float comment = 3.0f;
  float share = 5.0f;
  float follow = 3.0f;  // also feeds the creator interest
  // Negative feedback: a skip is weak (people skip for many reasons), a
  // "not interested" is strong.
  float skip = -1.5f;
  float dislike = -4.0f;
  // Explicit ratings count `rating * value` and do not decay (a rating is a
  // considered opinion, not a moment's attention).
  float rating = 1.0f;
  // Half-life of engagement in days; 0 turns decay off. 14 days: short-video
  // interests drift within weeks (the KuaiRand sample shows it within two).
  double halfLifeDays = 14.0;
  // iALS confidence slope.
  float confidenceAlpha = 1.0f;

  Status validate() const;
  // Weight of one event before decay. `value` is the watch time (view) or the
  // rating (rating); `duration` is the video length (0 = unknown).
  float weight(EventType type, float value, float duration) const;
  // Decay factor for an event `ageSeconds` old (age <= 0 gives 1).
  double decay(double ageSeconds) const;
  bool decays(EventType type) const { return type != EventType::Rating && halfLifeDays > 0; }
};

// The policy's fields by name, the one list of them: the bindings read and
// write a policy through it (JS passes { like: 4, ... }), and JS learns the
// names and defaults from it at load() (rr.schema.weights), so a field added
// here reaches JS and its error messages without a second list.
struct WeightPolicyField {
  const char* name;
  double (*get)(const WeightPolicy&);
  void (*set)(WeightPolicy&, double);
};
const std::vector<WeightPolicyField>& weightPolicyFields();

}  // namespace reelrank

namespace reelrank {
// Checks one event's numbers: watch time and duration finite and >= 0, a
// rating finite, the timestamp finite. `what` prefixes messages (e.g. "event 3").
Status validateEventValues(EventType type, double value, double duration, double timestamp, const std::string& what);
}  // namespace reelrank
