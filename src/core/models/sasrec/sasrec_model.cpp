#include "models/sasrec/sasrec_model.hpp"

#include <algorithm>
#include <cmath>

#include "models/sasrec/sasrec_feedback.hpp"
#include "models/sasrec/sasrec_steps.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/sasrec/sasrec_trainer.hpp"

namespace reelrank {

namespace {

// The section's own layout version, written first (docs/format.md: the
// snapshot's version covers the envelope; this covers the tensors' order).
constexpr uint32_t kSectionVersion = 1;

sasrec::SasrecShape shapeFrom(const Options& o, int32_t items) {
  sasrec::SasrecShape s;
  s.items = items;
  s.dim = static_cast<int32_t>(o.at("dim"));
  s.blocks = static_cast<int32_t>(o.at("blocks"));
  s.heads = static_cast<int32_t>(o.at("heads"));
  s.maxLen = static_cast<int32_t>(o.at("maxLen"));
  s.ffn = s.dim;
  s.feedbackKinds = o.at("feedback") != 0 ? sasrec::kFeedbackKinds : 0;
  return s;
}

}  // namespace

int32_t SasrecModel::negativesFor(const Options& o, double items) {
  const double v = o.at("negatives");
  if (!std::isnan(v)) return static_cast<int32_t>(v);
  return items > SasrecDefaults::kFullSoftmaxItems ? SasrecDefaults::kSampledNegatives : 0;
}

double SasrecModel::trainingBytes(double events, double items, const Options& o) {
  const sasrec::SasrecShape s = shapeFrom(o, static_cast<int32_t>(std::min(items, 2e9)));
  return sasrec::trainingBytes(s, static_cast<int32_t>(o.at("batch")), negativesFor(o, items), events);
}

Status SasrecModel::train(const Options& o, const ItemSide& side, const ProgressFn& progress,
                          std::unique_ptr<Recommender>* out) {
  const std::size_t n = side.itemCount();
  if (n == 0) return Status::error(ErrorCode::Empty, "sasrec needs a catalogue: there are no items");
  sasrec::TrainSettings st;
  st.shape = shapeFrom(o, static_cast<int32_t>(n));
  if (st.shape.dim % st.shape.heads != 0)
    return argError("sasrec: heads (" + std::to_string(st.shape.heads) + ") must divide dim (" +
                    std::to_string(st.shape.dim) + ")");
  st.epochs = static_cast<int32_t>(o.at("epochs"));
  st.learningRate = static_cast<float>(o.at("learningRate"));
  st.dropout = static_cast<float>(o.at("dropout"));
  st.batch = static_cast<int32_t>(o.at("batch"));
  st.patience = static_cast<int32_t>(o.at("patience"));
  st.negatives = negativesFor(o, static_cast<double>(n));
  st.seed = static_cast<uint64_t>(o.at("seed"));
  const Sequences& seq = side.sequences;
  if (seq.steps.empty())
    return Status::error(ErrorCode::Empty, "sasrec needs ordered events to learn from: the log is empty");
  const bool feedback = st.shape.feedbackKinds > 0;
  std::vector<std::vector<sasrec::Step>> people;
  people.reserve(seq.users());
  for (std::size_t u = 0; u < seq.users(); ++u) {
    const SequenceStep* b = seq.steps.data() + seq.start[u];
    const SequenceStep* e = seq.steps.data() + seq.start[u + 1];
    people.push_back(sasrec::stepsOf(b, e, feedback));
    for (const auto& s : people.back())
      if (s.row < 1 || static_cast<std::size_t>(s.row) > n)
        return argError("sasrec: a sequence step names no model item");
  }
  sasrec::EpochFn epochFn;
  if (progress)
    epochFn = [&](const sasrec::EpochReport& e) {
      return progress({e.epoch, e.epochs, e.loss, e.seconds, e.validNdcg});
    };
  sasrec::SasrecWeights w;
  sasrec::TrainResult result;
  RR_TRY(sasrec::trainSasrec(people, st, epochFn, &w, &result));
  auto m = std::make_unique<SasrecModel>();
  m->w_ = std::move(w);
  *out = std::move(m);
  return Status::ok();
}

Status SasrecModel::fromWeights(sasrec::SasrecWeights w, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  RR_TRY(sasrec::checkWeights(w));
  if (static_cast<std::size_t>(w.shape.items) != side.itemCount())
    return argError("sasrec: the weights have " + std::to_string(w.shape.items) + " items, the catalogue " +
                    std::to_string(side.itemCount()));
  auto m = std::make_unique<SasrecModel>();
  m->w_ = std::move(w);
  *out = std::move(m);
  return Status::ok();
}

std::vector<sasrec::Step> SasrecModel::stepsOf(const Query& q) const {
  const bool feedback = w_.shape.feedbackKinds > 0;
  std::vector<sasrec::Step> steps;
  if (!q.recent.empty()) {
    steps = sasrec::lastSteps(q.recent.data(), q.recent.data() + q.recent.size(), feedback, w_.shape.items,
                              static_cast<std::size_t>(w_.shape.maxLen));
  } else {
    for (const auto& [item, weight] : q.items)
      if (weight > 0 && (steps.empty() || steps.back().row != item + 1))
        steps.push_back({item + 1, static_cast<int32_t>(sasrec::FeedbackKind::ViewFull), true});
  }
  // Only the last maxLen are read; items outside the model are dropped.
  steps.erase(std::remove_if(steps.begin(), steps.end(),
                             [&](const sasrec::Step& s) { return s.row < 1 || s.row > w_.shape.items; }),
              steps.end());
  if (steps.size() > static_cast<std::size_t>(w_.shape.maxLen))
    steps.erase(steps.begin(), steps.end() - w_.shape.maxLen);
  return steps;
}

void SasrecModel::score(const ItemSide&, const Query& q, std::vector<float>& scores) const {
  const auto steps = stepsOf(q);
  if (steps.empty()) return;
  std::lock_guard<std::mutex> lock(cacheLock_);
  const sasrec::Inference& inf = cache_.run(w_, steps);
  const std::size_t n = std::min(scores.size(), inf.scores.size());
  for (std::size_t j = 0; j < n; ++j) scores[j] += inf.scores[j];
}

bool SasrecModel::explain(const ItemSide& side, const Query& q, int32_t item, Reason* why) const {
  std::vector<Reason> one;
  std::vector<uint8_t> found;
  explainMany(side, q, {item}, &one, &found);
  if (!found[0]) return false;
  *why = one[0];
  return true;
}

void SasrecModel::explainMany(const ItemSide&, const Query& q, const std::vector<int32_t>& items,
                              std::vector<Reason>* why, std::vector<uint8_t>* found) const {
  why->assign(items.size(), Reason{});
  found->assign(items.size(), 0);
  const auto steps = stepsOf(q);
  if (steps.empty()) return;
  std::lock_guard<std::mutex> lock(cacheLock_);
  const sasrec::Inference& inf = cache_.run(w_, steps);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const int32_t item = items[i];
    if (item < 0 || item >= w_.shape.items) continue;
    // The step the final position attends to most, among those that are not
    // the item itself ("because you just watched X" about X would be odd);
    // ties to the most recent.
    int32_t best = -1;
    float weight = 0;
    for (std::size_t t = 0; t < inf.attention.size(); ++t) {
      const sasrec::Step& s = steps[inf.firstStep + t];
      if (!s.positive || s.row - 1 == item) continue;
      if (best < 0 || inf.attention[t] >= weight) {
        best = s.row - 1;
        weight = inf.attention[t];
      }
    }
    if (best < 0) continue;
    (*why)[i] = {ReasonKind::Recent, best, weight};
    (*found)[i] = 1;
  }
}

