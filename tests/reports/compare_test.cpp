#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/rng.h"
#include "core/sha256.h"
#include "reports/bootstrap.h"
#include "reports/compare.h"
#include "reports/jobs.h"
#include "tests/cli/cli_support.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

namespace fs = std::filesystem;

// Two rows of `runs` seeds; MIG is higher-is-better, FD lower-is-better.
Spec compare_spec(int runs) {
  Json s = Json::parse(R"({
    "name": "cmp", "title": "compare test", "dataset": "dsprites", "protocol": "cr", "metrics": ["mig", "fd_fb"],
    "columns": [{"id": "mig", "label": "MIG", "key": "mig"},
                {"id": "fd", "label": "FD", "key": "fd_fb", "better": "lower"}],
    "rows": [{"id": "a", "label": "Model A", "model": "vae", "steps": 10},
             {"id": "b", "label": "Model B", "model": "beta_vae", "steps": 10}]})");
  for (auto& r : s["rows"]) r["runs"] = runs;
  return parse<Spec>(s, "cmp");
}

// A score per (row, column id, seed); `shift` moves one cell on every seed.
struct Scores {
  double value(const std::string& row, const std::string& col, int seed) const {
    const double base = (row == "a" ? 0.4 : 0.6) * (col == "fd" ? 100 : 1);
    double v =
        base + 0.03 * std::sin(seed + (row == "a") + 2.0 * (col == "fd")) * (col == "fd" ? 100 : 1);
    if (row == shift_row && col == shift_col) v += shift;
    return v;
  }
  std::string shift_row, shift_col;
  double shift = 0;
};

// Writes what `factorbench reproduce` leaves behind, synthetically: manifest.json, a model.pt per run and a
// metrics file per evaluation (with timings and provenance that differ between calls, as real ones do).
void make_results(const std::string& dir, int runs, const Scores& scores,
                  const std::string& tamper_model = "") {
  static int call = 0;
  ++call;
  Spec spec = compare_spec(runs);
  Preset preset = parse<Preset>(Json::parse(R"({"name": "tiny"})"), "preset");
  auto jobs = expand_jobs(spec, preset, dir);
  write_manifest(dir + "/manifest.json", spec, preset, dir, jobs);
  for (const auto& j : jobs) {
    for (const auto& o : j.outputs) fs::create_directories(fs::path(o).parent_path());
    if (j.stage == "train") {
      std::ofstream(j.outputs[0]) << "parameters of " << j.id
                                  << (j.id == tamper_model ? " (changed)" : "");
    } else if (j.stage == "evaluate") {
      const auto row = j.meta["row"].get<std::string>();
      const int seed = j.meta["seed"].get<int>();
      Json m{{"run_dir", j.meta["run_dir"]},
             {"seed", seed},
             {"scores",
              {{"mig", scores.value(row, "mig", seed)}, {"fd_fb", scores.value(row, "fd", seed)}}},
             {"seconds", {{"mig", 0.1 * call}}},
             {"provenance",
              {{"created_utc", "2026-12-07T13:0" + std::to_string(call % 10) + ":00Z"}}}};
      write_file_atomic(j.outputs[0], m.dump(1));
    }
  }
}

const CellComparison& cell(const CompareResult& r, const std::string& row, const std::string& col) {
  for (const auto& c : r.cells)
    if (c.row == row && c.column == col) return c;
  throw std::runtime_error("no cell " + row + "/" + col);
}

TEST(Compare, IdenticalDirectoriesSayIdentical) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 6, {});
  make_results(tmp.file("branch"), 6,
               {});  // other path, other timings and provenance, same results
  auto r = compare_results(tmp.file("main"), tmp.file("branch"), {});
  EXPECT_TRUE(r.identical);
  EXPECT_EQ(r.identity(), "identical");
  EXPECT_EQ(r.jobs_compared, 24);
  ASSERT_EQ(r.cells.size(), 4u);
  for (const auto& c : r.cells) {
    EXPECT_EQ(c.verdict, "identical") << c.row << "/" << c.column;
    EXPECT_EQ(c.difference, 0.0);
    EXPECT_TRUE(c.paired);
  }
  auto cli = test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out",
                        tmp.file("out/cmp"), "--require-identical"});
  EXPECT_EQ(cli.code, 0) << cli.err;
  EXPECT_EQ(cli.out.substr(0, 10), "identical\n");
}

