// smallNORB from the six binary matrix files written here by the format's rules (little-endian int32
// magic, rank, max(3, rank) dims, elements): the full 48,600-image grid with 2x2 pictures (the format
// allows any size; the reader resizes to 64x64 as disentanglement_lib does), split into the released
// training (instances 4, 6, 7, 8, 9) and testing (0, 1, 2, 3, 5) halves, rows in shuffled order.
#include "datagen/smallnorb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/rng.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

void put32(std::string& out, std::int32_t v) {
  for (int b = 0; b < 4; ++b)
    out += static_cast<char>((static_cast<std::uint32_t>(v) >> (8 * b)) & 0xff);
}

void write_matrix(const std::string& path, std::int32_t magic,
                  const std::vector<std::int32_t>& dims, const std::string& data) {
  std::string out;
  put32(out, magic);
  put32(out, static_cast<std::int32_t>(dims.size()));
  for (std::size_t i = 0; i < std::max<std::size_t>(3, dims.size()); ++i)
    put32(out, i < dims.size() ? dims[i] : 1);
  std::ofstream(path, std::ios::binary) << out << data;
}

// The left picture of grid point g is filled with g mod 251, the right one with 255 minus that.
std::uint8_t shade(std::int64_t g) { return static_cast<std::uint8_t>(g % 251); }

struct NorbFiles {
  test::TempDir dir;
  NorbFiles() {
    const std::vector<std::vector<int>> halves{{4, 6, 7, 8, 9}, {0, 1, 2, 3, 5}};
    for (int half = 0; half < 2; ++half) {
      std::vector<std::array<std::int64_t, 5>> rows;
      for (int c = 0; c < 5; ++c)
        for (int inst : halves[half])
          for (int e = 0; e < 9; ++e)
            for (int a = 0; a < 18; ++a)
              for (int l = 0; l < 6; ++l) rows.push_back({c, inst, e, a, l});
      Rng rng(half + 1);
      for (std::size_t i = rows.size() - 1; i > 0; --i) std::swap(rows[i], rows[rng.below(i + 1)]);
      std::string dat, cat, info;
      for (const auto& r : rows) {
        const std::uint8_t s = shade(SmallNorbDataset::grid_index(r.data()));
        dat += std::string(4, static_cast<char>(s)) + std::string(4, static_cast<char>(255 - s));
        put32(cat, static_cast<std::int32_t>(r[0]));
        for (std::int64_t v : {r[1], r[2], 2 * r[3], r[4]})
          put32(info, static_cast<std::int32_t>(v));
      }
      const std::int32_t n = static_cast<std::int32_t>(rows.size());
      const std::string base = dir.file(SmallNorbDataset::chunks()[half]);
      write_matrix(base + "-dat.mat", 0x1E3D4C55, {n, 2, 2, 2}, dat);
      write_matrix(base + "-cat.mat", 0x1E3D4C54, {n}, cat);
      write_matrix(base + "-info.mat", 0x1E3D4C54, {n, 4}, info);
    }
  }
  std::string file(int half, const std::string& kind) const {
    return dir.file(SmallNorbDataset::chunks()[half] + "-" + kind + ".mat");
  }
};

TEST(SmallNorb, OpensTheFolderWithDisentanglementLibsFactors) {
  NorbFiles files;
  auto d = open_file(files.dir.path());
  auto* norb = dynamic_cast<SmallNorbDataset*>(d.get());
  ASSERT_NE(norb, nullptr);
  EXPECT_EQ(d->factor_sizes(), (std::vector<std::int64_t>{5, 9, 18, 6}));
  EXPECT_EQ(d->factors()[0].name, "category");
  EXPECT_EQ(d->factors()[3].name, "lighting");
  ASSERT_EQ(d->size(), 48600);
  EXPECT_EQ(d->height(), 64);
  EXPECT_EQ(d->channels(), 1);
  // Held row i: its classes and instance name the grid point whose (left) picture it shows.
  for (std::int64_t i = 0; i < d->size(); i += 97) {
    const std::int64_t* c = d->classes() + i * 4;
    const std::int64_t full[5] = {c[0], norb->instance(i), c[1], c[2], c[3]};
    const std::uint8_t s = shade(SmallNorbDataset::grid_index(full));
    ASSERT_EQ(test::image_of(*d, i)[0], s) << i;
    ASSERT_EQ(test::image_of(*d, i)[64 * 64 - 1], s) << i;
  }
  // The training half comes first, as disentanglement_lib concatenates them.
  EXPECT_NE(norb->instance(0), 0);
  EXPECT_NE(norb->instance(0), 5);
}

