#include "analytics/engagement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

namespace reelrank::analytics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Per log item: duration and creator from the catalogue (0 / -1 when absent).
struct ItemFacts {
  std::vector<float> duration;
  std::vector<int32_t> creator;
};

ItemFacts itemFacts(const Interactions& log, const Catalog* catalog) {
  ItemFacts f;
  f.duration.assign(log.items().size(), 0.0f);
  f.creator.assign(log.items().size(), -1);
  if (!catalog) return f;
  for (std::size_t i = 0; i < log.items().size(); ++i) {
    const int32_t c = catalog->items().find(log.items().name(static_cast<int32_t>(i)));
    if (c == IdMap::kMissing) continue;
    f.duration[i] = catalog->video(c).duration;
    f.creator[i] = catalog->video(c).creator;
  }
  return f;
}

double quantile(const std::vector<double>& sorted, double p) {
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Event order for one pass: group, then person, then time (then log order,
// so equal timestamps are still deterministic).
std::vector<uint32_t> groupedOrder(const std::vector<EventRow>& ev, const std::vector<int32_t>& group) {
  std::vector<uint32_t> order;
  order.reserve(ev.size());
  for (uint32_t k = 0; k < ev.size(); ++k)
    if (group[k] >= 0) order.push_back(k);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (group[a] != group[b]) return group[a] < group[b];
    if (ev[a].user != ev[b].user) return ev[a].user < ev[b].user;
    if (ev[a].timestamp != ev[b].timestamp) return ev[a].timestamp < ev[b].timestamp;
    return a < b;
  });
  return order;
}

constexpr unsigned kLiked = 1, kDisliked = 2, kCommented = 4, kShared = 8, kFollowed = 16;
unsigned actionBit(EventType t) {
  switch (t) {
    case EventType::Like:
      return kLiked;
    case EventType::Dislike:
      return kDisliked;
    case EventType::Comment:
      return kCommented;
    case EventType::Share:
      return kShared;
    case EventType::Follow:
      return kFollowed;
    default:
      return 0;  // a view, skip or rating: an exposure without an action
  }
}

// Accumulates one group's events, one person's run at a time.
class RowBuilder {
 public:
  RowBuilder(const EngagementOptions& o, const PrivacyGuard& guard, const ItemFacts& facts,
             const std::vector<double>& firstView)
      : o_(o), guard_(guard), facts_(facts), firstView_(firstView) {}

  void startGroup(EngagementRow* row, double start) {
    row_ = row;
    start_ = start;
    ratios_.clear();
    impressionPeople_ = ratioPeople_ = returning_ = 0;
  }

