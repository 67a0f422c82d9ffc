// mf: explicit biased matrix factorisation, the model Surprise calls SVD
// (Funk 2006; Koren, Bell, Volinsky 2009). A rating is predicted as
//   r̂_ui = mu + b_u + b_i + p_u . q_i
// with mu the mean training value. Training is stochastic gradient descent on
//   L = sum_{(u,i) in R} [ e_ui^2 + lambda (|p_u|^2 + |q_i|^2) + lambdaBias (b_u^2 + b_i^2) ],
//   e_ui = r_ui - r̂_ui,
// one rating at a time in a seeded shuffled order (our own Fisher-Yates over
// std::mt19937_64, so the order is the same on every platform), each step
// moving the parameters by learningRate/2 times that rating's gradient:
//   b_u += lr_b (e - lambdaBias b_u)        p_u += lr (e q_i - lambda p_u)
//   b_i += lr_b (e - lambdaBias b_i)        q_i += lr (e p_u - lambda q_i)
// The learning rate shrinks by `decay` after every epoch. Items nobody rated
// keep a zero vector (a random one would only add noise to rankings).
// A person outside the training log is folded in (fold_in.hpp) by the
// closed-form minimiser of their own share of L, with the penalty scaled by
// their number of ratings exactly as SGD applies it.
#pragma once
#include "models/recommender.hpp"

namespace reelrank {

// Chosen on ml-latest-small, fold 0 of kfold:5 (docs/models.md has the
// grid): Surprise's SVD defaults (100 factors, 20 epochs, rate 0.005,
// penalty 0.02) underfit the penalty and stop early (RMSE 0.878 on that fold);
// a 5x stronger penalty, more epochs at a higher, decaying rate and a smaller
// initialisation reach 0.851.
struct MfDefaults {
  static constexpr int kFactors = 128;
  static constexpr int kEpochs = 100;
  static constexpr double kLearningRate = 0.015;
  static constexpr double kRegularization = 0.1;
  static constexpr double kBiasRegularization = 0.1;
  static constexpr double kDecay = 0.98;
  static constexpr double kInitStd = 0.05;
  static constexpr uint64_t kSeed = 42;
};

// The ratings, as parallel arrays (user, item, value).
struct MfData {
  int32_t users = 0, items = 0;
  std::vector<int32_t> user, item;
  std::vector<float> value;
};

struct MfState {
  int32_t dim = 0;
  double mu = 0;
  std::vector<float> bu, bi;  // per user, per item
  std::vector<float> p, q;    // users x dim, items x dim (row-major)
};

struct MfHyper {
  double lambda = MfDefaults::kRegularization;
  double lambdaBias = MfDefaults::kBiasRegularization;
};

// L above (mu is fixed, not a parameter).
double mfObjective(const MfData& d, const MfState& s, const MfHyper& h);
// dL/d(parameters), in a state shaped like `s` (mu = 0).
void mfGradient(const MfData& d, const MfState& s, const MfHyper& h, MfState* grad);
// One SGD step on rating k.
void mfStep(const MfData& d, std::size_t k, const MfHyper& h, float lr, float lrBias, MfState* s);

// Options: factors, epochs, learningRate, biasLearningRate (default: learningRate),
// regularization, biasRegularization, decay, initStd, seed.
Status trainMf(const Options& o, const ItemSide& side, const ProgressFn& progress, std::unique_ptr<Recommender>* out);

}  // namespace reelrank
