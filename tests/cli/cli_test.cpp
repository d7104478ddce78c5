#include <gtest/gtest.h>

#include "tests/cli/cli_support.h"

namespace fb::test {
namespace {

TEST(Cli, HelpListsEveryCommand) {
  auto r = run({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const auto& name : cli::command_registry().names())
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
}

// The command walks: every registered command, whatever it is, answers --help and refuses an
// unknown flag the same way.
TEST(Cli, EveryCommandHasHelpThatNamesItselfWithAnExample) {
  for (const auto& name : cli::command_registry().names()) {
    SCOPED_TRACE(name);
    auto r = run({name, "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_NE(r.out.find("factorbench " + name), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r.out;
  }
}

TEST(Cli, EveryCommandRefusesAnUnknownFlagInOneLineExitTwo) {
  for (const auto& name : cli::command_registry().names()) {
    SCOPED_TRACE(name);
    auto r = run({name, "--no-such-flag"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("factorbench", 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(Cli, UnknownCommandIsOneLineExitTwo) {
  auto r = run({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.err), 1) << r.err;
}

TEST(Cli, UnknownOptionIsOneLineExitTwo) {
  auto r = run({"list", "datasets", "--colour"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--colour"), std::string::npos);
}

TEST(Cli, EvaluateHelpSeparatesTheSettingsAnAliasSetsByCommas) {
  auto r = run({"evaluate", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("sets nmi.average (default \"geometric\"), prior_rmse.average (default "
                       "\"geometric\")"),
            std::string::npos)
      << r.out;
}

TEST(Cli, NoCommandIsUsageError) { EXPECT_EQ(run({}).code, 2); }

TEST(Cli, ListPrintsRegistries) {
  auto r = run({"list", "datasets"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("dsprites_color"), std::string::npos);
  auto j = run({"list", "generators", "--json"});
  EXPECT_EQ(j.code, 0);
  EXPECT_EQ(Json::parse(j.out)[0]["name"], "dsprites");
  auto bad = run({"list", "gadgets"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(lines(bad.err), 1);
}

}  // namespace
}  // namespace fb::test
