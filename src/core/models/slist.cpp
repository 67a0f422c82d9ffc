#include "models/slist.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "models/fold_in.hpp"
#include "models/recent_steps.hpp"

namespace reelrank {

namespace {

// Each person's positive events in order, a repeat of the item just watched
// (a like after its view) one step, as the transitions model reads them.
std::vector<std::vector<int32_t>> positiveSequences(const Sequences& seq) {
  std::vector<std::vector<int32_t>> out(seq.users());
  for (std::size_t u = 0; u < seq.users(); ++u)
    for (int32_t k = seq.start[u]; k < seq.start[u + 1]; ++k) {
      const SequenceStep& s = seq.steps[static_cast<std::size_t>(k)];
      if (s.weight > 0 && (out[u].empty() || out[u].back() != s.item)) out[u].push_back(s.item);
    }
  return out;
}

}  // namespace

double SlistModel::trainingBytes(double items, const Options& o) {
  const double n = std::min(o.at("maxItems"), items);
  return n * n * sizeof(float) * 4.0;
}

Status SlistModel::train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                         std::unique_ptr<Recommender>* out) {
  // Options arrive resolved (algorithm_registry.cpp): every one present, in range.
  const double lambda = o.at("lambda"), alpha = o.at("alpha"), decay = o.at("decay");
  if (!(lambda > 0)) return argError("option 'lambda' of slist must be > 0 (it keeps the system invertible)");
  const std::vector<std::vector<int32_t>> seqs = positiveSequences(side.sequences);

  // The most-watched items, ties to the lower index.
  std::vector<int32_t> count(side.itemCount(), 0);
  for (const auto& s : seqs)
    for (int32_t i : s) ++count[static_cast<std::size_t>(i)];
  std::vector<std::pair<int32_t, int32_t>> counted;
  for (std::size_t i = 0; i < count.size(); ++i)
    if (count[i] > 0) counted.emplace_back(count[i], static_cast<int32_t>(i));
  if (counted.empty()) return Status::error(ErrorCode::Empty, "slist needs positive events in order: the log has none");
  std::sort(counted.begin(), counted.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  const std::size_t n = std::min(counted.size(), static_cast<std::size_t>(o.at("maxItems")));
  if (n > static_cast<std::size_t>(kMaxItems))
    return Status::error(ErrorCode::Memory, "slist keeps dense items x items matrices: " + std::to_string(n) +
                                                " items need " + std::to_string(n * n * 16 / 1000000) +
                                                " MB while training; the limit is " + std::to_string(kMaxItems) +
                                                " items. Set maxItems to keep only the most-watched items");
  auto m = std::make_unique<SlistModel>();
  m->lambda_ = lambda;
  m->alpha_ = alpha;
  m->decay_ = decay;
  m->window_ = static_cast<int32_t>(o.at("window"));
  m->history_ = static_cast<int32_t>(o.at("history"));
  m->skipWeight_ = o.at("skipWeight");
  for (std::size_t k = 0; k < n; ++k) m->kept_.push_back(counted[k].second);
  std::sort(m->kept_.begin(), m->kept_.end());
  m->deriveIndex(side.itemCount());
  const auto ni = static_cast<Eigen::Index>(n);

  const auto started = std::chrono::steady_clock::now();
  constexpr int kStages = 4;
  auto report = [&](int stage) {
    if (!progress) return true;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return progress({stage, kStages, std::nan(""), secs});
  };
  const Status cancelled = Status::error(ErrorCode::Cancelled, "slist training was cancelled");

  // 1. A = alpha XᵀX + (1 - alpha) SᵀS + lambda I and R = alpha XᵀX + (1 - alpha) SᵀT.
  Eigen::MatrixXf a = Eigen::MatrixXf::Zero(ni, ni), rhs = Eigen::MatrixXf::Zero(ni, ni);
  const auto fa = static_cast<float>(alpha), fs = static_cast<float>(1 - alpha);
  std::vector<int32_t> rows;
  std::vector<std::pair<int32_t, float>> context;
  for (const auto& s : seqs) {
    rows.clear();
    for (int32_t i : s)
      if (m->row_[static_cast<std::size_t>(i)] >= 0) rows.push_back(m->row_[static_cast<std::size_t>(i)]);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (fa > 0)
      for (int32_t x : rows)
        for (int32_t y : rows) {
          a(x, y) += fa;
          rhs(x, y) += fa;
        }
    if (fs <= 0) continue;
    for (std::size_t t = 1; t < s.size(); ++t) {
      const int32_t target = m->row_[static_cast<std::size_t>(s[t])];
      if (target < 0) continue;
      context.clear();
      float w = 1.0f;
      for (std::size_t d = 1; d <= static_cast<std::size_t>(m->window_) && d <= t;
           ++d, w *= static_cast<float>(decay)) {
        const int32_t c = m->row_[static_cast<std::size_t>(s[t - d])];
        if (c >= 0 && c != target) context.emplace_back(c, w);
      }
      for (const auto& [x, wx] : context) {
        for (const auto& [y, wy] : context) a(x, y) += fs * wx * wy;
        rhs(x, target) += fs * wx;
      }
    }
  }
  a.diagonal().array() += static_cast<float>(lambda);
  if (!report(1)) return cancelled;

  // 2. P = A⁻¹ by Cholesky (A is symmetric positive definite: lambda > 0).
  Eigen::LLT<Eigen::MatrixXf> llt(a);
  if (llt.info() != Eigen::Success)
    return argError("slist: the system is not positive definite in float precision; raise lambda");
  a.resize(0, 0);
  Eigen::MatrixXf p = llt.solve(Eigen::MatrixXf::Identity(ni, ni));
  if (!report(2)) return cancelled;

  // 3. C = P R.
  Eigen::MatrixXf c = p * rhs;
  rhs.resize(0, 0);
  if (!report(3)) return cancelled;

  // 4. B = C - P diag(diag C / diag P), stored row-major; its diagonal is 0.
  m->b_.assign(n * n, 0.0f);
  for (Eigen::Index j = 0; j < ni; ++j) {
    const float mu = c(j, j) / p(j, j);
    for (Eigen::Index i = 0; i < ni; ++i)
      m->b_[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)] = i == j ? 0.0f : c(i, j) - p(i, j) * mu;
  }
  for (float x : m->b_)
    if (!std::isfinite(x)) return argError("slist: the solution is not finite in float precision; raise lambda");
  if (!report(kStages)) return cancelled;
  *out = std::move(m);
  return Status::ok();
}

