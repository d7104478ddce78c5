// Tiny MNIST IDX files for tests: the four files the mnist dataset reads, written by the test.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fb::test {

/// Writes an unsigned-byte IDX file (magic 0x0803/0x0801) with `dims` and `data`; gzipped to
/// `path`.gz when `gz`.
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data, bool gz);

/// `prefix`-images-idx3-ubyte and `prefix`-labels-idx1-ubyte in `dir` with `n` pictures; picture i
/// (global index first + i) stores that index in pixels 0-1 and its digit (index mod 10) in pixel 2.
void write_mnist_part(const std::string& dir, const std::string& prefix, int n, int first, bool gz);

}  // namespace fb::test
