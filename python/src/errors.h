// The project's errors as Python exceptions with the same one-line messages (docs/python.md "Errors"),
// one translator for both modules (_native and _selection).
#pragma once

#include <pybind11/pybind11.h>

#include <exception>

namespace fb::python {

/// What a DataError means to a module: a file it read (OSError, the CLI's exit 3), or arrays the
/// caller gave it (ValueError, a usage error).
enum class DataErrorsAre { kFileErrors, kArrayErrors };

/// Sets the Python error for `p`: ConfigError → ValueError (the CLI's exit 2), DataError →
/// `data_error`, NumericalError → FloatingPointError (exit 4), any other fb::Error → RuntimeError.
/// Anything else propagates, to pybind11's own translators.
void translate_error(std::exception_ptr p, PyObject* data_error);

/// Registers translate_error for the module being initialised (pybind11 takes a plain function
/// pointer, hence the template parameter rather than a captured one). Module-local where pybind11
/// can (2.10+): a global translator would also catch the other module's errors, and the module
/// imported last would decide whether a DataError is an OSError or a ValueError for both.
template <DataErrorsAre kData>
void register_error_translator() {
  auto translate = [](std::exception_ptr p) {
    translate_error(p, kData == DataErrorsAre::kFileErrors ? PyExc_OSError : PyExc_ValueError);
  };
#if PYBIND11_VERSION_MAJOR > 2 || (PYBIND11_VERSION_MAJOR == 2 && PYBIND11_VERSION_MINOR >= 10)
  pybind11::register_local_exception_translator(translate);
#else
  pybind11::register_exception_translator(translate);
#endif
}

}  // namespace fb::python
