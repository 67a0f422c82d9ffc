// EvalLog: an event log turned into the rows an offline evaluation splits.
//
// A row is one distinct (user, item) pair of one part of the input (part 0 =
// the log, or the training file of a given split; part 1 = the test file), so
// a pair is never in train and test at once and an item a person met twice
// is one test item, not two:
//   value      the pair's latest rating when it holds a rating event (the
//              same "latest rating wins" rule as Interactions::build); else
//              the net weight of its events under the weighting policy,
//              without time decay (decay rescales a pair, it never flips
//              its sign, and relevance must not depend on where the log ends)
//   timestamp  the pair's latest event, used by the temporal split
//   relevant   rated, or net weight > 0. For a ratings log every test rating
//              is relevant (the usual binary relevance of the literature);
//              for an engagement log such as KuaiRand a pair counts only
//              when the person liked or watched it more than they pushed it
//              away (a view plus a dislike weighs < 0 under the defaults).
// The row keeps its events, so a training log is rebuilt from the original
// events (views, likes, ...) and the model sees exactly what it would in use.
#pragma once
#include <cstdint>
#include <vector>

#include "common/id_map.hpp"
#include "data/interactions.hpp"
#include "eval/splits.hpp"

namespace reelrank::eval {

struct EvalRow {
  int32_t user = 0;  // index into EvalLog::users()
  int32_t item = 0;  // index into EvalLog::items()
  float value = 0;
  double timestamp = 0;
  uint8_t part = 0;
  bool rated = false;
  bool relevant = false;
};

class EvalLog {
 public:
  // Appends a batch as `part` (0 or 1). The batch is checked whole first (ids,
  // event types, numbers, as Interactions::addBatch checks them), so a failed
  // call adds nothing. Invalidates the rows until group() runs again.
  Status add(const EventBatch& batch, uint8_t part);
  // Builds the rows (sorted by part, user, item) under `policy`.
  Status group(const WeightPolicy& policy);

  const IdMap& users() const { return users_; }
  const IdMap& items() const { return items_; }
  const std::vector<EvalRow>& rows() const { return rows_; }
  bool hasRatings() const { return ratingEvents_ > 0; }
  std::size_t eventCount() const { return events_.size(); }

  // The rows as the split functions take them (value and timestamp per pair).
  std::vector<Rating> ratingRows() const;
  // Rows of one part, ascending.
  std::vector<uint32_t> rowsOfPart(uint8_t part) const;
  // The original events of the given rows, ready for Interactions::addBatch.
  EventBatch eventsOf(const std::vector<uint32_t>& rows) const;

 private:
  IdMap users_, items_;
  std::vector<EventRow> events_;
  std::vector<uint8_t> eventPart_;
  std::size_t ratingEvents_ = 0;
  std::vector<EvalRow> rows_;
  std::vector<uint32_t> rowStart_;  // CSR: events of row r are order_[rowStart_[r]..rowStart_[r+1])
  std::vector<uint32_t> order_;
};

}  // namespace reelrank::eval
