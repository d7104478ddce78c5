#!/usr/bin/env bash
# Quick start, one command: set up (apt), build, then run factorbench with the given arguments.
#   bash scripts/run.sh generate dsprites --out dsprites.h5
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup-debian.sh"
bash "$here/build.sh"
exec "$here/../build/cli/factorbench" "$@"
