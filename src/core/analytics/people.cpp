#include "analytics/people.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>

#include "analytics/rng.hpp"
#include "models/model.hpp"

namespace reelrank::analytics {

namespace {

using MatD = Eigen::MatrixXd;
using SparseD = Eigen::SparseMatrix<double, Eigen::RowMajor, int32_t>;

MatD orthonormal(const MatD& Y) {
  Eigen::HouseholderQR<MatD> qr(Y);
  return qr.householderQ() * MatD::Identity(Y.rows(), Y.cols());
}

void normaliseRows(SparseD& A) {
  for (int32_t r = 0; r < A.outerSize(); ++r) {
    double n = 0;
    for (SparseD::InnerIterator it(A, r); it; ++it) n += it.value() * it.value();
    if (n <= 0) continue;
    const double inv = 1.0 / std::sqrt(n);
    for (SparseD::InnerIterator it(A, r); it; ++it) it.valueRef() *= inv;
  }
}

// Rank-`dims` approximation of the rows of A (Halko, Martinsson and Tropp's
// randomized range finder with two power iterations). The random direction
// of column j is drawn from a generator seeded by its name, so the result
// does not depend on the order of the columns.
MatD reduce(const SparseD& A, const std::vector<std::string>& colNames, int dims, uint64_t seed) {
  const auto n = A.rows(), m = A.cols();
  const Eigen::Index l = std::min<Eigen::Index>(dims + 8, std::min(n, m));
  MatD omega(m, l);
  for (Eigen::Index j = 0; j < m; ++j) {
    Rng rng(hashName(colNames[static_cast<std::size_t>(j)], seed));
    for (Eigen::Index c = 0; c < l; ++c) omega(j, c) = rng.gaussian();
  }
  MatD Q = orthonormal(A * omega);
  for (int iter = 0; iter < 2; ++iter) {
    MatD Z = orthonormal(A.transpose() * Q);
    Q = orthonormal(A * Z);
  }
  const MatD Z = A.transpose() * Q;  // = B^T with B = Q^T A
  Eigen::SelfAdjointEigenSolver<MatD> eig(Z.transpose() * Z);
  const Eigen::Index d = std::min<Eigen::Index>(dims, l);
  MatD E(n, d);
  // Eigenvalues come in increasing order: take the top d, largest first.
  for (Eigen::Index c = 0; c < d; ++c) {
    const Eigen::Index src = l - 1 - c;
    const double sigma = std::sqrt(std::max(0.0, eig.eigenvalues()(src)));
    E.col(c) = Q * eig.eigenvectors().col(src) * sigma;
  }
  return E;
}

}  // namespace

void peopleFromLog(const Interactions& log, const Catalog* catalog, const WeightPolicy& policy, PeopleSource* out) {
  const std::size_t nItems = log.items().size();
  std::vector<int32_t> identity(nItems);
  std::vector<float> durations(nItems, 0.0f);
  out->itemVideo.assign(nItems, -1);
  for (std::size_t i = 0; i < nItems; ++i) {
    identity[i] = static_cast<int32_t>(i);
    if (!catalog) continue;
    const int32_t c = catalog->items().find(log.items().name(static_cast<int32_t>(i)));
    out->itemVideo[i] = c;
    if (c != IdMap::kMissing) durations[i] = catalog->video(c).duration;
  }
  out->ownedRows = log.build(policy, identity, nItems, durations).matrix;
  out->rows = &out->ownedRows;
  out->users = &log.users();
  out->items = &log.items();
  out->catalog = catalog;
  if (catalog) {
    out->ownedTags.build(*catalog);
    out->tags = &out->ownedTags;
  }
}

void peopleFromModel(const Model& model, PeopleSource* out) {
  const ItemSide& side = model.side();
  out->users = &side.users;
  out->items = &side.catalog.items();
  out->rows = &side.userItems;
  out->catalog = &side.catalog;
  out->tags = &side.tags;
  out->itemVideo.resize(side.itemCount());
  for (std::size_t i = 0; i < side.itemCount(); ++i) out->itemVideo[i] = static_cast<int32_t>(i);
}

bool parseFeatures(std::string_view name, Features* out) {
  if (name == "auto")
    *out = Features::Auto;
  else if (name == "tags")
    *out = Features::Tags;
  else if (name == "items")
    *out = Features::Items;
  else
    return false;
  return true;
}

const char* featuresName(Features f) {
  switch (f) {
    case Features::Tags:
      return "tags";
    case Features::Items:
      return "items";
    case Features::Auto:
      break;
  }
  return "auto";
}

void tagProfile(const PeopleSource& s, int32_t u, std::vector<std::pair<int32_t, float>>* out) {
  out->clear();
  if (!s.tags) return;
  const TagIndex& ti = *s.tags;
  for (SparseRows::InnerIterator it(*s.rows, u); it; ++it) {
    const int32_t v = s.itemVideo[static_cast<std::size_t>(it.index())];
    if (it.value() <= 0 || v < 0) continue;
    for (int32_t p = ti.itemStart[static_cast<std::size_t>(v)]; p < ti.itemStart[static_cast<std::size_t>(v) + 1]; ++p)
      out->emplace_back(ti.itemTag[static_cast<std::size_t>(p)],
                        it.value() * ti.itemWeight[static_cast<std::size_t>(p)]);
  }
  // Merge repeated tags so each appears once.
  std::sort(out->begin(), out->end());
  std::size_t w = 0;
  for (std::size_t r = 0; r < out->size(); ++r) {
    if (w > 0 && (*out)[w - 1].first == (*out)[r].first)
      (*out)[w - 1].second += (*out)[r].second;
    else
      (*out)[w++] = (*out)[r];
  }
  out->resize(w);
}

Status buildPeopleVectors(const PeopleSource& s, Features f, int dims, uint64_t seed, PeopleVectors* out) {
  if (dims < 2 || dims > 256) return argError("dims must be an integer from 2 to 256");
  const auto n = static_cast<int32_t>(s.people());
  if (n == 0) return Status::error(ErrorCode::Empty, "there are no people to describe: the log is empty");
  const bool hasTags = s.tags && s.catalog && s.catalog->tags().size() > 0;
  if (f == Features::Tags && !hasTags)
    return argError("features 'tags' needs a catalog whose videos have tags (this one has none)");
  if (f == Features::Auto) {
    double tagged = 0, total = 0;
    if (hasTags) {
      const TagIndex& ti = *s.tags;
      for (int32_t u = 0; u < n; ++u)
        for (SparseRows::InnerIterator it(*s.rows, u); it; ++it) {
          if (it.value() <= 0) continue;
          total += it.value();
          const int32_t v = s.itemVideo[static_cast<std::size_t>(it.index())];
          if (v >= 0 && ti.itemStart[static_cast<std::size_t>(v)] < ti.itemStart[static_cast<std::size_t>(v) + 1])
            tagged += it.value();
        }
    }
    f = hasTags && total > 0 && tagged >= 0.5 * total ? Features::Tags : Features::Items;
  }
  SparseD A;
  const std::vector<std::string>* names;
  if (f == Features::Tags) {
    std::vector<Eigen::Triplet<double, int32_t>> cells;
    std::vector<std::pair<int32_t, float>> profile;
    for (int32_t u = 0; u < n; ++u) {
      tagProfile(s, u, &profile);
      for (const auto& [t, w] : profile) cells.emplace_back(u, t, w);
    }
    A.resize(n, static_cast<int32_t>(s.catalog->tags().size()));
    A.setFromTriplets(cells.begin(), cells.end());
    names = &s.catalog->tags().names();
  } else {
    A = s.rows->cast<double>();
    names = &s.items->names();
  }
  A.makeCompressed();
  normaliseRows(A);
  MatD E = A.cols() <= dims ? MatD(A) : reduce(A, *names, dims, seed);
  PeopleVectors v;
  v.used = f;
  v.dims = static_cast<int>(E.cols());
  v.X = E.cast<float>();
  for (int32_t u = 0; u < n; ++u) {
    const float norm = v.X.row(u).norm();
    if (norm > 0) v.X.row(u) /= norm;
  }
  *out = std::move(v);
  return Status::ok();
}

}  // namespace reelrank::analytics
