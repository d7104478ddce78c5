// Instruction-count cases for the metrics and the tree learners behind them (items = rows scored, votes,
// or trees grown), on the "mixing" code set of benchmark/metrics_bench.cpp at sizes that keep each case
// to a few seconds under Callgrind.
#include <memory>

#include "benchmark/instructions/instr_case.h"
#include "benchmark/synthetic_codes.h"
#include "core/rng.h"
#include "metrics/dci.h"
#include "metrics/evaluate_codes.h"
#include "metrics/explicitness.h"
#include "metrics/factor_vae.h"
#include "metrics/irs.h"
#include "metrics/mig.h"
#include "metrics/ml/gradient_boosting.h"
#include "metrics/ml/random_forest.h"
#include "metrics/modularity.h"
#include "metrics/sap.h"
#include "metrics/udr.h"

namespace fb::bench::instr {
namespace {

namespace fm = fb::metrics;

const auto& kSizes = fb::bench::kMixingFactorSizes;
constexpr std::int64_t kCodes = fb::bench::kMixingCodes;

// A case on a fresh code set of n_train / n_train / 2 rows; `score` is the body.
template <class Score>
Case on_set(std::string name, std::int64_t n_train, int calls, Score score) {
  return Case{
      std::move(name), n_train, calls, [n_train, score]() -> std::function<void()> {
        auto s = std::make_shared<fm::CodeSet>(fb::bench::mixing_code_set(n_train, n_train / 2, 1));
        return [s, score] { score(*s); };
      }};
}

std::vector<fm::UdrModel> udr_pool(int m, std::int64_t n) {
  Rng rng(4);
  std::vector<fm::UdrModel> models(static_cast<std::size_t>(m));
  for (auto& model : models) {
    model.mean.resize(n, kCodes);
    for (Eigen::Index i = 0; i < model.mean.size(); ++i)
      model.mean.data()[i] = static_cast<float>(rng.normal());
    model.kl.assign(kCodes, 1.0f);
  }
  return models;
}

Case udr_case(std::string name, fm::UdrMethod method) {
  constexpr int kModels = 4;
  constexpr std::int64_t kPoints = 500;
  return Case{std::move(name), kModels * kPoints, 1, [method]() -> std::function<void()> {
                auto pool = std::make_shared<std::vector<fm::UdrModel>>(udr_pool(kModels, kPoints));
                return [pool, method] { fm::udr(*pool, method); };
              }};
}

}  // namespace

void add_metric_cases(Cases& cases) {
  using S = const fm::CodeSet&;
  cases.push_back(
      on_set("metrics/mig", 2000, 2, [](S s) { fm::mig(s.train_codes, s.train_factors); }));
  cases.push_back(on_set("metrics/modularity", 2000, 2,
                         [](S s) { fm::modularity(s.train_codes, s.train_factors); }));
  cases.push_back(
      on_set("metrics/irs", 2000, 2, [](S s) { fm::irs(s.train_codes, s.train_factors); }));
  cases.push_back(on_set("metrics/sap", 1000, 1, [](S s) {
    fm::sap(s.train_codes, s.train_factors, s.test_codes, s.test_factors);
  }));
  cases.push_back(on_set("metrics/explicitness", 1000, 1, [](S s) {
    fm::explicitness(s.train_codes, s.train_factors, s.test_codes, s.test_factors,
                     fm::SklearnEra::kPaper);
  }));
  cases.push_back(on_set("metrics/dci", 300, 1, [](S s) {
    fm::dci(s.train_codes, s.train_factors, s.test_codes, s.test_factors, 0);
  }));
  // The FactorVAE scoring step on already-encoded groups: 1,000 votes of 64 observations.
  cases.push_back(Case{"metrics/factor_vae_votes", 1000, 2, []() -> std::function<void()> {
                         const std::int64_t groups = 1000, size = 64;
                         Rng rng(3);
                         auto codes = std::make_shared<fm::Codes>(groups * size, kCodes);
                         for (Eigen::Index i = 0; i < codes->size(); ++i)
                           codes->data()[i] = static_cast<float>(rng.normal());
                         std::vector<int> factor(static_cast<std::size_t>(groups));
                         for (auto& f : factor) f = static_cast<int>(rng.below(kSizes.size()));
                         const Eigen::VectorXd var = fm::column_variance(*codes, 1);
                         return [codes, factor, var] {
                           fm::factor_vae_votes(*codes, size, factor,
                                                static_cast<int>(kSizes.size()), var,
                                                std::vector<bool>(kCodes, true));
                         };
                       }});
  cases.push_back(udr_case("metrics/udr_lasso", fm::UdrMethod::kLasso));
  cases.push_back(udr_case("metrics/udr_spearman", fm::UdrMethod::kSpearman));
  // Trees: 10 boosting stages on the 40-class factor (400 trees), and a 10-tree depth-8 forest.
  cases.push_back(on_set("trees/gradient_boosting", 1000, 1, [](S s) {
    fm::ml::GradientBoostingClassifier model({10, 0.1, 3});
    model.fit(s.train_codes, s.train_factors.col(2), 0);
  }));
  // The same boosting on two threads (the K trees of a stage grow in parallel). Measured for information
  // only: how often the threads spin at a barrier follows the scheduler.
  Case parallel = on_set("trees/gradient_boosting_2threads", 1000, 1, [](S s) {
    fm::ml::GradientBoostingClassifier model({10, 0.1, 3});
    model.fit(s.train_codes, s.train_factors.col(2), 0);
  });
  parallel.threads = 2;
  parallel.excluded = "two threads: OpenMP barrier waits and work stealing follow the scheduler";
  cases.push_back(parallel);
  cases.push_back(on_set("trees/random_forest", 1000, 1, [](S s) {
    fm::ml::RandomForestRegressor model({10, 8});
    model.fit(s.train_codes, s.train_factors.col(3).cast<double>(), 0);
  }));
}

}  // namespace fb::bench::instr
