"""The report in a real browser: headless Chromium (the system's /usr/bin/chromium) through Playwright.

Screenshots and the reports themselves are written to tests/artifacts/ (not committed) for a
person to look at. Without Chromium these tests are skipped on a developer's machine and fail in
CI (CI=true), where the browser must be installed (`apt-get install -y chromium`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import report_fixtures as fx
from conftest import ARTIFACTS
from provlens.render.html import render_report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_files() -> dict[str, Path]:
    """The reference, credits-only and hostile reports, written to tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    files = {}
    for name, ann in (("reference", fx.reference_annotation()), ("credits-only", fx.credits_only_annotation()),
                      ("hostile", fx.hostile_annotation())):
        path = ARTIFACTS / f"{name}-report.html"
        path.write_text(render_report(ann), encoding="utf-8")
        files[name] = path
    return files


class Visit:
    """A page opened on a report, with everything it logged, requested or opened."""

    def __init__(self, browser, path: Path, *, width: int = 1100) -> None:
        """Open `path` in a new page, listening before it loads."""
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def _dialog(self, dialog) -> None:
        """Record and dismiss any dialog (none should open)."""
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        """Close the page."""
        self.page.close()


@pytest.fixture
def visit(browser):
    """Open a report and close the page afterwards."""
    opened: list[Visit] = []

    def open_(path: Path, **kw) -> Visit:
        """Open one report."""
        v = Visit(browser, path, **kw)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


@pytest.mark.parametrize("name", ["reference", "credits-only", "hostile"])
def test_loads_cleanly_and_offline(visit, report_files, name):
    """No console message, no page error, no request but the page itself (no CSP complaint either)."""
    v = visit(report_files[name])
    assert v.errors == []
    assert v.console == []
    assert v.requests == [v.url]


def test_highlights_are_visible(visit, report_files):
    """Every highlight in the article has a non-empty box."""
    v = visit(report_files["reference"])
    marks = v.page.locator("article.text mark.hl")
    assert marks.count() >= 10
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0


def test_chain_diagram_is_visible(visit, report_files):
    """The three steps of the chain are shown side by side, original first."""
    v = visit(report_files["reference"])
    steps = v.page.locator("ol.chain > li.step")
    assert steps.count() == 3
    boxes = [steps.nth(i).bounding_box() for i in range(3)]
    assert all(b and b["width"] > 100 for b in boxes)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    lines = [line for line in steps.nth(0).inner_text().splitlines() if line.strip()]
    assert lines[:3] == ["FIRST PUBLISHED", "Alba Ciudad", "in Spanish"]


def test_keyboard_focus_shows_the_note(visit, report_files):
    """Tabbing to a highlighted phrase shows its note; the note is hidden otherwise."""
    v = visit(report_files["reference"])
    tip = v.page.locator("mark[tabindex] > .tip").first
    assert not tip.is_visible()
    for _ in range(40):
        v.page.keyboard.press("Tab")
        if v.page.evaluate("document.activeElement.matches('mark[tabindex]')"):
            break
    else:
        pytest.fail("no highlight reachable with the Tab key")
    assert tip.is_visible()
    assert "Emotive or loaded word" in tip.inner_text()
    assert v.page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "fn-1"
    ARTIFACTS.mkdir(exist_ok=True)
    box = v.page.locator("mark[tabindex]").first.bounding_box()
    v.page.screenshot(path=str(ARTIFACTS / "report-focus.png"),
                      clip={"x": 0, "y": max(0, box["y"] - 120), "width": 1100, "height": 420})


def test_credit_link_jumps_to_its_highlight(visit, report_files):
    """A credit's evidence link scrolls to the highlighted words."""
    v = visit(report_files["reference"])
    v.page.click('table.credits a[href="#ev-2462-2476"]')
    assert v.page.evaluate("location.hash") == "#ev-2462-2476"
    assert v.page.evaluate("document.querySelector(':target').textContent") == "Zurimar Campos"


def test_screenshots(visit, report_files):
    """Full-page screenshots at desktop and phone widths, for a person to judge the design."""
    for width, name in ((1100, "report.png"), (390, "report-narrow.png")):
        v = visit(report_files["reference"], width=width)
        path = ARTIFACTS / name
        v.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


def test_hostile_article_executes_nothing(visit, report_files):
    """Injected scripts, handlers and links stay text: no flag set, no dialog, the text shown as written."""
    v = visit(report_files["hostile"])
    assert v.page.evaluate("typeof window.__pwned") == "undefined"
    assert v.dialogs == []
    assert v.page.locator("img").count() == 0
    assert v.page.locator("script:not([type='application/ld+json'])").count() == 0
    text = v.page.locator("article.text").inner_text()
    assert fx.SCRIPT in text and fx.JS_LINK in text and fx.QUOTES in text
    v.page.locator("mark[tabindex]").first.focus()
    v.page.locator("mark[tabindex]").first.hover()
    assert v.page.evaluate("typeof window.__pwned") == "undefined" and v.dialogs == []
    hrefs = v.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("#") for h in hrefs)


def test_jsonld_block_is_data(visit, report_files):
    """The JSON-LD block is in the page, parses, and runs nothing."""
    v = visit(report_files["reference"])
    data = v.page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "NewsArticle"
    assert v.console == []


def test_print_shows_footnotes_and_makes_a_pdf(visit, report_files):
    """In print the notes are a numbered list, hover notes and navigation are hidden, and a PDF comes out."""
    v = visit(report_files["reference"])
    v.page.emulate_media(media="print")
    assert v.page.locator("ol.footnotes").is_visible()
    assert v.page.locator("ol.footnotes > li").count() == 7
    assert not v.page.locator("nav.contents").is_visible()
    v.page.locator("mark[tabindex]").first.hover()
    assert not v.page.locator("mark[tabindex] > .tip").first.is_visible()
    pdf = v.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 2
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
