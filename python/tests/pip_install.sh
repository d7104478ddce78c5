#!/usr/bin/env bash
# ctest python_pip_install: `pip install ./python` (offline, into a temporary target) reuses the build
# directory BUILD's module and gives an importable package that scores codes.
#   bash python/tests/pip_install.sh PYTHON BUILD
set -euo pipefail
python=$1
build=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$here/build" "$here"/*.egg-info' EXIT
FACTORBENCH_BUILD_DIR="$build" "$python" -m pip install --no-deps --no-index --target "$tmp/site" "$here" >"$tmp/pip.log" 2>&1 || {
  cat "$tmp/pip.log" >&2
  exit 1
}
cd "$tmp"
PYTHONPATH="$tmp/site" "$python" -c "
import numpy as np, factorbench as fb
assert fb.__file__.startswith('$tmp/site'), fb.__file__
f = np.repeat(np.arange(4), 5)[:, None]
print('pip-installed factorbench', fb.__version__, fb.metrics.mig(f.astype(np.float32), f))"
