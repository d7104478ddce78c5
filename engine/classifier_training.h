// `factorbench train-classifier`: trains the factor classifier (engine/factor_classifier.h) on a
// dataset and writes its directory. Torch-free interface.
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::engine {

struct TrainClassifierOptions {
  std::string dataset = "dsprites";      ///< registry name or HDF5 file
  Json dataset_config = Json::object();  ///< options of a registered dataset
  Json config = Json::object();          ///< FactorClassifierConfig keys (epochs, lr, ...)
  std::uint64_t seed = 0;
  std::string device = "cpu";
  int threads = 0;
  std::string out;  ///< classifier directory
};

/// Trains and saves; returns {"accuracy": {factor: held-out accuracy}, "seconds": s}. Throws
/// ConfigError / DataError.
Json train_classifier(const TrainClassifierOptions& options);

}  // namespace fb::engine
