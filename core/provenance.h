// Provenance recorded beside every result: git commit, versions, machine, time, plus caller fields.
#pragma once

#include <functional>
#include <string>

#include "core/json.h"

namespace fb {

/// The git commit factorbench was built from ("unknown" outside a checkout; "+dirty" when modified).
const char* git_commit();
const char* factorbench_version();

/// {factorbench, git_commit, compiler, hdf5, threads, host, created_utc, gpus_allocated, machine
/// (core/machine.h: CPU, ISA, oneDNN, OpenBLAS, FMA peak), ...hook fields}.
Json provenance();

/// The GPUs this process was given, from the environment the scheduler sets: {"count": N, "from": VAR},
/// read from CUDA_VISIBLE_DEVICES, else SLURM_STEP_GPUS / SLURM_JOB_GPUS (id lists), else
/// SLURM_GPUS_ON_NODE (a count); {"count": null, "from": "none"} when none is set.
Json gpus_allocated();

/// Lets a higher layer add fields (the engine adds the LibTorch version and CUDA availability).
void add_provenance_hook(std::function<void(Json&)> hook);

}  // namespace fb
