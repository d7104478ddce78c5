// Metric throughput (items = observations scored, or groups for the FactorVAE votes) on synthetic
// mixed codes at disentanglement_lib's sizes: 10,000 train / 5,000 test rows, D = 10 codes,
// dSprites' 5 varying factors. scikit-learn's times for the same work come from
// tests/metrics/crosscheck_sklearn.py.
#include <benchmark/benchmark.h>

#include <vector>

#include "benchmark/synthetic_codes.h"
#include "core/rng.h"
#include "core/threads.h"
#include "metrics/dci.h"
#include "metrics/dci_cr.h"
#include "metrics/evaluate_codes.h"
#include "metrics/explicitness.h"
#include "metrics/factor_vae.h"
#include "metrics/irs.h"
#include "metrics/mig.h"
#include "metrics/ml/gradient_boosting.h"
#include "metrics/modularity.h"
#include "metrics/sap.h"
#include "metrics/udr.h"

namespace {

namespace fm = fb::metrics;

const auto& kSizes = fb::bench::kMixingFactorSizes;
constexpr std::int64_t kCodes = fb::bench::kMixingCodes;
using fb::bench::mixing_code_set;

const fm::CodeSet& dl_set() {
  static const fm::CodeSet s = mixing_code_set(10000, 5000, 1);
  return s;
}

const fm::CodeSet& small_set() {
  static const fm::CodeSet s = mixing_code_set(2000, 1000, 2);
  return s;
}

void BM_Mig(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = dl_set();
  for (auto _ : state) benchmark::DoNotOptimize(fm::mig(s.train_codes, s.train_factors).mig);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Mig)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Modularity(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = dl_set();
  for (auto _ : state) benchmark::DoNotOptimize(fm::modularity(s.train_codes, s.train_factors));
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Modularity)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Irs(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = dl_set();
  for (auto _ : state) benchmark::DoNotOptimize(fm::irs(s.train_codes, s.train_factors).irs);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Irs)->Unit(benchmark::kMillisecond)->UseRealTime();

// The DL FactorVAE scoring step on already-encoded groups: 10,000 votes of 64 observations.
void BM_FactorVaeVotes(benchmark::State& state) {
  fb::configure_threads(0);
  const std::int64_t groups = 10000, size = 64;
  fb::Rng rng(3);
  fm::Codes codes(groups * size, kCodes);
  for (Eigen::Index i = 0; i < codes.size(); ++i)
    codes.data()[i] = static_cast<float>(rng.normal());
  std::vector<int> factor(static_cast<std::size_t>(groups));
  for (auto& f : factor) f = static_cast<int>(rng.below(kSizes.size()));
  const Eigen::VectorXd var = fm::column_variance(codes, 1);
  const std::vector<bool> active(kCodes, true);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        fm::factor_vae_votes(codes, size, factor, static_cast<int>(kSizes.size()), var, active));
  state.SetItemsProcessed(state.iterations() * groups);
}
BENCHMARK(BM_FactorVaeVotes)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Sap(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = small_set();
  for (auto _ : state)
    benchmark::DoNotOptimize(
        fm::sap(s.train_codes, s.train_factors, s.test_codes, s.test_factors).sap);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Sap)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Explicitness(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = small_set();
  for (auto _ : state)
    benchmark::DoNotOptimize(fm::explicitness(s.train_codes, s.train_factors, s.test_codes,
                                              s.test_factors, fm::SklearnEra::kPaper)
                                 .test);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Explicitness)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Dci(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = small_set();
  for (auto _ : state)
    benchmark::DoNotOptimize(
        fm::dci(s.train_codes, s.train_factors, s.test_codes, s.test_factors, 0).completeness);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_Dci)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// One GradientBoostingClassifier fit at dlib size on the 40-class factor, 10 stages, 1 thread: the
// DCI hot loop (CPU time per tree = this / 400).
void BM_GradientBoosting40(benchmark::State& state) {
  fb::configure_threads(1);
  const auto& s = dl_set();
  const fm::ml::Labels y = s.train_factors.col(2);
  for (auto _ : state) {
    fm::ml::GradientBoostingClassifier model({10, 0.1, 3});
    model.fit(s.train_codes, y, 0);
    benchmark::DoNotOptimize(model.feature_importances()[0]);
  }
  fb::configure_threads(0);
  state.SetItemsProcessed(state.iterations() * 400);  // trees
}
BENCHMARK(BM_GradientBoosting40)->Unit(benchmark::kMillisecond)->UseRealTime();

