#include "engine/describe.h"

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/config.h"
#include "core/error.h"
#include "datagen/dataset.h"
#include "engine/model.h"
#include "engine/runtime.h"

namespace fb::engine {

namespace {

using torch::autograd::Node;
using Shape = std::vector<std::int64_t>;

// Where a layer's output shape comes from: the last operation (by autograd sequence number) that
// reads its parameters, and that operation's first input that does not come from parameters.
struct Reading {
  std::uint64_t sequence = 0;
  Shape output;
  Shape input;
};

Shape shape_of(const torch::autograd::InputMetadata& m) {
  const auto sizes = m.zeros_like().sizes();
  return Shape(sizes.begin(), sizes.end());
}

// Walks the autograd graph of one probe and records, per module path, the Reading of its
// parameters. A node is "parameter-only" when everything below it is parameters (weight
// transforms: transposes, spectral normalisation, equalised-learning-rate scaling); the first node
// above such a subgraph that also reads data is the layer's operation.
class GraphReader {
 public:
  explicit GraphReader(const std::unordered_map<const void*, std::string>& owner) : owner_(owner) {}

  void read(const torch::Tensor& output) {
    if (output.grad_fn()) visit(output.grad_fn().get());
  }
  const std::map<std::string, Reading>& readings() const { return readings_; }

 private:
  void visit(Node* node) {
    if (!seen_.insert(node).second) return;
    if (!param_only(node)) {
      std::set<std::string> modules;
      Shape input;
      for (const auto& e : node->next_edges()) {
        if (!e.is_valid()) continue;
        if (param_only(e.function.get()))
          collect(e.function.get(), modules);
        else if (input.empty())
          input = shape_of(e.function->input_metadata(e.input_nr));
      }
      if (!modules.empty() && node->num_inputs() > 0) {
        const Shape out = shape_of(node->input_metadata(0));
        for (const auto& m : modules) {
          Reading& r = readings_[m];
          if (r.output.empty() || node->sequence_nr() >= r.sequence)
            r = {node->sequence_nr(), out, input};
        }
      }
    }
    for (const auto& e : node->next_edges())
      if (e.is_valid()) visit(e.function.get());
  }

  const std::string* parameter_owner(Node* node) const {
    auto* acc = dynamic_cast<torch::autograd::AccumulateGrad*>(node);
    if (acc == nullptr) return nullptr;
    auto it = owner_.find(acc->variable.unsafeGetTensorImpl());
    return it == owner_.end() ? nullptr : &it->second;
  }

  bool param_only(Node* node) {
    auto it = param_only_.find(node);
    if (it != param_only_.end()) return it->second;
    bool result;
    if (dynamic_cast<torch::autograd::AccumulateGrad*>(node) != nullptr) {
      result = parameter_owner(node) != nullptr;  // the probe's inputs are leaves too: data
    } else {
      bool any = false;
      result = true;
      for (const auto& e : node->next_edges()) {
        if (!e.is_valid()) continue;
        any = true;
        if (!param_only(e.function.get())) {
          result = false;
          break;
        }
      }
      result = result && any;
    }
    param_only_[node] = result;
    return result;
  }

  void collect(Node* node, std::set<std::string>& modules) {
    if (const std::string* m = parameter_owner(node)) {
      modules.insert(*m);
      return;
    }
    for (const auto& e : node->next_edges())
      if (e.is_valid()) collect(e.function.get(), modules);
  }

