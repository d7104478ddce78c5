#include "metrics/evaluate_codes.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/hdf5.h"
#include "metrics/metric.h"

namespace fb::metrics {

namespace {

std::string shape_text(std::int64_t a, std::int64_t b) {
  return "[" + std::to_string(a) + ", " + std::to_string(b) + "]";
}

void read_split(const h5::File& file, const std::string& split, Codes& codes, Factors& factors) {
  const auto c = file.dataset("/" + split + "/codes");
  const auto f = file.dataset("/" + split + "/factors");
  c.expect(h5::Type::kF32, {-1, -1});
  f.expect(h5::Type::kI64, {-1, -1});
  const auto cd = c.dims(), fd = f.dims();
  if (cd[0] != fd[0])
    throw DataError(file.path() + ": /" + split + "/codes has " + std::to_string(cd[0]) +
                    " rows but /" + split + "/factors has " + std::to_string(fd[0]));
  if (cd[0] == 0 || cd[1] == 0 || fd[1] == 0)
    throw DataError(file.path() + ": /" + split + " is empty (codes " + shape_text(cd[0], cd[1]) +
                    ", factors " + shape_text(fd[0], fd[1]) + ")");
  codes.resize(cd[0], cd[1]);
  factors.resize(fd[0], fd[1]);
  c.read_rows(0, cd[0], codes.data());
  f.read_rows(0, fd[0], factors.data());
  if (!codes.allFinite())
    throw DataError(file.path() + ": /" + split + "/codes contains NaN or Inf");
}

}  // namespace

CodeSet read_codes_file(const std::string& path) {
  const h5::File file = h5::File::open(path);
  CodeSet set;
  read_split(file, "train", set.train_codes, set.train_factors);
  const bool codes = file.has("/test/codes"), factors = file.has("/test/factors");
  if (codes != factors)
    throw DataError(path + ": /test needs both codes and factors (missing /test/" +
                    (codes ? "factors" : "codes") + ")");
  set.has_test = codes;
  if (set.has_test) {
    read_split(file, "test", set.test_codes, set.test_factors);
    if (set.test_codes.cols() != set.train_codes.cols())
      throw DataError(path + ": /test/codes has " + std::to_string(set.test_codes.cols()) +
                      " columns but /train/codes has " + std::to_string(set.train_codes.cols()));
    if (set.test_factors.cols() != set.train_factors.cols())
      throw DataError(path + ": /test/factors has " + std::to_string(set.test_factors.cols()) +
                      " columns but /train/factors has " +
                      std::to_string(set.train_factors.cols()));
  } else {
    set.test_codes = set.train_codes;
    set.test_factors = set.train_factors;
  }
  return set;
}

void densify_factors(Factors& train, Factors& test) {
  for (std::int64_t j = 0; j < train.cols(); ++j) {
    std::vector<std::int64_t> values;
    values.reserve(static_cast<std::size_t>(train.rows() + test.rows()));
    for (std::int64_t i = 0; i < train.rows(); ++i) values.push_back(train(i, j));
    for (std::int64_t i = 0; i < test.rows(); ++i) values.push_back(test(i, j));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    auto index = [&](std::int64_t v) {
      return static_cast<std::int64_t>(std::lower_bound(values.begin(), values.end(), v) -
                                       values.begin());
    };
    for (std::int64_t i = 0; i < train.rows(); ++i) train(i, j) = index(train(i, j));
    for (std::int64_t i = 0; i < test.rows(); ++i) test(i, j) = index(test(i, j));
  }
}

void densify_factors(CodeSet& set) { densify_factors(set.train_factors, set.test_factors); }

CodeInputs code_inputs(CodeArrays& arrays, const EvaluateCodesOptions& options) {
  densify_factors(arrays.train_factors, arrays.test_factors);
  check_train_test(arrays.train_codes, arrays.train_factors, arrays.test_codes, arrays.test_factors,
                   "evaluate-codes");
  CodeInputs in;
  in.train_codes = &arrays.train_codes;
  in.train_factors = &arrays.train_factors;
  in.test_codes = &arrays.test_codes;
  in.test_factors = &arrays.test_factors;
  in.era = options.era;
  in.seed = options.seed;
  in.cr_dci_variants = options.cr_dci_variants;
  return in;
}

Json evaluate_code_inputs(const CodeInputs& in) {
  // What `evaluate --metrics all` would run if codes were all there is: every metric that declares
  // it needs nothing but codes, in registry (name) order.
  Json out = Json::object();
  for (const auto& name : select_metrics({"all"}, Needs::kCodesOnly)) {
    const Json s = make_metric(name)->evaluate_codes(in);
    for (auto it = s.begin(); it != s.end(); ++it) out[it.key()] = it.value();
  }
  return out;
}

Json evaluate_codes(const CodeSet& set, const EvaluateCodesOptions& options) {
  // The codes are read where they lie; only the factors are copied, to be relabelled.
  CodeArrays arrays{set.train_codes, set.train_factors, set.test_codes, set.test_factors};
  return evaluate_code_inputs(code_inputs(arrays, options));
}

}  // namespace fb::metrics
