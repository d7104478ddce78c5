#include "reports/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/config.h"
#include "core/threads.h"
#include "reports/backend.h"
#include "reports/jobs.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

Job job(const std::string& id, double cost, std::vector<std::string> after = {}) {
  Job j;
  j.id = id;
  j.stage = "train";
  j.cost = cost;
  j.after = std::move(after);
  return j;
}

TEST(Schedule, LongestFirstAndTiesKeepTheirOrder) {
  // No job waits on another: descending cost; b and c tie and keep the manifest's order, as do d and e.
  const std::vector<Job> jobs = {job("a", 1), job("b", 5), job("c", 5),
                                 job("d", 0), job("e", 0), job("f", 3)};
  EXPECT_EQ(schedule_order(jobs), (std::vector<std::size_t>{1, 2, 5, 0, 3, 4}));
}

TEST(Schedule, AJobOnALongChainStartsFirst) {
  // a (1 s) is followed by a 10 s job, so its remaining work (11 s) beats c's 5 s; b's is its own 10 s.
  const std::vector<Job> jobs = {job("c", 5), job("a", 1), job("b", 10, {"a"}),
                                 job("x", 2, {"a", "c", "elsewhere"})};
  EXPECT_EQ(remaining_work(jobs), (std::vector<double>{7, 11, 10, 2}));
  EXPECT_EQ(schedule_order(jobs), (std::vector<std::size_t>{1, 2, 0, 3}));
}

TEST(Schedule, QuickInfoganCrStartsTheCostliestTrainingsFirst) {
  test::TempDir tmp;
  const auto jobs = expand_jobs(load_spec("infogan-cr"), load_preset("quick"), tmp.path());
  std::map<std::string, double> cost;
  for (const auto& j : jobs) {
    cost[j.id] = j.cost;
    EXPECT_GT(j.cost, 0) << j.id;
  }
  // The calibrated per-step costs: an InfoGAN-CR step costs more than a β-VAE step.
  EXPECT_GT(cost["train/infogan_cr/seed-0"], cost["train/beta_vae/seed-0"]);
  // ModelCentrality over a pool costs more than its UDR.
  EXPECT_GT(cost["select/factor_vae_pool/model-centrality/r0"],
            cost["select/factor_vae_pool/udr-lasso/r0"]);
  const auto order = schedule_order(jobs);
  const auto work = remaining_work(jobs);
  for (std::size_t k = 1; k < order.size(); ++k) {
    EXPECT_GE(work[order[k - 1]], work[order[k]]);
    if (work[order[k - 1]] == work[order[k]]) EXPECT_LT(order[k - 1], order[k]);
  }
  // A training comes first (every selection and evaluation waits on one), never an evaluation.
  EXPECT_EQ(jobs[order.front()].stage, "train");
}

TEST(Schedule, PresetsRecalibrateSomeCostsAndKeepTheRest) {
  const Json costs = {{"train_step", {{"beta_vae", 1.0}}}, {"evaluate", 7}};
  const auto c = parse<JobCosts>(costs, "preset.job_costs");
  EXPECT_DOUBLE_EQ(c.train("beta_vae", 100, 32), 50.0);    // 1 s per batch-64 step, half a batch
  EXPECT_DOUBLE_EQ(c.train("infogan_cr", 100, 64), 53.0);  // the built-in estimate
  EXPECT_DOUBLE_EQ(c.select("model-centrality", 3), 6 * 16.7);
  EXPECT_DOUBLE_EQ(c.evaluate, 7.0);
  EXPECT_THROW(parse<JobCosts>(Json{{"train_step", {{"vae", -1}}}}, "p"), ConfigError);
  EXPECT_THROW(parse<JobCosts>(Json{{"evaluation", 1}}, "p"), ConfigError);
}

TEST(Schedule, SelectionsGetEveryCoreUnlessThreadsAreGiven) {
  BackendOptions o;
  o.jobs = 2;
  Job train = job("t", 1), select = job("s", 1);
  select.stage = "select";
  EXPECT_EQ(threads_for_job(o, train), std::max(1, default_threads() / 2));
  EXPECT_EQ(threads_for_job(o, select), default_threads());
  o.threads = 1;  // --threads 1 (the smoke reference): every job keeps it
  EXPECT_EQ(threads_for_job(o, select), 1);
}

}  // namespace
}  // namespace fb::reports
