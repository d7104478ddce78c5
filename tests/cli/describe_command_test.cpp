// `factorbench describe` in-process: the text table, --json, --set, and the one-line errors.
#include <gtest/gtest.h>

#include "tests/cli/cli_support.h"

namespace fb::test {
namespace {

TEST(DescribeCommand, PrintsLayersTotalsAndOptimisers) {
  auto r = run({"describe", "beta_vae"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* part : {"network encoder: 309,204 parameters", "network decoder: 381,313",
                           "Conv2d(1, 32, kernel_size=[4, 4]", "[2, 32, 32, 32]", "total: 690,517",
                           "optimizers:", "modules: encoder decoder"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " in\n" << r.out;
}

TEST(DescribeCommand, JsonFollowsSetOverrides) {
  auto r = run({"describe", "factor_vae", "--set", "architecture=cr", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const Json d = Json::parse(r.out);
  EXPECT_EQ(d.at("config").at("architecture"), "cr");
  EXPECT_EQ(d.at("networks")[2].at("name"), "discriminator");
  EXPECT_EQ(d.at("networks")[2].at("parameters"), 4017002);  // hand count: describe_test.cpp
}

TEST(DescribeCommand, UnknownModelOrKeyIsOneLineExitTwo) {
  auto r = run({"describe", "infogan_rc"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("infogan_cr"), std::string::npos) << r.err;
  auto bad = run({"describe", "beta_vae", "--set", "betta=4"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(lines(bad.err), 1) << bad.err;
  EXPECT_NE(bad.err.find("betta"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace fb::test
