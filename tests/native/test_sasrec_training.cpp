// SASRec training: a planted "after A comes B" task learnt (full and sampled
// softmax), determinism, cancel, the memory check, the data preparation.
#include <catch2/catch.hpp>
#include <cstring>

#include "analytics/rng.hpp"
#include "common/limits.hpp"
#include "models/sasrec/sasrec_inference.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/sasrec/sasrec_trainer.hpp"

using namespace reelrank;
using namespace reelrank::sasrec;

namespace {

constexpr int32_t kItems = 30;

// A fixed permutation of the items: the successor of every item.
std::vector<int32_t> successors() {
  std::vector<int32_t> p(kItems);
  for (int32_t i = 0; i < kItems; ++i) p[static_cast<std::size_t>(i)] = i;
  analytics::Rng rng(99);
  for (std::size_t i = p.size(); i > 1; --i) std::swap(p[i - 1], p[rng.below(i)]);
  return p;
}

// People who each follow the chain from a random item for 6..14 steps.
std::vector<std::vector<Step>> chains(const std::vector<int32_t>& next, int people, uint64_t seed) {
  analytics::Rng rng(seed);
  std::vector<std::vector<Step>> out;
  for (int u = 0; u < people; ++u) {
    std::vector<Step> s;
    auto item = static_cast<int32_t>(rng.below(kItems));
    const auto len = 6 + static_cast<int32_t>(rng.below(9));
    for (int32_t t = 0; t < len; ++t) {
      s.push_back({item + 1, 0, true});
      item = next[static_cast<std::size_t>(item)];
    }
    out.push_back(std::move(s));
  }
  return out;
}

TrainSettings plantedSettings() {
  TrainSettings s;
  s.shape.items = kItems;
  s.shape.dim = 16;
  s.shape.blocks = 1;
  s.shape.heads = 1;
  s.shape.maxLen = 8;
  s.shape.ffn = 16;
  s.epochs = 30;
  s.patience = 30;
  s.learningRate = 1e-2f;
  s.dropout = 0.0f;
  s.batch = 32;
  s.seed = 7;
  return s;
}

// Share of the prefixes of fresh chains whose true successor ranks first.
double successorFirst(const SasrecWeights& w, const std::vector<int32_t>& next) {
  int hits = 0, total = 0;
  Inference inf;
  for (const auto& seq : chains(next, 100, 1234)) {
    for (std::size_t len = 1; len <= seq.size(); ++len) {
      const std::vector<Step> prefix(seq.begin(), seq.begin() + static_cast<std::ptrdiff_t>(len));
      inferSequence(w, prefix, true, &inf);
      const auto best = std::max_element(inf.scores.begin(), inf.scores.end()) - inf.scores.begin();
      hits += best == next[static_cast<std::size_t>(prefix.back().row - 1)] ? 1 : 0;
      ++total;
    }
  }
  return static_cast<double>(hits) / total;
}

bool sameBytes(SasrecWeights& a, SasrecWeights& b) {
  auto ta = tensorList(a), tb = tensorList(b);
  if (ta.size() != tb.size()) return false;
  for (std::size_t i = 0; i < ta.size(); ++i)
    if (ta[i].data->size() != tb[i].data->size() ||
        std::memcmp(ta[i].data->data(), tb[i].data->data(), ta[i].data->size() * sizeof(float)) != 0)
      return false;
  return true;
}

}  // namespace

TEST_CASE("sasrec training: a planted successor chain is learnt with the full softmax", "[sasrec]") {
  const auto next = successors();
  SasrecWeights w;
  TrainResult r;
  int calls = 0;
  REQUIRE(trainSasrec(
              chains(next, 300, 5), plantedSettings(), [&](const EpochReport&) { return ++calls > 0; }, &w, &r)
              .isOk());
  CHECK(calls == r.epochsRun);
  REQUIRE(r.history.size() >= 2);
  // The loss falls from about ln(30) = 3.4 to a small fraction of it.
  CHECK(r.history.front().loss > 2.5);
  CHECK(r.history.back().loss < 0.5 * r.history.front().loss);
  CHECK(r.bestNdcg > 0.9);
  CHECK(successorFirst(w, next) >= 0.95);
  // Untrained weights do not know the chain: the test can fail.
  SasrecWeights fresh;
  initialise(fresh, plantedSettings().shape, 7);
  CHECK(successorFirst(fresh, next) < 0.2);
}

TEST_CASE("sasrec training: the sampled softmax (8 negatives) learns the chain too", "[sasrec]") {
  const auto next = successors();
  TrainSettings s = plantedSettings();
  s.negatives = 8;
  SasrecWeights w;
  TrainResult r;
  REQUIRE(trainSasrec(chains(next, 300, 5), s, {}, &w, &r).isOk());
  CHECK(r.history.back().loss < 0.5 * r.history.front().loss);
  CHECK(successorFirst(w, next) >= 0.9);
}