TEST(Compare, OneChangedMetricFlagsExactlyThatCell) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 6, {});
  make_results(tmp.file("branch"), 6, {"a", "mig", -0.1});
  auto r = compare_results(tmp.file("main"), tmp.file("branch"), {});
  EXPECT_FALSE(r.identical);
  // Train jobs come first and all match; the first output that differs is row a's first evaluation.
  EXPECT_EQ(r.first_difference.job, "evaluate/a/seed-0");
  EXPECT_NE(r.identity().find("first differing job evaluate/a/seed-0 (digest "), std::string::npos)
      << r.identity();
  for (const auto& c : r.cells) {
    SCOPED_TRACE(c.row + "/" + c.column);
    if (c.row == "a" && c.column == "mig") {
      EXPECT_EQ(c.verdict, "worse");
      EXPECT_NEAR(c.difference, -0.1, 1e-12);
      EXPECT_TRUE(c.ci.contains(-0.1));
      EXPECT_TRUE(c.fails);
    } else {
      EXPECT_EQ(c.verdict, "identical");
      EXPECT_FALSE(c.fails);
    }
  }
  EXPECT_EQ(r.failures(), 1);

  auto cli = test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out", tmp.file("cmp")});
  EXPECT_EQ(cli.code, 1) << cli.out << cli.err;
  EXPECT_NE(cli.out.find("worse: a mig: "), std::string::npos) << cli.out;
  const Json j = Json::parse(read_file(tmp.file("cmp.json")));
  EXPECT_EQ(j["failures"], 1);
  EXPECT_EQ(j["first_difference"]["job"], "evaluate/a/seed-0");
  const std::string md = read_file(tmp.file("cmp.md"));
  EXPECT_NE(md.find("| Model A | MIG | higher | 6 | 6 |"), std::string::npos) << md;
  EXPECT_NE(md.find("**worse**"), std::string::npos);
  const std::string html = read_file(tmp.file("cmp.html"));
  EXPECT_NE(html.find("<table id=\"cells\">"), std::string::npos);
  EXPECT_EQ(std::count(html.begin(), html.end(), '<') - std::count(html.begin(), html.end(), '>'),
            0);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // self-contained
  EXPECT_EQ(html.find("<script"), std::string::npos);     // the render test brings its own probe
  EXPECT_FALSE(fs::exists(tmp.file("cmp.html.partial")));

  // A declared tolerance above the change passes; one for another column does not cover it.
  EXPECT_EQ(test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out", tmp.file("cmp"),
                       "--tolerance", "mig=0.15"})
                .code,
            0);
  EXPECT_EQ(test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out", tmp.file("cmp"),
                       "--tolerance", "fd=0.15"})
                .code,
            1);
}

TEST(Compare, LowerIsBetterColumnsNameTheDirection) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 6, {});
  make_results(tmp.file("lower"), 6, {"b", "fd", -8});
  make_results(tmp.file("higher"), 6, {"b", "fd", +8});
  EXPECT_EQ(cell(compare_results(tmp.file("main"), tmp.file("lower"), {}), "b", "fd").verdict,
            "better");
  auto r = compare_results(tmp.file("main"), tmp.file("higher"), {});
  EXPECT_EQ(cell(r, "b", "fd").verdict, "worse");
  EXPECT_EQ(cell(r, "b", "fd").better, "lower");
  // Shifting every seed by 8 with a seed spread of ~3: the paired interval pins the shift exactly.
  EXPECT_NEAR(cell(r, "b", "fd").ci.lo, 8, 1e-9);
}

