// Registry walk over every registered selector, one test per selector and property; the names come
// from the registry itself. The pool is two tiny InfoGAN runs (a generator and an encoder, so
// every method can score them) with a metrics.json each for supervised selection.
#include <gtest/gtest.h>

#include <cmath>

#include "core/atomic_output.h"
#include "core/error.h"
#include "methods/pool.h"
#include "methods/selector.h"
#include "tests/methods/run_builders.h"
#include "tests/support/temp_dir.h"

namespace fb::methods {
namespace {

class EverySelector : public testing::TestWithParam<std::string> {
 protected:
  /// The pool every selector scores: two tiny InfoGAN runs of different seeds.
  static const Pool& pool() {
    static test::TempDir dir;
    static const Pool held = [] {
      for (int seed = 0; seed < 2; ++seed) {
        const std::string run = dir.file("pool/seed-" + std::to_string(seed));
        test::train_tiny(run, "infogan", Json(), static_cast<std::uint64_t>(seed));
        write_file(run + "/metrics.json", Json{{"factor_vae", 0.5 + 0.1 * seed}}.dump());
      }
      return read_pool(dir.file("pool"));
    }();
    return held;
  }
  const Registry<SelectorFactory>::Entry& entry() const {
    return selector_registry().get(GetParam());
  }
  /// The defaults with every sample count the entry declares made tiny, so that one scoring takes
  /// well under a second; keys the entry lacks are left out.
  Json tiny_config() const {
    const Json tiny{{"groups", 10},
                    {"group_size", 4},
                    {"normalise_samples", 20},
                    {"batch", 20},
                    {"num_points", 40}};
    Json config = entry().defaults;
    for (auto it = tiny.begin(); it != tiny.end(); ++it)
      if (config.contains(it.key())) config[it.key()] = it.value();
    return config;
  }
};

TEST_P(EverySelector, DefaultConfigRoundTripsThroughJsonText) {
  const Json resolved = entry().make(Json(), GetParam())->config();
  EXPECT_EQ(resolved, entry().defaults);
  EXPECT_EQ(entry().make(Json::parse(resolved.dump()), GetParam())->config(), resolved);
  EXPECT_EQ(entry().make(tiny_config(), GetParam())->config(), tiny_config());
}

TEST_P(EverySelector, RejectsAnUnknownKeyNamingIt) {
  try {
    entry().make(Json{{"no_such_key", 1}}, GetParam());
    FAIL() << "an unknown key was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam() + ".no_such_key"), std::string::npos)
        << e.what();
  }
}

TEST_P(EverySelector, ScoresEveryMemberOfATinyPoolDeterministically) {
  const auto selector = entry().make(tiny_config(), GetParam());
  SelectionOptions options;
  options.seed = 3;
  const SelectorScores first = selector->score(pool(), options);
  ASSERT_EQ(first.scores.size(), pool().members.size());
  for (double s : first.scores) EXPECT_TRUE(std::isfinite(s)) << s;
  if (first.chosen) EXPECT_LT(*first.chosen, pool().members.size());
  EXPECT_TRUE(first.details.is_object());
  const SelectorScores again = selector->score(pool(), options);
  EXPECT_EQ(again.scores, first.scores);
  EXPECT_EQ(again.details, first.details);
}

INSTANTIATE_TEST_SUITE_P(SelectorRegistry, EverySelector,
                         testing::ValuesIn(selector_registry().names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;  // GoogleTest names: no '-'
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace fb::methods
