// Community detection on a people-similarity graph: each person is linked to
// the people most like them (cosine of interest vectors), and Louvain
// modularity optimisation (Blondel et al. 2008) finds groups that are linked
// more densely inside than chance would give. Segments (k-means) answer
// "which tastes are there"; communities answer "who clusters with whom", the
// social view of the same audience.
#pragma once
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "analytics/people.hpp"
#include "common/status.hpp"

namespace reelrank::analytics {

// Undirected weighted graph in CSR form: every edge appears in the lists of
// both its ends; a self-loop (after aggregation) appears once.
struct Graph {
  int32_t n = 0;
  std::vector<int64_t> start;  // n + 1 offsets
  std::vector<int32_t> adj;
  std::vector<double> weight;
};

// Builds a Graph from undirected edges (u, v, w > 0); repeated edges add.
Graph graphFromEdges(int32_t n, const std::vector<std::tuple<int32_t, int32_t, double>>& edges);

// Links each row of X (L2-normalised) to its k most similar rows with
// positive cosine; the link weight is the cosine, kept when either end
// chose the other. O(n^2 * dims): meant for a creator's audience (up to
// kMaxGraphPeople people).
constexpr std::size_t kMaxGraphPeople = 20000;
Status knnGraph(const Matrix& X, int k, Graph* out);

struct Communities {
  std::vector<int32_t> labels;  // per node, 0..count-1 in order of first node
  int32_t count = 0;
  double modularity = 0;
  int levels = 0;
};

// Louvain: local moves in node order (deterministic), then aggregation,
// repeated while modularity improves.
Communities louvain(const Graph& g);
double modularity(const Graph& g, const std::vector<int32_t>& labels);

}  // namespace reelrank::analytics
