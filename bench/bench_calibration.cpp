// How far calibrated re-ranking can move a list, on a MovieLens folder with
// movies.csv (genres as tags), the split of `npm run eval`'s default
// (user:0.25, seed 42, k 10). Native, so a grid of weights takes seconds:
// the model is trained once and each person's pool ranked once, then the
// core's own selectCalibrated (rank/calibration.hpp) re-ranks it.
//
//   reelrank_bench_calibration <movielens folder> [algorithm ...] [seed=N]
//
// Prints, per algorithm:
//   - the people's own held-out items, 10 drawn at random (5 seeded draws):
//     their miscalibration against the history mix, beside the plain top 10's;
//   - the share of the plain top 10's miscalibration due to the history's
//     tags the list lacks (each adds p(g) ln(1 / alpha));
//   - NDCG@10 and miscalibration for a grid of weights, with the ranker's pool
//     (max(5k, 50) = 50) and with a pool of 100 (Steck's paper re-ranks the
//     top 100), weight 1 being the lowest miscalibration the greedy reaches.
// The figures of the pool of 50 are those `npm run eval -- --calibration W`
// gives in wasm (the same code; docs/evaluation.md compares them).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "eval/eval_rows.hpp"
#include "eval/metrics.hpp"
#include "eval/splits.hpp"
#include "io/dataset_reader.hpp"
#include "models/model.hpp"
#include "rank/calibration.hpp"
#include "rank/candidates.hpp"
#include "rank/ranker.hpp"

using namespace reelrank;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool ok(const Status& s, const char* what) {
  if (s.isOk()) return true;
  std::fprintf(stderr, "%s: %s\n", what, s.message().c_str());
  return false;
}

// movies.csv as scripts/datasets.mjs reads it: the last field's genres, without "(no genres listed)".
std::vector<VideoInput> readMovies(const std::string& text) {
  std::vector<VideoInput> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find(','), last = line.rfind(',');
    if (first == std::string::npos || last <= first) continue;
    VideoInput v;
    v.id = line.substr(0, first);
    std::stringstream genres(line.substr(last + 1));
    std::string g;
    while (std::getline(genres, g, '|'))
      if (!g.empty() && g != "(no genres listed)") v.tags.push_back(g);
    out.push_back(std::move(v));
  }
  return out;
}

// The list's mix as the evaluation makes it (each listed item weighing 1, untagged ones nothing).
std::vector<double> listMix(const ItemSide& side, const std::vector<int32_t>& list, std::size_t tags) {
  std::vector<std::pair<int32_t, float>> weighted;
  for (int32_t item : list) weighted.emplace_back(item, 1.0f);
  std::vector<double> mix = tagMix(side, weighted);
  mix.resize(tags, 0.0);
  return mix;
}

struct Person {
  std::vector<Scored> pool;       // best first, kPool of them
  std::vector<int32_t> relevant;  // held-out items (model indices; unknown ones beyond the catalogue)
  std::vector<int32_t> known;     // the held-out items the model knows
  std::vector<double> history;    // historyMix of the training query
};

constexpr std::size_t kK = 10, kPool = 100;