TEST_CASE("sasrec training: one seed gives the same bytes, another seed others; dropout on", "[sasrec]") {
  const auto data = chains(successors(), 80, 3);
  TrainSettings s = plantedSettings();
  s.epochs = 3;
  s.dropout = 0.3f;
  SasrecWeights a, b, c;
  TrainResult ra, rb, rc;
  REQUIRE(trainSasrec(data, s, {}, &a, &ra).isOk());
  REQUIRE(trainSasrec(data, s, {}, &b, &rb).isOk());
  CHECK(sameBytes(a, b));
  CHECK(ra.history.back().loss == rb.history.back().loss);
  s.seed = 8;
  REQUIRE(trainSasrec(data, s, {}, &c, &rc).isOk());
  CHECK_FALSE(sameBytes(a, c));
}

TEST_CASE("sasrec training: cancel is E_CANCELLED and leaves the output alone", "[sasrec]") {
  SasrecWeights w;
  w.shape.items = 123;  // a marker
  TrainResult r;
  r.epochsRun = -5;
  int calls = 0;
  const Status st = trainSasrec(
      chains(successors(), 50, 4), plantedSettings(),
      [&](const EpochReport& e) {
        ++calls;
        CHECK(std::isfinite(e.loss));
        CHECK(e.validNdcg >= 0);
        return e.epoch < 2;
      },
      &w, &r);
  CHECK(st.code() == ErrorCode::Cancelled);
  CHECK(calls == 2);
  CHECK(w.shape.items == 123);
  CHECK(w.itemEmbedding.empty());
  CHECK(r.epochsRun == -5);
}

TEST_CASE("sasrec training: E_MEMORY before allocating, E_EMPTY with nothing to learn, E_ARG on bad settings",
          "[sasrec]") {
  SasrecWeights w;
  TrainResult r;
  TrainSettings big = plantedSettings();
  big.shape.items = 1'000'000;
  big.shape.dim = 512;
  CHECK(trainSasrec(chains(successors(), 10, 4), big, {}, &w, &r).code() == ErrorCode::Memory);
  TrainSettings longBatch = plantedSettings();
  longBatch.shape.maxLen = 1000;
  longBatch.batch = 4096;
  // Long windows in big batches cost L^2 per window: past the budget with a big log, not with a tiny one
  // (a batch never holds more steps than the log has).
  CHECK(trainingBytes(longBatch.shape, longBatch.batch, 0, 1e7) > static_cast<double>(limits::kTrainingMemoryBudget));
  CHECK(trainingBytes(longBatch.shape, longBatch.batch, 0, 100) < 1e7);
  // A sampled softmax makes the same catalogue fit: the estimate follows the option.
  CHECK(trainingBytes(big.shape, 128, 0, 1e6) > trainingBytes(big.shape, 128, 100, 1e6));
  const std::vector<std::vector<Step>> singles = {{{1, 0, true}}, {{2, 0, true}}};
  CHECK(trainSasrec(singles, plantedSettings(), {}, &w, &r).code() == ErrorCode::Empty);
  TrainSettings bad = plantedSettings();
  bad.shape.heads = 3;  // does not divide 16
  CHECK(trainSasrec(chains(successors(), 10, 4), bad, {}, &w, &r).code() == ErrorCode::Arg);
  CHECK(w.itemEmbedding.empty());
}

TEST_CASE("sasrec training: held-out items, targets and windows", "[sasrec]") {
  // Person 0: a, b, (skip c), d, e: e held out; targets skip the negative step.
  // Person 1: 23 positive steps with maxLen 8: its 21 steps with a target make windows of 8, 8, 5.
  std::vector<std::vector<Step>> seqs(2);
  seqs[0] = {{1, 0, true}, {2, 0, true}, {3, 7, false}, {4, 0, true}, {5, 0, true}};
  for (int32_t t = 0; t < 23; ++t) seqs[1].push_back({1 + t % 9, 0, true});
  const PreparedData d = prepareData(seqs, 8);
  REQUIRE(d.validPerson == std::vector<int32_t>{0, 1});
  CHECK(d.validTarget[0] == 5);
  CHECK(d.train[0].size() == 4);
  CHECK(d.next[0] == std::vector<int32_t>{2, 4, 4, -1});
  REQUIRE(d.windows.size() == 4);
  CHECK(d.windows[0].person == 0);
  CHECK(d.windows[0].begin == 0);
  CHECK(d.windows[0].end == 3);  // the last training step has no target
  CHECK(d.windows[1].begin == 13);
  CHECK(d.windows[1].end == 21);
  CHECK(d.windows[2].begin == 5);
  CHECK(d.windows[3].begin == 0);
  CHECK(d.windows[3].end == 5);
}

TEST_CASE("sasrec training: people with two positive steps train instead of validating; no early stopping then",
          "[sasrec]") {
  const std::vector<std::vector<Step>> pairs = {
      {{1, 0, true}, {2, 0, true}}, {{1, 0, true}, {3, 0, true}}, {{2, 0, true}, {3, 0, true}}};
  TrainSettings s = plantedSettings();
  s.shape.items = 3;
  s.epochs = 4;
  s.patience = 1;
  SasrecWeights w;
  TrainResult r;
  REQUIRE(trainSasrec(pairs, s, {}, &w, &r).isOk());
  CHECK(r.epochsRun == 4);  // patience 1 would have stopped a validated run
  CHECK(r.bestEpoch == 4);
  CHECK(std::isnan(r.history.back().validNdcg));
  CHECK(prepareData(pairs, 8).windows.size() == 3);
}
