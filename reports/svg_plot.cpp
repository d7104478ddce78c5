#include "reports/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace fb::reports {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string strip_chart(const std::string& title, const std::vector<StripGroup>& groups, double lo,
                        double hi) {
  const int label_w = 170, plot_w = 380, row_h = 22, top = 28, width = label_w + plot_w + 20;
  const int height = top + row_h * static_cast<int>(groups.size()) + 30;
  auto x = [&](double v) {
    double t = (std::clamp(v, lo, hi) - lo) / (hi - lo);
    return label_w + t * plot_w;
  };
  std::ostringstream svg;
  char buf[256];
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">";
  svg << "<text x=\"4\" y=\"16\" font-weight=\"bold\">" << xml_escape(title) << "</text>";
  for (int t = 0; t <= 4; ++t) {
    double v = lo + (hi - lo) * t / 4.0;
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text "
                  "x=\"%.1f\" y=\"%d\" "
                  "text-anchor=\"middle\" fill=\"#555\">%.2f</text>",
                  x(v), top - 4, x(v), height - 24, x(v), height - 10, v);
    svg << buf;
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const int y = top + static_cast<int>(g) * row_h + row_h / 2;
    svg << "<text x=\"" << label_w - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
        << xml_escape(groups[g].label) << "</text>";
    double sum = 0;
    int n = 0;
    for (double v : groups[g].values) {
      if (!std::isfinite(v)) continue;
      std::snprintf(buf, sizeof buf,
                    "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>",
                    x(v), y);
      svg << buf;
      sum += v;
      ++n;
    }
    if (n > 0) {
      std::snprintf(
          buf, sizeof buf,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>",
          x(sum / n), y - 7, x(sum / n), y + 7);
      svg << buf;
    }
    for (double v : groups[g].highlighted) {
      if (!std::isfinite(v)) continue;
      std::snprintf(buf, sizeof buf,
                    "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"none\" stroke=\"#2ca02c\" "
                    "stroke-width=\"2\"/>",
                    x(v), y);
      svg << buf;
    }
    if (std::isfinite(groups[g].reference)) {
      std::snprintf(buf, sizeof buf,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\" "
                    "stroke-width=\"2\"/>",
                    x(groups[g].reference), y - 9, x(groups[g].reference), y + 9);
      svg << buf;
    }
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace fb::reports
