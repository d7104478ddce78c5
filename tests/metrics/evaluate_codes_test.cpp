#include "metrics/evaluate_codes.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/hdf5.h"
#include "metrics/udr_files.h"
#include "tests/metrics/code_sets.h"
#include "tests/support/temp_dir.h"

namespace fb::metrics {
namespace {

void write_split(h5::File& f, const std::string& split, const Codes& c, const Factors& y) {
  f.create_dataset("/" + split + "/codes", h5::Type::kF32, {c.rows(), c.cols()})
      .write(std::vector<float>(c.data(), c.data() + c.size()));
  f.create_dataset("/" + split + "/factors", h5::Type::kI64, {y.rows(), y.cols()})
      .write(std::vector<std::int64_t>(y.data(), y.data() + y.size()));
}

std::string write_codes(const test::TempDir& dir, const Codes& c, const Factors& y,
                        bool with_test) {
  const auto path = dir.file("codes.h5");
  auto f = h5::File::create(path);
  write_split(f, "train", c, y);
  if (with_test) write_split(f, "test", c.topRows(c.rows() / 2), y.topRows(y.rows() / 2));
  f.close();
  return path;
}

void expect_data_error(const std::string& path, const std::string& fragment) {
  try {
    read_codes_file(path);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(EvaluateCodes, WritesExactlyTheReferenceKeysInOrder) {
  test::TempDir dir;
  const Factors y = test::random_factors(200, {3, 4}, 1);
  const auto set = read_codes_file(write_codes(dir, test::identity_codes(y), y, true));
  const Json out = evaluate_codes(set, {});
  std::vector<std::string> keys;
  for (auto it = out.begin(); it != out.end(); ++it) keys.push_back(it.key());
  // docs/protocols.md §4.7's keys, in registry (metric name) order.
  EXPECT_EQ(keys, (std::vector<std::string>{"dci_disentanglement", "dci_completeness",
                                            "dci_informativeness_train", "dci_informativeness_test",
                                            "explicitness_train", "explicitness_test", "mig",
                                            "modularity", "sap"}));
  EXPECT_GT(out["mig"].get<double>(), 0.9);
  EXPECT_GT(out["dci_disentanglement"].get<double>(), 0.9);
}

TEST(EvaluateCodes, MissingTestReusesTrain) {
  test::TempDir dir;
  const Factors y = test::random_factors(50, {3}, 2);
  const auto set = read_codes_file(write_codes(dir, test::identity_codes(y), y, false));
  EXPECT_FALSE(set.has_test);
  EXPECT_EQ(set.test_codes, set.train_codes);
}

TEST(EvaluateCodes, ArbitraryLabelsAreDensified) {
  CodeSet set;
  set.train_factors.resize(3, 1);
  set.train_factors << 10, -5, 10;
  set.test_factors.resize(1, 1);
  set.test_factors << 99;
  densify_factors(set);
  EXPECT_EQ(set.train_factors(0, 0), 1);
  EXPECT_EQ(set.train_factors(1, 0), 0);
  EXPECT_EQ(set.test_factors(0, 0), 2);
}

TEST(EvaluateCodes, MismatchedRowsAreADataError) {
  test::TempDir dir;
  const auto path = dir.file("bad.h5");
  auto f = h5::File::create(path);
  write_split(f, "train", Codes::Zero(10, 2), Factors::Zero(9, 1));
  f.close();
  expect_data_error(path, "/train/codes has 10 rows but /train/factors has 9");
}

TEST(EvaluateCodes, WrongDtypeIsADataError) {
  test::TempDir dir;
  const auto path = dir.file("f64.h5");
  auto f = h5::File::create(path);
  f.create_dataset("/train/codes", h5::Type::kF64, {4, 2}).write(std::vector<double>(8, 0.0));
  f.create_dataset("/train/factors", h5::Type::kI64, {4, 1}).write(std::vector<std::int64_t>(4, 0));
  f.close();
  expect_data_error(path, "/train/codes");
}

TEST(EvaluateCodes, MissingDatasetIsADataError) {
  test::TempDir dir;
  const auto path = dir.file("partial.h5");
  auto f = h5::File::create(path);
  f.create_dataset("/train/codes", h5::Type::kF32, {4, 2}).write(std::vector<float>(8, 0.0f));
  f.close();
  expect_data_error(path, "train/factors");
}

TEST(EvaluateCodes, HalfATestGroupIsADataError) {
  test::TempDir dir;
  const Factors y = test::random_factors(20, {3}, 3);
  const auto path = write_codes(dir, test::identity_codes(y), y, false);
  {
    // Re-create with only /test/codes added.
    auto f = h5::File::create(path);
    write_split(f, "train", test::identity_codes(y), y);
    f.create_dataset("/test/codes", h5::Type::kF32, {2, 1}).write(std::vector<float>(2, 0.0f));
    f.close();
  }
  expect_data_error(path, "missing /test/factors");
}

TEST(EvaluateCodes, MismatchedCodeWidthIsADataError) {
  test::TempDir dir;
  const auto path = dir.file("width.h5");
  auto f = h5::File::create(path);
  write_split(f, "train", Codes::Zero(4, 2), Factors::Zero(4, 1));
  write_split(f, "test", Codes::Zero(4, 3), Factors::Zero(4, 1));
  f.close();
  expect_data_error(path, "/test/codes has 3 columns");
}

TEST(EvaluateCodes, MissingFileIsADataError) {
  test::TempDir dir;
  EXPECT_THROW(read_codes_file(dir.file("nope.h5")), DataError);
}

void write_udr(const std::string& path, std::int64_t n, std::int64_t d, std::int64_t kl_len) {
  auto f = h5::File::create(path);
  Codes m = test::noisy_codes(Codes::Zero(n, d), 1.0, static_cast<std::uint64_t>(n + d));
  f.create_dataset("/udr/mean", h5::Type::kF32, {n, d})
      .write(std::vector<float>(m.data(), m.data() + m.size()));
  f.create_dataset("/udr/kl", h5::Type::kF32, {kl_len}).write(std::vector<float>(kl_len, 1.0f));
  f.close();
}

TEST(UdrFiles, ReadsModelsAndWritesScoresJson) {
  test::TempDir dir;
  write_udr(dir.file("a.h5"), 30, 3, 3);
  write_udr(dir.file("b.h5"), 30, 4, 4);
  const auto models = read_udr_files({dir.file("a.h5"), dir.file("b.h5")});
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[1].mean.cols(), 4);
  const Json j = udr_json(udr(models, UdrMethod::kSpearman));
  EXPECT_EQ(j["model_scores"].size(), 2u);
  EXPECT_EQ(j["pairwise"].size(), 2u);
  EXPECT_EQ(j["pairwise"][0].size(), 2u);
}

TEST(UdrFiles, MismatchedObservationsAreADataError) {
  test::TempDir dir;
  write_udr(dir.file("a.h5"), 30, 3, 3);
  write_udr(dir.file("b.h5"), 31, 3, 3);
  EXPECT_THROW(read_udr_files({dir.file("a.h5"), dir.file("b.h5")}), DataError);
}

TEST(UdrFiles, KlOfWrongLengthIsADataError) {
  test::TempDir dir;
  write_udr(dir.file("a.h5"), 30, 3, 3);
  write_udr(dir.file("b.h5"), 30, 3, 2);
  EXPECT_THROW(read_udr_files({dir.file("a.h5"), dir.file("b.h5")}), DataError);
}

TEST(UdrFiles, OneModelIsAConfigError) {
  test::TempDir dir;
  write_udr(dir.file("a.h5"), 30, 3, 3);
  EXPECT_THROW(read_udr_files({dir.file("a.h5")}), ConfigError);
}

}  // namespace
}  // namespace fb::metrics