void SlistModel::deriveIndex(std::size_t items) {
  row_.assign(items, -1);
  for (std::size_t e = 0; e < kept_.size(); ++e) row_[static_cast<std::size_t>(kept_[e])] = static_cast<int32_t>(e);
}

float SlistModel::weight(int32_t i, int32_t j) const {
  const int32_t a = row_[static_cast<std::size_t>(i)], b = row_[static_cast<std::size_t>(j)];
  return a < 0 || b < 0 ? 0.0f : b_[static_cast<std::size_t>(a) * kept_.size() + static_cast<std::size_t>(b)];
}

std::vector<std::pair<int32_t, float>> SlistModel::weightedHistory(const Query& q) const {
  return weightedRecentSteps(q, history_, decay_, skipWeight_);
}

void SlistModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  const auto n = static_cast<int32_t>(kept_.size());
  std::vector<float> acc(kept_.size(), 0.0f);
  for (const auto& [item, w] : weightedHistory(q)) {
    const int32_t e = row_[static_cast<std::size_t>(item)];
    if (e >= 0 && w != 0.0f) axpyf(acc.data(), w, b_.data() + static_cast<std::size_t>(e) * kept_.size(), n);
  }
  for (std::size_t j = 0; j < kept_.size(); ++j) scores[static_cast<std::size_t>(kept_[j])] += acc[j];
}

bool SlistModel::explain(const ItemSide&, const Query& q, int32_t item, Reason* why) const {
  float best = 0, total = 0;
  int32_t from = -1;
  for (const auto& [h, w] : weightedHistory(q)) {
    const float c = w * weight(h, item);
    if (c > 0) total += c;
    if (c > best && h != item) {
      best = c;
      from = h;
    }
  }
  if (from < 0) return false;
  *why = {q.recent.empty() ? ReasonKind::Similar : ReasonKind::Recent, from, best / total};
  return true;
}

std::vector<std::pair<int32_t, float>> SlistModel::similarItems(const ItemSide& side, int32_t item,
                                                                std::size_t n) const {
  const int32_t e = row_[static_cast<std::size_t>(item)];
  if (e < 0) return {};
  std::vector<float> s(side.itemCount(), 0.0f);
  const float* r = b_.data() + static_cast<std::size_t>(e) * kept_.size();
  for (std::size_t j = 0; j < kept_.size(); ++j) s[static_cast<std::size_t>(kept_[j])] = r[j];
  return topPairs(s, n, item);
}

void SlistModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  for (double x : {lambda_, alpha_, decay_, skipWeight_}) w.f64(x);
  w.i32(window_);
  w.i32(history_);
  w.podVector(kept_);
  w.podVector(b_);
}

Status SlistModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<SlistModel>();
  for (double* x : {&m->lambda_, &m->alpha_, &m->decay_, &m->skipWeight_}) *x = r.f64();
  m->window_ = r.i32();
  m->history_ = r.i32();
  m->kept_ = r.podVector<int32_t>();
  const std::size_t n = m->kept_.size();
  bool ok = r.ok() && std::isfinite(m->lambda_) && m->lambda_ > 0 && m->alpha_ >= 0 && m->alpha_ <= 1 &&
            m->decay_ >= 0 && m->decay_ <= 1 && m->skipWeight_ >= 0 && m->skipWeight_ <= 10 && m->window_ >= 1 &&
            m->window_ <= 50 && m->history_ >= 1 && m->history_ <= 200 && n >= 1 &&
            n <= static_cast<std::size_t>(kMaxItems) && n <= side.itemCount();
  for (std::size_t e = 0; ok && e < n; ++e)
    ok = m->kept_[e] >= 0 && static_cast<std::size_t>(m->kept_[e]) < side.itemCount() &&
         (e == 0 || m->kept_[e - 1] < m->kept_[e]);
  if (ok) m->b_ = r.podVector<float>();
  ok = ok && r.ok() && m->b_.size() == n * n;
  for (std::size_t k = 0; ok && k < m->b_.size(); ++k) ok = std::isfinite(m->b_[k]);
  for (std::size_t e = 0; ok && e < n; ++e) ok = m->b_[e * n + e] == 0.0f;
  if (!ok) return corruptError("slist section of the model snapshot is damaged");
  m->deriveIndex(side.itemCount());
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
