// factorbench._native: the C++ library under the Python package (docs/python.md). The Python modules in
// factorbench/ hold the documented signatures; these functions do the work with the GIL released.
#include <pybind11/pybind11.h>

#include "core/version.h"
#include "python/src/errors.h"

namespace fb::python {

namespace py = pybind11;

void bind_metrics(py::module_& m);
void bind_udr(py::module_& m);
void bind_datasets(py::module_& m);

}  // namespace fb::python

PYBIND11_MODULE(_native, m) {
  namespace py = pybind11;
  m.doc() = "factorbench's C++ library; use the factorbench package, not this module.";
  // Usage and config errors are ValueError, data and IO errors OSError, numerical failures
  // FloatingPointError (errors.h).
  fb::python::register_error_translator<fb::python::DataErrorsAre::kFileErrors>();
  m.attr("__version__") = fb::kVersion;
  m.attr("git_commit") = fb::kGitCommit;
  fb::python::bind_metrics(m);
  fb::python::bind_udr(m);
  fb::python::bind_datasets(m);
}
