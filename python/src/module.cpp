// factorbench._native: the C++ library under the Python package (docs/python.md). The Python modules in
// factorbench/ hold the documented signatures; these functions do the work with the GIL released.
#include <pybind11/pybind11.h>

#include "core/error.h"
#include "core/version.h"

namespace fb::python {

namespace py = pybind11;

void bind_metrics(py::module_& m);
void bind_udr(py::module_& m);
void bind_datasets(py::module_& m);

}  // namespace fb::python

PYBIND11_MODULE(_native, m) {
  namespace py = pybind11;
  m.doc() = "factorbench's C++ library; use the factorbench package, not this module.";
  // The project's errors as Python exceptions with the same one-line messages: usage and config errors
  // (exit 2 in the CLI) are ValueError, data and IO errors (exit 3) OSError, numerical failures (exit 4)
  // FloatingPointError.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const fb::ConfigError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const fb::DataError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const fb::NumericalError& e) {
      PyErr_SetString(PyExc_FloatingPointError, e.what());
    } catch (const fb::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  m.attr("__version__") = fb::kVersion;
  m.attr("git_commit") = fb::kGitCommit;
  fb::python::bind_metrics(m);
  fb::python::bind_udr(m);
  fb::python::bind_datasets(m);
}
