#include <catch2/catch.hpp>
#include <cmath>

#include "teach/teach.hpp"

using namespace reelrank;

TEST_CASE("cosine of the article's two users: 161 / (sqrt 385 * sqrt 125)", "[teach]") {
  std::vector<double> u = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  std::vector<double> v = {5, 4, 3, 4, 5, 2, 3, 2, 1, 4};
  teach::CosineTrace t;
  REQUIRE(teach::cosine(u, v, &t).isOk());
  CHECK(t.products[0] == 5);
  CHECK(t.products[9] == 40);
  CHECK(t.dot == 161);
  CHECK(t.normA == Approx(std::sqrt(385.0)));
  CHECK(t.normB == Approx(std::sqrt(125.0)));
  CHECK(t.value == Approx(0.7339).epsilon(1e-4));
  // The article prints 0.98, an arithmetic slip: the correct value is 0.734.
  CHECK(std::fabs(t.value - 0.98) > 0.2);
}

TEST_CASE("cosine rejects mismatched, empty and all-zero vectors", "[teach]") {
  teach::CosineTrace t;
  CHECK(teach::cosine({1, 2}, {1}, &t).code() == ErrorCode::Arg);
  CHECK(teach::cosine({}, {}, &t).code() == ErrorCode::Arg);
  CHECK(teach::cosine({0, 0}, {1, 2}, &t).code() == ErrorCode::Arg);
  CHECK(teach::cosine({NAN, 1}, {1, 2}, &t).code() == ErrorCode::Arg);
}

// A 5x5 example worked by hand (0 = not rated):
//        a  b  c  d  e
//   u0 [ 5  3  -  -  - ]   |u0| = sqrt 34
//   u1 [ 4  2  4  -  - ]   |u1| = 6
//   u2 [ -  -  2  5  - ]   |u2| = sqrt 29
//   u3 [ 3  -  -  -  2 ]   |u3| = sqrt 13
//   u4 [ -  5  1  -  2 ]   |u4| = sqrt 30
// cos(u0,u1) = 26/(6 sqrt34) = 0.74316, cos(u0,u2) = 0,
// cos(u0,u3) = 15/(sqrt13 sqrt34) = 0.71346, cos(u0,u4) = 15/(sqrt30 sqrt34) = 0.46967
TEST_CASE("user-based CF on a 5x5 matrix matches the hand computation", "[teach]") {
  const double m = NAN;
  std::vector<double> R = {5, 3, m, m, m, 4, 2, 4, m, m, m, m, 2, 5, m, 3, m, m, m, 2, m, 5, 1, m, 2};
  const double w1 = 26 / (6 * std::sqrt(34.0)), w3 = 15 / (std::sqrt(13.0) * std::sqrt(34.0)),
               w4 = 15 / (std::sqrt(30.0) * std::sqrt(34.0));
  teach::UserCfResult r;
  REQUIRE(teach::userBasedCF(R, 5, 5, 2, true, &r).isOk());
  CHECK(r.similarity[1] == Approx(w1));
  CHECK(r.similarity[2] == Approx(0.0));
  CHECK(r.similarity[3] == Approx(w3));
  CHECK(r.similarity[4] == Approx(w4));
  CHECK(r.similarity[5 * 1 + 0] == Approx(w1));  // symmetric
  REQUIRE(r.neighbors[0].size() == 2);
  CHECK(r.neighbors[0][0].user == 1);
  CHECK(r.neighbors[0][1].user == 3);
  // k = 2: u0's neighbours are u1 and u3. Item c: only u1 rated it (4) -> normalised 4.
  CHECK(r.predictions[2] == Approx(4.0));
  // Item e: only u3 rated it (2) -> 2. Item d: nobody among the neighbours -> unpredictable.
  CHECK(r.predictions[4] == Approx(2.0));
  CHECK(std::isnan(r.predictions[3]));
  const auto& step = r.steps[2];
  REQUIRE(step.terms.size() == 1);
  CHECK(step.terms[0].user == 1);
  CHECK(step.numerator == Approx(4 * w1));
  CHECK(step.denominator == Approx(w1));

  // k = 3 adds u4: item c = (w1*4 + w4*1) / (w1 + w4) = 2.83825; raw form = w1*4 + w4*1.
  REQUIRE(teach::userBasedCF(R, 5, 5, 3, true, &r).isOk());
  CHECK(r.predictions[2] == Approx((4 * w1 + w4) / (w1 + w4)));
  CHECK(r.predictions[2] == Approx(2.83825).epsilon(1e-4));
  REQUIRE(teach::userBasedCF(R, 5, 5, 3, false, &r).isOk());
  CHECK(r.predictions[2] == Approx(4 * w1 + w4));
  CHECK(r.predictions[3] == Approx(0.0));  // raw form: no neighbour rated d -> 0
}

TEST_CASE("user-based CF rejects bad shapes and k", "[teach]") {
  teach::UserCfResult r;
  CHECK(teach::userBasedCF({1, 2, 3}, 2, 2, 1, true, &r).code() == ErrorCode::Arg);
  CHECK(teach::userBasedCF({1, 2, 3, 4}, 2, 2, 0, true, &r).code() == ErrorCode::Arg);
  CHECK(teach::userBasedCF({1, INFINITY, 3, 4}, 2, 2, 1, true, &r).code() == ErrorCode::Arg);
}
