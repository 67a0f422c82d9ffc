#include "models/factor_model.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "common/limits.hpp"
#include "models/model.hpp"

namespace reelrank {

namespace {

std::atomic<uint64_t> nextModelId{1};

// The ranker calls score() once and then explain() for each of the k results
// with the same query; the fold-in system is the costly part of both, so the
// last one is kept per thread (per thread: models are shared between threads
// natively, and a thread-local needs no lock).
struct SystemCache {
  uint64_t model = 0;
  std::vector<std::pair<int32_t, float>> items;
  FoldInSystem system;
};
thread_local SystemCache tlsCache;

bool allFinite(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

bool validSolve(const ImplicitSolve& s) {
  return std::isfinite(s.regularization) && s.regularization >= 0 && std::isfinite(s.alpha) && s.alpha >= 0;
}
bool validSolve(const ExplicitSolve& s) {
  return std::isfinite(s.regularization) && s.regularization >= 0 && std::isfinite(s.biasRegularization) &&
         s.biasRegularization >= 0;
}

}  // namespace

CsrPair CsrPair::from(const SparseRows& m) {
  CsrPair c;
  c.users_ = static_cast<int32_t>(m.rows());
  c.items_ = static_cast<int32_t>(m.cols());
  c.userStart_.assign(static_cast<std::size_t>(c.users_) + 1, 0);
  c.itemStart_.assign(static_cast<std::size_t>(c.items_) + 1, 0);
  for (int32_t u = 0; u < c.users_; ++u) {
    for (SparseRows::InnerIterator it(m, u); it; ++it) {
      c.userIndex_.push_back(it.index());
      c.userValue_.push_back(it.value());
      ++c.itemStart_[static_cast<std::size_t>(it.index()) + 1];
    }
    c.userStart_[static_cast<std::size_t>(u) + 1] = static_cast<int32_t>(c.userIndex_.size());
  }
  for (int32_t i = 0; i < c.items_; ++i)
    c.itemStart_[static_cast<std::size_t>(i) + 1] += c.itemStart_[static_cast<std::size_t>(i)];
  c.itemIndex_.resize(c.userIndex_.size());
  c.itemValue_.resize(c.userIndex_.size());
  std::vector<int32_t> fill(c.itemStart_.begin(), c.itemStart_.end() - 1);
  for (int32_t u = 0; u < c.users_; ++u) {
    for (int32_t k = c.userStart_[static_cast<std::size_t>(u)]; k < c.userStart_[static_cast<std::size_t>(u) + 1];
         ++k) {
      const auto at =
          static_cast<std::size_t>(fill[static_cast<std::size_t>(c.userIndex_[static_cast<std::size_t>(k)])]++);
      c.itemIndex_[at] = u;
      c.itemValue_[at] = c.userValue_[static_cast<std::size_t>(k)];
    }
  }
  return c;
}

Status checkFactorMemory(const char* algorithm, const ItemSide& side, int32_t factors) {
  const std::size_t rows = side.users.size() + side.itemCount();
  if (rows * static_cast<std::size_t>(factors) > kMaxImportFloats)
    return Status::error(ErrorCode::Memory, std::string(algorithm) + ": " + std::to_string(rows) +
                                                " users and items x " + std::to_string(factors) +
                                                " factors exceed the limit of " + std::to_string(kMaxImportFloats) +
                                                " floats (1 GiB); use fewer factors");
  return Status::ok();
}

void fillUniform(std::vector<float>& v, float a, std::mt19937_64& rng) {
  for (float& x : v) x = (static_cast<float>(rng() >> 40) * (1.0f / 16777216.0f) * 2.0f - 1.0f) * a;
}

FactorModel::FactorModel(std::string algorithm, FactorParams params)
    : algorithm_(std::move(algorithm)), p_(std::move(params)), id_(nextModelId.fetch_add(1)) {
  itemCount_ = p_.dim > 0 ? static_cast<int32_t>(p_.itemFactors.size() / static_cast<std::size_t>(p_.dim)) : 0;
  if (p_.kind == FactorKind::Implicit) gramMatrix(items(), &gram_);
}

void FactorModel::solveFor(const Query& q, FoldInSystem* out) const {
  if (p_.kind == FactorKind::Implicit)
    foldInImplicit(items(), gram_.data(), q.items, p_.implicitSolve, out);
  else
    foldInExplicit(items(), p_.itemBias.empty() ? nullptr : p_.itemBias.data(), p_.globalMean, q.items,
                   p_.explicitSolve, out);
}

const FoldInSystem& FactorModel::cachedSystem(const Query& q) const {
  SystemCache& c = tlsCache;
  if (c.model != id_ || c.items != q.items) {
    c.model = 0;  // invalid while being rebuilt
    solveFor(q, &c.system);
    c.items = q.items;
    c.model = id_;
  }
  return c.system;
}

void FactorModel::personVector(const Query& q, std::vector<float>* x, float* bias) const {
  const auto f = static_cast<std::size_t>(p_.dim);
  const auto u = static_cast<std::size_t>(q.user);
  if (q.user >= 0 && (u + 1) * f <= p_.userFactors.size()) {
    x->assign(p_.userFactors.begin() + static_cast<std::ptrdiff_t>(u * f),
              p_.userFactors.begin() + static_cast<std::ptrdiff_t>((u + 1) * f));
    *bias = u < p_.userBias.size() ? p_.userBias[u] : 0.0f;
    return;
  }
  const FoldInSystem& s = cachedSystem(q);
  x->assign(s.x.data(), s.x.data() + f);
  *bias = s.dim > p_.dim ? s.x[p_.dim] : 0.0f;
}

void FactorModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  std::vector<float> x;
  float bias;
  personVector(q, &x, &bias);
  const FactorView y = items();
  const float* b = p_.itemBias.empty() ? nullptr : p_.itemBias.data();
  const int32_t n = std::min<int32_t>(y.rows, static_cast<int32_t>(scores.size()));
  for (int32_t j = 0; j < n; ++j)
    scores[static_cast<std::size_t>(j)] += dotf(y.row(j), x.data(), y.dim) + (b ? b[j] : 0.0f);
}

double FactorModel::predict(const ItemSide&, const Query& q, int32_t item) const {
  if (item < 0 || item >= itemCount_) return std::nan("");
  std::vector<float> x;
  float bias;
  personVector(q, &x, &bias);
  double v = dotf(items().row(item), x.data(), p_.dim);
  if (!p_.itemBias.empty()) v += p_.itemBias[static_cast<std::size_t>(item)];
  if (p_.kind == FactorKind::Explicit) v += p_.globalMean + bias;
  return std::clamp(v, static_cast<double>(p_.minValue), static_cast<double>(p_.maxValue));
}

bool FactorModel::explain(const ItemSide&, const Query& q, int32_t item, Reason* out) const {
  std::vector<std::pair<int32_t, float>> parts;
  foldInContributions(items(), cachedSystem(q), item, &parts);
  int32_t best = -1;
  float bestValue = 0;
  // foldInContributions lists only the person's positive items: a disliked
  // item that lifts a score is not "because you watched".
  for (const auto& [k, c] : parts) {
    if (c > bestValue && k != item) {
      bestValue = c;
      best = k;
    }
  }
  if (best < 0) return false;
  *out = {ReasonKind::Similar, best, bestValue};
  return true;
}

std::vector<std::pair<int32_t, float>> FactorModel::similarItems(const ItemSide&, int32_t item, std::size_t n) const {
  const FactorView y = items();
  std::vector<float> sims(static_cast<std::size_t>(itemCount_), 0.0f);
  if (item < 0 || item >= itemCount_) return {};
  const float* a = y.row(item);
  const float na = std::sqrt(dotf(a, a, y.dim));
  if (na > 0) {
    for (int32_t j = 0; j < itemCount_; ++j) {
      const float* b = y.row(j);
      const float nb = std::sqrt(dotf(b, b, y.dim));
      if (nb > 0) sims[static_cast<std::size_t>(j)] = dotf(a, b, y.dim) / (na * nb);
    }
  }
  return topPairs(sims, n, item);
}

void FactorModel::write(BinaryWriter& w, bool includeUsers) const {
  w.u8(static_cast<uint8_t>(p_.kind));
  w.i32(p_.dim);
  w.f64(p_.globalMean);
  w.f64(p_.implicitSolve.regularization);
  w.f64(p_.implicitSolve.alpha);
  w.u8(p_.implicitSolve.scaleRegularization ? 1 : 0);
  w.f64(p_.explicitSolve.regularization);
  w.f64(p_.explicitSolve.biasRegularization);
  w.u8(p_.explicitSolve.scaleRegularization ? 1 : 0);
  w.f32(p_.minValue);
  w.f32(p_.maxValue);
  w.podVector(p_.itemFactors);
  w.podVector(p_.itemBias);
  // Without its users a model is shipped: the trained user vectors belong to
  // the private side and stay behind (every person is folded in instead).
  w.podVector(includeUsers ? p_.userFactors : std::vector<float>{});
  w.podVector(includeUsers ? p_.userBias : std::vector<float>{});
}

Status FactorModel::read(const std::string& algorithm, BinaryReader& r, const ItemSide& side,
                         std::unique_ptr<Recommender>* out) {
  FactorParams p;
  const uint8_t kind = r.u8();
  p.kind = static_cast<FactorKind>(kind);
  p.dim = r.i32();
  p.globalMean = r.f64();
  p.implicitSolve.regularization = r.f64();
  p.implicitSolve.alpha = r.f64();
  const uint8_t scaleImplicit = r.u8();
  p.implicitSolve.scaleRegularization = scaleImplicit != 0;
  p.explicitSolve.regularization = r.f64();
  p.explicitSolve.biasRegularization = r.f64();
  const uint8_t scaleExplicit = r.u8();
  p.explicitSolve.scaleRegularization = scaleExplicit != 0;
  p.minValue = r.f32();
  p.maxValue = r.f32();
  p.itemFactors = r.podVector<float>();
  p.itemBias = r.podVector<float>();
  p.userFactors = r.podVector<float>();
  p.userBias = r.podVector<float>();
  const std::string what = algorithm + " section of the model snapshot is damaged";
  if (!r.ok() || kind > 1 || scaleImplicit > 1 || scaleExplicit > 1 || p.dim < 1 || p.dim > kMaxFactorDim)
    return corruptError(what);
  const auto f = static_cast<std::size_t>(p.dim), items = side.itemCount(), users = side.users.size();
  bool ok = std::isfinite(p.globalMean) && validSolve(p.implicitSolve) && validSolve(p.explicitSolve) &&
            !std::isnan(p.minValue) && !std::isnan(p.maxValue) && p.minValue <= p.maxValue &&
            p.itemFactors.size() == items * f && (p.itemBias.empty() || p.itemBias.size() == items) &&
            p.userFactors.size() % f == 0 && allFinite(p.itemFactors) && allFinite(p.itemBias) &&
            allFinite(p.userFactors) && allFinite(p.userBias);
  const std::size_t storedUsers = p.userFactors.size() / f;
  ok = ok && (p.userBias.empty() || p.userBias.size() == storedUsers);
  // Trained vectors belong to the training users; a model loaded without its
  // users has no use for them (every person is folded in).
  if (ok && side.hasUsers()) ok = storedUsers == 0 || storedUsers == users;
  if (!ok) return corruptError(what);
  if (!side.hasUsers()) {
    p.userFactors.clear();
    p.userBias.clear();
  }
  *out = std::make_unique<FactorModel>(algorithm, std::move(p));
  return Status::ok();
}

Status checkFactorImportShape(std::size_t items, int32_t dim, std::size_t factorCount) {
  if (dim < 1 || dim > kMaxFactorDim)
    return argError("fromFactors: dim must be an integer from 1 to " + std::to_string(kMaxFactorDim) + " (got " +
                    std::to_string(dim) + ")");
  if (items == 0) return Status::error(ErrorCode::Empty, "fromFactors: there are no items");
  if (items > limits::kMaxCatalogItems)
    return Status::error(ErrorCode::Memory, "fromFactors: " + std::to_string(items) +
                                                " items exceed the catalogue limit of " +
                                                std::to_string(limits::kMaxCatalogItems) +
                                                ": import the most-watched items only, or rank natively");
  const std::size_t want = items * static_cast<std::size_t>(dim);
  if (want > kMaxImportFloats)
    return Status::error(ErrorCode::Memory, "fromFactors: " + std::to_string(items) + " items x " +
                                                std::to_string(dim) + " factors exceed the limit of " +
                                                std::to_string(kMaxImportFloats) +
                                                " floats (1 GiB): import fewer items or fewer factors");
  if (factorCount != want)
    return argError("fromFactors: factors must hold items x dim = " + std::to_string(items) + " x " +
                    std::to_string(dim) + " = " + std::to_string(want) + " numbers (got " +
                    std::to_string(factorCount) + ")");
  return Status::ok();
}

Status modelFromFactors(FactorImport&& in, Model* out) {
  RR_TRY(checkFactorImportShape(in.items.size(), in.dim, in.factors.size()));
  if (!in.itemBias.empty() && in.itemBias.size() != in.items.size())
    return argError("fromFactors: itemBias must hold one number per item (" + std::to_string(in.items.size()) +
                    ", got " + std::to_string(in.itemBias.size()) + ")");
  for (std::size_t k = 0; k < in.factors.size(); ++k)
    if (!std::isfinite(in.factors[k]))
      return argError("fromFactors: factor " + std::to_string(k % in.dim) + " of item '" + in.items[k / in.dim] +
                      "' is not a finite number");
  if (!allFinite(in.itemBias)) return argError("fromFactors: itemBias holds a value that is not a finite number");
  if (std::isinf(in.globalMean)) return argError("fromFactors: globalMean must be a finite number");
  if (!validSolve(in.implicitSolve) || !validSolve(in.explicitSolve))
    return argError("fromFactors: regularization and alpha must be finite numbers >= 0");
  auto side = std::make_shared<ItemSide>();
  {
    std::vector<VideoInput> videos(in.items.size());
    for (std::size_t i = 0; i < in.items.size(); ++i) videos[i].id = std::move(in.items[i]);
    const Status s = side->catalog.addMany(videos);
    if (!s.isOk()) return argError("fromFactors: items: " + s.message());
  }
  side->popularity.assign(side->catalog.size(), 0.0f);  // an import knows no log
  FactorParams p;
  const bool explicitModel = !in.itemBias.empty() || !std::isnan(in.globalMean);
  p.kind = explicitModel ? FactorKind::Explicit : FactorKind::Implicit;
  p.dim = in.dim;
  p.globalMean = std::isnan(in.globalMean) ? 0.0 : in.globalMean;
  p.implicitSolve = in.implicitSolve;
  p.explicitSolve = in.explicitSolve;
  // The catalogue numbers items in input order, so row r of the import is
  // model item r: the factors move into the model without a copy (the import
  // holds one copy in wasm, the one the model keeps).
  p.itemFactors = std::move(in.factors);
  p.itemBias = std::move(in.itemBias);
  return Model::assemble(std::move(side), std::make_unique<FactorModel>("factors", std::move(p)), BlendWeights{}, out);
}

}  // namespace reelrank
