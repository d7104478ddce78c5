#include "engine/model.h"

#include <cmath>

#include "core/config.h"
#include "core/error.h"
#include "core/sha256.h"

namespace fb::engine {

torch::Tensor generator_noise(const std::string& model, const torch::Tensor& codes,
                              const torch::Tensor& noise, std::int64_t num_codes,
                              std::int64_t noise_dim) {
  torch::Tensor z =
      noise.defined() ? noise : torch::zeros({codes.size(0), noise_dim}, codes.options());
  if (codes.dim() != 2 || codes.size(1) != num_codes || z.dim() != 2 || z.size(1) != noise_dim ||
      z.size(0) != codes.size(0))
    throw ConfigError("model '" + model + "': generate() needs codes [N," +
                      std::to_string(num_codes) + "] and noise [N," + std::to_string(noise_dim) +
                      "]");
  return z;
}

torch::Tensor Model::generate(const torch::Tensor&, const torch::Tensor&) {
  throw ConfigError("model '" + name() + "' has no generator");
}

std::vector<torch::Tensor> Model::probe(const torch::Tensor&, torch::Generator&) { return {}; }

void Model::save(torch::serialize::OutputArchive& archive, bool with_optimizers) const {
  for (const auto& [name, module] : modules_) {
    torch::serialize::OutputArchive sub(archive.compilation_unit());
    module->save(sub);
    archive.write("module/" + name, sub);
  }
  for (const auto& [name, optimizer] : optimizers_) {
    if (!with_optimizers) break;
    torch::serialize::OutputArchive sub(archive.compilation_unit());
    optimizer->save(sub);
    archive.write("optimizer/" + name, sub);
  }
  archive.write("extra_state", c10::IValue(extra_state().dump()));
}

void Model::load(torch::serialize::InputArchive& archive, bool with_optimizers) {
  for (const auto& [name, module] : modules_) {
    torch::serialize::InputArchive sub;
    archive.read("module/" + name, sub);
    module->load(sub);
  }
  for (const auto& [name, optimizer] : optimizers_) {
    if (!with_optimizers) break;
    torch::serialize::InputArchive sub;
    archive.read("optimizer/" + name, sub);
    optimizer->load(sub);
  }
  c10::IValue extra;
  archive.read("extra_state", extra);
  load_extra_state(Json::parse(extra.toStringRef()));
}

std::vector<std::pair<std::string, torch::Tensor>> Model::named_tensors() const {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& [name, module] : modules_) {
    for (const auto& item : module->named_parameters())
      out.emplace_back(name + "." + item.key(), item.value());
    for (const auto& item : module->named_buffers())
      out.emplace_back(name + "." + item.key(), item.value());
  }
  return out;
}

std::string Model::digest() const {
  Sha256 h;
  for (const auto& [name, tensor] : named_tensors()) {
    torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    std::string header = name + "|" + std::string(c10::toString(t.scalar_type())) + "|";
    for (auto d : t.sizes()) header += std::to_string(d) + ",";
    h.update(header);
    h.update(t.data_ptr(), t.numel() * t.element_size());
  }
  return h.hex();
}

Registry<ModelFactory>& model_registry() {
  static Registry<ModelFactory> reg("model");
  return reg;
}

FB_REGISTER_FAMILY("models", model_registry);

std::unique_ptr<Model> make_model(const std::string& name, const Json& config,
                                  const ModelContext& ctx, const std::string& where) {
  return model_registry().get(name).make(config, ctx, where);
}

}  // namespace fb::engine
