// SASRec training speed and quality on a next-item split
// (../shared/data/next-item/<name>/: train.tsv, valid.tsv, test.tsv, rows
// `user item timestamp`, each person's rows in time order).
//
// Trains on train + valid with the valid item as the held-out item of early
// stopping (the trainer holds out each person's last item), then reports
// NDCG@10 / HR@10 on the test item: full ranking over the items of
// train.tsv + valid.tsv, the person's own earlier items excluded.
//
//   bench_sasrec <dir> [key=value ...]   keys: dim blocks heads maxLen ffn epochs lr dropout batch
//                                              patience negatives feedback seed
//   bench_sasrec latency [items=10000 dim=64 blocks=2 maxLen=200 ...]
//       one person's forward pass and scores over `items` random-weight
//       videos for a maxLen-event profile, one new event before each run:
//       median of 51 runs, direct and with what InferenceCache keeps (the first
//       block's parts and logits, the packed feed-forward weights), and the
//       latter without the scores
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/sasrec/sasrec_first_block.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/sasrec/sasrec_trainer.hpp"
#include "models/sasrec/sasrec_window_logits.hpp"

using namespace reelrank::sasrec;

namespace {

struct Split {
  std::vector<std::vector<int32_t>> history;  // per person: train + valid items (model indices)
  std::vector<int32_t> test;                  // per person: test item, -1 when unknown to training
  int32_t items = 0;
};

void readRows(const std::string& path, std::vector<std::pair<std::string, std::string>>& rows) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string u, i;
    f >> u >> i;
    if (!u.empty()) rows.emplace_back(u, i);
  }
}

