"""Shared fixtures: where the repository's samples and test data are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = SAMPLES / "orinoco-tribune-2022-02-17-venezuela-russia.txt"


@pytest.fixture
def reference_path() -> Path:
    return REFERENCE


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
"""Screenshots, PDFs and pages the browser tests write for a person to look at (not committed)."""
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: CI must run the browser tests, a developer may lack the browser."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; install it with `apt-get install -y chromium`", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the system's, driven by Playwright; no browser is downloaded)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
