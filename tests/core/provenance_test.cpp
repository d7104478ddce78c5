#include "core/provenance.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace fb {
namespace {

// Sets the scheduler's variables for one test and restores the process environment after it.
class GpuEnv : public ::testing::Test {
 protected:
  static constexpr const char* kVars[] = {"CUDA_VISIBLE_DEVICES", "SLURM_STEP_GPUS",
                                          "SLURM_JOB_GPUS", "SLURM_GPUS_ON_NODE"};
  void SetUp() override {
    for (const char* v : kVars) {
      const char* old = getenv(v);
      saved_.push_back(old ? std::string(old) : std::string("\x01"));
      unsetenv(v);
    }
  }
  void TearDown() override {
    for (std::size_t i = 0; i < saved_.size(); ++i)
      if (saved_[i] == "\x01")
        unsetenv(kVars[i]);
      else
        setenv(kVars[i], saved_[i].c_str(), 1);
  }
  std::vector<std::string> saved_;
};

TEST_F(GpuEnv, NoSchedulerVariablesMeansUnknown) {
  Json g = gpus_allocated();
  EXPECT_TRUE(g["count"].is_null());
  EXPECT_EQ(g["from"], "none");
}

TEST_F(GpuEnv, CountsTheVisibleDevices) {
  setenv("SLURM_GPUS_ON_NODE", "4", 1);
  setenv("CUDA_VISIBLE_DEVICES", "0,2", 1);
  EXPECT_EQ(gpus_allocated(), (Json{{"count", 2}, {"from", "CUDA_VISIBLE_DEVICES"}}));
  setenv("CUDA_VISIBLE_DEVICES", "", 1);  // hidden on purpose: no GPU
  EXPECT_EQ(gpus_allocated()["count"], 0);
}

TEST_F(GpuEnv, FallsBackToSlurmsVariables) {
  setenv("SLURM_GPUS_ON_NODE", "3", 1);
  EXPECT_EQ(gpus_allocated(), (Json{{"count", 3}, {"from", "SLURM_GPUS_ON_NODE"}}));
  setenv("SLURM_JOB_GPUS", "5", 1);
  EXPECT_EQ(gpus_allocated(), (Json{{"count", 1}, {"from", "SLURM_JOB_GPUS"}}));
  EXPECT_EQ(provenance()["gpus_allocated"]["count"], 1);
}

}  // namespace
}  // namespace fb
