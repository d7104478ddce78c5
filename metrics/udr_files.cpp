#include "metrics/udr_files.h"

#include <cmath>

#include "core/error.h"
#include "core/hdf5.h"

namespace fb::metrics {

std::vector<UdrModel> read_udr_files(const std::vector<std::string>& paths) {
  if (paths.size() < 2)
    throw ConfigError("udr: needs at least two models (got " + std::to_string(paths.size()) + ")");
  std::vector<UdrModel> models;
  for (const auto& path : paths) {
    const h5::File file = h5::File::open(path);
    const auto mean = file.dataset("/udr/mean");
    const auto kl = file.dataset("/udr/kl");
    mean.expect(h5::Type::kF32, {-1, -1});
    const auto md = mean.dims();
    kl.expect(h5::Type::kF32, {md[1]});
    if (md[0] == 0 || md[1] == 0) throw DataError(path + ": /udr/mean is empty");
    if (!models.empty() && md[0] != models.front().mean.rows())
      throw DataError(path + ": /udr/mean has " + std::to_string(md[0]) + " observations but " +
                      paths.front() + " has " + std::to_string(models.front().mean.rows()) +
                      " (UDR needs the same observations)");
    UdrModel m;
    m.mean.resize(md[0], md[1]);
    mean.read_rows(0, md[0], m.mean.data());
    m.kl = kl.read<float>();
    if (!m.mean.allFinite()) throw DataError(path + ": /udr/mean contains NaN or Inf");
    for (float v : m.kl)
      if (!std::isfinite(v)) throw DataError(path + ": /udr/kl contains NaN or Inf");
    models.push_back(std::move(m));
  }
  return models;
}

Json udr_json(const UdrResult& result) {
  Json pairwise = Json::array();
  for (Eigen::Index i = 0; i < result.pairwise.rows(); ++i) {
    Json row = Json::array();
    for (Eigen::Index j = 0; j < result.pairwise.cols(); ++j) row.push_back(result.pairwise(i, j));
    pairwise.push_back(row);
  }
  return Json{{"model_scores", result.model_scores}, {"pairwise", pairwise}};
}

}  // namespace fb::metrics
