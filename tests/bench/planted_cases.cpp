// The planted regression of tests/bench/test_instructions.py: tests/CMakeLists.txt builds this file twice,
// as is and with FB_PLANTED_REGRESSION, which adds a loop repeating a twentieth of the MIG work (+5 %
// instructions). The gate must flag plant/mig in the second build and nothing between two runs of the
// first; plant/render is never changed.
#include <memory>

#include "benchmark/instructions/instr_case.h"
#include "core/rng.h"
#include "datagen/dsprites_geometry.h"
#include "metrics/mig.h"

namespace {

namespace fi = fb::bench::instr;
constexpr int kRounds = 20;
constexpr std::int64_t kRows = 500;

fi::Case mig_case() {
  return fi::Case{"plant/mig", kRows * kRounds, 1, []() -> std::function<void()> {
                    fb::Rng rng(5);
                    auto codes = std::make_shared<fb::metrics::Codes>(kRows, 4);
                    auto factors = std::make_shared<fb::metrics::Factors>(kRows, 2);
                    for (Eigen::Index i = 0; i < codes->size(); ++i)
                      codes->data()[i] = static_cast<float>(rng.normal());
                    for (Eigen::Index i = 0; i < factors->size(); ++i)
                      factors->data()[i] = static_cast<std::int64_t>(rng.below(8));
                    return [codes, factors] {
                      for (int r = 0; r < kRounds; ++r) fb::metrics::mig(*codes, *factors);
#ifdef FB_PLANTED_REGRESSION
                      for (int r = 0; r < kRounds / 20; ++r) fb::metrics::mig(*codes, *factors);
#endif
                    };
                  }};
}

fi::Case render_case() {
  return fi::Case{"plant/render", 16, 1, []() -> std::function<void()> {
                    return [] {
                      std::uint8_t mask[fb::data::dsprites::kSize * fb::data::dsprites::kSize];
                      std::int64_t classes[6];
                      for (std::int64_t i = 0; i < 16; ++i) {
                        fb::data::dsprites::classes_of(i * 7919, classes);
                        fb::data::dsprites::render_mask(classes, mask);
                      }
                    };
                  }};
}

}  // namespace

int main(int argc, char** argv) {
  fi::Cases cases{mig_case(), render_case()};
  return fi::run_cases(cases, argc, argv);
}
