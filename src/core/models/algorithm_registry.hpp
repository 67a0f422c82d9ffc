// The one table of algorithms: for each, its name, what it takes (options
// with ranges and defaults), what callers need to know of it (traits, whether
// it predicts ratings, what training will allocate), and how to train and read
// it. Code outside src/core/models asks this table, or a trained Recommender's
// traits(), and never compares an algorithm's name. The JS layer reads the same
// table at load() (rr.algorithms), so the two sides cannot drift.
//
// Adding an algorithm is its own .hpp/.cpp and one entry in
// algorithm_registry.cpp (CONTRIBUTING.md says how).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

struct OptionSpec {
  std::string name;
  double defaultValue;  // NaN: derived from something else, which `description` names
  double min, max;      // inclusive
  bool integer;
  std::string description;
  // Values the next-item protocol's --tune tries (eval/next_item.hpp); may be
  // empty. A few values each: tuning fits every combination of the grids.
  std::vector<double> grid = {};
};

// The size of what training works on, for the memory estimate.
struct TrainingShape {
  double events = 0, items = 0, users = 0;
};

struct AlgorithmEntry {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  AlgorithmTraits traits;
  // Whether predictions are on the rating scale of the training values, for
  // the resolved options (every option present): rating metrics need it.
  bool (*predictsRatings)(const Options& resolved);
  // Bytes training will allocate beyond the shared part (sort order and the
  // matrix), for the resolved options; checked against the budget first.
  double (*trainingBytes)(const TrainingShape& shape, const Options& resolved);
  // Trains from resolved options; null when the algorithm is only imported.
  Status (*train)(const Options& resolved, const ItemSide& side, const ProgressFn& progress,
                  std::unique_ptr<Recommender>* out);
  Status (*read)(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
};

// Every algorithm this build knows, in a stable order.
const std::vector<AlgorithmEntry>& algorithmRegistry();
// The entry named `name`, or null.
const AlgorithmEntry* findAlgorithm(const std::string& name);
// E_ARG naming the algorithms when `name` is not a trainable one.
Status findTrainable(const std::string& name, const AlgorithmEntry** out);

// Checks `given` against the entry's options (unknown names, ranges, whole
// numbers) and fills in every default: E_ARG with a message naming the option.
// A NaN default stays NaN for the algorithm to derive.
Status resolveOptions(const AlgorithmEntry& entry, const Options& given, Options* resolved);

}  // namespace reelrank