  // One person's events in this group, in time order.
  void person(const std::vector<EventRow>& ev, const uint32_t* first, const uint32_t* last) {
    EngagementRow& r = *row_;
    ++r.people;
    bool viewed = false, impressed = false, measured = false;
    // What this person did with each video of the group: one exposure per
    // (person, video), with a bit per action (any event implies the video was shown).
    actions_.clear();
    int sessions = 0;
    double lastView = 0;
    for (const uint32_t* p = first; p != last; ++p) {
      const EventRow& e = ev[*p];
      switch (e.type) {
        case EventType::View: {
          ++r.views;
          ++r.impressions;
          viewed = impressed = true;
          r.watchSeconds += e.value;
          if (sessions == 0 || e.timestamp - lastView > o_.sessionGapSeconds) ++sessions;
          lastView = e.timestamp;
          float duration = e.duration > 0 ? e.duration : facts_.duration[static_cast<std::size_t>(e.item)];
          if (duration > 0) {
            const double ratio = std::min(static_cast<double>(e.value) / duration, o_.maxWatchRatio);
            ratios_.push_back(ratio);
            measured = true;
            ++r.measuredViews;
            ++r.ratioHistogram[ratio >= 1.0 ? kRatioBins - 1 : static_cast<std::size_t>(ratio * 10.0)];
            if (ratio < o_.skipBelow) ++r.skips;
          }
          break;
        }
        case EventType::Skip:
          ++r.skips;
          ++r.impressions;
          impressed = true;
          break;
        case EventType::Like:
          ++r.likes;
          break;
        case EventType::Dislike:
          ++r.dislikes;
          break;
        case EventType::Comment:
          ++r.comments;
          break;
        case EventType::Share:
          ++r.shares;
          break;
        case EventType::Follow:
          ++r.follows;
          break;
        default:
          break;  // ratings count toward people only
      }
      actions_.emplace_back(e.item, actionBit(e.type));
    }
    if (viewed) {
      ++r.uniqueViewers;
      const double firstSeen = firstView_[static_cast<std::size_t>(ev[*first].user)];
      if (std::isnan(start_) ? sessions >= 2 : firstSeen < start_) ++returning_;
    }
    std::sort(actions_.begin(), actions_.end());
    for (std::size_t i = 0; i < actions_.size();) {
      unsigned bits = 0;
      const int32_t item = actions_[i].first;
      for (; i < actions_.size() && actions_[i].first == item; ++i) bits |= actions_[i].second;
      ++r.exposures;
      r.likers += (bits & kLiked) != 0;
      r.dislikers += (bits & kDisliked) != 0;
      r.commenters += (bits & kCommented) != 0;
      r.sharers += (bits & kShared) != 0;
      r.followers += (bits & kFollowed) != 0;
    }
    impressionPeople_ += impressed;
    ratioPeople_ += measured;
  }

  void finishGroup() {
    EngagementRow& r = *row_;
    if (guard_.allows(ratioPeople_) && !ratios_.empty()) {
      std::sort(ratios_.begin(), ratios_.end());
      r.meanWatchRatio = std::accumulate(ratios_.begin(), ratios_.end(), 0.0) / static_cast<double>(ratios_.size());
      r.p25 = quantile(ratios_, 0.25);
      r.median = quantile(ratios_, 0.5);
      r.p75 = quantile(ratios_, 0.75);
    } else {
      r.ratioHistogram.fill(0);  // the distribution of too few people is withheld with its mean
    }
    // Action rates are shares of exposures (a person and a video of the
    // group with any event): a like, comment, share, follow or dislike
    // implies the video was shown, even when no view was recorded, so every
    // liked pair is an exposure and a rate never exceeds 1. By video the
    // exposures are the group's people.
    if (guard_.allows(r.people) && r.exposures > 0) {
      const auto n = static_cast<double>(r.exposures);
      r.likeRate = static_cast<double>(r.likers) / n;
      r.dislikeRate = static_cast<double>(r.dislikers) / n;
      r.commentRate = static_cast<double>(r.commenters) / n;
      r.shareRate = static_cast<double>(r.sharers) / n;
      r.followRate = static_cast<double>(r.followers) / n;
    }
    // Skips are impressions themselves (an explicit skip, or a view under
    // skipBelow), so skips <= impressions.
    if (guard_.allows(impressionPeople_) && r.impressions > 0)
      r.skipRate = static_cast<double>(r.skips) / static_cast<double>(r.impressions);
    if (guard_.allows(r.uniqueViewers)) r.returningViewerRate = static_cast<double>(returning_) / r.uniqueViewers;
  }

 private:
  const EngagementOptions& o_;
  const PrivacyGuard& guard_;
  const ItemFacts& facts_;
  const std::vector<double>& firstView_;
  EngagementRow* row_ = nullptr;
  double start_ = kNaN;
  std::vector<double> ratios_;
  std::vector<std::pair<int32_t, unsigned>> actions_;  // (item, action bit) of one person's events
  uint32_t impressionPeople_ = 0, ratioPeople_ = 0, returning_ = 0;
};

std::vector<double> firstViews(const Interactions& log) {
  std::vector<double> first(log.users().size(), std::numeric_limits<double>::infinity());
  for (const EventRow& e : log.events())
    if (e.type == EventType::View)
      first[static_cast<std::size_t>(e.user)] = std::min(first[static_cast<std::size_t>(e.user)], e.timestamp);
  return first;
}

