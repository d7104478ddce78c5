#include "core/config.h"

#include <gtest/gtest.h>

namespace fb {
namespace {

struct ToyConfig {
  double beta = 1.0;
  std::int64_t steps = 10;
  std::string name = "toy";
  std::vector<double> weights{0.5, 0.5};
  bool flag = false;
  template <class V>
  void visit(V&& v) {
    v("beta", beta, "KL weight");
    v("steps", steps);
    v("name", name);
    v("weights", weights);
    v("flag", flag);
  }
  void validate(const std::string& where) const {
    require(beta > 0, where + ".beta", "must be > 0", format_number(beta));
  }
};

TEST(Config, NullGivesDefaults) {
  auto c = parse<ToyConfig>(Json(), "cfg");
  EXPECT_EQ(c.beta, 1.0);
  EXPECT_EQ(c.steps, 10);
  EXPECT_EQ(c.name, "toy");
}

TEST(Config, OverlaysUserKeys) {
  auto c =
      parse<ToyConfig>(Json::parse(R"({"beta": 4, "weights": [1, 2, 3], "flag": true})"), "cfg");
  EXPECT_EQ(c.beta, 4.0);
  EXPECT_EQ(c.weights.size(), 3u);
  EXPECT_TRUE(c.flag);
  EXPECT_EQ(c.steps, 10);
}

TEST(Config, RejectsUnknownKeyNamingThePath) {
  try {
    parse<ToyConfig>(Json::parse(R"({"betta": 4})"), "spec.json: models[2].config");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("spec.json: models[2].config.betta: unknown key"),
              std::string::npos)
        << e.what();
  }
}

TEST(Config, RejectsWrongType) {
  EXPECT_THROW(parse<ToyConfig>(Json::parse(R"({"steps": 1.5})"), "c"), ConfigError);
  EXPECT_THROW(parse<ToyConfig>(Json::parse(R"({"name": 3})"), "c"), ConfigError);
}

TEST(Config, ValidateMessageNamesValue) {
  try {
    parse<ToyConfig>(Json::parse(R"({"beta": -1})"), "spec.json: models[2].config");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "spec.json: models[2].config.beta: must be > 0 (got -1)");
  }
}

TEST(Config, RoundTripsThroughJson) {
  ToyConfig c;
  c.beta = 0.25;
  c.name = "x";
  auto back = parse<ToyConfig>(to_json(c), "c");
  EXPECT_EQ(to_json(back), to_json(c));
}

TEST(Config, OverrideParsesJsonOrString) {
  Json cfg = Json::object();
  apply_override(cfg, "beta=4");
  apply_override(cfg, "name=hello");
  apply_override(cfg, "opt.lr=0.001");
  EXPECT_EQ(cfg["beta"], 4);
  EXPECT_EQ(cfg["name"], "hello");
  EXPECT_EQ(cfg["opt"]["lr"], 0.001);
  EXPECT_THROW(apply_override(cfg, "novalue"), ConfigError);
}

}  // namespace
}  // namespace fb
