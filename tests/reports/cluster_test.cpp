#include "reports/cluster.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/config.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

namespace fs = std::filesystem;

// A typical university GPU cluster (the example in docs/cluster.md).
Json university() {
  return Json::parse(R"({
    "defaults": {"partition": "gpu", "account": "vision-lab", "qos": "normal", "time": "04:00:00",
                 "cpus_per_task": 4, "mem": "16G"},
    "train": {"gpus_per_task": 1, "time": "1-00:00:00", "constraint": "a100|h100",
              "extra_sbatch": ["--mail-type=FAIL"], "signal_seconds": 300},
    "evaluate": {"gpus_per_task": 1},
    "select": {"partition": "cpu", "time": "02:00", "mem": "32000M"}
  })");
}

SbatchScript script_for(const std::string& stage, const SlurmResources* r) {
  SbatchScript s;
  s.stage = stage;
  s.tasks = 3;
  s.max_running = 8;
  s.threads = r && r->cpus_per_task > 0 ? static_cast<int>(r->cpus_per_task) : 2;
  s.executable = "/opt/fb/factorbench";
  s.manifest = "/scratch/out/manifest.json";
  s.ids_file = "/scratch/out/slurm/" + stage + ".ids";
  s.logs = "/scratch/out/logs";
  s.resources = r;
  return s;
}

