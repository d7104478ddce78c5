// Pools, the selector registry, supervised and UDR selection, and select's error paths.
#include "methods/select.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/rng.h"
#include "datagen/dataset.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/model.h"
#include "engine/run_dir.h"
#include "methods/pool.h"
#include "methods/selector.h"
#include "metrics/udr.h"
#include "tests/methods/run_builders.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

const Json kSmall{{"count", 64}};

SelectOptions options(const std::string& pool, const std::string& method, const std::string& out) {
  SelectOptions o;
  o.pool = pool;
  o.method = method;
  o.out = out;
  o.threads = 1;
  return o;
}

TEST(Selector, RegistryHoldsTheFourMethods) {
  for (const char* name : {"model-centrality", "udr-lasso", "udr-spearman", "supervised"}) {
    SCOPED_TRACE(name);
    const auto& entry = selector_registry().get(name);
    auto selector = entry.make(entry.defaults, name);
    EXPECT_EQ(selector->config(), entry.defaults);
    EXPECT_THROW(entry.make(Json{{"no_such_key", 1}}, name), ConfigError);
  }
  EXPECT_THROW(selector_registry().get("model_centrality"), UnknownName);
}

TEST(Selector, ParsesMethodArguments) {
  EXPECT_EQ(parse_method("udr-lasso").name, "udr-lasso");
  const auto s = parse_method("supervised:dci_disentanglement");
  EXPECT_EQ(s.name, "supervised");
  EXPECT_EQ(s.config["metric"], "dci_disentanglement");
  EXPECT_THROW(parse_method("supervised:"), ConfigError);
  EXPECT_THROW(parse_method("udr-lasso:x"), ConfigError);
}

TEST(Selector, RanksByScoreWithTiesToTheLowerIndexAndNanLast) {
  EXPECT_EQ(rank_scores({0.2, NAN, 0.5, 0.5, 0.1}), (std::vector<std::size_t>{2, 3, 0, 4, 1}));
}

TEST(Pool, ReadsDirectoriesRecursivelyTextListsAndJsonLists) {
  test::TempDir tmp;
  test::fake_run(tmp.file("runs/b/seed-1"), "vae", Json::object(), kSmall);
  test::fake_run(tmp.file("runs/a/seed-0"), "vae", Json::object(), kSmall);
  test::fake_run(tmp.file("runs/a/seed-1"), "vae", Json::object(), kSmall);
  const Pool dir = read_pool(tmp.file("runs"));
  ASSERT_EQ(dir.members.size(), 3u);
  EXPECT_EQ(dir.members[0].run_dir, tmp.file("runs/a/seed-0"));
  EXPECT_EQ(dir.members[2].run_dir, tmp.file("runs/b/seed-1"));
  EXPECT_EQ(dir.dataset, "dsprites");

  write_file(tmp.file("pool.txt"), "# two runs\nruns/b/seed-1\n\n  runs/a/seed-0  \n");
  const Pool text = read_pool(tmp.file("pool.txt"));
  ASSERT_EQ(text.members.size(), 2u);
  EXPECT_EQ(text.members[0].run_dir, tmp.file("runs/b/seed-1"));

  std::filesystem::create_directories(tmp.file("runs/a/seed-0/snapshots"));
  write_file(tmp.file("runs/a/seed-0/snapshots/infogan_modified.pt"), "");
  write_file(tmp.file("pool.json"),
             R"([{"run": "runs/a/seed-0", "snapshot": "infogan_modified", "metrics": "m.json"},)"
             R"( "runs/a/seed-1"])");
  const Pool list = read_pool(tmp.file("pool.json"));
  ASSERT_EQ(list.members.size(), 2u);
  EXPECT_EQ(list.members[0].model_file(), "snapshots/infogan_modified.pt");
  EXPECT_EQ(list.members[0].metrics_file(), tmp.file("m.json"));
  EXPECT_EQ(list.members[1].metrics_file(), tmp.file("runs/a/seed-1/metrics.json"));
  EXPECT_THROW(read_pool(tmp.file("pool.json"), "infogan_modified"),
               DataError);  // seed-1 has no snapshot
}

