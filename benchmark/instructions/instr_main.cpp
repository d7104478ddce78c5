// fb_instructions: every instruction-count case of the suite (docs/benchmarks.md, "Instruction counts").
// Cases are collected here rather than at static initialisation, because the model cases walk the
// model registry, which fills at static initialisation in an unspecified order.
#include "benchmark/instructions/instr_case.h"

int main(int argc, char** argv) {
  fb::bench::instr::Cases cases;
  fb::bench::instr::add_metric_cases(cases);
  fb::bench::instr::add_datagen_cases(cases);
  fb::bench::instr::add_model_cases(cases);
  return fb::bench::instr::run_cases(cases, argc, argv);
}
