#include "methods/traversal.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/threads.h"
#include "engine/capabilities.h"
#include "engine/checkpoint.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"
#include "methods/model_centrality.h"

namespace fb::methods {

namespace {

std::string chosen_run(const std::string& selection_file) {
  Json s;
  try {
    s = Json::parse(read_file(selection_file));
  } catch (const Json::parse_error& e) {
    throw DataError(selection_file + ": invalid JSON (" + std::string(e.what()) + ")");
  }
  if (!s.contains("chosen") || !s["chosen"].contains("run") || !s["chosen"]["run"].is_string())
    throw DataError(selection_file + ": no chosen.run (write it with `factorbench select`)");
  return s["chosen"]["run"].get<std::string>();
}

}  // namespace

Image traversal_grid(const TraversalOptions& o) {
  require(o.columns >= 2 && o.columns <= 64, "--columns", "must be in [2, 64]",
          std::to_string(o.columns));
  configure_threads(o.threads);
  const torch::Device device = engine::parse_device(o.device);
  const std::string run_dir = o.selection.empty() ? o.run_dir : chosen_run(o.selection);
  engine::RunDir run(run_dir);
  const std::string file =
      o.snapshot.empty() ? "" : run.snapshot_path(o.snapshot).substr(run.path().size() + 1);
  auto model = engine::load_run_model(run, device, file);
  if (engine::capability<engine::PriorSampling>(*model) == nullptr)
    throw ConfigError(run_dir + ": model '" + model->name() + "' has no generator");
  CentralityModel m = centrality_model(*model, "mean", run_dir);

  const auto [lo, hi] = m.prior.codes.traversal_range();
  const int rows = m.code_dim, cols = o.columns;
  torch::Tensor codes = torch::zeros({rows * cols, m.code_dim});
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) codes[r * cols + c][r] = lo + (hi - lo) * c / (cols - 1);
  torch::Tensor noise;
  const int noise_dim = m.prior.noise_dim;
  if (noise_dim > 0) {
    // One noise draw shared by every cell, so only the traversed code changes along a row.
    torch::Generator gen =
        engine::make_generator(torch::kCPU, Rng::derive(o.seed, "traversal").next_u64());
    torch::Tensor z = m.prior.noise.draw(1, noise_dim, gen, torch::TensorOptions());
    noise = z.expand({rows * cols, noise_dim}).contiguous().to(device);
  }
  torch::Tensor images;
  {
    torch::NoGradGuard no_grad;
    images = m.generate(codes.to(device), noise).to(torch::kCPU, torch::kFloat32).clamp(0, 1);
  }
  const int ch = static_cast<int>(images.size(1)), h = static_cast<int>(images.size(2)),
            w = static_cast<int>(images.size(3)), pad = 2;
  Image grid;
  grid.channels = 3;
  grid.width = cols * (w + pad) + pad;
  grid.height = rows * (h + pad) + pad;
  grid.pixels.assign(static_cast<std::size_t>(grid.width) * grid.height * 3, 128);
  auto acc = images.accessor<float, 4>();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          for (int k = 0; k < 3; ++k) {
            float v = acc[r * cols + c][ch == 3 ? k : 0][y][x];
            grid.pixels[(static_cast<std::size_t>(pad + r * (h + pad) + y) * grid.width + pad +
                         c * (w + pad) + x) *
                            3 +
                        k] = static_cast<std::uint8_t>(std::lround(v * 255.0f));
          }
  return grid;
}

}  // namespace fb::methods
