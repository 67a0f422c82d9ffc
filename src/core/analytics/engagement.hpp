// Engagement: what a creator's audience did, per video, per creator or per
// day, computed from an interaction log the creator holds.
//
// Definitions (docs/analytics.md repeats them with examples):
//   people          distinct people with any event in the group (the group's
//                   size for the privacy guard)
//   impressions     views + explicit skips (a skip is a video shown and not watched)
//   uniqueViewers   distinct people with a view
//   watch ratio     watchTime / duration of one view, capped at maxWatchRatio
//                   (2: loops of a short video should not swamp the mean);
//                   views whose duration is unknown (event and catalogue
//                   both 0) are left out of the ratio figures
//   skips           explicit skip events + views with watch ratio < skipBelow
//   exposures       distinct (person, video) pairs with any event in the
//                   group: any event, a like without a recorded view
//                   included, implies the video was shown. By video: people
//   likers, ...     exposures with at least one like (dislike, comment,
//                   share, follow); by video, the people who liked
//   <type>Rate      likers (dislikers, commenters, sharers, followers) /
//                   exposures: a share of the times a person was shown a
//                   video of the group, so never above 1; by video, the
//                   share of the video's people
//   skipRate        skips / impressions (every skip is an impression)
//   returning viewer by video or creator: a viewer whose views of the group
//                   fall in two or more sessions (a gap over sessionGapSeconds
//                   starts a new one); by day: a viewer of that day who had
//                   viewed something on an earlier day of the log
// A figure drawn from fewer than minGroupSize people (the watch-ratio figures
// from people with a measured view, the action rates from the group's
// people (always enough in a shown group), the skip rate from people with an impression, the returning rate
// from viewers) is NaN, even when the group
// itself is large enough to be shown.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/privacy_guard.hpp"
#include "data/catalog.hpp"
#include "data/interactions.hpp"

namespace reelrank::analytics {

enum class GroupBy { Video, Creator, Day };
// Accepts "video", "creator", "day".
bool parseGroupBy(std::string_view name, GroupBy* out);

struct EngagementOptions {
  GroupBy by = GroupBy::Video;
  int minGroupSize = kDefaultMinGroupSize;
  double skipBelow = 0.2;           // in [0, 1]; 0 counts explicit skips only
  double sessionGapSeconds = 1800;  // > 0
  double maxWatchRatio = 2.0;       // > 0
  Status validate() const;
};

// Watch-ratio histogram: bins [0, .1), [.1, .2), ..., [.9, 1), [1, inf).
constexpr std::size_t kRatioBins = 11;

struct EngagementRow {
  std::string key;  // video id, creator id, "YYYY-MM-DD" (UTC) or "other"
  bool other = false;
  uint32_t mergedGroups = 0;  // groups behind "other"
  uint32_t people = 0;
  uint32_t uniqueViewers = 0;
  uint64_t impressions = 0, views = 0, skips = 0, likes = 0, dislikes = 0, comments = 0, shares = 0, follows = 0;
  uint64_t exposures = 0;                                                          // distinct (person, video) pairs
  uint64_t likers = 0, dislikers = 0, commenters = 0, sharers = 0, followers = 0;  // exposures with that action
  double watchSeconds = 0;
  uint64_t measuredViews = 0;  // views with a known duration
  double meanWatchRatio = std::numeric_limits<double>::quiet_NaN();
  double p25 = std::numeric_limits<double>::quiet_NaN(), median = p25, p75 = p25;
  std::array<uint32_t, kRatioBins> ratioHistogram{};
  double likeRate = std::numeric_limits<double>::quiet_NaN(), dislikeRate = likeRate, commentRate = likeRate,
         shareRate = likeRate, followRate = likeRate, skipRate = likeRate, returningViewerRate = likeRate;
};

struct EngagementTable {
  GroupBy by = GroupBy::Video;
  std::vector<EngagementRow> rows;  // by views (video, creator) or by date (day); "other" last
  EngagementRow overall;            // every event of the log; overallShown false when the log has too few people
  bool overallShown = false;
  PrivacyNote privacy;
  uint64_t events = 0;
  uint64_t unattributedEvents = 0;  // by creator: events of videos without a creator
};

Status engagement(const Interactions& log, const Catalog* catalog, const EngagementOptions& options,
                  EngagementTable* out);

// The engine behind engagement(), for any grouping of the log's events (the
// segments use it to describe their members). groupOfEvent[k] is event k's
// group (-1 = left out); groupStart, when not empty, switches the returning
// rule to "viewed before the group's start time" (by day). Rows come back in
// group order, "other" last, without the overall row.
struct Grouping {
  std::vector<int32_t> groupOfEvent;
  std::vector<std::string> names;
  std::vector<double> groupStart;
};
Status engagementFor(const Interactions& log, const Catalog* catalog, const Grouping& grouping,
                     const EngagementOptions& options, EngagementTable* out);

// "YYYY-MM-DD" of a day number (days since 1970-01-01, UTC).
std::string civilDate(int64_t day);

}  // namespace reelrank::analytics
