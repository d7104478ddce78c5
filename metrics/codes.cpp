#include "metrics/codes.h"

#include "core/error.h"

namespace fb::metrics {

void check_split(const CodesView& codes, const Factors& factors, const std::string& metric,
                 const std::string& split) {
  const std::string where = metric + ": " + split + ": ";
  if (codes.rows() != factors.rows()) {
    throw DataError(where + "codes have " + std::to_string(codes.rows()) +
                    " rows but factors have " + std::to_string(factors.rows()));
  }
  if (codes.rows() == 0) throw DataError(where + "no observations");
  if (codes.cols() == 0) throw DataError(where + "codes have no dimensions (D = 0)");
  if (factors.cols() == 0) throw DataError(where + "no factors (K = 0)");
  if (!codes.allFinite()) throw DataError(where + "codes contain NaN or Inf");
  if ((factors.array() < 0).any()) throw DataError(where + "factor classes must be >= 0");
}

void check_train_test(const CodesView& train, const Factors& train_factors, const CodesView& test,
                      const Factors& test_factors, const std::string& metric) {
  check_split(train, train_factors, metric, "train");
  check_split(test, test_factors, metric, "test");
  if (train.cols() != test.cols()) {
    throw DataError(metric + ": train codes have D = " + std::to_string(train.cols()) +
                    " but test codes D = " + std::to_string(test.cols()));
  }
  if (train_factors.cols() != test_factors.cols()) {
    throw DataError(metric + ": train has K = " + std::to_string(train_factors.cols()) +
                    " factors but test K = " + std::to_string(test_factors.cols()));
  }
}

}  // namespace fb::metrics
