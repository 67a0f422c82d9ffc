#include "models/transitions.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include "common/csr_check.hpp"
#include "models/recent_steps.hpp"

namespace reelrank {

Status TransitionsModel::train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                               std::unique_ptr<Recommender>* out) {
  // Options arrive resolved (algorithm_registry.cpp): every one present, in range.
  const auto window = static_cast<int32_t>(o.at("window"));
  const auto keep = static_cast<std::size_t>(o.at("neighbors"));
  const Sequences& seq = side.sequences;
  if (seq.steps.empty())
    return Status::error(ErrorCode::Empty, "transitions needs ordered events to learn from: the log is empty");
  const auto started = std::chrono::steady_clock::now();
  const std::size_t n = side.itemCount();
  // Row i: successor -> weight, counted over each person's positive events
  // (what they watched or liked; skips break no chain but are not "next").
  std::vector<std::unordered_map<int32_t, float>> rows(n);
  std::vector<int32_t> watched;
  const std::size_t users = seq.users();
  for (std::size_t u = 0; u < users; ++u) {
    watched.clear();
    for (int32_t k = seq.start[u]; k < seq.start[u + 1]; ++k) {
      const SequenceStep& s = seq.steps[static_cast<std::size_t>(k)];
      // A repeat of the item just watched (a like after its view) is one step.
      if (s.weight > 0 && (watched.empty() || watched.back() != s.item)) watched.push_back(s.item);
    }
    for (std::size_t t = 0; t < watched.size(); ++t)
      for (int32_t d = 1; d <= window && t + static_cast<std::size_t>(d) < watched.size(); ++d) {
        const int32_t to = watched[t + static_cast<std::size_t>(d)];
        if (to != watched[t]) rows[static_cast<std::size_t>(watched[t])][to] += 1.0f / static_cast<float>(d);
      }
    if (progress && (u + 1) % 4096 == 0) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!progress({static_cast<int>(u + 1), static_cast<int>(users), std::nan(""), secs}))
        return Status::error(ErrorCode::Cancelled, "transitions training was cancelled");
    }
  }
  auto m = std::make_unique<TransitionsModel>();
  m->window_ = window;
  m->history_ = static_cast<int32_t>(o.at("history"));
  m->decay_ = o.at("decay");
  m->skipWeight_ = o.at("skipWeight");
  m->start_.assign(n + 1, 0);
  std::vector<std::pair<int32_t, float>> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.assign(rows[i].begin(), rows[i].end());
    rows[i].clear();
    // The strongest successors, ties to the lower index; then in item order
    // (transition() binary-searches a row).
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (row.size() > keep) row.resize(keep);
    std::sort(row.begin(), row.end());
    float total = 0;
    for (const auto& [j, w] : row) total += w;
    for (const auto& [j, w] : row) {
      m->next_.push_back(j);
      m->share_.push_back(w / total);
    }
    m->start_[i + 1] = static_cast<int32_t>(m->next_.size());
  }
  *out = std::move(m);
  return Status::ok();
}

float TransitionsModel::transition(int32_t from, int32_t to) const {
  const auto b = next_.begin() + start_[static_cast<std::size_t>(from)];
  const auto e = next_.begin() + start_[static_cast<std::size_t>(from) + 1];
  const auto it = std::lower_bound(b, e, to);
  return it != e && *it == to ? share_[static_cast<std::size_t>(it - next_.begin())] : 0.0f;
}

std::vector<std::pair<int32_t, float>> TransitionsModel::weightedHistory(const Query& q) const {
  return weightedRecentSteps(q, history_, decay_, skipWeight_);
}

void TransitionsModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  for (const auto& [from, w] : weightedHistory(q)) {
    if (w == 0) continue;
    for (int32_t k = start_[static_cast<std::size_t>(from)]; k < start_[static_cast<std::size_t>(from) + 1]; ++k)
      scores[static_cast<std::size_t>(next_[static_cast<std::size_t>(k)])] += w * share_[static_cast<std::size_t>(k)];
  }
}

bool TransitionsModel::explain(const ItemSide&, const Query& q, int32_t item, Reason* why) const {
  float best = 0, total = 0;
  int32_t from = -1;
  for (const auto& [h, w] : weightedHistory(q)) {
    const float c = w * transition(h, item);
    if (c > 0) total += c;
    if (c > best) {
      best = c;
      from = h;
    }
  }
  if (from < 0) return false;
  *why = {ReasonKind::Recent, from, best / total};
  return true;
}

std::vector<std::pair<int32_t, float>> TransitionsModel::similarItems(const ItemSide& side, int32_t item,
                                                                      std::size_t n) const {
  std::vector<float> s(side.itemCount(), 0.0f);
  for (int32_t k = start_[static_cast<std::size_t>(item)]; k < start_[static_cast<std::size_t>(item) + 1]; ++k)
    s[static_cast<std::size_t>(next_[static_cast<std::size_t>(k)])] = share_[static_cast<std::size_t>(k)];
  return topPairs(s, n, item);
}

void TransitionsModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  w.i32(window_);
  w.i32(history_);
  w.f64(decay_);
  w.f64(skipWeight_);
  w.podVector(start_);
  w.podVector(next_);
  w.podVector(share_);
}

Status TransitionsModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  auto m = std::make_unique<TransitionsModel>();
  m->window_ = r.i32();
  m->history_ = r.i32();
  m->decay_ = r.f64();
  m->skipWeight_ = r.f64();
  m->start_ = r.podVector<int32_t>();
  m->next_ = r.podVector<int32_t>();
  m->share_ = r.podVector<float>();
  const auto n = static_cast<int32_t>(side.itemCount());
  bool ok = r.ok() && m->window_ >= 1 && m->history_ >= 1 && m->decay_ >= 0 && m->decay_ <= 1 && m->skipWeight_ >= 0 &&
            m->skipWeight_ <= 10 && m->next_.size() == m->share_.size() &&
            validCompressedRows(m->start_, m->next_, side.itemCount(), n);
  for (std::size_t k = 0; ok && k < m->share_.size(); ++k) ok = std::isfinite(m->share_[k]) && m->share_[k] >= 0;
  if (!ok) return corruptError("transitions section of the model snapshot is damaged");
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
