// Evaluation core: dataset readers, splits and metrics. Expected values are
// worked out by hand in the comments.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/id_map.hpp"
#include "data/interactions.hpp"
#include "eval/metrics.hpp"
#include "eval/splits.hpp"
#include "io/dataset_reader.hpp"

using namespace reelrank;
using namespace reelrank::eval;
using Catch::Matchers::Contains;

namespace {

ReadResult mustRead(std::string_view text, DatasetFormat format, ReadOptions options = {}) {
  ReadResult r;
  Status s = readDataset(text, format, options, &r);
  INFO(s.message());
  REQUIRE(s.isOk());
  return r;
}

Status readStatus(std::string_view text, DatasetFormat format, ReadOptions options = {}) {
  ReadResult r;
  r.lines = 77;  // a failed read must leave this alone
  Status s = readDataset(text, format, options, &r);
  if (!s.isOk()) {
    CHECK(r.lines == 77);
    CHECK(r.events.types.empty());
  }
  return s;
}

std::vector<std::string> ids(const std::string& joined) {
  std::vector<std::string> out;
  for (auto v : splitIds(joined)) out.emplace_back(v);
  return out;
}

std::vector<EventType> types(const EventBatch& b) {
  std::vector<EventType> out;
  for (uint8_t t : b.types) out.push_back(static_cast<EventType>(t));
  return out;
}

constexpr const char* kKuaiRandHeader =
    "user_id\tvideo_id\tdate\thourmin\ttime_ms\tis_click\tis_follow\tis_comment\tis_forward\tlong_view\t"
    "play_time_ms\tduration_ms\tcomment_stay_time\tis_profile_enter\tlabel\ttimestamp\n";

}  // namespace

// ---------------------------------------------------------------- readers

TEST_CASE("dataset format names", "[eval][reader]") {
  DatasetFormat f = DatasetFormat::Csv;
  REQUIRE(parseDatasetFormat("movielens", &f));
  CHECK(f == DatasetFormat::MovieLens);
  REQUIRE(parseDatasetFormat("kuairand", &f));
  CHECK(f == DatasetFormat::KuaiRand);
  REQUIRE(parseDatasetFormat("tsv", &f));
  CHECK(f == DatasetFormat::Tsv);
  REQUIRE(parseDatasetFormat("csv", &f));
  CHECK(f == DatasetFormat::Csv);
  CHECK_FALSE(parseDatasetFormat("xml", &f));
  CHECK(f == DatasetFormat::Csv);
  CHECK(std::string(datasetFormatName(DatasetFormat::KuaiRand)) == "kuairand");
}

TEST_CASE("MovieLens ratings.csv with header, CRLF, a blank line and no final newline", "[eval][reader]") {
  const ReadResult r =
      mustRead("userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.5,964981247\r\n\r\n2,1,3,964982224",
               DatasetFormat::MovieLens);
  CHECK(r.lines == 3);
  CHECK(r.skipped == 0);
  CHECK(ids(r.events.users) == std::vector<std::string>{"1", "1", "2"});
  CHECK(ids(r.events.items) == std::vector<std::string>{"1", "3", "1"});
  CHECK(types(r.events) == std::vector<EventType>(3, EventType::Rating));
  CHECK(r.events.values == std::vector<double>{4.0, 4.5, 3.0});
  CHECK(r.events.timestamps == std::vector<double>{964982703, 964981247, 964982224});
  CHECK(r.events.durations == std::vector<double>{0, 0, 0});
}

TEST_CASE("MovieLens u.data and ratings.dat layouts", "[eval][reader]") {
  const ReadResult udata = mustRead("196\t242\t3\t881250949\n186\t302\t3\t891717742\n", DatasetFormat::MovieLens);
  CHECK(ids(udata.events.users) == std::vector<std::string>{"196", "186"});
  CHECK(ids(udata.events.items) == std::vector<std::string>{"242", "302"});
  CHECK(udata.events.timestamps == std::vector<double>{881250949, 891717742});

  const ReadResult dat = mustRead("1::1193::5::978300760\n1::661::3::978302109\n", DatasetFormat::MovieLens);
  CHECK(ids(dat.events.items) == std::vector<std::string>{"1193", "661"});
  CHECK(dat.events.values == std::vector<double>{5, 3});

  Status s = readStatus("hello world\n", DatasetFormat::MovieLens);
  CHECK(s.code() == ErrorCode::Arg);
  CHECK_THAT(s.message(), Contains("line 1") && Contains("MovieLens"));
  // Unrecognisable even with skipBad: no line could be read.
  CHECK(readStatus("hello world\n", DatasetFormat::MovieLens, ReadOptions{true, 10}).code() == ErrorCode::Arg);
  // ratings.dat needs all four fields.
  s = readStatus("1::1193::5::978300760\n1::661::3\n", DatasetFormat::MovieLens);
  CHECK(s.message() == "line 2: expected 4 fields, found 3");
}

