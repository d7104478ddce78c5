#!/usr/bin/env bash
# ctest: time limits, preemption and failures on a real single-node Slurm cluster.
#  1. USR1 to a running training task's batch script (what --signal=B:USR1@S sends before the time limit):
#     the task checkpoints, requeues itself and resumes; the finished run's digest equals a local
#     uninterrupted run of the same job.
#  2. A task whose job fails (a config its model refuses) is requeued once (--retries 1), then reported
#     failed with its log path, and reproduce exits non-zero.
#   slurm_preemption_test.sh FACTORBENCH_BINARY REPO_ROOT
set -euo pipefail
# shellcheck source=../support/slurm_test.sh
source "$(dirname "$0")/../support/slurm_test.sh"
fb_slurm_test_setup "$@"

# 1. Preemption.
fb_timeout "$exe" --quiet reproduce "$spec" --preset "$preset" --out "$work/local" --jobs 2 --threads 1 >/dev/null
reference=$("$exe" --quiet digest "$work/local/runs/vae/seed-0")

out="$work/slurm"
fb_timeout "$exe" --quiet reproduce "$spec" --preset "$preset" --out "$out" --jobs 1 --threads 1 --backend slurm \
  > "$work/reproduce.log" 2>&1 &
repro=$!
# Wait until the first training has checkpointed (step 20 of 120), then signal its task's batch script.
record="$out/state/train__vae__seed-0.json"
for _ in $(seq 1 600); do
  if compgen -G "$out/runs/vae/seed-0/checkpoints/step-*" >/dev/null && [[ -s "$record" ]]; then break; fi
  sleep 0.2
done
task=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["slurm_task"])' "$record")
[[ -n "$task" ]] || { echo "no Slurm task in $record" >&2; exit 1; }
# scancel retries while Slurm calls the task busy; the first signal is the one that counts.
timeout 3 scancel --signal=USR1 --batch "$task" || true
wait "$repro" || { cat "$work/reproduce.log"; echo "reproduce failed" >&2; exit 1; }
python3 - "$record" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["state"] == "done" and r["attempt"] == 2, r
PY
grep -q "stopped on a signal after step" "$out/logs/train__vae__seed-0.log"
grep -q "resumed at" "$out/logs/train__vae__seed-0.log"
grep -q "stopped with a checkpoint; requeueing it" "$out"/logs/slurm-train-*.log
got=$("$exe" --quiet digest "$out/runs/vae/seed-0")
[[ "$got" == "$reference" ]] || { echo "resumed digest $got, uninterrupted $reference" >&2; exit 1; }
echo "USR1: checkpointed, requeued, resumed to the uninterrupted digest"

# 2. A failing job: retried once, then reported with its log; reproduce exits non-zero.
python3 - "$spec" "$work/bad-spec.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["rows"] = [{"id": "bad", "label": "bad", "model": "beta_vae", "config": {"beta": -1}, "runs": 1, "steps": 5}]
s["selections"] = []
json.dump(s, open(sys.argv[2], "w"))
PY
set +e
fb_timeout "$exe" --quiet reproduce "$work/bad-spec.json" --preset "$preset" --out "$work/bad" --threads 1 --backend slurm \
  > "$work/bad.log" 2>&1
rc=$?
set -e
cat "$work/bad.log"
[[ "$rc" -eq 1 ]] || { echo "reproduce exit $rc, expected 1" >&2; exit 1; }
grep -qF "failed: train/bad/seed-0 (exit 2, 2 attempts; log: $work/bad/logs/train__bad__seed-0.log)" "$work/bad.log"
[[ $(grep -c "must be > 0" "$work/bad/logs/train__bad__seed-0.log") -eq 2 ]]
grep -q "requeueing it (retry 1 of 1)" "$work/bad/logs/slurm-train-0.log"
# Its evaluation never ran (blocked), and was not retried.
grep -q "1 failed, 1 blocked" "$work/bad.log"
if grep -q "requeueing" "$work/bad/logs/slurm-evaluate-0.log"; then echo "a blocked job was retried" >&2; exit 1; fi
echo "a failing job: retried once, then reported failed with its log"
