#include "analytics/describe.hpp"

#include <algorithm>
#include <numeric>

namespace reelrank::analytics {

namespace {

// Accumulates positive weight and distinct members per key (item, tag or
// creator) over one group, then ranks the keys by excess share.
class LabelCounter {
 public:
  explicit LabelCounter(std::size_t keys) : weight_(keys, 0.0), people_(keys, 0), lastPerson_(keys, -1) {}
  void add(int32_t key, double w, int32_t person) {
    const auto k = static_cast<std::size_t>(key);
    if (weight_[k] == 0 && people_[k] == 0) touched_.push_back(key);
    weight_[k] += w;
    total_ += w;
    if (lastPerson_[k] != person) {
      lastPerson_[k] = person;
      ++people_[k];
    }
  }
  double total() const { return total_; }
  double weight(int32_t key) const { return weight_[static_cast<std::size_t>(key)]; }

  // Top labels against `all` (the same counter over everyone). Labels under
  // the guard's minimum that would have made the list are counted in *hidden.
  std::vector<Label> top(const LabelCounter& all, const std::vector<std::string>& names, int n,
                         const PrivacyGuard& guard, uint32_t* hidden) const {
    struct Cand {
      int32_t key;
      double excess, share, lift;
    };
    std::vector<Cand> cands;
    if (total_ <= 0 || all.total_ <= 0) return {};
    for (int32_t key : touched_) {
      const double share = weight(key) / total_, base = all.weight(key) / all.total_;
      if (share - base > 0) cands.push_back({key, share - base, share, base > 0 ? share / base : 0.0});
    }
    std::sort(cands.begin(), cands.end(),
              [](const Cand& a, const Cand& b) { return a.excess != b.excess ? a.excess > b.excess : a.key < b.key; });
    std::vector<Label> out;
    for (const Cand& c : cands) {
      if (static_cast<int>(out.size()) >= n) break;
      const uint32_t p = people_[static_cast<std::size_t>(c.key)];
      if (!guard.allows(p)) {
        ++*hidden;
        continue;
      }
      out.push_back({names[static_cast<std::size_t>(c.key)], c.share, c.lift, p});
    }
    return out;
  }

 private:
  std::vector<double> weight_;
  std::vector<uint32_t> people_;
  std::vector<int32_t> lastPerson_;
  std::vector<int32_t> touched_;
  double total_ = 0;
};

struct Counters {
  LabelCounter items, tags, creators;
  explicit Counters(const PeopleSource& s)
      : items(s.items->size()),
        tags(s.catalog ? s.catalog->tags().size() : 0),
        creators(s.catalog ? s.catalog->creators().size() : 0) {}
};

void countPerson(const PeopleSource& s, int32_t u, Counters& c, std::vector<std::pair<int32_t, float>>& scratch) {
  for (SparseRows::InnerIterator it(*s.rows, u); it; ++it) {
    if (it.value() <= 0) continue;
    c.items.add(it.index(), it.value(), u);
    const int32_t v = s.itemVideo[static_cast<std::size_t>(it.index())];
    if (v >= 0 && s.catalog->video(v).creator >= 0) c.creators.add(s.catalog->video(v).creator, it.value(), u);
  }
  tagProfile(s, u, &scratch);
  for (const auto& [t, w] : scratch) c.tags.add(t, w, u);
}

}  // namespace

void describeGroups(const PeopleSource& s, const std::vector<int32_t>& labels, int groups, const PrivacyGuard& guard,
                    const DescribeOptions& o, std::vector<GroupSummary>* out, PrivacyNote* note,
                    std::vector<int32_t>* finalLabels) {
  const auto n = static_cast<int32_t>(labels.size());
  std::vector<uint32_t> sizes(static_cast<std::size_t>(groups), 0);
  for (int32_t g : labels)
    if (g >= 0) ++sizes[static_cast<std::size_t>(g)];
  // Largest groups first (then by their original number) before the guard
  // numbers the ones it keeps.
  std::vector<int32_t> bySize(static_cast<std::size_t>(groups));
  std::iota(bySize.begin(), bySize.end(), 0);
  std::stable_sort(bySize.begin(), bySize.end(), [&](int32_t a, int32_t b) {
    return sizes[static_cast<std::size_t>(a)] > sizes[static_cast<std::size_t>(b)];
  });
  std::vector<uint32_t> sortedSizes;
  for (int32_t g : bySize) sortedSizes.push_back(sizes[static_cast<std::size_t>(g)]);
  const std::vector<int32_t> remapSorted = guard.plan(sortedSizes, note);
  std::vector<int32_t> remap(static_cast<std::size_t>(groups));
  int32_t shown = 0;
  for (std::size_t r = 0; r < bySize.size(); ++r) {
    remap[static_cast<std::size_t>(bySize[r])] = remapSorted[r];
    shown = std::max(shown, remapSorted[r] + 1);
  }
  uint32_t otherSize = 0;
  for (int32_t g : labels)
    if (g >= 0 && remap[static_cast<std::size_t>(g)] == kOtherGroup) ++otherSize;
  const bool otherShown = guard.admitOther(otherSize, note);
  const int32_t total = shown + (otherShown ? 1 : 0);

  std::vector<int32_t> final(labels.size(), -1);
  for (int32_t u = 0; u < n; ++u) {
    const int32_t g = labels[static_cast<std::size_t>(u)];
    if (g < 0) continue;
    const int32_t r = remap[static_cast<std::size_t>(g)];
    final[static_cast<std::size_t>(u)] = r >= 0 ? r : (otherShown ? shown : -1);
  }

  std::vector<GroupSummary> result(static_cast<std::size_t>(total));
  for (int32_t g = 0; g < total; ++g) {
    result[static_cast<std::size_t>(g)].id = g < shown ? g : -1;
    result[static_cast<std::size_t>(g)].other = g >= shown;
  }
  if (otherShown) result.back().mergedGroups = note->mergedGroups;

  // Describe: one counter set over everyone, one per shown group.
  std::vector<std::pair<int32_t, float>> scratch;
  Counters all(s);
  for (int32_t u = 0; u < n; ++u) countPerson(s, u, all, scratch);
  std::vector<std::vector<int32_t>> members(static_cast<std::size_t>(total));
  for (int32_t u = 0; u < n; ++u)
    if (final[static_cast<std::size_t>(u)] >= 0)
      members[static_cast<std::size_t>(final[static_cast<std::size_t>(u)])].push_back(u);
  for (int32_t g = 0; g < total; ++g) {
    GroupSummary& gs = result[static_cast<std::size_t>(g)];
    Counters c(s);
    for (int32_t u : members[static_cast<std::size_t>(g)]) countPerson(s, u, c, scratch);
    gs.size = static_cast<uint32_t>(members[static_cast<std::size_t>(g)].size());
    gs.videos = c.items.top(all.items, s.items->names(), o.top, guard, &note->hiddenLabels);
    if (s.catalog) {
      gs.tags = c.tags.top(all.tags, s.catalog->tags().names(), o.top, guard, &note->hiddenLabels);
      gs.creators = c.creators.top(all.creators, s.catalog->creators().names(), o.top, guard, &note->hiddenLabels);
    }
    if (o.members) gs.members = members[static_cast<std::size_t>(g)];
  }
  *out = std::move(result);
  if (finalLabels) *finalLabels = std::move(final);
}

}  // namespace reelrank::analytics
