// Runs the CLI in-process and captures its output and exit code.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"

namespace fb::test {

struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = cli::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

inline int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace fb::test
