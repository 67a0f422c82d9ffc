// Interactions: many people's events, accumulated for training. Events are
// kept as compact rows (24 bytes each) and turned into a sparse user x item
// matrix only when a model is trained, so that the weighting policy and its
// decay reference (the newest event in the log) apply to the whole log.
#pragma once
#include <Eigen/SparseCore>
#include <cstdint>
#include <string>
#include <vector>

#include "common/binary_io.hpp"
#include "common/id_map.hpp"
#include "data/events.hpp"

namespace reelrank {

using SparseRows = Eigen::SparseMatrix<float, Eigen::RowMajor, int32_t>;

struct EventRow {
  int32_t user;
  int32_t item;
  float value;     // watch time (view) or rating value (rating)
  float duration;  // seconds, 0 = unknown
  double timestamp;
  EventType type;
};

// A batch of events in columns, as it crosses from JS: ids NUL-joined.
struct EventBatch {
  std::string users;  // NUL-joined (ignored by Profile)
  std::string items;  // NUL-joined
  std::vector<uint8_t> types;
  std::vector<double> values;
  std::vector<double> durations;
  std::vector<double> timestamps;
};

// What training reads: the matrix and per-item popularity, in the model's item
// index space.
struct TrainingMatrix {
  SparseRows matrix;              // users x items; cell = decayed engagement sum + latest rating
  std::vector<float> popularity;  // decayed count of positive events per item
  bool explicitRatings = false;   // the log holds rating events
};

// One event of a person's sequence, in the model's item space: what sequence
// models read, from the training log (Sequences) or from a profile (a Query's
// recent events).
struct SequenceStep {
  int32_t item;
  EventType type;
  float weight;      // the policy's signed weight, undecayed: > 0 watched or liked, < 0 skipped or disliked
  float watchRatio;  // views: watch time / duration (0 when unknown); other kinds 0
  double timestamp;
};

// Each user's events in time order (ties keep the order they were added).
struct Sequences {
  std::vector<int32_t> start;  // users + 1 offsets into steps; empty = no sequences
  std::vector<SequenceStep> steps;
  std::size_t users() const { return start.empty() ? 0 : start.size() - 1; }
};

class Interactions {
 public:
  // Appends a batch atomically (all rows checked first).
  Status addBatch(const EventBatch& batch);

  std::size_t eventCount() const { return events_.size(); }
  const IdMap& users() const { return users_; }
  const IdMap& items() const { return items_; }
  const std::vector<EventRow>& events() const { return events_; }
  bool hasRatings() const { return ratingEvents_ > 0; }
  double newestTimestamp() const { return newest_; }

  // Builds the training matrix. `itemIndex[i]` is the model index of log item
  // i; `itemDuration` (model index space, may be empty) fills in unknown durations.
  TrainingMatrix build(const WeightPolicy& policy, const std::vector<int32_t>& itemIndex, std::size_t modelItems,
                       const std::vector<float>& itemDuration) const;
  // Every user's events in time order, for models that read order; same
  // arguments as build().
  Sequences sequences(const WeightPolicy& policy, const std::vector<int32_t>& itemIndex,
                      const std::vector<float>& itemDuration) const;

 private:
  IdMap users_, items_;
  std::vector<EventRow> events_;
  std::size_t ratingEvents_ = 0;
  double newest_ = -1e300;
};

}  // namespace reelrank