TEST_CASE("generic CSV: header detection, optional timestamp, quotes", "[eval][reader]") {
  // "score" is not a number, so line 1 is a header; no timestamp column -> 0.
  ReadResult r = mustRead("user,item,score\nu1,i1,5\nu2,i2,3.5\n", DatasetFormat::Csv);
  CHECK(r.lines == 2);
  CHECK(ids(r.events.users) == std::vector<std::string>{"u1", "u2"});
  CHECK(r.events.values == std::vector<double>{5, 3.5});
  CHECK(r.events.timestamps == std::vector<double>{0, 0});

  // No header: the first line is data.
  r = mustRead("u1,i1,5,100\nu2,i2,-1.5e0,200\n", DatasetFormat::Csv);
  CHECK(r.lines == 2);
  CHECK(r.events.values == std::vector<double>{5, -1.5});
  CHECK(r.events.timestamps == std::vector<double>{100, 200});

  // Quoted fields keep their commas, "" is a quote; spaces around fields go.
  r = mustRead("\"Smith, J\",\"say \"\"hi\"\"\",4\n u2 , i2 , 2 \n", DatasetFormat::Csv);
  CHECK(ids(r.events.users) == std::vector<std::string>{"Smith, J", "u2"});
  CHECK(ids(r.events.items) == std::vector<std::string>{"say \"hi\"", "i2"});
  CHECK(readStatus("\"open,i1,4\n", DatasetFormat::Csv).message() == "line 1: a quoted field has no closing quote");

  // A UTF-8 byte order mark is not part of the first id.
  r = mustRead("\xEF\xBB\xBFu1,i1,5\n", DatasetFormat::Csv);
  CHECK(ids(r.events.users) == std::vector<std::string>{"u1"});

  // Only the first line may be a header.
  CHECK(readStatus("u1,i1,5\nuser,item,score\n", DatasetFormat::Csv).message() ==
        "line 2: value 'score' is not a number");
}

TEST_CASE("generic TSV with header and CRLF", "[eval][reader]") {
  const ReadResult r = mustRead("user\titem\tvalue\ttime\r\nu1\ti1\t2.5\t10\r\nu1\ti2\t1\t11\r\n", DatasetFormat::Tsv);
  CHECK(r.lines == 2);
  CHECK(ids(r.events.items) == std::vector<std::string>{"i1", "i2"});
  CHECK(r.events.values == std::vector<double>{2.5, 1});
  CHECK(r.events.timestamps == std::vector<double>{10, 11});
}

TEST_CASE("malformed lines: the error names the line; skipBad counts them", "[eval][reader]") {
  const std::string text =
      "u1,i1,5,100\n"     // 1 ok
      "u2,i2,3\n"         // 2 three fields where the file has four
      "u3,i3,x,300\n"     // 3 not a number
      "u4,i4,nan,400\n"   // 4 not finite
      ",i5,1,500\n"       // 5 empty user id
      "u6,i6,2,1e999\n"   // 6 overflows to infinity
      "\n"                // 7 blank: fine
      "u8,i8,2,800\r\n";  // 8 ok
  Status s = readStatus(text, DatasetFormat::Csv);
  CHECK(s.code() == ErrorCode::Arg);
  CHECK(s.message() == "line 2: expected 4 fields, found 3");

  ReadResult r = mustRead(text, DatasetFormat::Csv, ReadOptions{true, 10});
  CHECK(r.lines == 2);
  CHECK(r.skipped == 5);
  CHECK(ids(r.events.users) == std::vector<std::string>{"u1", "u8"});
  REQUIRE(r.warnings.size() == 5);
  CHECK(r.warnings[0] == "line 2: expected 4 fields, found 3");
  CHECK(r.warnings[1] == "line 3: value 'x' is not a number");
  CHECK(r.warnings[2] == "line 4: value 'nan' is not a finite number");
  CHECK(r.warnings[3] == "line 5: user id must be a non-empty string");
  CHECK(r.warnings[4] == "line 6: timestamp '1e999' is not a finite number");

  r = mustRead(text, DatasetFormat::Csv, ReadOptions{true, 2});
  CHECK(r.skipped == 5);
  CHECK(r.warnings.size() == 2);

  // A first line with the wrong number of fields.
  CHECK(readStatus("a,b\n", DatasetFormat::Csv).message() ==
        "line 1: expected 3 or 4 fields (user, item, value[, timestamp]), found 2");
  // Ids over the length limit are rejected like empty ones.
  CHECK_THAT(readStatus(std::string(300, 'u') + ",i,1\n", DatasetFormat::Csv).message(), Contains("line 1: user id"));
}

