#include "reports/jobs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/config.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

TEST(Jobs, InfoganCrSmokeExpansion) {
  test::TempDir tmp;
  Spec spec = load_spec("infogan-cr");
  Preset preset = load_preset("smoke");
  auto jobs = expand_jobs(spec, preset, tmp.path());
  std::map<std::string, int> per_stage;
  std::set<std::string> ids;
  for (const auto& j : jobs) {
    per_stage[j.stage]++;
    EXPECT_TRUE(ids.insert(j.id).second) << "duplicate " << j.id;
    for (const auto& dep : j.after)
      EXPECT_TRUE(ids.count(dep)) << j.id << " waits on later job " << dep;
  }
  // 9 trained rows (vae, beta_tcvae, beta_vae, 4 factor_vae, infogan, infogan_cr) x 2 runs.
  EXPECT_EQ(per_stage["train"], 18);
  // + the InfoGAN (modified) snapshot row's 2 evaluations.
  EXPECT_EQ(per_stage["evaluate"], 20);
  // 2 pools x 3 unsupervised methods x 1 repeat (supervised comes from the metrics).
  EXPECT_EQ(per_stage["select"], 6);
  // + the first repeat's chosen model of each, traversed for the report.
  EXPECT_EQ(per_stage["traverse"], 6);
}

// Lines of a pool file a select job reads.
std::vector<std::string> pool_lines(const std::vector<Job>& jobs, const std::string& select_id) {
  for (const auto& j : jobs)
    if (j.id == select_id) {
      std::ifstream in(std::get<SelectJob>(j.task).o.pool);
      std::vector<std::string> lines;
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
      return lines;
    }
  ADD_FAILURE() << "no job " << select_id;
  return {};
}

TEST(Jobs, PaperPresetInfoganCrModelCentralityPoolHasTenMembers) {
  // The released config_mc.py trains 10 InfoGAN-CR runs for ModelCentrality; Table 1's row has 50.
  test::TempDir tmp;
  const Spec spec = load_spec("infogan-cr");
  const Preset paper = load_preset("paper");
  EXPECT_EQ(paper.runs(spec.row("infogan_cr")), 50);
  const auto jobs = expand_jobs(spec, paper, tmp.path());
  const auto pool = pool_lines(jobs, "select/infogan_cr_pool/model-centrality/r0");
  ASSERT_EQ(pool.size(), 10u);
  for (std::size_t s = 0; s < pool.size(); ++s)
    EXPECT_NE(pool[s].find("infogan_cr/seed-" + std::to_string(s)), std::string::npos) << pool[s];
  EXPECT_EQ(pool_lines(jobs, "select/factor_vae_pool/model-centrality/r0").size(), 40u);
  for (const auto& sel : spec.selections) {
    EXPECT_EQ(sel.pool_runs, 10) << sel.id;
    EXPECT_EQ(pool_size(spec, sel, paper), sel.id == "infogan_cr_pool" ? 10 : 40) << sel.id;
    // A preset with fewer runs caps the pool.
    EXPECT_EQ(pool_size(spec, sel, load_preset("quick")), sel.id == "infogan_cr_pool" ? 2 : 8);
  }
}

TEST(Jobs, TypedOptionsCarryTheProtocol) {
  test::TempDir tmp;
  Spec spec = load_spec("infogan-cr");
  auto jobs = expand_jobs(spec, load_preset("smoke"), tmp.path());
  const Job* train = nullptr;
  const Job* snap = nullptr;
  for (const auto& j : jobs) {
    if (j.id == "train/factor_vae_g10/seed-1") train = &j;
    if (j.id == "evaluate/infogan_modified/seed-0") snap = &j;
  }
  ASSERT_TRUE(train && snap);
  const auto& t = std::get<TrainJob>(train->task);
  EXPECT_EQ(t.o.model, "factor_vae");
  EXPECT_EQ(t.o.model_config["architecture"], "cr");
  EXPECT_EQ(t.o.model_config["gamma"], 10);
  EXPECT_EQ(t.o.sampling, "epochs");
  EXPECT_EQ(t.o.seed, 1);
  EXPECT_EQ(t.o.steps, 62);  // 311,040 x 0.0002
  EXPECT_EQ(t.o.epochs, 0);
  EXPECT_EQ(t.o.dataset_config["count"], 4096);
  const auto& e = std::get<EvaluateJob>(snap->task);
  EXPECT_EQ(e.o.snapshot, "infogan_modified");
  EXPECT_EQ(e.o.protocol, "cr");
  EXPECT_EQ(e.o.run_dir, tmp.path() + "/runs/infogan_cr/seed-0");
  EXPECT_EQ(e.o.metric_config, load_preset("smoke").metrics);
  EXPECT_EQ(snap->after, (std::vector<std::string>{"train/infogan_cr/seed-0"}));
}

TEST(Jobs, ClassifierTrainsOnceAndEveryEvaluationReadsIt) {
  test::TempDir tmp;
  const Spec spec = load_spec("elastic-infogan");
  const Preset preset = load_preset("smoke");
  auto jobs = expand_jobs(spec, preset, tmp.path());
  const std::string dir = tmp.path() + "/classifier";
  int classifiers = 0, evaluations = 0;
  for (const auto& j : jobs) {
    if (j.id == "classifier") {
      ++classifiers;
      EXPECT_EQ(j.stage, "train");
      EXPECT_EQ(j.kind(), "train_classifier");
      EXPECT_EQ(std::get<ClassifierJob>(j.task).o.config["max_images"], 2048);
    }
    if (j.stage != "evaluate") continue;
    ++evaluations;
    EXPECT_NE(std::find(j.after.begin(), j.after.end(), "classifier"), j.after.end()) << j.id;
    const auto& e = std::get<EvaluateJob>(j.task);
    EXPECT_EQ(e.o.classifier, dir) << j.id;
    EXPECT_EQ(e.fd_samples, 500) << j.id;
  }
  EXPECT_EQ(classifiers, 1);
  EXPECT_EQ(evaluations, 10);  // 5 rows x 2 runs
}

