#include "sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "analytics/rng.hpp"
#include "models/model.hpp"
#include "profile/profile.hpp"
#include "rank/calibration.hpp"
#include "sim/behaviour.hpp"
#include "sim/exposure.hpp"
#include "sim/seeds.hpp"

namespace reelrank::sim {

const char* simStageName(SimStage s) {
  switch (s) {
    case SimStage::World:
      return "world";
    case SimStage::Train:
      return "train";
    case SimStage::Simulate:
      return "simulate";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

void appendEvent(EventBatch& b, const std::string& user, const std::string& item, EventType type, double value,
                 double duration, double timestamp) {
  if (!b.types.empty()) {
    b.users += '\0';
    b.items += '\0';
  }
  b.users += user;
  b.items += item;
  b.types.push_back(static_cast<uint8_t>(type));
  b.values.push_back(value);
  b.durations.push_back(duration);
  b.timestamps.push_back(timestamp);
}

// The recommender's model on the training log plus the simulated events.
Status trainOn(const World& world, const EventBatch& simulated, const RecommenderSpec& spec, const ProgressFn& progress,
               Model* out) {
  Interactions log;
  RR_TRY(log.addBatch(world.trainingLog));
  RR_TRY(log.addBatch(simulated));
  TrainConfig config;
  config.algorithm = spec.algorithm;
  config.options = spec.options;
  return Model::train(log, &world.catalog, config, progress, out);
}

// Each person's profile from their training-log events, recorded in time
// order as their page would have recorded them; and the videos they have seen.
Status startProfiles(const World& world, std::vector<Profile>* profiles, std::vector<std::vector<uint8_t>>* seen) {
  const auto users = splitIds(world.trainingLog.users), items = splitIds(world.trainingLog.items);
  std::unordered_map<std::string_view, std::size_t> person;
  for (std::size_t p = 0; p < world.people.size(); ++p) person.emplace(world.people[p], p);
  std::vector<std::vector<std::size_t>> rows(world.people.size());
  for (std::size_t k = 0; k < users.size(); ++k) {
    auto it = person.find(users[k]);
    if (it != person.end()) rows[it->second].push_back(k);
  }
  const EventBatch& t = world.trainingLog;
  profiles->assign(world.people.size(), Profile());
  seen->assign(world.people.size(), std::vector<uint8_t>(world.videoCount(), 0));
  for (std::size_t p = 0; p < rows.size(); ++p) {
    auto& r = rows[p];
    std::stable_sort(r.begin(), r.end(),
                     [&](std::size_t a, std::size_t b) { return t.timestamps[a] < t.timestamps[b]; });
    EventBatch b;
    for (std::size_t k : r) {
      appendEvent(b, std::string(users[k]), std::string(items[k]), static_cast<EventType>(t.types[k]), t.values[k],
                  t.durations[k], t.timestamps[k]);
      const int32_t v = world.catalog.items().find(items[k]);
      if (v != IdMap::kMissing) (*seen)[p][static_cast<std::size_t>(v)] = 1;
    }
    if (!r.empty()) RR_TRY((*profiles)[p].recordBatch(b, &world.catalog, {}));
  }
  return Status::ok();
}

struct Totals {
  double watchTime = 0, expectedWatch = 0, likes = 0, shares = 0, skips = 0, swipes = 0, fraction = 0, regret = 0;
};

}  // namespace

Status simulate(const World& world, const SimConfig& config, const RecommenderSpec& recommender,
                const std::vector<Policy>& policies, const SimProgressFn& progress, std::vector<PolicyResult>* out) {
  RR_TRY(config.validate());
  RR_TRY(world.validate());
  if (policies.empty()) return argError("simulation: give at least one policy");
  for (const auto& p : policies) RR_TRY(p.request.validate());
  const auto t0 = Clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  const auto rounds = static_cast<std::size_t>(config.sessions);
  const std::size_t nPeople = world.people.size(), nVideos = world.videoCount();
  const auto seed = static_cast<uint64_t>(config.seed);
  bool cancelled = false;
  const std::size_t policyCount =
      policies.size() +
      (std::any_of(policies.begin(), policies.end(), [](const Policy& p) { return p.oracle; }) ? 0 : 1);
  auto report = [&](SimStage stage, std::size_t policy, std::size_t round, std::size_t done, std::size_t total) {
    if (progress && !progress({stage, policy, policyCount, round, rounds, done, total, seconds()})) cancelled = true;
    return !cancelled;
  };
  const auto cancelledError = [] { return Status::error(ErrorCode::Cancelled, "the simulation was cancelled"); };

  std::vector<Profile> startProfile;
  std::vector<std::vector<uint8_t>> startSeen;
  RR_TRY(startProfiles(world, &startProfile, &startSeen));
  // Trained even for an oracle-only run: the tag mixes of the calibration
  // figure read the model's ItemSide (the world's catalogue).
  Model startModel;
  {
    Status s = trainOn(
        world, EventBatch{}, recommender, [&](const Progress&) { return report(SimStage::Train, 0, 0, 0, 1); },
        &startModel);
    if (cancelled) return cancelledError();
    RR_TRY(s);
  }

  // The oracle is the regret baseline: run it (unreported) when not asked for.
  std::vector<Policy> runs = policies;
  const bool hasOracle = std::any_of(policies.begin(), policies.end(), [](const Policy& p) { return p.oracle; });
  if (!hasOracle) {
    Policy oracle;
    RR_TRY(parsePolicy("oracle", &oracle));
    runs.push_back(std::move(oracle));
  }
  std::vector<PolicyResult> results;
  for (std::size_t pi = 0; pi < runs.size(); ++pi) {
    const Policy& policy = runs[pi];
    const auto policyStart = Clock::now();
    std::vector<Profile> profile = startProfile;
    std::vector<std::vector<uint8_t>> seen = startSeen;
    Model model = startModel;
    EventBatch simulated;
    PolicyResult r;
    r.policy = policy.name;
    r.impressions.assign(nVideos, 0);
    r.watched.assign(nVideos, 0);
    r.personWatched.assign(nPeople, 0);
    Totals sum;
    std::vector<double> dayWatch(rounds, 0.0);
    double calibrationSum = 0, calibrationSessions = 0;
    std::vector<std::pair<int32_t, float>> historyItems, feedItems;
    std::vector<double> m(nVideos);
    std::vector<int32_t> eligible, page;
    std::vector<double> best;
    std::vector<Recommendation> recs;
    for (std::size_t round = 0; round < rounds; ++round) {
      RankInput in;
      in.request = policy.request;
      in.request.newVideoWindow = config.newVideoWindow;
      for (std::size_t v = 0; v < nVideos; ++v)
        if (world.videos[v].arrival > static_cast<int32_t>(round))
          in.exclude.push_back(world.catalog.items().name(static_cast<int32_t>(v)));
      const double dayStart = world.startTime + 86400.0 * static_cast<double>(round + 1);
      for (std::size_t p = 0; p < nPeople; ++p) {
        if (!report(SimStage::Simulate, pi, round, p, nPeople)) return cancelledError();
        analytics::Rng rng(streamSeed(seed, static_cast<uint64_t>(Stream::Behaviour), p, round));
        for (std::size_t v = 0; v < nVideos; ++v) m[v] = world.expectedFraction(world.affinity(p, v));
        double t = dayStart;
        feedItems.clear();
        // The history's tag mix at the session's start: the profile's items
        // with a positive weight, as the ranker's calibration reads them.
        historyItems.clear();
        for (std::size_t i = 0; i < profile[p].items().size(); ++i) {
          const double weight = profile[p].itemWeight(static_cast<int32_t>(i));
          const int32_t v = world.catalog.items().find(profile[p].items().name(static_cast<int32_t>(i)));
          if (weight > 0 && v != IdMap::kMissing) historyItems.emplace_back(v, static_cast<float>(weight));
        }
        double patience = config.patience;
        std::size_t shown = 0;
        for (std::size_t pageNo = 0; shown < config.maxSessionVideos && patience > 0; ++pageNo) {
          const std::size_t n = std::min(static_cast<std::size_t>(config.pageSize),
                                         static_cast<std::size_t>(config.maxSessionVideos) - shown);
          // What the oracle would show now: the eligible videos by m, best first.
          eligible.clear();
          for (std::size_t v = 0; v < nVideos; ++v)
            if (!seen[p][v] && world.videos[v].arrival <= static_cast<int32_t>(round))
              eligible.push_back(static_cast<int32_t>(v));
          const std::size_t top = std::min(n, eligible.size());
          const auto byM = [&](int32_t a, int32_t b) {
            return m[static_cast<std::size_t>(a)] > m[static_cast<std::size_t>(b)] ||
                   (m[static_cast<std::size_t>(a)] == m[static_cast<std::size_t>(b)] && a < b);
          };
          std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(top), eligible.end(), byM);
          best.clear();
          for (std::size_t i = 0; i < top; ++i) best.push_back(m[static_cast<std::size_t>(eligible[i])]);
          page.clear();
          if (policy.oracle) {
            page.assign(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(top));
          } else {
            in.request.k = n;
            in.request.seed = streamSeed(seed, static_cast<uint64_t>(Stream::Ranker), p, round * 1000 + pageNo);
            RR_TRY(model.recommendForProfile(profile[p], in, &recs));
            for (const auto& rec : recs)
              if (rec.item >= 0) page.push_back(rec.item);
          }
          if (page.empty()) break;
          for (std::size_t i = 0; i < page.size() && patience > 0; ++i) {
            const auto v = static_cast<std::size_t>(page[i]);
            const Swipe s = respond(m[v], config, rng);
            const double duration = world.videos[v].duration;
            const std::string& id = world.catalog.items().name(page[i]);
            EventBatch swipe;
            for (const auto& [type, value] : swipeEvents(s, duration)) {
              appendEvent(swipe, world.people[p], id, type, value, duration, t);
              appendEvent(simulated, world.people[p], id, type, value, duration, t);
            }
            RR_TRY(profile[p].recordBatch(swipe, &world.catalog, {}));
            t += std::max(1.0, s.fraction * duration);
            seen[p][v] = 1;
            ++r.impressions[v];
            r.watched[v] += s.fraction;
            r.personWatched[p] += s.fraction;
            sum.watchTime += s.fraction * duration;
            dayWatch[round] += s.fraction * duration;
            sum.expectedWatch += m[v] * duration;
            sum.fraction += s.fraction;
            sum.swipes += 1;
            sum.likes += s.liked;
            sum.shares += s.shared;
            sum.skips += s.skipped;
            // Slot i's oracle video; a policy's page holds only eligible
            // videos, so `best` has an entry for every slot.
            if (i < best.size()) sum.regret += best[i] - m[v];
            feedItems.emplace_back(page[i], 1.0f);
            if (s.skipped) patience -= 1;
            ++shown;
          }
        }
        if (!historyItems.empty() && !feedItems.empty()) {
          const std::vector<double> pMix = tagMix(model.side(), historyItems), qMix = tagMix(model.side(), feedItems);
          double pTotal = 0, qTotal = 0;
          for (double x : pMix) pTotal += x;
          for (double x : qMix) qTotal += x;
          if (pTotal > 0 && qTotal > 0) {
            calibrationSum += miscalibration(pMix, qMix);
            calibrationSessions += 1;
          }
        }
      }
      const bool retrain = !policy.oracle && config.retrainEvery > 0 && round + 1 < rounds &&
                           (round + 1) % static_cast<std::size_t>(config.retrainEvery) == 0;
      if (retrain) {
        Model next;
        Status s = trainOn(
            world, simulated, recommender, [&](const Progress&) { return report(SimStage::Train, pi, round, 0, 1); },
            &next);
        if (cancelled) return cancelledError();
        RR_TRY(s);
        model = std::move(next);
        r.retrains += 1;
      }
    }
    const double sessions = static_cast<double>(nPeople * rounds);
    r.sessions = sessions;
    r.watchTimePerSession = sum.watchTime / sessions;
    r.watchTimeByDay.resize(rounds);
    for (std::size_t d = 0; d < rounds; ++d) r.watchTimeByDay[d] = dayWatch[d] / static_cast<double>(nPeople);
    r.likesPerSession = sum.likes / sessions;
    r.sharesPerSession = sum.shares / sessions;
    r.skipsPerSession = sum.skips / sessions;
    r.sessionLength = sum.swipes / sessions;
    r.meanWatchFraction = sum.swipes > 0 ? sum.fraction / sum.swipes : std::nan("");
    r.expectedWatchTimePerSession = sum.expectedWatch / sessions;
    r.slotRegretPerSession = sum.regret / sessions;
    std::vector<uint8_t> isNew(nVideos);
    for (std::size_t v = 0; v < nVideos; ++v) isNew[v] = world.videos[v].isNew;
    r.newVideosReached = shareReaching(r.impressions, isNew, static_cast<uint32_t>(config.impressionTarget));
    const FlaggedExposure newExposure = flaggedExposure(r.impressions, isNew);
    r.newVideoMeanImpressions = newExposure.meanImpressions;
    r.newVideoImpressionShare = newExposure.impressionShare;
    r.giniVideos = gini(std::vector<double>(r.impressions.begin(), r.impressions.end()));
    std::vector<double> perCreator(world.catalog.creators().size(), 0);
    for (std::size_t v = 0; v < nVideos; ++v) {
      const int32_t c = world.catalog.video(static_cast<int32_t>(v)).creator;
      if (c >= 0) perCreator[static_cast<std::size_t>(c)] += r.impressions[v];
    }
    r.giniCreators = gini(std::move(perCreator));
    if (calibrationSessions > 0) r.miscalibration = calibrationSum / calibrationSessions;
    r.seconds = std::chrono::duration<double>(Clock::now() - policyStart).count();
    results.push_back(std::move(r));
  }
  double baseline = 0;
  for (std::size_t pi = 0; pi < runs.size(); ++pi)
    if (runs[pi].oracle) baseline = results[pi].expectedWatchTimePerSession;
  for (auto& r : results) r.regretPerSession = baseline - r.expectedWatchTimePerSession;
  results.resize(policies.size());
  *out = std::move(results);
  return Status::ok();
}

Status simulateLog(const EventBatch& log, const Catalog* tags, const SimConfig& config,
                   const RecommenderSpec& recommender, std::string_view policyText, const SimProgressFn& progress,
                   SimRun* out) {
  RR_TRY(config.validate());
  TrainConfig check;
  check.algorithm = recommender.algorithm;
  check.options = recommender.options;
  RR_TRY(check.validate());
  std::vector<Policy> policies;
  RR_TRY(parsePolicies(policyText, &policies));
  SimRun run;
  bool cancelled = false;
  const auto t0 = Clock::now();
  // As simulate() counts them: the oracle baseline is one more run when not listed.
  const std::size_t policyCount =
      policies.size() +
      (std::any_of(policies.begin(), policies.end(), [](const Policy& p) { return p.oracle; }) ? 0 : 1);
  Status s = buildWorld(
      log, tags, config,
      [&](const Progress& p) {
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        if (progress &&
            !progress({SimStage::World, 0, policyCount, 0, static_cast<std::size_t>(config.sessions),
                       static_cast<std::size_t>(p.iteration), static_cast<std::size_t>(p.iterations), secs}))
          cancelled = true;
        return !cancelled;
      },
      &run.world);
  if (cancelled) return Status::error(ErrorCode::Cancelled, "the simulation was cancelled");
  RR_TRY(s);
  RR_TRY(simulate(run.world, config, recommender, policies, progress, &run.results));
  *out = std::move(run);
  return Status::ok();
}

}  // namespace reelrank::sim
