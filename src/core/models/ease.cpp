#include "models/ease.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "models/factor_model.hpp"

namespace reelrank {

namespace {
// Columns of P computed per step: small enough that a step takes well under
// a second in wasm at the default size (so progress and cancel respond),
// large enough for Eigen's blocked triangular solves to run at speed.
constexpr int32_t kInverseBlock = 256;

std::string megabytes(double bytes) { return std::to_string(static_cast<long long>(std::ceil(bytes / 1e6))) + " MB"; }
}  // namespace

Status EaseModel::train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                        std::unique_ptr<Recommender>* out) {
  // Options arrive resolved (algorithm_registry.cpp): every one present, in range.
  const double lambda = o.at("lambda"), maxItems = o.at("maxItems"), binary = o.at("binary");
  if (!(lambda > 0)) return argError("option 'lambda' of ease must be > 0 (it keeps XᵀX + lambda I invertible)");
  if (!side.hasUsers())
    return Status::error(ErrorCode::Empty, "ease needs interactions to learn from: the log is empty");

  // The most-interacted items (positive cells), ties to the lower index.
  const SparseCols& C = side.itemUsers;
  std::vector<std::pair<int32_t, int32_t>> counted;  // (count, item)
  for (int32_t i = 0; i < C.cols(); ++i) {
    int32_t count = 0;
    for (SparseCols::InnerIterator it(C, i); it; ++it) count += it.value() > 0;
    if (count > 0) counted.emplace_back(count, i);
  }
  std::sort(counted.begin(), counted.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (counted.empty()) return Status::error(ErrorCode::Empty, "ease needs positive interactions: the log has none");
  const std::size_t n = std::min(counted.size(), static_cast<std::size_t>(maxItems));
  if (n > static_cast<std::size_t>(kMaxItems)) {
    const double bytes = static_cast<double>(n) * static_cast<double>(n) * sizeof(float);
    return Status::error(ErrorCode::Memory, "ease keeps a dense items x items matrix: " + std::to_string(n) +
                                                " items need " + megabytes(bytes) + " for it and " +
                                                megabytes(2 * bytes) + " while training; the limit is " +
                                                std::to_string(kMaxItems) + " items (" +
                                                megabytes(2.0 * kMaxItems * kMaxItems * sizeof(float)) +
                                                "). Set maxItems to keep only the most-interacted items");
  }
  auto m = std::make_unique<EaseModel>();
  m->lambda_ = lambda;
  m->binary_ = binary != 0;
  for (std::size_t k = 0; k < n; ++k) m->kept_.push_back(counted[k].second);
  std::sort(m->kept_.begin(), m->kept_.end());
  m->deriveIndex(side.itemCount());
  const auto ni = static_cast<Eigen::Index>(n);

  const auto started = std::chrono::steady_clock::now();
  const int blocks = static_cast<int>((n + kInverseBlock - 1) / kInverseBlock);
  const int stages = blocks + 3;
  auto report = [&](int stage, double loss) {
    if (!progress) return true;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return progress({stage, stages, loss, secs});
  };
  const Status cancelled = Status::error(ErrorCode::Cancelled, "ease training was cancelled");

  // 1. G = XᵀX + lambda I over the kept items.
  Eigen::MatrixXf g = Eigen::MatrixXf::Zero(ni, ni);
  std::vector<std::pair<int32_t, float>> xs;
  const SparseRows& R = side.userItems;
  for (int32_t u = 0; u < R.rows(); ++u) {
    xs.clear();
    for (SparseRows::InnerIterator it(R, u); it; ++it) {
      const int32_t e = m->row_[static_cast<std::size_t>(it.index())];
      if (e >= 0 && it.value() > 0) xs.emplace_back(e, m->binary_ ? 1.0f : it.value());
    }
    for (const auto& [a, xa] : xs) {
      float* col = g.data() + static_cast<std::ptrdiff_t>(a) * ni;
      for (const auto& [b, xb] : xs) col[b] += xa * xb;
    }
  }
  g.diagonal().array() += static_cast<float>(lambda);
  if (!report(1, std::nan(""))) return cancelled;

  // 2. Cholesky, in place: g's lower triangle becomes L.
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXf>> llt(g);
  if (llt.info() != Eigen::Success)
    return argError("ease: XᵀX + lambda I is not positive definite in float precision; raise lambda");
  if (!report(2, std::nan(""))) return cancelled;

  // 3. P = L⁻ᵀ L⁻¹, a block of columns at a time. Column c of L⁻¹ is zero
  // above row c, so the forward solve of a block starts at its first column.
  m->b_.assign(n * n, 0.0f);
  Eigen::Map<Eigen::MatrixXf> p(m->b_.data(), ni, ni);
  for (int k = 0; k < blocks; ++k) {
    const Eigen::Index c0 = static_cast<Eigen::Index>(k) * kInverseBlock;
    const Eigen::Index w = std::min<Eigen::Index>(kInverseBlock, ni - c0);
    Eigen::MatrixXf z = Eigen::MatrixXf::Zero(ni, w);
    for (Eigen::Index c = 0; c < w; ++c) z(c0 + c, c) = 1.0f;
    g.bottomRightCorner(ni - c0, ni - c0).triangularView<Eigen::Lower>().solveInPlace(z.bottomRows(ni - c0));
    g.triangularView<Eigen::Lower>().transpose().solveInPlace(z);
    p.middleCols(c0, w) = z;
    if (!report(3 + k, std::nan(""))) return cancelled;
  }
  g.resize(0, 0);  // free the factor before anything else is allocated

  // 4. B_ij = -P_ij / P_jj. P is symmetric, so its column-major storage is
  // also its row-major storage: row i of B is column i of P, scaled per column.
  const Eigen::VectorXf d = p.diagonal();
  for (std::size_t i = 0; i < n; ++i) {
    float* r = m->b_.data() + i * n;
    for (std::size_t j = 0; j < n; ++j) r[j] = -r[j] / d[static_cast<Eigen::Index>(j)];
    r[i] = 0.0f;
  }
  // The objective |X - XB|^2 + lambda |B|^2, per positive cell of X.
  double loss = 0, cells = 0;
  std::vector<float> xb(n);
  for (int32_t u = 0; u < R.rows(); ++u) {
    xs.clear();
    for (SparseRows::InnerIterator it(R, u); it; ++it) {
      const int32_t e = m->row_[static_cast<std::size_t>(it.index())];
      if (e >= 0 && it.value() > 0) xs.emplace_back(e, m->binary_ ? 1.0f : it.value());
    }
    if (xs.empty()) continue;
    std::fill(xb.begin(), xb.end(), 0.0f);
    for (const auto& [a, xa] : xs)
      axpyf(xb.data(), xa, m->b_.data() + static_cast<std::size_t>(a) * n, static_cast<int32_t>(n));
    loss += dotf(xb.data(), xb.data(), static_cast<int32_t>(n));
    for (const auto& [a, xa] : xs) loss += static_cast<double>(xa) * xa - 2.0 * xa * xb[static_cast<std::size_t>(a)];
    cells += static_cast<double>(xs.size());
  }
  double frob = 0;
  for (std::size_t i = 0; i < n; ++i) frob += dotf(m->b_.data() + i * n, m->b_.data() + i * n, static_cast<int32_t>(n));
  if (!report(stages, (loss + lambda * frob) / cells)) return cancelled;
  *out = std::move(m);
  return Status::ok();
}

void EaseModel::deriveIndex(std::size_t items) {
  row_.assign(items, -1);
  for (std::size_t e = 0; e < kept_.size(); ++e) row_[static_cast<std::size_t>(kept_[e])] = static_cast<int32_t>(e);
}

float EaseModel::input(float w) const {
  if (!binary_) return w;
  return w > 0 ? 1.0f : (w < 0 ? -1.0f : 0.0f);
}

float EaseModel::weight(int32_t i, int32_t j) const {
  const int32_t a = row_[static_cast<std::size_t>(i)], b = row_[static_cast<std::size_t>(j)];
  return a < 0 || b < 0 ? 0.0f : b_[static_cast<std::size_t>(a) * kept_.size() + static_cast<std::size_t>(b)];
}

void EaseModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  const auto n = static_cast<int32_t>(kept_.size());
  std::vector<float> acc(kept_.size(), 0.0f);
  for (const auto& [item, w] : q.items) {
    const int32_t e = row_[static_cast<std::size_t>(item)];
    const float x = input(w);
    if (e >= 0 && x != 0.0f) axpyf(acc.data(), x, b_.data() + static_cast<std::size_t>(e) * kept_.size(), n);
  }
  for (std::size_t j = 0; j < kept_.size(); ++j) scores[static_cast<std::size_t>(kept_[j])] += acc[j];
}

