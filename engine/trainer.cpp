#include "engine/trainer.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>

#include "core/atomic_output.h"
#include "core/error.h"
#include "core/progress.h"
#include "core/provenance.h"
#include "core/rng.h"
#include "core/threads.h"
#include "datagen/file_info.h"
#include "engine/capabilities.h"
#include "engine/checkpoint.h"
#include "engine/data_stream.h"
#include "engine/labelled_set.h"
#include "engine/memory.h"
#include "engine/model.h"
#include "engine/run_dir.h"
#include "engine/runtime.h"

namespace fb::engine {

namespace {

constexpr int kCheckpointsKept = 2;
// Run fields that may change between invocations of the same run (the rest must match to resume).
constexpr const char* kMutableFields[] = {"steps", "checkpoint_every", "log_every"};

void validate(const TrainOptions& o) {
  auto positive = [](std::int64_t v, const char* flag) {
    if (v <= 0)
      throw ConfigError(std::string(flag) + ": must be > 0 (got " + std::to_string(v) + ")");
  };
  if (o.epochs == 0) positive(o.steps, "--steps");  // with --epochs, steps come from the dataset
  positive(o.batch, "--batch");
  positive(o.checkpoint_every, "--checkpoint-every");
  positive(o.log_every, "--log-every");
  if (o.out.empty()) throw ConfigError("--out: a run directory is required");
  if (!o.model_config.is_object() && !o.model_config.is_null())
    throw ConfigError("model config: expected a JSON object (got " + o.model_config.dump() + ")");
}

Json run_config(const TrainOptions& o, const Model& model, const data::Dataset& dataset) {
  Json c;
  c["model"] = o.model;
  c["model_config"] = model.config();
  c["dataset"] = o.dataset;
  c["dataset_config"] = o.dataset_config.is_null() ? Json::object() : o.dataset_config;
  c["dataset_size"] = dataset.size();
  c["image"] = {
      {"channels", dataset.channels()}, {"height", dataset.height()}, {"width", dataset.width()}};
  c["factor_sizes"] = dataset.factor_sizes();
  c["batch"] = o.batch;
  c["seed"] = o.seed;
  c["sampling"] = o.sampling;
  c["device"] = o.device;
  c["steps"] = o.steps;
  if (o.epochs > 0) c["epochs"] = o.epochs;
  c["checkpoint_every"] = o.checkpoint_every;
  c["log_every"] = o.log_every;
  return c;
}

// The first path ("model_config.beta") at which two JSON values differ, or "" when equal.
std::string first_difference(const Json& a, const Json& b, const std::string& path) {
  if (a.is_object() && b.is_object()) {
    for (auto it = b.begin(); it != b.end(); ++it) {
      std::string sub = path.empty() ? it.key() : path + "." + it.key();
      if (!a.contains(it.key())) return sub;
      std::string d = first_difference(a[it.key()], it.value(), sub);
      if (!d.empty()) return d;
    }
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key())) return path.empty() ? it.key() : path + "." + it.key();
    return "";
  }
  return a == b ? "" : path;
}

void check_same_run(const RunDir& run, const Json& saved, const Json& now) {
  Json a = saved, b = now;
  for (const char* key : kMutableFields) {
    a.erase(key);
    b.erase(key);
  }
  std::string diff = first_difference(a, b, "");
  if (diff.empty()) return;
  auto at = [&](const Json& j) {
    const Json* node = &j;
    std::size_t start = 0;
    for (std::size_t dot; (dot = diff.find('.', start)) != std::string::npos; start = dot + 1) {
      std::string part = diff.substr(start, dot - start);
      if (!node->contains(part)) return std::string("(absent)");
      node = &(*node)[part];
    }
    std::string last = diff.substr(start);
    return node->contains(last) ? (*node)[last].dump() : std::string("(absent)");
  };
  throw ConfigError(run.path() + ": holds a different run (" + diff + " = " + at(a) +
                    ", this command has " + at(b) +
                    "); resume with the original options or choose another --out");
}