TEST(Jobs, PaperOnlyRowsTrainNothingInSmoke) {
  test::TempDir tmp;
  auto jobs = expand_jobs(load_spec("semi-stylegan-dsprites"), load_preset("smoke"), tmp.path());
  for (const auto& j : jobs)
    EXPECT_EQ(j.id.find("train/info_stylegan/"), std::string::npos) << j.id;
  auto paper =
      expand_jobs(load_spec("semi-stylegan-dsprites"), load_preset("paper"), tmp.path() + "/p");
  EXPECT_TRUE(std::any_of(paper.begin(), paper.end(),
                          [](const Job& j) { return j.id == "train/info_stylegan/seed-0"; }));
}

TEST(Jobs, EveryStageCarriesTheDevice) {
  test::TempDir tmp;
  Spec spec = load_spec("infogan-cr");
  Preset preset = load_preset("smoke");
  preset.devices.select = "cpu";  // a preset may keep one stage off the GPU
  auto jobs = expand_jobs(spec, preset, tmp.path(), "cuda");
  std::set<std::string> stages;
  for (const auto& j : jobs) {
    SCOPED_TRACE(j.id);
    EXPECT_EQ(j.device, j.stage == "select" ? "cpu" : "cuda");
    stages.insert(j.stage);
  }
  EXPECT_EQ(stages, (std::set<std::string>{"train", "evaluate", "select", "traverse"}));
  // Through the manifest, as run-job reads it.
  write_manifest(tmp.file("manifest.json"), spec, preset, tmp.path(), jobs);
  auto m = read_manifest(tmp.file("manifest.json"));
  for (std::size_t i = 0; i < jobs.size(); ++i) EXPECT_EQ(m.jobs[i].device, jobs[i].device);
  EXPECT_EQ(m.preset["devices"]["select"], "cpu");
  // The default stays the CPU.
  for (const auto& j : expand_jobs(spec, load_preset("smoke"), tmp.path()))
    EXPECT_EQ(j.device, "cpu");
}

TEST(Jobs, ManifestRoundTripAndDoneness) {
  test::TempDir tmp;
  Spec spec = load_spec("infogan-cr");
  Preset preset = load_preset("smoke");
  auto jobs = expand_jobs(spec, preset, tmp.path());
  write_manifest(tmp.file("manifest.json"), spec, preset, tmp.path(), jobs);
  auto m = read_manifest(tmp.file("manifest.json"));
  ASSERT_EQ(m.jobs.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i)
    EXPECT_EQ(job_to_json(m.jobs[i]), job_to_json(jobs[i])) << jobs[i].id;
  EXPECT_EQ(m.spec["name"], "infogan-cr");
  EXPECT_FALSE(job_done(jobs[0]));
  std::filesystem::create_directories(std::filesystem::path(jobs[0].outputs[0]).parent_path());
  std::ofstream(jobs[0].outputs[0]) << "x";
  EXPECT_TRUE(job_done(jobs[0]));
  std::ofstream(tmp.file("bad.json")) << "{";
  EXPECT_THROW(read_manifest(tmp.file("bad.json")), DataError);
}

TEST(Jobs, MnistRunsEachTrainOnTheirOwnSplitForEpochs) {
  // elastic-infogan-mnist: run s trains on imbalanced split s for the preset's share of 200 epochs;
  // the classifier reads the training digits; evaluations score the model-side keys only.
  test::TempDir tmp;
  Spec spec = load_spec("elastic-infogan-mnist");
  EXPECT_EQ(spec.rows.size(), 5u);
  for (const auto& r : spec.rows) {
    EXPECT_EQ(r.runs, 50) << r.id;
    EXPECT_EQ(r.epochs, 200) << r.id;
  }
  spec.dataset_config["path"] = "/data/mnist";  // what reproduce --mnist adds
  const auto paper = expand_jobs(spec, load_preset("paper"), tmp.path());
  int trains = 0;
  for (const auto& j : paper) {
    if (j.id == "classifier") {
      const auto& data = std::get<ClassifierJob>(j.task).o.dataset_config;
      EXPECT_EQ(data["subset"], "train");
      EXPECT_EQ(data["path"], "/data/mnist");
    }
    if (j.id == "train/gumbel/seed-7") {
      const auto& t = std::get<TrainJob>(j.task);
      EXPECT_EQ(t.o.dataset_config["split"], 7);
      EXPECT_EQ(t.o.dataset_config["subset"], "imbalanced");
      EXPECT_EQ(t.o.epochs, 200);
      EXPECT_EQ(t.o.steps, 0);
      EXPECT_EQ(t.o.sampling, "epochs");
    }
    if (j.id == "evaluate/elastic_infogan/seed-0")
      EXPECT_EQ(std::get<EvaluateJob>(j.task).o.metrics, std::vector<std::string>{"none"});
    trains += j.stage == "train" && j.id != "classifier";
  }
  EXPECT_EQ(trains, 250);
  for (const auto& j : expand_jobs(spec, load_preset("smoke"), tmp.file("smoke")))
    if (j.id == "train/infogan/seed-1")
      EXPECT_EQ(std::get<TrainJob>(j.task).o.epochs, 1);  // at least one epoch
}

}  // namespace
}  // namespace fb::reports
