#include "python/src/convert.h"

#include <atomic>
#include <cstring>

namespace fb::python {

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (i) s += ", ";
    s += std::to_string(a.shape(i));
  }
  return s + (a.ndim() == 1 ? ",)" : ")");
}

namespace {

// Any array-like becomes an ndarray without copying an ndarray; the dtype is checked by the caller.
py::array as_array(const py::handle& obj, const std::string& what) {
  if (py::isinstance<py::array>(obj)) return py::reinterpret_borrow<py::array>(obj);
  try {
    return py::module_::import("numpy").attr("asarray")(obj);
  } catch (const py::error_already_set&) {
    throw py::value_error(what + ": expected a numpy array, got " +
                          std::string(py::str(obj.get_type().attr("__name__"))));
  }
}

void require_2d(const py::array& a, const std::string& what, const char* dims) {
  if (a.ndim() != 2)
    throw py::value_error(what + ": expected a 2-D array " + dims + ", got shape " + shape_text(a));
}

std::string dtype_name(const py::array& a) { return py::str(a.dtype()); }

std::atomic<std::uint64_t> copies{0};

}  // namespace

CodesArg::CodesArg(const py::handle& obj, const std::string& what) {
  const py::array a = as_array(obj, what);
  array_ = a;
  require_2d(a, what, "[N, D]");
  const char kind = a.dtype().kind();
  if (kind != 'f' || (a.itemsize() != 4 && a.itemsize() != 8))
    throw py::value_error(what + ": expected float32 or float64, got " + dtype_name(a) +
                          " of shape " + shape_text(a));
  const auto rows = static_cast<Eigen::Index>(a.shape(0)),
             cols = static_cast<Eigen::Index>(a.shape(1));
  if (rows * cols == 0) {
    view_ = metrics::CodesView(nullptr, rows, cols);
    return;
  }
  // check_ is numpy's own test: native float32 (byte order included) and C-contiguous.
  if (py::array_t<float, py::array::c_style>::check_(a) && metrics::can_view_codes(a.data())) {
    view_ = metrics::CodesView(static_cast<const float*>(a.data()), rows, cols);
    return;
  }
  // One copy: numpy converts (float64 rounded as astype does) into a new C-contiguous float32 array,
  // viewed where it lies when aligned, else copied into copy_.
  copies.fetch_add(1, std::memory_order_relaxed);
  const auto c = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!c) throw py::error_already_set();
  array_ = c;
  if (metrics::can_view_codes(c.data())) {
    view_ = metrics::CodesView(c.data(), rows, cols);
  } else {
    copy_ = Eigen::Map<const metrics::Codes>(c.data(), rows, cols);  // an unaligned Map
    view_ = copy_;
  }
}

std::uint64_t codes_copies() { return copies.load(std::memory_order_relaxed); }

metrics::Codes to_codes(const py::handle& obj, const std::string& what) {
  const CodesArg arg(obj, what);
  return arg.view();
}

metrics::Factors to_factors(const py::handle& obj, const std::string& what) {
  const py::array a = as_array(obj, what);
  require_2d(a, what, "[N, K]");
  const char kind = a.dtype().kind();
  if (kind != 'i' && kind != 'u')
    throw py::value_error(what + ": expected an integer dtype (factor classes), got " +
                          dtype_name(a) + " of shape " + shape_text(a));
  if (kind == 'u' && a.itemsize() == 8)
    throw py::value_error(what + ": uint64 factor classes do not fit int64; use int64");
  metrics::Factors factors(a.shape(0), a.shape(1));
  if (factors.size() == 0) return factors;
  const auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  std::memcpy(factors.data(), c.data(),
              sizeof(std::int64_t) * static_cast<std::size_t>(factors.size()));
  return factors;
}

void check_rows(const CodesArg& codes, const std::string& codes_name,
                const metrics::Factors& factors, const std::string& factors_name) {
  if (codes.rows() != factors.rows())
    throw py::value_error(
        codes_name + " has " + std::to_string(codes.rows()) + " rows but " + factors_name +
        " has " + std::to_string(factors.rows()) + " (" + codes_name + " shape (" +
        std::to_string(codes.rows()) + ", " + std::to_string(codes.cols()) + "), " + factors_name +
        " shape (" + std::to_string(factors.rows()) + ", " + std::to_string(factors.cols()) + "))");
}

py::object to_python(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return py::none();
    case Json::value_t::boolean:
      return py::bool_(value.get<bool>());
    case Json::value_t::number_integer:
      return py::int_(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return py::int_(value.get<std::uint64_t>());
    case Json::value_t::number_float:
      return py::float_(value.get<double>());
    case Json::value_t::string:
      return py::str(value.get<std::string>());
    case Json::value_t::array: {
      py::list out;
      for (const auto& v : value) out.append(to_python(v));
      return std::move(out);
    }
    case Json::value_t::object: {
      py::dict out;
      for (auto it = value.begin(); it != value.end(); ++it)
        out[py::str(it.key())] = to_python(it.value());
      return std::move(out);
    }
    default:
      return py::none();
  }
}

Json to_json(const py::handle& obj, const std::string& what) {
  if (obj.is_none()) return Json();
  if (py::isinstance<py::bool_>(obj)) return obj.cast<bool>();
  if (py::isinstance<py::int_>(obj)) return obj.cast<std::int64_t>();
  if (py::isinstance<py::float_>(obj)) return obj.cast<double>();
  if (py::isinstance<py::str>(obj)) return obj.cast<std::string>();
  if (py::isinstance<py::dict>(obj)) {
    Json out = Json::object();
    for (const auto& item : py::reinterpret_borrow<py::dict>(obj)) {
      const std::string key = py::str(item.first);
      out[key] = to_json(item.second, what + "." + key);
    }
    return out;
  }
  if (py::isinstance<py::list>(obj) || py::isinstance<py::tuple>(obj)) {
    Json out = Json::array();
    for (const auto& item : obj) out.push_back(to_json(item, what));
    return out;
  }
  // numpy scalars (np.int64(5), np.float32(0.5)) as the numbers they are.
  if (py::hasattr(obj, "__index__"))
    return py::int_(py::reinterpret_borrow<py::object>(obj)).cast<std::int64_t>();
  if (py::hasattr(obj, "__float__"))
    return py::float_(py::reinterpret_borrow<py::object>(obj)).cast<double>();
  throw py::value_error(what + ": cannot be written as JSON (" +
                        std::string(py::str(obj.get_type().attr("__name__"))) + ")");
}

}  // namespace fb::python
