#include "engine/generative_scores.h"

#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "engine/data_stream.h"
#include "engine/runtime.h"
#include "metrics/elastic_metrics.h"
#include "metrics/frechet_distance.h"

namespace fb::engine {

namespace {

constexpr std::int64_t kChunk = 500;

int find_factor(const data::Dataset& dataset, const std::string& name) {
  for (int k = 0; k < dataset.num_factors(); ++k)
    if (dataset.factors()[k].name == name) return k;
  throw ConfigError("categorical code: dataset '" + dataset.name() + "' has no factor '" + name +
                    "'");
}

// Calls f(model input [c,C,H,W], held indices) for `n` held images drawn uniformly with
// replacement from `rng`, in chunks.
template <class F>
void for_real_images(const data::Dataset& dataset, std::int64_t n, Rng& rng, torch::Device device,
                     F&& f) {
  std::vector<std::uint8_t> staging;
  for (std::int64_t s = 0; s < n; s += kChunk) {
    const auto idx = dataset.sample_indices(std::min(kChunk, n - s), rng);
    staging.resize(idx.size() * static_cast<std::size_t>(dataset.image_bytes()));
    dataset.gather(idx, staging.data());
    f(to_model_input(staging.data(), static_cast<std::int64_t>(idx.size()), dataset, device), idx);
  }
}

Eigen::MatrixXd to_eigen(const torch::Tensor& t) {
  torch::Tensor d = t.to(torch::kCPU, torch::kFloat64).contiguous();
  Eigen::MatrixXd m(d.size(0), d.size(1));
  const double* p = d.data_ptr<double>();
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) m(r, c) = p[r * m.cols() + c];
  return m;
}

}  // namespace

Json categorical_code_scores(Model& model, const data::Dataset& dataset,
                             const FactorClassifier* classifier, const GenerativeScoreOptions& o) {
  const auto code = model.categorical_code();
  if (!code) throw ConfigError("model '" + model.name() + "' has no categorical code (nmi, ent)");
  if (o.nmi_samples < 1 || o.ent_samples < 1) throw ConfigError("nmi/ent samples: must be >= 1");
  const int f = find_factor(dataset, code->factor);
  const std::int64_t m = dataset.factors()[f].size(), k = code->classes;

  // nmi_q on real images: argmax over the code's probabilities (encode()'s first k columns).
  Rng rng = Rng::derive(o.seed, "metric:nmi");
  std::vector<std::int64_t> predicted, truth;
  for_real_images(dataset, o.nmi_samples, rng, model.device(),
                  [&](const torch::Tensor& x, const std::vector<std::int64_t>& idx) {
                    torch::Tensor arg =
                        model.encode(x).mean.slice(1, 0, k).argmax(1).to(torch::kCPU);
                    for (std::int64_t i = 0; i < arg.size(0); ++i) {
                      predicted.push_back(arg[i].item<std::int64_t>());
                      truth.push_back(dataset.classes()[idx[i] * dataset.num_factors() + f]);
                    }
                  });
  const metrics::NmiAverage average = metrics::parse_nmi_average(o.nmi_average, "--nmi-average");
  const Eigen::MatrixXd real_counts = metrics::contingency(predicted, k, truth, m);
  Json out;
  out["nmi_q"] = metrics::normalized_mutual_information(real_counts, average);

  // Prior RMSE: true class frequencies of the held images, codes matched to classes on real data.
  std::vector<double> frequency(static_cast<std::size_t>(m), 0.0);
  for (std::int64_t i = 0; i < dataset.size(); ++i)
    frequency[dataset.classes()[i * dataset.num_factors() + f]] += 1.0 / dataset.size();
  out["prior_rmse"] =
      metrics::prior_rmse(code->prior, frequency, metrics::match_codes_to_classes(real_counts));

  if (classifier != nullptr) {
    classifier->require_compatible(dataset, "--classifier");
    torch::Generator gen =
        make_generator(model.device(), Rng::derive(o.seed, "metric:ent").next_u64());
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(k, m);
    for (std::int64_t v = 0; v < k; ++v)
      for (std::int64_t s = 0; s < o.ent_samples; s += kChunk) {
        torch::Tensor cls =
            classifier->predict(model.generate_class(v, std::min(kChunk, o.ent_samples - s), gen))
                .select(1, f);
        for (std::int64_t i = 0; i < cls.size(0); ++i) counts(v, cls[i].item<std::int64_t>()) += 1;
      }
    // The released table: rows = code values, columns = the classifier's class (100 repeats of 10
    // images per value there, the same 1,000 draws per value here).
    out["nmi"] = metrics::normalized_mutual_information(counts, average);
    out["ent"] = metrics::average_entropy(counts);  // NaN (JSON null) when a row or column is empty
  }
  return out;
}

double fd_fb(Model& model, const data::Dataset& dataset, const FactorClassifier& classifier,
             const GenerativeScoreOptions& o) {
  if (o.fd_samples < 2) throw ConfigError("fd samples: must be >= 2");
  classifier.require_compatible(dataset, "--classifier");
  Rng rng = Rng::derive(o.seed, "metric:fd_fb");
  std::vector<torch::Tensor> real, fake;
  for_real_images(dataset, o.fd_samples, rng, model.device(),
                  [&](const torch::Tensor& x, const std::vector<std::int64_t>&) {
                    real.push_back(classifier.features(x));
                  });
  torch::Generator gen =
      make_generator(model.device(), Rng::derive(o.seed, "metric:fd_fb:generate").next_u64());
  for (std::int64_t s = 0; s < o.fd_samples; s += kChunk)
    fake.push_back(
        classifier.features(model.sample_images(std::min(kChunk, o.fd_samples - s), gen)));
  return metrics::frechet_distance(metrics::fit_gaussian(to_eigen(torch::cat(real, 0))),
                                   metrics::fit_gaussian(to_eigen(torch::cat(fake, 0))));
}

}  // namespace fb::engine
