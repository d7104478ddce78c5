#!/usr/bin/env bash
# ctest: the Slurm backend on a real single-node cluster (two stand-in GPUs) gives the same results as the
# local backend; a cluster profile's resources reach every array task; --jobs-per-task 2 gives the same
# digests as one job per task.
#   slurm_backend_test.sh FACTORBENCH_BINARY REPO_ROOT
set -euo pipefail
# shellcheck source=../support/slurm_test.sh
source "$(dirname "$0")/../support/slurm_test.sh"
fb_slurm_test_setup "$@"
cat > "$work/profile.json" <<'JSON'
{"defaults": {"partition": "debug", "time": "00:30:00"}, "train": {"gpus_per_task": 1}}
JSON
fb_timeout "$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/local" --jobs 2 --threads 1
fb_timeout "$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/slurm" --jobs 2 --threads 1 --backend slurm \
  --cluster "$work/profile.json" --device cpu
test -s "$work/slurm/slurm/train.sbatch"
test -s "$work/slurm/slurm/evaluate.ids"
# Same metric values, run by run (column 4 is the run directory, which differs).
cut -d, -f1-3,5- "$work/local/results.csv" > "$work/local.csv"
cut -d, -f1-3,5- "$work/slurm/results.csv" > "$work/slurm.csv"
diff "$work/local.csv" "$work/slurm.csv"
lines=$(wc -l < "$work/slurm.csv")
[[ "$lines" -eq 4 ]] || { echo "expected 3 runs, got $((lines - 1))" >&2; exit 1; }
echo "slurm and local backends agree on $((lines - 1)) runs"

# Resources, from Slurm itself: each training task had one GPU, the profile's partition and time limit.
fb_timeout scontrol show job -d "$(cat "$work/slurm/slurm/train.job")" > "$work/train-tasks.txt"
tasks=$(grep -c '^JobId=' "$work/train-tasks.txt")
[[ "$tasks" -eq 3 ]] || { cat "$work/train-tasks.txt"; echo "expected 3 training tasks, got $tasks" >&2; exit 1; }
for pattern in 'JOB_GRES=gpu:1' 'Partition=debug' 'TimeLimit=00:30:00'; do
  n=$(grep -c "$pattern" "$work/train-tasks.txt")
  [[ "$n" -eq 3 ]] || { cat "$work/train-tasks.txt"; echo "$pattern on $n of 3 tasks" >&2; exit 1; }
done
# The evaluations asked for none (the profile gives GPUs to training only).
if fb_timeout scontrol show job -d "$(cat "$work/slurm/slurm/evaluate.job")" | grep -q 'JOB_GRES=gpu'; then
  echo "evaluation tasks were given a GPU" >&2; exit 1
fi
# And each training saw its one GPU (provenance reads the allocation from the environment).
for prov in "$work"/slurm/runs/*/seed-*/provenance.json; do
  python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["gpus_allocated"]; assert g["count"] == 1, g' "$prov"
done
echo "every training task had 1 GPU on partition debug with a 30-minute limit"

# Packing: two jobs per array task, same digests as one.
fb_timeout "$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/packed" --jobs 2 --threads 2 --backend slurm \
  --jobs-per-task 2
grep -q -- '--jobs-per-task 2' "$work/packed/slurm/train.sbatch"
grep -q -- '--array=0-1%2' "$work/packed/slurm/train.sbatch"
for run in "$work"/local/runs/*/seed-*; do
  rel=${run#"$work/local/"}
  a=$("$exe" --quiet digest "$run")
  b=$("$exe" --quiet digest "$work/packed/$rel")
  [[ "$a" == "$b" ]] || { echo "$rel: digest $b with 2 jobs per task, $a locally" >&2; exit 1; }
done
cut -d, -f1-3,5- "$work/packed/results.csv" > "$work/packed.csv"
diff "$work/local.csv" "$work/packed.csv"
echo "2 jobs per task: same digests and results"