TEST_CASE("KuaiRand rows map to view + engagement events", "[eval][reader]") {
  const std::string text = std::string(kKuaiRandHeader) +
                           // liked, followed, commented; 46.186 s watched of a 45.916 s video
                           "111\t3892024\t20220410\t1700\t1649581149287\t1\t1\t1\t0\t1\t46186\t45916\t7639\t0\t1\t"
                           "2022-04-10 08:59:09\n"
                           // hated and forwarded; duration unknown (0)
                           "112\t2629583\t20220411\t1600\t1649664552983\t1\t0\t0\t1\t0\t14549\t0\t5045\t0\t0\t"
                           "2022-04-11 08:09:12\n";
  const ReadResult r = mustRead(text, DatasetFormat::KuaiRand);
  CHECK(r.lines == 2);
  CHECK(types(r.events) == std::vector<EventType>{EventType::View, EventType::Like, EventType::Follow,
                                                  EventType::Comment, EventType::View, EventType::Dislike,
                                                  EventType::Share});
  CHECK(ids(r.events.users) == std::vector<std::string>{"111", "111", "111", "111", "112", "112", "112"});
  CHECK(ids(r.events.items)[0] == "3892024");
  CHECK(r.events.values[0] == Approx(46.186));
  CHECK(r.events.durations[0] == Approx(45.916));
  CHECK(r.events.timestamps[0] == Approx(1649581149.287));
  CHECK(r.events.values[1] == 0);  // engagement events carry no value
  CHECK(r.events.timestamps[3] == r.events.timestamps[0]);
  CHECK(r.events.values[4] == Approx(14.549));
  CHECK(r.events.durations[4] == 0);

  // The batch is what Interactions accepts.
  Interactions log;
  REQUIRE(log.addBatch(r.events).isOk());
  CHECK(log.eventCount() == 7);
  CHECK(log.users().size() == 2);

  // Without a header the 16-column layout is assumed.
  const ReadResult bare =
      mustRead("111\t3892024\t20220410\t1700\t1649581149287\t1\t0\t0\t0\t1\t46186\t45916\t7639\t0\t1\tx\n",
               DatasetFormat::KuaiRand);
  CHECK(types(bare.events) == std::vector<EventType>{EventType::View, EventType::Like});
}

