"""The corpus dashboard (index.html): a view model computed from the annotations, then laid out.

`CorpusStats` reads annotations one at a time and keeps only counts (and the first articles in id
order for the article list), so a corpus of any size fits. `view()` turns the counts into strings,
widths and bar heights; the template only loops and fills in.
"""

from __future__ import annotations

import functools
import importlib.resources
from bisect import insort
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .summary import JOIN, document_language, publisher_name

TOP_OUTLETS = 30
TOP_PAIRS = 40
TOP_PHRASES = 30
HISTOGRAM_OUTLETS = 12
LISTED_ARTICLES = 500
LISTED_ERRORS = 20
BINS = 10
NO_PUBLISHER = "(no publisher found)"
NO_SOURCE = "(original outlet not stated)"
UNDETERMINED = "(undetermined)"
NOT_MEASURED = "{} (the batch ran with --credits-only)."

HIST_BAR, HIST_GAP, HIST_HEIGHT = 18, 2, 60


@dataclass(frozen=True)
class Stat:
    """A headline count."""

    label: str
    value: str


@dataclass(frozen=True)
class Bar:
    """One row of a bar table."""

    label: str
    count: str
    width: str
    """CSS width of the bar, e.g. `42.0%`."""


@dataclass(frozen=True)
class Bin:
    """One bar of an SVG histogram, in SVG units."""

    x: int
    y: int
    width: int
    height: int
    title: str


@dataclass(frozen=True)
class Histogram:
    """The framing index distribution of one outlet."""

    outlet: str
    articles: str
    width: int
    height: int
    bins: tuple[Bin, ...]


@dataclass(frozen=True)
class Article:
    """One row of the article list; `href` links to its report when there is one."""

    id: str
    href: str | None
    publisher: str
    sources: str
    translators: str
    language: str
    index: str


@dataclass(frozen=True)
class Dashboard:
    """Everything index.html shows, as ready-made strings."""

    title: str
    totals: tuple[Stat, ...]
    outlets: tuple[Bar, ...]
    outlets_note: str | None
    translations: tuple[tuple[str, str, str], ...]
    initials: tuple[tuple[str, str], ...]
    framing_note: str | None
    histograms: tuple[Histogram, ...]
    phrases: tuple[tuple[str, str, str], ...]
    languages: tuple[Bar, ...]
    language_note: str | None
    errors_total: str
    errors: tuple[tuple[str, str], ...]
    errors_note: str | None
    articles: tuple[Article, ...]
    articles_note: str | None
    reports: bool


