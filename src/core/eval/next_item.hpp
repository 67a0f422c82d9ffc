// The next-item protocol: predict the next video a person watches, as a feed
// does. docs/evaluation.md ("Next item") is the user-facing description.
//
// Sequence. A person's sequence is built from the events whose type the
// SequenceSpec names (by default: ratings when the log has any, else likes
// when it has any, else views; for KuaiRand that is the reference definition,
// liked rows only). Events are ordered by time, ties keeping input order, and
// a repeated (person, item) pair is kept at its first occurrence, so the
// sequence is the person's distinct items in the order they first came.
// The training log of every stage is made of these sequence events, each with
// its original type, value, duration and timestamp.
//
// Splits.
//   last            per person: the last item is the test item, the one before
//                   it the validation item, the rest training. People with
//                   fewer than 3 items are training only.
//   global:F        a global time cut at the F-quantile of the sequence events'
//                   timestamps: every event before the cut trains; each person
//                   with an item at or after the cut is asked for their first
//                   such item, from everything they did before it (possibly
//                   nothing: a newcomer). Validation uses a second cut at the
//                   F-quantile of the training events, inside the training part.
//   session:S       sessions cut where two of a person's events are more than S
//                   seconds apart; in each session of 3 or more items the last
//                   is a test item and the one before it a validation item,
//                   asked for from everything the person did before it (earlier
//                   sessions included). A person may be asked several times.
//   given           train / valid / test logs made elsewhere: each person's first
//                   valid and first test event are their validation and test items.
//
// Stages. The validation stage trains on the training part and asks for the
// validation item; the test stage trains on training + validation (the
// validation item appended as each person's most recent event; for global:F,
// everything before the outer cut) and asks for the test item.
//
// Ranking. Each asked person's private Profile is built from their history
// events in order (Profile::recordBatch, with the catalogue), and ranked
// through Model::queryForProfile and rankItems, the path Model::recommendForProfile
// takes (explanations off): candidates are the items seen in the stage's
// training log, the profile's items excluded. Score ties go to the lower model
// item index (catalogue order, then first appearance in the training log).
//
// Metrics, one relevant item per person: HR@k (hit in the top k), NDCG@k =
// 1/log2(rank + 1) for a hit at 1-based rank, MRR@k = 1/rank, means over the
// people asked; Coverage@k = distinct items in those people's lists / items in
// the training log. A target item absent from the training log is a miss
// (counted in unseenTargets).
//
// Tuning. With tune = true, every combination of the algorithm's option grids
// (OptionSpec::grid; options given in config.train.options are held fixed) is
// fitted on the validation stage; the best validation NDCG@k wins (ties: the
// earlier combination), and the test stage runs with it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "data/catalog.hpp"
#include "data/events.hpp"
#include "data/interactions.hpp"
#include "models/model.hpp"

namespace reelrank::eval {

enum class NextItemSplitKind : uint8_t { Last = 0, Global, Given, Session };

struct NextItemSplit {
  NextItemSplitKind kind = NextItemSplitKind::Last;
  double fraction = 0.9;  // Global: share of the events before the cut
  double gapSeconds = 0;  // Session: a longer gap between two events starts a new session
};

// "last", "global:0.9", "session:1800" (also "given" for the given form).
Status parseNextItemSplit(std::string_view text, NextItemSplit* out);
std::string nextItemSplitName(const NextItemSplit& split);

// Which event types make a person's sequence. Empty = automatic (see above).
struct SequenceSpec {
  std::vector<EventType> types;
};
// "auto", or event type names joined by ',' ("like", "view,like").
Status parseSequenceSpec(std::string_view text, SequenceSpec* out);
// The types `spec` selects on this batch (resolving automatic).
std::vector<EventType> sequenceTypes(const SequenceSpec& spec, const EventBatch& events);

struct NextItemConfig {
  NextItemSplit split;
  TrainConfig train;
  SequenceSpec sequence;
  std::size_t k = 10;
  bool tune = false;
};

struct NextItemFigures {
  std::size_t people = 0;         // people asked (with session:S, sessions asked)
  std::size_t unseenTargets = 0;  // of them, targets absent from the training log (misses)
  std::size_t trainEvents = 0, trainItems = 0;
  double hitRate = 0, ndcg = 0, mrr = 0, coverage = 0;
  double fitSeconds = 0, rankSeconds = 0;
};

struct NextItemTrial {
  Options options;  // the grid values tried (only the grid's options)
  NextItemFigures valid;
};

struct NextItemResult {
  std::string algorithm, split;
  std::size_t k = 0;
  std::vector<std::string> sequenceTypes;  // event type names that made the sequences
  std::size_t sequenceEvents = 0, people = 0, trainOnlyPeople = 0;
  bool tuned = false;
  Options chosen;                     // with tune: the grid values chosen (empty without a grid)
  std::vector<NextItemTrial> trials;  // with tune: every combination, in grid order
  bool hasValid = false;              // the validation stage ran (always with tune)
  NextItemFigures valid, test;
};

struct NextItemProgress {
  const char* stage;  // "valid" or "test"
  std::size_t trial, trials;
  std::size_t done, total;  // people ranked
};
using NextItemProgressFn = std::function<bool(const NextItemProgress&)>;  // false cancels

Status evaluateNextItem(const EventBatch& events, const Catalog* catalog, const NextItemConfig& config,
                        const NextItemProgressFn& progress, NextItemResult* out);
Status evaluateNextItemGiven(const EventBatch& train, const EventBatch& valid, const EventBatch& test,
                             const Catalog* catalog, const NextItemConfig& config, const NextItemProgressFn& progress,
                             NextItemResult* out);

// The grid of an algorithm: every combination of its options' grid values,
// options in `fixed` left out (each combination holds only grid options).
std::vector<Options> optionGrid(const std::string& algorithm, const Options& fixed);

}  // namespace reelrank::eval
