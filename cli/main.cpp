// The factorbench executable: parses the command line and dispatches to a registered command.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return fb::cli::run_cli(args, std::cout, std::cerr);
}
