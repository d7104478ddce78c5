#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/image_io.h"
#include "reports/report.h"
#include "reports/reporter.h"
#include "reports/results.h"
#include "tests/support/temp_dir.h"

namespace fb::reports {
namespace {

Spec small_spec() {
  return parse<Spec>(Json::parse(R"({
    "name": "small", "title": "Small table", "dataset": "dsprites", "protocol": "cr", "metrics": ["mig", "sap"],
    "columns": [{"id": "mig", "label": "MIG", "key": "mig"}, {"id": "sap", "label": "SAP", "key": "sap"}],
    "rows": [{"id": "a", "label": "Model A", "model": "vae", "runs": 2, "steps": 10, "paper": {"mig": [0.3, 0.1]}},
             {"id": "b", "label": "Model B", "model": "beta_vae", "runs": 2, "steps": 10},
             {"id": "q", "label": "Quoted", "runs": 0, "source": "Q", "paper": {"sap": 0.5}}],
    "selections": [{"id": "pool", "label": "A+B", "pool": ["a", "b"], "methods": ["udr-lasso", "supervised:mig"],
                    "paper": {"udr-lasso": {"mig": 0.4}}}]})"),
                     "small");
}

// Writes the files finished jobs would have written: metrics.json per run, one selection result.
void fake_outputs(const std::vector<Job>& jobs) {
  const std::map<std::string, std::vector<double>> mig = {{"a", {0.2, 0.4}}, {"b", {0.5, 0.7}}};
  for (const auto& j : jobs) {
    for (const auto& o : j.outputs)
      std::filesystem::create_directories(std::filesystem::path(o).parent_path());
    if (j.stage == "train") {
      std::ofstream(j.outputs[0]) << "model";
    } else if (j.stage == "evaluate") {
      auto row = j.meta["row"].get<std::string>();
      auto seed = j.meta["seed"].get<int>();
      Json m{{"scores", {{"mig", mig.at(row)[seed]}, {"sap", 0.1 * (seed + 1)}}}};
      write_file_atomic(j.outputs[0], m.dump());
    } else if (j.stage == "select") {
      std::string chosen;
      for (const auto& t : jobs)
        if (t.id == "train/b/seed-1") chosen = t.meta["run_dir"].get<std::string>();
      Json s{{"chosen", {{"run_dir", chosen}}}, {"models", Json::array({{{"score", 0.9}}})}};
      write_file_atomic(j.outputs[0], s.dump());
    }
  }
}

TEST(Results, AggregatesRowsAndSelections) {
  test::TempDir tmp;
  Spec spec = small_spec();
  auto jobs =
      expand_jobs(spec, parse<Preset>(Json::parse(R"({"name": "t"})"), "preset"), tmp.path());
  fake_outputs(jobs);
  Results r = collect_results(spec, jobs);
  EXPECT_EQ(r.missing_jobs, 0);
  ASSERT_EQ(r.runs.size(), 4u);
  EXPECT_DOUBLE_EQ(r.rows["a"]["mig"].mean, 0.3);
  EXPECT_NEAR(r.rows["a"]["mig"].std, 0.1, 1e-12);  // ddof 0
  EXPECT_EQ(r.rows["b"]["mig"].n, 2);
  ASSERT_EQ(r.selections.size(), 2u);
  const auto& udr = r.selections[0];
  EXPECT_EQ(udr.method, "udr-lasso");
  EXPECT_EQ(udr.chosen_row, "b");
  EXPECT_DOUBLE_EQ(udr.columns.at("mig").mean, 0.7);
  const auto& sup = r.selections[1];
  EXPECT_EQ(sup.chosen_row, "b");  // higher seed-mean MIG
  EXPECT_DOUBLE_EQ(sup.columns.at("mig").mean, 0.6);

  write_results(spec, r, tmp.path());
  std::string csv = read_file(tmp.file("results.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "row,label,seed,run_dir,mig,sap");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  Json j = Json::parse(read_file(tmp.file("results.json")));
  EXPECT_DOUBLE_EQ(j["rows"]["b"]["mig"]["mean"].get<double>(), 0.6);
}

TEST(Results, AMetricsOwnNanIsReportedNotDropped) {
  // Elastic-InfoGAN's ENT is NaN when a code or class gets no image (the released np.mean keeps it);
  // metrics.json holds it as null, and a run that lacks the key altogether is missing, not NaN.
  test::TempDir tmp;
  Spec spec = small_spec();
  auto jobs =
      expand_jobs(spec, parse<Preset>(Json::parse(R"({"name": "t"})"), "preset"), tmp.path());
  fake_outputs(jobs);
  for (const auto& j : jobs)
    if (j.id == "evaluate/a/seed-1")
      write_file_atomic(j.outputs[0], Json{{"scores", {{"mig", 0.4}, {"sap", NAN}}}}.dump());
  Results r = collect_results(spec, jobs);
  EXPECT_EQ(r.rows["a"]["sap"].nan, 1);
  EXPECT_TRUE(std::isnan(r.rows["a"]["sap"].mean));
  EXPECT_EQ(r.rows["b"]["sap"].nan, 0);
  ReportContext ctx;
  ctx.preset = {{"name", "t"}, {"description", "tiny"}};
  ctx.out_dir = tmp.path();
  write_report(spec, r, ctx);
  const std::string md = read_file(tmp.file("report.md"));
  EXPECT_NE(md.find("NaN (1 of 2 runs)"), std::string::npos) << md;
}

TEST(Results, PoolRunsLimitThePoolAndTheSupervisedMeans) {
  test::TempDir tmp;
  Spec spec = small_spec();
  spec.selections[0].pool_runs = 1;  // seed 0 of each row
  auto jobs =
      expand_jobs(spec, parse<Preset>(Json::parse(R"({"name": "t"})"), "preset"), tmp.path());
  fake_outputs(jobs);
  for (const auto& j : jobs)
    if (j.stage == "select") {
      std::ifstream in(std::get<SelectJob>(j.task).o.pool);
      int lines = 0;
      for (std::string line; std::getline(in, line);) lines += !line.empty();
      EXPECT_EQ(lines, 2) << j.id;
    }
  Results r = collect_results(spec, jobs);
  EXPECT_EQ(r.pool_sizes.at("pool"), 2);
  const auto& sup = r.selections[1];
  EXPECT_EQ(sup.chosen_row, "b");
  EXPECT_DOUBLE_EQ(sup.columns.at("mig").mean, 0.5);  // seed 0 only, not the row's 0.6
  EXPECT_EQ(sup.chosen.size(), 1u);
  write_results(spec, r, tmp.path());
  Json j = Json::parse(read_file(tmp.file("results.json")));
  EXPECT_EQ(j["selections"][0]["pool_size"], 2);
}

TEST(Report, WritesMarkdownAndSelfContainedHtml) {
  test::TempDir tmp;
  Spec spec = small_spec();
  auto jobs =
      expand_jobs(spec, parse<Preset>(Json::parse(R"({"name": "t"})"), "preset"), tmp.path());
  fake_outputs(jobs);
  std::filesystem::create_directories(tmp.file("traversals"));
  Image img{2, 2, 1, std::vector<std::uint8_t>(4, 200)};
  write_png(tmp.file("traversals/pool-udr-lasso.png"), img);
  ReportContext ctx;
  ctx.preset = {{"name", "t"}, {"description", "tiny"}};
  ctx.out_dir = tmp.path();
  auto html_path = write_report(spec, collect_results(spec, jobs), ctx);
  std::string md = read_file(tmp.file("report.md"));
  EXPECT_NE(md.find("| Model A |  | 2 | 0.30±0.10 / **0.30±0.10** (Δ +0.00) |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| Quoted | Q | 0 |  | 0.50 / – |"), std::string::npos) << md;
  EXPECT_NE(md.find("| A+B | 4 | udr-lasso | b |"), std::string::npos) << md;
  std::string html = read_file(html_path);
  EXPECT_NE(html.find("<table id=\"rows\">"), std::string::npos);
  EXPECT_NE(html.find("<table id=\"selection\">"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("data:image/png;base64,"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // nothing fetched from outside
  EXPECT_EQ(html.find("<script"), std::string::npos);     // the render test brings its own probe
  EXPECT_TRUE(std::filesystem::exists(tmp.file("plots/mig.svg")));
}

// The two formats of one table, computed by hand: the reporters only format what they are given.
TEST(Report, ReportersFormatOneTableByHand) {
  ReportTable t{"rows", {"model", "n"}, {"MIG", "SAP"}, {}};
  t.rows.push_back({{"A<1>", "2"}, {{"0.30", "0.25±0.01", "-0.05"}, {"", "", ""}}});
  auto md = markdown_reporter();
  md->table(t);
  EXPECT_EQ(md->text(),
            "| model | n | MIG | SAP |\n|---|---|---|---|\n"
            "| A<1> | 2 | 0.30 / **0.25±0.01** (Δ -0.05) |  |\n");
  auto html = html_reporter();
  html->table(t);
  EXPECT_EQ(html->text(),
            "<table id=\"rows\"><tr><th>model</th><th>n</th><th>MIG</th><th>SAP</th></tr>"
            "<tr><td class=\"l\">A&lt;1&gt;</td><td>2</td><td><span class=\"paper\">0.30</span> "
            "<span class=\"ours\">0.25±0.01</span> <span class=\"delta\">Δ -0.05</span></td>"
            "<td></td></tr></table>");
}

}  // namespace
}  // namespace fb::reports
