#include "core/registry.h"

#include <gtest/gtest.h>

namespace fb {
namespace {

using Factory = std::function<int()>;

TEST(Registry, UnknownNameListsNearest) {
  Registry<Factory> reg("model");
  reg.add({"beta_vae", "b", Json::object(), [] { return 1; }});
  reg.add({"factor_vae", "f", Json::object(), [] { return 2; }});
  EXPECT_EQ(reg.get("factor_vae").make(), 2);
  try {
    reg.get("beta_vea");
    FAIL();
  } catch (const UnknownName& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("unknown model 'beta_vea'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("did you mean 'beta_vae'"), std::string::npos) << msg;
  }
}

// A duplicate is a programming error, not a usage error: it aborts (no exit-2 ConfigError) and names both files.
TEST(RegistryDeathTest, DuplicateRegistrationAbortsNamingBothFiles) {
  Registry<Factory> reg("metric");
  reg.add({"mig", "", Json::object(), [] { return 0; }}, "metrics/mig.cpp");
  EXPECT_DEATH(
      reg.add({"mig", "", Json::object(), [] { return 0; }}, "metrics/mig_copy.cpp"),
      "duplicate metric registration 'mig': in metrics/mig.cpp and in metrics/mig_copy.cpp");
}

TEST(Registry, NamesAreSorted) {
  Registry<Factory> reg("x");
  reg.add({"b", "", Json::object(), [] { return 0; }});
  reg.add({"a", "", Json::object(), [] { return 0; }});
  EXPECT_EQ(reg.names(), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace fb
