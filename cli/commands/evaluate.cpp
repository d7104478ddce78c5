// factorbench evaluate RUN_DIR --out metrics.json: score a trained model with the metrics registry.
#include "engine/evaluate.h"
#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/config.h"

namespace fb::cli {
namespace {

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
        "factor classifier directory (train-classifier): adds fd_fb, ent, and mig_gen/l2_gen "
        "for models with factor codes");
    app.add_option("--nmi-samples", o_.nmi_samples,
                   "real images for nmi_q / prior_rmse (categorical codes)")
        ->capture_default_str();
    app.add_option("--ent-samples", o_.ent_samples,
                   "generated images per code value for nmi and ent")
        ->capture_default_str();
    app.add_option("--nmi-average", o_.nmi_average,
                   "NMI normalisation: geometric (scikit-learn <= 0.21, the released evaluation) "
                   "or arithmetic")
        ->check(CLI::IsMember({"geometric", "arithmetic"}))
        ->capture_default_str();
    app.add_option("--fd-samples", o_.fd_samples, "real and generated images for fd_fb")
        ->capture_default_str();
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
};

}  // namespace

FB_REGISTER(command_registry(),
            {"evaluate", "Score a trained run with the disentanglement metrics", Json::object(),
             [] { return std::make_unique<EvaluateCommand>(); }});

}  // namespace fb::cli
