#include "models/ials.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "models/factor_model.hpp"

namespace reelrank {

namespace {

struct Solver {
  int32_t f;
  double lambda, alpha;
  bool scale;
  int cgSteps;
  std::vector<float> gram, r, p, ap;  // scratch: f x f and three vectors

  // out = A v with A = G + sum_k (c_k - 1) s_k s_kᵀ + lambdaEff I, never formed.
  void multiply(const CsrView& rows, int32_t row, const FactorView& s, float lambdaEff, const float* v, float* out) {
    for (int32_t a = 0; a < f; ++a)
      out[a] = dotf(gram.data() + static_cast<std::ptrdiff_t>(a) * f, v, f) + lambdaEff * v[a];
    for (int32_t k = rows.start[row]; k < rows.start[row + 1]; ++k) {
      const float w = rows.value[k];
      if (w == 0.0f) continue;
      const float c = hkvConfidence(w, alpha);
      if (c == 1.0f) continue;
      const float* sk = s.row(rows.index[k]);
      axpyf(out, (c - 1.0f) * dotf(sk, v, f), sk, f);
    }
  }

  // Solves every row of `target` against the fixed side `s` by warm-started CG.
  void halfStep(const CsrView& rows, const FactorView& s, float* target) {
    gramMatrix(s, &gram);
    for (int32_t row = 0; row < rows.rows; ++row) {
      float* t = target + static_cast<std::ptrdiff_t>(row) * f;
      std::size_t used = 0;
      std::fill(r.begin(), r.end(), 0.0f);  // r = b for now
      for (int32_t k = rows.start[row]; k < rows.start[row + 1]; ++k) {
        const float w = rows.value[k];
        if (w == 0.0f) continue;
        ++used;
        if (w > 0) axpyf(r.data(), hkvConfidence(w, alpha), s.row(rows.index[k]), f);
      }
      bool nonZero = false;
      for (int32_t a = 0; a < f && !nonZero; ++a) nonZero = r[static_cast<std::size_t>(a)] != 0.0f;
      if (!nonZero) {  // b = 0: the solution is exactly 0
        std::fill(t, t + f, 0.0f);
        continue;
      }
      const auto lambdaEff = static_cast<float>(std::max(1e-6, effectiveLambda(lambda, scale, used)));
      multiply(rows, row, s, lambdaEff, t, ap.data());
      for (int32_t a = 0; a < f; ++a) r[static_cast<std::size_t>(a)] -= ap[static_cast<std::size_t>(a)];
      p = r;
      float rs = dotf(r.data(), r.data(), f);
      for (int step = 0; step < cgSteps && rs > 1e-20f; ++step) {
        multiply(rows, row, s, lambdaEff, p.data(), ap.data());
        const float pap = dotf(p.data(), ap.data(), f);
        if (!(pap > 0)) break;
        const float a = rs / pap;
        axpyf(t, a, p.data(), f);
        axpyf(r.data(), -a, ap.data(), f);
        const float next = dotf(r.data(), r.data(), f);
        const float beta = next / rs;
        for (int32_t c = 0; c < f; ++c)
          p[static_cast<std::size_t>(c)] = r[static_cast<std::size_t>(c)] + beta * p[static_cast<std::size_t>(c)];
        rs = next;
      }
    }
  }
};

// The objective above divided by the total confidence (users x items plus
// the extra confidence of the observed cells), so that it reads as a mean
// weighted squared error whatever the size of the log.
double objective(const CsrView& users, const FactorView& x, const FactorView& y, double lambda, double alpha,
                 bool scale, const CsrView& items) {
  std::vector<float> gy;
  gramMatrix(y, &gy);
  const int32_t f = x.dim;
  double loss = 0, weight = static_cast<double>(x.rows) * y.rows, reg = 0;
  std::vector<float> tmp(static_cast<std::size_t>(f));
  for (int32_t u = 0; u < x.rows; ++u) {
    const float* xu = x.row(u);
    for (int32_t a = 0; a < f; ++a)
      tmp[static_cast<std::size_t>(a)] = dotf(gy.data() + static_cast<std::ptrdiff_t>(a) * f, xu, f);
    loss += dotf(tmp.data(), xu, f);  // every cell as if p = 0, c = 1
    std::size_t used = 0;
    for (int32_t k = users.start[u]; k < users.start[u + 1]; ++k) {
      const float w = users.value[k];
      if (w == 0.0f) continue;
      ++used;
      const double s = dotf(xu, y.row(users.index[k]), f), c = hkvConfidence(w, alpha), pref = w > 0 ? 1.0 : 0.0;
      loss += c * (pref - s) * (pref - s) - s * s;
      weight += c - 1.0;
    }
    reg += effectiveLambda(lambda, scale, used) * dotf(xu, xu, f);
  }
  for (int32_t i = 0; i < y.rows; ++i) {
    std::size_t used = 0;
    for (int32_t k = items.start[i]; k < items.start[i + 1]; ++k) used += items.value[k] != 0.0f;
    reg += effectiveLambda(lambda, scale, used) * dotf(y.row(i), y.row(i), f);
  }
  return (loss + reg) / weight;
}

}  // namespace

Status trainIals(const Options& o, const ItemSide& side, const ProgressFn& progress,
                 std::unique_ptr<Recommender>* out) {
  // Options arrive resolved (algorithm_registry.cpp): every one present, in range.
  const double factors = o.at("factors"), iterations = o.at("iterations"), lambda = o.at("regularization"),
               cgSteps = o.at("cgSteps"), scale = o.at("scaleRegularization"), seed = o.at("seed");
  const double alpha = std::isnan(o.at("alpha")) ? static_cast<double>(side.policy.confidenceAlpha) : o.at("alpha");
  if (!side.hasUsers())
    return Status::error(ErrorCode::Empty, "ials needs interactions to learn from: the log is empty");
  const auto f = static_cast<int32_t>(factors);
  RR_TRY(checkFactorMemory("ials", side, f));

  const CsrPair data = CsrPair::from(side.userItems);
  const CsrView byUser = data.byUser(), byItem = data.byItem();
  FactorParams params;
  params.kind = FactorKind::Implicit;
  params.dim = f;
  params.implicitSolve = {lambda, alpha, scale != 0};
  params.userFactors.resize(static_cast<std::size_t>(byUser.rows) * static_cast<std::size_t>(f));
  params.itemFactors.assign(static_cast<std::size_t>(byItem.rows) * static_cast<std::size_t>(f), 0.0f);
  std::mt19937_64 rng(static_cast<uint64_t>(seed));
  fillUniform(params.userFactors, 0.1f / std::sqrt(static_cast<float>(f)), rng);

  Solver solver{f, lambda, alpha, scale != 0, static_cast<int>(cgSteps), {}, {}, {}, {}};
  solver.r.resize(static_cast<std::size_t>(f));
  solver.p.resize(static_cast<std::size_t>(f));
  solver.ap.resize(static_cast<std::size_t>(f));
  const FactorView users{params.userFactors.data(), byUser.rows, f};
  const FactorView items{params.itemFactors.data(), byItem.rows, f};
  const auto started = std::chrono::steady_clock::now();
  const int total = static_cast<int>(iterations);
  for (int it = 1; it <= total; ++it) {
    solver.halfStep(byItem, users, params.itemFactors.data());
    solver.halfStep(byUser, items, params.userFactors.data());
    if (progress) {
      const double loss = objective(byUser, users, items, lambda, alpha, scale != 0, byItem);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!progress({it, total, loss, secs})) return Status::error(ErrorCode::Cancelled, "ials training was cancelled");
    }
  }
  *out = std::make_unique<FactorModel>("ials", std::move(params));
  return Status::ok();
}

}  // namespace reelrank