void write_provenance(const RunDir& run, const TrainOptions& o, std::int64_t resumed_from) {
  Json now = provenance();
  if (!o.dataset.empty()) now["dataset"] = data::dataset_provenance(o.dataset, o.dataset_config);
  now["seed"] = o.seed;
  now["device"] = o.device;
  if (resumed_from == 0 || !std::filesystem::exists(run.provenance_path())) {
    write_file_atomic(run.provenance_path(), now.dump(2) + "\n");
    return;
  }
  Json p = Json::parse(read_file(run.provenance_path()), nullptr, false);
  if (p.is_discarded()) p = now;
  p["resumed"].push_back({{"from_step", resumed_from},
                          {"git_commit", now["git_commit"]},
                          {"libtorch", now["libtorch"]},
                          {"created_utc", now["created_utc"]}});
  write_file_atomic(run.provenance_path(), p.dump(2) + "\n");
}

// FP32 throughout (the reference ran without TF32; a library user may have turned it on), then on
// CUDA deterministic kernels and a fixed cuBLAS workspace (must be set before CUDA initialises).
void prepare_device(torch::Device device) {
  disable_tf32();
  if (!device.is_cuda()) return;
  setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", /*overwrite=*/0);
  at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
  at::globalContext().setBenchmarkCuDNN(false);
}

// Running means of the loss terms over one log interval.
class LogInterval {
 public:
  void add(const std::vector<std::string>& names, const std::vector<double>& values) {
    if (names_.empty()) {
      names_ = names;
      sums_.assign(values.size(), 0.0);
    }
    for (std::size_t i = 0; i < values.size() && i < sums_.size(); ++i) sums_[i] += values[i];
    ++count_;
  }
  Json line(std::int64_t step, std::int64_t batch) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    Json j;
    j["step"] = step;
    for (std::size_t i = 0; i < names_.size(); ++i)
      j[names_[i]] = sums_[i] / std::max<std::int64_t>(1, count_);
    j["images_per_s"] = seconds > 0 ? static_cast<double>(count_ * batch) / seconds : 0.0;
    sums_.assign(sums_.size(), 0.0);
    count_ = 0;
    start_ = std::chrono::steady_clock::now();
    return j;
  }

 private:
  std::vector<std::string> names_;
  std::vector<double> sums_;
  std::int64_t count_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

[[noreturn]] void diverged(const RunDir& run, const std::string& term, double value,
                           std::int64_t step) {
  auto checkpoints = run.checkpoints();
  std::string last = checkpoints.empty()
                         ? "no checkpoint was written yet"
                         : "the last good checkpoint is " + checkpoints.back().second + " (step " +
                               std::to_string(checkpoints.back().first) + ")";
  throw NumericalError(run.path() + ": training diverged at step " + std::to_string(step) +
                       ": loss term '" + term + "' is " + (std::isnan(value) ? "NaN" : "Inf") +
                       "; " + last + " (lower the learning rate or change the seed)");
}

}  // namespace

TrainResult train(const TrainOptions& options) {
  validate(options);
  auto dataset = data::open_dataset(options.dataset, options.dataset_config);
  return train(options, *dataset);
}

