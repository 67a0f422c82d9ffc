// Feed policies: what the simulator compares. A policy is either the
// recommender (the algorithm of the run) with a RankRequest's options, or the
// oracle, which ranks by the world's true affinity and is the regret baseline.
//
// Policies are written "name" or "name:value" ("none", "random:0.1",
// "oracle", "thompson:0.2"). Each name is one row of policyKinds(): the
// RankRequest fields its value sets and that value's range, so a new ranker
// knob becomes a policy by adding a row.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "rank/ranker.hpp"

namespace reelrank::sim {

struct PolicyKind {
  const char* name;
  const char* parameter;  // what the value means (for messages and docs); nullptr = takes no value
  double min, max;
  bool oracle;                          // ranks by true affinity instead of with the recommender
  void (*apply)(RankRequest&, double);  // sets the request's fields from the value (nullptr: none)
};
const std::vector<PolicyKind>& policyKinds();

struct Policy {
  std::string name;  // as written, e.g. "random:0.1"
  bool oracle = false;
  RankRequest request;  // k and seed are set per page by the runner
};

// Parses one policy ("random:0.1"); E_ARG names the known policies.
Status parsePolicy(std::string_view text, Policy* out);
// Parses a comma-separated list ("none,random:0.1,oracle"); at least one, no repeats.
Status parsePolicies(std::string_view text, std::vector<Policy>* out);

}  // namespace reelrank::sim
