// Where the released files live: `--dataset NAME` opens $FACTORBENCH_DATA/<the release's file or
// folder name> when it is there (docs/datasets.md "Released files"). Names with a generated stand-in
// fall back to it; release-only names (smallnorb, cars3d, mpi3d_real, ...) need the file.
#pragma once

#include <string>
#include <vector>

namespace fb::data {

/// One dataset name's released files, looked for in order under $FACTORBENCH_DATA; each also under
/// disentanglement_lib's folder layout ($DISENTANGLEMENT_LIB_DATA/<folder>/<file>), so one variable
/// serves both.
struct Release {
  std::string name;                     ///< `--dataset NAME`
  std::vector<std::string> candidates;  ///< paths relative to $FACTORBENCH_DATA
  bool stand_in = false;                ///< the dataset registry has a generated stand-in
};
const std::vector<Release>& releases();
/// The release of `name`, or nullptr.
const Release* find_release(const std::string& name);
/// $FACTORBENCH_DATA, or empty when unset.
std::string data_dir();
/// The first candidate of `release` that exists under data_dir(), or empty.
std::string locate_release(const Release& release);

}  // namespace fb::data
