#include "models/fold_in.hpp"

#include <algorithm>

namespace reelrank {

namespace {

// A += s * v vᵀ on a column-major n x n matrix, column by column so each
// update is a contiguous axpy (vectorised in wasm too).
void rankOneUpdate(Eigen::MatrixXf& a, float s, const float* v, int32_t n) {
  float* col = a.data();
  for (int32_t c = 0; c < n; ++c, col += n) axpyf(col, s * v[c], v, n);
}

void solve(FoldInSystem* out, Eigen::MatrixXf& a, const Eigen::VectorXf& b) {
  out->llt.compute(a);
  out->ok = out->llt.info() == Eigen::Success;
  // With lambda > 0 the system is positive definite; a failure can only come
  // from non-finite factors, which the model readers refuse, so 0 is a safe answer.
  out->x = out->ok ? Eigen::VectorXf(out->llt.solve(b)) : Eigen::VectorXf::Zero(out->dim);
}

}  // namespace

void gramMatrix(const FactorView& y, std::vector<float>* gram) {
  const int32_t f = y.dim;
  gram->assign(static_cast<std::size_t>(f) * f, 0.0f);
  // Accumulated in double per block of rows would be more exact, but the
  // Gram only enters a regularised system; float with row-wise axpys keeps
  // it fast and its error far below the regulariser.
  float* g = gram->data();
  for (int32_t r = 0; r < y.rows; ++r) {
    const float* v = y.row(r);
    for (int32_t c = 0; c < f; ++c) axpyf(g + static_cast<std::ptrdiff_t>(c) * f, v[c], v, f);
  }
}

void foldInImplicit(const FactorView& y, const float* gram, const std::vector<std::pair<int32_t, float>>& entries,
                    const ImplicitSolve& p, FoldInSystem* out) {
  const int32_t f = y.dim;
  out->dim = f;
  out->terms.clear();
  Eigen::MatrixXf a = Eigen::Map<const Eigen::MatrixXf>(gram, f, f);
  Eigen::VectorXf b = Eigen::VectorXf::Zero(f);
  std::size_t used = 0;
  for (const auto& [item, w] : entries) {
    if (item < 0 || item >= y.rows || w == 0.0f) continue;
    ++used;
    const float c = hkvConfidence(w, p.alpha);
    const float* v = y.row(item);
    if (c != 1.0f) rankOneUpdate(a, c - 1.0f, v, f);
    if (w > 0) {
      axpyf(b.data(), c, v, f);
      out->terms.emplace_back(item, c);
    }
  }
  a.diagonal().array() +=
      static_cast<float>(std::max(1e-6, effectiveLambda(p.regularization, p.scaleRegularization, used)));
  if (out->terms.empty()) {  // no positive item: the solution is exactly 0
    out->x = Eigen::VectorXf::Zero(f);
    out->ok = false;
    return;
  }
  solve(out, a, b);
}

void foldInExplicit(const FactorView& y, const float* itemBias, double mu,
                    const std::vector<std::pair<int32_t, float>>& entries, const ExplicitSolve& p, FoldInSystem* out) {
  const int32_t f = y.dim, n = f + 1;  // the person's bias is the last unknown
  out->dim = n;
  out->terms.clear();
  Eigen::MatrixXf a = Eigen::MatrixXf::Zero(n, n);
  Eigen::VectorXf b = Eigen::VectorXf::Zero(n);
  std::vector<float> v(static_cast<std::size_t>(n), 1.0f);
  std::size_t used = 0;
  for (const auto& [item, r] : entries) {
    if (item < 0 || item >= y.rows) continue;
    ++used;
    std::copy(y.row(item), y.row(item) + f, v.begin());
    const float t = static_cast<float>(r - mu - (itemBias ? itemBias[item] : 0.0f));
    rankOneUpdate(a, 1.0f, v.data(), n);
    axpyf(b.data(), t, v.data(), n);
    if (t != 0.0f) out->terms.emplace_back(item, t);
  }
  if (out->terms.empty()) {
    out->x = Eigen::VectorXf::Zero(n);
    out->ok = false;
    return;
  }
  // A floor keeps a one-rating person's system positive definite when the
  // model was trained without regularisation.
  a.diagonal().head(f).array() +=
      static_cast<float>(std::max(1e-6, effectiveLambda(p.regularization, p.scaleRegularization, used)));
  a(f, f) += static_cast<float>(std::max(1e-6, effectiveLambda(p.biasRegularization, p.scaleRegularization, used)));
  solve(out, a, b);
}

void foldInContributions(const FactorView& y, const FoldInSystem& s, int32_t j,
                         std::vector<std::pair<int32_t, float>>* out) {
  out->clear();
  if (!s.ok || j < 0 || j >= y.rows) return;
  const int32_t f = y.dim;
  Eigen::VectorXf yj = Eigen::VectorXf::Ones(s.dim);
  yj.head(f) = Eigen::Map<const Eigen::VectorXf>(y.row(j), f);
  const Eigen::VectorXf z = s.llt.solve(yj);  // A⁻¹ yj, shared by every term
  for (const auto& [item, t] : s.terms) {
    if (t <= 0) continue;
    float dot = dotf(z.data(), y.row(item), f);
    if (s.dim > f) dot += z[f];  // the trailing 1 of the explicit form
    out->emplace_back(item, t * dot);
  }
}

}  // namespace reelrank
