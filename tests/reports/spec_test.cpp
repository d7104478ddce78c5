#include "reports/spec.h"

#include <gtest/gtest.h>

#include "core/config.h"
#include "core/error.h"

namespace fb::reports {
namespace {

Json tiny() {
  return Json::parse(R"({
    "name": "tiny", "title": "t", "dataset": "dsprites", "protocol": "cr", "metrics": ["mig"],
    "columns": [{"id": "mig", "label": "MIG", "key": "mig"}],
    "rows": [{"id": "vae", "label": "VAE", "model": "vae", "runs": 2, "steps": 100, "paper": {"mig": [0.1, 0.02]}},
             {"id": "snap", "label": "S", "snapshot_of": "vae", "snapshot": "x"}],
    "selections": [{"id": "p", "label": "P", "pool": ["vae"], "methods": ["udr-lasso", "supervised:mig"],
                    "paper": {"udr-lasso": {"mig": 0.3}}}]})");
}

std::string error_of(Json j) {
  try {
    parse<Spec>(j, "spec.json: spec");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Spec, BuiltinSpecsAndPresetsParse) {
  for (const auto& name : builtin_specs()) {
    SCOPED_TRACE(name);
    Spec s = load_spec(name);
    EXPECT_FALSE(s.rows.empty());
  }
  for (const auto& name : builtin_presets()) EXPECT_EQ(load_preset(name).name, name);
  EXPECT_EQ(builtin_presets(), (std::vector<std::string>{"paper", "quick", "smoke"}));
}

TEST(Spec, InfoganCrCarriesBothTables) {
  Spec s = load_spec("infogan-cr");
  EXPECT_EQ(s.columns.size(), 7u);
  const auto& cr = s.row("infogan_cr");
  EXPECT_DOUBLE_EQ(s.paper_value(cr, "factor_vae").mean, 0.88);
  EXPECT_DOUBLE_EQ(s.paper_value(cr, "factor_vae").std, 0.01);
  ASSERT_EQ(s.selections.size(), 2u);
  EXPECT_DOUBLE_EQ(s.paper_value(s.selections[1], "model-centrality", "factor_vae").mean, 0.92);
  EXPECT_TRUE(std::isnan(s.paper_value(s.row("chyvae"), "mig").mean));
}

TEST(Spec, ValidationErrorsNameTheField) {
  EXPECT_EQ(error_of(tiny()), "");
  auto j = tiny();
  j["rows"][0]["runz"] = 3;
  EXPECT_NE(error_of(j).find("spec.json: spec.rows[0].runz: unknown key"), std::string::npos)
      << error_of(j);
  j = tiny();
  j["rows"][0]["steps"] = 0;
  EXPECT_NE(error_of(j).find("spec.rows[0].steps: must be > 0"), std::string::npos) << error_of(j);
  j["rows"][0]["epochs"] = 200;  // the length in epochs instead
  EXPECT_EQ(error_of(j), "");
  j["rows"][0]["steps"] = 10;
  EXPECT_NE(error_of(j).find("spec.rows[0].steps: must be 0 when epochs"), std::string::npos)
      << error_of(j);
  j = tiny();
  j["rows"][1]["snapshot_of"] = "nope";
  EXPECT_NE(error_of(j).find("spec.rows[1].snapshot_of"), std::string::npos);
  j = tiny();
  j["rows"][0]["paper"] = {{"dci", 0.5}};
  EXPECT_NE(error_of(j).find("spec.rows[0].paper.dci: is not a column"), std::string::npos)
      << error_of(j);
  j = tiny();
  j["selections"][0]["methods"] = {"udr-lasso", "oracle"};
  EXPECT_NE(error_of(j).find("spec.selections[0].methods"), std::string::npos);
  j = tiny();
  j["selections"][0]["pool"] = {"ghost"};
  EXPECT_NE(error_of(j).find("names an unknown row"), std::string::npos);
  j = tiny();
  j["rows"][1]["id"] = "vae";
  EXPECT_NE(error_of(j).find("is duplicated"), std::string::npos);
  j = tiny();
  j["protocol"] = "xx";
  EXPECT_NE(error_of(j).find("spec.protocol: must be dl or cr"), std::string::npos);
  EXPECT_THROW(load_spec("no-such-spec"), ConfigError);
}

TEST(Preset, StageDevicesAreChecked) {
  Json p = to_json(load_preset("smoke"));
  p["devices"] = {{"train", "cuda:1"}, {"select", "cpu"}};
  Preset ok = parse<Preset>(p, "preset.json");
  EXPECT_EQ(ok.devices.for_stage("train", "cpu"), "cuda:1");
  EXPECT_EQ(ok.devices.for_stage("evaluate", "cuda"), "cuda");  // empty follows --device
  p["devices"] = {{"train", "gpu"}};
  EXPECT_THROW(
      {
        try {
          parse<Preset>(p, "preset.json");
        } catch (const ConfigError& e) {
          EXPECT_NE(
              std::string(e.what()).find("preset.json.devices.train: must be cpu, cuda or cuda:N"),
              std::string::npos)
              << e.what();
          throw;
        }
      },
      ConfigError);
  p["devices"] = {{"trian", "cpu"}};
  EXPECT_THROW(parse<Preset>(p, "preset.json"), ConfigError);
}

TEST(Preset, ScalesStepsAndRuns) {
  Preset p = load_preset("smoke");
  RowSpec r;
  r.steps = 300000;
  r.runs = 10;
  EXPECT_EQ(p.steps(r), 60);
  EXPECT_EQ(p.runs(r), 2);
  Preset paper = load_preset("paper");
  EXPECT_EQ(paper.steps(r), 300000);
  EXPECT_EQ(paper.runs(r), 10);
  Json bad = to_json(p);
  bad["steps_fraction"] = 2;
  EXPECT_THROW(parse<Preset>(bad, "preset"), ConfigError);
  bad = to_json(p);
  bad["max_batch"] = -1;
  EXPECT_THROW(parse<Preset>(bad, "preset"), ConfigError);
}

TEST(Preset, CapsTheBatchOnlyWhenAsked) {
  Spec spec = load_spec("infogan-cr");
  ASSERT_EQ(spec.batch, 64);
  EXPECT_EQ(load_preset("smoke").batch(spec), 16);
  EXPECT_EQ(load_preset("quick").batch(spec), 64);
  EXPECT_EQ(load_preset("paper").batch(spec), 64);
  Preset p;
  p.max_batch = 128;  // a cap above the spec's batch leaves it
  EXPECT_EQ(p.batch(spec), 64);
}

TEST(Preset, RowsLimitedToPresetsTrainOnlyThere) {
  RowSpec r;
  r.steps = 1000;
  r.runs = 5;
  r.presets = {"paper"};
  EXPECT_EQ(load_preset("smoke").runs(r), 0);
  EXPECT_EQ(load_preset("paper").runs(r), 5);
}

TEST(Preset, EvaluateOptionsAreChecked) {
  Json bad = to_json(load_preset("smoke"));
  bad["evaluate"] = Json{{"fd_samples", 0}};
  try {
    parse<Preset>(bad, "p.json: preset");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(
        std::string(e.what()).find("p.json: preset.evaluate.fd_samples: must be an integer >= 1"),
        std::string::npos)
        << e.what();
  }
  bad["evaluate"] = Json{{"fid_samples", 10}};
  EXPECT_THROW(parse<Preset>(bad, "preset"), ConfigError);
}

}  // namespace
}  // namespace fb::reports
