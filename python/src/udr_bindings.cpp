// factorbench.udr's native half: UDR (docs/protocols.md §5.3) on the posterior means of a pool of models.
#include <pybind11/stl.h>

#include "core/error.h"
#include "core/threads.h"
#include "metrics/udr.h"
#include "python/src/convert.h"

namespace fb::python {

namespace {

py::dict udr(const py::list& codes, const py::object& kls, const std::string& method,
             bool filter_low_kl, double kl_threshold, double lasso_alpha, int threads) {
  metrics::UdrMethod m;
  if (method == "lasso") {
    m = metrics::UdrMethod::kLasso;
  } else if (method == "spearman") {
    m = metrics::UdrMethod::kSpearman;
  } else {
    throw ConfigError("udr.method: must be lasso or spearman (got " + method + ")");
  }
  std::vector<metrics::UdrModel> models(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    models[i].mean = to_codes(codes[i], "codes[" + std::to_string(i) + "]");
  if (!kls.is_none()) {
    const py::list list = kls;
    if (list.size() != codes.size())
      throw py::value_error("kl: expected one vector per model (" + std::to_string(codes.size()) +
                            "), got " + std::to_string(list.size()));
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!list[i].is_none()) models[i].kl = list[i].cast<std::vector<float>>();
  }
  const metrics::UdrOptions options{filter_low_kl, kl_threshold, lasso_alpha};
  metrics::UdrResult r;
  {
    py::gil_scoped_release release;
    configure_threads(threads);
    try {
      r = metrics::udr(models, m, options);
    } catch (const DataError& e) {
      throw py::value_error(e.what());  // the caller's arrays, not a file
    }
  }
  py::dict out;
  out["model_scores"] = r.model_scores;
  std::vector<std::vector<double>> pairwise(static_cast<std::size_t>(r.pairwise.rows()));
  for (Eigen::Index i = 0; i < r.pairwise.rows(); ++i)
    for (Eigen::Index j = 0; j < r.pairwise.cols(); ++j) pairwise[i].push_back(r.pairwise(i, j));
  out["pairwise"] = pairwise;
  return out;
}

}  // namespace

void bind_udr(py::module_& m) {
  m.def("udr", &udr, py::arg("codes"), py::arg("kl"), py::arg("method"), py::arg("filter_low_kl"),
        py::arg("kl_threshold"), py::arg("lasso_alpha"), py::arg("threads"));
}

}  // namespace fb::python
