#include "analytics/community.hpp"

#include <algorithm>
#include <tuple>

namespace reelrank::analytics {

Graph graphFromEdges(int32_t n, const std::vector<std::tuple<int32_t, int32_t, double>>& edges) {
  std::vector<std::tuple<int32_t, int32_t, double>> arcs;
  arcs.reserve(edges.size() * 2);
  for (const auto& [u, v, w] : edges) {
    arcs.emplace_back(u, v, w);
    if (u != v) arcs.emplace_back(v, u, w);
  }
  std::sort(arcs.begin(), arcs.end());
  Graph g;
  g.n = n;
  g.start.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    const auto [u, v, w] = arcs[a];
    if (!g.adj.empty() && a > 0 && std::get<0>(arcs[a - 1]) == u && std::get<1>(arcs[a - 1]) == v) {
      g.weight.back() += w;
      continue;
    }
    g.adj.push_back(v);
    g.weight.push_back(w);
    ++g.start[static_cast<std::size_t>(u) + 1];
  }
  for (int32_t i = 0; i < n; ++i) g.start[static_cast<std::size_t>(i) + 1] += g.start[static_cast<std::size_t>(i)];
  return g;
}

Status knnGraph(const Matrix& X, int k, Graph* out) {
  const auto n = static_cast<int32_t>(X.rows());
  if (k < 1 || k > 100) return argError("graphNeighbors must be an integer from 1 to 100");
  if (static_cast<std::size_t>(n) > kMaxGraphPeople)
    return Status::error(ErrorCode::Memory, "the people graph is limited to " + std::to_string(kMaxGraphPeople) +
                                                " people (its cost grows with the square of the audience)");
  // Each person keeps their best k; a pair is linked once, at its cosine,
  // however many of its two ends chose it.
  std::vector<std::tuple<int32_t, int32_t, double>> edges;
  std::vector<std::pair<float, int32_t>> sims;
  for (int32_t u = 0; u < n; ++u) {
    sims.clear();
    for (int32_t v = 0; v < n; ++v) {
      if (v == u) continue;
      const float s = X.row(u).dot(X.row(v));
      if (s > 0) sims.emplace_back(s, v);
    }
    const std::size_t keep = std::min<std::size_t>(static_cast<std::size_t>(k), sims.size());
    std::partial_sort(
        sims.begin(), sims.begin() + static_cast<std::ptrdiff_t>(keep), sims.end(),
        [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (std::size_t j = 0; j < keep; ++j)
      edges.emplace_back(std::min(u, sims[j].second), std::max(u, sims[j].second), sims[j].first);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const auto& a, const auto& b) {
                            return std::get<0>(a) == std::get<0>(b) && std::get<1>(a) == std::get<1>(b);
                          }),
              edges.end());
  *out = graphFromEdges(n, edges);
  return Status::ok();
}

double modularity(const Graph& g, const std::vector<int32_t>& labels) {
  int32_t count = 0;
  for (int32_t c : labels) count = std::max(count, c + 1);
  std::vector<double> in(static_cast<std::size_t>(count), 0.0), tot(static_cast<std::size_t>(count), 0.0);
  double m2 = 0;
  for (int32_t i = 0; i < g.n; ++i) {
    const auto ci = static_cast<std::size_t>(labels[static_cast<std::size_t>(i)]);
    for (int64_t p = g.start[static_cast<std::size_t>(i)]; p < g.start[static_cast<std::size_t>(i) + 1]; ++p) {
      const double w = g.weight[static_cast<std::size_t>(p)];
      tot[ci] += w;
      m2 += w;
      if (static_cast<std::size_t>(labels[static_cast<std::size_t>(g.adj[static_cast<std::size_t>(p)])]) == ci)
        in[ci] += w;
    }
  }
  if (m2 <= 0) return 0;
  double q = 0;
  for (std::size_t c = 0; c < in.size(); ++c) q += in[c] / m2 - (tot[c] / m2) * (tot[c] / m2);
  return q;
}

