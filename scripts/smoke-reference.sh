#!/usr/bin/env bash
# The CI's score-regression check on this project itself (docs/ci.md): reproduce the infogan-cr spec at the
# smoke preset and compare it with the committed reference, expecting `identical` (CPU runs are bitwise
# deterministic). `refresh` rewrites the reference after an intended change of what training or a metric
# computes; commit benchmark/baselines/smoke-reference/ with the change.
#   bash scripts/smoke-reference.sh check   [FACTORBENCH] [WORK_DIR]
#   bash scripts/smoke-reference.sh refresh [FACTORBENCH] [WORK_DIR]
# check exits 0 when identical, 1 when not (compare names the first differing job), 77 without a reference.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode="${1:?check or refresh}"
exe="${2:-$here/../build/cli/factorbench}"
work="${3:-$here/../build/smoke-reference}"
reference="$here/../benchmark/baselines/smoke-reference"
# The same kernels on every x86-64 machine with AVX2 (the AVX-512 ones are not on every CI machine), one
# thread per job: equal digests need the same code, seed, thread count and kernels.
export ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
if [[ "$mode" == check && ! -f "$reference/manifest.json" ]]; then
  echo "smoke-reference: no reference committed (bash scripts/smoke-reference.sh refresh writes it)" >&2
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
"$exe" reproduce infogan-cr --preset smoke --jobs 2 --threads 1 --out "$work/run" > "$work/reproduce.log" 2>&1 ||
  { tail -20 "$work/reproduce.log" >&2; exit 1; }
case "$mode" in
  check)
    "$exe" compare "$reference" "$work/run" --require-identical --out "$work/compare"
    ;;
  refresh)
    rm -rf "$reference"
    python3 "$here/store-reference.py" "$work/run" "$reference"
    ;;
  *) echo "smoke-reference: mode must be check or refresh" >&2; exit 2 ;;
esac
