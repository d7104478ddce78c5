#include "reports/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "core/atomic_output.h"
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

struct Cell {
  std::string paper, ours, delta;
};

Cell cell(const PaperValue& p, const Stat* s) {
  Cell c;
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

std::string md_cell(const Cell& c) {
  if (c.paper.empty() && c.ours.empty()) return "";
  std::string s =
      (c.paper.empty() ? "–" : c.paper) + " / " + (c.ours.empty() ? "–" : "**" + c.ours + "**");
  if (!c.delta.empty()) s += " (Δ " + c.delta + ")";
  return s;
}

std::string html_cell(const Cell& c) {
  if (c.paper.empty() && c.ours.empty()) return "<td></td>";
  std::string s = "<td><span class=\"paper\">" + (c.paper.empty() ? "–" : c.paper) +
                  "</span> <span class=\"ours\">" + (c.ours.empty() ? "–" : c.ours) + "</span>";
  if (!c.delta.empty()) s += " <span class=\"delta\">Δ " + c.delta + "</span>";
  return s + "</td>";
}

// Opens a table in both formats: the leading columns, then one column per metric.
void table_header(std::ostringstream& md, std::ostringstream& html, const char* id,
                  const std::vector<std::string>& leading, const std::vector<ColumnSpec>& columns) {
  html << "<table id=\"" << id << "\"><tr>";
  md << "|";
  for (const auto& l : leading) {
    md << " " << l << " |";
    html << "<th>" << l << "</th>";
  }
  for (const auto& c : columns) {
    md << " " << c.label << " |";
    html << "<th>" << xml_escape(c.label) << "</th>";
  }
  md << "\n|";
  for (std::size_t i = 0; i < leading.size() + columns.size(); ++i) md << "---|";
  md << "\n";
  html << "</tr>";
}

int runs_of(const Results& r, const std::string& row) {
  int n = 0;
  for (const auto& run : r.runs) n += run.row == row;
  return n;
}

std::string base64(const std::string& bytes) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += {k[v >> 18], k[(v >> 12) & 63], i + 1 < bytes.size() ? k[(v >> 6) & 63] : '=', '='};
  }
  return out;
}

const char* kCss =
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid "
    "#ccc;padding:4px 6px;"
    "text-align:center}th{background:#f3f3f3}td.l{text-align:left}.paper{color:#666}.ours{font-"
    "weight:bold}"
    ".delta{color:#888;font-size:11px}.plots "
    "svg{margin:4px}img.trav{image-rendering:pixelated;max-width:100%}";

}  // namespace