TEST(Select, RejectsAnEmptyPool) {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp.file("empty"));
  write_file(tmp.file("empty.txt"), "# nothing\n");
  for (const char* pool : {"empty", "empty.txt"}) {
    SCOPED_TRACE(pool);
    EXPECT_THROW(select_models(options(tmp.file(pool), "udr-lasso", tmp.file("s.json"))),
                 ConfigError);
  }
  EXPECT_THROW(select_models(options(tmp.file("missing"), "udr-lasso", tmp.file("s.json"))),
               DataError);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("s.json")));
  EXPECT_FALSE(std::filesystem::exists(tmp.file("s.json.partial")));
}

TEST(Select, RejectsRunsOfMixedDatasets) {
  test::TempDir tmp;
  test::fake_run(tmp.file("pool/a"), "vae", Json::object(), kSmall, Json{{"factor_vae", 0.5}});
  test::fake_run(tmp.file("pool/b"), "vae", Json::object(), Json{{"count", 128}},
                 Json{{"factor_vae", 0.6}});
  try {
    select_models(options(tmp.file("pool"), "supervised:factor_vae", tmp.file("s.json")));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("mixed datasets"), std::string::npos) << e.what();
  }
}

TEST(Select, RejectsBadArguments) {
  test::TempDir tmp;
  test::fake_run(tmp.file("pool/a"), "vae", Json::object(), kSmall);
  EXPECT_THROW(select_models(options(tmp.file("pool"), "centrality", tmp.file("s.json"))),
               UnknownName);
  EXPECT_THROW(select_models(options(tmp.file("pool/a"), "udr-lasso", tmp.file("s.json"))),
               ConfigError);
  // An unfinished run (no model.pt).
  std::filesystem::remove(tmp.file("pool/a/model.pt"));
  EXPECT_THROW(select_models(options(tmp.file("pool"), "udr-lasso", tmp.file("s.json"))),
               DataError);
}

TEST(Select, SupervisedPicksTheBestSeedMeanSettingAndItsBestRun) {
  test::TempDir tmp;
  // Setting γ=1: 0.80, 0.70 (mean 0.75); γ=10: 0.78, 0.76 (mean 0.77); the single best run is in
  // γ=1.
  test::fake_run(tmp.file("pool/g1-s0"), "factor_vae", Json{{"gamma", 1}}, kSmall,
                 Json{{"factor_vae", 0.80}});
  test::fake_run(tmp.file("pool/g1-s1"), "factor_vae", Json{{"gamma", 1}}, kSmall,
                 Json{{"factor_vae", 0.70}});
  test::fake_run(tmp.file("pool/g10-s0"), "factor_vae", Json{{"gamma", 10}}, kSmall,
                 Json{{"factor_vae", 0.76}});
  test::fake_run(
      tmp.file("pool/g10-s1"), "factor_vae", Json{{"gamma", 10}}, kSmall,
      Json{{"scores",
            {{"factor_vae", 0.78}, {"dci", {{"disentanglement", 0.9}}}}}});  // evaluate's layout
  auto o = options(tmp.file("pool"), "supervised:factor_vae", tmp.file("s.json"));
  const Json s = select_models(o);
  EXPECT_EQ(s["chosen"]["run"], tmp.file("pool/g10-s1"));
  EXPECT_EQ(s["details"]["chosen_setting"], 1);
  EXPECT_NEAR(s["details"]["settings"][1]["mean"].get<double>(), 0.77, 1e-12);
  EXPECT_NEAR(s["details"]["settings"][1]["std"].get<double>(), 0.01, 1e-12);
  EXPECT_EQ(s["ranking"], Json({0, 3, 2, 1}));
  EXPECT_EQ(Json::parse(test::slurp(tmp.file("s.json"))), s);
  EXPECT_NE(selection_table(s).find("chosen (supervised:factor_vae): " + tmp.file("pool/g10-s1")),
            std::string::npos);

  o.force = true;
  o.config = Json{{"granularity", "model"}};
  EXPECT_EQ(select_models(o)["chosen"]["run"], tmp.file("pool/g1-s0"));
  // A metric some runs lack.
  o.method = "supervised:dci.disentanglement";
  o.config = Json::object();
  EXPECT_THROW(select_models(o), DataError);
  // An existing output without --force.
  o.force = false;
  o.method = "supervised:factor_vae";
  EXPECT_THROW(select_models(o), ConfigError);
}

