"""scripts/perf_changepoints.py on known answers, scripts/perf-history.py's records and scripts/perf-report.py's
page (structure here; tests/bench/perf_report_render_test.sh renders it in Chromium)."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
sys.path.insert(0, SCRIPTS)
from perf_changepoints import change_points, segment_means  # noqa: E402

# Fixed ±0.1 % "noise" (a deterministic pattern, so the known answer cannot flake).
NOISE = [0.0007, -0.0004, 0.0009, -0.0010, 0.0002, 0.0005, -0.0008, 0.0000, 0.0010, -0.0003]


def series(levels, length=10):
    return [level * (1 + NOISE[(i * 7 + k) % len(NOISE)]) for k, level in enumerate(levels) for i in range(length)]


class ChangePoints(unittest.TestCase):
    def test_known_steps(self):
        values = series([100.0, 105.0, 103.0, 103.0 * 1.2])  # +5 %, -1.9 %, +20 % at 10, 20, 30
        self.assertEqual(change_points(values), [10, 20, 30])
        means = segment_means(values, [10, 20, 30])
        self.assertAlmostEqual(means[1] / means[0], 1.05, delta=0.002)

    def test_noise_alone_has_no_step(self):
        self.assertEqual(change_points(series([1e6, 1e6, 1e6])), [])
        self.assertEqual(change_points([5.0] * 12), [])  # exactly repeated counts

    def test_small_steps_below_min_step_are_ignored(self):
        values = series([100.0, 100.5])
        self.assertEqual(change_points(values, min_step=0.01), [])
        self.assertEqual(change_points([100.0] * 8 + [100.5] * 8, min_step=0.004), [8])

    def test_step_at_the_last_point(self):
        self.assertEqual(change_points([200.0] * 9 + [230.0]), [9])

    def test_short_series(self):
        self.assertEqual(change_points([]), [])
        self.assertEqual(change_points([3.0]), [])


def instructions_run(path, values, commit):
    doc = {"schema": "factorbench-instructions/1", "commit": commit, "conditions": {"env": {"OMP_NUM_THREADS": "1"}},
           "benchmarks": [{"name": n, "instructions_per_item": v} for n, v in values.items()]}
    with open(path, "w") as f:
        json.dump(doc, f)


def script(name, *args):
    p = subprocess.run([sys.executable, os.path.join(SCRIPTS, name), *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return p


class HistoryAndReport(unittest.TestCase):
    def test_append_and_report(self):
        with tempfile.TemporaryDirectory() as d:
            history = os.path.join(d, "perf", "history.jsonl")
            run = os.path.join(d, "run.json")
            for k in range(12):
                mig = 4000.0 * (1.06 if k >= 7 else 1.0)
                instructions_run(run, {"metrics/mig": mig, "metrics/sap": 3e5, "train/vae": 3.6e7 + k}, f"{k:040x}")
                script("perf-history.py", "append", history, "--instructions", run, "--commit", f"{k:040x}",
                       "--date", f"2026-12-{k + 1:02d}T00:00:00Z", "--subject", f"change {k}")
            # A rerun of a commit replaces its record instead of adding one.
            script("perf-history.py", "append", history, "--instructions", run, "--commit", f"{11:040x}",
                   "--date", "2026-12-12T00:00:00Z", "--subject", "change 11")
            with open(history) as f:
                records = [json.loads(line) for line in f]
            self.assertEqual(len(records), 12)
            self.assertEqual(records[3]["commit"], f"{3:040x}")
            self.assertEqual(records[3]["results"]["metrics/sap"], 3e5)
            out = os.path.join(d, "perf.html")
            script("perf-report.py", history, "--out", out, "--commit-url", "https://example.org/c/{commit}")
            with open(out) as f:
                page = f.read()
        self.assertEqual(page.count('<svg class="trend"'), 2)  # metrics, train
        self.assertEqual(page.count('class="point"'), 36)
        self.assertEqual(page.count('<g class="step">'), 1)
        self.assertIn(f'href="https://example.org/c/{7:040x}"', page)
        steps = re.search(r'<table id="steps">(.*?)</table>', page, re.S).group(1)
        self.assertIn("metrics/mig", steps)
        self.assertIn("+6.00%", steps)
        self.assertNotIn("http", page.replace("https://example.org", "").replace("http://www.w3.org/2000/svg", ""))


if __name__ == "__main__":
    unittest.main()
