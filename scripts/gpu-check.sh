#!/usr/bin/env bash
# The GPU check (issue #18 item 7): run on one GPU machine with a pip `torch` present, from the checkout root.
#   bash scripts/gpu-check.sh                      # build against pip torch's LibTorch, then every check on cuda
#   bash scripts/gpu-check.sh --device cpu --build-dir build --steps 4 --loss-steps 3 --models beta_vae \
#       --bench-seconds 0.2 --skip-reproduce
#                                                  # dry run of the script itself on the CPU build
# In order: build against the LibTorch inside the pip wheel (torch/share/cmake/Torch); `bench train` on every
# registered model; two deterministic trainings of beta_vae and infogan_cr (--steps, default 200) must give
# equal digests; the first --loss-steps (default 20) losses on the device must match the CPU's within 1e-3
# relative (TF32 is off in factorbench); `reproduce infogan-cr --preset smoke`. Writes OUT/summary.json (one
# JSON object: each check's name, ok, seconds and details) and exits 0 only when every check passed.
# Target: under 8 minutes on one GPU. Status: written, not yet run on a GPU (docs/cluster.md).
set -euo pipefail

device=cuda
build_dir=""
out=gpu-check-out
steps=200
loss_steps=20
bench_seconds=2
skip_reproduce=0
bench_models=""
tolerance=1e-3

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --device cuda|cpu  --build-dir DIR (skip the build)  --out DIR  --steps N  --loss-steps N"
  echo "         --bench-seconds S  --models a,b (bench only these; default every registered model)  --skip-reproduce"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --loss-steps) loss_steps="$2"; shift 2 ;;
    --bench-seconds) bench_seconds="$2"; shift 2 ;;
    --skip-reproduce) skip_reproduce=1; shift ;;
    --models) bench_models="${2//,/ }"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "gpu-check.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$device" in cpu | cuda | cuda:[0-9]*) ;; *) echo "gpu-check.sh: --device must be cpu, cuda or cuda:N (got $device)" >&2; exit 2 ;; esac
for n in "$steps" "$loss_steps"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "gpu-check.sh: --steps and --loss-steps must be positive integers (got $n)" >&2; exit 2; }
done
[[ "$bench_seconds" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "gpu-check.sh: --bench-seconds must be a number (got $bench_seconds)" >&2; exit 2; }

cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
checks="$out/checks.jsonl"
: >"$checks"
started=$(date +%s)

# record NAME OK SECONDS DETAILS_JSON: one line of checks.jsonl.
record() {
  python3 - "$checks" "$1" "$2" "$3" "$4" <<'EOF'
import json, sys
path, name, ok, seconds, details = sys.argv[1:]
with open(path, "a") as f:
    f.write(json.dumps({"name": name, "ok": ok == "1", "seconds": float(seconds), "details": json.loads(details)}) + "\n")
EOF
}

# write_summary: OUT/summary.json from checks.jsonl; prints it.
write_summary() {
  python3 - "$checks" "$out/summary.json" "$device" "$(( $(date +%s) - started ))" "${torch_prefix:-}" \
    "${libtorch_line:-}" <<'EOF'
import datetime, json, sys
checks_path, summary_path, device, seconds, prefix, libtorch = sys.argv[1:]
checks = [json.loads(l) for l in open(checks_path) if l.strip()]
summary = {
    "device": device,
    "finished_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "seconds": int(seconds),
    "torch_cmake_prefix": prefix or None,
    "libtorch": libtorch or None,
    "ok": bool(checks) and all(c["ok"] for c in checks),
    "checks": checks,
}
with open(summary_path, "w") as f:
    json.dump(summary, f, indent=1)
    f.write("\n")
print(json.dumps(summary, indent=1))
EOF
}

finish() {
  write_summary
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["ok"] else 1)' "$out/summary.json"
}

# 1. Build against the pip wheel's LibTorch (or use --build-dir).
t0=$(date +%s)
if [[ -z "$build_dir" ]]; then
  build_dir=build-gpu
  if ! torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>"$out/torch.err"); then
    record build 0 0 "{\"error\": \"python3 cannot import torch (see $out/torch.err)\"}"
    finish
    exit 1
  fi
  # Debian's HDF5, OpenCV and CLI11 use the C++11 std::string ABI; a wheel built without it cannot link.
  abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  if [[ "$abi" != 1 ]]; then
    record build 0 0 '{"error": "this torch wheel uses the pre-C++11 std::string ABI; use torch >= 2.7 or the cxx11-abi LibTorch archive (docs/cluster.md)"}'
    finish
    exit 1
  fi
  if cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_prefix" \
      -DFB_BUILD_TESTS=OFF -DFB_BUILD_BENCHMARKS=OFF >"$out/cmake.log" 2>&1 &&
      cmake --build "$build_dir" -j "$(nproc)" >"$out/build.log" 2>&1; then
    libtorch_line=$(grep -o 'factorbench: LibTorch.*' "$out/cmake.log" | head -1)
    record build 1 $(( $(date +%s) - t0 )) "{\"build_dir\": \"$build_dir\"}"
  else
    record build 0 $(( $(date +%s) - t0 )) "{\"log\": \"$out/build.log\", \"cmake_log\": \"$out/cmake.log\"}"
    finish
    exit 1
  fi