TEST_CASE("KuaiRand header by column name, raw is_like/is_hate logs, malformed rows", "[eval][reader]") {
  // Columns reordered and a raw-log style like/hate pair.
  const ReadResult raw = mustRead(
      "video_id\tuser_id\ttime_ms\tis_like\tis_hate\tis_follow\tis_comment\tis_forward\tplay_time_ms\tduration_ms\n"
      "7\t3\t1000\t0\t1\t0\t0\t0\t500\t1000\n",
      DatasetFormat::KuaiRand);
  CHECK(ids(raw.events.users) == std::vector<std::string>{"3", "3"});
  CHECK(ids(raw.events.items) == std::vector<std::string>{"7", "7"});
  CHECK(types(raw.events) == std::vector<EventType>{EventType::View, EventType::Dislike});
  CHECK(raw.events.values[0] == 0.5);
  CHECK(raw.events.durations[0] == 1.0);
  CHECK(raw.events.timestamps[0] == 1.0);

  // A header without a needed column is fatal even with skipBad.
  Status s = readStatus("user_id\tvideo_id\ttime_ms\n", DatasetFormat::KuaiRand, ReadOptions{true, 10});
  CHECK(s.code() == ErrorCode::Arg);
  CHECK(s.message() == "line 1: the KuaiRand header has no 'is_follow' column");

  const std::string bad = std::string(kKuaiRandHeader) +
                          "1\t2\t0\t0\t1000\t1\t0\t0\t0\t0\t100\t200\t0\t0\t1\tt\n"  // 2 ok
                          "1\t2\t0\t0\t1000\t1\t0\t0\t0\t0\t-5\t200\t0\t0\t1\tt\n"   // 3 negative play time
                          "1\t2\t0\t0\t1000\t1\t0\t0\t0\t0\t100\t200\t0\t0\t1\n"     // 4 15 fields
                          "1\t2\t0\t0\t1000\t1\t0\t0\t0\t0\t100\t200\t0\t0\t2\tt\n"  // 5 label 2
                          "1\t2\t0\t0\t1000\t1\t0\t0\t0\t0\t100\t-1\t0\t0\t1\tt\n";  // 6 negative duration
  s = readStatus(bad, DatasetFormat::KuaiRand);
  CHECK(s.message() == "line 3: play_time_ms '-5' is negative");
  const ReadResult skipped = mustRead(bad, DatasetFormat::KuaiRand, ReadOptions{true, 10});
  CHECK(skipped.lines == 1);
  CHECK(skipped.skipped == 4);
  REQUIRE(skipped.warnings.size() == 4);
  CHECK(skipped.warnings[1] == "line 4: expected 16 fields, found 15");
  CHECK(skipped.warnings[2] == "line 5: label must be 0 or 1, found '2'");
  CHECK(skipped.warnings[3] == "line 6: duration_ms '-1' is negative");
}

TEST_CASE("readers accept empty input and survive arbitrary bytes", "[eval][reader]") {
  for (DatasetFormat f : {DatasetFormat::MovieLens, DatasetFormat::Csv, DatasetFormat::Tsv, DatasetFormat::KuaiRand}) {
    CHECK(mustRead("", f).events.types.empty());
    CHECK(mustRead("\n\r\n  \n", f).lines == 0);
  }
  // Random short texts over an alphabet rich in separators: every call must
  // return (ok or E_ARG), and every batch must be internally consistent.
  std::mt19937_64 rng(7);
  static const char kAlphabet[] = "01239.-e,\t:\"\r\n x\0";  // the NUL too
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  for (int round = 0; round < 3000; ++round) {
    std::string text(static_cast<std::size_t>(rng() % 60), ' ');
    for (char& c : text) c = alphabet[static_cast<std::size_t>(rng() % alphabet.size())];
    for (DatasetFormat f :
         {DatasetFormat::MovieLens, DatasetFormat::Csv, DatasetFormat::Tsv, DatasetFormat::KuaiRand}) {
      for (bool skipBad : {false, true}) {
        ReadResult r;
        Status s = readDataset(text, f, ReadOptions{skipBad, 3}, &r);
        REQUIRE((s.isOk() || s.code() == ErrorCode::Arg));
        if (!s.isOk()) continue;
        const std::size_t n = r.events.types.size();
        REQUIRE(splitIds(r.events.users).size() == n);
        REQUIRE(splitIds(r.events.items).size() == n);
        REQUIRE(r.events.values.size() == n);
        Interactions log;
        REQUIRE(log.addBatch(r.events).isOk());
      }
    }
  }
}

// ---------------------------------------------------------------- splits

namespace {

// Users with 8, 4, 3, 10 and 1 rows, interleaved round-robin (26 rows).
std::vector<Rating> sampleRows() {
  int left[] = {8, 4, 3, 10, 1};
  std::vector<Rating> rows;
  while (rows.size() < 26) {
    for (int32_t u = 0; u < 5; ++u) {
      if (left[u] == 0) continue;
      --left[u];
      const auto n = static_cast<int32_t>(rows.size());
      rows.push_back(Rating{u, n % 7, 1.0f, static_cast<double>((37 * n) % 23)});
    }
  }
  return rows;
}

std::vector<Rating> gridRows(int32_t users, int32_t perUser) {
  std::vector<Rating> rows;
  for (int32_t i = 0; i < perUser; ++i)
    for (int32_t u = 0; u < users; ++u) rows.push_back(Rating{u, i, 1.0f, static_cast<double>(i)});
  return rows;
}

// Train and test ascending, disjoint, and together every row once.
void checkPartition(const Split& s, std::size_t rows) {
  CHECK(std::is_sorted(s.train.begin(), s.train.end()));
  CHECK(std::is_sorted(s.test.begin(), s.test.end()));
  std::vector<uint32_t> all = s.train;
  all.insert(all.end(), s.test.begin(), s.test.end());
  std::sort(all.begin(), all.end());
  std::vector<uint32_t> expected(rows);
  for (std::size_t i = 0; i < rows; ++i) expected[i] = static_cast<uint32_t>(i);
  CHECK(all == expected);
}

std::map<int32_t, std::size_t> testCountByUser(const std::vector<Rating>& rows, const Split& s) {
  std::map<int32_t, std::size_t> out;
  for (uint32_t r : s.test) ++out[rows[r].user];
  return out;
}

}  // namespace

