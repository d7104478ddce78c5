// The order in which the backends start jobs: the longest remaining work first, so that a reproduction
// does not end with one long job running while the other cores wait (issue #22 item 4).
#pragma once

#include <cstddef>
#include <vector>

#include "reports/job.h"

namespace fb::reports {

/// Each job's remaining work: its own cost plus the costiest chain of jobs that wait on it (through
/// `after`, within `jobs`; ids outside `jobs` are ignored). Same length and order as `jobs`.
std::vector<double> remaining_work(const std::vector<Job>& jobs);

/// Indices into `jobs` by descending remaining work; equal ones keep their order in `jobs` (the
/// manifest's), so the schedule is deterministic. Jobs that no other job waits on come by descending
/// cost. Which job runs when never changes what it computes.
std::vector<std::size_t> schedule_order(const std::vector<Job>& jobs);

}  // namespace fb::reports