// Runs the per-group pass over `order` (grouped by `group`), filling rows[group].
void fillRows(const Interactions& log, const std::vector<uint32_t>& order, const std::vector<int32_t>& group,
              const std::vector<double>& starts, RowBuilder& b, std::vector<EngagementRow>& rows) {
  const auto& ev = log.events();
  std::size_t k = 0;
  while (k < order.size()) {
    const int32_t g = group[order[k]];
    b.startGroup(&rows[static_cast<std::size_t>(g)], starts.empty() ? kNaN : starts[static_cast<std::size_t>(g)]);
    while (k < order.size() && group[order[k]] == g) {
      std::size_t e = k;
      while (e < order.size() && group[order[e]] == g && ev[order[e]].user == ev[order[k]].user) ++e;
      b.person(ev, order.data() + k, order.data() + e);
      k = e;
    }
    b.finishGroup();
  }
}

}  // namespace

bool parseGroupBy(std::string_view name, GroupBy* out) {
  if (name == "video")
    *out = GroupBy::Video;
  else if (name == "creator")
    *out = GroupBy::Creator;
  else if (name == "day")
    *out = GroupBy::Day;
  else
    return false;
  return true;
}

Status EngagementOptions::validate() const {
  if (!(skipBelow >= 0 && skipBelow <= 1)) return argError("skipBelow must be a number in [0, 1] (a watch ratio)");
  if (!(sessionGapSeconds > 0 && std::isfinite(sessionGapSeconds)))
    return argError("sessionGapSeconds must be a finite number of seconds > 0");
  if (!(maxWatchRatio > 0 && std::isfinite(maxWatchRatio)))
    return argError("maxWatchRatio must be a finite number > 0");
  PrivacyGuard g;
  return PrivacyGuard::make(minGroupSize, &g);
}

std::string civilDate(int64_t day) {
  // Days since 1970-01-01 to a proleptic Gregorian date, counting in 400-year
  // eras that start on 1 March (so the leap day is the era's last day).
  const int64_t z = day + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

Status engagementFor(const Interactions& log, const Catalog* catalog, const Grouping& grouping,
                     const EngagementOptions& o, EngagementTable* out) {
  RR_TRY(o.validate());
  PrivacyGuard guard;
  RR_TRY(PrivacyGuard::make(o.minGroupSize, &guard));
  const auto& ev = log.events();
  if (grouping.groupOfEvent.size() != ev.size()) return argError("internal: one group per event expected");
  const std::size_t nGroups = grouping.names.size();
  const ItemFacts facts = itemFacts(log, catalog);
  const std::vector<double> firstView = firstViews(log);

  // Pass 1: distinct people per group decide what the guard lets through.
  std::vector<uint32_t> people(nGroups, 0);
  {
    const auto order = groupedOrder(ev, grouping.groupOfEvent);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const EventRow& e = ev[order[k]];
      const int32_t g = grouping.groupOfEvent[order[k]];
      if (k == 0 || g != grouping.groupOfEvent[order[k - 1]] || e.user != ev[order[k - 1]].user)
        ++people[static_cast<std::size_t>(g)];
    }
  }
  EngagementTable t;
  t.privacy.minGroupSize = guard.minGroupSize();
  const std::vector<int32_t> remap = guard.plan(people, &t.privacy);
  int32_t shown = 0;
  for (int32_t r : remap) shown = std::max(shown, r + 1);
  // Pass 2 on the merged grouping: "other" gets index `shown`.
  std::vector<int32_t> group(ev.size(), -1);
  for (std::size_t k = 0; k < ev.size(); ++k) {
    const int32_t g = grouping.groupOfEvent[k];
    if (g >= 0) group[k] = remap[static_cast<std::size_t>(g)] >= 0 ? remap[static_cast<std::size_t>(g)] : shown;
  }
  std::vector<EngagementRow> rows(static_cast<std::size_t>(shown) + 1);
  std::vector<double> starts;
  if (!grouping.groupStart.empty()) starts.assign(rows.size(), std::numeric_limits<double>::infinity());
  for (std::size_t g = 0; g < nGroups; ++g) {
    const int32_t r = remap[g] >= 0 ? remap[g] : shown;
    if (remap[g] >= 0)
      rows[static_cast<std::size_t>(r)].key = grouping.names[g];
    else
      ++rows[static_cast<std::size_t>(r)].mergedGroups;
    if (!starts.empty())
      starts[static_cast<std::size_t>(r)] = std::min(starts[static_cast<std::size_t>(r)], grouping.groupStart[g]);
  }
  rows.back().key = "other";
  rows.back().other = true;
  RowBuilder builder(o, guard, facts, firstView);
  fillRows(log, groupedOrder(ev, group), group, starts, builder, rows);
  if (!guard.admitOther(rows.back().people, &t.privacy)) rows.pop_back();
  t.rows = std::move(rows);
  t.events = ev.size();
  *out = std::move(t);
  return Status::ok();
}

