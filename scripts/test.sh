#!/usr/bin/env bash
# Quick start, one command: set up (apt), build, and run every test through ctest.
#   bash scripts/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup-debian.sh"
bash "$here/build.sh"
cd "$here/../build"
ctest --output-on-failure -j "$(nproc)"
