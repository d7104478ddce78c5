// ModelCentrality: the §4.8 anchor, a planted medoid among synthetic models, and a pool of trained
// GANs.
#include "methods/model_centrality.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/threads.h"
#include "methods/select.h"
#include "methods/selector.h"
#include "tests/methods/run_builders.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

TEST(ModelCentrality, ReferenceAnchorSelectsTheSecondModel) {
  // docs/protocols.md §4.8: F = [[1,.8,.2],[.6,1,.4],[.2,.2,1]] → .45, .50, .25. §5.2's S_ij = (F_ij +
  // F_ji)/2 and centrality_i = mean_{j≠i} S_ij give exactly these; "model 2" counts from one, i.e.
  // index 1.
  Eigen::MatrixXd f(3, 3);
  f << 1, .8, .2, .6, 1, .4, .2, .2, 1;
  const auto scores = centrality_scores(f);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_NEAR(scores[0], 0.45, 1e-12);
  EXPECT_NEAR(scores[1], 0.50, 1e-12);
  EXPECT_NEAR(scores[2], 0.25, 1e-12);
  EXPECT_EQ(rank_scores(scores).front(), 1u);
  EXPECT_THROW(centrality_scores(Eigen::MatrixXd::Ones(1, 1)), ConfigError);
}

// Synthetic models on 4 codes whose "images" are the codes themselves ([N,4]). Every generator is
// the identity; model k's encoder mixes codes k and k+1 (so its groups for those two codes vote for
// the same dims), except the planted medoid, whose encoder is the identity.
CentralityModel synthetic(int mixed) {
  CentralityModel m;
  m.code_dim = 4;
  m.prior.codes.uniform = m.prior.noise.uniform = true;
  m.generate = [](const torch::Tensor& codes, const torch::Tensor&) { return codes.clone(); };
  m.encode = [mixed](const torch::Tensor& x, torch::Generator&) {
    if (mixed < 0) return x.clone();
    torch::Tensor out = x.clone();
    const int a = mixed, b = (mixed + 1) % 4;
    out.select(1, a).copy_((x.select(1, a) + x.select(1, b)) / std::sqrt(2.0));
    out.select(1, b).copy_((x.select(1, a) - x.select(1, b)) / std::sqrt(2.0));
    return out;
  };
  return m;
}

TEST(ModelCentrality, PicksThePlantedMedoid) {
  std::vector<CentralityModel> pool = {synthetic(0), synthetic(1), synthetic(-1), synthetic(2),
                                       synthetic(3)};
  ModelCentralityConfig cfg;
  cfg.groups = 80;
  cfg.group_size = 20;
  cfg.normalise_samples = 400;
  cfg.batch = 256;
  const auto r = model_centrality(pool, cfg, 7, torch::kCPU);
  EXPECT_EQ(rank_scores(r.scores).front(), 2u);
  EXPECT_NEAR(r.f(2, 2), 1.0,
              1e-12);  // identity encoder on identity generator: every group votes right
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(r.f(2, j), 1.0, 1e-12) << j;
  EXPECT_LT(r.f(0, 1), 0.9);
  // Deterministic for a seed.
  EXPECT_EQ(model_centrality(pool, cfg, 7, torch::kCPU).f, r.f);
}

TEST(ModelCentrality, GroupCountsDefaultToOneHundredPerCode) {
  std::vector<CentralityModel> pool = {synthetic(-1), synthetic(0)};
  std::int64_t generated = 0;
  for (auto& m : pool) {
    auto inner = m.generate;
    m.generate = [inner, &generated](const torch::Tensor& c, const torch::Tensor& z) {
      generated += c.size(0);
      return inner(c, z);
    };
  }
  ModelCentralityConfig cfg;
  cfg.group_size = 2;
  cfg.normalise_samples = 10;
  model_centrality(pool, cfg, 1, torch::kCPU);
  EXPECT_EQ(generated, 2 * (100 * 4 * 2 + 10));
}

