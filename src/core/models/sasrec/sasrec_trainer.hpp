// Training the SASRec network: cross-entropy for the next positive step at
// every position (full softmax over every item, or sampled), Adam, dropout,
// minibatches of windows, early stopping on a held-out item. Seeded and
// deterministic: one seed gives the same bytes (single-threaded Eigen, our
// own random draws, a fixed summation order).
//
// Data: each person's steps (sasrec_steps.hpp). The last positive step is
// held out as the validation target (when the person has at least three
// positive steps: with two, their one transition trains); the steps before
// it are the training part. When nobody has an item to hold out, there is
// no early stopping: every epoch runs and the last is kept (validNdcg NaN). Every training
// position's target is the next positive step after it. A training part
// longer than maxLen is cut, from its end, into windows of maxLen input steps,
// so every step is an input exactly once (the earliest window may be short);
// trailing steps with no target are dropped.
//
// Each epoch the validation NDCG@10 is measured (full ranking; the person's
// other items excluded; ties to the lower item index). The best epoch's
// weights are kept (of tied epochs, the later) and returned, without a refit on the held-out items: a
// refit would double the training time to add one transition per person,
// and the person's held-out event is still read at inference (it is in their
// profile). Training stops after `patience` epochs without improvement.
//
// Adam uses beta1 0.9, beta2 0.98, eps 1e-8: beta2 0.98 as in SASRec's and
// the Transformer's reference code. An item's embedding row gets a gradient
// only in the steps where it appears (or is sampled), so a shorter second-
// moment memory follows the few large updates of rare items more closely.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "common/status.hpp"
#include "models/sasrec/sasrec_steps.hpp"
#include "models/sasrec/sasrec_weights.hpp"

namespace reelrank::sasrec {

struct TrainSettings {
  SasrecShape shape;  // items, dim, blocks, heads, maxLen, ffn, feedbackKinds
  int32_t epochs = 200;
  float learningRate = 1e-3f;
  float dropout = 0.2f;
  int32_t batch = 128;    // windows per step
  int32_t patience = 5;   // epochs without a better validation NDCG before stopping
  int32_t negatives = 0;  // 0: full softmax; k > 0: k uniform negatives per position
  uint64_t seed = 42;
  float beta1 = 0.9f, beta2 = 0.98f, adamEps = 1e-8f;
};

struct EpochReport {
  int32_t epoch;   // 1-based
  int32_t epochs;  // the maximum
  double loss;     // mean training cross-entropy of the epoch
  double validNdcg;
  double seconds;  // since training started
};
// Return false to cancel.
using EpochFn = std::function<bool(const EpochReport&)>;

struct TrainResult {
  int32_t epochsRun = 0, bestEpoch = 0;
  double bestNdcg = 0;
  std::vector<EpochReport> history;
};

// Bytes training plans to allocate beyond the caller's sequences, for
// E_MEMORY before starting: weights, gradient, two Adam moments and the best
// copy; a batch's activations; the softmax's chunk of logits.
double trainingBytes(const SasrecShape& shape, int32_t batch, int32_t negatives, double events);

// Trains from `sequences` (one per person). E_EMPTY when nothing has a
// target, E_MEMORY past limits::kTrainingMemoryBudget, E_CANCELLED when
// progress says stop; *out and *result change only on success.
Status trainSasrec(const std::vector<std::vector<Step>>& sequences, const TrainSettings& settings,
                   const EpochFn& progress, SasrecWeights* out, TrainResult* result);

// One epoch's building blocks, exposed for tests and benchmarks.
struct Window {
  int32_t person;
  int32_t begin, end;  // steps begin..end-1 of the person's training part
};
struct PreparedData {
  std::vector<std::vector<Step>> train;    // per person, the training part
  std::vector<std::vector<int32_t>> next;  // per person and step: row of the next positive step, -1 none
  std::vector<Window> windows;
  std::vector<int32_t> validPerson;  // people with a held-out item
  std::vector<int32_t> validTarget;  // its embedding row
};
PreparedData prepareData(const std::vector<std::vector<Step>>& sequences, int32_t maxLen);

// Validation NDCG@10 of w on the held-out items.
double validationNdcg(const SasrecWeights& w, const PreparedData& data);

}  // namespace reelrank::sasrec
