#include "reports/run_job.h"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <utility>

#include "core/atomic_output.h"
#include "core/config.h"
#include "core/image_io.h"
#include "core/stop.h"
#include "metrics/metric.h"

namespace fb::reports {

namespace {

// The library's options of `task`, with the job's device and the runner's threads.
template <class Task>
auto options(const Task& task, const Job& job, const RunJobContext& ctx) {
  auto o = task.o;
  o.device = job.device;
  o.threads = ctx.threads;
  return o;
}

int run(const TrainJob& j, const Job& job, const RunJobContext& ctx) {
  auto o = options(j, job, ctx);
  // A Slurm time-limit warning or a preemption: checkpoint after the current step, exit kExitResumable.
  install_stop_handlers();
  o.stop = &stop_flag();
  const auto r = engine::train(o);
  if (r.stopped) {
    *ctx.out << job.id << ": stopped on a signal after step " << r.steps
             << " with a checkpoint; run the job again to continue\n";
    return kExitResumable;
  }
  *ctx.out << train_summary(o, r) << "\n";
  return 0;
}

int run(const ClassifierJob& j, const Job& job, const RunJobContext& ctx) {
  const Json r = engine::train_classifier(options(j, job, ctx));
  *ctx.out << j.o.out << ": held-out accuracy";
  for (auto it = r["accuracy"].begin(); it != r["accuracy"].end(); ++it)
    *ctx.out << " " << it.key() << "=" << format_number(it->get<double>());
  *ctx.out << "\n";
  return 0;
}

int run(const EvaluateJob& j, const Job& job, const RunJobContext& ctx) {
  auto o = options(j, job, ctx);
  // The preset's sample sizes are option aliases of the model-side metrics (fd_samples sets
  // fd_fb.samples, ...: metrics::apply_option_alias); 0 keeps the metric's default.
  const std::pair<const char*, std::int64_t> sizes[] = {
      {"nmi_samples", j.nmi_samples}, {"ent_samples", j.ent_samples}, {"fd_samples", j.fd_samples}};
  for (const auto& [option, value] : sizes)
    if (value > 0) metrics::apply_option_alias(o.metric_config, option, std::to_string(value));
  const Json scores = engine::evaluate_run(o);
  *ctx.out << j.o.out << ":";
  for (auto it = scores.begin(); it != scores.end(); ++it)
    if (it->is_number() && it.key().find("num_") == std::string::npos)
      *ctx.out << " " << it.key() << "=" << format_number(it->get<double>());
  *ctx.out << "\n";
  return 0;
}

int run(const SelectJob& j, const Job& job, const RunJobContext& ctx) {
  *ctx.out << methods::selection_table(methods::select_models(options(j, job, ctx)));
  return 0;
}

int run(const TraverseJob& j, const Job& job, const RunJobContext& ctx) {
  AtomicOutput out(j.out, /*force=*/false);
  write_file(out.partial(), encode_png(methods::traversal_grid(options(j, job, ctx))));
  out.commit();
  *ctx.out << "wrote " << j.out << "\n";
  return 0;
}

}  // namespace

std::string train_summary(const engine::TrainOptions& o, const engine::TrainResult& r) {
  std::ostringstream line;
  line << o.out << ": " << r.steps << " steps";
  if (r.resumed_from > 0) line << " (resumed at " << r.resumed_from << ")";
  if (r.images_per_s > 0)
    line << ", " << std::fixed << std::setprecision(0) << r.images_per_s << " images/s";
  line << ", digest " << r.digest;
  return line.str();
}

int run_job(const Job& job, const RunJobContext& ctx) {
  return std::visit([&](const auto& task) { return run(task, job, ctx); }, job.task);
}

}  // namespace fb::reports
