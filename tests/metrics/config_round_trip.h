// The config contract every registered metric keeps (docs/architecture.md, "Configuration"): its
// advertised defaults are what it resolves from nothing, its resolved config read back from JSON
// text builds the same metric, and an unknown key is refused naming the key.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "metrics/metric.h"

namespace fb::test {

inline void expect_config_round_trips(const metrics::MetricRegistry::Entry& e) {
  SCOPED_TRACE(e.name);
  const Json resolved = e.make(Json())->config();
  EXPECT_EQ(resolved, e.defaults);
  EXPECT_EQ(e.make(Json::parse(resolved.dump()))->config(), resolved);
  // A partial config resolves to the defaults with its own keys overlaid.
  const Json walk = e.make(e.make.info.walk_config)->config();
  for (auto it = e.make.info.walk_config.begin(); it != e.make.info.walk_config.end(); ++it)
    EXPECT_EQ(walk.at(it.key()), it.value()) << it.key();
  EXPECT_EQ(e.make(walk)->config(), walk);
  try {
    e.make(Json{{"no_such_key", 1}});
    ADD_FAILURE() << "an unknown key was accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(e.name + ".no_such_key"), std::string::npos)
        << error.what();
  }
}

}  // namespace fb::test