Split load(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> train, valid, test;
  readRows(dir + "/train.tsv", train);
  readRows(dir + "/valid.tsv", valid);
  readRows(dir + "/test.tsv", test);
  std::unordered_map<std::string, int32_t> users, items;
  Split s;
  auto person = [&](const std::string& u) {
    auto it = users.find(u);
    if (it != users.end()) return it->second;
    const auto k = static_cast<int32_t>(users.size());
    users.emplace(u, k);
    s.history.emplace_back();
    s.test.push_back(-1);
    return k;
  };
  auto item = [&](const std::string& i) {
    auto it = items.find(i);
    if (it != items.end()) return it->second;
    const auto k = static_cast<int32_t>(items.size());
    items.emplace(i, k);
    return k;
  };
  for (const auto& [u, i] : train) s.history[static_cast<std::size_t>(person(u))].push_back(item(i));
  for (const auto& [u, i] : valid) s.history[static_cast<std::size_t>(person(u))].push_back(item(i));
  s.items = static_cast<int32_t>(items.size());
  for (const auto& [u, i] : test) {
    const auto it = items.find(i);
    s.test[static_cast<std::size_t>(person(u))] = it == items.end() ? -1 : it->second;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_sasrec <next-item dir> [key=value ...]\n");
    return 2;
  }
  std::map<std::string, double> o = {{"dim", 64},    {"blocks", 2},    {"heads", 1},     {"maxLen", 100},
                                     {"ffn", 64},    {"epochs", 3},    {"lr", 1e-3},     {"dropout", 0.5},
                                     {"batch", 128}, {"patience", 10}, {"negatives", 0}, {"feedback", 0},
                                     {"seed", 42},   {"items", 10000}};
  for (int a = 2; a < argc; ++a) {
    const std::string kv = argv[a];
    const auto eq = kv.find('=');
    if (eq == std::string::npos || !o.count(kv.substr(0, eq))) {
      std::fprintf(stderr, "unknown argument %s\n", argv[a]);
      return 2;
    }
    o[kv.substr(0, eq)] = std::stod(kv.substr(eq + 1));
  }
  if (std::string(argv[1]) == "latency") {
    SasrecShape shape;
    shape.items = static_cast<int32_t>(o["items"]);
    shape.dim = static_cast<int32_t>(o["dim"]);
    shape.blocks = static_cast<int32_t>(o["blocks"]);
    shape.heads = static_cast<int32_t>(o["heads"]);
    shape.maxLen = static_cast<int32_t>(o["maxLen"]);
    shape.ffn = shape.dim;
    SasrecWeights w;
    initialise(w, shape, 1);
    std::vector<Step> steps;
    for (int32_t t = 0; t < shape.maxLen; ++t) steps.push_back({1 + (t * 7919) % shape.items, 0, true});
    // Each run is one swipe: a new event slides the window, as on the device.
    // "direct" computes the first block from scratch; "kept" keeps its item
    // side (sasrec_first_block.hpp) and its attention logits' dots
    // (sasrec_window_logits.hpp) between swipes, as the model does.
    auto median = [&](FirstBlockProjections* first, FirstBlockWindow* window, const std::vector<PackedFfn>* ffn,
                      double* fastest, bool withScores = true) {
      std::vector<double> ms;
      Inference inf;
      for (int run = 0; run < 51; ++run) {
        steps.erase(steps.begin());
        steps.push_back({1 + (run * 104729) % shape.items, 0, true});
        const auto t0 = std::chrono::steady_clock::now();
        inferSequence(w, steps, withScores, &inf, first, window, ffn);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(ms.begin(), ms.end());
      *fastest = ms[0];
      return ms[25];
    };
    FirstBlockProjections first(w);
    FirstBlockWindow window(w, first);
    const std::vector<PackedFfn> ffn = packFfns(w);
    double directMin = 0, keptMin = 0;
    const double direct = median(nullptr, nullptr, nullptr, &directMin);
    const double kept = median(&first, &window, kPackedProducts ? &ffn : nullptr, &keptMin);
    double forwardMin = 0;
    const double forward = median(&first, &window, kPackedProducts ? &ffn : nullptr, &forwardMin, false);
    std::printf(
        "forward + scores: %d items, d %d, %d blocks, %d events: median %.3f ms (min %.3f) direct, %.3f ms (min %.3f) "
        "with what the inference cache keeps\n"
        "  of which the forward pass alone (no scores): median %.3f ms (min %.3f)\n",
        shape.items, shape.dim, shape.blocks, shape.maxLen, direct, directMin, kept, keptMin, forward, forwardMin);
    return 0;
  }
  const Split split = load(argv[1]);
  std::vector<std::vector<Step>> seqs;
  std::size_t events = 0;
  for (const auto& h : split.history) {
    std::vector<Step> s;
    for (int32_t i : h) s.push_back({i + 1, 0, true});
    events += s.size();
    seqs.push_back(std::move(s));
  }
  TrainSettings st;
  st.shape.items = split.items;
  st.shape.dim = static_cast<int32_t>(o["dim"]);
  st.shape.blocks = static_cast<int32_t>(o["blocks"]);
  st.shape.heads = static_cast<int32_t>(o["heads"]);
  st.shape.maxLen = static_cast<int32_t>(o["maxLen"]);
  st.shape.ffn = static_cast<int32_t>(o["ffn"]);
  st.shape.feedbackKinds = o["feedback"] > 0 ? 10 : 0;
  st.epochs = static_cast<int32_t>(o["epochs"]);
  st.learningRate = static_cast<float>(o["lr"]);
  st.dropout = static_cast<float>(o["dropout"]);
  st.batch = static_cast<int32_t>(o["batch"]);
  st.patience = static_cast<int32_t>(o["patience"]);
  st.negatives = static_cast<int32_t>(o["negatives"]);
  st.seed = static_cast<uint64_t>(o["seed"]);
  const PreparedData prepared = prepareData(seqs, st.shape.maxLen);
  std::size_t rows = 0;
  for (const auto& w : prepared.windows) rows += static_cast<std::size_t>(w.end - w.begin);
  std::printf("people %zu, items %d, events %zu, windows %zu, input rows per epoch %zu\n", seqs.size(), split.items,
              events, prepared.windows.size(), rows);
  double last = 0;
  SasrecWeights w;
  TrainResult r;
  const auto status = trainSasrec(
      seqs, st,
      [&](const EpochReport& e) {
        std::printf("epoch %3d  loss %.4f  valid NDCG@10 %.4f  %.2f s (epoch %.2f s)\n", e.epoch, e.loss, e.validNdcg,
                    e.seconds, e.seconds - last);
        std::fflush(stdout);
        last = e.seconds;
        return true;
      },
      &w, &r);
  if (!status.isOk()) {
    std::fprintf(stderr, "training failed: %s\n", status.message().c_str());
    return 1;
  }
  std::printf("best epoch %d, valid NDCG@10 %.4f\n", r.bestEpoch, r.bestNdcg);
  // Test: full ranking, the person's own items excluded.
  double ndcg = 0, hr = 0;
  Inference inf;
  std::vector<char> seen(static_cast<std::size_t>(split.items));
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t p = 0; p < seqs.size(); ++p) {
    const int32_t target = split.test[p];
    if (target < 0) continue;
    inferSequence(w, seqs[p], true, &inf);
    std::fill(seen.begin(), seen.end(), 0);
    for (int32_t i : split.history[p]) seen[static_cast<std::size_t>(i)] = 1;
    seen[static_cast<std::size_t>(target)] = 0;
    const float ts = inf.scores[static_cast<std::size_t>(target)];
    int rank = 1;
    for (int32_t j = 0; j < split.items; ++j) {
      if (j == target || seen[static_cast<std::size_t>(j)]) continue;
      const float sj = inf.scores[static_cast<std::size_t>(j)];
      if (sj > ts || (sj == ts && j < target)) ++rank;
    }
    if (rank <= 10) {
      hr += 1;
      ndcg += 1.0 / std::log2(rank + 1.0);
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("test NDCG@10 %.4f  HR@10 %.4f  (%zu people; %.3f ms per recommend incl. ranking)\n",
              ndcg / static_cast<double>(seqs.size()), hr / static_cast<double>(seqs.size()), seqs.size(),
              1e3 * secs / static_cast<double>(seqs.size()));
  return 0;
}
