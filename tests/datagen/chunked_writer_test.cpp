// The parallel chunk writer (datagen/chunked_writer.h): rows rendered and deflated on every thread and
// written in order, whatever the thread count or which thread finishes first.
#include "datagen/chunked_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/error.h"
#include "core/threads.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

// Row r holds bytes (r * 7 + k) mod 251; every third chunk renders slowly, so threads finish out of order.
void rows(std::int64_t first, std::int64_t count, std::uint8_t* out) {
  if ((first / 8) % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
  for (std::int64_t r = 0; r < count; ++r)
    for (int k = 0; k < 12; ++k)
      out[r * 12 + k] = static_cast<std::uint8_t>(((first + r) * 7 + k) % 251);
}

std::string write(const test::TempDir& tmp, const std::string& name, int threads) {
  const int before = configured_threads();
  configure_threads(threads);
  {
    auto file = h5::File::create(tmp.file(name));
    write_u8_chunked(file, "/rows", {1003, 3, 4}, 8, 4, rows,
                     "test");  // 126 chunks, the last short
    file.close();
  }
  configure_threads(before);
  return test::slurp(tmp.file(name));
}

TEST(ChunkedWriter, SameFileOnAnyThreadCountAndRowsInOrder) {
  test::TempDir tmp;
  const std::string one = write(tmp, "one.h5", 1);
  EXPECT_EQ(write(tmp, "two.h5", 2), one);
  EXPECT_EQ(write(tmp, "three.h5", 3), one);
  auto file = h5::File::open(tmp.file("two.h5"));
  const auto data = file.dataset("rows").read<std::uint8_t>();
  ASSERT_EQ(data.size(), 1003u * 12);
  std::vector<std::uint8_t> expected(data.size());
  rows(1, 1002, expected.data() + 12);  // the slow-chunk test depends on `first` only
  rows(0, 1, expected.data());
  EXPECT_EQ(data, expected);
}

// The first chunk finishes last, so every chunk of the writer's window is ready when it is written: the
// writer must stop at the window's end (its next slot is the first chunk's again).
TEST(ChunkedWriter, AFullWindowIsWrittenWithoutWrappingItsSlots) {
  test::TempDir tmp;
  auto first_slow = [](std::int64_t first, std::int64_t count, std::uint8_t* out) {
    if (first == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (std::int64_t r = 0; r < count; ++r)
      for (int k = 0; k < 12; ++k)
        out[r * 12 + k] = static_cast<std::uint8_t>(((first + r) * 7 + k) % 251);
  };
  const int before = configured_threads();
  configure_threads(2);  // a window of 32 chunks; 100 chunks of 1 row
  {
    auto file = h5::File::create(tmp.file("full.h5"));
    write_u8_chunked(file, "/rows", {100, 12}, 1, 4, first_slow, "test");
    file.close();
  }
  configure_threads(before);
  const auto data = h5::File::open(tmp.file("full.h5")).dataset("rows").read<std::uint8_t>();
  std::vector<std::uint8_t> expected(100 * 12);
  first_slow(1, 99, expected.data() + 12);
  for (int k = 0; k < 12; ++k) expected[k] = static_cast<std::uint8_t>(k % 251);
  EXPECT_EQ(data, expected);
}

TEST(ChunkedWriter, ARenderErrorStopsTheWriteAndReachesTheCaller) {
  test::TempDir tmp;
  const int before = configured_threads();
  configure_threads(2);
  auto file = h5::File::create(tmp.file("bad.h5"));
  auto failing = [](std::int64_t first, std::int64_t count, std::uint8_t* out) {
    if (first == 40) throw DataError("row 40 cannot be rendered");
    rows(first, count, out);
  };
  EXPECT_THROW(write_u8_chunked(file, "/rows", {400, 12}, 8, 4, failing, "test"), DataError);
  configure_threads(before);
}

}  // namespace
}  // namespace fb::data
