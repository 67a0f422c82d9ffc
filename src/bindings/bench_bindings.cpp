// embind glue for the benchmark kernels (src/core/eval/scoring_kernels.hpp),
// linked into a module of its own, reelrank-bench-kernels.{mjs,wasm}, that
// only the benchmarks build and load (bench/reference.mjs, through
// `npm run bench`). It never goes to dist/ or the npm tarball: users download
// nothing that only a benchmark calls. It is linked with the shipped modules'
// compile and link flags (CMakeLists.txt), so the loops time as they would in
// reelrank.wasm; the kernels share dotf (common/dot.hpp) with the core's own
// scoring. Same conventions as the other bindings: raw `_` names, values or
// { rrError, message }.
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "eval/scoring_kernels.hpp"
#include "helpers.hpp"

namespace reelrank::bindings {
namespace {

// The benchmark's two scoring loops over data held in wasm memory, so a
// timed call measures the loop, not the copy in.
class JsBenchKernels {
 public:
  val setVectors(const val& items, int dim) {
    auto v = copyIn<float>(items);
    if (dim < 1 || v.size() % static_cast<std::size_t>(dim) != 0) return statusToJs(argError("vectors do not fit dim"));
    vectors = std::move(v);
    dim_ = static_cast<std::size_t>(dim);
    const std::size_t n = vectors.size() / dim_;
    scale.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0;
      for (std::size_t d = 0; d < dim_; ++d) s += static_cast<double>(vectors[i * dim_ + d]) * vectors[i * dim_ + d];
      scale[i] = s > 0 ? static_cast<float>(1.0 / std::sqrt(s)) : 0.0f;
    }
    scores.assign(n, 0.0f);
    return val::undefined();
  }
  val setGraph(const val& start, const val& neighbor, const val& similarity) {
    auto s = copyIn<int32_t>(start);
    auto nb = copyIn<int32_t>(neighbor);
    auto sim = copyIn<float>(similarity);
    bool ok =
        s.size() >= 2 && s.front() == 0 && static_cast<std::size_t>(s.back()) == nb.size() && nb.size() == sim.size();
    for (std::size_t i = 0; ok && i + 1 < s.size(); ++i) ok = s[i] <= s[i + 1];
    const auto n = static_cast<int32_t>(s.size() - (s.empty() ? 0 : 1));
    for (std::size_t k = 0; ok && k < nb.size(); ++k) ok = nb[k] >= 0 && nb[k] < n;
    if (!ok) return statusToJs(argError("the neighbour graph is not a valid CSR structure"));
    graphStart = std::move(s);
    graphNeighbor = std::move(nb);
    graphSimilarity = std::move(sim);
    knnScores.assign(static_cast<std::size_t>(n), 0.0f);
    return val::undefined();
  }
  // Query pre-normalised by the caller; returns the best item.
  val cosineScan(const val& query) {
    const auto q = copyIn<float>(query);
    if (q.size() != dim_ || scores.empty()) return statusToJs(argError("set vectors of the query's dimension first"));
    eval::cosineScan(vectors.data(), scores.size(), dim_, q.data(), scale.data(), scores.data());
    return val(eval::argMax(scores.data(), scores.size()));
  }
  val knnScore(const val& profileItems, const val& profileWeights) {
    const auto items = copyIn<int32_t>(profileItems);
    const auto weights = copyIn<float>(profileWeights);
    if (items.size() != weights.size()) return statusToJs(argError("profile columns disagree"));
    for (int32_t i : items)
      if (i < 0 || static_cast<std::size_t>(i) >= knnScores.size())
        return statusToJs(argError("profile item out of range"));
    eval::neighborScores(graphStart.data(), graphNeighbor.data(), graphSimilarity.data(), knnScores.size(),
                         items.data(), weights.data(), items.size(), knnScores.data());
    return val(eval::argMax(knnScores.data(), knnScores.size()));
  }
  // One score, to check the JS reference computes the same numbers.
  double cosineScore(int i) const {
    return i >= 0 && static_cast<std::size_t>(i) < scores.size() ? scores[static_cast<std::size_t>(i)] : std::nan("");
  }
  double knnScoreAt(int i) const {
    return i >= 0 && static_cast<std::size_t>(i) < knnScores.size() ? knnScores[static_cast<std::size_t>(i)]
                                                                    : std::nan("");
  }

 private:
  std::vector<float> vectors, scale, scores, knnScores, graphSimilarity;
  std::vector<int32_t> graphStart, graphNeighbor;
  std::size_t dim_ = 0;
};

}  // namespace
}  // namespace reelrank::bindings

EMSCRIPTEN_BINDINGS(reelrank_bench_kernels) {
  using namespace emscripten;
  using namespace reelrank::bindings;
  class_<JsBenchKernels>("_BenchKernels")
      .constructor<>()
      .function("_setVectors", RR_GUARDED(&JsBenchKernels::setVectors))
      .function("_setGraph", RR_GUARDED(&JsBenchKernels::setGraph))
      .function("_cosineScan", RR_GUARDED(&JsBenchKernels::cosineScan))
      .function("_knnScore", RR_GUARDED(&JsBenchKernels::knnScore))
      .function("_cosineScore", &JsBenchKernels::cosineScore)
      .function("_knnScoreAt", &JsBenchKernels::knnScoreAt);
}