fi
fb="$(cd "$build_dir" && pwd)/factorbench"
[[ -x "$fb" ]] || { echo "gpu-check.sh: no factorbench in $build_dir" >&2; exit 2; }
[[ -n "${libtorch_line:-}" ]] || libtorch_line=$("$fb" --help >/dev/null 2>&1 && echo "prebuilt $build_dir")

# 2. bench train on every registered model.
t0=$(date +%s)
models=${bench_models:-$("$fb" list models --json | python3 -c 'import json,sys; print(" ".join(m["name"] for m in json.load(sys.stdin)))')}
ok=1
: >"$out/bench.jsonl"
for m in $models; do
  if ! "$fb" --quiet bench train --model "$m" --device "$device" --seconds "$bench_seconds" >>"$out/bench.jsonl" \
      2>>"$out/bench.err"; then
    ok=0
    echo "{\"model\": \"$m\", \"failed\": true}" >>"$out/bench.jsonl"
  fi
done
record bench_train "$ok" $(( $(date +%s) - t0 )) "$(python3 -c '
import json, sys
print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()]))' "$out/bench.jsonl")"

# train MODEL STEPS DEVICE DIR [extra...]: a small, seeded run (4,096 generated dSprites images).
train() {
  local model=$1 n=$2 dev=$3 dir=$4
  shift 4
  "$fb" --quiet train --model "$model" --dataset dsprites --dataset-set count=4096 --steps "$n" --batch 64 \
    --seed 0 --device "$dev" --checkpoint-every 100000 --out "$dir" "$@" >>"$out/train.log" 2>&1
}

# 3. Determinism: two trainings, equal digests.
t0=$(date +%s)
ok=1
details="{"
for m in beta_vae infogan_cr; do
  a="" b=""
  train "$m" "$steps" "$device" "$out/det/$m-a" && a=$("$fb" digest "$out/det/$m-a")
  train "$m" "$steps" "$device" "$out/det/$m-b" && b=$("$fb" digest "$out/det/$m-b")
  [[ -n "$a" && "$a" == "$b" ]] || ok=0
  details+="\"$m\": {\"steps\": $steps, \"digest_a\": \"$a\", \"digest_b\": \"$b\"}, "
done
record deterministic_digests "$ok" $(( $(date +%s) - t0 )) "${details%, }}"

# 4. The first losses on the device against the CPU's.
t0=$(date +%s)
for m in beta_vae infogan_cr; do
  train "$m" "$loss_steps" "$device" "$out/loss/$m-dev" --log-every 1 || true
  train "$m" "$loss_steps" cpu "$out/loss/$m-cpu" --log-every 1 || true
done
loss_json=$(python3 - "$out/loss" "$tolerance" <<'EOF'
import json, os, sys
root, tol = sys.argv[1], float(sys.argv[2])
result, ok = {}, True
for m in ("beta_vae", "infogan_cr"):
    def read(kind):
        path = os.path.join(root, f"{m}-{kind}", "log.jsonl")
        return [json.loads(l) for l in open(path)] if os.path.exists(path) else []
    dev, cpu = read("dev"), read("cpu")
    worst, first_bad = 0.0, None
    for d, c in zip(dev, cpu):
        for k, v in c.items():
            if k in ("step", "images_per_s") or not isinstance(v, (int, float)) or k not in d:
                continue
            # Relative to the larger magnitude, with a 1e-6 floor for terms that start at zero.
            rel = abs(d[k] - v) / max(abs(d[k]), abs(v), 1e-6 / tol)
            worst = max(worst, rel)
            if rel > tol and first_bad is None:
                first_bad = {"step": c["step"], "loss": k, "device": d[k], "cpu": v}
    good = bool(dev) and len(dev) == len(cpu) and first_bad is None
    ok = ok and good
    result[m] = {"steps_compared": min(len(dev), len(cpu)), "worst_relative": worst, "first_over": first_bad}
print(json.dumps({"ok": ok, "tolerance": tol, "models": result}))
EOF
)
loss_ok=$(python3 -c 'import json,sys; print(int(json.loads(sys.argv[1])["ok"]))' "$loss_json")
record losses_match_cpu "$loss_ok" $(( $(date +%s) - t0 )) "$loss_json"

# 5. The smoke reproduction on the device.
if [[ "$skip_reproduce" == 0 ]]; then
  t0=$(date +%s)
  ok=1
  "$fb" --quiet reproduce infogan-cr --preset smoke --device "$device" --jobs 2 --out "$out/repro" \
    >"$out/reproduce.log" 2>&1 || ok=0
  record reproduce_smoke "$ok" $(( $(date +%s) - t0 )) "{\"out\": \"$out/repro\", \"log\": \"$out/reproduce.log\"}"
fi

finish
