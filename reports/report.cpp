#include "reports/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/atomic_output.h"
#include "reports/reporter.h"
#include "reports/svg_plot.h"

namespace fb::reports {

namespace {

std::string fmt(double v, int digits = 2) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string pm(double mean, double std) {
  if (!std::isfinite(mean)) return "";
  return std::isfinite(std) ? fmt(mean) + "±" + fmt(std) : fmt(mean);
}

ReportCell cell(const PaperValue& p, const Stat* s) {
  ReportCell c;
  c.paper = pm(p.mean, p.std);
  if (s && s->nan > 0) {
    // Reported, not dropped: the released evaluation's mean is NaN too.
    c.ours = "NaN (" + std::to_string(s->nan) + " of " + std::to_string(s->n + s->nan) + " runs)";
  } else if (s && s->n > 0) {
    c.ours = pm(s->mean, s->std);
    if (std::isfinite(p.mean)) {
      double d = s->mean - p.mean;
      c.delta = (d >= 0 ? "+" : "") + fmt(d);
    }
  }
  return c;
}

std::vector<std::string> metric_labels(const Spec& spec) {
  std::vector<std::string> labels;
  for (const auto& c : spec.columns) labels.push_back(c.label);
  return labels;
}

int runs_of(const Results& r, const std::string& row) {
  int n = 0;
  for (const auto& run : r.runs) n += run.row == row;
  return n;
}

// Phase: paper vs ours per row of the spec.
ReportTable models_table(const Spec& spec, const Results& res) {
  ReportTable t{"rows", {"model", "src", "n"}, metric_labels(spec), {}};
  for (const auto& row : spec.rows) {
    ReportTable::Row r{{row.label, row.source, std::to_string(runs_of(res, row.id))}, {}};
    auto stats = res.rows.find(row.id);
    for (const auto& c : spec.columns) {
      const Stat* s = nullptr;
      if (stats != res.rows.end() && stats->second.count(c.id)) s = &stats->second.at(c.id);
      r.cells.push_back(cell(spec.paper_value(row, c.id), s));
    }
    t.rows.push_back(r);
  }
  return t;
}

// Phase: every selection method's chosen model, with the pool size beside it (Table 3's pools differ from
// Table 1's rows: InfoGAN-CR 10 of 50).
ReportTable selection_table(const Spec& spec, const Results& res) {
  ReportTable t{"selection", {"pool", "models", "method", "chosen"}, metric_labels(spec), {}};
  for (const auto& sel : spec.selections)
    for (const auto& method : sel.methods) {
      const SelectionResult* r = nullptr;
      for (const auto& s : res.selections)
        if (s.selection == sel.id && s.method == method) r = &s;
      const auto size = res.pool_sizes.find(sel.id);
      ReportTable::Row row{
          {sel.label, size != res.pool_sizes.end() ? std::to_string(size->second) : "", method,
           r ? r->chosen_row : ""},
          {}};
      for (const auto& c : spec.columns) {
        const Stat* s = r && r->columns.count(c.id) ? &r->columns.at(c.id) : nullptr;
        row.cells.push_back(cell(spec.paper_value(sel, method, c.id), s));
      }
      t.rows.push_back(row);
    }
  return t;
}

// Phase: a strip chart per column of the runs' values, the paper's value and the selected models.
std::vector<ReportChart> distribution_charts(const Spec& spec, const Results& res) {
  std::vector<ReportChart> charts;
  for (const auto& c : spec.columns) {
    std::vector<StripGroup> groups;
    for (const auto& row : spec.rows) {
      StripGroup g;
      g.label = row.label;
      g.reference = spec.paper_value(row, c.id).mean;
      for (const auto& run : res.runs) {
        if (run.row != row.id) continue;
        auto it = run.metrics.find(c.key);
        double v = it != run.metrics.end() && it->is_number() ? it->get<double>() : NAN;
        g.values.push_back(v);
        for (const auto& s : res.selections)
          if (s.method.rfind("supervised:", 0) != 0 && !s.chosen.empty() &&
              run_key(s.chosen[0]) == run_key(run.run_dir) && row.snapshot_of.empty())
            g.highlighted.push_back(v);
      }
      if (!g.values.empty() || std::isfinite(g.reference)) groups.push_back(g);
    }
    charts.push_back({c.label, "plots/" + c.id + ".svg", strip_chart(c.label, groups)});
  }
  return charts;
}

// Phase: the traversal PNGs the traverse jobs wrote, by name.
std::vector<ReportImage> traversal_images(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".png") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<ReportImage> images;
  for (const auto& f : files)
    images.push_back(
        {f.stem().string(), "traversals/" + f.filename().string(), read_file(f.string())});
  return images;
}

}  // namespace

std::string write_report(const Spec& spec, const Results& res, const ReportContext& ctx) {
  const ReportHeader header{spec.title, ctx.preset.value("name", std::string("?")),
                            ctx.preset.value("description", std::string()), spec.notes,
                            res.missing_jobs};
  const ReportTable models = models_table(spec, res);
  const ReportTable selection = selection_table(spec, res);
  const auto charts = distribution_charts(spec, res);
  std::filesystem::create_directories(ctx.out_dir + "/plots");
  for (const auto& c : charts) write_file_atomic(ctx.out_dir + "/" + c.file, c.svg);
  const std::string trav_dir = ctx.out_dir + "/traversals";
  const bool traversals = std::filesystem::is_directory(trav_dir);
  const auto images = traversals ? traversal_images(trav_dir) : std::vector<ReportImage>{};

  // Every format gets the same parts in the same order.
  auto render = [&](Reporter& r) {
    r.header(header);
    r.section("Models");
    r.table(models);
    if (!spec.selections.empty()) {
      r.section("Model selection without labels");
      r.table(selection);
    }
    r.section("Distributions");
    r.charts(
        "Dots: runs; black bar: mean; red tick: paper; green ring: a model chosen by a selector.",
        charts);
    if (traversals) {
      r.section("Latent traversals of the selected models");
      r.images(images);
    }
    r.footer(ctx.provenance);
    return r.text();
  };
  write_file_atomic(ctx.out_dir + "/report.md", render(*markdown_reporter()));
  const std::string html_path = ctx.out_dir + "/report.html";
  write_file_atomic(html_path, render(*html_reporter()));
  return html_path;
}

}  // namespace fb::reports
