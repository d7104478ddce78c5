// #19 item 4: every metric, ModelCentrality and UDR run unchanged on a released file. A tiny MPI3D
// archive in np.savez's layout (a 2^7-image grid appended to the declared table, so its images are
// streamed from the file) is used through the CLI as a user would: trained on by path, evaluated with
// every metric, encoded and scored with every codes metric, and selected by ModelCentrality and UDR.
// Each result equals the one made from the archive's conversion to our HDF5 layout (held in memory):
// streaming changes where the pixels come from, nothing else.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include "core/hdf5.h"
#include "core/json.h"
#include "datagen/mpi3d_npz.h"
#include "tests/cli/cli_support.h"
#include "tests/support/npz_files.h"
#include "tests/support/temp_dir.h"

namespace fb::cli {
namespace {

using test::run;

const std::vector<std::int64_t> kGrid{2, 2, 2, 2, 2, 2, 2};
// Every metric a β-VAE allows (the generator metrics need a GAN and a factor classifier, nmi and
// prior_rmse a categorical code).
const char* const kMetrics = "beta_vae,dci,explicitness,factor_vae,irs,l2,mig,modularity,sap";

// Image i: a background set by its classes (so codes vary with the factors) plus a square whose
// place is set by the last two.
std::string mpi3d_pixels() {
  std::string bytes(128 * 12288, '\0');
  for (int i = 0; i < 128; ++i)
    for (int y = 0; y < 64; ++y)
      for (int x = 0; x < 64; ++x)
        for (int c = 0; c < 3; ++c) {
          const int bits = i >> (2 * c);
          const bool square =
              std::abs(y - 16 - 32 * ((i >> 1) & 1)) < 8 && std::abs(x - 16 - 32 * (i & 1)) < 8;
          bytes[static_cast<std::size_t>(((i * 64 + y) * 64 + x) * 3 + c)] =
              static_cast<char>(square ? 255 : 40 * (bits & 3) + 20 * ((i >> 6) & 1));
        }
  return bytes;
}

Json read_json(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

std::vector<std::string> train(const std::string& model, const std::string& dataset,
                               const std::string& out, int seed) {
  std::vector<std::string> args{
      "train",   "--model", model,    "--dataset",          dataset,     "--steps", "2",
      "--batch", "8",       "--seed", std::to_string(seed), "--threads", "1",       "--out",
      out};
  // One code per factor (7), so the L2 score applies too.
  if (model == "beta_vae") args.insert(args.end(), {"--set", "latent_dim=7"});
  return args;
}

TEST(ReleasedFiles, EveryMetricAndSelectorRunsOnAStreamedMpi3dArchive) {
  auto& grids = data::mpi3d_grids();
  if (grids.back().sizes != kGrid) grids.push_back({"test grid", kGrid});
  test::TempDir tmp;
  const std::string npz = tmp.file("mpi3d_real.npz"), h5 = tmp.file("mpi3d_real.h5");
  test::write_npz(npz, {{"images", test::npy_bytes("|u1", {128, 64, 64, 3}, mpi3d_pixels())}});
  auto converted = run({"convert", npz, "--out", h5});
  ASSERT_EQ(converted.code, 0) << converted.err;

  // Training by path: the same digest from the streamed archive and from its conversion.
  for (int seed : {1, 2}) {
    const std::string name = "seed-" + std::to_string(seed);
    for (const char* model : {"beta_vae", "infogan"}) {
      const std::string dir = std::string(model) + "/" + name;
      auto a = run(train(model, npz, tmp.file("npz/" + dir), seed));
      ASSERT_EQ(a.code, 0) << a.err;
      auto b = run(train(model, h5, tmp.file("h5/" + dir), seed));
      ASSERT_EQ(b.code, 0) << b.err;
      EXPECT_EQ(run({"digest", tmp.file("npz/" + dir)}).out,
                run({"digest", tmp.file("h5/" + dir)}).out);
    }
  }

  // Every metric the model allows, with the oracle on the archive and on its conversion.
  const std::vector<std::string> small = {
      "--set", "mig.num_train=100",        "--set", "modularity.num_train=100",
      "--set", "irs.num_train=100",        "--set", "sap.num_train=100",
      "--set", "sap.num_test=50",          "--set", "dci.num_train=100",
      "--set", "dci.num_test=50",          "--set", "explicitness.num_train=100",
      "--set", "explicitness.num_test=50", "--set", "beta_vae.batch_size=8",
      "--set", "beta_vae.num_train=20",    "--set", "beta_vae.num_eval=10",
      "--set", "factor_vae.batch_size=8",  "--set", "factor_vae.num_train=20",
      "--set", "factor_vae.num_eval=10",   "--set", "factor_vae.num_variance_estimate=100"};
  std::vector<std::string> evaluate{
      "evaluate", tmp.file("npz/beta_vae/seed-1"), "--metrics", kMetrics, "--threads", "1",
      "--out",    tmp.file("m_npz.json")};
  evaluate.insert(evaluate.end(), small.begin(), small.end());
  auto e1 = run(evaluate);
  ASSERT_EQ(e1.code, 0) << e1.err;
  evaluate[1] = tmp.file("h5/beta_vae/seed-1");
  evaluate[evaluate.size() - small.size() - 1] = tmp.file("m_h5.json");
  auto e2 = run(evaluate);
  ASSERT_EQ(e2.code, 0) << e2.err;
  const Json scores = read_json(tmp.file("m_npz.json"))["scores"];
  EXPECT_EQ(scores, read_json(tmp.file("m_h5.json"))["scores"]);
  for (const char* key :
       {"beta_vae", "dci_disentanglement", "factor_vae", "irs", "l2", "mig", "modularity", "sap"})
    EXPECT_TRUE(scores.contains(key)) << key << " in " << scores.dump();

  // Codes encoded from the archive, scored by every codes metric.
  auto encoded = run({"encode", tmp.file("npz/beta_vae/seed-1"), "--out", tmp.file("codes.h5")});
  ASSERT_EQ(encoded.code, 0) << encoded.err;
  auto codes =
      run({"evaluate-codes", "--codes", tmp.file("codes.h5"), "--out", tmp.file("c.json")});
  ASSERT_EQ(codes.code, 0) << codes.err;
  const Json code_scores = read_json(tmp.file("c.json"));
  for (const char* key : {"dci_disentanglement", "explicitness_test", "mig", "modularity", "sap"})
    EXPECT_TRUE(code_scores.contains(key)) << key << " in " << code_scores.dump();

  // ModelCentrality over the two InfoGANs (it needs a generator), UDR over the two β-VAEs: the same
  // scores from the runs trained on the archive as from those trained on its conversion.
  const std::map<std::string, std::vector<std::string>> selector_sets{
      {"model-centrality",
       {"--set", "groups=10", "--set", "group_size=4", "--set", "normalise_samples=20", "--set",
        "batch=20"}},
      {"udr-lasso",
       {"--set", "num_points=64", "--set", "batch=32", "--set", "filter_low_kl=false"}}};
  for (const auto& [method, sets] : selector_sets) {
    SCOPED_TRACE(method);
    for (const char* pool : {"npz", "h5"}) {
      const std::string family = method == "model-centrality" ? "/infogan" : "/beta_vae";
      std::vector<std::string> args{"select",   tmp.file(pool + family),
                                    "--method", method,
                                    "--out",    tmp.file(pool + ("-" + method) + ".json")};
      args.insert(args.end(), sets.begin(), sets.end());
      auto s = run(args);
      ASSERT_EQ(s.code, 0) << s.err;
    }
    const Json a = read_json(tmp.file("npz-" + method + ".json"));
    const Json b = read_json(tmp.file("h5-" + method + ".json"));
    ASSERT_EQ(a["models"].size(), 2u);
    for (int m = 0; m < 2; ++m) {
      EXPECT_TRUE(a["models"][m]["score"].is_number()) << a.dump();
      EXPECT_EQ(a["models"][m]["score"], b["models"][m]["score"]);
    }
  }
}

}  // namespace
}  // namespace fb::cli
