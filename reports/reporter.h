// The report's formats behind one interface (google/benchmark's reporter pattern): write_report
// (reports/report.h) assembles the report once, as the parts below, and hands them in order to each
// reporter; a reporter only formats. MarkdownReporter writes report.md, HtmlReporter the self-contained
// report.html (SVG inline, PNGs embedded, no script).
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"

namespace fb::reports {

/// The report's opening: title, preset, the spec's notes, and how many jobs have not finished.
struct ReportHeader {
  std::string title, preset, description, notes;
  int missing_jobs = 0;
};

/// One cell of a metric column: the paper's value, ours (mean ± std) and Δ = ours − paper; any may be empty.
struct ReportCell {
  std::string paper, ours, delta;
};

/// A table: leading columns (text; the first left-aligned), then one column per metric.
struct ReportTable {
  std::string id;  ///< the HTML table's id
  std::vector<std::string> leading, metrics;
  struct Row {
    std::vector<std::string> leading;
    std::vector<ReportCell> cells;
  };
  std::vector<Row> rows;
};

/// A chart written beside the report (`file`, relative to it), its SVG text inline.
struct ReportChart {
  std::string label, file, svg;
};

/// A PNG written beside the report (`file`, relative to it), its bytes for embedding.
struct ReportImage {
  std::string name, file, png;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void header(const ReportHeader& h) = 0;
  virtual void section(const std::string& title) = 0;
  virtual void table(const ReportTable& t) = 0;
  /// A caption, then the charts.
  virtual void charts(const std::string& caption, const std::vector<ReportChart>& charts) = 0;
  virtual void images(const std::vector<ReportImage>& images) = 0;
  /// The closing line: factorbench version, commit and time (provenance.json's keys).
  virtual void footer(const Json& provenance) = 0;
  /// Everything written so far.
  std::string text() const { return out_.str(); }

 protected:
  std::ostringstream out_;
};

std::unique_ptr<Reporter> markdown_reporter();
std::unique_ptr<Reporter> html_reporter();

}  // namespace fb::reports
