// Reading a dataset's images in tests: every dataset serves them through Dataset::gather (held in
// memory or streamed from its file), so tests read copies rather than pointers into the dataset.
#pragma once

#include <cstdint>
#include <vector>

#include "datagen/dataset.h"

namespace fb::test {

/// Images first .. first+n-1 of `d` (n = -1: to the end), uint8 [n,H,W,C], through gather.
std::vector<std::uint8_t> images_of(const data::Dataset& d, std::int64_t first = 0,
                                    std::int64_t n = -1);
/// Image i of `d`, uint8 [H,W,C], through gather.
std::vector<std::uint8_t> image_of(const data::Dataset& d, std::int64_t i);

}  // namespace fb::test
