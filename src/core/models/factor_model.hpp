// FactorModel: every model that scores items with latent factors.
//   mf       explicit biased MF (r = mu + b_u + b_i + p_u . q_i), trained by SGD (mf.hpp)
//   ials     implicit ALS, Hu-Koren-Volinsky confidence (ials.hpp)
//   factors  item factors trained elsewhere (Spark MLlib ALS, Python `implicit`, ...)
//            and imported with modelFromFactors (Model.fromFactors in JS)
// A person's vector comes from their trained row when the query is a known
// training user whose vector the model kept, and is otherwise solved on the
// spot from the query's items (fold_in.hpp): that is how a private Profile is
// served without retraining, and why a profile stays valid when the model is
// retrained or gains items (unknown items are simply not in the query).
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "models/fold_in.hpp"
#include "models/recommender.hpp"

namespace reelrank {

class Model;

enum class FactorKind : uint8_t { Explicit = 0, Implicit = 1 };

// Largest factor dimension a model may have (a snapshot claiming more is damaged).
constexpr int32_t kMaxFactorDim = 1024;
// Most factor floats a model may hold (1 GiB): checked before allocating.
constexpr std::size_t kMaxImportFloats = std::size_t{1} << 28;

struct FactorParams {
  FactorKind kind = FactorKind::Implicit;
  int32_t dim = 0;
  std::vector<float> itemFactors;  // items x dim, row-major
  std::vector<float> itemBias;     // per item, or empty
  double globalMean = 0;           // explicit only
  std::vector<float> userFactors;  // training users x dim, or empty (then every person is folded in)
  std::vector<float> userBias;     // per training user (explicit), or empty
  ImplicitSolve implicitSolve;     // fold-in settings: the ones the factors were trained with
  ExplicitSolve explicitSolve;
  // Predictions are clamped to the training values' range (explicit models;
  // Surprise clips the same way); infinite when unknown.
  float minValue = -std::numeric_limits<float>::infinity();
  float maxValue = std::numeric_limits<float>::infinity();
};

class FactorModel final : public Recommender {
 public:
  FactorModel(std::string algorithm, FactorParams params);
  static Status read(const std::string& algorithm, BinaryReader& r, const ItemSide& side,
                     std::unique_ptr<Recommender>* out);

  const char* algorithm() const override { return algorithm_.c_str(); }
  // Explicit: b_i + x . y_i (the predicted rating less the person's constant
  // mu + b_u, so "above this person's usual" is positive). Implicit: x . y_i.
  void score(const ItemSide& side, const Query& q, std::vector<float>& scores) const override;
  double predict(const ItemSide& side, const Query& q, int32_t item) const override;
  // The person's item that contributes most to `item`'s score (HKV section 5).
  bool explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const override;
  // Cosine between item factor vectors.
  std::vector<std::pair<int32_t, float>> similarItems(const ItemSide& side, int32_t item, std::size_t n) const override;
  void write(BinaryWriter& w, bool includeUsers) const override;

  const FactorParams& params() const { return p_; }
  FactorView items() const { return {p_.itemFactors.data(), itemCount_, p_.dim}; }
  // The person's vector (dim floats) and bias, trained or folded in.
  void personVector(const Query& q, std::vector<float>* x, float* bias) const;
  // Solves the fold-in system for a query's items (used by personVector and explain).
  void solveFor(const Query& q, FoldInSystem* out) const;

 private:
  const FoldInSystem& cachedSystem(const Query& q) const;

  std::string algorithm_;
  FactorParams p_;
  int32_t itemCount_ = 0;
  std::vector<float> gram_;  // derived: YᵀY, implicit only
  uint64_t id_;              // distinguishes models in the per-thread fold-in cache
};

// ---- Training helpers shared by mf and ials ---------------------------------

// A compressed sparse row view (rows x ?, entries start[r]..start[r+1]).
struct CsrView {
  const int32_t* start;
  const int32_t* index;
  const float* value;
  int32_t rows;
};

// The training matrix in both orientations, as plain arrays.
class CsrPair {
 public:
  static CsrPair from(const SparseRows& userItems);
  CsrView byUser() const { return {userStart_.data(), userIndex_.data(), userValue_.data(), users_}; }
  CsrView byItem() const { return {itemStart_.data(), itemIndex_.data(), itemValue_.data(), items_}; }

 private:
  int32_t users_ = 0, items_ = 0;
  std::vector<int32_t> userStart_, userIndex_, itemStart_, itemIndex_;
  std::vector<float> userValue_, itemValue_;
};

// Seeds and counts cross from JS as doubles: 2^53 is the largest integer
// every one of them holds exactly.
constexpr double kMaxSeed = 9007199254740992.0;
// E_MEMORY when (users + items) x factors floats exceed kMaxImportFloats.
Status checkFactorMemory(const char* algorithm, const ItemSide& side, int32_t factors);
// Uniform in [-a, a] from the top 24 bits of each draw: the same floats on
// every platform for a seed (std::uniform_real_distribution is implementation-defined).
void fillUniform(std::vector<float>& v, float a, std::mt19937_64& rng);

// Item factors trained elsewhere.
struct FactorImport {
  std::vector<std::string> items;  // one id per factor row
  int32_t dim = 0;
  std::vector<float> factors;                                    // items x dim, row-major (C order)
  std::vector<float> itemBias;                                   // empty, or one per item
  double globalMean = std::numeric_limits<double>::quiet_NaN();  // NaN = not given
  // Explicit when a bias or a mean is given (a rating model), else implicit.
  ImplicitSolve implicitSolve;
  ExplicitSolve explicitSolve;
};

// Builds a Model (no training users, popularity 0) whose algorithm is
// "factors". E_ARG for a malformed import (sizes, non-finite values, ids),
// E_MEMORY when the factors exceed kMaxImportFloats.
// The sizes of an import, checked before anything is allocated: E_ARG for a
// bad dim or a factor count that is not items x dim, E_MEMORY past the
// catalogue limit or kMaxImportFloats, E_EMPTY for no items.
Status checkFactorImportShape(std::size_t items, int32_t dim, std::size_t factorCount);

// Consumes `in` (its factors become the model's own). On failure `out` is
// unchanged.
Status modelFromFactors(FactorImport&& in, Model* out);

}  // namespace reelrank