Status engagement(const Interactions& log, const Catalog* catalog, const EngagementOptions& o, EngagementTable* out) {
  RR_TRY(o.validate());
  if (log.eventCount() == 0)
    return Status::error(ErrorCode::Empty, "the interaction log is empty: no engagement to report");
  const auto& ev = log.events();
  Grouping g;
  g.groupOfEvent.assign(ev.size(), -1);
  uint64_t unattributed = 0;
  if (o.by == GroupBy::Video) {
    g.names = log.items().names();
    for (std::size_t k = 0; k < ev.size(); ++k) g.groupOfEvent[k] = ev[k].item;
  } else if (o.by == GroupBy::Creator) {
    if (!catalog || catalog->creators().size() == 0)
      return argError("engagement by creator needs a catalog whose videos name their creator");
    const ItemFacts facts = itemFacts(log, catalog);
    g.names = catalog->creators().names();
    for (std::size_t k = 0; k < ev.size(); ++k) {
      g.groupOfEvent[k] = facts.creator[static_cast<std::size_t>(ev[k].item)];
      unattributed += g.groupOfEvent[k] < 0;
    }
  } else {
    // Days in UTC, numbered in date order so the table reads as a timeline.
    std::map<int64_t, int32_t> days;
    for (const EventRow& e : ev) days.emplace(static_cast<int64_t>(std::floor(e.timestamp / 86400.0)), 0);
    for (auto& [day, index] : days) {
      index = static_cast<int32_t>(g.names.size());
      g.names.push_back(civilDate(day));
      g.groupStart.push_back(static_cast<double>(day) * 86400.0);
    }
    for (std::size_t k = 0; k < ev.size(); ++k)
      g.groupOfEvent[k] = days[static_cast<int64_t>(std::floor(ev[k].timestamp / 86400.0))];
  }
  EngagementTable t;
  RR_TRY(engagementFor(log, catalog, g, o, &t));
  t.by = o.by;
  t.unattributedEvents = unattributed;
  if (o.by != GroupBy::Day) {
    const bool hasOther = !t.rows.empty() && t.rows.back().other;
    auto end = t.rows.end() - (hasOther ? 1 : 0);
    std::sort(t.rows.begin(), end, [](const EngagementRow& a, const EngagementRow& b) {
      if (a.views != b.views) return a.views > b.views;
      if (a.people != b.people) return a.people > b.people;
      return a.key < b.key;
    });
  }
  // The overall row: one group holding every event.
  Grouping all;
  all.groupOfEvent.assign(ev.size(), 0);
  all.names = {"overall"};
  EngagementTable whole;
  RR_TRY(engagementFor(log, catalog, all, o, &whole));
  t.overallShown = !whole.rows.empty() && !whole.rows.front().other;
  if (t.overallShown) t.overall = whole.rows.front();
  *out = std::move(t);
  return Status::ok();
}

}  // namespace reelrank::analytics
