#include "models/mf.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "models/factor_model.hpp"

namespace reelrank {

namespace {

// Fisher-Yates with unbiased bounded draws (rejection), so a seed gives the
// same order natively and in wasm (std::shuffle's algorithm is unspecified).
void shuffle(std::vector<uint32_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    const uint64_t bound = i, limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t draw;
    do draw = rng();
    while (draw >= limit);
    std::swap(v[i - 1], v[static_cast<std::size_t>(draw % bound)]);
  }
}

const float* row(const std::vector<float>& m, int32_t r, int32_t f) {
  return m.data() + static_cast<std::ptrdiff_t>(r) * f;
}
float* row(std::vector<float>& m, int32_t r, int32_t f) { return m.data() + static_cast<std::ptrdiff_t>(r) * f; }

float residual(const MfData& d, const MfState& s, std::size_t k) {
  const int32_t u = d.user[k], i = d.item[k];
  const float pred = static_cast<float>(s.mu) + s.bu[static_cast<std::size_t>(u)] + s.bi[static_cast<std::size_t>(i)] +
                     dotf(row(s.p, u, s.dim), row(s.q, i, s.dim), s.dim);
  return d.value[k] - pred;
}

}  // namespace

double mfObjective(const MfData& d, const MfState& s, const MfHyper& h) {
  double loss = 0;
  const int32_t f = s.dim;
  for (std::size_t k = 0; k < d.value.size(); ++k) {
    const int32_t u = d.user[k], i = d.item[k];
    const double e = residual(d, s, k);
    const float* p = row(s.p, u, f);
    const float* q = row(s.q, i, f);
    const double bu = s.bu[static_cast<std::size_t>(u)], bi = s.bi[static_cast<std::size_t>(i)];
    loss += e * e + h.lambda * (dotf(p, p, f) + dotf(q, q, f)) + h.lambdaBias * (bu * bu + bi * bi);
  }
  return loss;
}

void mfGradient(const MfData& d, const MfState& s, const MfHyper& h, MfState* g) {
  const int32_t f = s.dim;
  g->dim = f;
  g->mu = 0;
  g->bu.assign(s.bu.size(), 0.0f);
  g->bi.assign(s.bi.size(), 0.0f);
  g->p.assign(s.p.size(), 0.0f);
  g->q.assign(s.q.size(), 0.0f);
  const auto lambda = static_cast<float>(h.lambda), lambdaBias = static_cast<float>(h.lambdaBias);
  for (std::size_t k = 0; k < d.value.size(); ++k) {
    const int32_t u = d.user[k], i = d.item[k];
    const float e = residual(d, s, k);
    g->bu[static_cast<std::size_t>(u)] += -2 * e + 2 * lambdaBias * s.bu[static_cast<std::size_t>(u)];
    g->bi[static_cast<std::size_t>(i)] += -2 * e + 2 * lambdaBias * s.bi[static_cast<std::size_t>(i)];
    const float* p = row(s.p, u, f);
    const float* q = row(s.q, i, f);
    float* gp = row(g->p, u, f);
    float* gq = row(g->q, i, f);
    for (int32_t a = 0; a < f; ++a) {
      gp[a] += -2 * e * q[a] + 2 * lambda * p[a];
      gq[a] += -2 * e * p[a] + 2 * lambda * q[a];
    }
  }
}

void mfStep(const MfData& d, std::size_t k, const MfHyper& h, float lr, float lrBias, MfState* s) {
  const int32_t u = d.user[k], i = d.item[k], f = s->dim;
  const float e = residual(d, *s, k);
  const auto lambda = static_cast<float>(h.lambda), lambdaBias = static_cast<float>(h.lambdaBias);
  float& bu = s->bu[static_cast<std::size_t>(u)];
  float& bi = s->bi[static_cast<std::size_t>(i)];
  bu += lrBias * (e - lambdaBias * bu);
  bi += lrBias * (e - lambdaBias * bi);
  float* p = row(s->p, u, f);
  float* q = row(s->q, i, f);
  // Both updates use the old values (the gradient at the current point).
  for (int32_t a = 0; a < f; ++a) {
    const float pa = p[a], qa = q[a];
    p[a] = pa + lr * (e * qa - lambda * pa);
    q[a] = qa + lr * (e * pa - lambda * qa);
  }
}

