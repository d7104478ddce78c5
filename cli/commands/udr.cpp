// factorbench udr --codes A.h5 B.h5 ... --out U.json: Unsupervised Disentanglement Ranking of a
// model pool.
#include "cli/command.h"
#include "core/atomic_output.h"
#include "core/threads.h"
#include "metrics/udr_files.h"

namespace fb::cli {
namespace {

class UdrCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--codes", codes_,
                   "one HDF5 file per model: /udr/mean f32 [N,D] on the same N observations, "
                   "/udr/kl f32 [D]")
        ->required()
        ->expected(2, -1);
    app.add_option("--method", method_, "pairwise similarity: lasso (UDR_L) or spearman (UDR_S)")
        ->check(CLI::IsMember({"lasso", "spearman"}))
        ->capture_default_str();
    app.add_option("--out", out_, "JSON to write: {\"model_scores\": [...], \"pairwise\": [[...]]}")
        ->required();
    app.add_option("--kl-threshold", kl_threshold_, "latents with KL above this are active")
        ->capture_default_str();
    app.add_flag("--no-kl-filter", no_filter_, "keep every latent (GANs, whose codes have no KL)");
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Example:\n  factorbench udr --codes seed0.h5 seed1.h5 seed2.h5 --method lasso --out "
        "udr.json");
  }

  int run(Io& io) override {
    configure_threads(threads_);
    AtomicOutput guard(out_, force_);
    const auto models = metrics::read_udr_files(codes_);
    metrics::UdrOptions options;
    options.filter_low_kl = !no_filter_;
    options.kl_threshold = kl_threshold_;
    const auto method =
        method_ == "lasso" ? metrics::UdrMethod::kLasso : metrics::UdrMethod::kSpearman;
    write_file(guard.partial(),
               metrics::udr_json(metrics::udr(models, method, options)).dump(2) + "\n");
    guard.commit();
    io.out << "wrote " << out_ << " (" << models.size() << " models, UDR " << method_ << ")\n";
    return 0;
  }

 private:
  std::vector<std::string> codes_;
  std::string method_ = "lasso", out_;
  double kl_threshold_ = 0.01;
  bool no_filter_ = false, force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"udr",
             "Unsupervised Disentanglement Ranking of models from their codes (UDR_L, UDR_S)",
             Json::object(), [] { return std::make_unique<UdrCommand>(); }});

}  // namespace fb::cli