std::string error_of(const Json& profile) {
  try {
    parse<ClusterProfile>(profile, "c.json: cluster");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ClusterProfile, StagesOverlayTheDefaults) {
  auto p = parse<ClusterProfile>(university(), "c.json: cluster");
  auto train = p.resources("train"), evaluate = p.resources("evaluate"),
       select = p.resources("select"), traverse = p.resources("traverse");
  EXPECT_EQ(train.partition, "gpu");
  EXPECT_EQ(train.time, "1-00:00:00");
  EXPECT_EQ(train.gpus_per_task, 1);
  EXPECT_EQ(evaluate.time, "04:00:00");
  EXPECT_EQ(select.partition, "cpu");
  EXPECT_EQ(select.gpus_per_task, 0);
  EXPECT_EQ(select.account, "vision-lab");
  EXPECT_EQ(traverse.cpus_per_task, 4);
}

// The script's header up to its --output line.
std::string header(const std::string& script) {
  const auto end = script.find('\n', script.find("#SBATCH --output="));
  return script.substr(0, end + 1);
}

TEST(ClusterProfile, SbatchScriptCarriesTheStagesResources) {
  auto p = parse<ClusterProfile>(university(), "c.json: cluster");
  auto train = p.resources("train");
  const std::string script = sbatch_script(script_for("train", &train));
  EXPECT_EQ(header(script),
            "#!/bin/bash\n"
            "#SBATCH --job-name=fb-train\n"
            "#SBATCH --array=0-2%8\n"
            "#SBATCH --cpus-per-task=4\n"
            "#SBATCH --partition=gpu\n"
            "#SBATCH --account=vision-lab\n"
            "#SBATCH --qos=normal\n"
            "#SBATCH --time=1-00:00:00\n"
            "#SBATCH --gres=gpu:1\n"
            "#SBATCH --mem=16G\n"
            "#SBATCH --constraint=a100|h100\n"
            "#SBATCH --mail-type=FAIL\n"
            "#SBATCH --signal=B:USR1@300\n"
            "#SBATCH --requeue\n"
            "#SBATCH --open-mode=append\n"
            "#SBATCH --output=/scratch/out/logs/slurm-train-%a.log\n");
  EXPECT_NE(script.find(
                "'/opt/fb/factorbench' --quiet run-job '/scratch/out/manifest.json' --list "
                "'/scratch/out/slurm/train.ids' --index \"$SLURM_ARRAY_TASK_ID\" --threads 4 &\n"),
            std::string::npos)
      << script;
  auto select = p.resources("select");
  const std::string s = sbatch_script(script_for("select", &select));
  EXPECT_NE(s.find("#SBATCH --partition=cpu\n#SBATCH --account=vision-lab\n#SBATCH --qos=normal\n"
                   "#SBATCH --time=02:00\n#SBATCH --mem=32000M\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("--gres"), std::string::npos) << s;
  EXPECT_EQ(s.find("--constraint"), std::string::npos) << s;
  // signal_seconds 0: no warning signal (requeue on preemption stays).
  select.signal_seconds = 0;
  const std::string quiet = sbatch_script(script_for("select", &select));
  EXPECT_EQ(quiet.find("--signal"), std::string::npos) << quiet;
  EXPECT_NE(quiet.find("#SBATCH --requeue\n"), std::string::npos) << quiet;
}

TEST(ClusterProfile, WithoutAProfileTheScriptAsksForCpusOnly) {
  const std::string script = sbatch_script(script_for("evaluate", nullptr));
  EXPECT_EQ(header(script),
            "#!/bin/bash\n"
            "#SBATCH --job-name=fb-evaluate\n"
            "#SBATCH --array=0-2%8\n"
            "#SBATCH --cpus-per-task=2\n"
            "#SBATCH --signal=B:USR1@120\n"
            "#SBATCH --requeue\n"
            "#SBATCH --open-mode=append\n"
            "#SBATCH --output=/scratch/out/logs/slurm-evaluate-%a.log\n");
  EXPECT_NE(
      script.find(
          "'/opt/fb/factorbench' --quiet run-job '/scratch/out/manifest.json' --list "
          "'/scratch/out/slurm/evaluate.ids' --index \"$SLURM_ARRAY_TASK_ID\" --threads 2 &\n"),
      std::string::npos)
      << script;
}

// K jobs per array task: the array shrinks to ceil(jobs / K) tasks and run-job gets --jobs-per-task K.
TEST(ClusterProfile, JobsPerTaskShrinksTheArray) {
  SbatchScript s = script_for("train", nullptr);
  s.tasks = 5;
  s.jobs_per_task = 2;
  const std::string script = sbatch_script(s);
  EXPECT_NE(script.find("#SBATCH --array=0-2%8\n"), std::string::npos) << script;
  EXPECT_NE(script.find("--threads 2 --jobs-per-task 2 &\n"), std::string::npos) << script;
}

// The script's own logic, run by bash with a fake run-job and scontrol: a stop with a checkpoint (75)
// requeues the task every time; a failure is requeued `retries` times, then the task fails with its code.
TEST(ClusterProfile, ScriptRequeuesStopsAlwaysAndFailuresAtMostRetriesTimes) {
  test::TempDir tmp;
  auto write_exe = [&](const std::string& name, const std::string& body) {
    std::ofstream(tmp.file(name)) << "#!/bin/bash\n" << body;
    fs::permissions(tmp.file(name), fs::perms::owner_all);
    return tmp.file(name);
  };
  // The fake run-job exits with the code in the file `code`; the fake scontrol logs its arguments.
  write_exe("scontrol", "echo \"$@\" >> " + tmp.file("requeues") + "\n");
  SbatchScript s = script_for("train", nullptr);
  s.executable = write_exe("run-job", "exit $(cat " + tmp.file("code") + ")\n");
  s.retries = 1;
  s.retry_dir = tmp.file("retries");
  fs::create_directories(s.retry_dir);
  std::ofstream(tmp.file("task.sh")) << sbatch_script(s);
  auto run_task = [&](int code) {
    std::ofstream(tmp.file("code")) << code;
    const std::string cmd =
        "cd " + tmp.path() + " && PATH=" + tmp.path() +
        ":$PATH SLURM_ARRAY_JOB_ID=41 SLURM_ARRAY_TASK_ID=3 bash task.sh > /dev/null";
    const int status = std::system(cmd.c_str());
    return WEXITSTATUS(status);
  };
  auto requeues = [&] {
    std::ifstream in(tmp.file("requeues"));
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line == "requeue 41_3";
    return n;
  };
  EXPECT_EQ(run_task(75), 0);
  EXPECT_EQ(run_task(75), 0);
  EXPECT_EQ(requeues(), 2);
  EXPECT_EQ(run_task(1), 0);  // the one retry
  EXPECT_EQ(requeues(), 3);
  EXPECT_EQ(run_task(1), 1);  // retries used up: the task fails
  EXPECT_EQ(requeues(), 3);
  EXPECT_EQ(run_task(0), 0);
  EXPECT_EQ(requeues(), 3);
  fs::remove_all(s.retry_dir);
  fs::create_directories(s.retry_dir);
  EXPECT_EQ(run_task(76), 76);  // blocked by a failed job: not retried
  EXPECT_EQ(requeues(), 3);
}

TEST(ClusterProfile, TimeLimitsFollowSlurmsFormats) {
  for (const char* ok : {"30", "30:00", "4:00:00", "1-0", "2-12:30", "7-00:00:00", "infinite"})
    EXPECT_TRUE(valid_slurm_time(ok)) << ok;
  for (const char* bad : {"", "4h", "1:2:3:4", "1-", "-1", "1-2-3", "12:", "01:00:000", "1 day"})
    EXPECT_FALSE(valid_slurm_time(bad)) << bad;
}

TEST(ClusterProfile, ErrorsNameTheField) {
  EXPECT_EQ(error_of(university()), "");
  Json j = university();
  j["defaults"]["partiton"] = "gpu";
  EXPECT_NE(error_of(j).find("c.json: cluster.defaults.partiton: unknown key"), std::string::npos)
      << error_of(j);
  j = university();
  j["train"]["time"] = "24 hours";
  EXPECT_NE(error_of(j).find("c.json: cluster.train.time: must be a Slurm time limit"),
            std::string::npos)
      << error_of(j);
  j = university();
  j["trian"] = Json::object();
  EXPECT_NE(error_of(j).find("c.json: cluster.trian: unknown key"), std::string::npos)
      << error_of(j);
  j = university();
  j["evaluate"]["gpus_per_task"] = -1;
  EXPECT_NE(error_of(j).find("cluster.evaluate.gpus_per_task: must be >= 0"), std::string::npos)
      << error_of(j);
  j = university();
  j["defaults"]["mem"] = "16 GB";
  EXPECT_NE(error_of(j).find("cluster.defaults.mem"), std::string::npos) << error_of(j);
  j = university();
  j["select"]["account"] = "lab\n#SBATCH --partition=big";
  EXPECT_NE(error_of(j).find("cluster.select.account: must not contain newlines"),
            std::string::npos);
  j = university();
  j["train"]["extra_sbatch"] = {"--array=0-999"};
  EXPECT_NE(error_of(j).find("cluster.train.extra_sbatch[0]: is set by factorbench"),
            std::string::npos);
  j = university();
  j["train"]["extra_sbatch"] = {"--signal=USR2@60"};
  EXPECT_NE(error_of(j).find("cluster.train.extra_sbatch[0]: is set by factorbench"),
            std::string::npos);
  j = university();
  j["train"]["signal_seconds"] = -5;
  EXPECT_NE(error_of(j).find("cluster.train.signal_seconds: must be in [0, 65535]"),
            std::string::npos)
      << error_of(j);
  j = university();
  j["train"]["extra_sbatch"] = {"mail-type=FAIL"};
  EXPECT_NE(error_of(j).find("cluster.train.extra_sbatch[0]: must be one sbatch option"),
            std::string::npos);
}

// The refusals through the command line: exit 2, one line naming the field, no output directory, nothing
// submitted (no sbatch is needed: the refusal comes first).
TEST(ClusterProfile, ReproduceRefusesABadProfileBeforeAnything) {
  test::TempDir tmp;
  auto write = [&](const std::string& name, const Json& j) {
    std::ofstream(tmp.file(name)) << j.dump();
    return tmp.file(name);
  };
  Json unknown = university();
  unknown["train"]["gpus"] = 1;
  Json bad_time = university();
  bad_time["defaults"]["time"] = "4:00:00:00";
  struct Case {
    std::string file, backend, expect;
  };
  for (const auto& c : std::vector<Case>{
           {write("unknown.json", unknown), "slurm", "cluster.train.gpus: unknown key"},
           {write("time.json", bad_time), "slurm",
            "cluster.defaults.time: must be a Slurm time limit"},
           {tmp.file("missing.json"), "slurm", "missing.json: cannot read the cluster profile"},
           {write("good.json", university()), "local", "--cluster: needs --backend slurm"}}) {
    SCOPED_TRACE(c.file);
    const std::string out = tmp.file("out");
    auto r = test::run({"reproduce", "infogan-cr", "--preset", "smoke", "--backend", c.backend,
                        "--cluster", c.file, "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(test::lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

// Packing is a Slurm option (the local backend runs --jobs jobs at once already); refused before anything.
TEST(ClusterProfile, JobsPerTaskNeedsSlurm) {
  test::TempDir tmp;
  const std::string out = tmp.file("out");
  auto r = test::run(
      {"reproduce", "infogan-cr", "--preset", "smoke", "--jobs-per-task", "2", "--out", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(test::lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--jobs-per-task: needs --backend slurm"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace fb::reports
