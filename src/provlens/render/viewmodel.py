"""The report's view model: every string, class, number and note the HTML report shows.

`build_report(ann)` turns an Annotation into plain named tuples. The templates only loop
over them and fill in; nothing here knows about HTML except the class names, the in-page anchor
ids and the one JSON-LD data block, which is escaped here so that it can never end its
`<script>` element.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache, lru_cache
from typing import NamedTuple

from markupsafe import Markup

from .. import __version__
from ..models import (
    SCHEMA_VERSION,
    Annotation,
    ChainStep,
    Dateline,
    EditorialTag,
    Framing,
    Evidence,
    FramingSpan,
    Outlet,
    ParagraphLanguage,
    PhotoCredit,
    Provenance,
)
from ..resources import load_toml

# --------------------------------------------------------------------------------------------
# Palette: every colour the stylesheet uses, emitted as CSS custom properties. A test computes the
# contrast of each pair below, so a colour change that hurts legibility fails there.

PALETTE: dict[str, str] = {
    "paper": "#fbfaf7",
    "surface": "#ffffff",
    "ink": "#1f2328",
    "muted": "#555b63",
    "rule": "#d9d6cf",
    "accent": "#1c5d8c",
    "accent-soft": "#e8f0f6",
    "credit": "#e9e6de",
    "credit-line": "#6b6457",
    "warn": "#8a3b12",
    "warn-soft": "#fbefe6",
    "voice-authorial": "#8a3b12",
    "voice-quoted": "#1c5d8c",
    "voice-reported": "#4f5b2a",
    "bar-authorial": "#8a3b12",
    "bar-quoted": "#1c5d8c",
    "bar-reported": "#4f5b2a",
    "bar-track": "#ece9e2",
    "cat-loaded": "#fde3cf",
    "cat-name_calling": "#f9d9dc",
    "cat-glorifying": "#e6e0f7",
    "cat-exaggeration": "#fbe7b8",
    "cat-us_vs_them": "#d8ecf5",
    "cat-fear": "#f3d6e8",
    "cat-slogan": "#dcefd9",
    "cat-cliche": "#e4ecd2",
    "cat-doubt": "#e6e6e6",
    "cat-vague_attribution": "#efe5d6",
    "cat-hedge": "#e1eef0",
    "cat-booster": "#f1e7f0",
    "cat-other": "#ececec",
}

TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("ink", "paper"), ("ink", "surface"), ("muted", "paper"), ("muted", "surface"),
    ("accent", "paper"), ("accent", "surface"), ("accent", "accent-soft"), ("ink", "accent-soft"),
    ("ink", "credit"), ("credit-line", "paper"), ("credit-line", "surface"), ("muted", "credit"),
    ("warn", "paper"), ("warn", "warn-soft"), ("ink", "warn-soft"),
    ("voice-authorial", "surface"), ("voice-quoted", "surface"), ("voice-reported", "surface"),
    ("voice-authorial", "paper"), ("voice-quoted", "paper"), ("voice-reported", "paper"),
    *((("ink", name) for name in PALETTE if name.startswith("cat-"))),
    *((("muted", name) for name in PALETTE if name.startswith("cat-"))),
)
"""(text colour, background) pairs that must reach WCAG AA for normal text (4.5:1)."""

GRAPHIC_PAIRS: tuple[tuple[str, str], ...] = (
    ("bar-authorial", "bar-track"), ("bar-quoted", "bar-track"), ("bar-reported", "bar-track"),
    ("voice-authorial", "cat-other"), ("credit-line", "credit"), ("accent", "paper"),
    *((("voice-authorial", name) for name in PALETTE if name.startswith("cat-"))),
    *((("voice-quoted", name) for name in PALETTE if name.startswith("cat-"))),
    *((("voice-reported", name) for name in PALETTE if name.startswith("cat-"))),
)
"""(graphic colour, background) pairs that must reach WCAG AA for non-text contrast (3:1)."""

# --------------------------------------------------------------------------------------------
# Words the page uses for the model's codes.

STEP_LABELS = {"original": "First published", "translation": "Translated", "publication": "Published"}
VOICE_LABELS = {"authorial": "outlet's own words", "quoted": "inside a quote", "reported": "reported speech"}
VOICE_CHIPS = {"authorial": "outlet", "quoted": "quote", "reported": "reported"}
ORIGIN_LABELS = {
    "header": "header line", "html-meta": "page metadata", "registry": "outlet registry",
    "url": "page address", "document": "whole document", "text": "text before the body",
}
METRIC_NAMES = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman–Liau index",
    "automated_readability_index": "Automated readability index",
    "dale_chall_readability_score": "Dale–Chall score",
    "linsear_write_formula": "Linsear Write",
    "fernandez_huerta": "Fernández Huerta",
    "szigriszt_pazos": "Szigriszt-Pazos",
    "gutierrez_polini": "Gutiérrez de Polini",
    "crawford": "Crawford",
    "wiener_sachtextformel": "Wiener Sachtextformel",
    "gulpease_index": "Gulpease index",
    "osman": "Osman",
}
EASE_BANDS = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"),
              (50, "fairly difficult"), (30, "difficult"), (float("-inf"), "very difficult"))
"""Flesch reading-ease bands, as Flesch named them."""
GRADE_BANDS = ((6, "easy"), (8, "fairly easy"), (10, "standard"), (12, "fairly difficult"),
               (16, "difficult"), (float("inf"), "very difficult"))
"""The same words by school grade, when no reading-ease score is available."""
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
TITLE_MAX = 110
EVIDENCE_MAX = 36
CONTEXT_WORDS = 3
MAX_QUESTIONS = 7
MAX_LOADED_QUESTIONS = 2
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"\n")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")
_SENTENCE_STOP = ".!?\n“”«»\""


# --------------------------------------------------------------------------------------------
# The view model


class Fact(NamedTuple):
    """One line of the header: a label, its value and, for dates, the machine-readable form."""

    label: str
    value: str | None
    datetime: str | None = None


class Tip(NamedTuple):
    """The note of one framing highlight, shown on focus or hover and listed as a footnote."""

    number: int
    note_id: str
    ref_id: str
    phrase: str
    category: str
    voice: str
    voice_class: str
    explanation: str
    alternative: str | None
    detail: str
    chip: str


class Chip(NamedTuple):
    """A small visible label after a highlight: the footnote number, category and voice."""

    text: str
    classes: str
    id: str | None = None


class Segment(NamedTuple):
    """A run of article text with the same highlights over all of it."""

    text: str
    br: bool = False
    mark: bool = False
    classes: str = ""
    id: str | None = None
    extra_ids: tuple[str, ...] = ()
    focusable: bool = False
    described_by: str = ""
    tips: tuple[Tip, ...] = ()
    chips: tuple[Chip, ...] = ()


class Paragraph(NamedTuple):
    """One paragraph of the article, cut into segments."""

    number: int
    lang: str | None
    classes: str
    flag: str | None
    segments: tuple[Segment, ...]


class EvidenceLink(NamedTuple):
    """Where a credit was found: a link to its highlight, or the origin when not in the text."""

    text: str
    href: str | None
    origin: str | None
    rule: str


class CreditRow(NamedTuple):
    """One row of the credits table."""

    field: str
    value: str
    detail: str | None
    confidence: str
    evidence: tuple[EvidenceLink, ...]


class Step(NamedTuple):
    """One box of the provenance chain."""

    label: str
    actor: str
    language: str | None
    people: tuple[str, ...]
    extras: tuple[str, ...]
    rules: str | None
    classes: str


class Bar(NamedTuple):
    """One category of the framing summary: counts by voice and the bar widths."""

    label: str
    classes: str
    total: int
    authorial: int
    quoted: int
    reported: int
    authorial_style: str
    quoted_style: str
    reported_style: str
    description: str
    cue: bool
    count_text: str


class Figure(NamedTuple):
    """A number with its label and a sentence saying what it means."""

    label: str
    value: str
    meaning: str


class FramingView(NamedTuple):
    """The framing summary."""

    figures: tuple[Figure, ...]
    bars: tuple[Bar, ...]
    voices: str
    empty: str | None


class SourceRow(NamedTuple):
    """One quoted speaker."""

    name: str
    titles: str | None
    quotes: str
    words: str
    share: str
    bar_style: str


class SourcesView(NamedTuple):
    """Who is quoted, and the single-source flag."""

    rows: tuple[SourceRow, ...]
    flag: str | None
    summary: str
    summary_classes: str


class LanguageRow(NamedTuple):
    """The language of a run of paragraphs."""

    paragraphs: str
    href: str
    language: str
    confidence: str
    note: str | None
    classes: str


class ReadabilityView(NamedTuple):
    """Readability in plain words, with the formulas behind it."""

    headline: str
    plain: str
    counts: str
    metrics: tuple[tuple[str, str], ...]


class GlossaryEntry(NamedTuple):
    """A framing category that appears in the article."""

    label: str
    description: str
    classes: str


class NoteRow(NamedTuple):
    """A note for the reader: an ambiguity, a limit, a skipped check."""

    source: str
    message: str


class Report(NamedTuple):
    """Everything the report template shows."""

    lang: str
    ui_lang: str
    page_title: str
    title: str
    title_classes: str
    title_note: str | None
    facts: tuple[Fact, ...]
    summary: str
    palette_css: Markup
    chain: tuple[Step, ...]
    chain_empty: str | None
    tags: tuple[str, ...]
    credits: tuple[CreditRow, ...]
    credits_empty: str | None
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Tip, ...]
    legend: tuple[Chip, ...]
    framing: FramingView
    sources: SourcesView
    languages: tuple[LanguageRow, ...]
    language_summary: str
    readability: ReadabilityView | None
    readability_empty: str | None
    questions: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]
    notes: tuple[NoteRow, ...]
    jsonld: Markup | None
    footer: str
    generated_at: str | None


# --------------------------------------------------------------------------------------------
# Building it


def build_report(ann: Annotation, generated_at: datetime | date | str | None = None) -> Report:
    """Turn an Annotation into the report's view model."""
    doc_lang = document_language(ann)
    title, title_note = article_title(ann)
    tips = framing_tips(ann)
    credits = credit_rows(ann)
    credit_marks = credit_highlights(ann)
    return Report(
        lang=doc_lang or "und",
        ui_lang="en",
        page_title=f"Provenance report: {title}",
        title=title,
        title_classes="from-text" if title_note else "",
        title_note=title_note,
        facts=header_facts(ann, doc_lang),
        summary=summary_sentence(ann, doc_lang),
        palette_css=palette_css(),
        chain=chain_steps(ann.provenance),
        chain_empty=None if ann.provenance.chain else "No step of the article's journey could be found: it names no source, translator or publisher.",
        tags=tuple(tag_decoding(t) for t in ann.provenance.editorial_tags),
        credits=credits,
        credits_empty=None if credits else "No credits were found in this article.",
        paragraphs=article_paragraphs(ann, doc_lang, credit_marks, tips),
        footnotes=tuple(tips),
        legend=legend_chips(),
        framing=framing_view(ann),
        sources=sources_view(ann),
        languages=language_rows(ann),
        language_summary=language_summary(ann),
        readability=readability_view(ann),
        readability_empty=None if ann.readability else "Readability was not measured for this report.",
        questions=discussion_questions(ann, doc_lang),
        glossary=glossary(ann),
        notes=note_rows(ann),
        jsonld=jsonld_block(ann),
        footer=f"provlens {__version__} · output schema {SCHEMA_VERSION} · article id {ann.id} · source {ann.source}",
        generated_at=timestamp(generated_at),
    )


