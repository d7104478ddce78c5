#!/usr/bin/env python3
"""Runs clang-tidy with the repository's .clang-tidy over the library's translation units (the ctest `tidy`).

    check-tidy.py --build build [--all] [--jobs N] [FILE ...]

By default it checks every library translation unit that does not compile LibTorch's headers (core, datagen,
metrics, reports, ...): a few minutes on 2 cores, cheap enough for every CI run. `--all` adds the LibTorch
ones (engine, baselines, methods, cli): clang-tidy then spends ~15 s of CPU on each even with a clang-built
precompiled <torch/torch.h>, which each run makes in its own folder under BUILD/tidy/. FILEs restrict the run to
those sources. Findings in the project's own headers count; system and LibTorch headers do not.

Exits 1 on any finding, 77 where clang-tidy is missing outside CI (CI=true makes that a failure).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

LIBRARY = ["core", "datagen", "metrics", "engine", "torch_metrics", "baselines", "methods", "reports", "cli"]
TOOL_NAMES = ["clang-tidy-14", "clang-tidy"]
CLANG_NAMES = ["clang++-14", "clang++"]
# CMake's precompiled-header flags (GCC's .gch cannot be read by clang).
PCH_FLAGS = re.compile(r"-Winvalid-pch\s+-include\s+(\S+cmake_pch\.hxx)")


def which(names):
    return next((path for path in map(shutil.which, names) if path), None)


def library_entries(root, build):
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    prefix = os.path.join(root, "")
    keep = []
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path.startswith(prefix) and os.path.relpath(path, root).split(os.sep)[0] in LIBRARY:
            keep.append(dict(e, file=path))
    return keep


def make_pch(entry, header, out_dir):
    """Builds a clang precompiled header from CMake's PCH header with the entry's own flags."""
    clang = which(CLANG_NAMES)
    if not clang:
        sys.exit("check-tidy: --all needs clang++ (Debian package clang) to precompile <torch/torch.h>")
    args = shlex.split(PCH_FLAGS.sub("", entry["command"]))
    flags, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = True
            continue
        flags.append(a)
    pch = os.path.join(out_dir, "torch.pch")
    cmd = [clang, "-x", "c++-header", *flags, header, "-o", pch, "-Wno-pragma-system-header-outside-header"]
    subprocess.run(cmd, check=True, cwd=entry["directory"])
    return pch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="CMake build folder with compile_commands.json")
    ap.add_argument("--all", action="store_true", help="also the translation units that compile LibTorch")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("files", nargs="*")
    o = ap.parse_args()
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    build = os.path.abspath(o.build)
    tidy = which(TOOL_NAMES)
    if not tidy:
        print("check-tidy: clang-tidy not found (bash scripts/setup-debian.sh installs it)", file=sys.stderr)
        sys.exit(1 if os.environ.get("CI") == "true" else 77)
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        sys.exit(f"check-tidy: {build}/compile_commands.json missing: configure with CMake first")

    # engine/torch_pch.cpp only hosts CMake's precompiled header (built without -fPIC): nothing to check.
    entries = [e for e in library_entries(root, build) if not e["file"].endswith("/torch_pch.cpp")]
    if o.files:
        wanted = {os.path.abspath(f) for f in o.files}
        entries = [e for e in entries if e["file"] in wanted]
    uses_torch = [e for e in entries if PCH_FLAGS.search(e["command"]) or "torch/csrc" in e["command"]]
    if not o.all and not o.files:
        entries = [e for e in entries if e not in uses_torch]
        uses_torch = []
    # A compile database of this run's own (concurrent runs must not see each other's).
    os.makedirs(os.path.join(build, "tidy"), exist_ok=True)
    out_dir = tempfile.mkdtemp(prefix="run-", dir=os.path.join(build, "tidy"))
    pch = None
    for e in uses_torch:
        m = PCH_FLAGS.search(e["command"])
        if m and pch is None:
            pch = make_pch(e, m.group(1), out_dir)
        if m:
            e["command"] = PCH_FLAGS.sub(f"-include-pch {pch}", e["command"])
    with open(os.path.join(out_dir, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1)

    header_filter = "^" + re.escape(root) + "/(" + "|".join(LIBRARY) + ")/"
    files = sorted(e["file"] for e in entries)
    print(f"check-tidy: {len(files)} translation units ({len(uses_torch)} with LibTorch), {o.jobs} jobs",
          flush=True)
    failed = []
    procs = []

    def reap(p, path):
        out = p.communicate()[0]
        findings = [l for l in out.splitlines() if re.search(r": (warning|error): ", l)]
        if p.returncode != 0 or findings:
            failed.append(path)
            print("\n".join(findings) or out, flush=True)

    for path in files:
        while len(procs) >= o.jobs:
            p, q = procs.pop(0)
            reap(p, q)
        cmd = [tidy, "-p", out_dir, "--quiet", f"--header-filter={header_filter}", path]
        procs.append((subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       text=True), path))
    for p, q in procs:
        reap(p, q)
    shutil.rmtree(out_dir, ignore_errors=True)
    if failed:
        print(f"check-tidy: findings in {len(failed)} of {len(files)} translation units", file=sys.stderr)
        sys.exit(1)
    print(f"check-tidy: {len(files)} translation units pass .clang-tidy")


if __name__ == "__main__":
    main()
