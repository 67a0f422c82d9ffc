#include "eval/next_item.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <unordered_set>
#include <utility>

#include "common/id_map.hpp"
#include "models/algorithm_registry.hpp"
#include "profile/profile.hpp"
#include "rank/ranker.hpp"

namespace reelrank::eval {

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
Status cancelled() { return Status::error(ErrorCode::Cancelled, "the evaluation was cancelled"); }

// One kept sequence event: ids interned, the rest as read.
struct SeqEvent {
  int32_t user, item;
  uint8_t type;
  int part;  // which input log (given form: 0 train, 1 valid, 2 test)
  double value, duration, timestamp;
};

struct SeqLog {
  IdMap users, items;
  std::vector<SeqEvent> events;
  // Per user and part: indices into events, in time order (ties: input order),
  // a repeated item kept at its first occurrence.
  std::vector<std::vector<std::vector<uint32_t>>> byUser;  // [part][user]

  Status add(const EventBatch& b, const std::vector<EventType>& types, int part) {
    const std::vector<std::string_view> us = splitIds(b.users), is = splitIds(b.items);
    const std::size_t n = b.types.size();
    if (us.size() != n || is.size() != n || b.values.size() != n || b.durations.size() != n || b.timestamps.size() != n)
      return argError("internal: the event columns disagree in length");
    for (std::size_t k = 0; k < n; ++k) {
      if (std::find(types.begin(), types.end(), static_cast<EventType>(b.types[k])) == types.end()) continue;
      if (!std::isfinite(b.timestamps[k]))
        return argError("event " + std::to_string(k + 1) + ": the timestamp must be finite");
      events.push_back(
          {users.intern(us[k]), items.intern(is[k]), b.types[k], part, b.values[k], b.durations[k], b.timestamps[k]});
    }
    return Status::ok();
  }

