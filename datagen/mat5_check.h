// A structural check of a MATLAB v5 file before matio reads it. matio sizes its allocations from
// the file's declared element sizes and dimensions, so a hostile file of a few bytes could make it
// allocate gigabytes (found by tests/fuzz/fuzz_mat; docs/reliability.md). The check walks every data
// element (inflating compressed ones up to a cap) and every variable header, and requires each size
// to fit in the bytes that hold it.
#pragma once

#include <string>

namespace fb::data {

/// DataError naming `path` unless it is a MATLAB v5 file (128-byte header, version 0x0100, "IM" or
/// "MI") whose every data element fits in its container, whose compressed elements inflate to at most
/// 1 GiB, and whose variables declare no more elements than their stored bytes can hold. Sparse,
/// function and opaque variables are refused (no release factorbench reads holds them).
void check_mat5(const std::string& path);

}  // namespace fb::data