TEST_CASE("shuffles are Fisher-Yates over mt19937_64, identical on every platform", "[eval][split]") {
  std::mt19937_64 rng(42);
  std::vector<uint32_t> v(10);
  for (uint32_t i = 0; i < 10; ++i) v[i] = i;
  shuffleIndices(&v, rng);
  // Pinned (checked against an independent MT19937-64 + Fisher-Yates in Python):
  // the wasm build must produce the same permutation.
  CHECK(v == std::vector<uint32_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6});
  std::mt19937_64 a(5), b(5);
  for (uint64_t bound : {1ull, 2ull, 3ull, 7ull, 1000ull, (1ull << 63) + 1}) {
    const uint64_t x = uniformBelow(a, bound);
    CHECK(x < bound);
    CHECK(x == uniformBelow(b, bound));
  }
}

TEST_CASE("k-fold: folds partition the rows, deterministic under a seed", "[eval][split]") {
  const std::vector<Rating> rows = sampleRows();
  std::vector<Split> folds;
  REQUIRE(kFoldSplits(rows, 3, 11, &folds).isOk());
  REQUIRE(folds.size() == 3);
  // 26 rows in 3 folds: chunks [0,8), [8,17), [17,26) -> 8, 9, 9 test rows.
  CHECK(folds[0].test.size() == 8);
  CHECK(folds[1].test.size() == 9);
  CHECK(folds[2].test.size() == 9);
  std::vector<uint32_t> everyTest;
  for (const Split& f : folds) {
    checkPartition(f, rows.size());
    everyTest.insert(everyTest.end(), f.test.begin(), f.test.end());
  }
  std::sort(everyTest.begin(), everyTest.end());
  CHECK(std::adjacent_find(everyTest.begin(), everyTest.end()) == everyTest.end());  // each row tested once
  CHECK(everyTest.size() == rows.size());

  Split one;
  REQUIRE(kFoldSplit(rows, 3, 1, 11, &one).isOk());
  CHECK(one.test == folds[1].test);
  CHECK(one.train == folds[1].train);
  std::vector<Split> again, other;
  REQUIRE(kFoldSplits(rows, 3, 11, &again).isOk());
  REQUIRE(kFoldSplits(rows, 3, 12, &other).isOk());
  CHECK(again[0].test == folds[0].test);
  CHECK(other[0].test != folds[0].test);

  CHECK(kFoldSplits(rows, 1, 11, &folds).code() == ErrorCode::Arg);
  CHECK(kFoldSplits(rows, 27, 11, &folds).code() == ErrorCode::Arg);
  CHECK(kFoldSplit(rows, 3, 3, 11, &one).code() == ErrorCode::Arg);
  CHECK(kFoldSplits({}, 2, 11, &folds).code() == ErrorCode::Empty);
  CHECK(folds.size() == 3);  // untouched by the failed calls
}

