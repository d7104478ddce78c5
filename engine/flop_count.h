// FLOPs of the convolutions and matrix products a piece of LibTorch code actually executes, counted
// with an ATen RecordFunction callback (forward ops and the backward ops autograd runs: input and
// weight gradients). `bench train` divides them by the batch for FLOPs per image.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace fb::engine {

struct FlopCount {
  std::int64_t total = 0;                     ///< 2 · multiply-accumulates
  std::map<std::string, std::int64_t> by_op;  ///< "aten::convolution" → its FLOPs, ...
};

/// Runs `fn` on this thread and counts 2·MACs of every outermost aten::convolution,
/// convolution_backward (one forward's worth per gradient its output_mask asks for), linear, addmm,
/// mm, bmm and matmul it dispatches (ops nested inside a counted op — addmm inside linear, the GEMMs
/// of a slow convolution — are not counted again). Bias additions and elementwise ops are left out.
/// Not reentrant: one count at a time per process.
FlopCount count_flops(const std::function<void()>& fn);

}  // namespace fb::engine
