"""Shared fixtures: where the repository's samples and test data are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = SAMPLES / "orinoco-tribune-2022-02-17-venezuela-russia.txt"


@pytest.fixture
def reference_path() -> Path:
    return REFERENCE
