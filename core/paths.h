// Well-known locations.
#pragma once

#include <string>

namespace fb {

/// Where generated default datasets are cached: $FACTORBENCH_CACHE, else $XDG_CACHE_HOME/factorbench,
/// else ~/.cache/factorbench. Created on demand.
std::string cache_dir();

}  // namespace fb
