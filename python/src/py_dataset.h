// The dataset object factorbench.datasets.open returns: an opened registry dataset (or file) with its
// factor→index lookup built on first use.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "datagen/dataset.h"

namespace fb::python {

class PyDataset {
 public:
  explicit PyDataset(std::unique_ptr<data::Dataset> dataset) : dataset_(std::move(dataset)) {}
  const data::Dataset* get() const { return dataset_.get(); }
  /// The held image whose factor classes are `classes` ([K]), or -1 when none is held.
  std::int64_t index(const std::int64_t* classes) const;

 private:
  std::unique_ptr<data::Dataset> dataset_;
  mutable std::once_flag index_built_;
  mutable std::map<std::vector<std::int64_t>, std::int64_t> index_;
};

}  // namespace fb::python