TEST(ModelCentrality, SelectsFromAPoolOfTrainedGans) {
  test::TempDir tmp;
  for (int s = 0; s < 3; ++s)
    test::train_tiny(tmp.file("pool/seed-" + std::to_string(s)), "infogan", Json(),
                     static_cast<std::uint64_t>(s));
  SelectOptions o;
  o.pool = tmp.file("pool");
  o.method = "model-centrality";
  o.config = Json{{"groups", 20}, {"group_size", 5}, {"normalise_samples", 40}, {"batch", 64}};
  o.out = tmp.file("selection.json");
  o.threads = 1;
  const Json s = select_models(o);
  ASSERT_EQ(s["models"].size(), 3u);
  ASSERT_EQ(s["details"]["f"].size(), 3u);
  for (const auto& m : s["models"]) {
    EXPECT_GE(m["score"].get<double>(), 0.0);
    EXPECT_LE(m["score"].get<double>(), 1.0);
  }
  EXPECT_EQ(s["chosen"]["index"], s["ranking"][0]);
  EXPECT_EQ(s["config"]["groups"], 20);
  // The same seed gives the same file.
  o.force = true;
  EXPECT_EQ(select_models(o)["details"], s["details"]);
}

TEST(ModelCentrality, EncodesOnEveryConfiguredThread) {
  // #22 item 4: the encoders of a batch run in parallel on the job's threads.
  std::vector<CentralityModel> pool = {synthetic(0), synthetic(1), synthetic(-1), synthetic(2)};
  std::mutex mutex;
  std::set<std::thread::id> seen;
  for (auto& m : pool) {
    auto inner = m.encode;
    m.encode = [inner, &mutex, &seen](const torch::Tensor& x, torch::Generator& g) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // long enough for both threads
      const std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
      return inner(x, g);
    };
  }
  ModelCentralityConfig cfg;
  cfg.groups = 8;
  cfg.group_size = 4;
  cfg.normalise_samples = 8;
  cfg.batch = 64;
  const int before = configured_threads();
  configure_threads(2);
  const auto two = model_centrality(pool, cfg, 3, torch::kCPU);
  configure_threads(before);
  EXPECT_EQ(seen.size(), 2u);
  configure_threads(1);
  seen.clear();
  const auto one = model_centrality(pool, cfg, 3, torch::kCPU);
  configure_threads(before);
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(two.f, one.f);
}

TEST(ModelCentrality, TwoThreadsGiveOneThreadsBytes) {
  // Trained VAEs (sampled codes: each encoder draws noise) and InfoGANs: the selection's F and scores
  // are bit-identical whether the job has one thread or two.
  test::TempDir tmp;
  for (int s = 0; s < 2; ++s) {
    test::train_tiny(tmp.file("vae/seed-" + std::to_string(s)), "beta_vae", Json(),
                     static_cast<std::uint64_t>(s));
    test::train_tiny(tmp.file("gan/seed-" + std::to_string(s)), "infogan", Json(),
                     static_cast<std::uint64_t>(s));
  }
  const int before = configured_threads();
  for (const std::string pool : {"vae", "gan"}) {
    SCOPED_TRACE(pool);
    SelectOptions o;
    o.pool = tmp.file(pool);
    o.method = "model-centrality";
    o.config = Json{{"groups", 20}, {"group_size", 5}, {"normalise_samples", 40}, {"batch", 32}};
    o.out = tmp.file(pool + "-1.json");
    o.threads = 1;
    const Json one = select_models(o);
    o.out = tmp.file(pool + "-2.json");
    o.threads = 2;
    const Json two = select_models(o);
    EXPECT_EQ(two["details"], one["details"]);
    EXPECT_EQ(two["models"], one["models"]);
  }
  configure_threads(before);
}

}  // namespace
}  // namespace fb::methods
