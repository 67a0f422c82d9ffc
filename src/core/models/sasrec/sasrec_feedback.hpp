// The kind of each event, as the SASRec model's optional feedback embedding
// reads it (row F[kind] added to the event's input): a view by how much of
// the video was watched, and each engagement and negative signal on its own.
// The one place an event becomes a kind; the trainer and the scorer both ask it.
#pragma once
#include <cstdint>

#include "data/interactions.hpp"

namespace reelrank::sasrec {

enum class FeedbackKind : uint8_t {
  ViewUnknown = 0,  // a view of a video whose duration is unknown
  ViewGlance,       // watch ratio < 0.3
  ViewPartial,      // 0.3 <= ratio < 0.9
  ViewFull,         // ratio >= 0.9 (a re-watch too)
  Like,
  CommentOrShare,
  Follow,
  Skip,
  Dislike,  // a dislike, or any other event the policy weighs negatively
  Rating,
  Count
};
constexpr int32_t kFeedbackKinds = static_cast<int32_t>(FeedbackKind::Count);

inline FeedbackKind feedbackKind(const SequenceStep& s) {
  switch (s.type) {
    case EventType::View:
      if (s.weight < 0) return FeedbackKind::Dislike;
      if (s.watchRatio <= 0) return FeedbackKind::ViewUnknown;
      return s.watchRatio < 0.3f ? FeedbackKind::ViewGlance
                                 : (s.watchRatio < 0.9f ? FeedbackKind::ViewPartial : FeedbackKind::ViewFull);
    case EventType::Skip:
      return FeedbackKind::Skip;
    case EventType::Dislike:
      return FeedbackKind::Dislike;
    default:
      break;
  }
  if (s.weight < 0) return FeedbackKind::Dislike;
  switch (s.type) {
    case EventType::Like:
      return FeedbackKind::Like;
    case EventType::Comment:
    case EventType::Share:
      return FeedbackKind::CommentOrShare;
    case EventType::Follow:
      return FeedbackKind::Follow;
    default:
      return FeedbackKind::Rating;
  }
}

}  // namespace reelrank::sasrec