TEST(Compare, ChangedParametersNameTheFirstTrainJob) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 3, {});
  make_results(tmp.file("branch"), 3, {}, "train/b/seed-1");
  auto r = compare_results(tmp.file("main"), tmp.file("branch"), {});
  EXPECT_FALSE(r.identical);
  EXPECT_EQ(r.first_difference.job, "train/b/seed-1");
  EXPECT_EQ(r.first_difference.digest_a.size(), 64u);
  EXPECT_EQ(r.failures(), 0);
  auto cli = test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out", tmp.file("c")});
  EXPECT_EQ(cli.code, 0) << cli.err;
  EXPECT_EQ(test::run({"compare", tmp.file("main"), tmp.file("branch"), "--out", tmp.file("c"),
                       "--require-identical"})
                .code,
            1);
  // A job that has not run in B is named as missing.
  fs::remove(tmp.file("branch/runs/a/seed-2/model.pt"));
  r = compare_results(tmp.file("main"), tmp.file("branch"), {});
  EXPECT_EQ(r.first_difference.job, "train/a/seed-2");
  EXPECT_EQ(r.first_difference.digest_b, "missing");
}

// A reference stored with its weights as digests (FILE.sha256, scripts/store-reference.py) compares as the
// full directory does; a wrong digest names the job.
TEST(Compare, WeightsStoredAsDigestsCount) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 3, {});
  make_results(tmp.file("stored"), 3, {});
  for (const auto& p : fs::recursive_directory_iterator(tmp.file("stored")))
    if (p.path().filename() == "model.pt") {
      std::ofstream(p.path().string() + ".sha256")
          << sha256_hex(read_file(p.path().string())) << "\n";
      fs::remove(p.path());
    }
  ASSERT_FALSE(fs::exists(tmp.file("stored/runs/a/seed-0/model.pt")));
  EXPECT_TRUE(compare_results(tmp.file("stored"), tmp.file("main"), {}).identical);
  std::ofstream(tmp.file("stored/runs/b/seed-1/model.pt.sha256")) << std::string(64, '0') << "\n";
  auto r = compare_results(tmp.file("stored"), tmp.file("main"), {});
  EXPECT_FALSE(r.identical);
  EXPECT_EQ(r.first_difference.job, "train/b/seed-1");
}

TEST(Compare, FewSeedsGiveNoVerdict) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 2, {});
  make_results(tmp.file("branch"), 2, {"a", "mig", -0.1});
  auto r = compare_results(tmp.file("main"), tmp.file("branch"), {});
  EXPECT_EQ(cell(r, "a", "mig").verdict, "too few seeds");
  EXPECT_EQ(r.failures(), 0);
  CompareOptions two;
  two.min_seeds = 2;
  EXPECT_EQ(cell(compare_results(tmp.file("main"), tmp.file("branch"), two), "a", "mig").verdict,
            "worse");
}

TEST(Compare, DirectoriesMayMove) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 2, {});
  make_results(tmp.file("branch"), 2, {});
  fs::rename(tmp.file("branch"), tmp.file("moved"));
  auto r = compare_results(tmp.file("main"), tmp.file("moved"), {});
  EXPECT_TRUE(r.identical) << r.identity();
  EXPECT_EQ(r.cells.size(), 4u);
}

TEST(Compare, BadInputsGiveOneLineErrorsNamingTheFile) {
  test::TempDir tmp;
  make_results(tmp.file("main"), 2, {});
  make_results(tmp.file("branch"), 2, {});
  auto expect_error = [&](std::vector<std::string> args, int code, const std::string& needle) {
    args.insert(args.begin(), "compare");
    args.insert(args.end(), {"--out", tmp.file("c")});
    auto r = test::run(args);
    EXPECT_EQ(r.code, code) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(test::lines(r.err), 1) << r.err;
  };
  expect_error({tmp.file("main"), tmp.file("nowhere")}, 3,
               tmp.file("nowhere") + ": no such directory");
  fs::create_directories(tmp.file("empty"));
  expect_error({tmp.file("empty"), tmp.file("main")}, 3,
               tmp.file("empty/manifest.json") + ": missing");
  expect_error({tmp.file("main")}, 2, "dir_b");
  expect_error({tmp.file("main"), tmp.file("branch"), "--tolerance", "big"}, 2,
               "'big' is not a number");
  expect_error({tmp.file("main"), tmp.file("branch"), "--tolerance", "nmi=0.1"}, 2,
               "no column 'nmi'");
  expect_error({tmp.file("main"), tmp.file("branch"), "--tolerance", "-1"}, 2,
               "--tolerance: must be >= 0");

  const std::string metrics = tmp.file("branch/metrics/b/seed-1.json");
  write_file_atomic(metrics, R"({"scores": {"mig": "high", "fd_fb": 3}})");
  expect_error({tmp.file("main"), tmp.file("branch")}, 3,
               metrics + ": scores.mig: must be a number (got string)");
  write_file_atomic(metrics, R"({"scores": {"mig": )");
  expect_error({tmp.file("main"), tmp.file("branch")}, 3, metrics + ": invalid JSON");
  write_file_atomic(tmp.file("branch/manifest.json"), "{}");
  expect_error({tmp.file("main"), tmp.file("branch")}, 3,
               tmp.file("branch/manifest.json") + ": manifest has no jobs");
  EXPECT_FALSE(fs::exists(tmp.file("c.json")));  // nothing written when the inputs are bad
}