bool EaseModel::explain(const ItemSide&, const Query& q, int32_t item, Reason* out) const {
  int32_t best = -1;
  float bestValue = 0;
  for (const auto& [i, w] : q.items) {
    const float c = input(w) * weight(i, item);
    if (c > bestValue && i != item) {
      bestValue = c;
      best = i;
    }
  }
  if (best < 0) return false;
  *out = {ReasonKind::Similar, best, bestValue};
  return true;
}

std::vector<std::pair<int32_t, float>> EaseModel::similarItems(const ItemSide& side, int32_t item,
                                                               std::size_t n) const {
  std::vector<float> s(side.itemCount(), 0.0f);
  const int32_t e = row_[static_cast<std::size_t>(item)];
  if (e < 0) return {};
  const float* r = b_.data() + static_cast<std::size_t>(e) * kept_.size();
  for (std::size_t j = 0; j < kept_.size(); ++j) s[static_cast<std::size_t>(kept_[j])] = r[j];
  return topPairs(s, n, item);
}

void EaseModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  w.f64(lambda_);
  w.u8(binary_ ? 1 : 0);
  w.podVector(kept_);
  w.podVector(b_);
}

Status EaseModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<EaseModel>();
  m->lambda_ = r.f64();
  const uint8_t binary = r.u8();
  m->binary_ = binary != 0;
  m->kept_ = r.podVector<int32_t>();
  const std::size_t n = m->kept_.size();
  bool ok = r.ok() && std::isfinite(m->lambda_) && m->lambda_ > 0 && binary <= 1 && n >= 1 &&
            n <= static_cast<std::size_t>(kMaxItems) && n <= side.itemCount();
  for (std::size_t e = 0; ok && e < n; ++e)
    ok = m->kept_[e] >= 0 && static_cast<std::size_t>(m->kept_[e]) < side.itemCount() &&
         (e == 0 || m->kept_[e - 1] < m->kept_[e]);
  if (ok) m->b_ = r.podVector<float>();
  ok = ok && r.ok() && m->b_.size() == n * n;
  for (std::size_t k = 0; ok && k < m->b_.size(); ++k) ok = std::isfinite(m->b_[k]);
  for (std::size_t e = 0; ok && e < n; ++e) ok = m->b_[e * n + e] == 0.0f;  // the constraint diag(B) = 0
  if (!ok) return corruptError("ease section of the model snapshot is damaged");
  m->deriveIndex(side.itemCount());
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