bool run(const std::string& folder, const std::string& algorithm, uint64_t seed) {
  ReadResult data;
  if (!ok(readDataset(slurp(folder + "/ratings.csv"), DatasetFormat::MovieLens, ReadOptions{}, &data), "ratings"))
    return false;
  Catalog catalog;
  if (!ok(catalog.addMany(readMovies(slurp(folder + "/movies.csv"))), "movies")) return false;
  eval::EvalLog log;
  TrainConfig config;
  config.algorithm = algorithm;
  if (!ok(log.add(data.events, 0), "log") || !ok(log.group(config.policy), "rows")) return false;
  eval::Split split;
  if (!ok(eval::perUserRandomSplit(log.ratingRows(), 0.25, seed, &split), "split")) return false;
  Interactions trainLog;
  if (!ok(trainLog.addBatch(log.eventsOf(split.train)), "training log")) return false;
  Model model;
  if (!ok(Model::train(trainLog, &catalog, config, {}, &model), "train")) return false;
  const ItemSide& side = model.side();
  const std::size_t tags = side.tags.idf.size(), items = model.itemCount();

  const auto& rows = log.rows();
  const std::size_t users = log.users().size();
  std::vector<int32_t> modelItem(log.items().size());
  for (std::size_t i = 0; i < modelItem.size(); ++i)
    modelItem[i] = side.catalog.items().find(log.items().name(static_cast<int32_t>(i)));
  std::vector<std::vector<int32_t>> trained(users);
  std::vector<std::vector<uint32_t>> held(users);
  for (uint32_t r : split.train)
    trained[static_cast<std::size_t>(rows[r].user)].push_back(modelItem[static_cast<std::size_t>(rows[r].item)]);
  for (uint32_t r : split.test) held[static_cast<std::size_t>(rows[r].user)].push_back(r);

  std::vector<Person> people;
  for (std::size_t u = 0; u < users; ++u) {
    Person who;
    for (uint32_t r : held[u]) {
      if (!rows[r].relevant) continue;
      const int32_t m = modelItem[static_cast<std::size_t>(rows[r].item)];
      who.relevant.push_back(m >= 0 ? m : static_cast<int32_t>(items) + rows[r].item);
      if (m >= 0) who.known.push_back(m);
    }
    if (who.relevant.empty()) continue;
    const int32_t mu = side.users.find(log.users().name(static_cast<int32_t>(u)));
    const Query q = mu >= 0 ? model.queryForUserIndex(mu) : Query{};
    RankRequest req;  // the plain ranking, its first kPool: the pool of every re-ranking below
    req.k = kPool;
    req.exclude = trained[u];
    req.explain = false;
    std::vector<Recommendation> recs;
    if (!ok(rankItems(side, model.algorithm(), model.blend(), q, req, &recs), "rank")) return false;
    for (const Recommendation& r : recs) who.pool.emplace_back(r.score, r.item);
    who.history = historyMix(side, q);
    people.push_back(std::move(who));
  }

  // The people's own held-out items, and the missing tags of the plain top 10.
  std::mt19937_64 rng(7);
  double ownSum = 0, plainSum = 0, missingSum = 0, missingMass = 0;
  std::size_t own = 0, plain = 0;
  for (Person& who : people) {
    std::vector<int32_t> known = who.known;
    for (int draw = 0; draw < 5; ++draw) {
      std::shuffle(known.begin(), known.end(), rng);
      const std::vector<int32_t> ten(known.begin(), known.begin() + static_cast<long>(std::min(kK, known.size())));
      const double kl = miscalibration(who.history, listMix(side, ten, tags));
      if (std::isnan(kl)) continue;
      ownSum += kl;
      ++own;
    }
    std::vector<int32_t> top;
    for (std::size_t at = 0; at < std::min(kK, who.pool.size()); ++at) top.push_back(who.pool[at].second);
    const std::vector<double> q = listMix(side, top, tags);
    const double kl = miscalibration(who.history, q);
    if (std::isnan(kl)) continue;
    plainSum += kl;
    ++plain;
    for (std::size_t g = 0; g < tags; ++g)
      if (who.history[g] > 0 && q[g] == 0) {
        missingMass += who.history[g];
        missingSum += who.history[g] * std::log(1.0 / kCalibrationAlpha);
      }
  }
  std::printf(
      "%s: %zu people; 10 of their own held-out items: miscalibration %.4f; plain top 10: %.4f, of it %.4f "
      "from the history's tags the list lacks (%.3f of the history's mix)\n",
      algorithm.c_str(), people.size(), ownSum / static_cast<double>(own), plainSum / static_cast<double>(plain),
      missingSum / static_cast<double>(plain), missingMass / static_cast<double>(plain));

  std::printf("| pool | W | NDCG@10 | miscalibration |\n|---:|---:|---:|---:|\n");
  for (std::size_t poolSize : {std::size_t{50}, kPool}) {
    for (double w : {0.0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}) {
      double ndcg = 0, kl = 0;
      std::size_t measured = 0;
      for (const Person& who : people) {
        const std::vector<Scored> pool(who.pool.begin(),
                                       who.pool.begin() + static_cast<long>(std::min(poolSize, who.pool.size())));
        CreatorCap cap(0);
        std::vector<int32_t> list;
        for (const Scored& s : selectCalibrated(side, pool, kK, w, 0.0, who.history, cap)) list.push_back(s.second);
        eval::RankingScores s;
        if (!ok(eval::scoreRanking(list, who.relevant, kK, &s), "score")) return false;
        ndcg += s.ndcg;
        const double x = miscalibration(who.history, listMix(side, list, tags));
        if (std::isnan(x)) continue;
        kl += x;
        ++measured;
      }
      std::printf("| %zu | %.2f | %.4f | %.4f |\n", poolSize, w, ndcg / static_cast<double>(people.size()),
                  kl / static_cast<double>(measured));
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: reelrank_bench_calibration <movielens folder> [algorithm ...] [seed=N]\n");
    return 2;
  }
  std::vector<std::string> algorithms;
  uint64_t seed = 42;
  for (int a = 2; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg.rfind("seed=", 0) == 0)
      seed = std::stoull(arg.substr(5));
    else
      algorithms.push_back(arg);
  }
  if (algorithms.empty()) algorithms = {"popularity", "itemknn", "ease", "ials"};
  for (const std::string& algorithm : algorithms)
    if (!run(argv[1], algorithm, seed)) return 1;
  return 0;
}
