// SasrecModel: the self-attention next-video model (sasrec_weights.hpp has
// the architecture, sasrec_trainer.hpp how it learns) behind the Recommender
// interface. It reads the person's recent events in order (Query::recent),
// as steps (sasrec_steps.hpp), and scores every item h . E[j] from one
// forward pass; explain() names the recent event the final position attends
// to most ("because you just watched X"). A query without order (a training
// user) reads its positively weighted items as a sequence in the order given.
#pragma once
#include <memory>
#include <mutex>
#include <vector>

#include "models/recommender.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank {

struct SasrecDefaults {
  static constexpr int kDim = 64;
  static constexpr int kBlocks = 2;
  static constexpr int kHeads = 1;
  static constexpr int kMaxLen = 200;
  static constexpr int kEpochs = 200;
  // 3e-3 reached the test NDCG@10 of 1e-3 (0.065 against 0.067 on the KuaiRand
  // sample, within noise) in 58 epochs instead of 175.
  static constexpr double kLearningRate = 3e-3;
  // 0.5, not SASRec's 0.2: --tune chose it on the KuaiRand split's
  // validation items (NDCG@10 0.0608 against 0.0437; docs/models.md).
  static constexpr double kDropout = 0.5;
  static constexpr int kBatch = 128;
  // On the KuaiRand sample the validation NDCG hovers for the first ~25
  // epochs before it climbs (in one run no epoch beat the 2nd until the 9th):
  // 20 leaves room for that plateau.
  static constexpr int kPatience = 20;
  // negatives when the option is not given: the full softmax (0) up to
  // kFullSoftmaxItems items, kSampledNegatives beyond. Measured on the
  // KuaiRand sample (1,854 items, d 64, 2 blocks, 31k positions an epoch):
  // the full softmax is 1.3 s of a 2.55 s epoch (128 negatives: 1.2-1.5 s),
  // and it grows with the items, so at 20,000 it would be about 10x the rest
  // of the network. Below that its better ranking is worth the time.
  static constexpr int kFullSoftmaxItems = 20000;
  static constexpr int kSampledNegatives = 256;
  // The full softmax: the derived default up to kFullSoftmaxItems (kept for
  // a registry entry that states a fixed default).
  static constexpr int kNegatives = 0;
  static constexpr int kFeedback = 0;
  static constexpr int kSeed = 42;
};

class SasrecModel : public Recommender {
 public:
  // Options (resolved): dim, blocks, heads, maxLen, epochs, learningRate,
  // dropout, batch, patience, negatives, feedback, seed. The FFN's hidden
  // size is dim (as in SASRec).
  static Status train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                      std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  // The resolved negatives option: itself, or when NaN (not given) the
  // default for this many items (SasrecDefaults).
  static int32_t negativesFor(const Options& o, double items);
  // Bytes training plans to allocate, for the registry's estimate.
  static double trainingBytes(double events, double items, const Options& o);
  // A model from weights made elsewhere (an import); checked by checkWeights.
  static Status fromWeights(sasrec::SasrecWeights w, const ItemSide& side, std::unique_ptr<Recommender>* out);

  const char* algorithm() const override { return "sasrec"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* why) const override;
  // One set of steps and one cache lookup for the whole list.
  void explainMany(const ItemSide& side, const Query& q, const std::vector<int32_t>& items, std::vector<Reason>* why,
                   std::vector<uint8_t>* found) const override;
  // The items the model expects right after watching `item` alone.
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  const sasrec::SasrecWeights& weights() const { return w_; }
  // The steps a query contributes (at most maxLen of them are read).
  std::vector<sasrec::Step> stepsOf(const Query& q) const;

 private:
  // One forward pass per distinct step sequence: score() and the explain()
  // calls for its results share it.
  const sasrec::Inference& infer(const std::vector<sasrec::Step>& steps) const;

  sasrec::SasrecWeights w_;
  mutable std::mutex cacheLock_;
  mutable sasrec::InferenceCache cache_;
};

}  // namespace reelrank
