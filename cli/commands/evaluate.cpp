// factorbench evaluate RUN_DIR --out metrics.json: score a trained model with the metrics registry.
#include <algorithm>
#include <map>

#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/config.h"
#include "engine/evaluate.h"
#include "metrics/metric.h"

namespace fb::cli {
namespace {

// "sets nmi.average (default "geometric"), prior_rmse.average (default "geometric")": every
// metric that declares `option`, separated by commas.
std::string alias_help(const std::string& option) {
  std::string text = "sets ";
  const char* separator = "";
  for (const auto* e : metrics::metric_registry().entries())
    for (const auto& a : e->make.info.aliases)
      if (a.option == option) {
        text +=
            separator + e->name + "." + a.key + " (default " + e->defaults.at(a.key).dump() + ")";
        separator = ", ";
      }
  return text;
}

class EvaluateCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("run_dir", o_.run_dir, "a finished run directory")->required();
    app.add_option("--metrics", o_.metrics,
                   "all, none (only the model-side scores), or a comma-separated list "
                   "(`factorbench list metrics`)")
        ->delimiter(',');
    app.add_option("--protocol", o_.protocol,
                   "dl (disentanglement_lib) or cr (InfoGAN-CR), docs/protocols.md §4.1")
        ->capture_default_str()
        ->check(CLI::IsMember({"dl", "cr", "infogan-cr"}));
    app.add_option("--representation", o_.representation,
                   "mean (posterior mean) or sampled (mu + sigma*eps)")
        ->capture_default_str()
        ->check(CLI::IsMember({"mean", "sampled"}));
    app.add_option("--sklearn-era", o_.era,
                   "LogisticRegression defaults: paper (liblinear OvR) or current (lbfgs)")
        ->capture_default_str()
        ->check(CLI::IsMember({"paper", "current"}));
    app.add_option(
        "--config", config_file_,
        "JSON file of metric -> config overrides, e.g. {\"mig\": {\"num_train\": 5000}}");
    app.add_option("--set", sets_,
                   "metric option metric.key=value, e.g. --set factor_vae.num_train=2000");
    app.add_option("--snapshot", o_.snapshot,
                   "score a named snapshot of the run (e.g. infogan_modified)");
    app.add_option("--dataset", o_.dataset, "oracle dataset (default: the run's)");
    app.add_option("--seed", o_.seed, "metric seed (keep it equal across the models you compare)")
        ->capture_default_str();
    app.add_option("--device", o_.device, "cpu, cuda or cuda:N")->capture_default_str();
    app.add_option(
        "--classifier", o_.classifier,
        "factor classifier directory (train-classifier): adds the metrics that need one (fd_fb; "
        "nmi, ent for a categorical code; mig_gen, l2_gen for models with factor codes)");
    // Older options for metric config keys (--nmi-samples sets prior_rmse.samples, ...): every
    // alias a registered metric declares, so command lines and presets written for them still work.
    for (const auto& option : metrics::option_aliases()) {
      std::string flag = "--" + option;
      std::replace(flag.begin(), flag.end(), '_', '-');
      app.add_option(flag, aliases_[option], alias_help(option));
    }
    app.add_option("--out", o_.out, "metrics.json to write")->required();
    app.add_flag("--force", o_.force, "overwrite an existing output file");
    add_threads_option(app, o_.threads);
    app.footer(
        "Example:\n  factorbench evaluate runs/bvae4-s0 --out runs/bvae4-s0/metrics.json\n"
        "  factorbench evaluate runs/fvae-cr-s3 --protocol cr --representation sampled --metrics "
        "factor_vae,mig "
        "--out m.json");
  }

  int run(Io& io) override {
    if (o_.protocol == "infogan-cr") o_.protocol = "cr";
    Json cfg = Json::object();
    if (!config_file_.empty()) {
      try {
        cfg = Json::parse(read_file(config_file_));
      } catch (const Json::parse_error& e) {
        throw ConfigError(config_file_ + ": invalid JSON (" + std::string(e.what()) + ")");
      }
    }
    for (const auto& [option, value] : aliases_)
      if (!value.empty()) metrics::apply_option_alias(cfg, option, value);
    for (const auto& s : sets_) apply_override(cfg, s);
    o_.metric_config = cfg;
    Json scores = engine::evaluate_run(o_);
    io.out << o_.out << ":";
    for (auto it = scores.begin(); it != scores.end(); ++it)
      if (it->is_number() && it.key().find("num_") == std::string::npos)
        io.out << " " << it.key() << "=" << format_number(it->get<double>());
    io.out << "\n";
    return 0;
  }

 private:
  engine::EvaluateOptions o_;
  std::string config_file_;
  std::vector<std::string> sets_;
  std::map<std::string, std::string> aliases_;  ///< option -> value given (empty: not given)
};

}  // namespace

FB_REGISTER(command_registry(),
            {"evaluate", "Score a trained run with the disentanglement metrics", Json::object(),
             [] { return std::make_unique<EvaluateCommand>(); }});

}  // namespace fb::cli
