#include "models/sasrec/sasrec_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_set>

#include "analytics/rng.hpp"
#include "common/limits.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_network.hpp"
#include "models/sasrec/sasrec_tensors.hpp"

namespace reelrank::sasrec {

namespace {

struct Adam {
  SasrecWeights m, v;
  int64_t step = 0;
};

void adamStep(const TrainSettings& s, SasrecWeights& w, SasrecWeights& g, Adam& a) {
  ++a.step;
  const double c1 = 1.0 - std::pow(static_cast<double>(s.beta1), static_cast<double>(a.step));
  const double c2 = 1.0 - std::pow(static_cast<double>(s.beta2), static_cast<double>(a.step));
  const auto lr = static_cast<float>(s.learningRate / c1);
  const auto rc2 = static_cast<float>(1.0 / std::sqrt(c2));
  const float b1 = s.beta1, b2 = s.beta2, eps = s.adamEps;
  auto wt = tensorList(w), gt = tensorList(g), mt = tensorList(a.m), vt = tensorList(a.v);
  for (std::size_t k = 0; k < wt.size(); ++k) {
    float* wp = wt[k].data->data();
    const float* gp = gt[k].data->data();
    float* mp = mt[k].data->data();
    float* vp = vt[k].data->data();
    const std::size_t n = wt[k].data->size();
    // Plain loops over contiguous arrays: they vectorise (native and -msimd128).
    for (std::size_t i = 0; i < n; ++i) {
      mp[i] = b1 * mp[i] + (1 - b1) * gp[i];
      vp[i] = b2 * vp[i] + (1 - b2) * gp[i] * gp[i];
      wp[i] -= lr * mp[i] / (std::sqrt(vp[i]) * rc2 + eps);
    }
  }
}

void zero(SasrecWeights& g) {
  for (auto& t : tensorList(g)) std::fill(t.data->begin(), t.data->end(), 0.0f);
}

void addWindow(const PreparedData& d, const Window& win, int32_t maxLen, int32_t feedbackKinds, Batch& b) {
  const auto& steps = d.train[static_cast<std::size_t>(win.person)];
  const auto& next = d.next[static_cast<std::size_t>(win.person)];
  const int32_t len = win.end - win.begin;
  for (int32_t t = win.begin; t < win.end; ++t) {
    const Step& st = steps[static_cast<std::size_t>(t)];
    b.in.item.push_back(st.row);
    b.in.position.push_back(maxLen - len + (t - win.begin));
    if (feedbackKinds > 0) b.in.kind.push_back(std::min(st.kind, feedbackKinds - 1));
    b.target.push_back(next[static_cast<std::size_t>(t)]);
  }
  b.seg.start.push_back(b.seg.start.back() + len);
}

}  // namespace

PreparedData prepareData(const std::vector<std::vector<Step>>& sequences, int32_t maxLen) {
  PreparedData d;
  d.train.resize(sequences.size());
  d.next.resize(sequences.size());
  for (std::size_t p = 0; p < sequences.size(); ++p) {
    const auto& seq = sequences[p];
    std::vector<std::size_t> positives;
    for (std::size_t t = 0; t < seq.size(); ++t)
      if (seq[t].positive) positives.push_back(t);
    std::size_t cut = seq.size();
    // Two positive steps are one transition: it trains rather than validates.
    if (positives.size() >= 3) {
      cut = positives.back();
      d.validPerson.push_back(static_cast<int32_t>(p));
      d.validTarget.push_back(seq[cut].row);
    }
    auto& train = d.train[p];
    train.assign(seq.begin(), seq.begin() + static_cast<std::ptrdiff_t>(cut));
    auto& next = d.next[p];
    next.assign(train.size(), -1);
    int32_t upcoming = -1;
    int32_t lastWithTarget = -1;
    for (std::size_t t = train.size(); t-- > 0;) {
      next[t] = upcoming;
      if (upcoming >= 0 && lastWithTarget < 0) lastWithTarget = static_cast<int32_t>(t);
      if (train[t].positive) upcoming = train[t].row;
    }
    // Windows from the end: every step with a target is an input once.
    for (int32_t end = lastWithTarget + 1; end > 0; end -= maxLen) {
      const int32_t begin = std::max(0, end - maxLen);
      bool any = false;
      for (int32_t t = begin; t < end && !any; ++t) any = next[static_cast<std::size_t>(t)] >= 0;
      if (any) d.windows.push_back({static_cast<int32_t>(p), begin, end});
    }
  }
  return d;
}

double validationNdcg(const SasrecWeights& w, const PreparedData& data) {
  if (data.validPerson.empty()) return 0;
  double total = 0;
  Inference inf;
  FirstBlockProjections first(w);  // the weights stay as they are for the whole pass
  std::vector<int32_t> seen;
  for (std::size_t v = 0; v < data.validPerson.size(); ++v) {
    const auto& steps = data.train[static_cast<std::size_t>(data.validPerson[v])];
    const int32_t target = data.validTarget[v] - 1;
    inferSequence(w, steps, true, &inf, &first);
    seen.clear();
    for (const Step& s : steps)
      if (s.row - 1 != target) seen.push_back(s.row - 1);
    std::sort(seen.begin(), seen.end());
    const float ts = inf.scores[static_cast<std::size_t>(target)];
    int32_t rank = 1;
    for (int32_t j = 0; j < w.shape.items && rank <= 10; ++j) {
      const float sj = inf.scores[static_cast<std::size_t>(j)];
      if (j == target || !(sj > ts || (sj == ts && j < target))) continue;
      if (!std::binary_search(seen.begin(), seen.end(), j)) ++rank;
    }
    if (rank <= 10) total += 1.0 / std::log2(rank + 1.0);
  }
  return total / static_cast<double>(data.validPerson.size());
}

double trainingBytes(const SasrecShape& s, int32_t batch, int32_t negatives, double events) {
  // A batch holds at most batch windows of maxLen steps, and never more steps than the log.
  const double d = s.dim, f = s.ffn, rows = std::min(static_cast<double>(batch) * s.maxLen, std::max(events, 1.0));
  const double window = std::min(static_cast<double>(s.maxLen), std::max(events, 1.0));
  const double weights = weightFloats(s) * 5;  // weights, gradient, two moments, best copy
  // Per row and block: input, two norms (and their caches), qkv, context,
  // output, middle, hidden, three dropout masks; per sequence L^2 per head.
  const double perRowBlock = 14 * d + f;
  // Attention weights: L^2 per window and head, at most rows x maxLen in all (and their gradient).
  const double activations = rows * (perRowBlock * s.blocks + 6 * d) + rows * window * s.heads * s.blocks * 2;
  const double chunk = std::min(rows, std::max(1.0, static_cast<double>(std::size_t{16} << 20) / s.items));
  const double logits = negatives > 0 ? rows * (negatives + 1) * 2 : chunk * (s.items + 2 * d);
  const double data = events * 3 * 12;  // the steps, their training copy and targets
  return (weights + activations + logits) * sizeof(float) + data;
}

Status trainSasrec(const std::vector<std::vector<Step>>& sequences, const TrainSettings& st, const EpochFn& progress,
                   SasrecWeights* out, TrainResult* result) {
  RR_TRY(checkShape(st.shape));
  if (st.batch < 1 || st.epochs < 1 || st.patience < 1 || st.negatives < 0 || !(st.dropout >= 0 && st.dropout < 1) ||
      !(st.learningRate > 0))
    return argError("sasrec: batch, epochs and patience must be >= 1, negatives >= 0, dropout in [0, 1)");
  double events = 0;
  for (const auto& s : sequences) events += static_cast<double>(s.size());
  const double bytes = trainingBytes(st.shape, st.batch, st.negatives, events);
  if (bytes > static_cast<double>(limits::kTrainingMemoryBudget))
    return Status::error(ErrorCode::Memory, "sasrec training would need about " +
                                                std::to_string(static_cast<long long>(bytes / 1048576)) +
                                                " MB, over the " + std::to_string(limits::kTrainingMemoryBudget >> 20) +
                                                " MB budget: lower batch, maxLen or dim, or set negatives");
  const auto started = std::chrono::steady_clock::now();
  PreparedData data = prepareData(sequences, st.shape.maxLen);
  if (data.windows.empty())
    return Status::error(ErrorCode::Empty, "sasrec needs people with at least two positive events in order");

  SasrecWeights w, g, best;
  initialise(w, st.shape, st.seed);
  resizeZero(g, st.shape);
  Adam adam;
  resizeZero(adam.m, st.shape);
  resizeZero(adam.v, st.shape);
  analytics::Rng rng(st.seed ^ 0x5A5EC0DEull);
  TrainResult res;
  res.bestNdcg = -1;
  std::vector<std::size_t> order(data.windows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  Batch b;
  NetworkCache cache;
  std::vector<int32_t> negatives;
  int32_t sinceBest = 0;
  for (int32_t epoch = 1; epoch <= st.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double lossSum = 0;
    int64_t targetSum = 0;
    for (std::size_t at = 0; at < order.size(); at += static_cast<std::size_t>(st.batch)) {
      b = Batch{};
      b.seg.start.push_back(0);
      const std::size_t stop = std::min(order.size(), at + static_cast<std::size_t>(st.batch));
      for (std::size_t i = at; i < stop; ++i)
        addWindow(data, data.windows[order[i]], st.shape.maxLen, st.shape.feedbackKinds, b);
      negatives.clear();
      if (st.negatives > 0) {
        const auto items = static_cast<uint64_t>(st.shape.items);
        for (int32_t t : b.target)
          for (int32_t k = 0; k < st.negatives; ++k) {
            int32_t row = 1 + static_cast<int32_t>(rng.below(items));
            while (t >= 0 && row == t && items > 1) row = 1 + static_cast<int32_t>(rng.below(items));
            negatives.push_back(row);
          }
      }
      networkForward(w, b, st.dropout, &rng, cache);
      zero(g);
      int64_t targets = 0;
      lossSum += networkLoss(w, b, cache, negatives, st.negatives, &g, &targets);
      targetSum += targets;
      adamStep(st, w, g, adam);
    }
    const bool validates = !data.validPerson.empty();
    const double ndcg = validates ? validationNdcg(w, data) : std::nan("");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const EpochReport rep{epoch, st.epochs, targetSum ? lossSum / static_cast<double>(targetSum) : 0.0, ndcg, secs};
    res.history.push_back(rep);
    res.epochsRun = epoch;
    if (!std::isfinite(rep.loss))
      return Status::error(ErrorCode::State, "sasrec training diverged (the loss is not finite): lower learningRate");
    // A tie with the best keeps the later (more trained) weights but is no
    // improvement for patience: a saturated validation (a planted task,
    // NDCG 1) must neither freeze the first epoch that reached it nor train forever.
    if (!validates) {
      // Nobody has an item to hold out: every epoch runs, the last is kept.
      res.bestEpoch = epoch;
      best = w;
    } else if (ndcg >= res.bestNdcg) {
      sinceBest = ndcg > res.bestNdcg ? 0 : sinceBest + 1;
      res.bestNdcg = ndcg;
      res.bestEpoch = epoch;
      best = w;
    } else {
      ++sinceBest;
    }
    if (progress && !progress(rep)) return Status::error(ErrorCode::Cancelled, "sasrec training was cancelled");
    if (sinceBest >= st.patience) break;
  }
  *out = std::move(best);
  *result = std::move(res);
  return Status::ok();
}

}  // namespace reelrank::sasrec