# ---- small helpers


@cache
def palette_css() -> Markup:
    """The palette as CSS custom properties, and one background rule per framing category."""
    props = "".join(f"--{name}:{value};" for name, value in PALETTE.items())
    rules = "".join(f".{name}{{background-color:var(--{name})}}" for name in PALETTE if name.startswith("cat-"))
    return Markup(f":root{{{props}}}\n{rules}\n")


@cache
def language_names() -> dict[str, str]:
    """ISO 639-1 code -> English name, from the credit labels' language table (English names first)."""
    names: dict[str, str] = {}
    for name, code in load_toml("credits.toml").get("languages", {}).items():
        names.setdefault(code, name.capitalize())
    return names


def language_name(code: str | None) -> str | None:
    """The English name of a language code; the code itself when it is not known."""
    if not code:
        return None
    return language_names().get(code.lower()[:2], code)


@cache
def categories() -> dict[str, dict]:
    """Framing categories by id, in the order of the data file."""
    return {c["id"]: c for c in load_toml("categories.toml").get("category", [])}


def category_label(category: str) -> str:
    """The category's long label from the data file, else its id in words."""
    entry = categories().get(category)
    return entry["label"] if entry else category.replace("_", " ").capitalize()


def category_short(category: str) -> str:
    """The category id in words, for the small labels in the text."""
    return category.replace("_", " ")


