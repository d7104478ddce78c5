#include "core/hdf5.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace fb::h5 {
namespace {

void write_sample(const std::string& path) {
  auto f = File::create(path);
  auto d = f.create_dataset("/grp/imgs", Type::kU8, {10, 4, 4}, Layout{{4, 4, 4}, 4});
  std::vector<std::uint8_t> px(160);
  for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<std::uint8_t>(i % 7);
  d.write(px);
  auto v = f.create_dataset("/vals", Type::kF64, {3, 2});
  v.write(std::vector<double>{1, 2, 3, 4, 5, 6});
  f.write_attr("/", "names", std::vector<std::string>{"a", "bb"});
  f.write_attr("/grp", "sizes", std::vector<std::int64_t>{1, 3});
  f.write_attr("/vals", "prior", std::vector<double>{0.5, 0.25});
  f.write_attr("/", "title", std::string("hello"));
  f.close();
}

TEST(Hdf5, RoundTripDataAndAttributes) {
  test::TempDir tmp;
  auto path = tmp.file("a.h5");
  write_sample(path);
  auto f = File::open(path);
  auto d = f.dataset("grp/imgs");
  EXPECT_EQ(d.dims(), (std::vector<std::int64_t>{10, 4, 4}));
  EXPECT_EQ(d.type(), Type::kU8);
  auto px = d.read<std::uint8_t>();
  ASSERT_EQ(px.size(), 160u);
  EXPECT_EQ(px[15], 15 % 7);
  std::vector<std::uint8_t> rows(32);
  d.read_rows(3, 2, rows.data());
  EXPECT_EQ(rows[0], (3 * 16) % 7);
  EXPECT_EQ(f.dataset("vals").read<double>()[5], 6.0);
  EXPECT_EQ(f.read_attr_strings("/", "names"), (std::vector<std::string>{"a", "bb"}));
  EXPECT_EQ(f.read_attr_ints("/grp", "sizes"), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(f.read_attr_doubles("/vals", "prior")[1], 0.25);
  EXPECT_EQ(f.read_attr_string("/", "title"), "hello");
  EXPECT_TRUE(f.has("/grp/imgs"));
  EXPECT_FALSE(f.has("/grp/nope/deeper"));
}

TEST(Hdf5, SameContentGivesSameBytes) {
  test::TempDir tmp;
  write_sample(tmp.file("a.h5"));
  write_sample(tmp.file("b.h5"));
  EXPECT_EQ(test::slurp(tmp.file("a.h5")), test::slurp(tmp.file("b.h5")));
}

TEST(Hdf5, ExpectNamesFileAndShape) {
  test::TempDir tmp;
  auto path = tmp.file("a.h5");
  write_sample(path);
  auto f = File::open(path);
  try {
    f.dataset("vals").expect(Type::kF32, {3, 2});
    FAIL();
  } catch (const DataError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("a.h5: /vals: expected float32 (3,2), found float64 (3,2)"),
              std::string::npos)
        << msg;
  }
  EXPECT_THROW(f.dataset("missing"), DataError);
}

TEST(Hdf5, RejectsMissingForeignAndTruncatedFiles) {
  test::TempDir tmp;
  EXPECT_THROW(File::open(tmp.file("none.h5")), DataError);
  { std::ofstream(tmp.file("text.h5")) << "not hdf5"; }
  EXPECT_THROW(File::open(tmp.file("text.h5")), DataError);
  write_sample(tmp.file("full.h5"));
  auto bytes = test::slurp(tmp.file("full.h5"));
  { std::ofstream(tmp.file("cut.h5"), std::ios::binary) << bytes.substr(0, bytes.size() / 2); }
  EXPECT_THROW(
      {
        auto f = File::open(tmp.file("cut.h5"));
        f.dataset("grp/imgs").read<std::uint8_t>();
      },
      DataError);
}

}  // namespace
}  // namespace fb::h5
