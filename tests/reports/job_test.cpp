// Typed jobs (#17 item 3): a manifest holds each job's kind and typed options, never a command line; they
// round-trip through JSON and refuse unknown keys and kinds; an older manifest (command lines) is refused in
// one line; reports::run_job calls the library directly, with the same result as calling it by hand.
#include "reports/job.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "core/atomic_output.h"
#include "core/error.h"
#include "engine/trainer.h"
#include "reports/jobs.h"
#include "reports/run_job.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

// Every string anywhere in `j` (keys excluded).
void strings(const Json& j, std::vector<std::string>& out) {
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_structured())
    for (const auto& v : j) strings(v, out);
}

// The manifest is what the backends hand to each job's process: no option of any command appears in it,
// so renaming a command-line flag cannot change what `reproduce` runs.
TEST(Job, ManifestHoldsTypedOptionsAndNoCommandLine) {
  test::TempDir tmp;
  for (const char* name : {"infogan-cr", "elastic-infogan", "semi-stylegan-dsprites"}) {
    SCOPED_TRACE(name);
    const Spec spec = load_spec(name);
    const Preset preset = load_preset("smoke");
    const std::string dir = tmp.file(name);
    auto jobs = expand_jobs(spec, preset, dir);
    write_manifest(dir + "/manifest.json", spec, preset, dir, jobs);
    const Json m = Json::parse(read_file(dir + "/manifest.json"));
    std::set<std::string> kinds;
    for (const auto& j : m["jobs"]) {
      EXPECT_FALSE(j.contains("argv")) << j.dump();
      kinds.insert(j["kind"].get<std::string>());
      std::vector<std::string> values;
      strings(j, values);
      for (const auto& v : values) EXPECT_NE(v.rfind("--", 0), 0u) << j["id"] << ": " << v;
    }
    EXPECT_TRUE(kinds.count("train") && kinds.count("evaluate")) << name;
  }
}

// Every kind of job: JSON -> job -> JSON is the identity, and a misspelt option or kind is refused.
TEST(Job, EveryKindRoundTripsAndRefusesUnknownKeys) {
  test::TempDir tmp;
  // elastic-infogan trains a factor classifier; infogan-cr selects and traverses.
  auto jobs = expand_jobs(load_spec("elastic-infogan"), load_preset("smoke"), tmp.file("e"));
  for (auto& j : expand_jobs(load_spec("infogan-cr"), load_preset("smoke"), tmp.file("i")))
    jobs.push_back(j);
  std::set<std::string> kinds;
  for (const auto& job : jobs) {
    if (!kinds.insert(job.kind()).second) continue;
    SCOPED_TRACE(job.id);
    const Json j = job_to_json(job);
    EXPECT_EQ(job_to_json(job_from_json(j, "m")), j);
    Json typo = j;
    typo["options"]["sed"] = 1;
    try {
      job_from_json(typo, "m: jobs[0]");
      ADD_FAILURE() << "unknown option accepted";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find("m: jobs[0].options.sed: unknown key"),
                std::string::npos)
          << e.what();
    }
    Json other = j;
    other["kind"] = "trian";
    EXPECT_THROW(job_from_json(other, "m"), DataError);
  }
  EXPECT_EQ(kinds,
            (std::set<std::string>{"train", "train_classifier", "evaluate", "select", "traverse"}));
}

TEST(Job, AnOlderManifestIsRefusedInOneLine) {
  test::TempDir tmp;
  write_file_atomic(tmp.file("manifest.json"), R"({"spec": {}, "preset": {}, "jobs": [
      {"id": "train/vae/seed-0", "stage": "train", "argv": ["train", "--model", "vae"],
       "outputs": [], "after": [], "meta": {}}]})");
  try {
    read_manifest(tmp.file("manifest.json"));
    FAIL() << "an older manifest was read";
  } catch (const DataError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_NE(msg.find("written by an older factorbench"), std::string::npos) << msg;
    EXPECT_NE(msg.find("run the same `factorbench reproduce` again"), std::string::npos) << msg;
  }
}

TEST(Job, RebaseMovesEveryPathOption) {
  test::TempDir tmp;
  auto jobs = expand_jobs(load_spec("elastic-infogan"), load_preset("smoke"), tmp.file("old"));
  rebase_jobs(jobs, tmp.file("old"),
              "/old/out");  // (expansion writes the pool files under its dir)
  rebase_jobs(jobs, "/old/out", "/new/place");
  for (const auto& job : jobs) {
    std::vector<std::string> values;
    strings(job_to_json(job), values);
    for (const auto& v : values) EXPECT_EQ(v.find("/old/out"), std::string::npos) << job.id;
  }
  const auto evaluate =
      std::find_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.stage == "evaluate"; });
  ASSERT_NE(evaluate, jobs.end());
  const auto& e = std::get<EvaluateJob>(evaluate->task);
  EXPECT_EQ(e.o.run_dir.rfind("/new/place/runs/", 0), 0u) << e.o.run_dir;
  EXPECT_EQ(e.o.classifier, "/new/place/classifier");
}

// run_job trains through engine::train itself: the same digest as the library called by hand, and the
// summary line the job log keeps.
TEST(Job, RunJobTrainsThroughTheLibrary) {
  test::TempDir tmp;
  TrainJob t;
  t.o.model = "vae";
  t.o.dataset = "dsprites";
  t.o.dataset_config = {{"count", 64}};
  t.o.steps = 3;
  t.o.batch = 8;
  t.o.seed = 2;
  t.o.checkpoint_every = 2;
  t.o.out = tmp.file("job");
  Job job;
  job.id = "train/vae/seed-2";
  job.stage = "train";
  job.task = t;
  std::ostringstream out;
  ASSERT_EQ(run_job(job, {1, &out}), 0);

  engine::TrainOptions o = t.o;
  o.threads = 1;
  o.out = tmp.file("direct");
  const auto direct = engine::train(o);
  EXPECT_EQ(engine::run_digest(tmp.file("job")), direct.digest);
  EXPECT_NE(out.str().find(tmp.file("job") + ": 3 steps"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("digest " + direct.digest), std::string::npos) << out.str();
}

}  // namespace
}  // namespace fb::reports
