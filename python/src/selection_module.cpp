// factorbench._selection: ModelCentrality (docs/protocols.md §5.2) on models given as Python callables.
// A module of its own because it links LibTorch (the methods layer): `import factorbench` stays free of
// it, and factorbench.model_centrality loads this on first use.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <torch/torch.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "core/threads.h"
#include "methods/model_centrality.h"
#include "python/src/convert.h"
#include "python/src/errors.h"

namespace fb::python {

namespace {

// A float32 tensor as a new numpy array (the callables may keep it).
py::array to_numpy(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  std::vector<py::ssize_t> shape(c.sizes().begin(), c.sizes().end());
  py::array_t<float> out(shape);
  std::memcpy(out.mutable_data(), c.data_ptr<float>(), sizeof(float) * c.numel());
  return out;
}

// What a callable returned (numpy, a CPU torch tensor, anything numpy.asarray reads) as a float32
// tensor, its rows (and, ndim > 0, its dimensions) checked.
torch::Tensor to_tensor(const py::object& obj, const std::string& what, std::int64_t rows,
                        py::ssize_t ndim) {
  const py::array a = py::module_::import("numpy").attr("asarray")(obj);
  if ((ndim > 0 && a.ndim() != ndim) || a.ndim() < 1 || a.shape(0) != rows)
    throw py::value_error(what + ": expected " +
                          (ndim > 0 ? std::to_string(ndim) + " dimensions with " : std::string()) +
                          std::to_string(rows) + " rows, got shape " + shape_text(a));
  if (a.dtype().kind() != 'f')
    throw py::value_error(what + ": expected floats, got " + std::string(py::str(a.dtype())));
  const auto c = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(a);
  std::vector<std::int64_t> shape(c.shape(), c.shape() + c.ndim());
  return torch::from_blob(const_cast<float*>(c.data()), shape, torch::kFloat32).clone();
}

engine::LatentDistribution distribution(const py::dict& spec, const char* key,
                                        const std::string& where) {
  engine::LatentDistribution d;
  const std::string name = spec.contains(key) ? spec[key].cast<std::string>() : "normal";
  if (name == "uniform") {
    d.uniform = true;
  } else if (name != "normal") {
    throw ConfigError(where + "." + key + ": must be normal or uniform (got " + name + ")");
  }
  return d;
}

methods::CentralityModel centrality_model(const py::handle& obj, std::size_t index) {
  const std::string where = "models[" + std::to_string(index) + "]";
  if (!py::isinstance<py::dict>(obj))
    throw py::value_error(where + ": expected a dict with encode, generate and code_dim");
  const py::dict spec = py::reinterpret_borrow<py::dict>(obj);
  for (const char* key : {"encode", "generate", "code_dim"})
    if (!spec.contains(key)) throw py::value_error(where + ": missing '" + key + "'");
  for (const auto& item : spec) {
    const std::string key = py::str(item.first);
    if (key != "encode" && key != "generate" && key != "code_dim" && key != "prior" &&
        key != "noise_dim" && key != "noise_prior")
      throw py::value_error(where + ": unknown key '" + key +
                            "' (encode, generate, code_dim, prior, noise_dim, noise_prior)");
  }
  methods::CentralityModel m;
  m.code_dim = spec["code_dim"].cast<int>();
  m.prior.codes = distribution(spec, "prior", where);
  m.prior.noise = distribution(spec, "noise_prior", where);
  m.prior.noise_dim = spec.contains("noise_dim") ? spec["noise_dim"].cast<int>() : 0;
  const py::object generate = spec["generate"], encode = spec["encode"];
  m.generate = [generate, where](const torch::Tensor& codes, const torch::Tensor& noise) {
    py::gil_scoped_acquire gil;
    const py::object z = noise.defined() ? py::object(to_numpy(noise)) : py::object(py::none());
    return to_tensor(generate(to_numpy(codes), z), where + ".generate(codes, noise)", codes.size(0),
                     0);
  };
  m.encode = [encode, where](const torch::Tensor& images, torch::Generator&) {
    py::gil_scoped_acquire gil;
    return to_tensor(encode(to_numpy(images)), where + ".encode(images)", images.size(0), 2);
  };
  return m;
}

py::dict model_centrality(const py::list& models, const py::dict& options, std::uint64_t seed,
                          int threads) {
  const auto config = parse<methods::ModelCentralityConfig>(
      options.empty() ? Json() : to_json(options, "model_centrality"), "model_centrality");
  std::vector<methods::CentralityModel> pool;
  for (std::size_t i = 0; i < models.size(); ++i) pool.push_back(centrality_model(models[i], i));
  methods::ModelCentralityResult r;
  {
    py::gil_scoped_release release;
    configure_threads(threads);
    r = methods::model_centrality(pool, config, seed, torch::kCPU);
  }
  py::dict out;
  out["scores"] = r.scores;
  std::vector<std::vector<double>> f(static_cast<std::size_t>(r.f.rows()));
  for (Eigen::Index i = 0; i < r.f.rows(); ++i)
    for (Eigen::Index j = 0; j < r.f.cols(); ++j) f[i].push_back(r.f(i, j));
  out["f"] = f;
  return out;
}

}  // namespace

}  // namespace fb::python

PYBIND11_MODULE(_selection, m) {
  namespace py = pybind11;
  m.doc() = "factorbench's ModelCentrality (links LibTorch); use factorbench.model_centrality.";
  // A DataError here is about the callables' arrays, not a file: ValueError (errors.h).
  fb::python::register_error_translator<fb::python::DataErrorsAre::kArrayErrors>();
  m.def("model_centrality", &fb::python::model_centrality, py::arg("models"), py::arg("config"),
        py::arg("seed"), py::arg("threads"));
}
