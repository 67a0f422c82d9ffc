#include "models/trending.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/limits.hpp"

namespace reelrank {

namespace {
// log1p scaling to [0, 1], as ItemSide::popularity is scaled.
void scaleInto(const std::vector<double>& counts, std::vector<float>& scores) {
  double top = 0;
  for (double c : counts) top = std::max(top, c);
  if (top <= 0) return;
  const double norm = std::log1p(top);
  for (std::size_t j = 0; j < counts.size(); ++j) scores[j] += static_cast<float>(std::log1p(counts[j]) / norm);
}
}  // namespace

double TrendingModel::trainingBytes(double events, double items) {
  const double checkpoints =
      std::min<double>(kMaxCheckpoints, std::max(1.0, std::floor(kCheckpointFloats / std::max(items, 1.0))));
  return events * (sizeof(double) + sizeof(int32_t)) * 2 + std::min(checkpoints, std::max(events, 1.0)) * items * 4 +
         items * (sizeof(double) * 2);
}

Status TrendingModel::train(const Options& o, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<TrendingModel>();
  m->halfLifeSeconds_ = o.at("halfLifeHours") * 3600;
  for (const SequenceStep& s : side.sequences.steps) {
    if (s.weight <= 0) continue;
    m->times_.push_back(s.timestamp);
    m->items_.push_back(s.item);
  }
  if (m->times_.empty())
    return Status::error(ErrorCode::Empty,
                         "trending needs positive events (views, likes) with times: the log has none");
  m->index(side.itemCount());
  *out = std::move(m);
  return Status::ok();
}

void TrendingModel::index(std::size_t items) {
  std::vector<std::size_t> order(times_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) { return times_[a] < times_[b]; });
  std::vector<double> t(order.size());
  std::vector<int32_t> it(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    t[k] = times_[order[k]];
    it[k] = items_[order[k]];
  }
  times_ = std::move(t);
  items_ = std::move(it);
  const std::size_t n = times_.size();
  const std::size_t fit = std::max<std::size_t>(1, kCheckpointFloats / std::max<std::size_t>(items, 1));
  const std::size_t count = std::min({kMaxCheckpoints, fit, n});
  stride_ = (n + count - 1) / count;
  // Each item's count decays lazily (value and the time it was last brought
  // up to date), so building costs one pass over the events plus one over the
  // items per checkpoint.
  std::vector<double> value(items, 0.0), at(items, 0.0);
  checkpoints_.assign((n / stride_) * items, 0.0f);
  for (std::size_t k = 0; k < n; ++k) {
    const auto j = static_cast<std::size_t>(items_[k]);
    value[j] = value[j] * std::exp2(-(times_[k] - at[j]) / halfLifeSeconds_) + 1.0;
    at[j] = times_[k];
    if ((k + 1) % stride_ == 0) {
      float* row = &checkpoints_[((k + 1) / stride_ - 1) * items];
      for (std::size_t i = 0; i < items; ++i)
        row[i] = static_cast<float>(value[i] * std::exp2(-(times_[k] - at[i]) / halfLifeSeconds_));
    }
  }
}

std::vector<double> TrendingModel::decayedCounts(double t, std::size_t items) const {
  std::vector<double> counts(items, 0.0);
  // Events at or before t count; the checkpoint before them carries the rest.
  const auto seen = static_cast<std::size_t>(std::upper_bound(times_.begin(), times_.end(), t) - times_.begin());
  const std::size_t c = seen / stride_;
  std::size_t from = 0;
  if (c > 0) {
    const double since = t - times_[c * stride_ - 1];
    const double f = std::exp2(-since / halfLifeSeconds_);
    const float* row = &checkpoints_[(c - 1) * items];
    for (std::size_t j = 0; j < items; ++j) counts[j] = row[j] * f;
    from = c * stride_;
  }
  for (std::size_t k = from; k < seen; ++k)
    counts[static_cast<std::size_t>(items_[k])] += std::exp2(-(t - times_[k]) / halfLifeSeconds_);
  return counts;
}

double TrendingModel::momentOf(const Query& q) const {
  // After the log ends nothing new has come in, and every count decays by the
  // same factor, so the order is the log's end order; counting from the end
  // keeps it (days of a short half-life would underflow every count to 0).
  return std::isnan(q.moment) ? times_.back() : std::min(q.moment, times_.back());
}

void TrendingModel::score(const ItemSide& side, const Query& q, std::vector<float>& scores) const {
  scaleInto(decayedCounts(momentOf(q), side.itemCount()), scores);
}

double TrendingModel::predict(const ItemSide& side, const Query& q, int32_t item) const {
  std::vector<float> s(side.itemCount(), 0.0f);
  score(side, q, s);
  return s[static_cast<std::size_t>(item)];
}

bool TrendingModel::explain(const ItemSide& side, const Query& q, int32_t item, Reason* out) const {
  *out = {ReasonKind::Popular, -1, static_cast<float>(predict(side, q, item))};
  return out->weight > 0;
}

void TrendingModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  // The events only: the checkpoints are derived on reading.
  w.f64(halfLifeSeconds_);
  w.podVector(times_);
  w.podVector(items_);
}

Status TrendingModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<TrendingModel>();
  m->halfLifeSeconds_ = r.f64();
  m->times_ = r.podVector<double>();
  m->items_ = r.podVector<int32_t>();
  const auto n = static_cast<int32_t>(side.itemCount());
  bool ok = r.ok() && std::isfinite(m->halfLifeSeconds_) && m->halfLifeSeconds_ > 0 && !m->times_.empty() &&
            m->times_.size() == m->items_.size() && m->times_.size() <= limits::kMaxLogEvents;
  for (std::size_t k = 0; ok && k < m->times_.size(); ++k)
    ok = std::isfinite(m->times_[k]) && (k == 0 || m->times_[k - 1] <= m->times_[k]) && m->items_[k] >= 0 &&
         m->items_[k] < n;
  if (!ok) return corruptError("trending section of the model snapshot is damaged");
  m->index(side.itemCount());
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
