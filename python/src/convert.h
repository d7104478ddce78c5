// Conversions between numpy arrays and the library's arrays for the Python module, with the checks that
// turn a wrong shape or dtype into a ValueError naming the expected and actual shapes.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "core/json.h"
#include "metrics/codes.h"

namespace fb::python {

namespace py = pybind11;

/// "(100, 10)" for a numpy array's shape.
std::string shape_text(const py::array& a);

/// A 2-D float32 or float64 array [N, D] as Codes (float32; float64 is rounded as numpy's astype does).
/// `what` names the argument in errors ("codes", "test_codes"). Throws ValueError.
metrics::Codes to_codes(const py::handle& obj, const std::string& what);

/// A 2-D integer array [N, K] (any signed or unsigned integer dtype) as Factors (int64). Throws ValueError.
metrics::Factors to_factors(const py::handle& obj, const std::string& what);

/// ValueError unless codes and factors have the same number of rows.
void check_rows(const metrics::Codes& codes, const std::string& codes_name,
                const metrics::Factors& factors, const std::string& factors_name);

/// A JSON value as the Python object json.loads would give (NaN stays a float NaN).
py::object to_python(const Json& value);

/// A Python dict/list/str/number/bool/None as JSON (ValueError for anything else).
Json to_json(const py::handle& obj, const std::string& what);

}  // namespace fb::python
