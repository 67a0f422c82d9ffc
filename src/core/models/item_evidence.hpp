// Item evidence: how often each video was shown in the training log and how
// often that went well (format version 3), and when the log first saw each
// video and its newest event (format version 4), counted when a model is
// trained and saved with it. The ranker's new-video step
// (rank/fresh_exploration) reads it: a video that arrived lately (first seen
// within the request's window before the log's newest event, or never seen)
// and has few impressions is "fresh" and worth trying, and its counts are the
// data of its engagement estimate. Why the time and not the count alone: a
// log with a few rows per video (the KuaiRand sample has ~4.5) leaves nearly
// every old video under the impression yardstick.
#pragma once
#include <cstdint>
#include <vector>

#include "common/binary_io.hpp"
#include "common/status.hpp"
#include "data/interactions.hpp"

namespace reelrank {

// A view counts as completed (a positive outcome) from this share of the
// video watched; the same boundary as sasrec's "full view"
// (sasrec_feedback.hpp). A view of unknown duration counts as completed, as
// the weighting policy takes it as one full view.
inline constexpr float kCompletedWatchRatio = 0.9f;

// What one event says about a showing of its video: views, skips and
// dislikes are impressions (the video was shown and judged); completed views
// and likes are positive outcomes. Comments, shares, follows and ratings say
// neither (a rating log has no impressions at all).
struct Outcome {
  bool shown = false;
  bool positive = false;
};
Outcome eventOutcome(EventType type, float value, float duration);

struct ItemEvidence {
  // Per model item, or both empty when the model does not know them (a
  // version 1 or 2 snapshot, a model assembled from imported factors).
  std::vector<uint32_t> impressions;
  std::vector<uint32_t> positives;  // never more than impressions
  bool known() const { return !impressions.empty(); }
  // Per model item: the timestamp of its first event of any kind in the
  // training log, NaN when the log has none (a catalogue video nobody has
  // seen yet). Empty when unknown (a version 1 to 3 snapshot, an import, a
  // log with no events). `newest` is the log's newest timestamp, the "now"
  // a video's age is measured from (so a model trained daily ages videos by
  // its own clock, and needs no clock of the page's).
  std::vector<double> firstSeen;
  double newest = 0;
  bool timed() const { return !firstSeen.empty(); }
};

// Counts the log's events per model item (`itemIndex` and `itemDuration` as
// for Interactions::build); a like beyond the item's impressions is not
// counted, so positives <= impressions.
ItemEvidence countItemEvidence(const Interactions& log, const std::vector<int32_t>& itemIndex, std::size_t modelItems,
                               const std::vector<float>& itemDuration);

// The snapshot section (docs/format.md, version 3): u8 known, then when known
// two u32 vectors of `items` entries.
void writeItemEvidence(BinaryWriter& w, const ItemEvidence& e);
// E_CORRUPT when the section is cut short, has the wrong length, or counts
// more positives than impressions; `out` is unchanged then.
Status readItemEvidence(BinaryReader& r, std::size_t items, ItemEvidence* out);

// The times section (version 4, after the evidence section): u8 known, then
// when known f64 newest and an f64 vector of `items` first-seen times.
void writeItemTimes(BinaryWriter& w, const ItemEvidence& e);
// E_CORRUPT when it is cut short, has the wrong length, a newest time that is
// not finite, or a first-seen time that is neither NaN nor a finite time at or
// before the newest; only out->firstSeen and out->newest change, on success.
Status readItemTimes(BinaryReader& r, std::size_t items, ItemEvidence* out);

}  // namespace reelrank