  void order(int parts) {
    byUser.assign(static_cast<std::size_t>(parts), std::vector<std::vector<uint32_t>>(users.size()));
    for (uint32_t e = 0; e < events.size(); ++e)
      byUser[static_cast<std::size_t>(events[e].part)][static_cast<std::size_t>(events[e].user)].push_back(e);
    std::unordered_set<int32_t> seen;
    for (auto& perPart : byUser) {
      for (auto& list : perPart) {
        std::stable_sort(list.begin(), list.end(),
                         [&](uint32_t a, uint32_t b) { return events[a].timestamp < events[b].timestamp; });
        seen.clear();
        list.erase(
            std::remove_if(list.begin(), list.end(), [&](uint32_t e) { return !seen.insert(events[e].item).second; }),
            list.end());
      }
    }
  }
};

// One person asked for one item.
struct Ask {
  std::vector<uint32_t> history;  // their events, oldest first
  int32_t target;                 // sequence item index
};

struct Stage {
  std::vector<uint32_t> train;  // the training log's events
  std::vector<Ask> asks;
};

EventBatch batchOf(const SeqLog& log, const std::vector<uint32_t>& events) {
  EventBatch b;
  for (std::size_t k = 0; k < events.size(); ++k) {
    const SeqEvent& e = log.events[events[k]];
    if (k) {
      b.users.push_back('\0');
      b.items.push_back('\0');
    }
    b.users += log.users.name(e.user);
    b.items += log.items.name(e.item);
    b.types.push_back(e.type);
    b.values.push_back(e.value);
    b.durations.push_back(e.duration);
    b.timestamps.push_back(e.timestamp);
  }
  return b;
}

struct StageRun {
  const SeqLog& log;
  const Catalog* catalog;
  std::size_t k;
  const NextItemProgressFn& progress;
  const char* name;
  std::size_t trial, trials;
};

Status runStage(const StageRun& run, const Stage& stage, const TrainConfig& train, NextItemFigures* out) {
  NextItemFigures fig;
  if (stage.train.empty()) return Status::error(ErrorCode::Empty, "the training part of the next-item split is empty");
  if (stage.asks.empty())
    return Status::error(ErrorCode::Empty,
                         "nobody is left to ask for a next item: every person (or session) has fewer than 3 items, "
                         "or nobody has an event after the cut");
  if (run.progress && !run.progress({run.name, run.trial, run.trials, 0, stage.asks.size()})) return cancelled();
  const Clock::time_point fitStart = Clock::now();
  Interactions trainLog;
  RR_TRY(trainLog.addBatch(batchOf(run.log, stage.train)));
  Model model;
  RR_TRY(Model::train(trainLog, run.catalog, train, ProgressFn{}, &model));
  fig.fitSeconds = secondsSince(fitStart);

  const ItemSide& side = model.side();
  // Candidates: the items of the training log, in the model's index space.
  std::vector<int32_t> modelItem(run.log.items.size(), -1), candidates;
  for (uint32_t e : stage.train) {
    const int32_t i = run.log.events[e].item;
    if (modelItem[static_cast<std::size_t>(i)] >= 0) continue;
    modelItem[static_cast<std::size_t>(i)] = side.catalog.items().find(run.log.items.name(i));
    candidates.push_back(modelItem[static_cast<std::size_t>(i)]);
  }
  std::sort(candidates.begin(), candidates.end());
  fig.trainEvents = stage.train.size();
  fig.trainItems = candidates.size();

  const Clock::time_point rankStart = Clock::now();
  std::vector<uint8_t> recommended(side.itemCount(), 0);
  std::vector<Recommendation> recs;
  double hits = 0, ndcg = 0, mrr = 0;
  for (std::size_t a = 0; a < stage.asks.size(); ++a) {
    if (run.progress && a % 32 == 0 && !run.progress({run.name, run.trial, run.trials, a, stage.asks.size()}))
      return cancelled();
    const Ask& ask = stage.asks[a];
    Profile profile(train.policy);
    if (!ask.history.empty()) RR_TRY(profile.recordBatch(batchOf(run.log, ask.history), run.catalog, {}));
    std::vector<int32_t> seen;
    const Query q = model.queryForProfile(profile, &seen);
    RankRequest req;
    req.k = run.k;
    req.candidates = candidates;
    req.restrictToCandidates = true;
    req.exclude = std::move(seen);
    req.explain = false;
    RR_TRY(rankItems(side, model.algorithm(), model.blend(), q, req, &recs));
    const int32_t target = modelItem[static_cast<std::size_t>(ask.target)];
    if (target < 0) ++fig.unseenTargets;
    for (std::size_t r = 0; r < recs.size() && r < run.k; ++r) {
      recommended[static_cast<std::size_t>(recs[r].item)] = 1;
      if (target >= 0 && recs[r].item == target) {
        const double rank = static_cast<double>(r + 1);
        hits += 1;
        ndcg += 1.0 / std::log2(rank + 1.0);
        mrr += 1.0 / rank;
      }
    }
  }
  fig.rankSeconds = secondsSince(rankStart);
  const double n = static_cast<double>(stage.asks.size());
  fig.people = stage.asks.size();
  fig.hitRate = hits / n;
  fig.ndcg = ndcg / n;
  fig.mrr = mrr / n;
  std::size_t distinct = 0;
  for (uint8_t x : recommended) distinct += x;
  fig.coverage = static_cast<double>(distinct) / static_cast<double>(candidates.size());
  if (run.progress && !run.progress({run.name, run.trial, run.trials, stage.asks.size(), stage.asks.size()}))
    return cancelled();
  *out = fig;
  return Status::ok();
}

// Leave-one-out by time: drop = 2 for validation, 1 for test.
Stage lastStage(const SeqLog& log, std::size_t drop) {
  Stage s;
  for (const auto& list : log.byUser[0]) {
    const bool asked = list.size() >= 3;
    const std::size_t keep = asked ? list.size() - drop : list.size();
    s.train.insert(s.train.end(), list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep));
    if (asked)
      s.asks.push_back({std::vector<uint32_t>(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep)),
                        log.events[list[keep]].item});
  }
  return s;
}