TEST_CASE("per-user random split: stratified, small users in train, seeded", "[eval][split]") {
  const std::vector<Rating> rows = sampleRows();
  Split s;
  REQUIRE(perUserRandomSplit(rows, 0.25, 3, &s).isOk());
  checkPartition(s, rows.size());
  // round(0.25 n): 8 -> 2, 4 -> 1, 10 -> round(2.5) = 3; 3 and 1 rows (< 4) -> none.
  const std::map<int32_t, std::size_t> expected{{0, 2}, {1, 1}, {3, 3}};
  CHECK(testCountByUser(rows, s) == expected);

  // At most n - 1 rows leave: 4 rows at 0.9 -> round(3.6) = 4, capped to 3.
  REQUIRE(perUserRandomSplit(rows, 0.9, 3, &s).isOk());
  CHECK(testCountByUser(rows, s)[1] == 3);

  const std::vector<Rating> grid = gridRows(40, 12);
  Split a, b, c;
  REQUIRE(perUserRandomSplit(grid, 0.25, 1, &a).isOk());
  REQUIRE(perUserRandomSplit(grid, 0.25, 1, &b).isOk());
  REQUIRE(perUserRandomSplit(grid, 0.25, 2, &c).isOk());
  CHECK(a.test == b.test);
  CHECK(a.test != c.test);
  CHECK(a.test.size() == 40 * 3);

  for (double bad : {0.0, 1.0, -0.5, std::nan("")})
    CHECK(perUserRandomSplit(rows, bad, 1, &s).code() == ErrorCode::Arg);
  std::vector<Rating> negative = rows;
  negative[3].user = -1;
  CHECK(perUserRandomSplit(negative, 0.25, 1, &s).code() == ErrorCode::Arg);
}

TEST_CASE("per-user temporal split: each user's latest rows are the test rows", "[eval][split]") {
  const std::vector<Rating> rows = sampleRows();
  Split s;
  REQUIRE(perUserTemporalSplit(rows, 0.25, &s).isOk());
  checkPartition(s, rows.size());
  CHECK(testCountByUser(rows, s) == std::map<int32_t, std::size_t>{{0, 2}, {1, 1}, {3, 3}});
  std::map<int32_t, double> latestTrain, earliestTest;
  for (uint32_t r : s.train) latestTrain[rows[r].user] = std::max(latestTrain[rows[r].user], rows[r].timestamp);
  for (uint32_t r : s.test) {
    auto it = earliestTest.find(rows[r].user);
    earliestTest[rows[r].user] = it == earliestTest.end() ? rows[r].timestamp : std::min(it->second, rows[r].timestamp);
  }
  for (const auto& [user, t] : earliestTest) CHECK(t >= latestTrain[user]);

  // Ties by row order: timestamps 5, 1, 9, 9, 3 -> order 1, 3, 5, 9 (row 2), 9 (row 3);
  // round(0.25 * 5) = 1 test row: row 3, the later of the two 9s.
  const std::vector<Rating> tie{{0, 0, 1, 5}, {0, 1, 1, 1}, {0, 2, 1, 9}, {0, 3, 1, 9}, {0, 4, 1, 3}};
  REQUIRE(perUserTemporalSplit(tie, 0.25, &s).isOk());
  CHECK(s.test == std::vector<uint32_t>{3});
  CHECK(s.train == std::vector<uint32_t>{0, 1, 2, 4});
  // 0.5 * 5 = 2.5 -> 3 rows: 5, 9, 9.
  REQUIRE(perUserTemporalSplit(tie, 0.5, &s).isOk());
  CHECK(s.test == std::vector<uint32_t>{0, 2, 3});

  std::vector<Rating> nanTime = tie;
  nanTime[1].timestamp = std::nan("");
  CHECK(perUserTemporalSplit(nanTime, 0.25, &s).code() == ErrorCode::Arg);
  CHECK(s.test == std::vector<uint32_t>{0, 2, 3});  // untouched
}

// ---------------------------------------------------------------- metrics

TEST_CASE("ranking metrics: worked example", "[eval][metrics]") {
  // ranking [a,b,c,d,e] = [0,1,2,3,4], test {b,e,z} = {1,4,99}; hits at ranks 2 and 5.
  RankingScores s;
  REQUIRE(scoreRanking({0, 1, 2, 3, 4}, {1, 4, 99}, 5, &s).isOk());
  CHECK(s.hits == 2);
  CHECK(s.precision == Approx(2.0 / 5));
  CHECK(s.recall == Approx(2.0 / 3));
  const double dcg = 1 / std::log2(3.0) + 1 / std::log2(6.0);
  const double idcg = 1 + 1 / std::log2(3.0) + 1 / std::log2(4.0);  // min(3, 5) = 3 ideal hits
  CHECK(s.ndcg == Approx(dcg / idcg));
  CHECK(s.averagePrecision == Approx((1.0 / 3) * (1.0 / 2 + 2.0 / 5)));  // P@2 = 1/2, P@5 = 2/5
  CHECK(s.hitRate == 1);
  CHECK(s.reciprocalRank == Approx(0.5));
}