std::string write_report(const Spec& spec, const Results& res, const ReportContext& ctx) {
  std::ostringstream md, html;
  const std::string preset = ctx.preset.value("name", std::string("?"));
  md << "# " << spec.title << "\n\n";
  md << "Preset **" << preset << "**: " << ctx.preset.value("description", std::string()) << "\n\n";
  md << spec.notes << "\n\n";
  md << "Each cell: paper / **ours** (mean ± std over runs) and Δ = ours − paper. `n` = runs "
        "scored. "
        "Rows marked Q quote other papers' protocols (context only).\n\n";
  html << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" << xml_escape(spec.title)
       << "</title><style>" << kCss << "</style></head><body>";
  html << "<h1>" << xml_escape(spec.title) << "</h1><p>Preset <b>" << xml_escape(preset)
       << "</b>: " << xml_escape(ctx.preset.value("description", std::string())) << "</p><p>"
       << xml_escape(spec.notes) << "</p>";
  if (res.missing_jobs > 0) {
    md << "> " << res.missing_jobs << " jobs have not finished; their cells are empty.\n\n";
    html << "<p><b>" << res.missing_jobs
         << " jobs have not finished; their cells are empty.</b></p>";
  }

  // ---- per-row table ----
  md << "## Models\n\n";
  html << "<h2>Models</h2>";
  table_header(md, html, "rows", {"model", "src", "n"}, spec.columns);
  for (const auto& row : spec.rows) {
    const int n = runs_of(res, row.id);
    md << "| " << row.label << " | " << row.source << " | " << n << " |";
    html << "<tr><td class=\"l\">" << xml_escape(row.label) << "</td><td>" << row.source
         << "</td><td>" << n << "</td>";
    auto stats = res.rows.find(row.id);
    for (const auto& c : spec.columns) {
      const Stat* s = nullptr;
      if (stats != res.rows.end() && stats->second.count(c.id)) s = &stats->second.at(c.id);
      Cell ce = cell(spec.paper_value(row, c.id), s);
      md << " " << md_cell(ce) << " |";
      html << html_cell(ce);
    }
    md << "\n";
    html << "</tr>";
  }
  html << "</table>";

  // ---- selection table ----
  if (!spec.selections.empty()) {
    md << "\n## Model selection without labels\n\n";
    html << "<h2>Model selection without labels</h2>";
    // The pool size beside every row: Table 3's pools differ from Table 1's rows (InfoGAN-CR: 10 of 50).
    table_header(md, html, "selection", {"pool", "models", "method", "chosen"}, spec.columns);
    for (const auto& sel : spec.selections)
      for (const auto& method : sel.methods) {
        const SelectionResult* r = nullptr;
        for (const auto& s : res.selections)
          if (s.selection == sel.id && s.method == method) r = &s;
        std::string chosen = r ? r->chosen_row : "";
        const auto size = res.pool_sizes.find(sel.id);
        const std::string models = size != res.pool_sizes.end() ? std::to_string(size->second) : "";
        md << "| " << sel.label << " | " << models << " | " << method << " | " << chosen << " |";
        html << "<tr><td class=\"l\">" << xml_escape(sel.label) << "</td><td>" << models
             << "</td><td>" << xml_escape(method) << "</td><td>" << xml_escape(chosen) << "</td>";
        for (const auto& c : spec.columns) {
          const Stat* s = r && r->columns.count(c.id) ? &r->columns.at(c.id) : nullptr;
          Cell ce = cell(spec.paper_value(sel, method, c.id), s);
          md << " " << md_cell(ce) << " |";
          html << html_cell(ce);
        }
        md << "\n";
        html << "</tr>";
      }
    html << "</table>";
  }

  // ---- plots: per-column distributions, the paper's value in red ----
  std::filesystem::create_directories(ctx.out_dir + "/plots");
  md << "\n## Distributions\n\nDots: runs; black bar: mean; red tick: paper; green ring: a model "
        "chosen by a selector.\n\n";
  html << "<h2>Distributions</h2><p>Dots: runs; black bar: mean; red tick: paper; green ring: a "
          "model chosen by a "
          "selector.</p><div class=\"plots\">";
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
    std::string svg = strip_chart(c.label, groups);
    const std::string file = "plots/" + c.id + ".svg";
    write_file_atomic(ctx.out_dir + "/" + file, svg);
    md << "![" << c.label << "](" << file << ")\n";
    html << svg;
  }
  html << "</div>";

  // ---- traversals of the selected models, if rendered ----
  const std::string trav_dir = ctx.out_dir + "/traversals";
  if (std::filesystem::is_directory(trav_dir)) {
    md << "\n## Latent traversals of the selected models\n\n";
    html << "<h2>Latent traversals of the selected models</h2>";
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(trav_dir))
      if (e.path().extension() == ".png") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      md << "### " << f.stem().string() << "\n\n![" << f.stem().string() << "](traversals/"
         << f.filename().string() << ")\n\n";
      html << "<h3>" << xml_escape(f.stem().string()) << "</h3><img class=\"trav\" alt=\""
           << xml_escape(f.stem().string()) << "\" src=\"data:image/png;base64,"
           << base64(read_file(f.string())) << "\">";
    }
  }

  md << "\n---\nfactorbench " << ctx.provenance.value("factorbench", std::string()) << ", commit "
     << ctx.provenance.value("git_commit", std::string()) << ", "
     << ctx.provenance.value("created_utc", std::string()) << ". Per-run values: results.csv.\n";
  html
      << "<hr><p>factorbench " << xml_escape(ctx.provenance.value("factorbench", std::string()))
      << ", commit " << xml_escape(ctx.provenance.value("git_commit", std::string())) << ", "
      << xml_escape(ctx.provenance.value("created_utc", std::string()))
      << ". Per-run values: <a href=\"results.csv\">results.csv</a>.</p>"
      // Lets a headless browser test read back what rendered (tables, decoded images) from the DOM.
      << "<script>window.addEventListener('load',function(){var im=document.images,ok=0;for(var "
         "i=0;i<im.length;"
         "i++){if(im[i].naturalWidth>0)ok++;}document.body.setAttribute('data-rendered',document."
         "querySelectorAll("
         "'table').length+' tables, '+document.querySelectorAll('svg').length+' charts, "
         "'+ok+'/'+im.length+"
         "' images');});</script></body></html>\n";
  write_file_atomic(ctx.out_dir + "/report.md", md.str());
  const std::string html_path = ctx.out_dir + "/report.html";
  write_file_atomic(html_path, html.str());
  return html_path;
}

}  // namespace fb::reports
