// factorbench.metrics' native half: codes-only metrics on numpy arrays (the path `evaluate-codes` takes),
// IRS's array function, and the encoder metrics (FactorVAE, BetaVAE, ...) through a Python callable.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "metrics/evaluate_codes.h"
#include "metrics/irs.h"
#include "metrics/metric.h"
#include "python/src/convert.h"
#include "python/src/py_dataset.h"

namespace fb::python {

namespace {

// The arrays are the caller's, not a file: a DataError about them is a usage error here.
template <class F>
auto on_arrays(F&& work) {
  try {
    return work();
  } catch (const DataError& e) {
    throw py::value_error(e.what());
  }
}

// The caller's arrays as the codes-only metrics read them: codes viewed where they lie when the layout
// allows (CodesArg), factors converted to int64 (code_inputs relabels them, so they are always copied).
struct CodeArgs {
  std::unique_ptr<CodesArg> train, test;  // on the heap: `arrays` may view into them
  metrics::CodeArrays arrays;
};

CodeArgs code_args(const py::object& codes, const py::object& factors, const py::object& test_codes,
                   const py::object& test_factors) {
  CodeArgs args;
  args.train = std::make_unique<CodesArg>(codes, "codes");
  args.arrays.train_codes = args.train->view();
  args.arrays.train_factors = to_factors(factors, "factors");
  check_rows(*args.train, "codes", args.arrays.train_factors, "factors");
  if (test_codes.is_none() != test_factors.is_none())
    throw py::value_error("test_codes and test_factors go together (only one was given)");
  if (!test_codes.is_none()) {
    args.test = std::make_unique<CodesArg>(test_codes, "test_codes");
    args.arrays.test_codes = args.test->view();
    args.arrays.test_factors = to_factors(test_factors, "test_factors");
    check_rows(*args.test, "test_codes", args.arrays.test_factors, "test_factors");
  } else {
    args.arrays.test_codes = args.arrays.train_codes;  // as evaluate-codes reuses train
    args.arrays.test_factors = args.arrays.train_factors;
  }
  return args;
}

const metrics::MetricRegistry::Entry& codes_only_entry(const std::string& name) {
  const auto& entry = metrics::metric_registry().get(name);
  if (entry.make.info.needs != metrics::Needs::kCodesOnly)
    throw ConfigError("metric '" + name +
                      "' needs more than codes (an encoder and a dataset): use "
                      "factorbench.metrics.evaluate_model");
  return entry;
}

using Chosen = std::vector<std::pair<const metrics::MetricRegistry::Entry*, Json>>;

// The named metrics with their configs (configs[name], defaults when absent).
Chosen choose(const std::vector<std::string>& names, const py::dict& configs) {
  Chosen chosen;
  for (const auto& name : names)
    chosen.emplace_back(&codes_only_entry(name),
                        configs.contains(name) ? to_json(configs[py::str(name)], name) : Json());
  return chosen;
}

// The native work of one call, without the GIL: metrics::code_inputs' set-up, then `chosen` empty:
// exactly what `factorbench evaluate-codes` runs once it has read its file; otherwise the chosen
// metrics with their configs.
Json score_codes(metrics::CodeArrays& arrays, const Chosen& chosen,
                 const metrics::EvaluateCodesOptions& options) {
  return on_arrays([&] {
    const metrics::CodeInputs in = metrics::code_inputs(arrays, options);
    if (chosen.empty()) return metrics::evaluate_code_inputs(in);
    Json out = Json::object();
    for (const auto& [entry, config] : chosen) {
      const Json s = entry->make(config)->evaluate_codes(in);
      for (auto it = s.begin(); it != s.end(); ++it) out[it.key()] = it.value();
    }
    return out;
  });
}

py::object evaluate_codes(const py::object& codes, const py::object& factors,
                          const py::object& test_codes, const py::object& test_factors,
                          const std::vector<std::string>& names, const py::dict& configs,
                          const std::string& era, std::uint64_t seed,
                          const std::vector<std::string>& cr_dci, int threads) {
  CodeArgs args = code_args(codes, factors, test_codes, test_factors);
  const metrics::EvaluateCodesOptions options{metrics::parse_era(era), seed, cr_dci};
  const Chosen chosen = choose(names, configs);
  Json scores;
  {
    py::gil_scoped_release release;
    configure_threads(threads);
    scores = score_codes(args.arrays, chosen, options);
  }
  return to_python(scores);
}

// benchmark/python_overhead.py: the mean seconds of the native work of one call (score_codes on
// arrays already converted), measured in C++, to set against a whole Python call.
double native_seconds(const py::object& codes, const py::object& factors,
                      const std::vector<std::string>& names, int repeats, int threads) {
  if (repeats < 1) throw py::value_error("repeats: must be >= 1");
  const CodeArgs base = code_args(codes, factors, py::none(), py::none());
  const Chosen chosen = choose(names, py::dict());
  const metrics::EvaluateCodesOptions options;
  py::gil_scoped_release release;
  configure_threads(threads);
  double total = 0.0;
  for (int r = 0; r < repeats; ++r) {
    metrics::CodeArrays arrays = base.arrays;  // the factors afresh (code_inputs relabels them)
    const auto start = std::chrono::steady_clock::now();
    score_codes(arrays, chosen, options);
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return total / repeats;
}

// The view code_args gives the metrics: its address, and whether it is the caller's array itself.
// A test hook (python/tests/test_zero_copy.py) with codes_copies.
py::tuple codes_view(const py::object& codes) {
  const CodesArg arg(codes, "codes");
  return py::make_tuple(reinterpret_cast<std::uintptr_t>(arg.view().data()), codes_copies());
}

py::object irs(const py::object& codes, const py::object& factors, double diff_quantile, int bins,
               int threads) {
  CodeArgs args = code_args(codes, factors, py::none(), py::none());
  Json scores;
  {
    py::gil_scoped_release release;
    scores = on_arrays([&] {
      configure_threads(threads);
      metrics::Factors none(0, args.arrays.train_factors.cols());
      metrics::densify_factors(args.arrays.train_factors, none);
      metrics::check_split(args.arrays.train_codes, args.arrays.train_factors, "irs", "codes");
      if (!(diff_quantile >= 0.0 && diff_quantile <= 1.0))
        throw ConfigError("irs.diff_quantile: must be in [0, 1] (got " +
                          std::to_string(diff_quantile) + ")");
      if (bins < 2) throw ConfigError("irs.bins: must be >= 2 (got " + std::to_string(bins) + ")");
      const auto r =
          metrics::irs(args.arrays.train_codes, args.arrays.train_factors, diff_quantile, bins);
      return Json{{"irs", r.irs}, {"irs_num_active_dims", r.num_active_dims}};
    });
  }
  return to_python(scores);
}

// encode(images) -> codes, called with the GIL held: images uint8 [n,H,W,C] (the dataset's stored scale),
// codes anything numpy.asarray takes (a CPU torch tensor included), [n, code_dim].
metrics::Encoder python_encoder(const py::object& encode, const data::Dataset& dataset,
                                std::int64_t code_dim) {
  return [encode, &dataset, code_dim](const std::uint8_t* images, std::int64_t n, float* codes) {
    py::gil_scoped_acquire gil;
    py::array_t<std::uint8_t> batch({n, static_cast<std::int64_t>(dataset.height()),
                                     static_cast<std::int64_t>(dataset.width()),
                                     static_cast<std::int64_t>(dataset.channels())});
    std::memcpy(batch.mutable_data(), images, static_cast<std::size_t>(n * dataset.image_bytes()));
    const py::object out = encode(batch);
    const CodesArg z(out, "encode(images)");  // copied once, into the library's buffer
    if (z.rows() != n || z.cols() != code_dim)
      throw py::value_error("encode(images): expected codes of shape (" + std::to_string(n) + ", " +
                            std::to_string(code_dim) + "), got (" + std::to_string(z.rows()) +
                            ", " + std::to_string(z.cols()) + ")");
    std::memcpy(codes, z.view().data(), sizeof(float) * static_cast<std::size_t>(z.view().size()));
  };
}

py::object evaluate_model(const py::object& encode, const PyDataset& dataset,
                          const std::vector<std::string>& names, const py::dict& configs,
                          std::int64_t code_dim, const std::string& protocol,
                          const std::string& era, std::uint64_t seed, int threads) {
  if (code_dim <= 0)
    throw py::value_error("code_dim: must be > 0 (got " + std::to_string(code_dim) + ")");
  metrics::MetricInputs in;
  in.dataset = dataset.get();
  in.encode_mean = python_encoder(encode, *dataset.get(), code_dim);
  in.code_dim = code_dim;
  in.protocol = metrics::parse_protocol(protocol);
  in.era = metrics::parse_era(era);
  in.seed = seed;
  std::vector<std::pair<std::string, std::unique_ptr<metrics::Metric>>> chosen;
  for (const auto& name : names) {
    const auto& entry = metrics::metric_registry().get(name);
    if (entry.make.info.needs & ~metrics::Needs::kEncoder)
      throw ConfigError("metric '" + name +
                        "' needs a generator, a classifier or a categorical code, which the Python "
                        "package does not take yet");
    chosen.emplace_back(
        name, entry.make(configs.contains(name) ? to_json(configs[py::str(name)], name) : Json()));
  }
  Json scores = Json::object();
  {
    py::gil_scoped_release release;
    configure_threads(threads);
    for (const auto& [name, metric] : chosen) {
      const Json s = metric->evaluate(in);
      for (auto it = s.begin(); it != s.end(); ++it) scores[it.key()] = it.value();
    }
  }
  return to_python(scores);
}

py::list list_metrics() {
  py::list out;
  for (const auto* e : metrics::metric_registry().entries()) {
    py::dict d;
    d["name"] = e->name;
    d["summary"] = e->summary;
    d["codes_only"] = e->make.info.needs == metrics::Needs::kCodesOnly;
    d["encoder_only"] = (e->make.info.needs & ~metrics::Needs::kEncoder) == 0;
    d["defaults"] = to_python(e->defaults);
    d["walk_config"] = to_python(e->make.info.walk_config);
    out.append(d);
  }
  return out;
}

}  // namespace

void bind_metrics(py::module_& m) {
  m.def("evaluate_codes", &evaluate_codes, py::arg("codes"), py::arg("factors"),
        py::arg("test_codes"), py::arg("test_factors"), py::arg("metrics"), py::arg("configs"),
        py::arg("sklearn_era"), py::arg("seed"), py::arg("cr_dci"), py::arg("threads"));
  m.def("irs", &irs, py::arg("codes"), py::arg("factors"), py::arg("diff_quantile"),
        py::arg("bins"), py::arg("threads"));
  m.def("evaluate_model", &evaluate_model, py::arg("encode"), py::arg("dataset"),
        py::arg("metrics"), py::arg("configs"), py::arg("code_dim"), py::arg("protocol"),
        py::arg("sklearn_era"), py::arg("seed"), py::arg("threads"));
  m.def("list_metrics", &list_metrics);
  m.def("codes_view", &codes_view, py::arg("codes"));
  m.def("native_seconds", &native_seconds, py::arg("codes"), py::arg("factors"), py::arg("metrics"),
        py::arg("repeats"), py::arg("threads"));
}

}  // namespace fb::python
