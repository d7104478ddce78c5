// Reads code sets from a JSON file and prints factorbench's CR-protocol explicitness of each, for
// crosscheck_explicitness.py (scikit-learn's LogisticRegression() on the same unscaled codes).
// Input: {"cases": [{"codes": [[...], ...], "factors": [[...], ...], "era": "paper"|"current"}]},
// codes as rows of floats, factors as rows of integer classes. Output: {"explicitness": [...]}, the
// mean over factors of the ROC-AUC on the set the regression was fitted on (the CR protocol scores
// on its one set).
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/json.h"
#include "metrics/explicitness.h"
#include "metrics/metric.h"

namespace {

template <class M, class T>
M matrix(const fb::Json& rows) {
  M m(rows.size(), rows.empty() ? 0 : rows[0].size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c].get<T>();
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: explicitness_crosscheck_tool CASES.json\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  const fb::Json cases = fb::Json::parse(text.str());
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
