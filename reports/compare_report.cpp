// compare's outputs: PREFIX.json (everything, for scripts), PREFIX.md (for a CI log or a pull request) and
// PREFIX.html (self-contained: the table plus one interval chart per column, styled like report.html).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/atomic_output.h"
#include "reports/compare.h"
#include "reports/svg_plot.h"

namespace fs = std::filesystem;

namespace fb::reports {

namespace {

std::string num(double v, const char* format = "%.4g") {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

Json opt_number(double v) { return std::isfinite(v) ? Json(v) : Json(); }

std::string ci_text(const CellComparison& c) {
  if (!std::isfinite(c.ci.lo)) return "";
  return "[" + num(c.ci.lo, "%+.4g") + ", " + num(c.ci.hi, "%+.4g") + "]";
}

std::string gate_text(const CellComparison& c) { return c.fails ? "FAIL" : "ok"; }

std::string summary_line(const CompareResult& r) {
  std::map<std::string, int> counts;
  for (const auto& c : r.cells) ++counts[c.verdict];
  std::string s;
  for (const auto& [verdict, n] : counts)
    s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + verdict;
  return std::to_string(r.cells.size()) + " cells: " + (s.empty() ? "none" : s) + ". " +
         (r.failures() ? std::to_string(r.failures()) + " worse beyond tolerance: FAIL"
                       : "none worse beyond tolerance: pass");
}

const char* kCss =
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid "
    "#ccc;padding:4px 6px;"
    "text-align:center}th{background:#f3f3f3}td.l{text-align:left}.worse{background:#fde0dc}"
    ".better{background:#e3f4e1}.fail{color:#b00;font-weight:bold}.plots "
    "svg{margin:4px}code{font-size:12px}";

// One column's intervals: a row per table row, zero marked, the dot at the difference, red/green by verdict.
std::string interval_chart(const std::string& title,
                           const std::vector<const CellComparison*>& cells) {
  double lo = 0, hi = 0;
  for (const auto* c : cells)
    for (double v : {c->ci.lo, c->ci.hi, c->difference})
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  if (hi - lo <= 0) {
    lo -= 1e-3;
    hi += 1e-3;
  }
  const double pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  const int label_w = 140, plot_w = 300, row_h = 18, top = 24;
  const int height = top + row_h * static_cast<int>(cells.size()) + 20;
  auto x = [&](double v) { return label_w + (v - lo) / (hi - lo) * plot_w; };
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << label_w + plot_w + 10
    << "\" height=\"" << height
    << "\" font-size=\"11\"><text x=\"4\" y=\"14\" font-weight=\"bold\">" << xml_escape(title)
    << " — Δ (B − A) and its CI</text>";
  s << "<line x1=\"" << x(0) << "\" y1=\"" << top - 4 << "\" x2=\"" << x(0) << "\" y2=\""
    << height - 18 << "\" stroke=\"#999\" stroke-dasharray=\"3,2\"/>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& c = *cells[i];
    const double y = top + row_h * static_cast<double>(i) + row_h / 2.0;
    const char* colour = c.verdict == "worse"    ? "#c0392b"
                         : c.verdict == "better" ? "#27ae60"
                                                 : "#555";
    s << "<text x=\"4\" y=\"" << y + 4 << "\">" << xml_escape(c.row_label) << "</text>";
    if (std::isfinite(c.ci.lo))
      s << "<line x1=\"" << x(c.ci.lo) << "\" y1=\"" << y << "\" x2=\"" << x(c.ci.hi) << "\" y2=\""
        << y << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>";
    if (std::isfinite(c.difference))
      s << "<circle cx=\"" << x(c.difference) << "\" cy=\"" << y << "\" r=\"3.5\" fill=\"" << colour
        << "\"/>";
  }
  s << "<text x=\"" << label_w << "\" y=\"" << height - 4 << "\">" << num(lo) << "</text><text x=\""
    << label_w + plot_w << "\" y=\"" << height - 4 << "\" text-anchor=\"end\">" << num(hi)
    << "</text></svg>";
  return s.str();
}

}  // namespace

Json to_json(const CompareResult& r) {
  Json j;
  j["a"] = {{"dir", r.dir_a}, {"spec", r.spec_a}, {"preset", r.preset_a}};
  j["b"] = {{"dir", r.dir_b}, {"spec", r.spec_b}, {"preset", r.preset_b}};
  j["identical"] = r.identical;
  j["identity"] = r.identity();
  j["jobs_compared"] = r.jobs_compared;
  j["first_difference"] = r.first_difference.job.empty()
                              ? Json()
                              : Json{{"job", r.first_difference.job},
                                     {"digest_a", r.first_difference.digest_a},
                                     {"digest_b", r.first_difference.digest_b}};
  j["manifest_difference"] = r.manifest_difference;
  j["method"] = r.method;
  j["options"] = {{"tolerance", r.options.tolerance},
                  {"tolerances", r.options.tolerances},
                  {"min_seeds", r.options.min_seeds},
                  {"resamples", r.options.bootstrap.resamples},
                  {"confidence", r.options.bootstrap.confidence},
                  {"seed", r.options.bootstrap.seed}};
  j["cells"] = Json::array();
  for (const auto& c : r.cells)
    j["cells"].push_back({{"row", c.row},
                          {"column", c.column},
                          {"better", c.better},
                          {"n_a", c.n_a},
                          {"n_b", c.n_b},
                          {"mean_a", opt_number(c.mean_a)},
                          {"mean_b", opt_number(c.mean_b)},
                          {"difference", opt_number(c.difference)},
                          {"ci", {opt_number(c.ci.lo), opt_number(c.ci.hi)}},
                          {"paired", c.paired},
                          {"verdict", c.verdict},
                          {"tolerance", c.tolerance},
                          {"fails", c.fails}});
  j["failures"] = r.failures();
  return j;
}

std::vector<std::string> write_comparison(const CompareResult& r, const std::string& prefix) {
  const fs::path parent = fs::path(prefix).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::ostringstream md, html;
  const std::string head = "A: `" + r.dir_a + "` (" + r.spec_a + ", preset " + r.preset_a +
                           ")  \nB: `" + r.dir_b + "` (" + r.spec_b + ", preset " + r.preset_b +
                           ")";
  const std::string digests =
      r.identical ? " (all " + std::to_string(r.jobs_compared) + " jobs' output digests match)"
                  : "";
  const std::string ci = "CI " + num(100 * r.options.bootstrap.confidence) + " %";
  md << "# factorbench compare\n\n"
     << head << "\n\n**" << r.identity() << "**" << digests << "\n\n**" << summary_line(r)
     << "**\n\n"
     << r.method << "\n\n";
  md << "| row | metric | better | n A | n B | mean A | mean B | Δ (B − A) | " << ci
     << " | verdict | tolerance | gate |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  html << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>factorbench "
          "compare</title><style>"
       << kCss << "</style></head><body><h1>factorbench compare</h1><p>A: <code>"
       << xml_escape(r.dir_a) << "</code> (" << xml_escape(r.spec_a) << ", preset "
       << xml_escape(r.preset_a) << ")<br>B: <code>" << xml_escape(r.dir_b) << "</code> ("
       << xml_escape(r.spec_b) << ", preset " << xml_escape(r.preset_b)
       << ")</p><p><b id=\"identity\">" << xml_escape(r.identity()) << "</b>" << xml_escape(digests)
       << "</p><p><b id=\"summary\">" << xml_escape(summary_line(r)) << "</b></p><p>"
       << xml_escape(r.method) << "</p>";
  html << "<table id=\"cells\"><tr><th>row</th><th>metric</th><th>better</th><th>n A</th><th>n "
          "B</th><th>mean A</th>"
          "<th>mean B</th><th>Δ (B − A)</th><th>"
       << ci << "</th><th>verdict</th><th>tolerance</th><th>gate</th></tr>";
  for (const auto& c : r.cells) {
    md << "| " << c.row_label << " | " << c.column_label << " | " << c.better << " | " << c.n_a
       << " | " << c.n_b << " | " << num(c.mean_a) << " | " << num(c.mean_b) << " | "
       << num(c.difference, "%+.4g") << " | " << ci_text(c) << (c.paired ? " (paired)" : "")
       << " | " << (c.fails ? "**" + c.verdict + "**" : c.verdict) << " | " << num(c.tolerance)
       << " | " << gate_text(c) << " |\n";
    const std::string cls =
        c.verdict == "worse" || c.verdict == "better" ? " class=\"" + c.verdict + "\"" : "";
    html << "<tr" << cls << "><td class=\"l\">" << xml_escape(c.row_label) << "</td><td>"
         << xml_escape(c.column_label) << "</td><td>" << c.better << "</td><td>" << c.n_a
         << "</td><td>" << c.n_b << "</td><td>" << num(c.mean_a) << "</td><td>" << num(c.mean_b)
         << "</td><td>" << num(c.difference, "%+.4g") << "</td><td>" << ci_text(c)
         << (c.paired ? " paired" : "") << "</td><td>" << c.verdict << "</td><td>"
         << num(c.tolerance) << "</td><td" << (c.fails ? " class=\"fail\"" : "") << ">"
         << gate_text(c) << "</td></tr>";
  }
  html << "</table><h2>Intervals per metric</h2><div class=\"plots\">";
  std::vector<std::string> columns;
  for (const auto& c : r.cells)
    if (std::find(columns.begin(), columns.end(), c.column) == columns.end())
      columns.push_back(c.column);
  for (const auto& col : columns) {
    std::vector<const CellComparison*> cells;
    for (const auto& c : r.cells)
      if (c.column == col) cells.push_back(&c);
    html << interval_chart(cells.front()->column_label, cells);
  }
  html << "</div></body></html>\n";
  // Build everything first, then write: an error never leaves one format updated and the others stale.
  const std::vector<std::string> paths = {prefix + ".md", prefix + ".json", prefix + ".html"};
  write_file_atomic(paths[0], md.str());
  write_file_atomic(paths[1], to_json(r).dump(1) + "\n");
  write_file_atomic(paths[2], html.str());
  return paths;
}

}  // namespace fb::reports
