// `describe` (#16 item 19): parameter counts of the reference networks, computed by hand from the
// reference's layer list beside each; output shapes read from the probe; optimiser groups; every
// registered model describes every parameterised layer with a shape.
#include "engine/describe.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/error.h"
#include "core/threads.h"
#include "engine/model.h"

namespace fb::engine {
namespace {

// dSprites geometry (1×64×64) and factor sizes, as `train` would give the model.
Json describe(const std::string& model, const Json& config = Json::object()) {
  configure_threads(1);
  DescribeOptions o;
  o.model = model;
  o.config = config;
  return describe_model(o);
}

std::map<std::string, std::int64_t> network_counts(const Json& d) {
  std::map<std::string, std::int64_t> out;
  for (const auto& n : d.at("networks")) out[n.at("name")] = n.at("parameters").get<std::int64_t>();
  return out;
}

const Json& layer(const Json& d, const std::string& path) {
  for (const auto& n : d.at("networks"))
    for (const auto& l : n.at("layers"))
      if (l.at("path") == path) return l;
  throw std::runtime_error("no layer " + path);
}

TEST(Describe, DlibVaeNetworksHaveDisentanglementLibsCounts) {
  const Json d = describe("beta_vae");
  const auto n = network_counts(d);
  // disentanglement_lib conv_encoder, 1 channel, 10 latents (weights + biases):
  //   conv 1→32 k4: 32·1·16 + 32 = 544;  conv 32→32 k4: 32·32·16 + 32 = 16,416;
  //   conv 32→64 k2: 64·32·4 + 64 = 8,256;  conv 64→64 k2: 64·64·4 + 64 = 16,448;
  //   dense 1024→256: 262,144 + 256 = 262,400;  means and log variances 256→10: 2 × 2,570.
  //   Total 309,204.
  EXPECT_EQ(n.at("encoder"), 309204);
  // deconv_decoder: dense 10→256: 2,816;  dense 256→1024: 263,168;
  //   transposed conv 64→64 k4: 64·64·16 + 64 = 65,600;  64→32: 32,800;  32→32: 16,416;  32→1: 513.
  //   Total 381,313.
  EXPECT_EQ(n.at("decoder"), 381313);
  EXPECT_EQ(d.at("parameters"), 309204 + 381313);
  // Shapes at the probe batch 2: the first conv halves 64×64, the trunk ends at 256 features.
  EXPECT_EQ(layer(d, "encoder.trunk.0").at("output"), Json({2, 32, 32, 32}));
  EXPECT_EQ(layer(d, "encoder.trunk.8").at("output"), Json({2, 1024}));  // Flatten, by replay
  EXPECT_EQ(layer(d, "encoder.mean").at("output"), Json({2, 10}));
  EXPECT_EQ(layer(d, "decoder.upsample").at("output"), Json({2, 1, 64, 64}));
}

TEST(Describe, FactorVaeDiscriminatorsFollowEachReference) {
  // disentanglement_lib fc_discriminator: 6 × dense 1000 (LeakyReLU), dense 2, on 10 latents:
  //   10→1000: 11,000;  5 × (1000→1000): 5 × 1,001,000;  1000→2: 2,002.  Total 5,018,002.
  const Json dlib = describe("factor_vae");
  EXPECT_EQ(network_counts(dlib).at("discriminator"), 5018002);
  // InfoGAN-CR's TCDiscriminator(num_layers=6) builds 5 hidden layers of 1000, then 2 logits:
  //   11,000 + 4 × 1,001,000 + 2,002 = 4,017,002.
  const Json cr = describe("factor_vae", Json{{"architecture", "cr"}});
  const auto n = network_counts(cr);
  EXPECT_EQ(n.at("discriminator"), 4017002);
  // Its encoder: conv 32, 32, 64, 64 (all k4): 544 + 16,416 + 32,832 + 65,600; FC 1024→128:
  //   131,200; two heads 128→10: 2 × 1,290.  Total 249,172.
  EXPECT_EQ(n.at("encoder"), 249172);
  // Its decoder: FC 10→128: 1,408; FC 128→1024: 132,096; transposed convs 65,600 + 32,800 +
  //   16,416 + 513.  Total 248,833.
  EXPECT_EQ(n.at("decoder"), 248833);
  EXPECT_EQ(layer(cr, "discriminator.net.8").at("output"), Json({2, 1000}));
  EXPECT_EQ(layer(cr, "discriminator.net.10").at("output"), Json({2, 2}));
  // Two optimisers: the VAE's over encoder and decoder, the discriminator's over itself.
  const Json& opts = cr.at("optimizers");
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[0].at("groups")[0].at("modules"), Json({"encoder", "decoder"}));
  EXPECT_EQ(opts[1].at("groups")[0].at("modules"), Json({"discriminator"}));
  EXPECT_EQ(opts[1].at("groups")[0].at("parameters"), 4017002);
  EXPECT_EQ(opts[1].at("type"), "Adam");
}

TEST(Describe, InfoGanCrDspritesNetworksHaveTheReferenceCounts) {
  const Json d = describe("infogan_cr");
  const auto n = network_counts(d);
  // G on [c₁..c₅, z₁..z₅]: FC 10→128: 1,408; BN 128: 256; FC 128→1024: 132,096; BN 1024: 2,048;
  //   deconv 64→64 k4: 65,600; BN 64: 128; deconv 64→32: 32,800; BN 32: 64; deconv 32→32: 16,416;
  //   BN 32: 64; deconv 32→1: 513.  Total 251,393.
  EXPECT_EQ(n.at("generator"), 251393);
  // D/Q trunk (spectral norm keeps one weight per layer; u is a buffer): conv 1→32, 32→32, 32→64,
  //   64→64 (k4): 544 + 16,416 + 32,832 + 65,600; FC 1024→128: 131,200; D head 128→1: 129;
  //   Q head FC 128→128: 16,512 and 128→5: 645.  Total 263,878.
  EXPECT_EQ(n.at("discriminator"), 263878);
  // H on an image pair (2 channels): conv 2→32 k4: 1,056; 16,416 + 32,832 + 65,600;
  //   FC 1024→128: 131,200; FC 128→5: 645.  Total 247,749.
  EXPECT_EQ(n.at("cr_discriminator"), 247749);
  // The paper's 0.76M for InfoGAN-CR on dSprites.
  EXPECT_EQ(d.at("parameters"), 251393 + 263878 + 247749);
  EXPECT_EQ(layer(d, "generator.upsample").at("output"), Json({2, 1, 64, 64}));
  EXPECT_EQ(layer(d, "cr_discriminator.net.0").at("output"), Json({2, 32, 32, 32}));
  EXPECT_EQ(d.at("optimizers").size(), 3u);
}

TEST(Describe, EveryModelGivesEveryParameterisedLayerAShape) {
  for (const auto& name : model_registry().names()) {
    SCOPED_TRACE(name);
    const Json d = describe(name);
    std::int64_t total = 0;
    for (const auto& net : d.at("networks")) {
      total += net.at("parameters").get<std::int64_t>();
      for (const auto& l : net.at("layers")) {
        SCOPED_TRACE(l.at("path").get<std::string>());
        if (l.at("leaf") && !l.at("tensors").empty()) EXPECT_FALSE(l.at("output").is_null());
      }
    }
    EXPECT_EQ(d.at("parameters"), total);
    // Every trainable parameter sits in exactly one optimiser group.
    std::int64_t grouped = 0;
    for (const auto& opt : d.at("optimizers"))
      for (const auto& g : opt.at("groups")) grouped += g.at("parameters").get<std::int64_t>();
    EXPECT_EQ(grouped, d.at("trainable_parameters"));
    EXPECT_FALSE(format_description(d).empty());
  }
}

TEST(Describe, UnknownModelAndBadConfigAreConfigErrors) {
  DescribeOptions o;
  o.model = "betavae";
  try {
    describe_model(o);
    FAIL();
  } catch (const UnknownName& e) {
    EXPECT_NE(std::string(e.what()).find("beta_vae"), std::string::npos) << e.what();
  }
  o.model = "beta_vae";
  o.config = Json{{"no_such_key", 1}};
  EXPECT_THROW(describe_model(o), ConfigError);
}

}  // namespace
}  // namespace fb::engine