Status trainMf(const Options& o, const ItemSide& side, const ProgressFn& progress, std::unique_ptr<Recommender>* out) {
  // Options arrive resolved (algorithm_registry.cpp): every one present, in range.
  const double factors = o.at("factors"), epochs = o.at("epochs"), lr = o.at("learningRate"),
               lambda = o.at("regularization"), lambdaBias = o.at("biasRegularization"), decay = o.at("decay"),
               initStd = o.at("initStd"), seed = o.at("seed");
  const double lrBias = std::isnan(o.at("biasLearningRate")) ? lr : o.at("biasLearningRate");
  if (!side.hasUsers()) return Status::error(ErrorCode::Empty, "mf needs ratings to learn from: the log is empty");
  const auto f = static_cast<int32_t>(factors);
  RR_TRY(checkFactorMemory("mf", side, f));

  MfData d;
  d.users = static_cast<int32_t>(side.userItems.rows());
  d.items = static_cast<int32_t>(side.userItems.cols());
  double sum = 0;
  float lo = INFINITY, hi = -INFINITY;
  for (int32_t u = 0; u < d.users; ++u) {
    for (SparseRows::InnerIterator it(side.userItems, u); it; ++it) {
      d.user.push_back(u);
      d.item.push_back(it.index());
      d.value.push_back(it.value());
      sum += it.value();
      lo = std::min(lo, it.value());
      hi = std::max(hi, it.value());
    }
  }
  if (d.value.empty()) return Status::error(ErrorCode::Empty, "mf needs ratings to learn from: the log is empty");
  MfState s;
  s.dim = f;
  s.mu = sum / static_cast<double>(d.value.size());
  s.bu.assign(static_cast<std::size_t>(d.users), 0.0f);
  s.bi.assign(static_cast<std::size_t>(d.items), 0.0f);
  s.p.resize(static_cast<std::size_t>(d.users) * static_cast<std::size_t>(f));
  s.q.resize(static_cast<std::size_t>(d.items) * static_cast<std::size_t>(f));
  std::mt19937_64 rng(static_cast<uint64_t>(seed));
  // A uniform draw in [-a, a] has standard deviation a / sqrt(3).
  const auto a = static_cast<float>(initStd * std::sqrt(3.0));
  fillUniform(s.p, a, rng);
  fillUniform(s.q, a, rng);
  const MfHyper h{lambda, lambdaBias};

  std::vector<uint32_t> order(d.value.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<uint32_t>(k);
  const auto started = std::chrono::steady_clock::now();
  const int total = static_cast<int>(epochs);
  double rate = lr, rateBias = lrBias;
  for (int epoch = 1; epoch <= total; ++epoch) {
    shuffle(order, rng);
    const auto r = static_cast<float>(rate), rb = static_cast<float>(rateBias);
    for (uint32_t k : order) mfStep(d, k, h, r, rb, &s);
    rate *= decay;
    rateBias *= decay;
    if (progress) {
      const double loss = mfObjective(d, s, h) / static_cast<double>(d.value.size());
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!progress({epoch, total, loss, secs}))
        return Status::error(ErrorCode::Cancelled, "mf training was cancelled");
    }
  }
  std::vector<uint8_t> rated(static_cast<std::size_t>(d.items), 0);
  for (int32_t i : d.item) rated[static_cast<std::size_t>(i)] = 1;
  for (int32_t i = 0; i < d.items; ++i)
    if (!rated[static_cast<std::size_t>(i)]) std::fill(row(s.q, i, f), row(s.q, i, f) + f, 0.0f);

  FactorParams params;
  params.kind = FactorKind::Explicit;
  params.dim = f;
  params.globalMean = s.mu;
  params.itemFactors = std::move(s.q);
  params.itemBias = std::move(s.bi);
  params.userFactors = std::move(s.p);
  params.userBias = std::move(s.bu);
  params.explicitSolve = {lambda, lambdaBias, true};
  params.minValue = lo;
  params.maxValue = hi;
  *out = std::make_unique<FactorModel>("mf", std::move(params));
  return Status::ok();
}

}  // namespace reelrank
