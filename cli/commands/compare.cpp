// factorbench compare DIR_A DIR_B: did a reproduction's scores change between two result directories?
#include "reports/compare.h"

#include <cstdlib>

#include "cli/command.h"
#include "core/config.h"
#include "core/error.h"

namespace fb::cli {
namespace {

double parse_tolerance(const std::string& text, const std::string& whole) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    throw ConfigError("--tolerance " + whole + ": '" + text + "' is not a number");
  return v;
}

class CompareCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("dir_a", dir_a_,
                   "the reference: a `factorbench reproduce` output directory (e.g. main's)")
        ->required();
    app.add_option("dir_b", dir_b_,
                   "the candidate: another reproduction of the same spec and preset")
        ->required();
    app.add_option("--out", prefix_, "writes PREFIX.md, PREFIX.json and PREFIX.html")
        ->capture_default_str();
    app.add_option("--tolerance", tolerances_,
                   "how much worse a row's mean may get before the exit status is 1, in the "
                   "metric's own units: "
                   "T for every column, or COLUMN=T for one (repeatable; default 0)");
    app.add_option("--min-seeds", options_.min_seeds,
                   "seeds needed on each side for a better/worse verdict (fewer: \"too few "
                   "seeds\", never a "
                   "failure)")
        ->capture_default_str();
    app.add_option("--resamples", options_.bootstrap.resamples, "bootstrap resamples per cell")
        ->capture_default_str();
    app.add_option("--confidence", options_.bootstrap.confidence, "interval coverage")
        ->capture_default_str();
    app.add_option("--seed", options_.bootstrap.seed, "seed of the bootstrap resampling")
        ->capture_default_str();
    app.add_flag("--require-identical", require_identical_,
                 "also exit 1 unless every job's output is bitwise identical (expected for the "
                 "same code on CPU)");
    app.footer(
        "Per row and metric: both seed means, Δ = B − A, a bootstrap confidence interval over "
        "seeds and a "
        "verdict\n(better / worse / no detectable change / identical) that respects each column's "
        "direction "
        "(spec\n\"better\": higher or lower). Separately it hashes every job's outputs and says "
        "\"identical\" or "
        "names\nthe first differing job digest.\n"
        "Exit status: 0 pass, 1 a metric worse beyond its tolerance (or not identical with "
        "--require-identical),\n2 bad options, 3 a missing or malformed file.\n"
        "Example:\n"
        "  factorbench compare main-smoke branch-smoke --tolerance 0.02 --tolerance fd_fb=5 --out "
        "compare\n"
        "  # writes compare.md, compare.json, compare.html; see docs/ci.md");
  }

  int run(Io& io) override {
    for (const auto& t : tolerances_) {
      const auto eq = t.find('=');
      if (eq == std::string::npos)
        options_.tolerance = parse_tolerance(t, t);
      else
        options_.tolerances[t.substr(0, eq)] = parse_tolerance(t.substr(eq + 1), t);
    }
    const auto result = reports::compare_results(dir_a_, dir_b_, options_);
    const auto paths = reports::write_comparison(result, prefix_);
    io.out << result.identity() << "\n";
    for (const auto& c : result.cells)
      if (c.fails)
        io.out << "worse: " << c.row << " " << c.column << ": " << format_number(c.mean_a) << " -> "
               << format_number(c.mean_b) << " (tolerance " << format_number(c.tolerance) << ")\n";
    io.out << result.failures() << " of " << result.cells.size()
           << " cells worse beyond tolerance; wrote " << paths[0] << ", " << paths[1] << ", "
           << paths[2] << "\n";
    return result.failures() > 0 || (require_identical_ && !result.identical) ? 1 : 0;
  }

 private:
  std::string dir_a_, dir_b_, prefix_ = "compare";
  std::vector<std::string> tolerances_;
  reports::CompareOptions options_;
  bool require_identical_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"compare", "Compare two reproductions' scores (CI per cell, identity check)",
             Json::object(), [] { return std::make_unique<CompareCommand>(); }});

}  // namespace fb::cli
