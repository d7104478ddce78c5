// factorbench list FAMILY: the entries of a registered family (datasets, generators, scenes, readers,
// models, metrics, selectors) or the commands.
#include <iomanip>

#include "cli/command.h"

namespace fb::cli {
namespace {

class ListCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    std::string families = "commands";
    for (const auto& kv : family_index()) families += ", " + kv.first;
    app.add_option("family", family_, "one of: " + families)->required();
    app.add_flag("--json", json_, "print entries with their default configuration as JSON");
    app.footer("Example:\n  factorbench list datasets\n  factorbench list models --json");
  }

  int run(Io& io) override {
    std::vector<FamilyMember> members;
    if (family_ == "commands") {
      for (const auto* e : command_registry().entries())
        members.push_back({e->name, e->summary, Json::object()});
    } else {
      auto it = family_index().find(family_);
      if (it == family_index().end()) {
        std::string known = "commands";
        for (const auto& kv : family_index()) known += ", " + kv.first;
        throw ConfigError("list: unknown family '" + family_ + "' (known: " + known + ")");
      }
      members = it->second();
    }
    if (json_) {
      Json out = Json::array();
      for (const auto& m : members)
        out.push_back({{"name", m.name}, {"summary", m.summary}, {"defaults", m.defaults}});
      io.out << out.dump(2) << "\n";
      return 0;
    }
    std::size_t width = 4;
    for (const auto& m : members) width = std::max(width, m.name.size());
    for (const auto& m : members)
      io.out << std::left << std::setw(static_cast<int>(width) + 2) << m.name << m.summary << "\n";
    return 0;
  }

 private:
  std::string family_;
  bool json_ = false;
};

}  // namespace

FB_REGISTER(command_registry(),
            {"list", "List registered datasets, generators, models, metrics, selectors",
             Json::object(), [] { return std::make_unique<ListCommand>(); }});

}  // namespace fb::cli
