// TrendingModel: "trending now", popularity counted at the person's own
// moment. Each positive event of the training log (a view, a like) counts
// 2^(-age / halfLife), its age measured from the person's latest event, and
// events after that moment do not count at all: a feed asks what is popular
// now, and an evaluation of a past moment must not see later data. The score
// is log1p(decayed count) / log1p(largest decayed count), in [0, 1] like the
// static popularity prior it stands in for (BlendSignal::Popularity).
//
// Asked for many moments (an evaluation asks one per person), the decayed
// counts are kept at up to 64 checkpoints along the log, so a moment costs
// one pass over the items plus the events since the checkpoint before it. A
// query without events (a training user, an empty profile), or at a moment
// after the log ends (a shipped model on a later day), is asked at the end of
// the log: no event is newer, and the order there is the order now.
#pragma once
#include <memory>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

class TrendingModel final : public Recommender {
 public:
  static constexpr double kDefaultHalfLifeHours = 24;
  // Checkpoints hold at most this many floats in all (64 MB): a catalogue
  // of millions of items gets fewer checkpoints, not more memory.
  static constexpr std::size_t kCheckpointFloats = std::size_t{16} << 20;
  static constexpr std::size_t kMaxCheckpoints = 64;

  static Status train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  // The bytes training allocates for `events` positive events over `items` items.
  static double trainingBytes(double events, double items);

  const char* algorithm() const override { return "trending"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  double predict(const ItemSide& side, const Query& q, int32_t item) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  // The decayed counts of every item at time `t` (seconds), before scaling.
  std::vector<double> decayedCounts(double t, std::size_t items) const;

 private:
  // Sorts the events, sets the stride and fills the checkpoints.
  void index(std::size_t items);
  double momentOf(const Query& q) const;

  double halfLifeSeconds_ = kDefaultHalfLifeHours * 3600;
  std::vector<double> times_;   // positive events, in time order
  std::vector<int32_t> items_;  // their items
  std::size_t stride_ = 1;      // events between checkpoints
  // checkpoints_[c * items + j]: item j's decayed count over the first
  // (c + 1) * stride_ events, at the time of the last of them.
  std::vector<float> checkpoints_;
};

}  // namespace reelrank
