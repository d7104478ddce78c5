// factorbench generate DATASET --out F.h5: regenerate a factor dataset in its release layout. The
// options come from the dataset registry: every option a dataset's generator declares is a flag
// (`group_size` -> --group-size), and the chosen dataset's generator rejects the ones it lacks.
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "cli/command.h"
#include "core/config.h"
#include "core/threads.h"
#include "datagen/dataset.h"

namespace fb::cli {
namespace {

std::string flag_of(std::string key) {
  for (auto& c : key)
    if (c == '_') c = '-';
  return "--" + key;
}

// A flag's text as the JSON type of the option's default (`like`); arrays are comma-separated.
Json flag_value(const std::string& flag, const std::string& text, const Json& like) {
  auto fail = [&](const char* expected) -> Json {
    throw ConfigError(flag + ": expected " + expected + " (got '" + text + "')");
  };
  if (like.is_array()) {
    Json out = Json::array();
    std::stringstream items(text);
    std::string item;
    const Json element = like.empty() ? Json(0.0) : like[0];
    while (std::getline(items, item, ',')) out.push_back(flag_value(flag, item, element));
    return out;
  }
  if (like.is_number()) {
    std::size_t used = 0;
    try {
      if (like.is_number_integer()) {
        const long long v = std::stoll(text, &used);
        if (used == text.size()) return v;
      } else {
        const double v = std::stod(text, &used);
        if (used == text.size()) return v;
      }
    } catch (const std::exception&) {
    }
    return fail(like.is_number_integer() ? "an integer" : "a number");
  }
  if (like.is_boolean()) {
    if (text == "true" || text == "false") return text == "true";
    return fail("true or false");
  }
  return text;
}

// "dsprites*" for dsprites and every dsprites_* among `names` when all of them take the option.
std::string who(const std::set<std::string>& names, const std::set<std::string>& all) {
  std::string out;
  std::set<std::string> shown;
  for (const auto& n : names) {
    bool covered = false;
    for (const auto& p : shown) covered = covered || n.rfind(p + "_", 0) == 0;
    if (covered) continue;
    bool family = false, whole = true;
    for (const auto& a : all)
      if (a.rfind(n + "_", 0) == 0) family = true, whole = whole && names.count(a) > 0;
    out += (out.empty() ? "" : ", ") + n + (family && whole ? "*" : "");
    if (family && whole) shown.insert(n);
  }
  return out;
}

const char* type_name(const Json& v) {
  if (v.is_array()) return "NUM,...";
  if (v.is_number_integer()) return "INT";
  if (v.is_number()) return "NUM";
  return "TEXT";
}

class GenerateCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    // Each option's help groups the datasets that describe it the same way.
    std::map<std::string, std::map<std::string, std::set<std::string>>>
        docs;                          // key -> doc -> names
    std::map<std::string, Json> like;  // key -> a default, for the value's type
    std::set<std::string> all;
    for (const auto* e : data::dataset_registry().entries()) {
      if (!e->make.generate) continue;
      all.insert(e->name);
      for (const auto& o : e->make.generate_options) {
        docs[o.key][o.doc].insert(e->name);
        like.emplace(o.key, o.value);
      }
    }
    std::string names;
    for (const auto& n : all) names += (names.empty() ? "" : ", ") + n;
    app.add_option("dataset", dataset_, "what to generate: " + names)->required();
    app.add_option("--out", out_, "output HDF5 file (written as F.partial, renamed when complete)")
        ->required();
    for (const auto& [key, by_doc] : docs) {
      std::string help;
      for (const auto& [doc, takers] : by_doc)
        help += (help.empty() ? "" : " | ") + who(takers, all) + ": " + doc;
      if (like[key].is_array()) {
        app.add_option(flag_of(key), lists_[key], help)
            ->delimiter(',')
            ->type_name(type_name(like[key]));
      } else {
        app.add_option(flag_of(key), values_[key], help)->type_name(type_name(like[key]));
      }
    }
    app.add_option("--set", sets_,
                   "generator option key=value (see `factorbench list generators`)");
    app.add_flag("--force", force_, "overwrite an existing output file");
    add_threads_option(app, threads_);
    app.footer(
        "Each dataset takes the options listed with its name; `factorbench list generators "
        "--json`\n"
        "shows their defaults.\n"
        "Example:\n  factorbench generate dsprites --out dsprites.h5\n"
        "  factorbench generate dsprites --variant imbalanced --shape-weights 0.7,0.2,0.1 --out "
        "imb.h5\n"
        "  factorbench generate teapots --out teapots.h5            (200,000 images + 500x100 "
        "metric groups)\n"
        "  factorbench generate mpi3d --resolution 128 --subset object_shape=0,camera_height=1 "
        "--out m.h5\n"
        "  factorbench generate shapes3d --count 1000 --groups 60 --group-size 20 --out s.h5");
    app_ = &app;
  }

  int run(Io& io) override {
    configure_threads(threads_);
    const auto& declared = data::generate_options(dataset_);
    // A flag the dataset does not declare goes in as text; the generator's config rejects the key.
    auto like = [&](const std::string& key) {
      for (const auto& o : declared)
        if (o.key == key) return o.value;
      return Json("");
    };
    Json config = Json::object();
    for (const auto& [key, text] : values_)
      if (app_->count(flag_of(key)) > 0) config[key] = flag_value(flag_of(key), text, like(key));
    for (const auto& [key, items] : lists_) {
      if (app_->count(flag_of(key)) == 0) continue;
      std::string text;
      for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
      config[key] = flag_value(flag_of(key), text, like(key));
    }
    for (const auto& s : sets_) apply_override(config, s);
    auto report = data::generate_dataset(dataset_, {out_, force_, config});
    std::ostringstream line;
    line << std::fixed << std::setprecision(2) << "wrote " << out_ << ": " << report.images
         << " images in " << report.seconds << " s (" << std::setprecision(0)
         << report.images / std::max(report.seconds, 1e-9) << " images/s), " << std::setprecision(1)
         << report.bytes / 1e6 << " MB\n";
    io.out << line.str();
    return 0;
  }

 private:
  CLI::App* app_ = nullptr;
  std::string dataset_, out_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::vector<std::string> sets_;
  bool force_ = false;
  int threads_ = 0;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"generate",
             "Generate a factor dataset file (dSprites and variants, Teapots, 3dshapes-, MPI3D-, "
             "Falcor3D-, Isaac3D-like)",
             Json::object(), [] { return std::make_unique<GenerateCommand>(); }});

}  // namespace fb::cli
