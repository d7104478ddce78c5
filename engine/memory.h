// Process-wide allocator tuning for training loops.
//
// LibTorch's CPU tensors come straight from malloc. With glibc's defaults every activation of a
// training step (a few MB each at batch 64) is either mmap'ed and unmapped again or trimmed from the
// heap top at free, so the next step page-faults the same memory back in, zero-filled by the
// kernel: measured on a β-VAE step as ~40 % of the step's CPU time (458k minor faults in 6 s).
// Keeping freed memory in the heap makes the steady-state step allocation-free at the OS level.
#pragma once

namespace fb::engine {

/// Serves every allocation from the heap (no mmap, whatever its size) and never trims freed heap
/// memory back to the OS, so a process holds its peak working set. Idempotent; a no-op
/// outside glibc. Called by train() and bench_train().
void keep_freed_memory();

}  // namespace fb::engine
