// The CLI framework: one Command per subcommand file, registered by name; run_cli() parses and dispatches.
// A command's setup() declares its options (with help text and an example in the footer) and run() makes a
// single library call. Tests call run_cli() in-process.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/registry.h"

namespace fb::cli {

/// Where a command writes its normal output and its messages.
struct Io {
  std::ostream& out;
  std::ostream& err;
};

class Command {
 public:
  virtual ~Command() = default;
  /// Declares the options on `app` (already named, with the entry's summary as description).
  virtual void setup(CLI::App& app) = 0;
  /// Runs after a successful parse; returns the exit code (0 on success). Throws fb::Error on failure.
  virtual int run(Io& io) = 0;
};

using CommandFactory = std::function<std::unique_ptr<Command>()>;
Registry<CommandFactory>& command_registry();

/// Parses `args` (without the program name) and runs the chosen command. Returns the exit code:
/// 0 ok, 2 usage/config, 3 data/IO, 4 numerical, 1 internal. Errors are one line on `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// Adds the --threads option shared by commands that compute (default: all hardware threads).
CLI::Option* add_threads_option(CLI::App& app, int& threads);

}  // namespace fb::cli