  const std::unordered_map<const void*, std::string>& owner_;
  std::set<Node*> seen_;
  std::unordered_map<Node*, bool> param_only_;
  std::map<std::string, Reading> readings_;
};

std::string join(const std::string& prefix, const std::string& name) {
  return name.empty() ? prefix : prefix + "." + name;
}

std::string parent_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

// "torch::nn::Conv2d(1, 32, kernel_size=[4, 4], ...)" → "Conv2d(1, 32, ...)";
// "fb::baselines::SnConv2dImpl" → "SnConv2d".
std::string module_text(const torch::nn::Module& m) {
  std::ostringstream os;
  m.pretty_print(os);
  std::string s = os.str();
  for (std::size_t p; (p = s.find("torch::nn::")) != std::string::npos;) s.erase(p, 11);
  if (s.rfind("fb::", 0) == 0) {
    const auto open = s.find('(');
    std::string head = s.substr(0, open);
    head = head.substr(head.rfind("::") + 2);
    if (head.size() > 4 && head.compare(head.size() - 4, 4, "Impl") == 0)
      head.resize(head.size() - 4);
    s = head + (open == std::string::npos ? "" : s.substr(open));
  }
  return s;
}

std::int64_t count(const std::vector<torch::Tensor>& tensors) {
  std::int64_t n = 0;
  for (const auto& t : tensors) n += t.numel();
  return n;
}

Json shape_json(const Shape& s) { return s.empty() ? Json() : Json(s); }

// The image geometry and factor sizes a trainer would give the model.
std::unique_ptr<data::Dataset> open_for_geometry(const DescribeOptions& o) {
  Json config = o.dataset_config;
  if (config.empty() && data::dataset_registry().contains(o.dataset) &&
      data::dataset_registry().get(o.dataset).defaults.contains("count"))
    config = Json{{"count", 2}};
  return data::open_dataset(o.dataset, config);
}

// Runs each Sequential's children one by one from the input shape of its first layer; fills the
// shapes the autograd graph cannot give (parameterless layers).
void replay_sequentials(const std::string& net, torch::nn::Module& root,
                        const std::map<std::string, Reading>& readings,
                        std::map<std::string, Shape>& replayed) {
  torch::NoGradGuard no_grad;
  for (const auto& item : root.named_modules("", true)) {
    auto seq = std::dynamic_pointer_cast<torch::nn::SequentialImpl>(item.value());
    if (!seq || seq->size() == 0) continue;
    const std::string path = join(net, item.key());
    auto first = readings.find(path + ".0");
    if (first == readings.end() || first->second.input.empty()) continue;
    torch::Tensor x = torch::zeros(first->second.input);
    try {
      std::size_t i = 0;
      for (auto& child : *seq) {
        x = child.forward(x);
        replayed[path + "." + std::to_string(i++)] = Shape(x.sizes().begin(), x.sizes().end());
      }
      replayed[path] = Shape(x.sizes().begin(), x.sizes().end());
    } catch (const std::exception&) {
      // A child with other inputs than one tensor: the shapes already found stay.
    }
  }
}

Json optimizer_json(
    const std::string& name, torch::optim::Optimizer& opt,
    const std::vector<std::pair<std::string, std::vector<std::pair<std::string, torch::Tensor>>>>&
        module_params,
    const std::unordered_map<const void*, std::string>& param_name) {
  Json groups = Json::array();
  for (auto& group : opt.param_groups()) {
    std::set<std::string> held;
    std::int64_t n = 0;
    for (const auto& p : group.params()) {
      n += p.numel();
      auto it = param_name.find(p.unsafeGetTensorImpl());
      held.insert(it == param_name.end() ? "(unregistered)" : it->second);
    }
    // The largest modules whose parameters all sit in this group, in module order.
    Json modules = Json::array();
    std::set<std::string> covered;
    for (const auto& [path, params] : module_params) {
      if (params.empty()) continue;
      bool all = true, fresh = true;
      for (const auto& [pname, t] : params) {
        all = all && held.count(pname) > 0;
        fresh = fresh && covered.count(pname) == 0;
      }
      if (!all || !fresh) continue;
      modules.push_back(path);
      for (const auto& [pname, t] : params) covered.insert(pname);
    }
    for (const auto& h : held)
      if (!covered.count(h)) modules.push_back(h);
    Json g{{"modules", modules}, {"parameters", n}};
    if (auto* adam = dynamic_cast<torch::optim::AdamOptions*>(&group.options())) {
      g["lr"] = adam->lr();
      g["betas"] = {std::get<0>(adam->betas()), std::get<1>(adam->betas())};
      g["eps"] = adam->eps();
      g["weight_decay"] = adam->weight_decay();
    } else {
      g["lr"] = group.options().get_lr();
    }
    groups.push_back(g);
  }
  const std::string type =
      dynamic_cast<torch::optim::Adam*>(&opt) != nullptr ? "Adam" : "Optimizer";
  return Json{{"name", name}, {"type", type}, {"groups", groups}};
}

}  // namespace

Json describe_model(const DescribeOptions& o) {
  require(o.batch >= 2, "batch", "must be >= 2 (batch norm in training mode)",
          std::to_string(o.batch));
  model_registry().get(o.model);  // an unknown name fails first, with the nearest names
  const auto dataset = open_for_geometry(o);
  ModelContext ctx;
  ctx.channels = dataset->channels();
  ctx.height = dataset->height();
  ctx.width = dataset->width();
  ctx.factor_sizes = dataset->factor_sizes();
  auto model = make_model(o.model, o.config, ctx, "--set");

  // Every parameter's module path and full name ("<network>.<path>").
  std::unordered_map<const void*, std::string> owner, param_name;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, torch::Tensor>>>>
      module_params;
  for (const auto& [net, module] : model->modules())
    for (const auto& item : module->named_modules("", true)) {
      const std::string path = join(net, item.key());
      std::vector<std::pair<std::string, torch::Tensor>> params;
      for (const auto& p : item.value()->named_parameters(true))
        params.emplace_back(join(path, p.key()), p.value());
      module_params.emplace_back(path, params);
      for (const auto& p : item.value()->named_parameters(false)) {
        owner[p.value().unsafeGetTensorImpl()] = path;
        param_name[p.value().unsafeGetTensorImpl()] = join(path, p.key());
      }
    }

  GraphReader reader(owner);
  {
    torch::AutoGradMode grad(true);
    torch::Generator gen = make_generator(torch::kCPU, 0);
    torch::Tensor images =
        torch::rand({o.batch, ctx.channels, ctx.height, ctx.width}, gen).requires_grad_(true);
    for (const auto& out : model->probe(images, gen)) reader.read(out);
  }

  Json networks = Json::array();
  std::int64_t total = 0, trainable = 0;
  for (const auto& [net, module] : model->modules()) {
    std::map<std::string, Shape> replayed;
    replay_sequentials(net, *module, reader.readings(), replayed);
    Json layers = Json::array();
    for (const auto& item : module->named_modules("", true)) {
      const std::string path = join(net, item.key());
      const auto& m = *item.value();
      // A container's own parameters (StyleGAN's constant input, a noise scale) are read inside it,
      // so only leaves take their shape from the graph; containers from a Sequential replay.
      const bool leaf = m.children().empty();
      Shape out;
      if (auto r = reader.readings().find(path); leaf && r != reader.readings().end())
        out = r->second.output;
      if (auto r = replayed.find(path); r != replayed.end()) out = r->second;
      Json own = Json::object();
      for (const auto& p : m.named_parameters(false))
        own[p.key()] = Shape(p.value().sizes().begin(), p.value().sizes().end());
      const auto depth =
          item.key().empty() ? 0 : std::count(item.key().begin(), item.key().end(), '.') + 1;
      layers.push_back(Json{{"path", path},
                            {"depth", depth},
                            {"module", module_text(m)},
                            {"leaf", leaf},
                            {"parameters", count(m.parameters(true))},
                            {"tensors", own},
                            {"output", shape_json(out)}});
    }
    const auto params = module->parameters(true);
    std::int64_t n_trainable = 0;
    for (const auto& p : params) n_trainable += p.requires_grad() ? p.numel() : 0;
    total += count(params);
    trainable += n_trainable;
    networks.push_back(Json{{"name", net},
                            {"parameters", count(params)},
                            {"buffers", count(module->buffers(true))},
                            {"layers", layers}});
  }
  Json optimizers = Json::array();
  for (const auto& [name, opt] : model->optimizers())
    optimizers.push_back(optimizer_json(name, *opt, module_params, param_name));

  return Json{{"model", o.model},
              {"config", model->config()},
              {"input", {ctx.channels, ctx.height, ctx.width}},
              {"probe_batch", o.batch},
              {"networks", networks},
              {"parameters", total},
              {"trainable_parameters", trainable},
              {"optimizers", optimizers}};
}

namespace {

std::string thousands(std::int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string shape_text(const Json& s) {
  if (s.is_null()) return "-";
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i)
    t += (i ? ", " : "") + std::to_string(s[i].get<std::int64_t>());
  return t + "]";
}

}  // namespace

std::string format_description(const Json& d) {
  std::ostringstream os;
  const Json& in = d.at("input");
  os << "model " << d.at("model").get<std::string>() << ": input " << in[0] << "x" << in[1] << "x"
     << in[2] << " (C x H x W), shapes at batch " << d.at("probe_batch") << "\n";
  os << "config " << d.at("config").dump() << "\n";
  for (const auto& net : d.at("networks")) {
    os << "\nnetwork " << net.at("name").get<std::string>() << ": "
       << thousands(net.at("parameters")) << " parameters";
    if (net.at("buffers").get<std::int64_t>() > 0)
      os << " (+ " << thousands(net.at("buffers")) << " in buffers)";
    os << "\n";
    // One row per module: its name indented by depth, the module and its settings, then the output
    // shape, the parameter count (with its children) and its own weights.
    std::vector<std::string> labels, shapes;
    std::size_t label_width = 5, shape_width = 6;
    for (const auto& l : net.at("layers")) {
      const auto depth = l.at("depth").get<std::int64_t>();
      const std::string path = l.at("path").get<std::string>();
      const std::string leaf = depth == 0 ? path : path.substr(path.rfind('.') + 1);
      labels.push_back(std::string(static_cast<std::size_t>(2 * depth), ' ') + leaf + "  " +
                       l.at("module").get<std::string>());
      shapes.push_back(shape_text(l.at("output")));
      label_width = std::max(label_width, labels.back().size());
      shape_width = std::max(shape_width, shapes.back().size());
    }
    const auto lw = static_cast<int>(label_width + 2), sw = static_cast<int>(shape_width + 2);
    os << "  " << std::left << std::setw(lw) << "layer" << std::setw(sw) << "output" << std::right
       << std::setw(12) << "parameters"
       << "  weights\n";
    std::size_t i = 0;
    for (const auto& l : net.at("layers")) {
      std::string weights;
      for (auto it = l.at("tensors").begin(); it != l.at("tensors").end(); ++it)
        weights += (weights.empty() ? "" : ", ") + it.key() + " " + shape_text(*it);
      os << "  " << std::left << std::setw(lw) << labels[i] << std::setw(sw) << shapes[i]
         << std::right << std::setw(12) << thousands(l.at("parameters")) << "  " << weights << "\n";
      ++i;
    }
  }
  os << "\ntotal: " << thousands(d.at("parameters")) << " parameters ("
     << thousands(d.at("trainable_parameters")) << " trainable)\n";
  os << "\noptimizers:\n";
  for (const auto& opt : d.at("optimizers")) {
    os << "  " << opt.at("name").get<std::string>() << ": " << opt.at("type").get<std::string>()
       << "\n";
    int i = 0;
    for (const auto& g : opt.at("groups")) {
      os << "    group " << i++ << ": " << thousands(g.at("parameters")) << " parameters, lr "
         << g.at("lr");
      if (g.contains("betas")) os << ", betas (" << g["betas"][0] << ", " << g["betas"][1] << ")";
      if (g.contains("eps")) os << ", eps " << g["eps"];
      if (g.contains("weight_decay")) os << ", weight decay " << g["weight_decay"];
      os << "\n      modules:";
      for (const auto& m : g.at("modules")) os << " " << m.get<std::string>();
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace fb::engine
