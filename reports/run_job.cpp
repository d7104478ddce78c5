#include "reports/run_job.h"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <utility>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/image_io.h"
#include "core/stop.h"
#include "engine/classifier_training.h"
#include "engine/evaluate.h"
#include "engine/trainer.h"
#include "methods/select.h"
#include "methods/traversal.h"
#include "metrics/metric.h"

namespace fb::reports {

namespace {

int run(const TrainJob& j, const Job& job, const RunJobContext& ctx) {
  engine::TrainOptions o;
  o.model = j.model;
  o.model_config = j.model_config;
  o.dataset = j.dataset;
  o.dataset_config = j.dataset_config;
  o.steps = j.steps;
  o.epochs = j.epochs;
  o.batch = j.batch;
  o.seed = static_cast<std::uint64_t>(j.seed);
  o.device = job.device;
  o.threads = ctx.threads;
  o.sampling = j.sampling;
  o.checkpoint_every = j.checkpoint_every;
  o.out = j.out;
  // A Slurm time-limit warning or a preemption: checkpoint after the current step, exit kExitResumable.
  install_stop_handlers();
  o.stop = &stop_flag();
  const auto r = engine::train(o);
  if (r.stopped) {
    *ctx.out << job.id << ": stopped on a signal after step " << r.steps
             << " with a checkpoint; run the job again to continue\n";
    return kExitResumable;
  }
  std::ostringstream line;
  line << j.out << ": " << r.steps << " steps";
  if (r.resumed_from > 0) line << " (resumed at " << r.resumed_from << ")";
  if (r.images_per_s > 0)
    line << ", " << std::fixed << std::setprecision(0) << r.images_per_s << " images/s";
  *ctx.out << line.str() << ", digest " << r.digest << "\n";
  return 0;
}

int run(const ClassifierJob& j, const Job& job, const RunJobContext& ctx) {
  engine::TrainClassifierOptions o;
  o.dataset = j.dataset;
  o.dataset_config = j.dataset_config;
  o.config = j.config;
  o.seed = static_cast<std::uint64_t>(j.seed);
  o.device = job.device;
  o.threads = ctx.threads;
  o.out = j.out;
  const Json r = engine::train_classifier(o);
  *ctx.out << j.out << ": held-out accuracy";
  for (auto it = r["accuracy"].begin(); it != r["accuracy"].end(); ++it)
    *ctx.out << " " << it.key() << "=" << format_number(it->get<double>());
  *ctx.out << "\n";
  return 0;
}

int run(const EvaluateJob& j, const Job& job, const RunJobContext& ctx) {
  engine::EvaluateOptions o;
  o.run_dir = j.run_dir;
  o.snapshot = j.snapshot;
  o.metrics = j.metrics;
  o.protocol = j.protocol;
  o.representation = j.representation;
  o.metric_config = j.metric_config;
  o.seed = static_cast<std::uint64_t>(j.seed);
  o.classifier = j.classifier;
  // The preset's sample sizes are option aliases of the model-side metrics (fd_samples sets
  // fd_fb.samples, ...: metrics::apply_option_alias); 0 keeps the metric's default.
  const std::pair<const char*, std::int64_t> sizes[] = {
      {"nmi_samples", j.nmi_samples}, {"ent_samples", j.ent_samples}, {"fd_samples", j.fd_samples}};
  for (const auto& [option, value] : sizes)
    if (value > 0) metrics::apply_option_alias(o.metric_config, option, std::to_string(value));
  o.device = job.device;
  o.threads = ctx.threads;
  o.out = j.out;
  const Json scores = engine::evaluate_run(o);
  *ctx.out << j.out << ":";
  for (auto it = scores.begin(); it != scores.end(); ++it)
    if (it->is_number() && it.key().find("num_") == std::string::npos)
      *ctx.out << " " << it.key() << "=" << format_number(it->get<double>());
  *ctx.out << "\n";
  return 0;
}

int run(const SelectJob& j, const Job& job, const RunJobContext& ctx) {
  methods::SelectOptions o;
  o.pool = j.pool;
  o.method = j.method;
  o.config = j.config;
  o.seed = static_cast<std::uint64_t>(j.seed);
  o.device = job.device;
  o.threads = ctx.threads;
  o.out = j.out;
  *ctx.out << methods::selection_table(methods::select_models(o));
  return 0;
}

int run(const TraverseJob& j, const Job& job, const RunJobContext& ctx) {
  methods::TraversalOptions o;
  o.selection = j.selection;
  o.device = job.device;
  o.threads = ctx.threads;
  AtomicOutput out(j.out, /*force=*/false);
  write_file(out.partial(), encode_png(methods::traversal_grid(o)));
  out.commit();
  *ctx.out << "wrote " << j.out << "\n";
  return 0;
}

}  // namespace

int run_job(const Job& job, const RunJobContext& ctx) {
  return std::visit([&](const auto& task) { return run(task, job, ctx); }, job.task);
}

}  // namespace fb::reports
