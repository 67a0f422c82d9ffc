#include "models/item_knn.hpp"

#include <algorithm>
#include <chrono>

#include "common/csr_check.hpp"
#include "common/limits.hpp"

namespace reelrank {

Status ItemKnnModel::train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                           std::unique_ptr<Recommender>* out) {
  const double k = o.at("neighbors"), shrink = o.at("shrink");  // resolved by the registry
  if (!side.hasUsers())
    return Status::error(ErrorCode::Empty, "itemknn needs interactions to learn from: the log is empty");
  auto m = std::make_unique<ItemKnnModel>();
  m->neighbors_ = static_cast<int32_t>(k);
  m->shrink_ = shrink;

  const auto started = std::chrono::steady_clock::now();
  const auto nItems = static_cast<int32_t>(side.itemCount());
  const SparseRows& R = side.userItems;
  const SparseCols& C = side.itemUsers;
  // Item norms over the positive part: negative feedback never makes items alike.
  std::vector<float> norm(static_cast<std::size_t>(nItems), 0.0f);
  for (int32_t i = 0; i < nItems; ++i) {
    double s = 0;
    for (SparseCols::InnerIterator it(C, i); it; ++it)
      if (it.value() > 0) s += static_cast<double>(it.value()) * it.value();
    norm[static_cast<std::size_t>(i)] = static_cast<float>(std::sqrt(s));
  }
  std::vector<float> acc(static_cast<std::size_t>(nItems), 0.0f);
  std::vector<int32_t> touched;
  std::vector<std::pair<int32_t, float>> row;
  m->start_.assign(static_cast<std::size_t>(nItems) + 1, 0);
  const int32_t step = std::max<int32_t>(1, nItems / 20);
  for (int32_t i = 0; i < nItems; ++i) {
    touched.clear();
    for (SparseCols::InnerIterator u(C, i); u; ++u) {
      if (u.value() <= 0) continue;
      const float xu = u.value();
      for (SparseRows::InnerIterator j(R, u.index()); j; ++j) {
        if (j.value() <= 0 || j.index() == i) continue;
        float& a = acc[static_cast<std::size_t>(j.index())];
        if (a == 0.0f) touched.push_back(j.index());
        a += xu * j.value();
      }
    }
    row.clear();
    const float ni = norm[static_cast<std::size_t>(i)];
    for (int32_t j : touched) {
      const float dot = acc[static_cast<std::size_t>(j)];
      acc[static_cast<std::size_t>(j)] = 0.0f;
      const float s = dot / (ni * norm[static_cast<std::size_t>(j)] + static_cast<float>(shrink));
      if (s > 0) row.emplace_back(j, s);
    }
    const std::size_t keep = std::min(row.size(), static_cast<std::size_t>(m->neighbors_));
    auto better = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::nth_element(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(keep), row.end(), better);
    row.resize(keep);
    std::sort(row.begin(), row.end());
    for (const auto& [j, s] : row) {
      m->nbr_.push_back(j);
      m->sim_.push_back(s);
    }
    m->start_[static_cast<std::size_t>(i) + 1] = static_cast<int32_t>(m->nbr_.size());
    if (progress && ((i + 1) % step == 0 || i + 1 == nItems)) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!progress({i + 1, nItems, std::nan(""), secs}))
        return Status::error(ErrorCode::Cancelled, "itemknn training was cancelled");
    }
  }
  m->transpose();
  *out = std::move(m);
  return Status::ok();
}

void ItemKnnModel::transpose() {
  const std::size_t n = start_.size() - 1;
  byStart_.assign(n + 1, 0);
  for (int32_t p : nbr_) ++byStart_[static_cast<std::size_t>(p) + 1];
  for (std::size_t i = 0; i < n; ++i) byStart_[i + 1] += byStart_[i];
  byItem_.assign(nbr_.size(), 0);
  bySim_.assign(nbr_.size(), 0.0f);
  std::vector<int32_t> fill(byStart_.begin(), byStart_.end() - 1);
  for (std::size_t j = 0; j < n; ++j)
    for (int32_t k = start_[j]; k < start_[j + 1]; ++k) {
      const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(nbr_[static_cast<std::size_t>(k)])]++);
      byItem_[at] = static_cast<int32_t>(j);
      bySim_[at] = sim_[static_cast<std::size_t>(k)];
    }
}

float ItemKnnModel::similarity(int32_t i, int32_t j) const {
  auto b = nbr_.begin() + start_[static_cast<std::size_t>(i)],
       e = nbr_.begin() + start_[static_cast<std::size_t>(i) + 1];
  auto it = std::lower_bound(b, e, j);
  return (it != e && *it == j) ? sim_[static_cast<std::size_t>(it - nbr_.begin())] : 0.0f;
}

void ItemKnnModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  for (const auto& [p, w] : q.items) {
    for (int32_t k = byStart_[static_cast<std::size_t>(p)]; k < byStart_[static_cast<std::size_t>(p) + 1]; ++k)
      scores[static_cast<std::size_t>(byItem_[static_cast<std::size_t>(k)])] += w * bySim_[static_cast<std::size_t>(k)];
  }
}

double ItemKnnModel::predict(const ItemSide&, const Query& q, int32_t item) const {
  double num = 0, den = 0;
  for (const auto& [p, w] : q.items) {
    const float s = similarity(item, p);
    num += static_cast<double>(s) * w;
    den += std::fabs(s);
  }
  return den > 0 ? num / den : std::nan("");
}

bool ItemKnnModel::explain(const ItemSide&, const Query& q, int32_t item, Reason* out) const {
  int32_t best = -1;
  float bestValue = 0;
  for (const auto& [p, w] : q.items) {
    const float c = w * similarity(item, p);
    if (c > bestValue) {
      bestValue = c;
      best = p;
    }
  }
  if (best < 0) return false;
  *out = {ReasonKind::Similar, best, bestValue};
  return true;
}

std::vector<std::pair<int32_t, float>> ItemKnnModel::similarItems(const ItemSide&, int32_t item, std::size_t n) const {
  std::vector<std::pair<int32_t, float>> row;
  for (int32_t k = start_[static_cast<std::size_t>(item)]; k < start_[static_cast<std::size_t>(item) + 1]; ++k)
    row.emplace_back(nbr_[static_cast<std::size_t>(k)], sim_[static_cast<std::size_t>(k)]);
  std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (row.size() > n) row.resize(n);
  return row;
}

void ItemKnnModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  w.i32(neighbors_);
  w.f64(shrink_);
  w.podVector(start_);
  w.podVector(nbr_);
  w.podVector(sim_);
}

Status ItemKnnModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<ItemKnnModel>();
  m->neighbors_ = r.i32();
  m->shrink_ = r.f64();
  m->start_ = r.podVector<int32_t>();
  m->nbr_ = r.podVector<int32_t>();
  m->sim_ = r.podVector<float>();
  const auto n = static_cast<int32_t>(side.itemCount());
  // Rows sorted (similarity() binary-searches them), every offset in order.
  bool ok = r.ok() && m->nbr_.size() == m->sim_.size() && validCompressedRows(m->start_, m->nbr_, side.itemCount(), n);
  for (std::size_t k = 0; ok && k < m->sim_.size(); ++k) ok = std::isfinite(m->sim_[k]);
  if (!ok) return corruptError("itemknn section of the model snapshot is damaged");
  m->transpose();
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
