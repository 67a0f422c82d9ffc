#include "models/algorithm_registry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/limits.hpp"
#include "models/content.hpp"
#include "models/ease.hpp"
#include "models/factor_model.hpp"
#include "models/ials.hpp"
#include "models/item_knn.hpp"
#include "models/mf.hpp"
#include "models/popularity.hpp"
#include "models/sasrec/sasrec_model.hpp"
#include "models/sasrec/sasrec_tensors.hpp"
#include "models/slist.hpp"
#include "models/transitions.hpp"
#include "models/trending.hpp"
#include "models/user_knn.hpp"

namespace reelrank {

namespace {

constexpr double kDerived = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxNeighbors = static_cast<double>(limits::kMaxNeighbors);

// The query-side recency weighting (Recommender::recency) as an option of
// the algorithms that read a person's bag of items. Its grid reaches down to
// one event: the reference recency-weighted item-kNN halves per step back.
OptionSpec recencyOption() {
  return {kRecencyOption,
          0,
          0,
          kMaxRecency,
          false,
          "recent events after which an event weighs half (0: the profile's own time-decayed weights)",
          {0, 1, 3, 10}};
}

bool never(const Options&) { return false; }
bool always(const Options&) { return true; }
double nothingMore(const TrainingShape&, const Options&) { return 0; }

// A factor model keeps (users + items) x factors floats twice (the factors
// and the solver's copies) while training.
double factorBytes(const TrainingShape& s, const Options& o) {
  return (s.users + s.items) * o.at("factors") * sizeof(float) * 2.0;
}

std::vector<AlgorithmEntry> makeRegistry() {
  std::vector<AlgorithmEntry> r;
  r.push_back({"popularity",
               "Most-watched first: the log's popularity, the same for everyone.",
               {},
               {BlendSignal::Popularity, false, false, true},
               never,
               nothingMore,
               [](const Options& o, const ItemSide& s, const ProgressFn&, std::unique_ptr<Recommender>* out) {
                 return PopularityModel::train(o, s, out);
               },
               PopularityModel::read});
  r.push_back({"userknn",
               "User-based collaborative filtering: the person's nearest training users vote (needs the users, "
               "so it cannot be shipped without them).",
               {{"neighbors",
                 UserKnnModel::kDefaultNeighbors,
                 1,
                 kMaxNeighbors,
                 false,
                 "neighbours per person",
                 {20, 50, 100, 200}},
                {"normalize", 1, 0, 1, false, "1: predict a rating around each user's mean; 0: plain weighted sum"},
                recencyOption()},
               {BlendSignal::Collaborative, true, false, true},
               [](const Options& o) { return o.at("normalize") != 0; },
               [](const TrainingShape& s, const Options&) { return s.users * 8.0; },
               [](const Options& o, const ItemSide& s, const ProgressFn&, std::unique_ptr<Recommender>* out) {
                 return UserKnnModel::train(o, s, out);
               },
               UserKnnModel::read});
  r.push_back(
      {"itemknn",
       "Item-based collaborative filtering: a candidate scores from its own nearest neighbours among what "
       "the person watched (shrunk cosine).",
       {{"neighbors",
         ItemKnnModel::kDefaultNeighbors,
         1,
         kMaxNeighbors,
         false,
         "neighbours kept per item",
         {20, 50, 100, 200}},
        {"shrink",
         ItemKnnModel::kDefaultShrink,
         0,
         1e6,
         false,
         "shrinkage of the cosine towards 0 for items with few common viewers",
         {0, 10, 100}},
        recencyOption()},
       {},
       always,
       [](const TrainingShape& s, const Options& o) { return s.items * 8.0 * std::min(o.at("neighbors"), s.items); },
       ItemKnnModel::train,
       ItemKnnModel::read});
  r.push_back({"content",
               "Tags, creators and embeddings of what the person watched (no log needed).",
               {},
               {BlendSignal::Content, false, false, true},
               never,
               nothingMore,
               [](const Options& o, const ItemSide& s, const ProgressFn&, std::unique_ptr<Recommender>* out) {
                 return ContentModel::train(o, s, out);
               },
               ContentModel::read});
  r.push_back(
      {"mf",
       "Biased matrix factorisation (rating prediction) trained by seeded SGD.",
       {{"factors", MfDefaults::kFactors, 1, kMaxFactorDim, true, "latent factors per user and item", {32, 128}},
        {"epochs", MfDefaults::kEpochs, 1, 10000, true, "passes over the ratings"},
        {"learningRate", MfDefaults::kLearningRate, 1e-9, 1, false, "SGD step for the factors"},
        {"biasLearningRate", kDerived, 1e-9, 1, false, "SGD step for the biases (default: learningRate)"},
        {"regularization", MfDefaults::kRegularization, 0, 1e3, false, "L2 penalty on the factors", {0.02, 0.1}},
        {"biasRegularization", MfDefaults::kBiasRegularization, 0, 1e3, false, "L2 penalty on the biases"},
        {"decay", MfDefaults::kDecay, 1e-3, 1, false, "learning-rate factor per epoch"},
        {"initStd", MfDefaults::kInitStd, 0, 10, false, "standard deviation of the initial factors"},
        {"seed", static_cast<double>(MfDefaults::kSeed), 0, kMaxSeed, true, "seed of the initialisation and order"},
        recencyOption()},
       {},
       always,
       factorBytes,
       trainMf,
       [](BinaryReader& r, const ItemSide& s, std::unique_ptr<Recommender>* out) {
         return FactorModel::read("mf", r, s, out);
       }});
  r.push_back(
      {"ials",
       "Implicit ALS (Hu, Koren, Volinsky) with conjugate-gradient solves.",
       {{"factors", IalsDefaults::kFactors, 1, kMaxFactorDim, true, "latent factors per user and item", {32, 64}},
        {"iterations", IalsDefaults::kIterations, 1, 1000, true, "alternating sweeps"},
        {"regularization", IalsDefaults::kRegularization, 0, 1e6, false, "L2 penalty", {4, 40, 400}},
        {"alpha", kDerived, 0, 1e6, false, "confidence slope (default: the weighting policy's confidenceAlpha)"},
        {"cgSteps", IalsDefaults::kCgSteps, 1, 1000, true, "conjugate-gradient steps per solve"},
        {"scaleRegularization", 0, 0, 1, true, "1: scale the penalty by each row's count"},
        {"seed", static_cast<double>(IalsDefaults::kSeed), 0, kMaxSeed, true, "seed of the initialisation"},
        recencyOption()},
       {},
       never,
       factorBytes,
       trainIals,
       [](BinaryReader& r, const ItemSide& s, std::unique_ptr<Recommender>* out) {
         return FactorModel::read("ials", r, s, out);
       }});
  r.push_back(
      {"ease",
       "EASE (Steck 2019): a closed-form item-item model over the most-interacted items.",
       {{"lambda", EaseModel::kDefaultLambda, 0, 1e12, false, "L2 penalty (must be > 0)", {100, 500, 2500, 10000}},
        {"maxItems", EaseModel::kDefaultMaxItems, 1, 1e9, true, "items kept (the most-interacted)"},
        {"binary", EaseModel::kDefaultBinary ? 1.0 : 0.0, 0, 1, true, "1: fit on 0/1 instead of weights"},
        recencyOption()},
       {},
       never,
       [](const TrainingShape& s, const Options& o) {
         const double n = std::min(o.at("maxItems"), s.items);
         return n * n * sizeof(float) * 3.0;  // the Gram matrix, its inverse and B
       },
       EaseModel::train,
       EaseModel::read});
  r.push_back(
      {"transitions",
       "What people watch right after an item, read from the person's recent events in order (a skip "
       "pushes down what follows it); explains with the recent video behind each result.",
       {{"window",
         TransitionsModel::kDefaultWindow,
         1,
         20,
         true,
         "events after an item that count as its next, weighted 1/distance",
         {1, 3, 5}},
        {"history",
         TransitionsModel::kDefaultHistory,
         1,
         200,
         true,
         "recent events a person's score reads",
         {3, 10, 30}},
        {"decay", TransitionsModel::kDefaultDecay, 0, 1, false, "weight of each step further back", {0.3, 0.6, 0.85}},
        {"skipWeight", TransitionsModel::kDefaultSkipWeight, 0, 10, false,
         "how hard a skipped or disliked event pushes down what follows it"},
        {"neighbors", TransitionsModel::kDefaultNeighbors, 1, kMaxNeighbors, true, "successors kept per item"}},
       {BlendSignal::Collaborative, false, true, true},
       never,
       [](const TrainingShape& s, const Options& o) {
         // The ordered copy of the log, and the counting maps (about 32 B a pair).
         return s.events * 24.0 + s.events * o.at("window") * 32.0 + s.items * o.at("neighbors") * 8.0;
       },
       TransitionsModel::train,
       TransitionsModel::read});
  r.push_back({"slist",
               "A closed-form sequence model after SLIST (Choi et al. 2021): one item-item matrix fitted both to what "
               "goes together and to what comes next, read from the person's recent events in order.",
               {{"lambda", SlistModel::kDefaultLambda, 1e-6, 1e12, false, "L2 penalty (must be > 0)", {10, 100, 1000}},
                {"alpha",
                 SlistModel::kDefaultAlpha,
                 0,
                 1,
                 false,
                 "weight of what goes together against what comes next",
                 {0.2, 0.5, 0.8}},
                {"window", SlistModel::kDefaultWindow, 1, 50, true, "earlier events that predict each next one"},
                {"decay", SlistModel::kDefaultDecay, 0, 1, false,
                 "weight of each step further back, in training and in the person's query"},
                {"history", SlistModel::kDefaultHistory, 1, 200, true, "recent events a person's score reads"},
                {"skipWeight", SlistModel::kDefaultSkipWeight, 0, 10, false,
                 "how hard a skipped or disliked event pushes down what it predicts"},
                {"maxItems", SlistModel::kDefaultMaxItems, 1, 1e9, true, "items kept (the most-watched)"}},
               {BlendSignal::Collaborative, false, true, true},
               never,
               [](const TrainingShape& s, const Options& o) { return SlistModel::trainingBytes(s.items, o); },
               SlistModel::train,
               SlistModel::read});
  r.push_back({"trending",
               "Trending now: popularity counted at the person's own moment, each event decayed by its age "
               "(a short half-life) and nothing later counted.",
               {{"halfLifeHours",
                 TrendingModel::kDefaultHalfLifeHours,
                 0.01,
                 1e6,
                 false,
                 "hours after which an event counts half",
                 {0.25, 1, 6, 24, 168, 720}}},
               {BlendSignal::Popularity, false, true, true},
               never,
               [](const TrainingShape& s, const Options&) { return TrendingModel::trainingBytes(s.events, s.items); },
               [](const Options& o, const ItemSide& s, const ProgressFn&, std::unique_ptr<Recommender>* out) {
                 return TrendingModel::train(o, s, out);
               },
               TrendingModel::read});
  r.push_back(
      {"sasrec",
       "SASRec (Kang & McAuley 2018): a self-attention network over the person's recent events in order, "
       "trained with full-softmax cross-entropy and early stopping; explains with the recent video it attends to.",
       {{"dim", SasrecDefaults::kDim, 2, static_cast<double>(limits::kMaxEmbeddingDim), true,
         "hidden size d (also the feed-forward size)"},
        {"blocks", SasrecDefaults::kBlocks, 1, sasrec::kMaxBlocks, true, "self-attention blocks"},
        {"heads", SasrecDefaults::kHeads, 1, 16, true, "attention heads (must divide dim)"},
        {"maxLen", SasrecDefaults::kMaxLen, 1, sasrec::kMaxLen, true, "recent events read (positions)"},
        {"epochs", SasrecDefaults::kEpochs, 1, 10000, true, "maximum passes over the sequences"},
        {"learningRate", SasrecDefaults::kLearningRate, 1e-6, 1, false, "Adam step size"},
        {"dropout",
         SasrecDefaults::kDropout,
         0,
         0.9,
         false,
         "dropout on embeddings, attention and FFN outputs",
         {0.2, 0.5}},
        {"batch", SasrecDefaults::kBatch, 1, 4096, true, "sequences (windows of maxLen events) per step"},
        {"patience", SasrecDefaults::kPatience, 1, 1000, true,
         "epochs without a better validation NDCG@10 (each person's last item held out) before stopping"},
        {"negatives", kDerived, 0, 100000, true,
         "0: full softmax over every item; k > 0: k uniformly sampled negatives per position (default: 0 up to "
         "20000 items, 256 beyond)"},
        {"feedback", SasrecDefaults::kFeedback, 0, 1, true,
         "1: add a learned embedding of each event's kind (view by watch ratio, like, share, skip, ...)"},
        {"seed", SasrecDefaults::kSeed, 0, kMaxSeed, true, "seed of the initialisation, order, dropout and negatives"}},
       {BlendSignal::Collaborative, false, true, true},
       never,
       [](const TrainingShape& s, const Options& o) { return SasrecModel::trainingBytes(s.events, s.items, o); },
       SasrecModel::train,
       SasrecModel::read});
  r.push_back({"factors",
               "Item factors trained elsewhere (Spark ALS, implicit, ...), imported with Model.fromFactors; each "
               "person is folded in on the device.",
               {},
               {BlendSignal::Collaborative, false, false, false},
               never,
               nothingMore,
               nullptr,
               [](BinaryReader& r, const ItemSide& s, std::unique_ptr<Recommender>* out) {
                 return FactorModel::read("factors", r, s, out);
               }});
  return r;
}

std::string trainableNames() {
  std::string list;
  for (const auto& e : algorithmRegistry())
    if (e.traits.trainable) list += (list.empty() ? "" : ", ") + e.name;
  return list;
}

}  // namespace

const std::vector<AlgorithmEntry>& algorithmRegistry() {
  static const std::vector<AlgorithmEntry> registry = makeRegistry();
  return registry;
}

const AlgorithmEntry* findAlgorithm(const std::string& name) {
  for (const auto& e : algorithmRegistry())
    if (e.name == name) return &e;
  return nullptr;
}

Status findTrainable(const std::string& name, const AlgorithmEntry** out) {
  const AlgorithmEntry* e = findAlgorithm(name);
  if (e && !e->traits.trainable) return argError("'" + name + "' models are not trained from a log: " + e->description);
  if (!e) return argError("unknown algorithm '" + name.substr(0, 60) + "'; choose one of: " + trainableNames());
  *out = e;
  return Status::ok();
}

Status resolveOptions(const AlgorithmEntry& entry, const Options& given, Options* resolved) {
  for (const auto& kv : given) {
    if (std::none_of(entry.options.begin(), entry.options.end(),
                     [&](const OptionSpec& s) { return s.name == kv.first; })) {
      std::string list;
      for (const auto& s : entry.options) list += (list.empty() ? "" : ", ") + s.name;
      return argError("unknown option '" + kv.first + "' for " + entry.name +
                      (list.empty() ? std::string(" (it takes none)") : "; known options: " + list));
    }
  }
  Options out;
  for (const auto& spec : entry.options) {
    const auto it = given.find(spec.name);
    if (it == given.end()) {
      out[spec.name] = spec.defaultValue;
      continue;
    }
    const double v = it->second;
    if (!std::isfinite(v) || v < spec.min || v > spec.max)
      return argError("option '" + spec.name + "' must be a number in [" + std::to_string(spec.min) + ", " +
                      std::to_string(spec.max) + "]");
    if (spec.integer && v != std::floor(v))
      return argError("option '" + spec.name + "' must be a whole number (got " + std::to_string(v) + ")");
    out[spec.name] = v;
  }
  *resolved = std::move(out);
  return Status::ok();
}

const AlgorithmTraits& Recommender::traits() const {
  static const AlgorithmTraits unregistered;
  const AlgorithmEntry* e = findAlgorithm(algorithm());
  return e ? e->traits : unregistered;
}

}  // namespace reelrank
