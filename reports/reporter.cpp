#include "reports/reporter.h"

#include "reports/svg_plot.h"

namespace fb::reports {

namespace {

const char* kLegend =
    "Each cell: paper / **ours** (mean ± std over runs) and Δ = ours − paper. `n` = runs scored. "
    "Rows marked Q quote other papers' protocols (context only).";

const char* kCss =
    "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid "
    "#ccc;padding:4px 6px;"
    "text-align:center}th{background:#f3f3f3}td.l{text-align:left}.paper{color:#666}.ours{font-"
    "weight:bold}"
    ".delta{color:#888;font-size:11px}.plots "
    "svg{margin:4px}img.trav{image-rendering:pixelated;max-width:100%}";

std::string missing_note(int jobs) {
  return std::to_string(jobs) + " jobs have not finished; their cells are empty.";
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

std::string prov(const Json& p, const char* key) { return p.value(key, std::string()); }

class MarkdownReporter : public Reporter {
 public:
  void header(const ReportHeader& h) override {
    out_ << "# " << h.title << "\n\n"
         << "Preset **" << h.preset << "**: " << h.description << "\n\n"
         << h.notes << "\n\n"
         << kLegend << "\n\n";
    if (h.missing_jobs > 0) out_ << "> " << missing_note(h.missing_jobs) << "\n\n";
  }
  void section(const std::string& title) override {
    const std::string s = out_.str();
    if (s.size() < 2 || s.compare(s.size() - 2, 2, "\n\n") != 0) out_ << "\n";  // a blank line
    out_ << "## " << title << "\n\n";
  }
  void table(const ReportTable& t) override {
    out_ << "|";
    for (const auto& l : t.leading) out_ << " " << l << " |";
    for (const auto& m : t.metrics) out_ << " " << m << " |";
    out_ << "\n|";
    for (std::size_t i = 0; i < t.leading.size() + t.metrics.size(); ++i) out_ << "---|";
    out_ << "\n";
    for (const auto& row : t.rows) {
      out_ << "|";
      for (const auto& l : row.leading) out_ << " " << l << " |";
      for (const auto& c : row.cells) out_ << " " << cell(c) << " |";
      out_ << "\n";
    }
  }
  void charts(const std::string& caption, const std::vector<ReportChart>& charts) override {
    out_ << caption << "\n\n";
    for (const auto& c : charts) out_ << "![" << c.label << "](" << c.file << ")\n";
  }
  void images(const std::vector<ReportImage>& images) override {
    for (const auto& im : images)
      out_ << "### " << im.name << "\n\n![" << im.name << "](" << im.file << ")\n\n";
  }
  void footer(const Json& p) override {
    out_ << "\n---\nfactorbench " << prov(p, "factorbench") << ", commit " << prov(p, "git_commit")
         << ", " << prov(p, "created_utc") << ". Per-run values: results.csv.\n";
  }

 private:
  static std::string cell(const ReportCell& c) {
    if (c.paper.empty() && c.ours.empty()) return "";
    std::string s =
        (c.paper.empty() ? "–" : c.paper) + " / " + (c.ours.empty() ? "–" : "**" + c.ours + "**");
    if (!c.delta.empty()) s += " (Δ " + c.delta + ")";
    return s;
  }
};

class HtmlReporter : public Reporter {
 public:
  void header(const ReportHeader& h) override {
    out_ << "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" << xml_escape(h.title)
         << "</title><style>" << kCss << "</style></head><body>"
         << "<h1>" << xml_escape(h.title) << "</h1><p>Preset <b>" << xml_escape(h.preset)
         << "</b>: " << xml_escape(h.description) << "</p><p>" << xml_escape(h.notes) << "</p>";
    if (h.missing_jobs > 0) out_ << "<p><b>" << missing_note(h.missing_jobs) << "</b></p>";
  }
  void section(const std::string& title) override {
    out_ << "<h2>" << xml_escape(title) << "</h2>";
  }
  void table(const ReportTable& t) override {
    out_ << "<table id=\"" << t.id << "\"><tr>";
    for (const auto& l : t.leading) out_ << "<th>" << xml_escape(l) << "</th>";
    for (const auto& m : t.metrics) out_ << "<th>" << xml_escape(m) << "</th>";
    out_ << "</tr>";
    for (const auto& row : t.rows) {
      out_ << "<tr>";
      for (std::size_t i = 0; i < row.leading.size(); ++i)
        out_ << (i == 0 ? "<td class=\"l\">" : "<td>") << xml_escape(row.leading[i]) << "</td>";
      for (const auto& c : row.cells) out_ << cell(c);
      out_ << "</tr>";
    }
    out_ << "</table>";
  }
  void charts(const std::string& caption, const std::vector<ReportChart>& charts) override {
    out_ << "<p>" << xml_escape(caption) << "</p><div class=\"plots\">";
    for (const auto& c : charts) out_ << c.svg;
    out_ << "</div>";
  }
  void images(const std::vector<ReportImage>& images) override {
    for (const auto& im : images)
      out_ << "<h3>" << xml_escape(im.name) << "</h3><img class=\"trav\" alt=\""
           << xml_escape(im.name) << "\" src=\"data:image/png;base64," << base64(im.png) << "\">";
  }
  void footer(const Json& p) override {
    out_ << "<hr><p>factorbench " << xml_escape(prov(p, "factorbench")) << ", commit "
         << xml_escape(prov(p, "git_commit")) << ", " << xml_escape(prov(p, "created_utc"))
         << ". Per-run values: <a href=\"results.csv\">results.csv</a>.</p></body></html>\n";
  }

 private:
  static std::string cell(const ReportCell& c) {
    if (c.paper.empty() && c.ours.empty()) return "<td></td>";
    std::string s = "<td><span class=\"paper\">" + (c.paper.empty() ? "–" : c.paper) +
                    "</span> <span class=\"ours\">" + (c.ours.empty() ? "–" : c.ours) + "</span>";
    if (!c.delta.empty()) s += " <span class=\"delta\">Δ " + c.delta + "</span>";
    return s + "</td>";
  }
};

}  // namespace

std::unique_ptr<Reporter> markdown_reporter() { return std::make_unique<MarkdownReporter>(); }
std::unique_ptr<Reporter> html_reporter() { return std::make_unique<HtmlReporter>(); }

}  // namespace fb::reports
