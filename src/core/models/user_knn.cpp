#include "models/user_knn.hpp"

#include <algorithm>

#include "common/limits.hpp"

namespace reelrank {

void cosineToRows(const SparseRows& R, const SparseCols& C, const std::vector<float>& norms,
                  const std::vector<std::pair<int32_t, float>>& q, std::vector<float>& sims) {
  sims.assign(static_cast<std::size_t>(R.rows()), 0.0f);
  double qn = 0;
  for (const auto& [col, v] : q) {
    qn += static_cast<double>(v) * v;
    if (col < 0 || col >= C.cols()) continue;
    for (SparseCols::InnerIterator it(C, col); it; ++it) sims[static_cast<std::size_t>(it.index())] += v * it.value();
  }
  qn = std::sqrt(qn);
  for (std::size_t u = 0; u < sims.size(); ++u) {
    const double d = qn * norms[u];
    sims[u] = d > 0 ? static_cast<float>(sims[u] / d) : 0.0f;
  }
}

std::vector<Neighbor> nearestNeighbors(const std::vector<float>& sims, std::size_t k, int32_t skip) {
  std::vector<Neighbor> all;
  for (std::size_t u = 0; u < sims.size(); ++u)
    if (static_cast<int32_t>(u) != skip && sims[u] > 0) all.push_back({static_cast<int32_t>(u), sims[u]});
  k = std::min(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end(),
                    [](const Neighbor& a, const Neighbor& b) {
                      return a.weight != b.weight ? a.weight > b.weight : a.user < b.user;
                    });
  all.resize(k);
  return all;
}

bool storedValue(const SparseRows& R, int32_t row, int32_t col, float* value) {
  const int32_t* idx = R.innerIndexPtr();
  const int32_t b = R.outerIndexPtr()[row], e = R.outerIndexPtr()[row + 1];
  const int32_t* it = std::lower_bound(idx + b, idx + e, col);
  if (it == idx + e || *it != col) return false;
  *value = R.valuePtr()[it - idx];
  return true;
}

double predictFromNeighbors(const SparseRows& R, const std::vector<Neighbor>& nbrs, int32_t item, bool normalized,
                            std::vector<PredictionTerm>* terms, double* numerator, double* denominator) {
  double num = 0, den = 0;
  for (const Neighbor& n : nbrs) {
    float r;
    if (!storedValue(R, n.user, item, &r)) continue;
    num += static_cast<double>(n.weight) * r;
    den += std::fabs(n.weight);
    if (terms) terms->push_back({n.user, n.weight, r, static_cast<double>(n.weight) * r});
  }
  if (numerator) *numerator = num;
  if (denominator) *denominator = den;
  if (!normalized) return num;
  return den > 0 ? num / den : std::nan("");
}

Status UserKnnModel::train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  const double k = o.at("neighbors"), norm = o.at("normalize");  // resolved by the registry
  if (!side.hasUsers())
    return Status::error(ErrorCode::Empty, "userknn needs interactions to learn from: the log is empty");
  auto m = std::make_unique<UserKnnModel>();
  m->neighbors_ = static_cast<int32_t>(k);
  m->normalized_ = norm != 0;
  *out = std::move(m);
  return Status::ok();
}

std::vector<Neighbor> UserKnnModel::neighborsOf(const ItemSide& side, const Query& q) const {
  std::vector<float> sims;
  cosineToRows(side.userItems, side.itemUsers, side.userNorms, q.items, sims);
  return nearestNeighbors(sims, static_cast<std::size_t>(neighbors_), q.user);
}

void UserKnnModel::score(const ItemSide& side, const Query& q, std::vector<float>& scores) const {
  if (!side.hasUsers()) return;
  for (const Neighbor& n : neighborsOf(side, q))
    for (SparseRows::InnerIterator it(side.userItems, n.user); it; ++it)
      scores[static_cast<std::size_t>(it.index())] += n.weight * it.value();
}

double UserKnnModel::predict(const ItemSide& side, const Query& q, int32_t item) const {
  if (!side.hasUsers()) return std::nan("");
  return predictFromNeighbors(side.userItems, neighborsOf(side, q), item, normalized_, nullptr, nullptr, nullptr);
}

bool UserKnnModel::explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const {
  if (!side.hasUsers()) return false;
  int32_t count = 0;
  float total = 0;
  for (const Neighbor& n : neighborsOf(side, q)) {
    float r;
    if (storedValue(side.userItems, n.user, item, &r) && r > 0) {
      ++count;
      total += n.weight * r;
    }
  }
  if (count == 0) return false;
  *out = {ReasonKind::People, count, total};
  return true;
}

void UserKnnModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  w.i32(neighbors_);
  w.u8(normalized_ ? 1 : 0);
}

Status UserKnnModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<UserKnnModel>();
  m->neighbors_ = r.i32();
  m->normalized_ = r.u8() != 0;
  if (!r.ok() || m->neighbors_ < 1 || m->neighbors_ > static_cast<int32_t>(limits::kMaxNeighbors))
    return corruptError("userknn section of the model snapshot is damaged");
  if (!side.hasUsers())
    return corruptError("userknn model snapshot has no training users (it cannot work without them)");
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
