// factorbench evaluate-codes --codes C.h5 --out M.json: scores a representation computed by any
// framework.
#include "metrics/evaluate_codes.h"

#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/threads.h"
#include "metrics/metric.h"

namespace fb::cli {
namespace {

class EvaluateCodesCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--codes", codes_,
                   "HDF5 file with /train/codes f32 [N,D], /train/factors i64 [N,K] and optional "
                   "/test/codes, /test/factors (else train is reused)")
        ->required();
    app.add_option("--out", out_, "metrics JSON to write")->required();
    app.add_option("--sklearn-era", era_,
                   "LogisticRegression defaults: paper (<= 0.21) or current (>= 0.22)")
        ->check(CLI::IsMember({"paper", "current"}))
        ->capture_default_str();
    app.add_option("--seed", seed_, "seed of the gradient-boosted trees' tie-breaking (DCI)")
        ->capture_default_str();
    app.add_option("--cr-dci", cr_dci_,
                   "also the CR DCI regressions on the train split: comma list of lasso, lasso_cv, "
                   "rf, rf_ibgan, rf_cv (rf/rf_ibgan need 5 factors)")
        ->delimiter(',');
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Runs every metric that needs codes only (`factorbench list metrics`): "
        "dci_disentanglement,\n"
        "dci_completeness, dci_informativeness_train/test, explicitness_train/test, mig, "
        "modularity\n"
        "and sap (disentanglement_lib semantics, discrete factors).\n\n"
        "Example:\n  factorbench evaluate-codes --codes my_codes.h5 --out metrics.json "
        "--sklearn-era current");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    AtomicOutput guard(out_, force_);
    const auto set = metrics::read_codes_file(codes_);
    const Json scores = metrics::evaluate_codes(set, {metrics::parse_era(era_), seed_, cr_dci_});
    write_file(guard.partial(), scores.dump(2) + "\n");
    guard.commit();
    io.out << "wrote " << out_ << " (" << set.train_codes.rows() << " train rows, "
           << set.train_codes.cols() << " codes, " << set.train_factors.cols()
           << " factors, sklearn era " << era_ << ")\n";
    return 0;
  }

 private:
  std::string codes_, out_, era_ = "paper";
  std::uint64_t seed_ = 0;
  std::vector<std::string> cr_dci_;
  bool force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"evaluate-codes",
             "Score codes from any framework (MIG, SAP, modularity, explicitness, DCI)",
             Json::object(), [] { return std::make_unique<EvaluateCodesCommand>(); }});

}  // namespace fb::cli
