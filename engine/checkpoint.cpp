#include "engine/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "core/atomic_output.h"
#include "core/error.h"

namespace fb::engine {

namespace {

// After the rename, fsync the folder so the new directory entry itself survives a power cut.
void sync_parent(const std::string& path) {
  std::filesystem::path p(path);
  int fd = ::open(p.has_parent_path() ? p.parent_path().c_str() : ".", O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

void save_atomic(const std::string& path, torch::serialize::OutputArchive& archive) {
  AtomicOutput out(path, /*force=*/true);
  try {
    archive.save_to(out.partial());
  } catch (const c10::Error& e) {
    throw DataError(out.partial() + ": cannot write (" + std::string(e.what_without_backtrace()) +
                    ")");
  }
  out.commit();  // fsyncs the file before the rename
  sync_parent(path);
}

torch::serialize::InputArchive open_archive(const std::string& path, torch::Device device) {
  if (!std::filesystem::exists(path)) throw DataError(path + ": missing");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, device);
  } catch (const c10::Error& e) {
    throw DataError(path + ": not a readable factorbench archive (" +
                    std::string(e.what_without_backtrace()).substr(0, 200) + ")");
  }
  return archive;
}

}  // namespace

void write_checkpoint(const std::string& path, const Model& model, const TrainerState& state) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive(archive.compilation_unit());
  model.save(model_archive);
  archive.write("model", model_archive);
  Json trainer;
  trainer["step"] = state.step;
  trainer["data"] = state.data;
  archive.write("trainer", c10::IValue(trainer.dump()));
  archive.write("noise", state.noise);
  save_atomic(path, archive);
}

TrainerState read_checkpoint(const std::string& path, Model& model) {
  auto archive = open_archive(path, model.device());
  TrainerState state;
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    model.load(model_archive);
    c10::IValue trainer;
    archive.read("trainer", trainer);
    Json j = Json::parse(trainer.toStringRef());
    state.step = j.at("step").get<std::int64_t>();
    state.data = j.at("data");
    archive.read("noise", state.noise);
  } catch (const c10::Error& e) {
    throw DataError(path + ": does not match this model (" +
                    std::string(e.what_without_backtrace()).substr(0, 200) + ")");
  } catch (const Json::exception& e) {
    throw DataError(path + ": malformed trainer state (" + std::string(e.what()) + ")");
  }
  state.noise = state.noise.to(torch::kCPU);
  return state;
}

void write_model(const std::string& path, const Model& model) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive(archive.compilation_unit());
  model.save(model_archive, /*with_optimizers=*/false);
  archive.write("model", model_archive);
  save_atomic(path, archive);
}

ModelContext run_model_context(const Json& run_config, torch::Device device) {
  ModelContext ctx;
  try {
    const Json& image = run_config.at("image");
    ctx.channels = image.at("channels").get<int>();
    ctx.height = image.at("height").get<int>();
    ctx.width = image.at("width").get<int>();
    ctx.seed = run_config.at("seed").get<std::uint64_t>();
    ctx.total_steps = run_config.value("steps", std::int64_t{0});
    // Runs written before factor sizes were recorded leave them unknown (no model needed them).
    if (run_config.contains("factor_sizes"))
      ctx.factor_sizes = run_config.at("factor_sizes").get<std::vector<std::int64_t>>();
  } catch (const Json::exception& e) {
    throw DataError("config.json: missing run field (" + std::string(e.what()) + ")");
  }
  ctx.device = device;
  return ctx;
}

std::unique_ptr<Model> load_run_model(const RunDir& run, torch::Device device,
                                      const std::string& file) {
  Json config = run.read_config();
  const std::string path = file.empty() ? run.model_path() : run.path() + "/" + file;
  if (file.empty() && !std::filesystem::exists(path))
    throw DataError(run.path() +
                    ": the run has not finished (no model.pt); resume it with the same train "
                    "command");
  auto model = make_model(config.at("model").get<std::string>(), config.at("model_config"),
                          run_model_context(config, device), run.config_path() + ": model_config");
  auto archive = open_archive(path, device);
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    // Final models and snapshots hold no optimiser state; a checkpoint's is not needed here.
    model->load(model_archive, /*with_optimizers=*/false);
  } catch (const c10::Error& e) {
    throw DataError(path + ": does not match the run's model (" +
                    std::string(e.what_without_backtrace()).substr(0, 200) + ")");
  }
  return model;
}

}  // namespace fb::engine