// The timestamp at the `fraction` quantile of the given events' times.
double cutTime(const SeqLog& log, const std::vector<uint32_t>& events, double fraction) {
  std::vector<double> t;
  t.reserve(events.size());
  for (uint32_t e : events) t.push_back(log.events[e].timestamp);
  if (t.empty()) return 0;
  std::size_t at =
      std::min(t.size() - 1, static_cast<std::size_t>(std::floor(fraction * static_cast<double>(t.size()))));
  std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(at), t.end());
  return t[at];
}

// Everyone's events before `cut` train; each person's first event at or after it is asked for.
// `within`: per person, the events considered (oldest first).
Stage globalStage(const SeqLog& log, const std::vector<std::vector<uint32_t>>& within, double cut) {
  Stage s;
  for (const auto& list : within) {
    std::size_t before = 0;
    while (before < list.size() && log.events[list[before]].timestamp < cut) ++before;
    s.train.insert(s.train.end(), list.begin(), list.begin() + static_cast<std::ptrdiff_t>(before));
    if (before < list.size())
      s.asks.push_back({std::vector<uint32_t>(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(before)),
                        log.events[list[before]].item});
  }
  return s;
}

// Per session (events more than `gap` seconds apart start a new one): in a
// session of 3 or more items the last is the test target, the one before it
// the validation target. Neither trains at the validation stage; the test
// stage trains on the validation targets too. Each target is asked for from
// every event of the person before it.
// Where a person's sessions of 3 or more items end (one past their last event).
std::vector<std::size_t> askedSessionEnds(const SeqLog& log, const std::vector<uint32_t>& list, double gap) {
  std::vector<std::size_t> ends;
  std::size_t start = 0;
  for (std::size_t k = 1; k <= list.size(); ++k) {
    if (k < list.size() && log.events[list[k]].timestamp - log.events[list[k - 1]].timestamp <= gap) continue;
    if (k - start >= 3) ends.push_back(k);
    start = k;
  }
  return ends;
}

Stage sessionStage(const SeqLog& log, double gap, bool test) {
  Stage s;
  std::vector<uint8_t> role;  // 0 trains, 1 validation target, 2 test target
  for (const auto& list : log.byUser[0]) {
    role.assign(list.size(), 0);
    for (std::size_t end : askedSessionEnds(log, list, gap)) {
      role[end - 1] = 2;
      role[end - 2] = 1;
    }
    const uint8_t asked = test ? 2 : 1;
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (role[k] == 0 || (test && role[k] == 1)) s.train.push_back(list[k]);
      if (role[k] == asked)
        s.asks.push_back({std::vector<uint32_t>(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(k)),
                          log.events[list[k]].item});
    }
  }
  return s;
}

// Given logs: history = train (+ valid at the test stage); target = the first valid / test event.
Stage givenStage(const SeqLog& log, bool test) {
  Stage s;
  const std::size_t n = log.users.size();
  for (std::size_t u = 0; u < n; ++u) {
    std::vector<uint32_t> history = log.byUser[0][u];
    const auto& valid = log.byUser[1][u];
    if (test && !valid.empty()) history.push_back(valid.front());
    s.train.insert(s.train.end(), history.begin(), history.end());
    const auto& target = log.byUser[test ? 2 : 1][u];
    if (!target.empty()) s.asks.push_back({std::move(history), log.events[target.front()].item});
  }
  return s;
}

Status checkConfig(const NextItemConfig& config) {
  if (config.k < 1 || config.k > 10000) return argError("k must be an integer from 1 to 10000");
  return config.train.validate();
}

