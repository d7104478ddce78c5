// factorbench.datasets' native half: every dataset the registry opens (by name or from a file, through
// the readers datagen/file_reader.h registers), its held images and factors as numpy arrays, the
// ground-truth oracle, and the generators `factorbench generate` runs.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>
#include <string>

#include "core/error.h"
#include "core/rng.h"
#include "core/threads.h"
#include "datagen/dataset.h"
#include "python/src/convert.h"
#include "python/src/py_dataset.h"

namespace fb::python {

std::int64_t PyDataset::index(const std::int64_t* classes) const {
  std::call_once(index_built_, [this] {
    const auto k = static_cast<std::size_t>(dataset_->num_factors());
    const std::int64_t* c = dataset_->classes();
    for (std::int64_t i = 0; i < dataset_->size(); ++i)
      index_.emplace(std::vector<std::int64_t>(c + i * k, c + (i + 1) * k), i);
  });
  const auto k = static_cast<std::size_t>(dataset_->num_factors());
  const auto it = index_.find(std::vector<std::int64_t>(classes, classes + k));
  return it == index_.end() ? -1 : it->second;
}

namespace {

std::vector<py::ssize_t> image_shape(const data::Dataset& d, std::int64_t n) {
  return {n, d.height(), d.width(), d.channels()};
}

// Indices as int64, each checked against the dataset's size.
std::vector<std::int64_t> to_indices(const py::handle& obj, std::int64_t size) {
  const py::array a = py::module_::import("numpy").attr("asarray")(obj);
  if (a.ndim() != 1 || (a.size() > 0 && a.dtype().kind() != 'i' && a.dtype().kind() != 'u'))
    throw py::value_error("indices: expected a 1-D integer array, got " +
                          std::string(py::str(a.dtype())) + " of shape " + shape_text(a));
  const auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  std::vector<std::int64_t> out(c.data(), c.data() + c.size());
  for (const auto i : out)
    if (i < 0 || i >= size)
      throw py::index_error("indices: " + std::to_string(i) + " is outside [0, " +
                            std::to_string(size) + ")");
  return out;
}

// Factor classes [n, K] checked against the dataset's cardinalities.
metrics::Factors checked_classes(const py::handle& obj, const data::Dataset& d) {
  metrics::Factors f = to_factors(obj, "factors");
  if (f.cols() != d.num_factors())
    throw py::value_error("factors: expected shape (n, " + std::to_string(d.num_factors()) +
                          "), got (" + std::to_string(f.rows()) + ", " + std::to_string(f.cols()) +
                          ")");
  const auto sizes = d.factor_sizes();
  for (Eigen::Index i = 0; i < f.rows(); ++i)
    for (Eigen::Index k = 0; k < f.cols(); ++k)
      if (f(i, k) < 0 || f(i, k) >= sizes[static_cast<std::size_t>(k)])
        throw py::value_error("factors[" + std::to_string(i) + ", " + std::to_string(k) +
                              "] = " + std::to_string(f(i, k)) + " is outside factor '" +
                              d.factors()[k].name + "' [0, " +
                              std::to_string(sizes[static_cast<std::size_t>(k)]) + ")");
  return f;
}

py::array_t<std::uint8_t> render(const data::Dataset& d, const metrics::Factors& classes,
                                 std::uint64_t seed, int threads) {
  py::array_t<std::uint8_t> out(image_shape(d, classes.rows()));
  std::uint8_t* dst = out.mutable_data();
  py::gil_scoped_release release;
  configure_threads(threads);
  // One generator per block of 64 rows, so the nuisance draws do not depend on the thread count.
  constexpr std::int64_t kBlock = 64;
  const std::int64_t blocks = (classes.rows() + kBlock - 1) / kBlock;
  parallel_for(blocks, [&](std::int64_t b0, std::int64_t b1) {
    for (std::int64_t b = b0; b < b1; ++b) {
      const std::int64_t first = b * kBlock, m = std::min(kBlock, classes.rows() - first);
      Rng rng = Rng::for_item(seed, static_cast<std::uint64_t>(b));
      d.render(classes.data() + first * d.num_factors(), m, rng, dst + first * d.image_bytes());
    }
  });
  return out;
}

int factor_position(const data::Dataset& d, const py::handle& factor) {
  if (py::isinstance<py::str>(factor)) {
    const std::string name = factor.cast<std::string>();
    for (int k = 0; k < d.num_factors(); ++k)
      if (d.factors()[k].name == name) return k;
    std::string names;
    for (const auto& f : d.factors()) names += (names.empty() ? "" : ", ") + f.name;
    throw py::value_error("factor '" + name + "' is not one of " + d.name() + "'s (" + names + ")");
  }
  const int k = factor.cast<int>();
  if (k < 0 || k >= d.num_factors())
    throw py::value_error("factor " + std::to_string(k) + " is outside [0, " +
                          std::to_string(d.num_factors()) + ")");
  return k;
}

}  // namespace

void bind_datasets(py::module_& m) {
  py::class_<PyDataset>(m, "Dataset")
      .def_property_readonly("name", [](const PyDataset& s) { return s.get()->name(); })
      .def_property_readonly("factor_names",
                             [](const PyDataset& s) {
                               std::vector<std::string> out;
                               for (const auto& f : s.get()->factors()) out.push_back(f.name);
                               return out;
                             })
      .def_property_readonly("factor_sizes",
                             [](const PyDataset& s) { return s.get()->factor_sizes(); })
      .def("factor_values",
           [](const PyDataset& s, const py::handle& factor) {
             return s.get()->factors()[factor_position(*s.get(), factor)].values;
           })
      .def_property_readonly("image_shape",
                             [](const PyDataset& s) {
                               const auto* d = s.get();
                               return py::make_tuple(d->height(), d->width(), d->channels());
                             })
      .def_property_readonly("pixel_scale",
                             [](const PyDataset& s) { return s.get()->pixel_scale(); })
      .def("__len__", [](const PyDataset& s) { return s.get()->size(); })
      .def("all_images",
           [](py::object self) {
             // A read-only view of the held images, kept alive by the dataset: no copy. A dataset
             // that streams from its file (MPI3D) has no held images: they are read into a copy.
             const auto* d = self.cast<const PyDataset&>().get();
             const auto shape = image_shape(*d, d->size());
             py::array_t<std::uint8_t> view =
                 d->held_images() != nullptr
                     ? py::array_t<std::uint8_t>(shape, d->held_images(), self)
                     : py::array_t<std::uint8_t>(shape);
             if (d->held_images() == nullptr) {
               std::uint8_t* dst = view.mutable_data();
               py::gil_scoped_release release;
               d->gather_range(0, d->size(), dst);
             }
             view.attr("setflags")(py::arg("write") = false);
             return view;
           })
      .def("images",
           [](const PyDataset& s, const py::handle& indices) {
             const auto* d = s.get();
             const auto idx = to_indices(indices, d->size());
             py::array_t<std::uint8_t> out(image_shape(*d, static_cast<std::int64_t>(idx.size())));
             std::uint8_t* dst = out.mutable_data();
             py::gil_scoped_release release;
             d->gather(idx, dst);
             return out;
           })
      .def("factors",
           [](const PyDataset& s, const py::handle& indices) {
             const auto* d = s.get();
             const auto idx = to_indices(indices, d->size());
             const std::int64_t k = d->num_factors();
             py::array_t<std::int64_t> out({static_cast<std::int64_t>(idx.size()), k});
             for (std::size_t i = 0; i < idx.size(); ++i)
               std::memcpy(out.mutable_data() + i * k, d->classes() + idx[i] * k,
                           sizeof(std::int64_t) * k);
             return out;
           })
      .def("sample_factors",
           [](const PyDataset& s, std::int64_t n, std::uint64_t seed) {
             if (n < 0) throw py::value_error("n: must be >= 0 (got " + std::to_string(n) + ")");
             Rng rng(seed);
             const auto classes = s.get()->sample_factors(n, rng);
             py::array_t<std::int64_t> out({n, static_cast<std::int64_t>(s.get()->num_factors())});
             std::memcpy(out.mutable_data(), classes.data(), sizeof(std::int64_t) * classes.size());
             return out;
           })
      .def("index",
           [](const PyDataset& s, const py::handle& factors) {
             const metrics::Factors f = checked_classes(factors, *s.get());
             py::array_t<std::int64_t> out(f.rows());
             for (Eigen::Index i = 0; i < f.rows(); ++i) {
               const std::int64_t at = s.index(f.data() + i * f.cols());
               if (at < 0)
                 throw py::key_error("factors row " + std::to_string(i) + " is not among " +
                                     s.get()->name() + "'s held images");
               out.mutable_data()[i] = at;
             }
             return out;
           })
      .def("render",
           [](const PyDataset& s, const py::handle& factors, std::uint64_t seed, int threads) {
             return render(*s.get(), checked_classes(factors, *s.get()), seed, threads);
           })
      .def("images_with_fixed_factor",
           [](const PyDataset& s, const py::handle& factor, std::int64_t value, std::int64_t n,
              std::uint64_t seed, int threads) {
             const auto* d = s.get();
             const int k = factor_position(*d, factor);
             if (value < 0 || value >= d->factors()[k].size())
               throw py::value_error("value " + std::to_string(value) + " is outside factor '" +
                                     d->factors()[k].name + "' [0, " +
                                     std::to_string(d->factors()[k].size()) + ")");
             if (n < 0) throw py::value_error("n: must be >= 0 (got " + std::to_string(n) + ")");
             Rng rng = Rng::derive(seed, "fixed_factor");
             const auto drawn = d->sample_factors(n, rng);
             metrics::Factors classes(n, d->num_factors());
             std::memcpy(classes.data(), drawn.data(), sizeof(std::int64_t) * drawn.size());
             classes.col(k).setConstant(value);
             py::array_t<std::int64_t> f({n, static_cast<std::int64_t>(d->num_factors())});
             std::memcpy(f.mutable_data(), classes.data(), sizeof(std::int64_t) * classes.size());
             return py::make_tuple(render(*d, classes, seed, threads), f);
           });

  m.def("open_dataset", [](const std::string& name_or_path, const py::dict& options) {
    const Json config = options.empty() ? Json() : to_json(options, name_or_path);
    std::unique_ptr<data::Dataset> d;
    {
      py::gil_scoped_release release;
      d = data::open_dataset(name_or_path, config);
    }
    return std::make_unique<PyDataset>(std::move(d));
  });
  m.def("generate_dataset", [](const std::string& name, const std::string& out, bool force,
                               const py::dict& options, int threads) {
    data::GenerateRequest request{out, force, options.empty() ? Json() : to_json(options, name)};
    data::GenerateReport report;
    {
      py::gil_scoped_release release;
      configure_threads(threads);
      report = data::generate_dataset(name, request);
    }
    py::dict d;
    d["images"] = report.images;
    d["seconds"] = report.seconds;
    d["bytes"] = report.bytes;
    return d;
  });
  m.def("list_datasets", [] {
    py::list out;
    for (const auto* e : data::dataset_registry().entries()) {
      py::dict d;
      d["name"] = e->name;
      d["summary"] = e->summary;
      d["generates"] = static_cast<bool>(e->make.generate);
      d["defaults"] = to_python(e->defaults);
      out.append(d);
    }
    return out;
  });
}

}  // namespace fb::python
