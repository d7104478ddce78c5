// The consumer of docs/library.md: writes a small dSprites file with the dataset generator, opens it
// and scores MIG with the ground-truth factors as codes (a perfect representation: MIG near 1).
#include <cstdio>
#include <string>

#include "core/error.h"
#include "datagen/dataset.h"
#include "metrics/codes.h"
#include "metrics/mig.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: app OUT_DIR\n");
    return 2;
  }
  try {
    fb::data::GenerateRequest request;
    request.out = std::string(argv[1]) + "/dsprites.h5";
    request.force = true;
    request.config = {{"count", 512}};
    fb::data::generate_dataset("dsprites", request);
    const auto dataset = fb::data::open_dataset(request.out);
    const auto n = dataset->size();
    const int k = dataset->num_factors();
    fb::metrics::Factors factors(n, k);
    fb::metrics::Codes codes(n, k);
    for (std::int64_t i = 0; i < n; ++i) {
      for (int j = 0; j < k; ++j) {
        factors(i, j) = dataset->classes()[i * k + j];
        codes(i, j) = static_cast<float>(factors(i, j));
      }
    }
    const auto result = fb::metrics::mig(codes, factors);
    std::printf("images %lld factors %d mig %.6f\n", static_cast<long long>(n), k, result.mig);
    return result.mig > 0.5 ? 0 : 1;
  } catch (const fb::Error& e) {
    std::fprintf(stderr, "app: %s\n", e.what());
    return e.exit_code();
  }
}
