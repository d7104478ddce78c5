// Reading released files (items = images, #19 item 7): a training batch of random images gathered
// from a converted .h5 (held in memory) and from a stored MPI3D .npz (read
// from the file on every batch), to set beside BM_TrainStep/beta_vae's images/s; and `convert` of a
// folder of 128x128 PNGs named by index (the Falcor3D/Isaac3D releases' layout) into our HDF5 layout.
// The files are written once per process into the temporary folder.
#include <benchmark/benchmark.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "core/image_io.h"
#include "core/rng.h"
#include "core/threads.h"
#include "datagen/converted.h"
#include "datagen/file_reader.h"
#include "datagen/mpi3d_npz.h"
#include "datagen/png_folder.h"

namespace fb::bench {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kBatch = 64;
constexpr std::int64_t kMpi3dImages = 4 * 4 * 2 * 2 * 2 * 4 * 8;  // 4,096 images, 50 MB
constexpr int kPngImages = 512;

std::string temp_file(const std::string& name) {
  return (fs::temp_directory_path() / ("fb_bench_" + name)).string();
}

// numpy's .npy layout, version 1.0: magic, uint16 header length, the dict padded with spaces to a
// 64-byte boundary and ended by a newline, then the raw elements.
std::string npy_u8(const std::vector<std::int64_t>& shape, const std::string& data) {
  std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) dict += (i ? ", " : "") + std::to_string(shape[i]);
  dict += "), }";
  dict.append((10 + dict.size() + 1 + 63) / 64 * 64 - 10 - dict.size() - 1, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict + data;
}

// An MPI3D archive as np.savez writes it (one stored member images.npy) on a grid declared for it.
const std::string& mpi3d_npz() {
  static const std::string path = [] {
    data::mpi3d_grids().push_back({"benchmark grid", {4, 4, 2, 2, 2, 4, 8}});
    // Colour ramps that move with the index, a render's kind of content (gzip compresses it).
    std::string pixels(static_cast<std::size_t>(kMpi3dImages) * 12288, '\0');
    for (std::size_t b = 0; b < pixels.size(); ++b) {
      const std::size_t i = b / 12288, p = b % 12288 / 3, c = b % 3;
      pixels[b] = static_cast<char>(7 * i + p % 64 + 3 * (p / 64) + 50 * c);
    }
    const std::string npy = npy_u8({kMpi3dImages, 64, 64, 3}, pixels);
    const std::string file = temp_file("mpi3d.npz");
    int err = 0;
    zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == nullptr) throw std::runtime_error(file + ": cannot create");
    zip_source_t* src = zip_source_buffer(z, npy.data(), npy.size(), 0);
    const zip_int64_t idx = zip_file_add(z, "images.npy", src, ZIP_FL_OVERWRITE);
    if (idx < 0 ||
        zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0) != 0 ||
        zip_close(z) != 0)
      throw std::runtime_error(file + ": cannot write");
    return file;
  }();
  return path;
}

const std::string& mpi3d_h5() {
  static const std::string path = [] {
    const std::string file = temp_file("mpi3d.h5");
    data::convert_file(mpi3d_npz(), file, /*force=*/true);
    return file;
  }();
  return path;
}

// The reader's part of a training batch (DataStream::images): random indices, then gather into
// the staging buffer; the uint8 -> float conversion that follows is the same for every reader.
void read_batch(benchmark::State& state, bool streamed) {
  configure_threads(0);
  const auto d = data::open_file(streamed ? mpi3d_npz() : mpi3d_h5());
  Rng rng(1);
  std::vector<std::uint8_t> staging(static_cast<std::size_t>(kBatch * d->image_bytes()));
  for (auto _ : state) {
    const auto indices = d->sample_indices(kBatch, rng);
    d->gather(indices, staging.data());
    benchmark::DoNotOptimize(staging.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void BM_ReadBatchConvertedH5(benchmark::State& state) { read_batch(state, false); }
BENCHMARK(BM_ReadBatchConvertedH5)->Name("BM_ReadBatch/converted_h5")->UseRealTime();
void BM_ReadBatchStreamedNpz(benchmark::State& state) { read_batch(state, true); }
BENCHMARK(BM_ReadBatchStreamedNpz)->Name("BM_ReadBatch/streamed_npz")->UseRealTime();

// kPngImages 128x128 pictures with smooth colour ramps (a render's kind of content), on a declared
// two-factor grid.
const std::string& png_folder() {
  static const std::string path = [] {
    data::Factor a{"a", {}}, b{"b", {}};
    for (int i = 0; i < 8; ++i) a.values.push_back(i);
    for (int i = 0; i < kPngImages / 8; ++i) b.values.push_back(i);
    data::png_grids().push_back({"benchmark_png", {a, b}});
    const std::string dir = temp_file("png128");
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (int i = 0; i < kPngImages; ++i) {
      Image img{128, 128, 3, std::vector<std::uint8_t>(128 * 128 * 3)};
      for (int y = 0; y < 128; ++y)
        for (int x = 0; x < 128; ++x) {
          std::uint8_t* p = &img.pixels[(y * 128 + x) * 3];
          p[0] = static_cast<std::uint8_t>(x * 2 + i);
          p[1] = static_cast<std::uint8_t>(y * 2 + 3 * i);
          p[2] = static_cast<std::uint8_t>((x + y) + 7 * i);
        }
      char name[32];
      std::snprintf(name, sizeof name, "/%06d.png", i);
      write_png(dir + name, img);
    }
    return dir;
  }();
  return path;
}

// `convert` on all threads: decode, resize to the output side (64 or 128), deflate, write.
void BM_ConvertPngFolder128(benchmark::State& state) {
  configure_threads(0);
  data::FileOpenOptions options;
  options.resolution = state.range(0);
  const std::string& src = png_folder();
  const std::string out = temp_file("png128.h5");
  for (auto _ : state) data::convert_file(src, out, /*force=*/true, options);
  fs::remove(out);
  state.SetItemsProcessed(state.iterations() * kPngImages);
}
BENCHMARK(BM_ConvertPngFolder128)->Arg(64)->Arg(128)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace fb::bench
