// HDF5 files from the internet are read in a child process first. libhdf5 1.10 (Debian 12) crashes on some
// corrupt files and loops forever on others, inside the calls every HDF5 reader makes (tests/fuzz/fuzz_hdf5,
// docs/reliability.md); a child that dies or hangs turns into one DataError instead of taking factorbench
// down with it.
#pragma once

#include <functional>
#include <string>

namespace fb::data {

/// Seconds the child may take before it counts as hung (reading metadata takes milliseconds): 15, or
/// $FACTORBENCH_HDF5_PROBE_SECONDS when set (a slow network file system may need more; the fuzz runs use less).
int hdf5_probe_seconds();

/// Runs `sniffs` and then reads the metadata of the HDF5 file `path` (every object's header, every
/// dataset's type, shape and creation properties, every attribute's value) in a forked child. Returns
/// when the child finishes, whatever errors it met (the readers report those themselves); DataError
/// naming `path` when the child is killed by a signal or runs past `seconds`. In the child,
/// hdf5_probe_child() is true.
void probe_hdf5_isolated(const std::string& path, const std::function<void()>& sniffs,
                         int seconds = hdf5_probe_seconds());
/// True inside the child of probe_hdf5_isolated (so that a FileProbe made there does not fork again).
bool hdf5_probe_child();

}  // namespace fb::data
