#!/usr/bin/env bash
# Configures and builds factorbench into build/ (Release, Ninja, ccache when present).
#   bash scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths relative to the checkout, so clones and worktrees share ccache entries.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$jobs"
