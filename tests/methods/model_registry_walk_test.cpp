// Registry walk over every registered model (the VAE family, InfoGAN, InfoGAN-CR, Elastic-InfoGAN,
// the StyleGAN family, ...), one test per model and property; the names come from the registry
// itself, so a new model is walked without being listed here. The methods suite links every model
// library, so this is the walk of the whole family.
//
// The step is a real held dSprites batch (engine/bench_batch.h) with its factor classes, the
// dataset's factor sizes and a labelled subset, so models that read labels (Semi-StyleGAN,
// Elastic-InfoGAN's δ) run as the trainer runs them.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/threads.h"
#include "engine/bench_batch.h"
#include "engine/capabilities.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::methods {
namespace {

class EveryModel : public testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { configure_threads(1); }
  /// Four held dSprites images with everything a model may need (engine/bench_batch.h).
  static engine::BenchBatch& batch() {
    static engine::BenchBatch held("dsprites", Json{{"count", 256}}, 4, torch::kCPU, 5);
    return held;
  }
  const Registry<engine::ModelFactory>::Entry& entry() const {
    return engine::model_registry().get(GetParam());
  }
  std::unique_ptr<engine::Model> make(const Json& config, std::uint64_t seed = 9) const {
    return engine::make_model(GetParam(), config, batch().context(seed), GetParam());
  }
};

std::vector<std::string> model_names() { return engine::model_registry().names(); }

TEST_P(EveryModel, DefaultConfigRoundTripsThroughJsonText) {
  // to_json → text → from_json: the resolved config read back builds a model whose config is the
  // same JSON. It holds the keys the registry advertises as defaults, no more and no fewer (their
  // values may be resolved from the data: StyleGAN's K, Elastic-InfoGAN's ground-truth prior).
  auto model = make(Json());
  const Json resolved = model->config();
  auto again = make(Json::parse(resolved.dump()), /*seed=*/10);
  EXPECT_EQ(again->config(), resolved);
  EXPECT_EQ(again->name(), GetParam());
  ASSERT_TRUE(resolved.is_object());
  for (auto it = entry().defaults.begin(); it != entry().defaults.end(); ++it)
    EXPECT_TRUE(resolved.contains(it.key())) << it.key();
  EXPECT_EQ(resolved.size(), entry().defaults.size()) << resolved.dump();
}

TEST_P(EveryModel, RejectsAnUnknownKeyNamingIt) {
  try {
    make(Json{{"no_such_key", 1}});
    FAIL() << "an unknown key was accepted";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(GetParam() + ".no_such_key"), std::string::npos) << what;
    EXPECT_NE(what.find("unknown key"), std::string::npos) << what;
  }
}

TEST_P(EveryModel, GivesFiniteLossesAndEncodesIdenticallyAfterSaveAndLoad) {
  auto model = make(Json());
  engine::StepContext step{0, engine::make_generator(torch::kCPU, 3)};
  batch().attach(*model);
  const torch::Tensor& images = batch().images();
  auto losses = model->train_step(images, step);
  ASSERT_FALSE(losses.empty());
  EXPECT_EQ(losses[0].first, "loss");
  for (const auto& [term, value] : losses) EXPECT_TRUE(std::isfinite(value.item<double>())) << term;

  torch::serialize::OutputArchive out;
  model->save(out);
  std::stringstream bytes;
  out.save_to(bytes);
  auto copy =
      make(model->config(), /*seed=*/10);  // other initial weights, all overwritten by load()
  torch::serialize::InputArchive in;
  in.load_from(bytes);
  copy->load(in);
  EXPECT_EQ(copy->digest(), model->digest());
  auto a = model->encode(images), b = copy->encode(images);
  EXPECT_TRUE(torch::equal(a.mean, b.mean));
  EXPECT_EQ(a.logvar.defined(), b.logvar.defined());
  if (a.logvar.defined()) EXPECT_TRUE(torch::equal(a.logvar, b.logvar));
}

TEST_P(EveryModel, EncodesAndGeneratesWithTheDeclaredShapes) {
  auto model = make(Json());
  const torch::Tensor& images = batch().images();
  const std::int64_t n = images.size(0), d = model->latent_dim();
  const auto encoding = model->encode(images);
  EXPECT_EQ(encoding.mean.sizes(), (std::vector<std::int64_t>{n, d}));
  EXPECT_EQ(encoding.mean.scalar_type(), torch::kFloat32);
  if (encoding.logvar.defined())
    EXPECT_EQ(encoding.logvar.sizes(), (std::vector<std::int64_t>{n, d}));

  auto* sampling = engine::capability<engine::PriorSampling>(*model);
  if (sampling == nullptr) {  // no generator: generate() refuses
    EXPECT_THROW(model->generate(torch::zeros({n, d}), torch::Tensor()), ConfigError);
    return;
  }
  const engine::LatentPrior prior = sampling->prior();
  auto gen = engine::make_generator(torch::kCPU, 4);
  const auto options = torch::TensorOptions().dtype(torch::kFloat32);
  const torch::Tensor codes = prior.codes.draw(n, d, gen, options);
  const torch::Tensor noise =
      prior.noise_dim > 0 ? prior.noise.draw(n, prior.noise_dim, gen, options) : torch::Tensor();
  const std::vector<std::int64_t> image_shape = images.sizes().vec();
  for (const torch::Tensor& out :
       {model->generate(codes, noise), sampling->sample_images(n, gen)}) {
    EXPECT_EQ(out.sizes().vec(), image_shape);
    EXPECT_GE(out.min().item<float>(), 0.0f);
    EXPECT_LE(out.max().item<float>(), 1.0f);
  }
}

INSTANTIATE_TEST_SUITE_P(ModelRegistry, EveryModel, testing::ValuesIn(model_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(ModelRegistry, HoldsEveryFamilyOfThePapers) {
  // The walk above is only as wide as the registry: the linked libraries must register the VAE
  // family and every GAN of the papers.
  for (const char* name : {"beta_vae", "factor_vae", "infogan", "infogan_cr", "elastic_infogan",
                           "info_stylegan", "semi_stylegan"})
    EXPECT_TRUE(engine::model_registry().contains(name)) << name;
}

}  // namespace
}  // namespace fb::methods