namespace {

// Per factor, the fraction of held images in each class.
std::map<std::string, std::vector<double>> class_frequencies(const data::Dataset& dataset) {
  std::map<std::string, std::vector<double>> out;
  const int k = dataset.num_factors();
  for (int f = 0; f < k; ++f) {
    std::vector<double> freq(static_cast<std::size_t>(dataset.factors()[f].size()), 0.0);
    for (std::int64_t i = 0; i < dataset.size(); ++i)
      freq[static_cast<std::size_t>(dataset.classes()[i * k + f])] +=
          1.0 / static_cast<double>(dataset.size());
    out[dataset.factors()[f].name] = freq;
  }
  return out;
}

// The options with `epochs` turned into steps for this dataset.
TrainOptions resolve_epochs(const TrainOptions& options, const data::Dataset& dataset) {
  TrainOptions o = options;
  if (o.epochs == 0) return o;
  if (o.epochs < 0 || o.steps > 0)
    throw ConfigError("--epochs: must be > 0 and given instead of --steps (got " +
                      std::to_string(o.epochs) + " epochs, " + std::to_string(o.steps) + " steps)");
  if (o.batch > 0) o.steps = o.epochs * (dataset.size() / o.batch);
  if (o.steps <= 0)
    throw ConfigError("--epochs: the dataset's " + std::to_string(dataset.size()) +
                      " images do not fill one batch of " + std::to_string(o.batch));
  return o;
}

// One call of train(), in its phases: set-up (options, device, model, run directory and its
// config), resume (the newest readable checkpoint, the labelled subset, log and provenance), the
// loop (step, log, snapshots, checkpoints; a stop request ends it early) and the final write.
// Each phase consumes the seeded random streams in the order a single uninterrupted function did,
// so runs are the same bytes as before the split.
class Training {
 public:
  // Set-up: everything up to a fresh model and data stream in a run directory holding this run's
  // config (a different run's directory is refused).
  Training(const TrainOptions& options, const data::Dataset& dataset)
      : o_(validated(options)),
        dataset_(dataset),
        device_(parse_device(o_.device)),
        sampling_(parse_sampling(o_.sampling, "--sampling")),
        run_(o_.out) {
    prepare_device(device_);
    ctx_ = ModelContext{
        dataset.channels(), dataset.height(),       dataset.width(),           device_, o_.seed,
        o_.steps,           dataset.factor_sizes(), class_frequencies(dataset)};
    model_ = make_model(o_.model, o_.model_config, ctx_, o_.model);
    const Json config = run_config(o_, *model_, dataset);
    if (run_.has_config()) check_same_run(run_, run_.read_config(), config);
    run_.create();
    write_file_atomic(run_.config_path(), config.dump(2) + "\n");
    fresh_stream_and_noise();
  }

  // Resume: restores the newest readable checkpoint (an unreadable one, a damaged disk, falls back
  // to the older) and returns its step, 0 for a fresh run.
  std::int64_t resume() {
    auto checkpoints = run_.checkpoints();
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
      try {
        TrainerState state = read_checkpoint(it->second, *model_);
        stream_->set_state(state.data);
        step_ctx_.noise.set_state(state.noise);
        start_ = state.step;
        break;
      } catch (const DataError& e) {
        std::cerr << "factorbench train: skipping checkpoint: " << e.what() << "\n";
        model_ = make_model(o_.model, o_.model_config, ctx_, o_.model);
        fresh_stream_and_noise();
      }
    }
    // Semi-supervised models see the labels of a fixed, seeded subset J only (docs/protocols.md
    // §2.6); handed over after the checkpoints, whose fallback may have rebuilt the model.
    if (auto* semi = capability<SemiSupervised>(*model_))
      semi->use_labelled(std::make_shared<const LabelledSet>(
          make_labelled_set(dataset_, semi->labelled_fraction(),
                            Rng::derive(o_.seed, "labelled").next_u64(), device_)));
    run_.truncate_log(start_);
    write_provenance(run_, o_, start_);
    // model.pt exists only for a finished run: continuing to more steps first removes the older
    // final model.
    if (start_ < o_.steps) std::filesystem::remove(run_.model_path());
    return start_;
  }

  // The loop: steps start..steps; returns false when a stop request ended it early (its last
  // step checkpointed, result.stopped set).
  bool loop(TrainResult& result) {
    const Snapshotting* snapshotting = capability<Snapshotting>(*model_);
    const std::vector<Snapshot> snapshots =
        snapshotting ? snapshotting->snapshots() : std::vector<Snapshot>();
    progress_.emplace("train " + o_.model, o_.steps, "steps", Progress::quiet_default());
    progress_->update(start_);
    interval_.emplace();  // its clock starts here: the first line's images/s times steps only
    t0_ = std::chrono::steady_clock::now();
    for (std::int64_t step = start_; step < o_.steps; ++step) {
      const std::int64_t done = step + 1;
      log_step(done, train_step(step));
      for (const auto& snapshot : snapshots)
        if (snapshot.after_steps == done) write_model(run_.snapshot_path(snapshot.name), *model_);
      // A stop request (Slurm's time-limit warning, a preemption) ends the run after this step
      // with a checkpoint of it, so the requeued job loses no step.
      const bool stopping = o_.stop != nullptr && o_.stop->load() && done < o_.steps;
      if (done % o_.checkpoint_every == 0 || done == o_.steps || stopping) checkpoint(done);
      progress_->update(done);
      if (stopping) {
        result.stopped = true;
        result.steps = done;
        return false;
      }
    }
    return true;
  }

