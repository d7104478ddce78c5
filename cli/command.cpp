#include "cli/command.h"

#include <iostream>
#include <sstream>

#include "core/error.h"
#include "core/progress.h"
#include "core/provenance.h"
#include "core/threads.h"

namespace fb::cli {

Registry<CommandFactory>& command_registry() {
  static Registry<CommandFactory> reg("command");
  return reg;
}

CLI::Option* add_threads_option(CLI::App& app, int& threads) {
  threads = default_threads();
  return app
      .add_option("--threads", threads, "worker threads (OpenMP/LibTorch; OpenBLAS is kept at 1)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
}

namespace {

// One line: the first line of CLI11's message, which already names the option and the problem.
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "factorbench: regenerate factor datasets, train and score disentanglement models, select "
      "models "
      "without labels and reproduce published tables.",
      "factorbench"};
  app.require_subcommand(1);
  app.fallthrough();  // --quiet may follow the subcommand
  app.set_version_flag("--version", std::string(factorbench_version()) + " (" + git_commit() + ")");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet,
               "no progress display (it is also off when stderr is not a terminal)");
  app.footer("Run `factorbench <command> --help` for a command's options and an example.");

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  for (const auto* entry : command_registry().entries()) {
    auto cmd = entry->make();
    CLI::App* sub = app.add_subcommand(entry->name, entry->summary);
    cmd->setup(*sub);
    commands.emplace_back(sub, std::move(cmd));
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e, out, err);
    return 0;
  } catch (const CLI::CallForAllHelp& e) {
    app.exit(e, out, err);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      app.exit(e, out, err);
      return 0;
    }
    err << "factorbench: " << first_line(e.what()) << " (see --help)\n";
    return 2;
  }

  Progress::set_quiet_default(quiet);
  for (auto& [sub, cmd] : commands) {
    if (!sub->parsed()) continue;
    Io io{out, err};
    try {
      return cmd->run(io);
    } catch (const Error& e) {
      err << "factorbench " << sub->get_name() << ": " << first_line(e.what()) << "\n";
      return e.exit_code();
    } catch (const std::exception& e) {
      err << "factorbench " << sub->get_name() << ": internal error: " << first_line(e.what())
          << "\n";
      return 1;
    }
  }
  return 2;
}

}  // namespace fb::cli
