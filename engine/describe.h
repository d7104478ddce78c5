// `factorbench describe MODEL`: a model's networks layer by layer (module and settings, output
// shape, parameters), the totals, and its optimisers with their parameter groups, so an
// architecture can be checked against a paper without reading code.
//
// How the output shapes are found: the model runs every network once on a small probe batch
// (Model::probe) with gradients on. A layer's output shape is that of the last operation in the
// autograd graph that reads its parameters; parameterless layers inside a Sequential get theirs by
// running the Sequential's children one by one from its first layer's input shape. A parameterless
// layer elsewhere has no shape ("-"). Torch-free interface.
#pragma once

#include <cstdint>
#include <string>

#include "core/json.h"

namespace fb::engine {

struct DescribeOptions {
  std::string model;                     ///< registry name
  Json config = Json::object();          ///< the user's model keys (defaults fill the rest)
  std::string dataset = "dsprites";      ///< image geometry and factor sizes come from it
  Json dataset_config = Json::object();  ///< empty: a 2-image in-memory sample where possible
  std::int64_t batch = 2;                ///< probe batch: the leading size of every shape (>= 2)
};

/// The description as JSON: {"model", "config" (resolved), "input": [C,H,W], "probe_batch",
/// "networks": [{"name", "parameters", "buffers", "layers": [{"path", "depth", "module", "leaf",
/// "parameters" (the module's and its children's), "tensors" (its own: name → shape), "output"
/// ([sizes] or null)}]}], "parameters", "trainable_parameters", "optimizers": [{"name",
/// "type", "groups": [{"modules": [paths], "parameters", "lr", "betas", "eps", "weight_decay"}]}]}.
/// Throws UnknownName for an unknown model (nearest names listed), ConfigError for a bad config.
Json describe_model(const DescribeOptions& options);

/// The text form of describe_model()'s JSON: one indented table per network, the totals and the
/// optimisers.
std::string format_description(const Json& description);

}  // namespace fb::engine
