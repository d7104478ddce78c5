// Conversions between numpy arrays and the library's arrays for the Python module, with the checks that
// turn a wrong shape or dtype into a ValueError naming the expected and actual shapes.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "core/json.h"
#include "metrics/codes.h"

namespace fb::python {

namespace py = pybind11;

/// "(100, 10)" for a numpy array's shape.
std::string shape_text(const py::array& a);

/// A 2-D float32 or float64 array [N, D] as the library's codes, copied only when it must be
/// (docs/python.md "copies"): a native float32, C-contiguous array whose data is aligned as Eigen
/// aligns a Codes (numpy's allocations are) is viewed where it lies; any other layout, byte order or
/// float64 is converted once into a float32 copy held here (float64 rounded as numpy's astype does).
/// Holds a reference to the array, so it stays alive, and numpy refuses to resize it, while the GIL
/// is released; nothing may write to it meanwhile. `what` names the argument in errors ("codes",
/// "test_codes"). Throws ValueError.
class CodesArg {
 public:
  CodesArg(const py::handle& obj, const std::string& what);
  CodesArg(const CodesArg&) = delete;  // the view may point into copy_
  CodesArg& operator=(const CodesArg&) = delete;
  ~CodesArg() = default;

  const metrics::CodesView& view() const { return view_; }
  std::int64_t rows() const { return view_.rows(); }
  std::int64_t cols() const { return view_.cols(); }

 private:
  py::object array_;     // the caller's array (or numpy's conversion of an array-like), kept alive
  metrics::Codes copy_;  // the float32 copy, when the array cannot be viewed
  metrics::CodesView view_;
};

/// How many CodesArg conversions have copied, process-wide: a test hook (python/tests/test_zero_copy.py).
std::uint64_t codes_copies();

/// A 2-D float32 or float64 array [N, D] as an owned Codes (CodesArg's view copied; for callers
/// that keep the codes, like UDR).
metrics::Codes to_codes(const py::handle& obj, const std::string& what);

/// A 2-D integer array [N, K] (any signed or unsigned integer dtype) as Factors (int64). Throws ValueError.
metrics::Factors to_factors(const py::handle& obj, const std::string& what);

/// ValueError unless codes and factors have the same number of rows.
void check_rows(const CodesArg& codes, const std::string& codes_name,
                const metrics::Factors& factors, const std::string& factors_name);

/// A JSON value as the Python object json.loads would give (NaN stays a float NaN).
py::object to_python(const Json& value);

/// A Python dict/list/str/number/bool/None as JSON (ValueError for anything else).
Json to_json(const py::handle& obj, const std::string& what);

}  // namespace fb::python
