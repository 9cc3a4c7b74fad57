"""`provlens batch --engine dask`: the same outputs as the local engine, and the same resume.

Dask is an optional extra (`pip install 'provlens[dask]'`). Without it these tests are skipped on a
developer's machine and fail in CI (CI=true), where the extra must be installed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_batch import batch, lines

from provlens.batch.engines import QUIET_SCHEDULER

pytestmark = pytest.mark.slow


def need_distributed():
    """The distributed package, or a skip (a failure in CI) saying how to install it."""
    try:
        import distributed
    except ImportError:
        reason = "Dask is not installed (pip install 'provlens[dask]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the Dask engine tests", pytrace=False)
        pytest.skip(reason)
    return distributed


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of two worker processes, one thread each."""
    distributed = need_distributed()
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, scheduler_kwargs=QUIET_SCHEDULER,
                                  silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def local_output(tmp_path_factory) -> Path:
    """The samples annotated by the local engine."""
    out = tmp_path_factory.mktemp("local") / "out"
    assert batch(str(SAMPLES), "-o", str(out), "-j", "2", "--credits-only") == 0
    return out


def by_id(out: Path) -> list[dict]:
    """The annotations of a folder, parsed and sorted by id."""
    return sorted((json.loads(line) for line in lines(out / "annotations.jsonl")), key=lambda a: a["id"])


def test_dask_engine_writes_the_same_annotations(cluster, local_output, tmp_path):
    """Samples on a two-worker cluster: annotations equal to the local engine's, field for field."""
    out = tmp_path / "out"
    code = batch(str(SAMPLES), "-o", str(out), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "--credits-only")
    assert code == 0
    assert by_id(out) == by_id(local_output)
    assert lines(out / "errors.jsonl") == []
    assert sorted(lines(out / "summary.csv")) == sorted(lines(local_output / "summary.csv"))


def test_dask_engine_resumes_like_the_local_engine(local_output, tmp_path):
    """A half-finished folder (with a half-written line) finished by Dask's own local cluster."""
    need_distributed()
    out = tmp_path / "out"
    shutil.copytree(local_output, out)
    path = out / "annotations.jsonl"
    kept = path.read_bytes().splitlines(keepends=True)
    half = len(kept) // 2
    path.write_bytes(b"".join(kept[:half]) + kept[half][:40])
    assert batch(str(SAMPLES), "-o", str(out), "--engine", "dask", "-j", "2", "--credits-only") == 0
    assert by_id(out) == by_id(local_output)
