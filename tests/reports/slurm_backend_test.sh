#!/usr/bin/env bash
# ctest: the Slurm backend on a real single-node cluster gives the same results as the local backend.
#   slurm_backend_test.sh FACTORBENCH_BINARY REPO_ROOT
set -euo pipefail
exe="$1"
root="$2"
bash "$root/scripts/slurm-local-cluster.sh" start || exit $?
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spec="$root/tests/reports/data/tiny-spec.json"
preset="$root/tests/reports/data/tiny-preset.json"
"$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/local" --jobs 2 --threads 1
"$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/slurm" --jobs 2 --threads 1 --backend slurm
test -s "$work/slurm/slurm/train.sbatch"
test -s "$work/slurm/slurm/evaluate.ids"
# Same metric values, run by run (column 4 is the run directory, which differs).
cut -d, -f1-3,5- "$work/local/results.csv" > "$work/local.csv"
cut -d, -f1-3,5- "$work/slurm/results.csv" > "$work/slurm.csv"
diff "$work/local.csv" "$work/slurm.csv"
lines=$(wc -l < "$work/slurm.csv")
[[ "$lines" -eq 4 ]] || { echo "expected 3 runs, got $((lines - 1))" >&2; exit 1; }
echo "slurm and local backends agree on $((lines - 1)) runs"