Status run(const SeqLog& log, const Catalog* catalog, const NextItemConfig& config, const NextItemProgressFn& progress,
           const std::vector<EventType>& types, NextItemResult* out) {
  NextItemResult r;
  r.algorithm = config.train.algorithm;
  r.split = nextItemSplitName(config.split);
  r.k = config.k;
  for (EventType t : types) r.sequenceTypes.push_back(eventTypeName(t));
  r.sequenceEvents = log.events.size();
  r.people = log.users.size();
  Stage valid, test;
  switch (config.split.kind) {
    case NextItemSplitKind::Last:
      valid = lastStage(log, 2);
      test = lastStage(log, 1);
      r.trainOnlyPeople = r.people - test.asks.size();
      break;
    case NextItemSplitKind::Global: {
      std::vector<uint32_t> all;
      for (const auto& list : log.byUser[0]) all.insert(all.end(), list.begin(), list.end());
      const double outer = cutTime(log, all, config.split.fraction);
      test = globalStage(log, log.byUser[0], outer);
      const double inner = cutTime(log, test.train, config.split.fraction);
      std::vector<std::vector<uint32_t>> before(log.users.size());
      for (uint32_t e : test.train) before[static_cast<std::size_t>(log.events[e].user)].push_back(e);
      for (auto& list : before)  // test.train holds each person's events in order already
        std::stable_sort(list.begin(), list.end(),
                         [&](uint32_t a, uint32_t b) { return log.events[a].timestamp < log.events[b].timestamp; });
      valid = globalStage(log, before, inner);
      r.trainOnlyPeople = r.people - test.asks.size();
      break;
    }
    case NextItemSplitKind::Given:
      valid = givenStage(log, false);
      test = givenStage(log, true);
      r.trainOnlyPeople = r.people - test.asks.size();
      break;
    case NextItemSplitKind::Session: {
      valid = sessionStage(log, config.split.gapSeconds, false);
      test = sessionStage(log, config.split.gapSeconds, true);
      std::size_t askedPeople = 0;
      for (const auto& list : log.byUser[0])
        askedPeople += !askedSessionEnds(log, list, config.split.gapSeconds).empty();
      r.trainOnlyPeople = r.people - askedPeople;
      break;
    }
  }
  TrainConfig train = config.train;
  if (config.tune) {
    const std::vector<Options> grid = optionGrid(config.train.algorithm, config.train.options);
    double best = -1;
    for (std::size_t g = 0; g < grid.size(); ++g) {
      TrainConfig trial = config.train;
      for (const auto& kv : grid[g]) trial.options[kv.first] = kv.second;
      NextItemTrial t{grid[g], {}};
      RR_TRY(runStage({log, catalog, config.k, progress, "valid", g, grid.size()}, valid, trial, &t.valid));
      if (t.valid.ndcg > best) {
        best = t.valid.ndcg;
        r.chosen = grid[g];
        r.valid = t.valid;
      }
      r.trials.push_back(std::move(t));
    }
    for (const auto& kv : r.chosen) train.options[kv.first] = kv.second;
    r.tuned = true;
    r.hasValid = true;
  }
  RR_TRY(runStage({log, catalog, config.k, progress, "test", 0, 1}, test, train, &r.test));
  *out = std::move(r);
  return Status::ok();
}

}  // namespace

Status parseNextItemSplit(std::string_view text, NextItemSplit* out) {
  const std::string hint = "; use last, global:FRACTION (e.g. global:0.9) or session:SECONDS (e.g. session:1800)";
  NextItemSplit s;
  if (text == "last") {
    s.kind = NextItemSplitKind::Last;
  } else if (text == "given") {
    s.kind = NextItemSplitKind::Given;
  } else if (text.substr(0, 7) == "global:") {
    const std::string arg(text.substr(7, 40));
    char* end = nullptr;
    const double v = std::strtod(arg.c_str(), &end);
    if (arg.empty() || end != arg.c_str() + arg.size() || !(v > 0 && v < 1))
      return argError("the fraction of a global split must be a number strictly between 0 and 1" + hint);
    s.kind = NextItemSplitKind::Global;
    s.fraction = v;
  } else if (text.substr(0, 8) == "session:") {
    const std::string arg(text.substr(8, 40));
    char* end = nullptr;
    const double v = std::strtod(arg.c_str(), &end);
    if (arg.empty() || end != arg.c_str() + arg.size() || !(v > 0 && std::isfinite(v)))
      return argError("the gap of a session split must be a number of seconds > 0" + hint);
    s.kind = NextItemSplitKind::Session;
    s.gapSeconds = v;
  } else {
    return argError("next-item split '" + std::string(text.substr(0, 60)) + "' is not understood" + hint);
  }
  *out = s;
  return Status::ok();
}