namespace {

// One level of local moves. Returns the community of each node, numbered
// 0.. in order of first node.
std::vector<int32_t> localMoves(const Graph& g, bool* improved) {
  const auto n = static_cast<std::size_t>(g.n);
  std::vector<double> degree(n, 0.0);
  double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (int64_t p = g.start[i]; p < g.start[i + 1]; ++p) degree[i] += g.weight[static_cast<std::size_t>(p)];
    m2 += degree[i];
  }
  std::vector<int32_t> comm(n);
  for (std::size_t i = 0; i < n; ++i) comm[i] = static_cast<int32_t>(i);
  std::vector<double> tot = degree, link(n, 0.0);
  std::vector<int32_t> touched;
  *improved = false;
  if (m2 <= 0) return comm;
  for (int pass = 0; pass < 100; ++pass) {
    bool moved = false;
    for (std::size_t i = 0; i < n; ++i) {
      const int32_t own = comm[i];
      touched.clear();
      touched.push_back(own);
      link[static_cast<std::size_t>(own)] = 0;
      for (int64_t p = g.start[i]; p < g.start[i + 1]; ++p) {
        const auto j = static_cast<std::size_t>(g.adj[static_cast<std::size_t>(p)]);
        if (j == i) continue;
        const auto c = static_cast<std::size_t>(comm[j]);
        if (link[c] == 0 && std::find(touched.begin(), touched.end(), comm[j]) == touched.end())
          touched.push_back(comm[j]);
        link[c] += g.weight[static_cast<std::size_t>(p)];
      }
      tot[static_cast<std::size_t>(own)] -= degree[i];
      // Gain of joining c, up to a constant factor: links into c minus the
      // links expected by chance. Strictly better moves only, so ties stay.
      int32_t best = own;
      double bestGain = link[static_cast<std::size_t>(own)] - tot[static_cast<std::size_t>(own)] * degree[i] / m2;
      for (int32_t c : touched) {
        const double gain = link[static_cast<std::size_t>(c)] - tot[static_cast<std::size_t>(c)] * degree[i] / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      for (int32_t c : touched) link[static_cast<std::size_t>(c)] = 0;
      tot[static_cast<std::size_t>(best)] += degree[i];
      if (best != own) {
        comm[i] = best;
        moved = true;
        *improved = true;
      }
    }
    if (!moved) break;
  }
  std::vector<int32_t> number(n, -1);
  int32_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto& c = number[static_cast<std::size_t>(comm[i])];
    if (c < 0) c = next++;
    comm[i] = c;
  }
  return comm;
}

Graph aggregate(const Graph& g, const std::vector<int32_t>& comm, int32_t count) {
  std::vector<std::tuple<int32_t, int32_t, double>> arcs;
  for (int32_t i = 0; i < g.n; ++i)
    for (int64_t p = g.start[static_cast<std::size_t>(i)]; p < g.start[static_cast<std::size_t>(i) + 1]; ++p)
      arcs.emplace_back(comm[static_cast<std::size_t>(i)],
                        comm[static_cast<std::size_t>(g.adj[static_cast<std::size_t>(p)])],
                        g.weight[static_cast<std::size_t>(p)]);
  // Arcs are already both ways: build the CSR directly (self-loops once, as
  // the sum over ordered pairs inside the community, which keeps degrees).
  std::sort(arcs.begin(), arcs.end());
  Graph h;
  h.n = count;
  h.start.assign(static_cast<std::size_t>(count) + 1, 0);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    const auto [u, v, w] = arcs[a];
    if (a > 0 && std::get<0>(arcs[a - 1]) == u && std::get<1>(arcs[a - 1]) == v) {
      h.weight.back() += w;
      continue;
    }
    h.adj.push_back(v);
    h.weight.push_back(w);
    ++h.start[static_cast<std::size_t>(u) + 1];
  }
  for (int32_t i = 0; i < count; ++i) h.start[static_cast<std::size_t>(i) + 1] += h.start[static_cast<std::size_t>(i)];
  return h;
}

}  // namespace

Communities louvain(const Graph& g) {
  Communities out;
  out.labels.resize(static_cast<std::size_t>(g.n));
  for (int32_t i = 0; i < g.n; ++i) out.labels[static_cast<std::size_t>(i)] = i;
  Graph level = g;
  for (int l = 0; l < 32; ++l) {
    bool improved = false;
    const std::vector<int32_t> comm = localMoves(level, &improved);
    if (!improved) break;
    int32_t count = 0;
    for (int32_t c : comm) count = std::max(count, c + 1);
    for (int32_t& label : out.labels) label = comm[static_cast<std::size_t>(label)];
    ++out.levels;
    level = aggregate(level, comm, count);
  }
  // Number communities in order of first node, for stable output.
  std::vector<int32_t> number(static_cast<std::size_t>(g.n), -1);
  int32_t next = 0;
  for (int32_t& label : out.labels) {
    auto& c = number[static_cast<std::size_t>(label)];
    if (c < 0) c = next++;
    label = c;
  }
  out.count = next;
  out.modularity = modularity(g, out.labels);
  return out;
}

}  // namespace reelrank::analytics
