"""The benchmarks run and report what their READMEs say they report (small corpora, one round)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> dict:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_stage_benchmark_reports_every_stage():
    out = run("benchmarks/bench.py", "--corpus", "samples", "--rounds", "1", "--json")
    stages = {row["stage"]: row for row in out["stages"]}
    assert out["documents"] == len(list((ROOT / "samples").glob("*.txt"))) + len(list((ROOT / "samples").glob("*.html")))
    for name in ("credits", "language", "quotes", "readability", "annotate, full (text in)", "annotate + JSON out"):
        assert stages[name]["docs_per_second"] > 0 and stages[name]["ms_per_doc"] > 0
    assert stages["reference: read + findall(\\w+)"]["x_reference"] == 1.0
    # the whole pipeline costs more than any one of its analysers
    assert stages["annotate, full (text in)"]["ms_per_doc"] > stages["credits"]["ms_per_doc"]


def test_batch_benchmark_runs_both_job_counts():
    out = run("benchmarks/batch_bench.py", "--sizes", "30", "--jobs", "1", "2", "--json")
    runs = {row["jobs"]: row for row in out["runs"]}
    assert set(runs) == {1, 2}
    for row in runs.values():
        assert row["articles"] == 30 and row["failed"] == 0
        assert row["rate"] > 0 and row["steady_rate"] >= row["rate"]
        assert row["worker_rss_mib"] > 0 and row["parent_rss_mib"] > 0
    assert out["reference_ratio"] > 0