std::string nextItemSplitName(const NextItemSplit& split) {
  switch (split.kind) {
    case NextItemSplitKind::Last:
      return "last";
    case NextItemSplitKind::Given:
      return "given";
    case NextItemSplitKind::Global:
    case NextItemSplitKind::Session: {
      const bool global = split.kind == NextItemSplitKind::Global;
      std::string f = std::to_string(global ? split.fraction : split.gapSeconds);
      while (f.size() > 1 && f.back() == '0') f.pop_back();
      if (f.back() == '.') f.pop_back();
      return (global ? "global:" : "session:") + f;
    }
  }
  return "unknown";
}

Status parseSequenceSpec(std::string_view text, SequenceSpec* out) {
  SequenceSpec s;
  if (text != "auto") {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      EventType t;
      const std::string_view name = text.substr(start, comma - start);
      if (!parseEventType(name, &t))
        return argError("unknown event type '" + std::string(name.substr(0, 40)) +
                        "' in the sequence definition; use auto or names like like,view,rating");
      if (std::find(s.types.begin(), s.types.end(), t) == s.types.end()) s.types.push_back(t);
      start = comma + 1;
    }
  }
  *out = std::move(s);
  return Status::ok();
}

std::vector<EventType> sequenceTypes(const SequenceSpec& spec, const EventBatch& events) {
  if (!spec.types.empty()) return spec.types;
  const auto has = [&](EventType t) {
    return std::find(events.types.begin(), events.types.end(), static_cast<uint8_t>(t)) != events.types.end();
  };
  if (has(EventType::Rating)) return {EventType::Rating};
  if (has(EventType::Like)) return {EventType::Like};
  return {EventType::View};
}

std::vector<Options> optionGrid(const std::string& algorithm, const Options& fixed) {
  std::vector<Options> grid(1);
  const AlgorithmEntry* entry = findAlgorithm(algorithm);
  if (!entry) return grid;
  for (const OptionSpec& spec : entry->options) {
    if (spec.grid.empty() || fixed.count(spec.name)) continue;
    std::vector<Options> next;
    for (const Options& o : grid) {
      for (double v : spec.grid) {
        Options c = o;
        c[spec.name] = v;
        next.push_back(std::move(c));
      }
    }
    grid = std::move(next);
  }
  return grid;
}

Status evaluateNextItem(const EventBatch& events, const Catalog* catalog, const NextItemConfig& config,
                        const NextItemProgressFn& progress, NextItemResult* out) {
  RR_TRY(checkConfig(config));
  if (config.split.kind == NextItemSplitKind::Given)
    return argError("a given next-item split needs train, valid and test logs (evaluateNextItemGiven)");
  const std::vector<EventType> types = sequenceTypes(config.sequence, events);
  SeqLog log;
  RR_TRY(log.add(events, types, 0));
  if (log.events.empty()) return Status::error(ErrorCode::Empty, "no event of the sequence's types to evaluate on");
  log.order(1);
  return run(log, catalog, config, progress, types, out);
}

Status evaluateNextItemGiven(const EventBatch& train, const EventBatch& valid, const EventBatch& test,
                             const Catalog* catalog, const NextItemConfig& config, const NextItemProgressFn& progress,
                             NextItemResult* out) {
  RR_TRY(checkConfig(config));
  const std::vector<EventType> types = sequenceTypes(config.sequence, train);
  SeqLog log;
  RR_TRY(log.add(train, types, 0));
  RR_TRY(log.add(valid, types, 1));
  RR_TRY(log.add(test, types, 2));
  if (log.events.empty()) return Status::error(ErrorCode::Empty, "no event of the sequence's types to evaluate on");
  log.order(3);
  NextItemConfig given = config;
  given.split.kind = NextItemSplitKind::Given;
  return run(log, catalog, given, progress, types, out);
}

}  // namespace reelrank::eval
