// Recommender: the one small interface every algorithm implements. An
// algorithm scores items for a Query (a person, as weights over the model's
// items, tags and creators) against the ItemSide it was trained with.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/binary_io.hpp"
#include "common/status.hpp"
#include "models/item_side.hpp"

namespace reelrank {

struct Query {
  std::vector<std::pair<int32_t, float>> items;     // model item index, signed weight
  std::vector<std::pair<int32_t, float>> tags;      // model tag index, signed weight
  std::vector<std::pair<int32_t, float>> creators;  // model creator index, signed weight
  int32_t user = -1;                                // training user row when the person is known
  // The person's recent events in time order, oldest first, as their Profile
  // keeps them (at most its maxEvents); empty for a training user. Models
  // whose traits say readsOrder read it.
  std::vector<SequenceStep> recent;
  // The time of the person's latest event, whatever its item (NaN: none, or
  // not filled: it is filled with `recent`).
  double moment = std::nan("");
};

// Recent: a sequence model's "because you just watched X" (ref: the recent
// event's item). Server: the score a server sent with a candidate (ref -1).
// New: a fresh video tried by the new-video step (rank/fresh_exploration).
enum class ReasonKind : uint8_t { Similar = 0, Tag, Creator, People, Popular, Explore, Recent, Server, New };
// The kinds run from Similar to this one. Their names are a reason's `kind` in
// JS, which reads them from the core at load() (rr.schema.reasonKinds).
constexpr ReasonKind kLastReasonKind = ReasonKind::New;
inline const char* reasonKindName(ReasonKind k) {
  switch (k) {
    case ReasonKind::Similar:
      return "similar";
    case ReasonKind::Tag:
      return "tag";
    case ReasonKind::Creator:
      return "creator";
    case ReasonKind::People:
      return "people";
    case ReasonKind::Popular:
      return "popular";
    case ReasonKind::Explore:
      return "explore";
    case ReasonKind::Recent:
      return "recent";
    case ReasonKind::Server:
      return "server";
    case ReasonKind::New:
      return "new";
  }
  return "unknown";
}

struct Reason {
  ReasonKind kind;
  int32_t ref;   // item (Similar, Recent), tag (Tag), creator (Creator), neighbour count (People), else -1
  float weight;  // share of the score this reason carries
};

// Algorithm options by name (numbers only); each algorithm rejects names it
// does not know so a typo is an error, not a silent default.
using Options = std::map<std::string, double>;

// Training progress: return false to cancel.
struct Progress {
  int iteration;
  int iterations;
  double loss;  // NaN when the algorithm has no loss
  double seconds;
  // The validation figure an algorithm stops early on (sasrec: NDCG@10 of each
  // person's held-out last item), NaN when it has none.
  double validation = std::numeric_limits<double>::quiet_NaN();
};
using ProgressFn = std::function<bool(const Progress&)>;

// Which signal of the ranker's blend an algorithm's score is. Content and
// popularity models score with one of the blend's own signals, so their score
// is the whole signal (not normalised, weight 1) and that signal is not added
// again; every other algorithm's score is the collaborative signal.
enum class BlendSignal : uint8_t { Collaborative = 0, Content, Popularity };

// What callers need to know about an algorithm, asked of it (or of its
// registry entry) rather than of its name.
struct AlgorithmTraits {
  BlendSignal signal = BlendSignal::Collaborative;
  bool needsUsers = false;  // recommends from the training users themselves: cannot ship without them
  bool readsOrder = false;  // reads the order of the recent events in the query (sequence models)
  bool trainable = true;    // false: made only by an import (Model.fromFactors)
};

class Recommender {
 public:
  virtual ~Recommender() = default;
  virtual const char* algorithm() const = 0;
  // The traits of this algorithm's registry entry (algorithm_registry.cpp).
  const AlgorithmTraits& traits() const;
  // Adds a score for every item into `scores` (itemCount entries, zero on entry).
  virtual void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const = 0;
  // Predicted preference for one item on the scale of the training values;
  // NaN when the algorithm has no basis for a prediction.
  virtual double predict(const ItemSide& side, const Query& q, int32_t item) const {
    std::vector<float> s(side.itemCount(), 0.0f);
    score(side, q, s);
    return s[static_cast<std::size_t>(item)];
  }
  // The reason behind `item`'s collaborative score (at most one), if any.
  virtual bool explain(const ItemSide&, const Query&, int32_t, Reason*) const { return false; }
  // explain() for several items of one query: found[i] says whether why[i]
  // holds items[i]'s reason. The ranker asks for a whole list at once, so a
  // model that derives something from the query first (sasrec: its steps
  // and forward pass) derives it once, not once per item.
  virtual void explainMany(const ItemSide& side, const Query& q, const std::vector<int32_t>& items,
                           std::vector<Reason>* why, std::vector<uint8_t>* found) const;
  // Items most like `item`, best first (pairs of item, similarity).
  virtual std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const;
  // Writes the algorithm's state; with includeUsers = false, nothing that
  // belongs to a training user (the model is being shipped).
  virtual void write(BinaryWriter&, bool /*includeUsers*/) const {}

  // Recency weighting of a person's items, the `recency` option of the
  // algorithms that declare it (kRecencyOption): 0 keeps the profile's own
  // time-decayed weights; h > 0 weighs each recent event 0.5^(later events / h),
  // so what was just watched counts most. Set from the option by
  // trainRecommender, applied by Model::queryForProfile, saved by Model.
  double recency() const { return recency_; }
  void setRecency(double halfLifeEvents) { recency_ = halfLifeEvents; }

 private:
  double recency_ = 0;
};

// The name of the recency option (above) in an algorithm's options.
inline constexpr const char* kRecencyOption = "recency";
inline constexpr double kMaxRecency = 1e6;

// Creates and trains the named algorithm from the registry: options are
// checked and completed with their defaults first. `progress` may be empty.
Status trainRecommender(const std::string& algorithm, const Options& options, const ItemSide& side,
                        const ProgressFn& progress, std::unique_ptr<Recommender>* out);
// Reads an algorithm written by Recommender::write.
Status readRecommender(const std::string& algorithm, BinaryReader& r, const ItemSide& side,
                       std::unique_ptr<Recommender>* out);

// Helpers shared by the algorithms.
std::vector<std::pair<int32_t, float>> topPairs(const std::vector<float>& scores, std::size_t n, int32_t skip);

}  // namespace reelrank