  // The final write: model.pt (unless a finished run was only re-run), the checkpoints a finished
  // run keeps, and the result's digest and speed.
  void finish(TrainResult& result) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    if (start_ < o_.steps || !std::filesystem::exists(run_.model_path()))
      write_model(run_.model_path(), *model_);
    run_.prune_checkpoints(1);  // a finished run keeps only what extending it to more steps needs
    progress_->finish();
    result.steps = std::max(start_, o_.steps);
    result.digest = model_->digest();
    result.images_per_s =
        seconds > 0 ? static_cast<double>((o_.steps - start_) * o_.batch) / seconds : 0.0;
  }

 private:
  // The options checked, then the process made ready for them (threads, memory), before anything
  // reads them.
  static TrainOptions validated(const TrainOptions& o) {
    validate(o);
    configure_threads(o.threads);
    keep_freed_memory();
    return o;
  }

  // The data order and the noise generator of step 0, both from the run seed.
  void fresh_stream_and_noise() {
    stream_.emplace(dataset_, o_.batch, sampling_, o_.seed, device_);
    step_ctx_.noise = make_generator(torch::kCPU, Rng::derive(o_.seed, "noise").next_u64());
  }

  // One optimisation step (0-based `step`); returns its loss terms on the host.
  std::vector<double> train_step(std::int64_t step) {
    const std::vector<std::int64_t> indices = stream_->next_indices();
    torch::Tensor images = stream_->images(indices);
    step_ctx_.step = step;
    Losses losses = model_->train_step(images, step_ctx_);
    // One device-to-host transfer per step for all terms; the divergence check needs them anyway.
    names_.clear();
    scalars_.clear();
    for (auto& [name, value] : losses) {
      names_.push_back(name);
      scalars_.push_back(value.reshape({}));
    }
    torch::Tensor host = torch::stack(scalars_).to(torch::kCPU, torch::kFloat64);
    return {host.data_ptr<double>(), host.data_ptr<double>() + host.numel()};
  }

  // Stops on a non-finite term; adds the step to the log interval and writes its line when due.
  void log_step(std::int64_t done, const std::vector<double>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!std::isfinite(values[i])) diverged(run_, names_[i], values[i], done);
    interval_->add(names_, values);
    if (done % o_.log_every == 0 || done == o_.steps)
      run_.append_log(interval_->line(done, o_.batch));
  }

  void checkpoint(std::int64_t done) {
    write_checkpoint(run_.checkpoint_path(done), *model_,
                     TrainerState{done, stream_->state(), step_ctx_.noise.get_state()});
    run_.prune_checkpoints(kCheckpointsKept);
  }

  const TrainOptions o_;
  const data::Dataset& dataset_;
  const torch::Device device_;
  const Sampling sampling_;
  RunDir run_;
  ModelContext ctx_;
  std::unique_ptr<Model> model_;
  std::optional<DataStream> stream_;
  StepContext step_ctx_;
  std::int64_t start_ = 0;
  std::optional<Progress> progress_;
  std::optional<LogInterval> interval_;
  std::vector<std::string> names_;
  std::vector<torch::Tensor> scalars_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace

TrainResult train(const TrainOptions& options, const data::Dataset& dataset) {
  Training training(resolve_epochs(options, dataset), dataset);
  TrainResult result;
  result.resumed_from = training.resume();
  if (training.loop(result)) training.finish(result);
  return result;
}

std::string run_digest(const std::string& run_dir) {
  return load_run_model(RunDir(run_dir), torch::kCPU)->digest();
}

}  // namespace fb::engine
