// The Callgrind driver. Run under `valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no`
// (scripts/bench-instructions.py does): instrumentation is switched on only around each measured body,
// so set-up runs at valgrind's uninstrumented speed, and each case's counts go to a dump of its own
// named after it. Outside valgrind the client requests are no-ops and the driver just runs the bodies.
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <regex>

#include "benchmark/instructions/instr_case.h"
#include "core/json.h"
#include "core/threads.h"

namespace fb::bench::instr {
namespace {

std::string family_of(const std::string& name) { return name.substr(0, name.find('/')); }

Json describe(const Case& c) {
  return Json{{"name", c.name},   {"family", family_of(c.name)}, {"items", c.items * c.calls},
              {"calls", c.calls}, {"threads", c.threads},        {"excluded", c.excluded}};
}

int usage(const char* why) {
  std::cerr << "fb_instructions: " << why
            << "\nusage: fb_instructions [--list] [--filter REGEX] [--shard K/N]\n";
  return 2;
}

}  // namespace

int run_cases(const Cases& cases, int argc, char** argv) {
  bool list = false;
  std::regex filter(".*");
  int shard = 0, shards = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--list") {
      list = true;
    } else if (a == "--filter" && i + 1 < argc) {
      filter = std::regex(argv[++i]);
    } else if (a == "--shard" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%d/%d", &shard, &shards) != 2 || shards < 1 || shard < 0 ||
          shard >= shards)
        return usage("--shard must be K/N with 0 <= K < N");
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  // One thread everywhere: with more, how work is split follows the scheduler and so would the counts.
  configure_threads(1);
  // Instrumentation (not collection) starts once, here: start-up before it (static registries, loading
  // LibTorch) runs at valgrind's uninstrumented speed, and code translated for one case is reused by the next.
  if (!list) CALLGRIND_START_INSTRUMENTATION;
  int index = 0;
  for (const auto& c : cases) {
    if (!std::regex_search(c.name, filter)) continue;
    if (index++ % shards != shard) continue;
    if (list) {
      std::cout << describe(c).dump() << std::endl;
      continue;
    }
    configure_threads(c.threads);
    std::function<void()> body = c.setup();
    body();  // warm-up, not measured
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    for (int k = 0; k < c.calls; ++k) body();
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT(c.name.c_str());
    body = nullptr;  // fixtures go (and temporary files with them) before the next case
    configure_threads(1);
    std::cout << describe(c).dump() << std::endl;
  }
  return 0;
}

}  // namespace fb::bench::instr