TEST_CASE("ranking metrics: short lists, fewer test items than k, repeats, truncation", "[eval][metrics]") {
  RankingScores s;
  // List [3, 7] shorter than k = 5, test {7}: one hit at rank 2.
  // P = 1/5 (the requested k), R = 1, NDCG = (1/log2 3) / 1, MAP = (1/min(1,5)) * P@2 = 1/2.
  REQUIRE(scoreRanking({3, 7}, {7}, 5, &s).isOk());
  CHECK(s.precision == Approx(0.2));
  CHECK(s.recall == Approx(1.0));
  CHECK(s.ndcg == Approx(1 / std::log2(3.0)));
  CHECK(s.averagePrecision == Approx(0.5));
  CHECK(s.reciprocalRank == Approx(0.5));

  // Repeats: list [b, b, c, b], test {b, b, c} = {b, c}, k = 4. Only the first b
  // and c are hits (ranks 1 and 3). P = 2/4, R = 2/2, DCG = 1 + 1/log2 4 = 1.5,
  // IDCG = 1 + 1/log2 3, MAP = (1/2)(1/1 + 2/3), MRR = 1.
  REQUIRE(scoreRanking({1, 1, 2, 1}, {1, 1, 2}, 4, &s).isOk());
  CHECK(s.hits == 2);
  CHECK(s.precision == Approx(0.5));
  CHECK(s.recall == Approx(1.0));
  CHECK(s.ndcg == Approx(1.5 / (1 + 1 / std::log2(3.0))));
  CHECK(s.averagePrecision == Approx(0.5 * (1 + 2.0 / 3)));
  CHECK(s.reciprocalRank == 1);

  // Only the first k entries count: b at rank 3 of [x, y, b] with k = 2 is a miss.
  REQUIRE(scoreRanking({8, 9, 1}, {1}, 2, &s).isOk());
  CHECK(s.hits == 0);
  CHECK(s.precision == 0);
  CHECK(s.ndcg == 0);
  CHECK(s.averagePrecision == 0);
  CHECK(s.hitRate == 0);
  CHECK(s.reciprocalRank == 0);

  // More test items than k: the ideal list is k long. [a, b], k = 2, test {a,b,c,d}:
  // P = 1, R = 1/2, NDCG = 1, MAP = (1/2)(1 + 1) = 1.
  REQUIRE(scoreRanking({0, 1}, {0, 1, 2, 3}, 2, &s).isOk());
  CHECK(s.precision == 1);
  CHECK(s.recall == Approx(0.5));
  CHECK(s.ndcg == Approx(1.0));
  CHECK(s.averagePrecision == Approx(1.0));

  CHECK(scoreRanking({0}, {0}, 0, &s).code() == ErrorCode::Arg);
  CHECK(scoreRanking({0}, {}, 3, &s).code() == ErrorCode::Empty);
  CHECK(s.precision == 1);  // untouched
}