TEST(SmallNorb, OracleDrawsTheInstance) {
  NorbFiles files;
  auto d = SmallNorbDataset::open(files.dir.path());
  const std::int64_t classes[4] = {2, 4, 17, 5};
  Rng rng(3);
  std::set<int> seen;
  std::vector<std::uint8_t> out(4096);
  for (int t = 0; t < 60; ++t) {
    d->render(classes, 1, rng, out.data());
    int match = -1;
    for (std::int64_t inst = 0; inst < 10; ++inst) {
      const std::int64_t full[5] = {2, inst, 4, 17, 5};
      if (out[0] == shade(SmallNorbDataset::grid_index(full))) match = static_cast<int>(inst);
    }
    ASSERT_GE(match, 0);
    seen.insert(match);
  }
  EXPECT_GT(seen.size(), 5u);  // instances vary between draws
}

TEST(SmallNorb, BadFilesAreOneDataError) {
  auto expect_error = [](const std::string& dir, const std::string& words) {
    try {
      SmallNorbDataset::open(dir);
      ADD_FAILURE() << "no error for " << words;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  {
    NorbFiles files;
    std::fstream f(files.file(1, "cat"), std::ios::in | std::ios::out | std::ios::binary);
    f.put('\x11');  // magic 0x1E3D4C11
    f.close();
    expect_error(files.dir.path(), "wrong magic number");
  }
  {
    NorbFiles files;
    std::filesystem::resize_file(files.file(0, "dat"), 1000);
    expect_error(files.dir.path(), "truncated");
  }
  {
    // One image fewer in the testing half: its three files agree, the grid is one short.
    NorbFiles files;
    const std::string base = files.dir.file(SmallNorbDataset::chunks()[1]);
    for (const auto& [kind, row] :
         {std::pair<std::string, int>{"dat", 8}, {"cat", 4}, {"info", 16}}) {
      std::ifstream in(base + "-" + kind + ".mat", std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      bytes.resize(bytes.size() - row);
      bytes[8] = static_cast<char>(0xEB);  // first dim 24300 (0x5EEC) -> 24299 (0x5EEB)
      std::ofstream(base + "-" + kind + ".mat", std::ios::binary) << bytes;
    }
    expect_error(files.dir.path(), "wrong element count for the grid");
  }
}

// Hostile headers (docs/reliability.md): pictures of zero width reached OpenCV's resize, whose
// cv::Exception is no DataError; a count above the grid sized the held images before any check.
TEST(SmallNorb, HostileDimensionsAreOneDataError) {
  NorbFiles files;
  const auto expect_error = [&](const std::string& words) {
    try {
      SmallNorbDataset::open(files.dir.path());
      ADD_FAILURE() << "no error for " << words;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  const std::int32_t n = 24300;
  write_matrix(files.file(0, "dat"), 0x1E3D4C55, {n, 2, 0, 2}, "");
  expect_error("pictures of 0x2");
  // One half with more images than the whole grid (48,600) holds.
  const std::int32_t big = 48601;
  write_matrix(files.file(0, "dat"), 0x1E3D4C55, {big, 2, 1, 1}, std::string(2 * big, '\0'));
  std::string cat, info;
  for (int i = 0; i < big; ++i) {
    put32(cat, 0);
    for (int k = 0; k < 4; ++k) put32(info, 0);
  }
  write_matrix(files.file(0, "cat"), 0x1E3D4C54, {big}, cat);
  write_matrix(files.file(0, "info"), 0x1E3D4C54, {big, 4}, info);
  expect_error("more than the grid");
}

}  // namespace
}  // namespace fb::data
