// The instruction-count benchmarks (docs/benchmarks.md, "Instruction counts"): deterministic bodies run
// a fixed number of times under Callgrind, which counts the instructions they execute. Unlike a timing,
// the count does not move with the machine's load, so a 3 % gate can hold on shared CI machines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fb::bench::instr {

/// One measured body. `setup` runs outside the measurement (fixtures, data, models) and returns the
/// body; the driver calls the body once to warm up (lazy statics, oneDNN primitives, Adam state), then
/// `calls` times with Callgrind collecting. The figure is instructions / (calls * items).
struct Case {
  std::string name;    ///< "<family>/<what>", e.g. "metrics/mig"
  std::int64_t items;  ///< items one body call processes (rows, images, trees)
  int calls;           ///< body calls measured
  std::function<std::function<void()>()> setup;
  std::string excluded;  ///< non-empty: why the gate leaves this case out (it is still measured)
  int threads = 1;       ///< configure_threads() while the case runs; > 1 only for excluded cases
};

using Cases = std::vector<Case>;

void add_metric_cases(Cases& cases);   ///< metrics/* and trees/*
void add_datagen_cases(Cases& cases);  ///< render/* and io/*
void add_model_cases(Cases& cases);    ///< train/<model> for every registered model

/// The driver: `--list` prints the cases, `--filter REGEX` and `--shard K/N` select some; each
/// selected case prints one JSON line (name, family, items, calls, excluded) after its measurement.
int run_cases(const Cases& cases, int argc, char** argv);

}  // namespace fb::bench::instr