def css_token(value: str) -> str:
    """A value made safe for a class name."""
    return _CLASS_UNSAFE.sub("-", value.lower()) or "x"


def category_class(category: str) -> str:
    """The colour class of a category; unknown categories share a neutral one."""
    return f"cat-{css_token(category)}" if category in categories() else "cat-other"


def percent(value: float) -> str:
    """A share from 0 to 1 as a whole percentage."""
    return f"{round(value * 100)}%"


def number(value: float, digits: int = 1) -> str:
    """A number with a fixed count of decimals, thousands separated."""
    return f"{value:,.{digits}f}"


def width(part: float, whole: float) -> str:
    """A CSS width for a bar that is `part` of `whole`."""
    share = 0.0 if whole <= 0 else max(0.0, min(1.0, part / whole))
    return f"width: {share * 100:.1f}%"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 quote', '3 quotes'."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def sentence_case(text: str) -> str:
    """Capitalise the first letter only."""
    return text[:1].upper() + text[1:]


def readable_date(value: str | None) -> str | None:
    """'2022-02-17' -> '17 February 2022'; other forms are shown as they are."""
    if not value:
        return None
    m = _ISO_DATE.match(value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return value
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def timestamp(value: datetime | date | str | None) -> str | None:
    """The generation time as ISO 8601, only when the caller gives one."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (datetime, date)) else str(value)


def body(ann: Annotation) -> str:
    """The article body: the text after the header lines."""
    return ann.text[ann.body_start:]


def document_language(ann: Annotation) -> str | None:
    """The article's language: detected, else framing's or readability's, else the publication step's."""
    for code in (ann.language.document if ann.language else None,
                 ann.framing.language if ann.framing else None,
                 ann.readability.language if ann.readability else None):
        if code:
            return code.lower()
    for step in ann.provenance.chain:
        if step.step == "publication" and step.language:
            return step.language.lower()
    return None


def publication_date(ann: Annotation) -> str | None:
    """The publication date as found: provenance first, then page metadata."""
    return ann.provenance.date or ann.metadata.date


def publisher_name(ann: Annotation) -> str | None:
    """The publishing outlet: the provenance's, else the page metadata's."""
    return ann.provenance.publisher.name if ann.provenance.publisher else ann.metadata.outlet


# ---- header


def article_title(ann: Annotation) -> tuple[str, str | None]:
    """The headline from metadata, else the body's first line cut to a readable length."""
    if ann.metadata.title and ann.metadata.title.strip():
        return ann.metadata.title.strip(), None
    first = body(ann).strip().split("\n", 1)[0].strip()
    if not first:
        return "Untitled article", "The article has no headline and no text before its credits."
    note = "No headline was found; this is the article's opening line."
    return shorten(first, TITLE_MAX), note


def header_facts(ann: Annotation, doc_lang: str | None) -> tuple[Fact, ...]:
    """Outlet, date and language, each only when known."""
    when = publication_date(ann)
    iso = when if when and _ISO_DATE.match(when) else None
    facts = [Fact("Outlet", publisher_name(ann)), Fact("Date", readable_date(when), iso),
             Fact("Language", language_name(doc_lang)), Fact("Address", ann.metadata.url)]
    return tuple(f for f in facts if f.value)


def summary_sentence(ann: Annotation, doc_lang: str | None) -> str:
    """One plain sentence of what the credits say; missing parts are left out."""
    p = ann.provenance
    parts = [origin_clause(p, doc_lang), translation_clause(p, doc_lang)]
    parts += [f"{c.role} by {c.name}" for c in p.contributors]
    parts += [f"revised by {join_names([r.name for r in p.revisers])}"] if p.revisers else []
    parts += [byline_clause(p)] if p.bylines else []
    parts += [f"dateline {dateline_text(p.dateline)}"] if p.dateline else []
    parts += [f"cites {join_names([o.name for o in p.cited_outlets])}"] if p.cited_outlets else []
    parts += [photo_clause(pc) for pc in p.photo_credits]
    parts += [f"signed {tag.raw}{tag_gloss(tag)}" for tag in p.editorial_tags]
    named = " ".join(x for x in parts if x)
    if p.publisher and p.publisher.name not in named:
        parts.append(f"published by {p.publisher.name}")
    parts = [x for x in parts if x]
    if not parts:
        return "The article names no source, author, translator or photographer."
    return sentence_case("; ".join(parts)) + "."


def origin_clause(p: Provenance, doc_lang: str | None) -> str | None:
    """'first published in Spanish by Alba Ciudad'."""
    lang = language_name(p.original_language)
    if p.source_outlets:
        names = join_names([o.name for o in p.source_outlets])
        return f"first published in {lang} by {names}" if lang else f"first published by {names}"
    if lang and p.original_language != doc_lang and not p.translators:
        return f"originally in {lang}"
    return None


def translation_clause(p: Provenance, doc_lang: str | None) -> str | None:
    """'translated into English by Orinoco Tribune'."""
    if not p.translators:
        return None
    first = p.translators[0]
    into = language_name(first.to_language or doc_lang)
    source = language_name(first.from_language or p.original_language)
    where = f" from {source}" if source and not p.source_outlets else ""
    where += f" into {into}" if into else ""
    return f"translated{where} by {join_names([t.name for t in p.translators])}"


def byline_clause(p: Provenance) -> str:
    """'written by Ana Ruiz (Agencia Norte)'."""
    names = [f"{b.name} ({b.affiliation})" if b.affiliation else b.name for b in p.bylines]
    return f"written by {join_names(names)}"


def dateline_text(d: Dateline) -> str:
    """The dateline's place, with its agency when it names one."""
    return f"{d.place} ({d.agency})" if d.agency else d.place


def photo_clause(pc: PhotoCredit) -> str:
    """'photo by Zurimar Campos (Presidential Press)', 'handout photo from Reuters'."""
    kind = " ".join([*pc.markers, "photo"])
    if pc.credit and pc.agency:
        return f"{kind} by {pc.credit} ({pc.agency})"
    if pc.credit:
        return f"{kind} by {pc.credit}"
    if pc.agency:
        return f"{kind} from {pc.agency}"
    return f"{kind}, not credited by name"


def tag_gloss(tag: EditorialTag) -> str:
    """' (Orinoco Tribune; staff initials JRE, SL)'."""
    bits = [tag.outlet] if tag.outlet else []
    if tag.initials:
        bits.append(f"staff initials {', '.join(staff_label(tag, i) for i in tag.initials)}")
    return f" ({'; '.join(bits)})" if bits else ""


def staff_label(tag: EditorialTag, initials: str) -> str:
    """Initials, with the staff member's name only when the registry publishes it."""
    for member in tag.staff:
        if member.initials == initials and member.name:
            return f"{initials} ({member.name})"
    return initials


# ---- chain


def chain_steps(p: Provenance) -> tuple[Step, ...]:
    """The provenance chain as boxes, extras (photo, tag, contributors) on the last one."""
    steps = list(p.chain)
    out = []
    for i, step in enumerate(steps):
        extras = chain_extras(p) if i == len(steps) - 1 else ()
        out.append(chain_step(step, extras))
    return tuple(out)


def chain_step(step: ChainStep, extras: tuple[str, ...]) -> Step:
    """One box: who, in what language, with whom."""
    lang = language_name(step.language)
    preposition = "into" if step.step == "translation" else "in"
    people = tuple(f"{c.name} · {c.role}" for c in step.people)
    return Step(
        label=STEP_LABELS.get(step.step, step.step.capitalize()),
        actor=step.actor or "Not named",
        language=f"{preposition} {lang}" if lang else None,
        people=people,
        extras=extras,
        rules=", ".join(step.rules) or None,
        classes=f"step step-{css_token(step.step)}" + ("" if step.actor else " step-unknown"),
    )


def chain_extras(p: Provenance) -> tuple[str, ...]:
    """Lines under the last box: the photo credits, contributors and the decoded tags."""
    lines = [sentence_case(photo_clause(pc)) for pc in p.photo_credits]
    lines += [f"{sentence_case(c.role)}: {c.name}" for c in p.contributors]
    lines += [f"Signed {tag.raw}" for tag in p.editorial_tags]
    return tuple(lines)


def tag_decoding(tag: EditorialTag) -> str:
    """A sign-off tag spelled out: the outlet code and each set of initials."""
    parts = []
    if tag.outlet_code:
        parts.append(f"{tag.outlet_code} = {tag.outlet or 'an outlet code not in the registry'}")
    elif tag.outlet:
        parts.append(f"outlet: {tag.outlet}")
    if tag.initials:
        named = [staff_label(tag, i) for i in tag.initials]
        unnamed = all(not m.name for m in tag.staff)
        suffix = " (the outlet does not publish whose they are)" if unnamed else ""
        parts.append(f"{', '.join(named)} = staff initials{suffix}")
    return f"{tag.raw}: " + "; ".join(parts) if parts else f"{tag.raw}: not decoded"


# ---- credits table


def evidence_id(ev: Evidence) -> str:
    """The anchor id of a highlight in the text."""
    return f"ev-{ev.start}-{ev.end}"


def body_range(ann: Annotation, ev: Evidence) -> tuple[int, int] | None:
    """The evidence's offsets when they point at article text the report shows, else None."""
    if ev.origin not in ("text", "header") or ev.start is None or ev.end is None:
        return None
    if not ann.text[max(ev.start, ann.body_start):ev.end].strip():
        return None
    return ev.start, ev.end


def evidence_link(ann: Annotation, ev: Evidence) -> EvidenceLink:
    """A link to the highlighted evidence, or the label of its origin."""
    if body_range(ann, ev) is not None:
        return EvidenceLink(text=shorten(ev.text), href=f"#{evidence_id(ev)}", origin=None, rule=ev.rule)
    return EvidenceLink(text=shorten(ev.text), href=None, origin=ORIGIN_LABELS.get(ev.origin, ev.origin), rule=ev.rule)


def shorten(text: str, limit: int = EVIDENCE_MAX) -> str:
    """Text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


def credit_items(p: Provenance) -> list[tuple[str, str, str | None, float, list[Evidence]]]:
    """(field, value, detail, confidence, evidence) for every credit, in the table's order."""
    rows: list[tuple[str, str, str | None, float, list[Evidence]]] = []
    rows += [("Source outlet", o.name, outlet_detail(o), o.confidence, o.evidence) for o in p.source_outlets]
    rows += [("Cited outlet", o.name, outlet_detail(o), o.confidence, o.evidence) for o in p.cited_outlets]
    rows += [("Translator", t.name, translator_detail(t.kind, t.from_language, t.to_language), t.confidence, t.evidence)
             for t in p.translators]
    rows += [("Reviser", r.name, r.role, r.confidence, r.evidence) for r in p.revisers]
    for pc in p.photo_credits:
        rows.append(("Photo credit", pc.credit or pc.agency or "Not named", photo_detail(pc), pc.confidence, pc.evidence))
        if pc.caption and pc.caption_evidence:
            rows.append(("Caption", pc.caption, None, pc.caption_evidence.confidence, [pc.caption_evidence]))
    rows += [("Editorial tag", t.raw, tag_decoding(t).split(": ", 1)[1], t.confidence, t.evidence) for t in p.editorial_tags]
    rows += [("Byline", b.name, ", ".join(x for x in (b.role, b.affiliation) if x) or None, b.confidence, b.evidence)
             for b in p.bylines]
    rows += [("Contributor", c.name, c.role, c.confidence, c.evidence) for c in p.contributors]
    if p.dateline:
        d = p.dateline
        rows.append(("Dateline", d.place, ", ".join(x for x in (d.agency, d.date_text) if x) or None, d.confidence, d.evidence))
    if p.date and p.date_evidence:
        rows.append(("Date", readable_date(p.date) or p.date, p.date, p.date_evidence.confidence, [p.date_evidence]))
    if p.original_language and p.original_language_evidence:
        ev = p.original_language_evidence
        rows.append(("Original language", language_name(p.original_language) or p.original_language,
                     f"from {ev.text}" if ev.origin == "registry" else None, ev.confidence, [ev]))
    if p.publisher:
        rows.append(("Publisher", p.publisher.name, outlet_detail(p.publisher), p.publisher.confidence, p.publisher.evidence))
    return rows


def credit_rows(ann: Annotation) -> tuple[CreditRow, ...]:
    """The credits table."""
    return tuple(
        CreditRow(field=f, value=v, detail=d, confidence=percent(c),
                  evidence=tuple(evidence_link(ann, ev) for ev in evs))
        for f, v, d, c, evs in credit_items(ann.provenance)
    )


def outlet_detail(o: Outlet) -> str | None:
    """What the registry knows of an outlet: kind, country, language, domain."""
    bits = [o.kind, o.country, language_name(o.language), o.domain]
    return " · ".join(b for b in bits if b) or None


def translator_detail(kind: str, source: str | None, target: str | None) -> str:
    """'organisation, Spanish → English'."""
    langs = " → ".join(x for x in (language_name(source), language_name(target)) if x)
    return f"{kind}, {langs}" if langs else kind


def photo_detail(pc: PhotoCredit) -> str | None:
    """Agency, markers, licence and site of a photo credit."""
    bits = [pc.agency if pc.credit else None, ", ".join(pc.markers) or None, pc.license, pc.site]
    return " · ".join(b for b in bits if b) or None


def credit_labels(ann: Annotation) -> dict[tuple[int, int], list[str]]:
    """Highlighted credit spans -> the table fields that point at them."""
    labels: dict[tuple[int, int], list[str]] = {}
    for f, _, _, _, evs in credit_items(ann.provenance):
        for ev in evs:
            if (where := body_range(ann, ev)) is not None:
                names = labels.setdefault(where, [])
                if f.lower() not in names:
                    names.append(f.lower())
    return labels


# ---- article text and highlights


class Mark(NamedTuple):
    """A span to highlight: a credit's evidence or a framing span, trimmed to the visible text."""

    start: int
    end: int
    anchor: str | None = None
    credit: tuple[str, ...] = ()
    tip: Tip | None = None
    category: str = ""
    voice: str = ""


def credit_highlights(ann: Annotation) -> list[Mark]:
    """One mark per distinct credit span in the body."""
    return [m for (s, e), labels in sorted(credit_labels(ann).items())
            if (m := trimmed_mark(ann, s, e, credit=tuple(labels), anchor=f"ev-{s}-{e}")) is not None]


def trimmed_mark(ann: Annotation, start: int, end: int, **kw) -> Mark | None:
    """A mark clipped to the body, without leading or trailing whitespace."""
    text = ann.text
    s, e = max(start, ann.body_start), min(end, len(text))
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Mark(start=s, end=e, **kw) if e > s else None


def framing_spans(ann: Annotation) -> list[FramingSpan]:
    """Framing spans in reading order."""
    if ann.framing is None:
        return []
    return sorted(ann.framing.spans, key=lambda s: (s.start, -s.end, s.category, s.rule))


def visible_spans(ann: Annotation) -> list[FramingSpan]:
    """Framing spans over some visible text of the body, in reading order."""
    return [s for s in framing_spans(ann) if trimmed_mark(ann, s.start, s.end) is not None]


def framing_tips(ann: Annotation) -> list[Tip]:
    """The numbered note of every visible framing span."""
    return [framing_tip(i, s) for i, s in enumerate(visible_spans(ann), 1)]


def framing_tip(number: int, span: FramingSpan) -> Tip:
    """A framing span's note: category, voice, explanation and neutral alternative."""
    voice = VOICE_LABELS.get(span.voice, span.voice)
    if span.voice != "authorial" and span.speaker:
        voice = f"{voice} ({span.speaker})"
    bits = [f"strength {span.intensity} of 3"]
    if span.cue:
        bits.append("counted as a cue, not as bias")
    if span.technique:
        bits.append(f"technique: {span.technique.replace('_', ' ')}")
    return Tip(number=number, note_id=f"fn-{number}", ref_id=f"ref-{number}", phrase=span.text,
               category=category_label(span.category), voice=voice, voice_class=f"voice-{css_token(span.voice)}",
               explanation=span.explanation, alternative=span.alternative or None, detail=" · ".join(bits),
               chip=f"{number} {category_short(span.category)} · {VOICE_CHIPS.get(span.voice, span.voice)}")


def body_paragraphs(ann: Annotation) -> tuple[tuple[int, int], ...]:
    """Blocks of the body separated by blank lines, trimmed, as offsets into the text."""
    return paragraph_offsets(ann.text, ann.body_start)


@lru_cache(maxsize=16)
def paragraph_offsets(text: str, body_start: int) -> tuple[tuple[int, int], ...]:
    """Blocks after `body_start` separated by blank lines, or its lines when it has no blank line, trimmed."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text, body_start) else _LINE_BREAK
    pos, out = body_start, []
    for m in separator.finditer(text, pos):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return tuple(trimmed)


def article_paragraphs(ann: Annotation, doc_lang: str | None, credit_marks: list[Mark],
                       tips: list[Tip]) -> tuple[Paragraph, ...]:
    """The body, paragraph by paragraph, with its highlights."""
    marks = credit_marks + framing_marks(ann, tips)
    langs = paragraph_languages(ann)
    out = []
    for number, (s, e) in enumerate(body_paragraphs(ann), 1):
        inside = [m for m in marks if m.start < e and m.end > s]
        lang, classes, flag = paragraph_language(langs.get(s), doc_lang)
        out.append(Paragraph(number=number, lang=lang, classes=classes, flag=flag,
                             segments=tuple(segments(ann.text, s, e, inside))))
    return tuple(out)


def framing_marks(ann: Annotation, tips: list[Tip]) -> list[Mark]:
    """Visible framing spans as marks, each with its numbered tip."""
    return [m for s, t in zip(visible_spans(ann), tips)
            if (m := trimmed_mark(ann, s.start, s.end, tip=t, category=s.category, voice=s.voice)) is not None]


def segments(text: str, start: int, end: int, marks: list[Mark]) -> list[Segment]:
    """Cut [start, end) at every mark boundary and line break; each piece knows its highlights."""
    cuts = {start, end}
    for m in marks:
        cuts.update(x for x in (m.start, m.end) if start < x < end)
    nl = text.find("\n", start, end)
    while nl >= 0:
        cuts.update((nl, nl + 1))
        nl = text.find("\n", nl + 1, end)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if piece == "\n":
            out.append(Segment(text="", br=True))
            continue
        active = [m for m in marks if m.start <= a and m.end >= b]
        out.append(segment(piece, a, b, active) if active else Segment(text=piece))
    return out


def segment(piece: str, a: int, b: int, active: list[Mark]) -> Segment:
    """A highlighted piece: classes from its marks, anchors where credits start, tips where spans end."""
    credits = [m for m in active if m.credit]
    framed = [m for m in active if m.tip is not None]
    ids = [m.anchor for m in credits if m.start == a and m.anchor]
    ending = [m.tip for m in framed if m.end == b and m.tip is not None]
    chips = [Chip(text=t.chip, classes=f"chip {t.voice_class}", id=t.ref_id) for t in ending]
    chips += [Chip(text=", ".join(m.credit), classes="chip chip-credit") for m in credits if m.end == b]
    return Segment(text=piece, mark=True, classes=segment_classes(credits, framed), id=ids[0] if ids else None,
                   extra_ids=tuple(ids[1:]), focusable=bool(ending),
                   described_by=" ".join(t.note_id for t in ending), tips=tuple(ending), chips=tuple(chips))


def segment_classes(credits: list[Mark], framed: list[Mark]) -> str:
    """'hl hl-credit', 'hl hl-frame cat-loaded voice-authorial': the innermost span sets the colour."""
    classes = ["hl"]
    if credits:
        classes.append("hl-credit")
    if framed:
        inner = min(framed, key=lambda m: (m.end - m.start, m.start))
        voices = {m.voice for m in framed}
        voice = "authorial" if "authorial" in voices else inner.voice
        classes += ["hl-frame", category_class(inner.category), f"voice-{css_token(voice)}"]
        if len(framed) > 1:
            classes.append("hl-overlap")
    return " ".join(classes)


def legend_chips() -> tuple[Chip, ...]:
    """The key to the highlights: voice by line style and label, credits by box."""
    return (
        Chip(text="solid underline · the outlet's own words", classes="legend-item voice-authorial"),
        Chip(text="dashed underline · inside a quote", classes="legend-item voice-quoted"),
        Chip(text="dotted underline · reported speech", classes="legend-item voice-reported"),
        Chip(text="boxed · a credit (source, translator, photo, tag)", classes="legend-item hl-credit"),
    )


# ---- language per paragraph


def paragraph_languages(ann: Annotation) -> dict[int, ParagraphLanguage]:
    """The language report's paragraphs by start offset."""
    if ann.language is None:
        return {}
    return {p.start: p for p in ann.language.paragraphs}


def paragraph_language(p: ParagraphLanguage | None, doc_lang: str | None) -> tuple[str | None, str, str | None]:
    """(lang attribute, classes, visible flag) of a paragraph."""
    if p is None or not p.language:
        return None, "para", None
    lang = p.language.lower() if p.language.lower() != doc_lang else None
    if p.possibly_untranslated:
        name = language_name(p.language)
        return lang, "para untranslated", f"Possibly untranslated: this paragraph reads as {name}."
    return lang, "para" + (" other-language" if lang else ""), None


def language_rows(ann: Annotation) -> tuple[LanguageRow, ...]:
    """Runs of neighbouring paragraphs with the same language and note, one row each."""
    if ann.language is None:
        return ()
    groups: list[list[tuple[int, ParagraphLanguage]]] = []
    for p in ann.language.paragraphs:
        number = paragraph_number(ann, p.start)
        if groups and language_key(groups[-1][-1][1]) == language_key(p) and groups[-1][-1][0] == number - 1:
            groups[-1].append((number, p))
        else:
            groups.append([(number, p)])
    return tuple(language_row(group) for group in groups)


def language_key(p: ParagraphLanguage) -> tuple:
    """What makes two paragraphs share a row: language, flag and note."""
    return (p.language, p.possibly_untranslated, p.note)


def language_row(group: list[tuple[int, ParagraphLanguage]]) -> LanguageRow:
    """One row: '¶ 1–8, English, 97–99%'."""
    first, last = group[0][0], group[-1][0]
    p = group[0][1]
    sure = sorted({percent(q.confidence) for _, q in group}, key=lambda x: int(x[:-1]))
    confidence = ("–".join([sure[0][:-1], sure[-1]]) if len(sure) > 1 else sure[0]) if p.language else "–"
    flag = "possibly untranslated" if p.possibly_untranslated else None
    return LanguageRow(paragraphs=f"¶ {first}" if first == last else f"¶ {first}–{last}", href=f"#p-{first}",
                       language=language_name(p.language) or "not judged", confidence=confidence,
                       note="; ".join(x for x in (flag, p.note) if x) or None,
                       classes="untranslated" if p.possibly_untranslated else "")


def paragraph_number(ann: Annotation, offset: int) -> int:
    """The number of the body paragraph that holds an offset."""
    starts = paragraph_starts(ann)
    return starts.get(offset) or nearest_paragraph(ann, offset)


def paragraph_starts(ann: Annotation) -> dict[int, int]:
    """Body paragraph start offset -> paragraph number."""
    return starts_of(body_paragraphs(ann))


@lru_cache(maxsize=16)
def starts_of(paragraphs: tuple[tuple[int, int], ...]) -> dict[int, int]:
    """Paragraph start offset -> paragraph number."""
    return {s: n for n, (s, _) in enumerate(paragraphs, 1)}


def nearest_paragraph(ann: Annotation, offset: int) -> int:
    """The number of the paragraph that holds an offset (the last one before it)."""
    number = 1
    for n, (s, _) in enumerate(body_paragraphs(ann), 1):
        if s <= offset:
            number = n
    return number


def language_summary(ann: Annotation) -> str:
    """The document language and how many paragraphs may be untranslated."""
    if ann.language is None:
        return "The language of each paragraph was not checked for this report."
    name = language_name(ann.language.document)
    flagged = sum(p.possibly_untranslated for p in ann.language.paragraphs)
    head = f"The article is in {name} ({percent(ann.language.confidence)} sure)." if name else "The article's language could not be told."
    tail = (f" {plural(flagged, 'paragraph')} may not have been translated." if flagged
            else " No paragraph looks like it was left untranslated.")
    return head + tail


# ---- readability


def readability_view(ann: Annotation) -> ReadabilityView | None:
    """The grade in words a student understands, and the formulas behind it."""
    r = ann.readability
    if r is None:
        return None
    ease = r.metrics.get("flesch_reading_ease") if (r.language or "en").startswith("en") else None
    plain = sentence_case(difficulty(ease, r.grade)) + (f", {level_words(r.grade)}." if r.grade is not None else ".")
    headline = sentence_case(grade_words(r.grade)) if r.grade is not None else "No grade level"
    counts = [plural(r.words, "word"), plural(r.sentences, "sentence")]
    if r.sentences:
        counts.append(f"about {round(r.words / r.sentences)} words a sentence")
    metrics = tuple((METRIC_NAMES.get(k, k.replace("_", " ").capitalize()), number(v)) for k, v in sorted(r.metrics.items()))
    return ReadabilityView(headline=headline, plain=plain, counts=", ".join(counts), metrics=metrics)


def grade_words(grade: float) -> str:
    """'about grade 11'."""
    return f"about grade {max(1, round(grade))}"


def level_words(grade: float) -> str:
    """Who reads at that grade: 'secondary school level', 'university level'."""
    g = round(grade)
    if g <= 5:
        return "primary school level"
    if g <= 8:
        return "middle school level"
    if g <= 12:
        return "secondary school level"
    return "university level" if g <= 16 else "specialist level"


def difficulty(ease: float | None, grade: float | None) -> str:
    """'fairly difficult': from reading ease when there is one, else from the grade."""
    if ease is not None:
        return next(word for floor, word in EASE_BANDS if ease >= floor)
    if grade is not None:
        return next(word for ceiling, word in GRADE_BANDS if round(grade) <= ceiling)
    return "not measured"


# ---- framing summary


def framing_view(ann: Annotation) -> FramingView:
    """Headline density, index, per-category bars and the quoted/authorial split."""
    f = ann.framing
    if f is None:
        return FramingView(figures=(), bars=(), voices="", empty="Framing was not analysed for this report.")
    s = f.scores
    figures = (
        Figure("Loaded phrasing in the outlet's own voice", number(s.authorial_density),
               f"flags per 1,000 of the outlet's own words ({s.authorial_words:,} words outside quotes)"),
        Figure("Framing index", f"{number(s.index, 0)} / 100", index_meaning(s.index)),
        Figure("Inside quotes", number(s.quoted_density),
               f"flags per 1,000 quoted words ({s.quoted_words:,} words inside quotes)"),
    )
    a, q = sum(s.authorial_counts.values()), sum(s.quoted_counts.values())
    voices = (f"{plural(a, 'flag')} in the outlet's own words, {plural(q, 'flag')} inside quotes. "
              f"Quotes make up {percent(s.quoted_share)} of the words.")
    bars = category_bars(s.counts, s.authorial_counts, s.quoted_counts)
    empty = None if bars else "No loaded or framing phrase was found."
    return FramingView(figures=figures, bars=bars, voices=voices, empty=empty)


def bar_counts(authorial: int, quoted: int, reported: int) -> str:
    """'1 outlet · 2 quoted': the parts of a category's count, zeros left out."""
    parts = [(authorial, "outlet"), (quoted, "quoted"), (reported, "reported")]
    return " · ".join(f"{n} {label}" for n, label in parts if n) or "0"


def index_meaning(index: float) -> str:
    """What a framing index means in words."""
    if index < 10:
        return "little framing"
    if index < 30:
        return "some framing"
    if index < 60:
        return "marked framing"
    return "heavy framing"


def category_bars(counts: dict[str, int], authorial: dict[str, int], quoted: dict[str, int]) -> tuple[Bar, ...]:
    """One bar per category found, in the data file's order, widths relative to the largest."""
    order = list(categories())
    found = sorted((c for c, n in counts.items() if n > 0), key=lambda c: (order.index(c) if c in order else len(order), c))
    top = max((counts[c] for c in found), default=0)
    bars = []
    for c in found:
        total, a, q = counts[c], authorial.get(c, 0), quoted.get(c, 0)
        r = max(0, total - a - q)
        bars.append(Bar(label=category_label(c), classes=category_class(c), total=total, authorial=a, quoted=q,
                        reported=r, authorial_style=width(a, top), quoted_style=width(q, top),
                        reported_style=width(r, top), description=categories().get(c, {}).get("description", ""),
                        cue=bool(categories().get(c, {}).get("cue", False)), count_text=bar_counts(a, q, r)))
    return tuple(bars)


# ---- sources


def sources_view(ann: Annotation) -> SourcesView:
    """Who is quoted, how often, how much of the text, and the single-source flag."""
    f = ann.framing
    if f is None:
        return SourcesView(rows=(), flag=None, summary="Quotes and sources were not analysed for this report.",
                           summary_classes="empty")
    total = f.scores.authorial_words + f.scores.quoted_words
    ranked = sorted(f.sources, key=lambda s: (-s.words, -s.quotes, s.name))
    top = max((s.words for s in ranked), default=0)
    rows = tuple(SourceRow(name=s.name, titles=", ".join(s.titles) or None, quotes=plural(s.quotes, "quote"),
                           words=plural(s.words, "word"), share=percent(s.words / total) if total else "–",
                           bar_style=width(s.words, top)) for s in ranked)
    return SourcesView(rows=rows, flag=single_source_flag(ann), summary=sources_summary(f), summary_classes="")


def single_source_flag(ann: Annotation) -> str | None:
    """A plain warning when only one person is quoted."""
    f = ann.framing
    if f is None or not f.single_source:
        return None
    name = f.sources[0].name if len(f.sources) == 1 else None
    who = f": {name}" if name else ""
    return f"Single source. Only one person is quoted{who}. The article gives no other voice."


def sources_summary(f: Framing) -> str:
    """How many speakers and quotes, in a sentence."""
    if not f.sources:
        return "Nobody is quoted by name."
    quotes = sum(s.quotes for s in f.sources)
    return f"{plural(len(f.sources), 'person', 'people')} quoted, {plural(quotes, 'quote')} in all."


# ---- classroom


def discussion_questions(ann: Annotation, doc_lang: str | None) -> tuple[str, ...]:
    """Questions built from what was found; none is asked about something absent from the article."""
    p = ann.provenance
    qs: list[str] = []
    qs += source_questions(ann)
    qs += translation_questions(p, doc_lang)
    qs += loaded_questions(ann)
    if p.source_outlets:
        qs.append(f"The article first appeared at {join_names([o.name for o in p.source_outlets])}. "
                  "Why might another outlet republish it, and what could change on the way?")
    qs += photo_questions(p)
    qs += signature_questions(p)
    qs += untranslated_questions(ann)
    if not qs:
        qs.append("The article names no source, author or translator. How could you find out where it came from?")
    return tuple(qs[:MAX_QUESTIONS])


def source_questions(ann: Annotation) -> list[str]:
    """Single source, or no named source at all."""
    f = ann.framing
    if f is None:
        return []
    if f.single_source:
        name = f" ({f.sources[0].name})" if len(f.sources) == 1 else ""
        return [f"Only one person is quoted{name}. Whose view is missing?"]
    if not f.sources:
        return ["Nobody is quoted by name. How could you check the article's claims?"]
    return []


def translation_questions(p: Provenance, doc_lang: str | None) -> list[str]:
    """Asked when the article says it was translated."""
    if not p.translators and not (p.original_language and doc_lang and p.original_language != doc_lang):
        return []
    source = language_name(p.original_language or (p.translators[0].from_language if p.translators else None))
    where = f" from {source}" if source else ""
    return [f"The article was translated{where}. What might change in translation?"]


def loaded_questions(ann: Annotation) -> list[str]:
    """Loaded words in the outlet's own voice, each with a few words of context."""
    spans = [s for s in framing_spans(ann) if s.voice == "authorial" and not s.cue]
    qs = []
    for s in spans[:MAX_LOADED_QUESTIONS]:
        qs.append(f"The outlet itself writes “{s.text}” (“{context(ann.text, s.start, s.end)}”). "
                  "What neutral word could it have used?")
    quoted = [s for s in framing_spans(ann) if s.voice != "authorial" and not s.cue]
    if quoted and not spans:
        speakers = join_names(sorted({s.speaker for s in quoted if s.speaker}))
        who = f" from {speakers}" if speakers else ""
        qs.append(f"The loaded words all come from quotes{who}. Does the article show anyone who disagrees?")
    return qs


def context(text: str, start: int, end: int) -> str:
    """A span with up to a few words on each side, within its sentence and outside any quote."""
    left = text[:start]
    cut = max(left.rfind(c) for c in _SENTENCE_STOP)
    before = left[cut + 1:].split()[-CONTEXT_WORDS:]
    right = text[end:]
    stops = [i for i in (right.find(c) for c in _SENTENCE_STOP) if i >= 0]
    after = right[:min(stops) if stops else len(right)].split()[:CONTEXT_WORDS]
    lead = "…" if len(left[cut + 1:].split()) > CONTEXT_WORDS else ""
    tail = "…" if stops and len(right[:min(stops)].split()) > CONTEXT_WORDS else ""
    phrase = " ".join([*before, text[start:end]]) if before else text[start:end]
    if after and not right[:1].isspace():
        phrase += after[0]
        after = after[1:]
    return lead + " ".join([phrase, *after]).strip() + tail


def photo_questions(p: Provenance) -> list[str]:
    """Who supplied the picture."""
    for pc in p.photo_credits:
        who = f"{pc.credit} ({pc.agency})" if pc.credit and pc.agency else (pc.credit or pc.agency)
        if who:
            return [f"The photo is credited to {who}. Who chose what it shows, and why might that matter?"]
    return []


def signature_questions(p: Provenance) -> list[str]:
    """Initials only, or no author at all."""
    initials = [i for tag in p.editorial_tags for i in tag.initials if not any(m.name for m in tag.staff)]
    if initials and not p.bylines:
        return [f"The article is signed only with initials ({', '.join(initials)}). How could you find out who wrote or edited it?"]
    if not p.bylines and not p.editorial_tags:
        return ["No author is named. Does that change how much you trust the article?"]
    return []


def untranslated_questions(ann: Annotation) -> list[str]:
    """A paragraph left in another language."""
    if ann.language is None:
        return []
    flagged = [p for p in ann.language.paragraphs if p.possibly_untranslated]
    if not flagged:
        return []
    name = language_name(flagged[0].language) or "another language"
    return [f"Part of the article seems to be in {name}. Why might it have been left untranslated?"]


def glossary(ann: Annotation) -> tuple[GlossaryEntry, ...]:
    """The categories that appear in the article, in the data file's order."""
    found = {s.category for s in framing_spans(ann)}
    order = list(categories())
    ranked = sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c))
    return tuple(GlossaryEntry(label=category_label(c), classes=category_class(c),
                               description=categories().get(c, {}).get("description", "No description in the category list."))
                 for c in ranked)


# ---- notes and JSON-LD


def note_rows(ann: Annotation) -> tuple[NoteRow, ...]:
    """The annotation's notes, then the checks this report could not show."""
    rows = [NoteRow(source=f"{n.analyser} · {n.code}", message=n.message) for n in ann.notes]
    if ann.readability:
        rows += [NoteRow(source="readability", message=m) for m in ann.readability.notes]
    skipped = [("framing", ann.framing, "Framing, quotes and sources were not analysed."),
               ("language", ann.language, "The language of each paragraph was not checked."),
               ("readability", ann.readability, "Readability was not measured.")]
    rows += [NoteRow(source=name, message=msg) for name, value, msg in skipped if value is None]
    return tuple(rows)


def jsonld_block(ann: Annotation) -> Markup | None:
    """The article's schema.org JSON-LD, escaped so that nothing in it can close its script element."""
    try:
        from .jsonld import to_jsonld
    except ImportError:
        return None
    return safe_json(to_jsonld(ann))


def safe_json(data: object) -> Markup:
    """JSON text with <, >, & and ' written as \\u escapes: inert inside a <script> data block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


__all__ = ["PALETTE", "TEXT_PAIRS", "GRAPHIC_PAIRS", "Report", "build_report"]
