"""Tests of scripts/bench-ab.py (run by ctest): its Mann-Whitney U test against scipy.stats.mannwhitneyu on
fixed samples, and the A/B runner on two fake benchmark binaries whose timings are known."""
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "..", "..", "scripts", "bench-ab.py")
spec = importlib.util.spec_from_file_location("bench_ab", TOOL)
bench_ab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_ab)

# Fixed samples: small tie-free (scipy's exact branch), small with ties and large (asymptotic), all tied.
SAMPLES = {
    "small_exact": ([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
                    [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.07]),
    "small_ties": ([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
                   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06]),
    "tiny_exact": ([3.1, 2.2], [5.0, 4.1, 6.3]),
    "ties": ([1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5]),
    "large": ([10.2, 9.8, 10.5, 10.1, 9.9, 10.7, 10.3, 10.0, 10.4, 9.7, 10.6, 10.2],
              [10.9, 11.2, 10.4, 11.0, 10.8, 11.5, 10.6, 11.1, 10.7, 11.3]),
    "large_ties": ([round(0.1 * (i % 7), 1) for i in range(15)], [round(0.1 * (i % 5) + 0.1, 1) for i in range(11)]),
    "same": ([5.0, 5.0, 5.0], [5.0, 5.0]),
}


class MannWhitney(unittest.TestCase):
    def test_matches_scipy_on_fixed_samples(self):
        try:
            from scipy.stats import mannwhitneyu
        except ImportError:
            self.skipTest("python3-scipy is not installed")
        methods = set()
        for name, (x, y) in SAMPLES.items():
            with self.subTest(name):
                u, p, method = bench_ab.mann_whitney_u(x, y)
                self.assertEqual(method == "exact", name.endswith("exact"))
                ref = mannwhitneyu(x, y, alternative="two-sided")
                self.assertAlmostEqual(u, float(ref.statistic), places=9)
                self.assertAlmostEqual(p, float(ref.pvalue), places=9)
                methods.add(method)
        self.assertEqual(methods, {"exact", "asymptotic"})  # both branches were compared

    def test_hand_computed_exact_case(self):
        # x entirely below y (2 vs 3): U = 0; P(U <= 0) = 1/C(5,2) = 0.1 each side, two-sided 0.2.
        u, p, method = bench_ab.mann_whitney_u([1, 2], [3, 4, 5])
        self.assertEqual((u, method), (0, "exact"))
        self.assertAlmostEqual(p, 0.2)

    def test_shift_interval_covers_a_known_shift(self):
        x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
        est, lo, hi = bench_ab.shift_interval(x, [v + 2.5 for v in x], 0.95)
        self.assertAlmostEqual(est, 2.5)
        self.assertLess(lo, 2.5)
        self.assertGreater(hi, 2.5)


# A stand-in for a Google Benchmark binary: writes --benchmark_out JSON with times drawn (seeded by a counter
# file) around MEAN_NS, and logs its name so the test can check the alternation.
FAKE = textwrap.dedent("""\
    #!/usr/bin/python3
    import json, os, random, sys
    args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
    state = os.path.join(os.path.dirname(__file__), "count")
    n = int(open(state).read()) if os.path.exists(state) else 0
    open(state, "w").write(str(n + 1))
    open(os.path.join(os.path.dirname(__file__), "order"), "a").write("{name}\\n")
    rng = random.Random(n)
    reps = int(args["--benchmark_repetitions"])
    runs = []
    for bench, mean in (("BM_Fixed", 1000.0), ("BM_Changed", {mean_ns})):
        for _ in range(reps):
            t = mean * (1 + 0.02 * rng.gauss(0, 1))
            runs.append({{"name": bench, "run_name": bench, "run_type": "iteration", "cpu_time": t, "real_time": t,
                         "time_unit": "ns"}})
        runs.append({{"name": bench + "_median", "run_name": bench, "run_type": "aggregate", "cpu_time": 1,
                     "real_time": 1, "time_unit": "ns"}})
    json.dump({{"benchmarks": runs}}, open(args["--benchmark_out"], "w"))
""")


class Runner(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def fake(self, name, mean_ns):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(FAKE.format(name=name, mean_ns=mean_ns))
        os.chmod(path, 0o755)
        return path

    def test_alternates_and_detects_a_20_percent_slowdown(self):
        out = os.path.join(self.dir, "ab.json")
        p = subprocess.run([sys.executable, TOOL, self.fake("base", 1000.0), self.fake("cur", 1250.0),
                            "--rounds", "4", "--repetitions", "3", "--json", out], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(os.path.join(self.dir, "order")) as f:
            self.assertEqual(f.read().split(), ["base", "cur", "cur", "base", "base", "cur", "cur", "base"])
        with open(out) as f:
            rows = {r["name"]: r for r in json.load(f)["rows"]}
        self.assertEqual(rows["BM_Changed"]["verdict"], "slower")
        self.assertEqual(rows["BM_Changed"]["n_baseline"], 12)
        lo, hi = rows["BM_Changed"]["speed_ci"]
        self.assertLess(lo, 0.8)
        self.assertGreater(hi, 0.8)
        self.assertEqual(rows["BM_Fixed"]["verdict"], "no significant change")
        self.assertLess(rows["BM_Fixed"]["speed_ci"][0], 1.0)
        self.assertGreater(rows["BM_Fixed"]["speed_ci"][1], 1.0)
        self.assertIn("BM_Changed", p.stdout)

    def test_unusable_input_exits_2(self):
        p = subprocess.run([sys.executable, TOOL, os.path.join(self.dir, "nothing"), self.fake("cur", 1.0)],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("nothing: not an executable file", p.stderr)
        broken = os.path.join(self.dir, "broken")
        with open(broken, "w") as f:
            f.write("#!/bin/sh\necho boom >&2\nexit 3\n")
        os.chmod(broken, 0o755)
        p = subprocess.run([sys.executable, TOOL, broken, self.fake("cur", 1.0), "--rounds", "1"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("exited with 3: boom", p.stderr)


if __name__ == "__main__":
    unittest.main()
