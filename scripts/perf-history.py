#!/usr/bin/env python3
"""Appends one CI run's benchmark results to a JSON-lines history, keyed by commit and date.

  perf-history.py append HISTORY --instructions FILE [--wall FILE] [--commit SHA] [--date ISO] [--subject S]

One line per (commit, kind): kind "instructions" (scripts/bench-instructions.py's JSON: instructions per
item) and, with --wall, kind "wall" (a Google Benchmark JSON: items per second, noisy on shared machines).
A rerun for the same commit replaces that commit's line of the same kind, so histories do not count a
commit twice. Commit, date (the commit's committer date) and subject default to `git` on HEAD of this
checkout. scripts/perf-report.py draws the file. Python 3 standard library only.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print("perf-history: " + message, file=sys.stderr)
    sys.exit(2)


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=HERE).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def instruction_record(path):
    doc = load_json(path)
    if doc.get("schema") != "factorbench-instructions/1":
        fail(f"{path}: not a scripts/bench-instructions.py run")
    return {"kind": "instructions", "unit": "instructions per item", "conditions": doc.get("conditions", {}),
            "results": {b["name"]: b["instructions_per_item"] for b in doc["benchmarks"]}}


def wall_record(path):
    doc = load_json(path)
    results = {}
    for b in doc.get("benchmarks", []):
        if b.get("run_type", "iteration") == "iteration" and "items_per_second" in b:
            results[b["name"]] = b["items_per_second"]
    if not results:
        fail(f"{path}: no Google Benchmark results with items_per_second")
    return {"kind": "wall", "unit": "items per second", "conditions": doc.get("context", {}).get("host_name", ""),
            "results": results}


def read_history(path):
    records = []
    if os.path.exists(path):
        with open(path) as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        fail(f"{path}:{number}: not JSON")
    return records


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("append", help="append this run's results")
    p.add_argument("history")
    p.add_argument("--instructions", help="scripts/bench-instructions.py run JSON")
    p.add_argument("--wall", help="Google Benchmark JSON (e.g. build/benchmark/smoke.json)")
    p.add_argument("--commit", default=None)
    p.add_argument("--date", default=None, help="ISO 8601 (default: the commit's committer date)")
    p.add_argument("--subject", default=None)
    a = ap.parse_args()
    if not a.instructions and not a.wall:
        fail("give --instructions and/or --wall")
    commit = a.commit or git("rev-parse", "HEAD")
    if not commit:
        fail("no --commit and no git checkout")
    date = a.date or git("show", "-s", "--format=%cI", commit) or \
        datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    subject = a.subject if a.subject is not None else git("show", "-s", "--format=%s", commit)
    recorded = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    new = []
    for path, make in ((a.instructions, instruction_record), (a.wall, wall_record)):
        if path:
            r = make(path)
            new.append({"commit": commit, "date": date, "subject": subject[:200], "recorded": recorded, **r})
    kinds = {r["kind"] for r in new}
    kept = [r for r in read_history(a.history) if not (r.get("commit") == commit and r.get("kind") in kinds)]
    os.makedirs(os.path.dirname(os.path.abspath(a.history)), exist_ok=True)
    tmp = a.history + ".tmp"
    with open(tmp, "w") as f:
        for r in kept + new:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    os.replace(tmp, a.history)
    print(f"perf-history: {a.history}: {len(kept) + len(new)} records ({', '.join(sorted(kinds))} for {commit[:12]})")


if __name__ == "__main__":
    main()