std::vector<std::pair<int32_t, float>> SasrecModel::similarItems(const ItemSide&, int32_t item, std::size_t n) const {
  if (item < 0 || item >= w_.shape.items) return {};
  sasrec::Inference inf;
  sasrec::inferSequence(w_, {{item + 1, static_cast<int32_t>(sasrec::FeedbackKind::ViewFull), true}}, true, &inf);
  // A softmax turns the logits into the positive shares topPairs keeps.
  float top = -INFINITY;
  for (float s : inf.scores) top = std::max(top, s);
  double total = 0;
  for (float& s : inf.scores) total += (s = std::exp(s - top));
  for (float& s : inf.scores) s = static_cast<float>(s / total);
  return topPairs(inf.scores, n, item);
}

void SasrecModel::write(BinaryWriter& w, bool /*includeUsers*/) const {
  const sasrec::SasrecShape& s = w_.shape;
  w.u32(kSectionVersion);
  for (int32_t v : {s.items, s.dim, s.blocks, s.heads, s.maxLen, s.ffn, s.feedbackKinds}) w.i32(v);
  for (const auto& t : sasrec::tensorList(const_cast<sasrec::SasrecWeights&>(w_))) w.podVector(*t.data);
}

Status SasrecModel::read(BinaryReader& r, const ItemSide& side, std::unique_ptr<Recommender>* out) {
  const uint32_t version = r.u32();
  sasrec::SasrecShape s;
  s.items = r.i32();
  s.dim = r.i32();
  s.blocks = r.i32();
  s.heads = r.i32();
  s.maxLen = r.i32();
  s.ffn = r.i32();
  s.feedbackKinds = r.i32();
  if (!r.ok() || version != kSectionVersion || !sasrec::checkShape(s).isOk() ||
      static_cast<std::size_t>(s.items) != side.itemCount())
    return corruptError("sasrec section of the model snapshot is damaged (its shape)");
  // Every float of the shape must be in the bytes left before anything is allocated.
  if (sasrec::weightFloats(s) * sizeof(float) > static_cast<double>(r.remaining()))
    return corruptError("sasrec section of the model snapshot is shorter than its shape says");
  sasrec::SasrecWeights w;
  w.shape = s;
  w.blocks.resize(static_cast<std::size_t>(s.blocks));
  for (auto& t : sasrec::tensorList(w)) {
    *t.data = r.podVector<float>();
    if (!r.ok() || t.data->size() != t.rows * t.cols)
      return corruptError("sasrec section of the model snapshot is damaged (tensor " + t.name + ")");
  }
  if (const Status st = sasrec::checkWeights(w); !st.isOk()) return corruptError(st.message());
  auto m = std::make_unique<SasrecModel>();
  m->w_ = std::move(w);
  *out = std::move(m);
  return Status::ok();
}

}  // namespace reelrank