// CR DCI per variant on 10,000 rows of the mixing set (10 codes, 5 factors; docs/protocols.md §4.2).
void BM_CrDci(benchmark::State& state, const char* variant) {
  fb::configure_threads(0);
  const auto& s = dl_set();
  fm::CrDciOptions o;
  o.variants = {variant};
  const Eigen::MatrixXd values = s.train_factors.cast<double>();
  for (auto _ : state)
    benchmark::DoNotOptimize(fm::cr_dci(s.train_codes, values, o, 0)[0].disentanglement);
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
// Left out of the CI smoke run ("/full"): RF-CV alone takes minutes.
BENCHMARK_CAPTURE(BM_CrDci, lasso, "lasso")
    ->Name("BM_CrDci/lasso/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_CrDci, lasso_cv, "lasso_cv")
    ->Name("BM_CrDci/lasso_cv/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_CrDci, rf, "rf")
    ->Name("BM_CrDci/rf/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_CrDci, rf_ibgan, "rf_ibgan")
    ->Name("BM_CrDci/rf_ibgan/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_CrDci, rf_cv, "rf_cv")
    ->Name("BM_CrDci/rf_cv/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The whole evaluate-codes suite, as the cross-check runs it (2,000 / 1,000 rows).
void BM_EvaluateCodes(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = small_set();
  for (auto _ : state) benchmark::DoNotOptimize(fm::evaluate_codes(s, {}));
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_EvaluateCodes)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// At disentanglement_lib's sizes (scikit-learn: ≈ 330 s per model on 2 cores, docs/protocols.md §4.3a).
// Left out of the CI smoke run.
void BM_EvaluateCodesFull(benchmark::State& state) {
  fb::configure_threads(0);
  const auto& s = dl_set();
  for (auto _ : state) benchmark::DoNotOptimize(fm::evaluate_codes(s, {}));
  state.SetItemsProcessed(state.iterations() * s.train_codes.rows());
}
BENCHMARK(BM_EvaluateCodesFull)
    ->Name("BM_EvaluateCodes/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// UDR over `m` models x `n` points, 10 latents, all-to-all (items = observations x models).
void udr_bench(benchmark::State& state, fm::UdrMethod method, int m, std::int64_t n) {
  fb::configure_threads(0);
  fb::Rng rng(4);
  std::vector<fm::UdrModel> models(static_cast<std::size_t>(m));
  for (auto& model : models) {
    model.mean.resize(n, kCodes);
    for (Eigen::Index i = 0; i < model.mean.size(); ++i)
      model.mean.data()[i] = static_cast<float>(rng.normal());
    model.kl.assign(kCodes, 1.0f);
  }
  for (auto _ : state) benchmark::DoNotOptimize(fm::udr(models, method).model_scores);
  state.SetItemsProcessed(state.iterations() * m * n);
}
// docs/protocols.md §4.3a's cost point: 4 models x 2,000 points (scikit-learn Lasso: ≈ 0.65 s).
void BM_UdrLasso(benchmark::State& state) { udr_bench(state, fm::UdrMethod::kLasso, 4, 2000); }
BENCHMARK(BM_UdrLasso)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_UdrSpearman(benchmark::State& state) {
  udr_bench(state, fm::UdrMethod::kSpearman, 4, 2000);
}
BENCHMARK(BM_UdrSpearman)->Unit(benchmark::kMillisecond)->UseRealTime();
// A study's pool: 40 models x 10,000 points (docs/protocols.md §5.3, factorbench's size), 1,560 ordered pairs.
void BM_UdrLassoPool40(benchmark::State& state) {
  udr_bench(state, fm::UdrMethod::kLasso, 40, 10000);
}
BENCHMARK(BM_UdrLassoPool40)
    ->Name("BM_UdrLasso/pool40/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
void BM_UdrSpearmanPool40(benchmark::State& state) {
  udr_bench(state, fm::UdrMethod::kSpearman, 40, 10000);
}
BENCHMARK(BM_UdrSpearmanPool40)
    ->Name("BM_UdrSpearman/pool40/full")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
