#include "reports/schedule.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>

#include "core/error.h"

namespace fb::reports {

std::vector<double> remaining_work(const std::vector<Job>& jobs) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < jobs.size(); ++i) index[jobs[i].id] = i;
  // followers[i]: the jobs that wait on job i
  std::vector<std::vector<std::size_t>> followers(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i)
    for (const auto& dep : jobs[i].after) {
      auto it = index.find(dep);
      if (it != index.end()) followers[it->second].push_back(i);
    }
  // Memoised depth-first walk; the expansion never makes a cycle (a job waits only on earlier stages).
  enum State { kNew, kOpen, kDone };
  std::vector<State> state(jobs.size(), kNew);
  std::vector<double> work(jobs.size(), 0.0);
  auto visit = [&](std::size_t i, auto& self) -> double {
    if (state[i] == kDone) return work[i];
    FB_CHECK(state[i] == kNew, "a job waits on itself through `after`");
    state[i] = kOpen;
    double longest = 0;
    for (std::size_t f : followers[i]) longest = std::max(longest, self(f, self));
    work[i] = jobs[i].cost + longest;
    state[i] = kDone;
    return work[i];
  };
  for (std::size_t i = 0; i < jobs.size(); ++i) visit(i, visit);
  return work;
}

std::vector<std::size_t> schedule_order(const std::vector<Job>& jobs) {
  const std::vector<double> work = remaining_work(jobs);
  std::vector<std::size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });
  return order;
}

}  // namespace fb::reports
