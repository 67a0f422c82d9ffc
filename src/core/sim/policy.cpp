#include "sim/policy.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace reelrank::sim {

const std::vector<PolicyKind>& policyKinds() {
  static const std::vector<PolicyKind> kinds = {
      // The recommender alone: exploration 0 (every other option at its default).
      {"none", nullptr, 0, 0, false, nullptr},
      // The ranker's existing knob: a share of the page goes to random eligible videos.
      {"random", "the exploration share of each page", 0, 1, false,
       [](RankRequest& r, double share) { r.exploration = share; }},
      // New-video exploration (rank/fresh_exploration): the budget, shrunk as
      // the profile grows, filled by Thompson sampling or by UCB.
      {"thompson", "the new-video budget (a share of each page)", 0, 1, false,
       [](RankRequest& r, double budget) {
         r.newVideoBudget = budget;
         r.newVideoMethod = NewVideoMethod::Thompson;
       }},
      {"ucb", "the new-video budget (a share of each page)", 0, 1, false,
       [](RankRequest& r, double budget) {
         r.newVideoBudget = budget;
         r.newVideoMethod = NewVideoMethod::Ucb;
       }},
      // Ranks the eligible videos by the person's true expected watch fraction.
      {"oracle", nullptr, 0, 0, true, nullptr},
  };
  return kinds;
}

namespace {

std::string knownPolicies() {
  std::string s;
  for (const auto& k : policyKinds()) {
    if (!s.empty()) s += ", ";
    s += k.name;
    if (k.parameter) s += ":VALUE";
  }
  return s;
}

}  // namespace

Status parsePolicy(std::string_view text, Policy* out) {
  const std::size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const PolicyKind* kind = nullptr;
  for (const auto& k : policyKinds())
    if (name == k.name) kind = &k;
  const std::string shown(text.substr(0, 60));
  if (!kind) return argError("unknown policy '" + shown + "'; choose from: " + knownPolicies());
  Policy p;
  p.name = std::string(text);
  p.oracle = kind->oracle;
  p.request.explain = false;  // the simulator reads no reasons
  if (!kind->parameter) {
    if (colon != std::string_view::npos) return argError("policy '" + shown + "' takes no value: write " + kind->name);
  } else {
    if (colon == std::string_view::npos)
      return argError(std::string("policy '") + kind->name + "' needs a value, " + kind->parameter + ", e.g. " +
                      kind->name + ":0.1");
    const std::string value(text.substr(colon + 1));
    char* end = nullptr;
    errno = 0;
    const double v = value.empty() ? std::nan("") : std::strtod(value.c_str(), &end);
    if (value.empty() || errno != 0 || end != value.c_str() + value.size() || !std::isfinite(v) || v < kind->min ||
        v > kind->max)
      return argError("policy '" + shown + "': " + kind->parameter + " must be a number from " +
                      std::to_string(kind->min).substr(0, 3) + " to " + std::to_string(kind->max).substr(0, 3));
    kind->apply(p.request, v);
  }
  *out = std::move(p);
  return Status::ok();
}

Status parsePolicies(std::string_view text, std::vector<Policy>* out) {
  std::vector<Policy> list;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view one = text.substr(start, end - start);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (one.empty()) return argError("policies: an empty name in '" + std::string(text.substr(0, 80)) + "'");
    Policy p;
    RR_TRY(parsePolicy(one, &p));
    for (const auto& q : list)
      if (q.name == p.name) return argError("policies: '" + p.name + "' is listed twice");
    list.push_back(std::move(p));
    start = end + 1;
  }
  if (list.empty()) return argError("policies: give at least one, e.g. none,random:0.1,oracle");
  *out = std::move(list);
  return Status::ok();
}

}  // namespace reelrank::sim
