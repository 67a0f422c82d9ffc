#include "rank/fresh_exploration.hpp"

#include <algorithm>
#include <cmath>

namespace reelrank {

namespace {

using D = NewVideoDefaults;

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
// Uniform in (0, 1): never 0, so its logarithm is finite.
double uniformOpen(uint64_t& s) {
  return (static_cast<double>(splitmix64(s) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
// Standard normals by Box-Muller, both of each pair used (the draw is the
// hot loop of a Thompson feed over thousands of fresh videos).
struct Normals {
  uint64_t s;
  double spare = 0;
  bool hasSpare = false;
  double next() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const double u = uniformOpen(s), v = uniformOpen(s);
    const double r = std::sqrt(-2.0 * std::log(u));
    spare = r * std::sin(6.283185307179586 * v);
    hasSpare = true;
    return r * std::cos(6.283185307179586 * v);
  }
};
// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through
// Gamma(shape + 1) * U^(1 / shape).
double gammaDraw(double shape, Normals& n) {
  if (shape < 1) {
    const double u = uniformOpen(n.s);
    return gammaDraw(shape + 1, n) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = n.next();
    double v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = uniformOpen(n.s);
    if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

SeenCounts capped(SeenCounts c) { return {c.shown, std::min(c.positive, c.shown)}; }

}  // namespace

void PersonOutcomes::add(const ItemSide& side, int32_t item, Outcome o) {
  if (!o.shown && !o.positive) return;
  const double shown = o.shown ? 1 : 0, positive = o.positive ? 1 : 0;
  SeenCounts& i = items[item];
  i.shown += shown;
  i.positive += positive;
  const int32_t c = side.itemCreator[static_cast<std::size_t>(item)];
  if (c < 0) return;
  SeenCounts& cc = creators[c];
  cc.shown += shown;
  cc.positive += positive;
}

double BetaPosterior::sd() const {
  const double n = alpha + beta;
  return std::sqrt(alpha * beta / (n * n * (n + 1)));
}

double freshPriorMean(double baseRate, double scaledScore) {
  const double m = scaledScore < 0 ? baseRate : (1 - D::kScoreShare) * baseRate + D::kScoreShare * scaledScore;
  return std::min(0.99, std::max(0.01, m));
}

BetaPosterior freshPosterior(double priorMean, const FreshEvidence& e) {
  const SeenCounts p = capped(e.person), c = capped(e.creatorOthers);
  const double good = e.training.positive + p.positive + D::kCreatorEvidence * c.positive;
  const double bad =
      (e.training.shown - e.training.positive) + (p.shown - p.positive) + D::kCreatorEvidence * (c.shown - c.positive);
  return {D::kPriorStrength * priorMean + good, D::kPriorStrength * (1 - priorMean) + bad};
}

double upperBound(const BetaPosterior& p) { return p.mean() + D::kUcbWidth * p.sd(); }

double thompsonDraw(const BetaPosterior& p, uint64_t seed, int32_t item) {
  // One stream per (seed, video): a video's draw does not depend on which
  // other videos are candidates.
  Normals n{seed ^ (static_cast<uint64_t>(item) + 1) * 0xD1B54A32D192ED03ull};
  const double x = gammaDraw(p.alpha, n), y = gammaDraw(p.beta, n);
  return x / (x + y);
}

bool isFresh(const ItemSide& side, int32_t item, double windowDays) {
  const auto j = static_cast<std::size_t>(item);
  // Without evidence (a version 1 or 2 model, an import) only a video the
  // log never showed is known to be new.
  if (!side.evidence.known()) return side.popularity[j] == 0;
  if (side.evidence.impressions[j] >= D::kFreshImpressions) return false;
  // Without times (a version 3 model) the count alone decides.
  if (!side.evidence.timed()) return true;
  const double first = side.evidence.firstSeen[j];
  return std::isnan(first) || side.evidence.newest - first <= windowDays * 86400.0;
}

namespace {
uint64_t freshTieKey(uint64_t seed, int32_t item) {
  uint64_t s = seed ^ (static_cast<uint64_t>(item) + 1) * 0x9E3779B97F4A7C15ull;
  return splitmix64(s);
}
}  // namespace

void keepSampled(std::vector<Scored>* fresh, uint64_t seed, std::size_t m) {
  if (fresh->size() <= m) return;
  // Highest score first; equal scores (new videos with no history often
  // share one) in a seeded order, so each page samples a different few of
  // them rather than always the lowest indices.
  const auto before = [seed](const Scored& a, const Scored& b) {
    if (a.first != b.first) return a.first > b.first;
    const uint64_t ka = freshTieKey(seed, a.second), kb = freshTieKey(seed, b.second);
    return ka != kb ? ka < kb : a.second < b.second;
  };
  std::nth_element(fresh->begin(), fresh->begin() + static_cast<std::ptrdiff_t>(m), fresh->end(), before);
  fresh->resize(m);
}

FreshEvidence freshEvidence(const ItemSide& side, const PersonOutcomes* person, int32_t item) {
  FreshEvidence e;
  const auto j = static_cast<std::size_t>(item);
  if (side.evidence.known())
    e.training = {static_cast<double>(side.evidence.impressions[j]), static_cast<double>(side.evidence.positives[j])};
  if (!person || (person->items.empty() && person->creators.empty())) return e;
  const auto it = person->items.find(item);
  if (it != person->items.end()) e.person = it->second;
  const int32_t c = side.itemCreator[j];
  const auto ct = c >= 0 ? person->creators.find(c) : person->creators.end();
  if (ct != person->creators.end())
    e.creatorOthers = {ct->second.shown - e.person.shown, ct->second.positive - e.person.positive};
  return e;
}

std::vector<int32_t> takeNewVideoSlots(const ItemSide& side, const Candidates& cand, const BlendPlan& plan,
                                       const ItemSignals& signals, const RankRequest& req, const PersonOutcomes* person,
                                       std::size_t slots, std::vector<Scored>* chosen, CreatorCap* cap) {
  std::vector<int32_t> picks;
  if (slots == 0) return picks;
  const std::size_t keep = chosen->size() - std::min(slots, chosen->size());
  std::vector<Scored> tail(chosen->begin() + static_cast<std::ptrdiff_t>(keep), chosen->end());
  chosen->resize(keep);
  *cap = CreatorCap(req.maxPerCreator);
  std::vector<uint8_t> kept(side.itemCount(), 0);
  for (const Scored& c : *chosen) {
    kept[static_cast<std::size_t>(c.second)] = 1;
    cap->take(side.itemCreator[static_cast<std::size_t>(c.second)]);
  }

  // The fresh candidates and their blended scores, for the prior.
  std::vector<Scored> fresh;
  const std::vector<int32_t>* only = cand.only();
  const std::size_t n = only ? only->size() : cand.eligible.size();
  for (std::size_t at = 0; at < n; ++at) {
    const auto j = only ? static_cast<std::size_t>((*only)[at]) : at;
    if (!cand.eligible[j] || kept[j] || !isFresh(side, static_cast<int32_t>(j), req.newVideoWindow)) continue;
    fresh.emplace_back(signals.weighed(plan, j).score(), static_cast<int32_t>(j));
  }
  // The scale of the prior is over every fresh candidate; the draws (the
  // cost) only for the kSampledCandidates best of them.
  float lo = 0, hi = 0;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    lo = i == 0 ? fresh[i].first : std::min(lo, fresh[i].first);
    hi = i == 0 ? fresh[i].first : std::max(hi, fresh[i].first);
  }
  keepSampled(&fresh, req.seed, D::kSampledCandidates);
  std::vector<std::pair<double, int32_t>> valued;
  valued.reserve(fresh.size());
  for (const Scored& f : fresh) {
    const double q = hi > lo ? (f.first - lo) / (hi - lo) : -1.0;
    const BetaPosterior post =
        freshPosterior(freshPriorMean(side.evidenceBaseRate, q), freshEvidence(side, person, f.second));
    const double v =
        req.newVideoMethod == NewVideoMethod::Ucb ? upperBound(post) : thompsonDraw(post, req.seed, f.second);
    if (v >= side.evidenceBaseRate) valued.emplace_back(v, f.second);
  }
  // Best value first (ties to the lower index), off a heap: a feed takes
  // a few of thousands, so no full sort.
  const auto worse = [](const std::pair<double, int32_t>& a, const std::pair<double, int32_t>& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  };
  std::make_heap(valued.begin(), valued.end(), worse);
  for (auto end = valued.end(); end != valued.begin() && picks.size() < slots; --end) {
    std::pop_heap(valued.begin(), end, worse);
    const int32_t item = (end - 1)->second;
    const int32_t c = side.itemCreator[static_cast<std::size_t>(item)];
    if (cap->full(c)) continue;
    picks.push_back(item);
    cap->take(c);
  }

  // Places the picks left empty go back to the exploited entries they displaced.
  std::vector<uint8_t> picked(side.itemCount(), 0);
  for (int32_t p : picks) picked[static_cast<std::size_t>(p)] = 1;
  for (const Scored& t : tail) {
    if (chosen->size() + picks.size() >= keep + tail.size()) break;
    const int32_t c = side.itemCreator[static_cast<std::size_t>(t.second)];
    if (picked[static_cast<std::size_t>(t.second)] || cap->full(c)) continue;
    chosen->push_back(t);
    cap->take(c);
  }
  return picks;
}

}  // namespace reelrank
