// Walks of the dataset family through its registries: every dataset opens a tiny instance, every
// generator writes a tiny file that its reader opens again, and each rejects an unknown option. The
// walks see entries only through dataset_registry(), so a new dataset is covered without being named.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "datagen/dataset.h"
#include "datagen/file_reader.h"
#include "tests/support/dataset_images.h"
#include "tests/support/mnist_files.h"
#include "tests/support/temp_dir.h"

namespace fb::data {
namespace {

constexpr std::int64_t kTiny = 4;

bool declares(const std::vector<FieldDoc>& options, const std::string& key) {
  for (const auto& o : options)
    if (o.key == key) return true;
  return false;
}

// A dataset without a generator is read from the user's files; the walk writes tiny ones here.
Json user_files(const std::string& name, const test::TempDir& dir) {
  if (name == "mnist") {
    test::write_mnist_part(dir.path(), "train", 10, 0, false);
    test::write_mnist_part(dir.path(), "t10k", 10, 10, false);
    return Json{{"path", dir.path()}};
  }
  ADD_FAILURE() << name << " has no generator: give user_files() tiny files for it";
  return Json::object();
}

// The open options of a tiny instance of `entry`.
Json tiny_open(const Registry<DatasetFactory>::Entry& entry, const test::TempDir& dir) {
  Json options = entry.make.generate ? Json::object() : user_files(entry.name, dir);
  options["count"] = kTiny;
  return options;
}

// The generate options of a tiny file: `count` images and, where the layout has them, two metric
// groups of two.
Json tiny_generate(const std::vector<FieldDoc>& declared) {
  Json options{{"count", kTiny}};
  if (declares(declared, "groups")) options["groups"] = 2;
  if (declares(declared, "group_size")) options["group_size"] = 2;
  return options;
}

std::vector<std::uint8_t> pixels(const Dataset& d) { return test::images_of(d); }

std::vector<std::int64_t> classes(const Dataset& d) {
  return {d.classes(), d.classes() + d.size() * d.num_factors()};
}

// Shapes and factors agree with each other, whatever the dataset.
void expect_consistent(const Dataset& d) {
  EXPECT_GT(d.height(), 0);
  EXPECT_GT(d.width(), 0);
  EXPECT_TRUE(d.channels() == 1 || d.channels() == 3) << d.channels();
  EXPECT_EQ(d.image_bytes(), std::int64_t{d.height()} * d.width() * d.channels());
  EXPECT_TRUE(d.pixel_scale() == 1.0f || d.pixel_scale() == 1.0f / 255.0f) << d.pixel_scale();
  ASSERT_GE(d.num_factors(), 1);
  const auto sizes = d.factor_sizes();
  for (int k = 0; k < d.num_factors(); ++k) {
    EXPECT_FALSE(d.factors()[k].name.empty());
    EXPECT_GE(sizes[k], 1) << d.factors()[k].name;
  }
  for (std::int64_t i = 0; i < d.size(); ++i)
    for (int k = 0; k < d.num_factors(); ++k) {
      const std::int64_t c = d.classes()[i * d.num_factors() + k];
      ASSERT_TRUE(c >= 0 && c < sizes[k]) << "row " << i << " factor " << k << " class " << c;
    }
  if (d.pixel_scale() == 1.0f)  // 0/1 data
    for (auto p : pixels(d)) ASSERT_LE(p, 1);
  // The oracle is deterministic given its rng, or the dataset has none (DataError).
  std::vector<std::uint8_t> a(static_cast<std::size_t>(d.image_bytes())), b(a.size());
  try {
    Rng r1(3), r2(3);
    d.render(d.classes(), 1, r1, a.data());
    d.render(d.classes(), 1, r2, b.data());
    EXPECT_EQ(a, b);
  } catch (const DataError&) {
  }
}

TEST(DatasetRegistry, EveryDatasetOpensATinyInstanceTwiceAlike) {
  ASSERT_FALSE(dataset_registry().names().empty());
  for (const auto* e : dataset_registry().entries()) {
    SCOPED_TRACE(e->name);
    EXPECT_FALSE(e->summary.empty());
    ASSERT_TRUE(declares(e->make.open_options, "count")) << "every dataset takes count";
    for (const auto& o : e->make.open_options) {
      EXPECT_FALSE(o.doc.empty()) << o.key;
      EXPECT_EQ(e->defaults.at(o.key), o.value) << o.key;
    }
    EXPECT_EQ(e->defaults.size(), e->make.open_options.size());
    test::TempDir dir;
    const Json options = tiny_open(*e, dir);
    const auto d = open_dataset(e->name, options);
    EXPECT_EQ(d->name(), e->name);
    ASSERT_EQ(d->size(), kTiny);
    expect_consistent(*d);
    const auto again = open_dataset(e->name, options);
    EXPECT_EQ(pixels(*again), pixels(*d));
    EXPECT_EQ(classes(*again), classes(*d));
  }
}

TEST(DatasetRegistry, EveryDatasetRejectsAnUnknownOption) {
  for (const auto* e : dataset_registry().entries()) {
    SCOPED_TRACE(e->name);
    test::TempDir dir;
    Json options = tiny_open(*e, dir);
    options["no_such_option"] = 1;
    try {
      open_dataset(e->name, options);
      ADD_FAILURE() << "accepted no_such_option";
    } catch (const ConfigError& err) {
      EXPECT_NE(std::string(err.what()).find(e->name + ".no_such_option"), std::string::npos)
          << err.what();
    }
  }
}

TEST(DatasetRegistry, EveryGeneratorWritesATinyFileItsReaderOpens) {
  int generators = 0;
  for (const auto* e : dataset_registry().entries()) {
    if (!e->make.generate) continue;
    ++generators;
    SCOPED_TRACE(e->name);
    const auto& declared = generate_options(e->name);
    ASSERT_TRUE(declares(declared, "count")) << "every generator takes count";
    for (const auto& o : declared) EXPECT_FALSE(o.doc.empty()) << o.key;
    EXPECT_FALSE(e->make.writes.empty());
    test::TempDir tmp;
    const Json options = tiny_generate(declared);
    const auto report = generate_dataset(e->name, {tmp.file("a.h5"), false, options});
    EXPECT_GE(report.images, kTiny);
    EXPECT_EQ(report.bytes,
              static_cast<std::int64_t>(std::filesystem::file_size(tmp.file("a.h5"))));
    generate_dataset(e->name, {tmp.file("b.h5"), false, options});
    EXPECT_EQ(test::slurp(tmp.file("a.h5")), test::slurp(tmp.file("b.h5")));

    const auto file = open_dataset(tmp.file("a.h5"));
    EXPECT_EQ(file->name(), e->name);
    ASSERT_EQ(file->size(), kTiny);
    expect_consistent(*file);
    const auto memory = open_dataset(e->name, Json{{"count", kTiny}});
    EXPECT_EQ(file->factor_sizes(), memory->factor_sizes());
    EXPECT_EQ(file->image_bytes(), memory->image_bytes());
    EXPECT_EQ(file->pixel_scale(), memory->pixel_scale());
  }
  EXPECT_GT(generators, 0);
}

TEST(DatasetRegistry, EveryGeneratorRejectsAnUnknownOptionAndWritesNothing) {
  for (const auto* e : dataset_registry().entries()) {
    if (!e->make.generate) continue;
    SCOPED_TRACE(e->name);
    test::TempDir tmp;
    Json options = tiny_generate(generate_options(e->name));
    options["no_such_option"] = 1;
    EXPECT_THROW(generate_dataset(e->name, {tmp.file("x.h5"), false, options}), ConfigError);
    EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
  }
}

TEST(DatasetRegistry, ADatasetWithoutGeneratorSaysSo) {
  for (const auto* e : dataset_registry().entries()) {
    if (e->make.generate) continue;
    SCOPED_TRACE(e->name);
    test::TempDir tmp;
    try {
      generate_dataset(e->name, {tmp.file("x.h5"), false, Json::object()});
      ADD_FAILURE();
    } catch (const ConfigError& err) {
      EXPECT_NE(std::string(err.what()).find("has no generator"), std::string::npos) << err.what();
    }
  }
  EXPECT_THROW(generate_dataset("dsprits", {"x.h5", false, Json::object()}), UnknownName);
}

TEST(FileReaders, AFileNoReaderKnowsNamesEveryReader) {
  test::TempDir tmp;
  std::ofstream(tmp.file("notes.h5")) << "not a dataset\n";
  try {
    open_dataset(tmp.file("notes.h5"));
    FAIL();
  } catch (const DataError& err) {
    for (const auto& name : reader_registry().names())
      EXPECT_NE(std::string(err.what()).find(name + ":"), std::string::npos) << err.what();
  }
}

}  // namespace
}  // namespace fb::data