TEST_CASE("TopNMetrics averages over users with test items, plus coverage, popularity, diversity", "[eval][metrics]") {
  TopNOptions o;
  o.k = 3;
  o.itemCount = 6;
  o.popularity = {10, 5, 3, 1, 0, 2};
  o.itemTags = {{0, 1}, {1}, {2}, {}, {0}, {1, 0, 1}};
  TopNMetrics m;
  REQUIRE(TopNMetrics::create(o, &m).isOk());
  // A: [0,1,2], test {1}: P 1/3, R 1, NDCG 1/log2 3, MAP 1/2, HR 1, MRR 1/2.
  REQUIRE(m.add({0, 1, 2}, {1}).isOk());
  // B: [3,4,0] (4th entry ignored), test {5}: all 0.
  REQUIRE(m.add({3, 4, 0, 5}, {5}).isOk());
  // C: no test items: left out of everything, coverage included.
  REQUIRE(m.add({5}, {}).isOk());
  // Out of the catalogue: rejected, nothing recorded.
  CHECK(m.add({0, 6}, {1}).code() == ErrorCode::Arg);

  const TopNSummary t = m.summary();
  CHECK(t.users == 2);
  CHECK(t.skippedUsers == 1);
  CHECK(t.precision == Approx((1.0 / 3) / 2));
  CHECK(t.recall == Approx(0.5));
  CHECK(t.ndcg == Approx(1 / std::log2(3.0) / 2));
  CHECK(t.map == Approx(0.25));
  CHECK(t.hitRate == Approx(0.5));
  CHECK(t.mrr == Approx(0.25));
  // Items recommended: {0,1,2} and {3,4,0} -> 5 of 6.
  CHECK(t.coverage == Approx(5.0 / 6));
  // Slots: 10+5+3 and 1+0+10 over 6 slots.
  CHECK(t.averagePopularity == Approx(29.0 / 6));
  // A: tags {0,1},{1},{2}: d(0,1) = 1 - 1/sqrt(2), d(0,2) = d(1,2) = 1 -> mean (3 - 1/sqrt 2)/3.
  // B: item 3 untagged, so only the pair (4 {0}, 0 {0,1}): 1 - 1/sqrt(2).
  const double ildA = (3 - 1 / std::sqrt(2.0)) / 3, ildB = 1 - 1 / std::sqrt(2.0);
  CHECK(t.diversity == Approx((ildA + ildB) / 2));
  CHECK(t.diversityUsers == 2);

  // The same tags through a callback give the same diversity.
  TopNOptions viaCallback;
  viaCallback.k = 3;
  viaCallback.itemCount = 6;
  viaCallback.tagsOf = [&](int32_t item, std::vector<int32_t>* tags) {
    *tags = o.itemTags[static_cast<std::size_t>(item)];
  };
  TopNMetrics c;
  REQUIRE(TopNMetrics::create(viaCallback, &c).isOk());
  REQUIRE(c.add({0, 1, 2}, {1}).isOk());
  REQUIRE(c.add({3, 4, 0}, {5}).isOk());
  CHECK(c.summary().diversity == Approx(t.diversity));
  CHECK(std::isnan(c.summary().averagePopularity));  // no popularity given

  TopNMetrics none;
  CHECK(none.add({0}, {0}).code() == ErrorCode::State);
  REQUIRE(TopNMetrics::create(viaCallback, &none).isOk());
  CHECK(std::isnan(none.summary().ndcg));  // nobody counted yet
  TopNOptions bad = o;
  bad.k = 0;
  CHECK(TopNMetrics::create(bad, &none).code() == ErrorCode::Arg);
  bad = o;
  bad.popularity.pop_back();
  CHECK(TopNMetrics::create(bad, &none).code() == ErrorCode::Arg);
  bad = o;
  bad.popularity[0] = -1;
  CHECK(TopNMetrics::create(bad, &none).code() == ErrorCode::Arg);
}

TEST_CASE("training popularity counts training rows per item", "[eval][metrics]") {
  const std::vector<Rating> rows{{0, 2, 1, 0}, {1, 2, 1, 0}, {1, 0, 1, 0}, {2, 2, 1, 0}};
  std::vector<double> p;
  REQUIRE(trainingPopularity(rows, {0, 1, 2}, 3, &p).isOk());
  CHECK(p == std::vector<double>{1, 0, 2});
  CHECK(trainingPopularity(rows, {4}, 3, &p).code() == ErrorCode::Arg);
  CHECK(trainingPopularity(rows, {0}, 2, &p).code() == ErrorCode::Arg);
  CHECK(p == std::vector<double>{1, 0, 2});
}

TEST_CASE("RMSE and MAE skip NaN predictions", "[eval][metrics]") {
  RatingErrorMetrics e;
  CHECK(std::isnan(e.rmse()));
  CHECK(std::isnan(e.mae()));
  // Errors -1, +2, 0; the NaN pair is unpredicted.
  REQUIRE(e.add(3, 4).isOk());
  REQUIRE(e.add(5, 3).isOk());
  REQUIRE(e.add(std::nan(""), 2).isOk());
  REQUIRE(e.add(4, 4).isOk());
  CHECK(e.count() == 3);
  CHECK(e.unpredicted() == 1);
  CHECK(e.rmse() == Approx(std::sqrt(5.0 / 3)));
  CHECK(e.mae() == Approx(1.0));
  CHECK(e.add(1, std::nan("")).code() == ErrorCode::Arg);
  CHECK(e.add(HUGE_VAL, 1).code() == ErrorCode::Arg);
  CHECK(e.count() == 3);
}
