"""scripts/bench-instructions.py: the gate's table and verdicts on synthetic runs (Gate), the 0.5 %
repeatability of real Callgrind runs on a sample of fb_instructions' cases (Repeatability), and a planted
+5 % regression caught while two runs of the unchanged build pass (PlantedRegression).

The Callgrind tests need the binaries named by FB_INSTR_EXE, FB_INSTR_PLANT_BASE and FB_INSTR_PLANT_REGRESSED
(tests/CMakeLists.txt sets them) and valgrind; they are skipped without them.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "bench-instructions.py")
# One case of each kind: a metric, a tree learner, a renderer, HDF5 IO and a training step.
SAMPLE = "metrics/mig$|trees/random_forest|render/teapots|io/hdf5_read|train/vae$"


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


def callgrind_run(exe, out, filt=None):
    args = ["run", "--exe", exe, "--out", out, "--jobs", "2"]
    if filt:
        args += ["--filter", filt]
    p = run_script(*args)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    with open(out) as f:
        return json.load(f)


def synthetic(values, excluded=()):
    return {
        "schema": "factorbench-instructions/1",
        "conditions": {"env": {"OMP_NUM_THREADS": "1"}, "valgrind": "valgrind-3.19.0", "cpu": "x"},
        "benchmarks": [{"name": n, "family": n.split("/")[0], "items": 10, "calls": 1, "instructions": 10 * v,
                        "instructions_per_item": v, "excluded": "threads" if n in excluded else ""}
                       for n, v in values.items()],
    }


class Gate(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, doc):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(doc, f)
        return path

    def gate(self, base, cur, *extra):
        return run_script("compare", self.write("base.json", base), self.write("cur.json", cur), *extra)

    def test_flags_only_growth_above_threshold(self):
        base = synthetic({"metrics/a": 1000, "metrics/b": 1000, "train/c": 1000, "train/d": 1000})
        cur = synthetic({"metrics/a": 1031, "metrics/b": 1029, "train/c": 900, "train/e": 5})
        p = self.gate(base, cur, "--json", os.path.join(self.dir, "t.json"))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        with open(os.path.join(self.dir, "t.json")) as f:
            status = {r["name"]: r["status"] for r in json.load(f)["rows"]}
        self.assertEqual(status, {"metrics/a": "REGRESSION", "metrics/b": "ok", "train/c": "improved",
                                  "train/d": "missing", "train/e": "new"})
        self.assertIn("+3.10%", p.stdout)
        self.assertIn("1 regression(s) above 3.0%", p.stdout)

    def test_excluded_cases_never_fail(self):
        p = self.gate(synthetic({"train/x": 100}, ["train/x"]), synthetic({"train/x": 200}, ["train/x"]))
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("excluded (threads)", p.stdout)

    def test_threshold_option(self):
        p = self.gate(synthetic({"m/a": 100}), synthetic({"m/a": 101.5}), "--threshold", "0.01")
        self.assertEqual(p.returncode, 1)

    def test_different_pins_are_not_compared(self):
        cur = synthetic({"m/a": 100})
        cur["conditions"]["env"] = {"OMP_NUM_THREADS": "2"}
        p = self.gate(synthetic({"m/a": 100}), cur)
        self.assertEqual(p.returncode, 2)
        self.assertIn("not comparable", p.stderr)

    def test_not_an_instructions_file(self):
        p = run_script("compare", self.write("x.json", {"benchmarks": []}), self.write("y.json", {}))
        self.assertEqual(p.returncode, 2)


def need(*names):
    missing = [n for n in names if not os.access(os.environ.get(n, ""), os.X_OK)]
    if missing or not shutil.which("valgrind"):
        raise unittest.SkipTest(f"needs valgrind and {', '.join(missing) or 'nothing else'}")
    return [os.environ[n] for n in names]


class Repeatability(unittest.TestCase):
    def test_two_runs_agree_within_half_a_percent(self):
        (exe,) = need("FB_INSTR_EXE")
        with tempfile.TemporaryDirectory() as d:
            runs = [callgrind_run(exe, os.path.join(d, f"run{i}.json"), SAMPLE) for i in range(2)]
        first, second = ({r["name"]: r["instructions_per_item"] for r in run["benchmarks"]} for run in runs)
        self.assertEqual(set(first), set(second))
        self.assertGreaterEqual(len(first), 5)
        worst = 0.0
        for name in sorted(first):
            change = abs(second[name] / first[name] - 1)
            print(f"{name:<28} {first[name]:>14,.1f} {second[name]:>14,.1f} {100 * change:.4f}%")
            worst = max(worst, change)
            self.assertLessEqual(change, 0.005, name)
        print(f"largest difference between two runs: {100 * worst:.4f}%")


class PlantedRegression(unittest.TestCase):
    def test_gate_catches_plant_and_passes_noise(self):
        base_exe, regressed_exe = need("FB_INSTR_PLANT_BASE", "FB_INSTR_PLANT_REGRESSED")
        with tempfile.TemporaryDirectory() as d:
            base = [os.path.join(d, f"base{i}.json") for i in range(2)]
            regressed = os.path.join(d, "regressed.json")
            for path in base:
                callgrind_run(base_exe, path)
            callgrind_run(regressed_exe, regressed)
            same = run_script("compare", base[0], base[1], "--threshold", "0.03")
            self.assertEqual(same.returncode, 0, same.stdout + same.stderr)
            caught = run_script("compare", base[0], regressed, "--threshold", "0.03",
                                "--json", os.path.join(d, "t.json"))
            print(caught.stdout)
            self.assertEqual(caught.returncode, 1, caught.stdout + caught.stderr)
            with open(os.path.join(d, "t.json")) as f:
                rows = {r["name"]: r for r in json.load(f)["rows"]}
        self.assertEqual(rows["plant/mig"]["status"], "REGRESSION")
        self.assertAlmostEqual(rows["plant/mig"]["change"], 0.05, delta=0.01)
        self.assertEqual(rows["plant/render"]["status"], "ok")
        self.assertEqual(rows["plant/render"]["change"], 0.0)


if __name__ == "__main__":
    unittest.main()
