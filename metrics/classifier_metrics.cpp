// Registered metric wrappers around the classifier-based array functions (SAP, DCI, explicitness):
// they draw the protocol's observations from the oracle and call the same functions evaluate-codes
// calls.
#include <algorithm>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/rng.h"
#include "metrics/dci.h"
#include "metrics/dci_cr.h"
#include "metrics/explicitness.h"
#include "metrics/metric.h"
#include "metrics/sampled_metric.h"
#include "metrics/sap.h"

namespace fb::metrics {
namespace {

struct ClassifierMetricConfig {
  std::int64_t num_train = 10000;
  std::int64_t num_test = 5000;
  std::int64_t cr_num_samples = 73728;
  std::vector<std::string> discrete_factors{"shape"};
  std::string representation = "mean";

  template <class V>
  void visit(V&& v) {
    v("num_train", num_train, "DL: training observations");
    v("num_test", num_test, "DL: test observations");
    v("cr_num_samples", cr_num_samples, "CR: observations (probes fitted and scored on them)");
    v("discrete_factors", discrete_factors,
      "CR: factors treated as classes; the others as continuous values");
    v("representation", representation, "mean | sampled");
  }
  void validate(const std::string& where) const {
    require(num_train >= 2, where + ".num_train", "must be >= 2", std::to_string(num_train));
    require(num_test >= 1, where + ".num_test", "must be >= 1", std::to_string(num_test));
    require(cr_num_samples >= 2, where + ".cr_num_samples", "must be >= 2",
            std::to_string(cr_num_samples));
    require_representation(representation, where + ".representation");
  }
};

TrainTest draw(const MetricInputs& in, const ClassifierMetricConfig& cfg,
               const std::string& metric) {
  return sample_train_test(in, cfg.representation, cfg.num_train, cfg.num_test, cfg.cr_num_samples,
                           metric);
}

// Columns `keep` of a matrix with one column per factor.
template <class M>
M columns(const M& m, const std::vector<bool>& mask, bool keep) {
  std::vector<Eigen::Index> idx;
  for (std::size_t j = 0; j < mask.size(); ++j)
    if (mask[j] == keep) idx.push_back(static_cast<Eigen::Index>(j));
  M out(m.rows(), static_cast<Eigen::Index>(idx.size()));
  for (std::size_t j = 0; j < idx.size(); ++j)
    out.col(static_cast<Eigen::Index>(j)) = m.col(idx[j]);
  return out;
}

class SapMetric : public Metric {
 public:
  explicit SapMetric(ClassifierMetricConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const TrainTest s = draw(in, cfg_, "sap");
    if (in.protocol == Protocol::kDl)
      return Json{{"sap", sap(s.train.codes, s.train.factors, s.test.codes, s.test.factors).sap}};
    // CR: discrete factors scored by LinearSVC accuracy, continuous ones by R² (docs/protocols.md §4.1), on
    // the one set the probes are fitted on.
    const auto discrete = columns_named(*in.dataset, s.varying, cfg_.discrete_factors);
    Eigen::MatrixXd scores(in.code_dim, static_cast<Eigen::Index>(discrete.size()));
    const Factors f = columns(s.train.factors, discrete, true);
    const Eigen::MatrixXd values =
        columns(factor_values(*in.dataset, s.varying, s.train.factors), discrete, false);
    const Eigen::MatrixXd sd = f.cols() > 0 ? sap(s.train.codes, f, s.train.codes, f).scores
                                            : Eigen::MatrixXd(in.code_dim, 0);
    const Eigen::MatrixXd sc = values.cols() > 0 ? sap_continuous_scores(s.train.codes, values)
                                                 : Eigen::MatrixXd(in.code_dim, 0);
    scores << sd, sc;
    return Json{{"sap", sap_from_scores(scores)}};
  }
  Json evaluate_codes(const CodeInputs& in) const override {
    return Json{
        {"sap", sap(*in.train_codes, *in.train_factors, *in.test_codes, *in.test_factors).sap}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  ClassifierMetricConfig cfg_;
};

// DCI's config: the shared sizes plus the CR regression variants (docs/protocols.md §4.2 "CR DCI").
struct DciMetricConfig : ClassifierMetricConfig {
  CrDciOptions cr;
  std::string cr_reported_variant = "rf_ibgan";

  template <class V>
  void visit(V&& v) {
    ClassifierMetricConfig::visit(v);
    v("cr_variants", cr.variants,
      "CR: regressors to run, any of lasso, lasso_cv, rf, rf_ibgan, rf_cv (rf_cv is costly)");
    v("cr_reported_variant", cr_reported_variant,
      "CR: the variant the plain dci_disentanglement/_completeness/_informativeness keys report");
    v("cr_lasso_alpha", cr.lasso_alpha, "CR lasso: L1 penalty");
    v("cr_lasso_cv_folds", cr.lasso_cv_folds, "CR lasso_cv: unshuffled KFold folds");
    v("rf_max_depth", cr.rf_max_depth, "CR rf: max_depth per factor");
    v("rf_ibgan_max_depth", cr.rf_ibgan_max_depth, "CR rf_ibgan: max_depth per factor");
    v("rf_cv_min_depth", cr.rf_cv_min_depth, "CR rf_cv: smallest max_depth tried");
    v("rf_cv_max_depth", cr.rf_cv_max_depth, "CR rf_cv: largest max_depth tried");
    v("rf_cv_folds", cr.rf_cv_folds, "CR rf_cv: unshuffled KFold folds");
    v("rf_trees", cr.rf_trees, "CR forests: trees per forest (scikit-learn <= 0.20: 10)");
  }
  void validate(const std::string& where) const {
    ClassifierMetricConfig::validate(where);
    cr.validate(where);
    require(
        std::find(cr.variants.begin(), cr.variants.end(), cr_reported_variant) != cr.variants.end(),
        where + ".cr_reported_variant", "must be one of cr_variants", cr_reported_variant);
  }
};

class DciMetric : public Metric {
 public:
  explicit DciMetric(DciMetricConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const TrainTest s = draw(in, cfg_, "dci");
    if (in.protocol == Protocol::kDl) {
      const auto r = dci(s.train.codes, s.train.factors, s.test.codes, s.test.factors,
                         Rng::derive(in.seed, "dci:trees").next_u64());
      return Json{{"dci_disentanglement", r.disentanglement},
                  {"dci_completeness", r.completeness},
                  {"dci_informativeness_train", r.informativeness_train},
                  {"dci_informativeness_test", r.informativeness_test}};
    }
    // CR: regress the factor values on the codes of the one set, scored on that set.
    const Eigen::MatrixXd values = factor_values(*in.dataset, s.varying, s.train.factors);
    const auto scores =
        cr_dci(s.train.codes, values, cfg_.cr, Rng::derive(in.seed, "dci:cr").next_u64());
    Json out = Json::object();
    for (std::size_t v = 0; v < scores.size(); ++v) {
      const std::string& name = cfg_.cr.variants[v];
      if (name == cfg_.cr_reported_variant) {
        out["dci_disentanglement"] = scores[v].disentanglement;
        out["dci_completeness"] = scores[v].completeness;
        out["dci_informativeness"] = scores[v].informativeness;
      }
    }
    for (std::size_t v = 0; v < scores.size(); ++v) {
      const std::string& name = cfg_.cr.variants[v];
      out["dci_disentanglement_" + name] = scores[v].disentanglement;
      out["dci_completeness_" + name] = scores[v].completeness;
      out["dci_informativeness_" + name] = scores[v].informativeness;
    }
    return out;
  }
  // DL DCI on the two splits, then the requested CR regressions of the z-scored factor classes on
  // the train split (docs/protocols.md §4.2 "CR DCI"), both seeded with the codes file's seed.
  Json evaluate_codes(const CodeInputs& in) const override {
    const auto d =
        dci(*in.train_codes, *in.train_factors, *in.test_codes, *in.test_factors, in.seed);
    Json out{{"dci_disentanglement", d.disentanglement},
             {"dci_completeness", d.completeness},
             {"dci_informativeness_train", d.informativeness_train},
             {"dci_informativeness_test", d.informativeness_test}};
    if (in.cr_dci_variants.empty()) return out;
    CrDciOptions cr;
    cr.variants = in.cr_dci_variants;
    const auto scores =
        cr_dci(*in.train_codes, in.train_factors->cast<double>(), cr, in.seed, "--cr-dci");
    for (std::size_t v = 0; v < scores.size(); ++v) {
      out["dci_disentanglement_" + cr.variants[v]] = scores[v].disentanglement;
      out["dci_completeness_" + cr.variants[v]] = scores[v].completeness;
      out["dci_informativeness_" + cr.variants[v]] = scores[v].informativeness;
    }
    return out;
  }

  Json config() const override { return to_json(cfg_); }

 private:
  DciMetricConfig cfg_;
};

class ExplicitnessMetric : public Metric {
 public:
  explicit ExplicitnessMetric(ClassifierMetricConfig cfg) : cfg_(std::move(cfg)) {}
  Json evaluate(const MetricInputs& in) const override {
    const TrainTest s = draw(in, cfg_, "explicitness");
    // CR: one set, fitted and scored on raw codes; DL: standardised codes, train and test.
    const auto r = explicitness(s.train.codes, s.train.factors, s.test.codes, s.test.factors,
                                in.era, explicitness_scaling(in.protocol));
    return Json{{"explicitness_train", r.train}, {"explicitness_test", r.test}};
  }
  Json evaluate_codes(const CodeInputs& in) const override {
    const auto r =
        explicitness(*in.train_codes, *in.train_factors, *in.test_codes, *in.test_factors, in.era);
    return Json{{"explicitness_train", r.train}, {"explicitness_test", r.test}};
  }

  Json config() const override { return to_json(cfg_); }

 private:
  ClassifierMetricConfig cfg_;
};

template <class M, class Config = ClassifierMetricConfig>
MetricMaker factory(const char* name) {
  return [name](const Json& cfg) -> std::unique_ptr<Metric> {
    return std::make_unique<M>(parse<Config>(cfg, name));
  };
}

FB_REGISTER(metric_registry(),
            {"sap",
             "SAP: mean gap between the two codes that best predict each factor on their own",
             to_json(ClassifierMetricConfig{}),
             {factory<SapMetric>("sap"),
              MetricInfo{Needs::kCodesOnly,
                         Inclusion::kDefault,
                         {{"sap", 0.0, 1.0, Better::kHigher}},
                         Json{{"num_train", 500}, {"num_test", 250}, {"cr_num_samples", 500}}}}});
FB_REGISTER(
    metric_registry(),
    {"dci",
     "DCI: disentanglement, completeness and informativeness of gradient-boosted (DL) or "
     "regression (CR: lasso, lasso_cv, rf, rf_ibgan, rf_cv) importances",
     to_json(DciMetricConfig{}),
     {factory<DciMetric, DciMetricConfig>("dci"),
      // Informativeness is an accuracy under DL and an R² (unbounded below) for the CR regressions.
      MetricInfo{Needs::kCodesOnly,
                 Inclusion::kDefault,
                 {{"dci_informativeness_train", 0.0, 1.0, Better::kHigher},
                  {"dci_informativeness_test", 0.0, 1.0, Better::kHigher},
                  {"dci_informativeness*", -kUnbounded, 1.0, Better::kHigher},
                  {"dci_*", 0.0, 1.0, Better::kHigher}},
                 Json{{"num_train", 100},
                      {"num_test", 50},
                      {"cr_num_samples", 100},
                      {"cr_variants", {"lasso", "rf"}},
                      {"cr_reported_variant", "rf"},
                      {"rf_trees", 10},
                      {"rf_max_depth", {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}}}}}});
FB_REGISTER(metric_registry(),
            {"explicitness",
             "Explicitness: ROC-AUC of a logistic regression predicting each factor from all codes",
             to_json(ClassifierMetricConfig{}),
             {factory<ExplicitnessMetric>("explicitness"),
              MetricInfo{Needs::kCodesOnly,
                         Inclusion::kDefault,
                         {{"explicitness_*", 0.0, 1.0, Better::kHigher}},
                         Json{{"num_train", 500}, {"num_test", 250}, {"cr_num_samples", 500}}}}});

}  // namespace
}  // namespace fb::metrics