class CorpusStats:
    """Counts over a stream of annotations and error records."""

    def __init__(self) -> None:
        """Nothing counted yet."""
        self.articles = 0
        self.outlets: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.translated = 0
        self.initials: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.framed = 0
        self.bins: defaultdict[str, list[int]] = defaultdict(lambda: [0] * BINS)
        self.phrases: Counter[tuple[str, str]] = Counter()
        self.languages: Counter[str] = Counter()
        self.language_measured = 0
        self.error_count = 0
        self.first_errors: list[tuple[str, str]] = []
        self.listed: list[Article] = []

    def add(self, ann: dict[str, Any], href: str | None) -> None:
        """Count one annotation (parsed from annotations.jsonl).

        Everything is read from the annotation before anything is counted, so a line of another
        shape raises (KeyError, TypeError, ...) and leaves the counts as they were.
        """
        prov = ann.get("provenance") or {}
        publisher = publisher_name(ann) or NO_PUBLISHER
        translated, sources = self._translation(prov)
        tags = [(tag.get("outlet") or tag.get("outlet_code") or publisher, list(tag.get("initials", [])))
                for tag in prov.get("editorial_tags", [])]
        framing = self._framing(ann.get("framing"))
        language = (document_language(ann) or UNDETERMINED) if ann.get("language") is not None else None
        scores = (ann.get("framing") or {}).get("scores")
        article = Article(
            id=ann["id"], href=href, publisher=publisher,
            sources=JOIN.join(o["name"] for o in prov.get("source_outlets", [])),
            translators=JOIN.join(t["name"] for t in prov.get("translators", [])),
            language=document_language(ann) or "",
            index=f"{scores['index']:.1f}" if scores else "",
        )
        self.articles += 1
        self.outlets[publisher] += 1
        if translated:
            self.translated += 1
            for source in sources:
                self.pairs[(source, publisher)] += 1
        for outlet, initials in tags:
            self.initials[outlet].update(initials)
        if framing is not None:
            bin_, phrases = framing
            self.framed += 1
            self.bins[publisher][bin_] += 1
            self.phrases.update(phrases)
        if language is not None:
            self.language_measured += 1
            self.languages[language] += 1
        self.listed.append(article)
        if len(self.listed) >= 2 * LISTED_ARTICLES:
            self.listed = sorted(self.listed, key=lambda a: a.id)[:LISTED_ARTICLES]

    @staticmethod
    def _translation(prov: dict[str, Any]) -> tuple[bool, list[str]]:
        """Whether the article is credited as translated, and its source outlets (source -> publisher)."""
        translated = bool(prov.get("translators") or any(s.get("step") == "translation" for s in prov.get("chain", [])))
        if not translated:
            return False, []
        sources = [o["name"] for o in prov.get("source_outlets", [])] or [NO_SOURCE]
        return True, list(dict.fromkeys(sources))

    @staticmethod
    def _framing(framing: dict[str, Any] | None) -> tuple[int, list[tuple[str, str]]] | None:
        """The framing index's bin, and the loaded phrases (hedges and boosters left out)."""
        if framing is None:
            return None
        bin_ = min(int(framing["scores"]["index"] // (100 / BINS)), BINS - 1)
        phrases = [(span["text"].lower(), span["category"]) for span in framing.get("spans", []) if not span.get("cue")]
        return bin_, phrases

    def add_error(self, record: dict[str, Any]) -> None:
        """Count one error record, keeping the first few by input to show."""
        self.error_count += 1
        where, error = str(record.get("input", "")), str(record.get("error", ""))
        insort(self.first_errors, (where, error.removeprefix(f"{where}: ")))  # by input: the same for any order
        del self.first_errors[LISTED_ERRORS:]

    def view(self, *, title: str, reports: bool) -> Dashboard:
        """The dashboard's view model."""
        return Dashboard(
            title=title,
            totals=self._totals(),
            outlets=bars(self.outlets, TOP_OUTLETS),
            outlets_note=more_note(len(self.outlets), TOP_OUTLETS, "outlets"),
            translations=tuple((s, p, f"{n:,}") for (s, p), n in most_common(self.pairs, TOP_PAIRS)),
            initials=self._initials(),
            framing_note=None if self.framed else NOT_MEASURED.format("Framing was not measured"),
            histograms=self._histograms(),
            phrases=tuple((text, category, f"{n:,}") for (text, category), n in most_common(self.phrases, TOP_PHRASES)),
            languages=bars(self.languages, TOP_OUTLETS),
            language_note=None if self.language_measured else NOT_MEASURED.format("Languages were not detected"),
            errors_total=f"{self.error_count:,}",
            errors=tuple(self.first_errors),
            errors_note=more_note(self.error_count, LISTED_ERRORS, "errors: see errors.jsonl"),
            articles=tuple(sorted(self.listed, key=lambda a: a.id)[:LISTED_ARTICLES]),
            articles_note=more_note(self.articles, LISTED_ARTICLES, "articles: see summary.csv"),
            reports=reports,
        )

    def _initials(self) -> tuple[tuple[str, str], ...]:
        """Outlet and `JRE (12), SL (3)`, outlets with the most sign-offs first."""
        rows = []
        for outlet, counts in sorted(self.initials.items(), key=lambda x: (-sum(x[1].values()), x[0])):
            ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
            rows.append((outlet, ", ".join(f"{initials} ({n:,})" for initials, n in ranked)))
        return tuple(rows)

    def _totals(self) -> tuple[Stat, ...]:
        """The headline counts."""
        return (
            Stat("articles annotated", f"{self.articles:,}"),
            Stat("failed (errors.jsonl)", f"{self.error_count:,}"),
            Stat("publishing outlets", f"{len(self.outlets):,}"),
            Stat("credited as translated", f"{self.translated:,}"),
            Stat("framing measured", f"{self.framed:,}"),
        )

    def _histograms(self) -> tuple[Histogram, ...]:
        """The framing index distribution of all articles, then of the largest outlets."""
        if not self.framed:
            return ()
        total = [sum(b[i] for b in self.bins.values()) for i in range(BINS)]
        ranked = sorted(self.bins.items(), key=lambda x: (-sum(x[1]), x[0]))[:HISTOGRAM_OUTLETS]
        return (histogram("All articles", total), *(histogram(outlet, b) for outlet, b in ranked))


def most_common(counts: Counter, limit: int) -> list[tuple[Any, int]]:
    """The `limit` most frequent items, ties in order of the items themselves: the same for any
    order in which the articles were annotated (with -j N, annotations.jsonl is in finishing order)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def bars(counts: Counter[str], limit: int) -> tuple[Bar, ...]:
    """Bars for the most frequent labels, widths relative to the largest."""
    top = most_common(counts, limit)
    largest = top[0][1] if top else 1
    return tuple(Bar(label, f"{n:,}", f"{100 * n / largest:.1f}%") for label, n in top)


def histogram(outlet: str, counts: list[int]) -> Histogram:
    """An SVG histogram of framing index bins (0-10, 10-20, ... 90-100)."""
    largest = max(counts) or 1
    step = 100 // BINS
    inner = HIST_HEIGHT - 2
    bins = []
    for i, n in enumerate(counts):
        height = round(inner * n / largest) if n else 0
        bins.append(Bin(x=i * (HIST_BAR + HIST_GAP), y=HIST_HEIGHT - height, width=HIST_BAR, height=height,
                        title=f"index {i * step}-{(i + 1) * step}: {plural(n, 'article')}"))
    width = BINS * (HIST_BAR + HIST_GAP) - HIST_GAP
    return Histogram(outlet=outlet, articles=plural(sum(counts), "article"), width=width, height=HIST_HEIGHT,
                     bins=tuple(bins))


def plural(count: int, noun: str) -> str:
    """`1 article`, `1,234 articles`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def more_note(count: int, shown: int, what: str) -> str | None:
    """`and 1,234 more articles: see summary.csv`, when not everything is shown."""
    return f"and {count - shown:,} more {what}" if count > shown else None


# --------------------------------------------------------------------------------------------
# Rendering


def render_dashboard(view: Dashboard) -> str:
    """index.html from its view model."""
    return template_environment().get_template("dashboard.html").render(d=view)


def template_environment() -> jinja2.Environment:
    """The report's environment when the report renderer is installed, else one of our own."""
    try:
        from ..render.html import environment
    except ImportError:
        return own_environment()
    return environment()


@functools.cache
def own_environment() -> jinja2.Environment:
    """Autoescaping, strict, loading from the provlens.templates folder."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _load_template(name: str) -> tuple[str, None, Callable[[], bool]] | None:
    """Template source by name, from the installed templates or the source tree's templates/ folder."""
    path = templates_folder().joinpath(name)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8"), None, lambda: True


@functools.cache
def templates_folder() -> Any:
    """provlens.templates when installed as a package; the repository's templates/ in a source checkout."""
    try:
        return importlib.resources.files("provlens.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "templates"
