"""Tests of scripts/bench-compare.py on small synthetic Google Benchmark JSONs (run by ctest)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "..", "..", "scripts", "bench-compare.py")


def run(*args):
    p = subprocess.run([sys.executable, TOOL, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def data(name):
    return os.path.join(HERE, name)


def rows_of(*args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "table.json")
        code, _, _ = run(*args, "--json", out)
        with open(out) as f:
            return code, {r["name"]: r for r in json.load(f)["rows"]}


class Passing(unittest.TestCase):
    def test_slower_machine_same_normalised_speed_passes(self):
        code, out, err = run(data("baseline.json"), data("current_pass.json"))
        self.assertEqual(code, 0, out + err)
        self.assertIn("0.50x (real time)", out)
        self.assertNotIn("REGRESSED", out)

    def test_ratios_are_normalised_by_the_calibration_of_each_run(self):
        code, rows = rows_of(data("baseline.json"), data("current_pass.json"))
        self.assertEqual(code, 0)
        # Raw 600/1000 over a calibration at half speed: 1.2; raw 200/500 likewise: 0.8.
        self.assertAlmostEqual(rows["BM_Train/real_time"]["raw_ratio"], 0.6)
        self.assertAlmostEqual(rows["BM_Train/real_time"]["ratio"], 1.2)
        self.assertAlmostEqual(rows["BM_Render"]["ratio"], 0.8)
        self.assertEqual(rows["BM_New"]["status"], "new")
        self.assertEqual(rows["BM_Gone"]["status"], "missing")
        self.assertNotIn("BM_Calibration", rows)

    def test_missing_benchmark_fails_only_when_asked(self):
        code, _, err = run(data("baseline.json"), data("current_pass.json"), "--fail-on-missing")
        self.assertEqual(code, 1)
        self.assertIn("BM_Gone", err)

    def test_a_run_compared_with_itself_has_ratio_one(self):
        code, rows = rows_of(data("baseline.json"), data("baseline.json"))
        self.assertEqual(code, 0)
        for r in rows.values():
            self.assertAlmostEqual(r["ratio"], 1.0)


class Failing(unittest.TestCase):
    def test_regression_below_threshold_fails(self):
        code, out, err = run(data("baseline.json"), data("current_fail.json"))
        self.assertEqual(code, 1, out + err)
        self.assertRegex(out, r"BM_Train/real_time .* 0\.40  REGRESSED")
        self.assertIn("1 regression(s): BM_Train/real_time", err)

    def test_threshold_is_configurable(self):
        code, out, _ = run(data("baseline.json"), data("current_fail.json"), "--threshold", "0.3")
        self.assertEqual(code, 0, out)

    def test_missing_calibration_is_an_input_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nocal.json")
            with open(data("current_fail.json")) as f:
                d = json.load(f)
            d["benchmarks"] = [b for b in d["benchmarks"] if b["name"] != "BM_Calibration"]
            with open(path, "w") as f:
                json.dump(d, f)
            code, _, err = run(data("baseline.json"), path)
        self.assertEqual(code, 2)
        self.assertIn("calibration", err)

    def test_median_aggregate_preferred_over_repetitions(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "reps.json")
            with open(data("current_fail.json")) as f:
                d = json.load(f)
            train = [b for b in d["benchmarks"] if b["name"] == "BM_Train/real_time"][0]
            median = dict(train, name="BM_Train/real_time_median", run_type="aggregate",
                          aggregate_name="median", items_per_second=900.0)
            d["benchmarks"].append(median)
            with open(path, "w") as f:
                json.dump(d, f)
            code, rows = rows_of(data("baseline.json"), path)
        self.assertEqual(code, 0)
        self.assertAlmostEqual(rows["BM_Train/real_time"]["ratio"], 0.9)


if __name__ == "__main__":
    unittest.main()
