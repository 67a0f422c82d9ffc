// The new-video policy's settings, shared by the RankRequest that carries
// them, the step that applies them (rank/fresh_exploration) and, through the
// schema, JS: a budget (a share of k), the method that picks which fresh
// videos to try, and the schedule by which the budget shrinks as a profile
// grows.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/status.hpp"

namespace reelrank {

// Thompson: a seeded draw from each fresh video's Beta posterior.
// Ucb: the posterior mean plus kUcbWidth standard deviations (no draw).
enum class NewVideoMethod : uint8_t { Thompson = 0, Ucb };
constexpr NewVideoMethod kLastNewVideoMethod = NewVideoMethod::Ucb;
inline const char* newVideoMethodName(NewVideoMethod m) { return m == NewVideoMethod::Ucb ? "ucb" : "thompson"; }
inline Status parseNewVideoMethod(std::string_view name, NewVideoMethod* out) {
  for (int m = 0; m <= static_cast<int>(kLastNewVideoMethod); ++m)
    if (name == newVideoMethodName(static_cast<NewVideoMethod>(m))) {
      *out = static_cast<NewVideoMethod>(m);
      return Status::ok();
    }
  return argError("newVideoMethod must be 'thompson' or 'ucb' (got '" + std::string(name) + "')");
}

struct NewVideoDefaults {
  // Off by default: a feed is today's feed unless a page asks for new videos.
  static constexpr double kBudget = 0;
  static constexpr NewVideoMethod kMethod = NewVideoMethod::Thompson;
  // A video with fewer training impressions than this is fresh (the issue's
  // yardstick: a video is judged once it has had 20 showings)...
  static constexpr uint32_t kFreshImpressions = 20;
  // ... when it is also new: first seen in the training log at most this many
  // days before the log's newest event, or not seen at all (a model with
  // first-seen times, format 4). Chosen in the simulator (docs/simulator.md,
  // "The new-video window"); the request's newVideoWindow, 0 to kMaxWindowDays.
  static constexpr double kWindowDays = 3;
  static constexpr double kMaxWindowDays = 3650;
  // Thompson and UCB value only this many fresh candidates, the ones with the
  // highest prior mean (the blended score; ties in a seeded order), so a
  // feed's cost does not grow with the number of new videos.
  static constexpr std::size_t kSampledCandidates = 100;
  // The budget halves when the person has this many events: budget * h / (h + n).
  static constexpr double kHalfEvents = 50;
  // Weight of the prior, in showings (a fresh video's first few showings move it).
  static constexpr double kPriorStrength = 2;
  // Share of the prior mean that comes from the model's score of the video
  // (the rest is the log's base rate).
  static constexpr double kScoreShare = 0.5;
  // One of the person's events on another video of the same creator counts
  // this much of an event on the video itself.
  static constexpr double kCreatorEvidence = 0.5;
  // UCB: posterior mean + kUcbWidth posterior standard deviations.
  static constexpr double kUcbWidth = 2;
};

// The budget after the schedule: budget * h / (h + events).
inline double scheduledBudget(double budget, std::size_t events) {
  const double h = NewVideoDefaults::kHalfEvents;
  return budget * h / (h + static_cast<double>(events));
}

// Slots for new videos out of `k`: round(scheduledBudget * k), at most `free`.
inline std::size_t newVideoSlots(double budget, std::size_t events, std::size_t k, std::size_t free) {
  const auto n = static_cast<std::size_t>(std::floor(scheduledBudget(budget, events) * static_cast<double>(k) + 0.5));
  return n < free ? n : free;
}

}  // namespace reelrank
