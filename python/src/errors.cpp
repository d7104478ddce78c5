#include "python/src/errors.h"

#include "core/error.h"

namespace fb::python {

void translate_error(std::exception_ptr p, PyObject* data_error) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ConfigError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const DataError& e) {
    PyErr_SetString(data_error, e.what());
  } catch (const NumericalError& e) {
    PyErr_SetString(PyExc_FloatingPointError, e.what());
  } catch (const Error& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
}

}  // namespace fb::python
