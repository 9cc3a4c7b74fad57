"""The corpus dashboard (index.html) in headless Chromium: no script, no request, nothing unescaped.

The browser is the system's /usr/bin/chromium driven by Playwright; no browser is downloaded.
Without it these tests are skipped on a developer's machine and fail in CI (CI=true). The
screenshot goes to tests/artifacts/dashboard.png (not committed) for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ARTIFACTS, SAMPLES
from test_batch import PIPELINE_FLAGS, RENDERER, article, batch

pytestmark = pytest.mark.browser

HOSTILE_ID = '<img src="https://example.invalid/x.png" onerror="alert(1)">'


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    """The samples plus hostile records and two bad items, batched with reports when available."""
    root = tmp_path_factory.mktemp("dashboard")
    records = root / "records.jsonl"
    records.write_text("\n".join([
        json.dumps({"id": HOSTILE_ID, "outlet": "<script>alert(2)</script>", "text": article(7)}),
        json.dumps({"id": "no-text", "title": "<b>missing</b>"}),
        "{not json",
    ]) + "\n", encoding="utf-8")
    out = root / "out"
    flags = ["--html"] if RENDERER else []
    assert batch(str(SAMPLES), str(records), "-o", str(out), "-j", "2", *PIPELINE_FLAGS, *flags) == 5
    return out


def test_dashboard_opens_without_errors_or_requests(browser, outdir):
    """No console message, page error, dialog or request besides the file itself; a screenshot is kept."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console, errors, requests, dialogs = [], [], [], []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    url = (outdir / "index.html").resolve().as_uri()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    shutil.copyfile(outdir / "index.html", ARTIFACTS / "dashboard.html")
    assert console == [] and errors == [] and dialogs == []
    assert requests == [url]
    text = page.inner_text("body")
    for heading in ("Articles per outlet", "Who translates whom", "Editorial initials per outlet",
                    "Framing index per outlet", "Most frequent loaded phrases", "Languages", "Errors: 2"):
        assert heading in text
    assert HOSTILE_ID in text and "Orinoco Tribune" in text
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    page.close()


def test_dashboard_links_reach_the_reports(browser, outdir):
    """With --html, each listed article links to its report, relatively, and the file is there."""
    if not RENDERER:
        pytest.skip("the HTML report renderer is not installed")
    page = browser.new_page()
    page.goto((outdir / "index.html").resolve().as_uri(), wait_until="load")
    hrefs = page.eval_on_selector_all("#articles a", "links => links.map(a => a.getAttribute('href'))")
    page.close()
    assert len(hrefs) == len(list((outdir / "reports").iterdir())) == 43
    for href in hrefs:
        assert re.fullmatch(r"reports/[A-Za-z0-9._-]+\.html", href)
        assert (outdir / href).is_file()
