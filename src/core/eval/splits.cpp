#include "eval/splits.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace reelrank::eval {

namespace {

Status checkRows(const std::vector<Rating>& rows, bool needTimestamps) {
  if (rows.empty()) return Status::error(ErrorCode::Empty, "there are no rows to split");
  if (rows.size() > std::numeric_limits<uint32_t>::max())
    return argError("a split takes at most " + std::to_string(std::numeric_limits<uint32_t>::max()) + " rows");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].user < 0 || rows[i].item < 0)
      return argError("row " + std::to_string(i) + " has a negative user or item index");
    if (needTimestamps && !std::isfinite(rows[i].timestamp))
      return argError("row " + std::to_string(i) + " has a timestamp that is not a finite number");
  }
  return Status::ok();
}

Status checkFraction(double testFraction) {
  if (!(testFraction > 0 && testFraction < 1))  // also rejects NaN
    return argError("the test fraction must lie strictly between 0 and 1");
  return Status::ok();
}

std::vector<uint32_t> identity(std::size_t n) {
  std::vector<uint32_t> v(n);
  std::iota(v.begin(), v.end(), 0u);
  return v;
}

// Row indices grouped by user (users ascending), each group in row order.
std::vector<uint32_t> groupByUser(const std::vector<Rating>& rows) {
  std::vector<uint32_t> order = identity(rows.size());
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rows[a].user < rows[b].user; });
  return order;
}

// How many of a user's n rows are held out.
std::size_t testCount(std::size_t n, double testFraction) {
  if (n < kMinRowsForTest) return 0;
  const auto wanted = static_cast<std::size_t>(std::round(testFraction * static_cast<double>(n)));
  return std::min(wanted, n - 1);
}

// Applies `pickTest` to each user's group (a contiguous range of `order`):
// it reorders the group so that its last `count` entries are the test rows.
template <typename PickTest>
Split perUserSplit(const std::vector<Rating>& rows, double testFraction, PickTest pickTest) {
  std::vector<uint32_t> order = groupByUser(rows);
  Split split;
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start + 1;
    while (end < order.size() && rows[order[end]].user == rows[order[start]].user) ++end;
    const std::size_t count = testCount(end - start, testFraction);
    if (count > 0)
      pickTest(order.begin() + static_cast<std::ptrdiff_t>(start), order.begin() + static_cast<std::ptrdiff_t>(end));
    split.train.insert(split.train.end(), order.begin() + static_cast<std::ptrdiff_t>(start),
                       order.begin() + static_cast<std::ptrdiff_t>(end - count));
    split.test.insert(split.test.end(), order.begin() + static_cast<std::ptrdiff_t>(end - count),
                      order.begin() + static_cast<std::ptrdiff_t>(end));
    start = end;
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

// Shuffled row order for k-fold; fold f is the chunk [n*f/k, n*(f+1)/k).
std::vector<uint32_t> foldOrder(std::size_t n, uint64_t seed) {
  std::vector<uint32_t> order = identity(n);
  std::mt19937_64 rng(seed);
  shuffleIndices(&order, rng);
  return order;
}

Split foldOf(const std::vector<uint32_t>& order, std::size_t k, std::size_t fold) {
  const std::size_t n = order.size();
  const std::size_t begin = n * fold / k, end = n * (fold + 1) / k;
  Split split;
  split.test.assign(order.begin() + static_cast<std::ptrdiff_t>(begin),
                    order.begin() + static_cast<std::ptrdiff_t>(end));
  split.train.reserve(n - split.test.size());
  split.train.insert(split.train.end(), order.begin(), order.begin() + static_cast<std::ptrdiff_t>(begin));
  split.train.insert(split.train.end(), order.begin() + static_cast<std::ptrdiff_t>(end), order.end());
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

Status checkK(const std::vector<Rating>& rows, std::size_t k) {
  RR_TRY(checkRows(rows, false));
  if (k < 2) return argError("k-fold needs k >= 2");
  if (k > rows.size())
    return argError("k-fold with k = " + std::to_string(k) + " needs at least k rows; there are " +
                    std::to_string(rows.size()));
  return Status::ok();
}

}  // namespace

uint64_t uniformBelow(std::mt19937_64& rng, uint64_t bound) {
  if (bound <= 1) return 0;
  // Draws below `threshold` would make the low residues more likely; 2^64 mod bound of them are rejected.
  const uint64_t threshold = (0 - bound) % bound;
  while (true) {
    const uint64_t r = rng();
    if (r >= threshold) return r % bound;
  }
}

void shuffleIndices(std::vector<uint32_t>* indices, std::mt19937_64& rng) {
  std::vector<uint32_t>& v = *indices;
  for (std::size_t i = v.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniformBelow(rng, i));
    std::swap(v[i - 1], v[j]);
  }
}

Status kFoldSplits(const std::vector<Rating>& rows, std::size_t k, uint64_t seed, std::vector<Split>* out) {
  RR_TRY(checkK(rows, k));
  const std::vector<uint32_t> order = foldOrder(rows.size(), seed);
  std::vector<Split> folds;
  folds.reserve(k);
  for (std::size_t f = 0; f < k; ++f) folds.push_back(foldOf(order, k, f));
  *out = std::move(folds);
  return Status::ok();
}

Status kFoldSplit(const std::vector<Rating>& rows, std::size_t k, std::size_t fold, uint64_t seed, Split* out) {
  RR_TRY(checkK(rows, k));
  if (fold >= k)
    return argError("fold " + std::to_string(fold) + " does not exist; folds are 0.." + std::to_string(k - 1));
  *out = foldOf(foldOrder(rows.size(), seed), k, fold);
  return Status::ok();
}

Status perUserRandomSplit(const std::vector<Rating>& rows, double testFraction, uint64_t seed, Split* out) {
  RR_TRY(checkFraction(testFraction));
  RR_TRY(checkRows(rows, false));
  // One generator walks the users in ascending order, so the split depends only on the rows and the seed.
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> group;
  *out = perUserSplit(rows, testFraction, [&](auto begin, auto end) {
    group.assign(begin, end);
    shuffleIndices(&group, rng);
    std::copy(group.begin(), group.end(), begin);
  });
  return Status::ok();
}

Status perUserTemporalSplit(const std::vector<Rating>& rows, double testFraction, Split* out) {
  RR_TRY(checkFraction(testFraction));
  RR_TRY(checkRows(rows, true));
  *out = perUserSplit(rows, testFraction, [&](auto begin, auto end) {
    // The group is in row order, so a stable sort breaks timestamp ties by row order.
    std::stable_sort(begin, end, [&](uint32_t a, uint32_t b) { return rows[a].timestamp < rows[b].timestamp; });
  });
  return Status::ok();
}

}  // namespace reelrank::eval