TEST(SpecColumn, DirectionIsHigherOrLower) {
  Json s = Json::parse(
      R"({"name": "x", "metrics": ["mig"], "columns": [{"id": "m", "key": "mig", "better": "up"}]})");
  try {
    parse<Spec>(s, "spec.json");
    FAIL() << "accepted better=up";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("spec.json.columns[0].better: must be higher or lower"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(compare_spec(1).columns[0].better, "higher");
}

TEST(Bootstrap, DeterministicUnderASeed) {
  const std::vector<double> a = {0.31, 0.35, 0.29, 0.4, 0.33},
                            b = {0.36, 0.41, 0.33, 0.38, 0.45, 0.39};
  BootstrapOptions o;
  o.seed = 7;
  const Interval x = bootstrap_mean_difference(a, b, o), y = bootstrap_mean_difference(a, b, o);
  EXPECT_EQ(x.lo, y.lo);
  EXPECT_EQ(x.hi, y.hi);
  EXPECT_LT(x.lo, x.hi);
  o.seed = 8;
  const Interval z = bootstrap_mean_difference(a, b, o);
  EXPECT_TRUE(z.lo != x.lo || z.hi != x.hi);
  EXPECT_EQ(bootstrap_mean(a, o).lo, bootstrap_mean(a, o).lo);
  // Hand-checkable: a constant sample's interval is that constant; nothing finite gives NaN bounds.
  const Interval c = bootstrap_mean({2.5, 2.5, NAN}, o);
  EXPECT_EQ(c.lo, 2.5);
  EXPECT_EQ(c.hi, 2.5);
  EXPECT_TRUE(std::isnan(bootstrap_mean_difference({}, b, o).lo));
}

// On normal samples with a known difference, the 95 % intervals cover it in ~95 % of trials. The percentile
// bootstrap runs a little short at small n (its spread uses 1/n, not 1/(n−1)); with n = 30 and 400 trials the
// expected rate is ~94 % and the binomial sd ~1.1 %, so ±3 points is a fair tolerance.
TEST(Bootstrap, CoversTheTrueDifferenceAtTheNominalRate) {
  const double truth = 0.3;
  const int trials = 400, n = 30;
  Rng rng(12345);
  int covered_independent = 0, covered_paired = 0;
  BootstrapOptions o;
  o.resamples = 1000;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> a(n), b(n), d(n);
    for (int i = 0; i < n; ++i) {
      a[i] = rng.normal();
      b[i] = truth + 2.0 * rng.normal();
      d[i] = truth + rng.normal();
    }
    o.seed = static_cast<std::uint64_t>(t);
    covered_independent += bootstrap_mean_difference(a, b, o).contains(truth);
    covered_paired += bootstrap_mean(d, o).contains(truth);
  }
  EXPECT_NEAR(covered_independent / static_cast<double>(trials), 0.95, 0.03);
  EXPECT_NEAR(covered_paired / static_cast<double>(trials), 0.95, 0.03);
}

}  // namespace
}  // namespace fb::reports
