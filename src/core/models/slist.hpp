// slist: a closed-form sequence model in the spirit of SLIST (Choi et al.,
// "Session-aware Linear Item-Item Models", WWW 2021). One item-item matrix B
// with a zero diagonal is fitted to two targets at once:
//   alpha |X - X B|^2 + (1 - alpha) |T - S B|^2 + lambda |B|^2,  diag(B) = 0,
// where X holds each person's items (0/1: what goes together, as EASE) and
// each row pair (S_t, T_t) is one step of a sequence: T_t the item watched at
// step t, S_t the `window` items before it weighted decay^(distance - 1)
// (what comes next). With A = alpha XᵀX + (1 - alpha) SᵀS + lambda I,
// P = A⁻¹ and C = P (alpha XᵀX + (1 - alpha) SᵀT), the minimiser is
//   B = C - P diag(diag C / diag P)
// (a Lagrange multiplier per diagonal entry; alpha = 1 gives EASE exactly).
//
// A person's score reads their recent events, most recent first, like the
// transitions model: x = sum_k decay^k s_k e_{i_k} over the last `history`
// events (s = +1 for a positive event, -skipWeight for a skip or dislike),
// score = x B. A query without order (a training user) reads its bag.
//
// Memory: like EASE, B is dense over the `maxItems` most-watched items;
// training holds four such matrices (A, the right-hand side, P, C).
#pragma once
#include <memory>
#include <vector>

#include "models/recommender.hpp"

namespace reelrank {

class SlistModel final : public Recommender {
 public:
  // Chosen on the validation items of the next-item split files
  // (../shared/data/next-item, docs/models.md): --tune picked alpha 0.2 and
  // lambda 100 on both ml-latest-small and KuaiRand.
  static constexpr double kDefaultLambda = 100;
  static constexpr double kDefaultAlpha = 0.2;
  static constexpr int kDefaultWindow = 5;
  static constexpr double kDefaultDecay = 0.7;
  static constexpr int kDefaultHistory = 20;
  static constexpr double kDefaultSkipWeight = 0.5;
  static constexpr int kDefaultMaxItems = 2000;
  static constexpr int kMaxItems = 6000;  // 4 x 6,000^2 floats = 576 MB while training

  static Status train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                      std::unique_ptr<Recommender>* out);
  static Status read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out);
  static double trainingBytes(double items, const Options& o);

  const char* algorithm() const override { return "slist"; }
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* why) const override;
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  // B_ij for model items i and j (0 when either was not kept).
  float weight(int32_t i, int32_t j) const;

 private:
  std::vector<std::pair<int32_t, float>> weightedHistory(const Query& q) const;
  void deriveIndex(std::size_t items);

  double lambda_ = kDefaultLambda, alpha_ = kDefaultAlpha, decay_ = kDefaultDecay, skipWeight_ = kDefaultSkipWeight;
  int32_t window_ = kDefaultWindow, history_ = kDefaultHistory;
  std::vector<int32_t> kept_;  // model item of each row, ascending
  std::vector<int32_t> row_;   // derived: row of each model item, -1 when not kept
  std::vector<float> b_;       // kept x kept, row-major
};

}  // namespace reelrank
