#include "sim/world.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "analytics/rng.hpp"
#include "models/factor_model.hpp"
#include "models/model.hpp"
#include "sim/seeds.hpp"

namespace reelrank::sim {

double World::affinity(std::size_t person, std::size_t video) const {
  const float* x = personFactors.data() + person * static_cast<std::size_t>(dim);
  const float* y = videoFactors.data() + video * static_cast<std::size_t>(dim);
  double s = 0;
  for (int32_t d = 0; d < dim; ++d) s += static_cast<double>(x[d]) * y[d];
  return s;
}

double World::expectedFraction(double a) const { return 1.0 / (1.0 + std::exp(-scale * (a - offset))); }

Status World::validate() const {
  const auto d = static_cast<std::size_t>(dim);
  if (dim < 1) return argError("world: factors need at least one dimension");
  if (people.empty() || videos.empty()) return Status::error(ErrorCode::Empty, "world: no people or no videos");
  if (personFactors.size() != people.size() * d || videoFactors.size() != videos.size() * d)
    return argError("world: factor arrays do not match people x dim and videos x dim");
  if (catalog.size() != videos.size()) return argError("world: the catalogue must hold every video, in order");
  if (newCreator.size() != catalog.creators().size())
    return argError("world: newCreator must have one entry per creator");
  for (float f : personFactors)
    if (!std::isfinite(f)) return argError("world: a person factor is not finite");
  for (float f : videoFactors)
    if (!std::isfinite(f)) return argError("world: a video factor is not finite");
  if (!std::isfinite(scale) || scale <= 0 || !std::isfinite(offset)) return argError("world: scale must be > 0");
  return Status::ok();
}

namespace {

double logit(double p) { return std::log(p / (1 - p)); }

double quantile(std::vector<double> v, double q) {
  const auto at = static_cast<std::size_t>(std::min<double>(static_cast<double>(v.size() - 1), q * (v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(at), v.end());
  return v[at];
}

template <typename T>
void shuffle(std::vector<T>& v, analytics::Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

Status buildWorld(const EventBatch& log, const Catalog* tags, const SimConfig& config, const ProgressFn& progress,
                  World* out) {
  RR_TRY(config.validate());
  const auto start = std::chrono::steady_clock::now();
  Interactions full;
  RR_TRY(full.addBatch(log));
  if (full.eventCount() == 0) return Status::error(ErrorCode::Empty, "simulation: the log holds no events");
  const std::size_t nVideos = full.items().size();
  const std::size_t nUsers = full.users().size();
  if (nVideos < 2) return Status::error(ErrorCode::Empty, "simulation: the log needs at least two videos");
  analytics::Rng rng(streamSeed(static_cast<uint64_t>(config.seed), static_cast<uint64_t>(Stream::World)));

  World w;
  w.startTime = full.newestTimestamp();
  w.videos.resize(nVideos);
  for (const EventRow& e : full.events()) {
    WorldVideo& v = w.videos[static_cast<std::size_t>(e.item)];
    if (v.duration == 0 && e.duration > 0) v.duration = e.duration;
  }
  for (auto& v : w.videos)
    if (v.duration == 0) v.duration = static_cast<float>(config.defaultDuration);

  // New videos, in seeded order, arriving evenly over the rounds.
  std::vector<int32_t> order(nVideos);
  for (std::size_t i = 0; i < nVideos; ++i) order[i] = static_cast<int32_t>(i);
  shuffle(order, rng);
  const auto nNew = std::min(nVideos - 1, static_cast<std::size_t>(std::llround(config.newVideoShare * nVideos)));
  const auto rounds = static_cast<std::size_t>(config.sessions);
  std::vector<int32_t> fresh(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(nNew));
  std::vector<int32_t> old(order.begin() + static_cast<std::ptrdiff_t>(nNew), order.end());
  for (std::size_t j = 0; j < nNew; ++j) {
    WorldVideo& v = w.videos[static_cast<std::size_t>(fresh[j])];
    v.isNew = true;
    v.arrival = static_cast<int32_t>(j * rounds / nNew);
  }

  // Synthetic creators: catalogue videos in groups, then half the new videos
  // to existing creators and the rest to new ones.
  const auto perCreator = static_cast<std::size_t>(config.videosPerCreator);
  std::vector<int32_t> creatorOf(nVideos, -1);
  for (std::size_t j = 0; j < old.size(); ++j)
    creatorOf[static_cast<std::size_t>(old[j])] = static_cast<int32_t>(j / perCreator);
  const std::size_t oldCreators = (old.size() + perCreator - 1) / perCreator;
  const std::size_t toOld = (nNew + 1) / 2;
  for (std::size_t j = 0; j < nNew; ++j) {
    const auto v = static_cast<std::size_t>(fresh[j]);
    creatorOf[v] = j < toOld ? static_cast<int32_t>(rng.below(oldCreators))
                             : static_cast<int32_t>(oldCreators + (j - toOld) / perCreator);
  }
  const std::size_t nCreators = oldCreators + (nNew - toOld + perCreator - 1) / perCreator;
  w.newCreator.assign(nCreators, 0);
  for (std::size_t c = oldCreators; c < nCreators; ++c) w.newCreator[c] = 1;

  // The catalogue, in log item order; creators named in index order so that
  // the catalogue's creator index is the creator number above.
  std::vector<VideoInput> inputs(nVideos);
  std::vector<std::size_t> firstOfCreator(nCreators, nVideos);
  for (std::size_t i = 0; i < nVideos; ++i) {
    auto& c = firstOfCreator[static_cast<std::size_t>(creatorOf[i])];
    c = std::min(c, i);
  }
  std::vector<int32_t> creatorRank(nCreators);  // catalogue index of each creator number
  {
    std::vector<std::size_t> byFirst(nCreators);
    for (std::size_t c = 0; c < nCreators; ++c) byFirst[c] = c;
    std::sort(byFirst.begin(), byFirst.end(),
              [&](std::size_t a, std::size_t b) { return firstOfCreator[a] < firstOfCreator[b]; });
    for (std::size_t r = 0; r < nCreators; ++r) creatorRank[byFirst[r]] = static_cast<int32_t>(r);
  }
  std::vector<uint8_t> newByIndex(nCreators);
  for (std::size_t c = 0; c < nCreators; ++c) newByIndex[static_cast<std::size_t>(creatorRank[c])] = w.newCreator[c];
  w.newCreator = std::move(newByIndex);
  for (std::size_t i = 0; i < nVideos; ++i) {
    VideoInput& in = inputs[i];
    in.id = full.items().name(static_cast<int32_t>(i));
    in.creator = "creator-" + std::to_string(creatorRank[static_cast<std::size_t>(creatorOf[i])] + 1);
    in.duration = w.videos[i].duration;
    if (tags) {
      const int32_t t = tags->items().find(in.id);
      if (t != IdMap::kMissing)
        for (int32_t g : tags->video(t).tags) in.tags.push_back(tags->tags().name(g));
    }
  }
  RR_TRY(w.catalog.addMany(inputs));

  // The true tastes: iALS on the whole log (new videos included).
  TrainConfig truth;
  truth.algorithm = "ials";
  truth.options["factors"] = config.worldFactors;
  Model fitted;
  RR_TRY(Model::train(full, &w.catalog, truth, progress, &fitted));
  const auto* fm = dynamic_cast<const FactorModel*>(&fitted.algorithm());
  if (!fm || fm->params().userFactors.size() != nUsers * static_cast<std::size_t>(fm->params().dim))
    return argError("internal: the world's iALS kept no user factors");
  const FactorParams& fp = fm->params();
  w.dim = fp.dim;
  w.videoFactors = fp.itemFactors;

  // The people: a seeded sample of the log's users, kept in log order.
  std::vector<int32_t> users(nUsers);
  for (std::size_t u = 0; u < nUsers; ++u) users[u] = static_cast<int32_t>(u);
  const auto want = static_cast<std::size_t>(config.people);
  if (want > 0 && want < nUsers) {
    shuffle(users, rng);
    users.resize(want);
    std::sort(users.begin(), users.end());
  }
  const auto d = static_cast<std::size_t>(w.dim);
  for (int32_t u : users) {
    w.people.push_back(full.users().name(u));
    const float* x = fp.userFactors.data() + static_cast<std::size_t>(u) * d;
    w.personFactors.insert(w.personFactors.end(), x, x + d);
  }

  // The map: median affinity -> lowFraction, highQuantile -> highFraction.
  std::vector<double> sample(20000);
  for (double& a : sample) a = w.affinity(rng.below(w.people.size()), rng.below(nVideos));
  const double lo = quantile(sample, 0.5), hi = quantile(sample, config.highQuantile);
  if (!(hi > lo))
    return argError(
        "simulation: the fitted tastes do not tell videos apart (affinity quantiles are equal); use a larger log");
  w.scale = (logit(config.highFraction) - logit(config.lowFraction)) / (hi - lo);
  w.offset = lo - logit(config.lowFraction) / w.scale;

  // The recommender's log: every event of a catalogue video.
  std::vector<std::string_view> items = splitIds(log.items), people = splitIds(log.users);
  EventBatch& t = w.trainingLog;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const int32_t v = full.items().find(std::string(items[k]));
    if (w.videos[static_cast<std::size_t>(v)].isNew) continue;
    if (!t.types.empty()) {
      t.users += '\0';
      t.items += '\0';
    }
    t.users += people[k];
    t.items += items[k];
    t.types.push_back(log.types[k]);
    t.values.push_back(log.values[k]);
    t.durations.push_back(log.durations[k]);
    t.timestamps.push_back(log.timestamps[k]);
  }
  w.fitSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  *out = std::move(w);
  return Status::ok();
}

}  // namespace reelrank::sim
