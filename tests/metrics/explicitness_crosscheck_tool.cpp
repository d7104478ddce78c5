// Reads code sets from a JSON file and prints factorbench's CR-protocol explicitness of each, for
// crosscheck_explicitness.py (scikit-learn's LogisticRegression() on the same unscaled codes).
// Input: {"cases": [{"codes": [[...], ...], "factors": [[...], ...], "era": "paper"|"current"}]},
// codes as rows of floats, factors as rows of integer classes. Output: {"explicitness": [...]}, the
// mean over factors of the ROC-AUC on the set the regression was fitted on (the CR protocol scores
// on its one set).
#include <iostream>

#include "metrics/explicitness.h"
#include "metrics/metric.h"
#include "tests/metrics/crosscheck_io.h"

using fb::crosscheck::matrix;

int main(int argc, char** argv) {
  const fb::Json cases = fb::crosscheck::read_cases(argc, argv, "explicitness_crosscheck_tool");
  fb::Json out;
  out["explicitness"] = fb::Json::array();
  for (const auto& c : cases.at("cases")) {
    const auto codes = matrix<fb::metrics::Codes, float>(c.at("codes"));
    const auto factors = matrix<fb::metrics::Factors, std::int64_t>(c.at("factors"));
    const auto era = c.at("era").get<std::string>() == "paper" ? fb::metrics::SklearnEra::kPaper
                                                               : fb::metrics::SklearnEra::kCurrent;
    const auto r =
        fb::metrics::explicitness(codes, factors, codes, factors, era,
                                  fb::metrics::explicitness_scaling(fb::metrics::Protocol::kCr));
    out["explicitness"].push_back(r.train);
  }
  std::cout << out.dump() << "\n";
  return 0;
}
