// Instruction-count cases for the dataset renderers (items = images) and HDF5 IO (items = images
// written or read back, render + deflate + chunked writes, and chunk reads + inflate).
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <numeric>

#include "benchmark/instructions/instr_case.h"
#include "core/hdf5.h"
#include "datagen/dsprites_generate.h"
#include "datagen/dsprites_geometry.h"
#include "datagen/grid_scene.h"
#include "datagen/teapots.h"

namespace fb::bench::instr {
namespace {

namespace fd = fb::data;
namespace ds = fb::data::dsprites;

// Every call renders `per_call` images at fixed strided grid points, so each run draws the same ones.
Case dsprites_case() {
  constexpr int kPerCall = 64;
  return Case{"render/dsprites", kPerCall, 2, []() -> std::function<void()> {
                return [] {
                  std::uint8_t mask[ds::kSize * ds::kSize];
                  std::int64_t classes[6];
                  for (std::int64_t i = 0; i < kPerCall; ++i) {
                    ds::classes_of((i * 7919) % ds::kNumImages, classes);
                    ds::render_mask(classes, mask);
                  }
                };
              }};
}

Case teapots_case() {
  constexpr int kPerCall = 4;
  return Case{"render/teapots", kPerCall, 1, []() -> std::function<void()> {
                auto renderer = std::make_shared<fd::teapots::Renderer>();
                return [renderer] {
                  std::vector<std::uint8_t> out(64 * 64 * 3);
                  for (int i = 0; i < kPerCall; ++i) {
                    const double latents[5] = {0.37 * i, 0.1 + 0.13 * i, 0.9, 0.5, 0.2};
                    renderer->render(latents, out.data());
                  }
                };
              }};
}

Case grid_case(const std::string& scene_name) {
  constexpr int kPerCall = 4;
  return Case{"render/" + scene_name, kPerCall, 1, [scene_name]() -> std::function<void()> {
                auto scene = fd::make_grid_scene(scene_name, 64);
                auto target = std::make_shared<fd::SceneTarget>(scene->make_target());
                return [scene, target] {
                  std::vector<std::uint8_t> out(64 * 64 * 3);
                  std::vector<std::int64_t> classes(static_cast<std::size_t>(scene->num_factors()));
                  for (std::int64_t i = 0; i < kPerCall; ++i) {
                    scene->classes_of((i * 7919) % scene->grid_size(), classes.data());
                    scene->render(classes.data(), *target, out.data());
                  }
                };
              }};
}

constexpr std::int64_t kIoRows = 1024;

// A path of this process's own (parallel shards must not share a file); same length in every run.
std::string io_path() {
  return (std::filesystem::temp_directory_path() /
          ("fb_instr_" + std::to_string(100000000 + getpid()) + ".h5"))
      .string();
}

std::vector<std::int64_t> io_rows() {
  std::vector<std::int64_t> rows(kIoRows);
  for (std::int64_t i = 0; i < kIoRows; ++i) rows[static_cast<std::size_t>(i)] = i * 701;
  return rows;
}

// Removed when the body holding it is dropped, after its measurement.
struct TempFile {
  std::string path = io_path();
  ~TempFile() { std::filesystem::remove(path); }
};

Case write_case() {
  return Case{"io/hdf5_write_dsprites", kIoRows, 1, []() -> std::function<void()> {
                auto file = std::make_shared<TempFile>();
                return [file] {
                  fd::write_dsprites_rows(fd::DspritesConfig{}, io_rows(), file->path,
                                          /*force=*/true);
                };
              }};
}

Case read_case() {
  return Case{
      "io/hdf5_read_dsprites", kIoRows, 2, []() -> std::function<void()> {
        auto temp = std::make_shared<TempFile>();
        fd::write_dsprites_rows(fd::DspritesConfig{}, io_rows(), temp->path, /*force=*/true);
        return [temp] {
          auto file = h5::File::open(temp->path);
          std::vector<std::uint8_t> out(static_cast<std::size_t>(kIoRows * ds::kSize * ds::kSize));
          file.dataset("imgs").read_all_u8_parallel(out.data());
        };
      }};
}

}  // namespace

void add_datagen_cases(Cases& cases) {
  cases.push_back(dsprites_case());
  cases.push_back(teapots_case());
  for (const auto& name : fd::grid_scene_registry().names()) cases.push_back(grid_case(name));
  cases.push_back(write_case());
  cases.push_back(read_case());
}

}  // namespace fb::bench::instr