TEST(Select, UdrRelativeStrengthAnchors) {
  // docs/protocols.md §4.8: identity → 1; [[1,1,0],[1,1,0],[0,0,1]] → 2/3; ones(3×3) → 1/3; zeros → 0.
  Eigen::MatrixXd two(3, 3);
  two << 1, 1, 0, 1, 1, 0, 0, 0, 1;
  EXPECT_NEAR(metrics::udr_relative_strength(Eigen::MatrixXd::Identity(3, 3)), 1.0, 1e-12);
  EXPECT_NEAR(metrics::udr_relative_strength(two), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(metrics::udr_relative_strength(Eigen::MatrixXd::Ones(3, 3)), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(metrics::udr_relative_strength(Eigen::MatrixXd::Zero(3, 3)), 0.0, 1e-12);
}

TEST(Select, UdrScoresEveryModelOnTheSameObservations) {
  test::TempDir tmp;
  test::train_tiny(tmp.file("pool/a"), "infogan", Json(), 1);
  test::train_tiny(tmp.file("pool/b"), "infogan", Json(), 2);
  // An identical copy of run a: the two must score exactly alike.
  std::filesystem::copy(tmp.file("pool/a"), tmp.file("pool/c"),
                        std::filesystem::copy_options::recursive);
  auto o = options(tmp.file("pool"), "udr-spearman", tmp.file("s.json"));
  o.config = Json{{"num_points", 200}, {"batch", 200}};  // one batch, as encoded below
  const Json s = select_models(o);
  ASSERT_EQ(s["models"].size(), 3u);
  EXPECT_EQ(s["models"][0]["score"], s["models"][2]["score"]);
  const auto pairwise = s["details"]["pairwise"];
  EXPECT_EQ(pairwise[0][2], pairwise[2][0]);

  // The same numbers from metrics::udr on Q's codes of the same 200 observations (GANs: no KL, all
  // kept).
  const Pool pool = read_pool(tmp.file("pool"));
  const auto dataset = open_pool_dataset(pool);
  Rng rng = Rng::derive(0, "udr:observations");
  const auto indices = dataset->sample_indices(200, rng);
  std::vector<std::uint8_t> pixels(indices.size() * dataset->image_bytes());
  dataset->gather(indices, pixels.data());
  std::vector<metrics::UdrModel> models;
  for (const auto& m : pool.members) {
    auto model = load_member(m, "cpu");
    auto mean = model->encode(engine::to_model_input(pixels.data(), 200, *dataset, torch::kCPU))
                    .mean.contiguous();
    metrics::UdrModel u;
    u.mean = Eigen::Map<const metrics::Codes>(mean.data_ptr<float>(), 200, mean.size(1));
    models.push_back(u);
  }
  const auto expected = metrics::udr(models, metrics::UdrMethod::kSpearman);
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(s["models"][i]["score"].get<double>(), expected.model_scores[i], 1e-12);
}

TEST(Select, UdrLassoScoresVaesWithTheirKl) {
  test::TempDir tmp;
  test::train_tiny(tmp.file("pool/a"), "beta_vae", Json(), 1);
  test::train_tiny(tmp.file("pool/b"), "beta_vae", Json(), 2);
  auto o = options(tmp.file("pool"), "udr-lasso", tmp.file("s.json"));
  o.config = Json{{"num_points", 100}, {"batch", 50}, {"filter_low_kl", false}};
  const Json s = select_models(o);
  for (const auto& m : s["models"]) EXPECT_TRUE(m["score"].is_number());
  EXPECT_EQ(s["config"]["filter_low_kl"], false);
}

}  // namespace
}  // namespace fb::methods
