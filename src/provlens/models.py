"""The output contract: frozen pydantic models of everything provlens reports.

Analysers and renderers import these models and never each other. Field names listed in README.md
under "Output contract" are read by other tools; renaming one is a breaking change and bumps
`SCHEMA_VERSION`.

Every finding carries `Evidence`: half-open offsets into `Annotation.text` (the normalised text),
the matched text, the id of the rule that fired and a confidence. `Annotation` checks on
construction that each offset pair really points at its text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

Origin = Literal["text", "header", "html-meta", "url", "registry", "document"]
Voice = Literal["authorial", "quoted", "reported"]


class Model(BaseModel):
    """Base for every output model: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Model):
    """Where a finding comes from: a span of the text, a header line, or page metadata."""

    start: int | None = Field(None, ge=0, description="Offset into Annotation.text (None for html-meta/registry).")
    end: int | None = Field(None, ge=0)
    text: str = Field(description="The matched text, or the metadata value.")
    rule: str = Field(description="Id of the rule that fired, e.g. credits.translator.label.")
    confidence: float = Field(ge=0.0, le=1.0)
    origin: Origin = "text"


class Note(Model):
    """Something a reader should know that is not a finding: an ambiguity, a limit, a skipped check."""

    analyser: str
    code: str
    message: str
    start: int | None = None
    end: int | None = None


# --------------------------------------------------------------------------------------------
# Provenance


class Outlet(Model):
    """A news outlet or agency, resolved against the registry where possible."""

    name: str
    registry_id: str | None = None
    code: str | None = None
    domain: str | None = None
    language: str | None = None
    country: str | None = None
    kind: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class Translator(Model):
    """A person or organisation credited with translating the piece."""

    name: str
    kind: Literal["person", "organisation"] = "person"
    from_language: str | None = None
    to_language: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class Contributor(Model):
    """A person with a stated role: reviser, reporting, additional reporting, editing, writing."""

    name: str
    role: str
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class PhotoCredit(Model):
    """One credited image: who took it, for which agency or institution, and its caption."""

    credit: str | None = None
    agency: str | None = None
    caption: str | None = None
    markers: list[Literal["file", "archive", "handout", "courtesy", "social"]] = []
    license: str | None = None
    site: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)
    caption_evidence: Evidence | None = None


class StaffMember(Model):
    initials: str
    name: str | None = Field(None, description="Only when the registry publishes the outlet's staff; never guessed.")


class EditorialTag(Model):
    """A sign-off tag such as OT/JRE/SL: outlet code decoded, staff initials kept."""

    raw: str
    outlet: str | None = None
    outlet_code: str | None = None
    initials: list[str] = []
    staff: list[StaffMember] = []
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class Byline(Model):
    name: str
    affiliation: str | None = None
    role: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class Dateline(Model):
    place: str
    agency: str | None = None
    date_text: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(min_length=1)


class ChainStep(Model):
    """One hand the article passed through: original publication, translation, publication."""

    step: Literal["original", "translation", "publication"]
    actor: str | None = None
    role: str
    language: str | None = None
    people: list[Contributor] = []
    rules: list[str] = []


class Provenance(Model):
    source_outlets: list[Outlet] = []
    cited_outlets: list[Outlet] = []
    publisher: Outlet | None = None
    translators: list[Translator] = []
    revisers: list[Contributor] = []
    contributors: list[Contributor] = []
    photo_credits: list[PhotoCredit] = []
    editorial_tags: list[EditorialTag] = []
    bylines: list[Byline] = []
    dateline: Dateline | None = None
    date: str | None = Field(None, description="Publication date, ISO 8601 (YYYY-MM-DD).")
    date_evidence: Evidence | None = None
    original_language: str | None = None
    original_language_evidence: Evidence | None = None
    chain: list[ChainStep] = []


# --------------------------------------------------------------------------------------------
# Framing


class Quote(Model):
    """A direct quote or a reported statement, with its speaker where the text tells it."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    kind: Literal["direct", "reported"]
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = Field(None, description="The reporting verb or phrase (said, according to, afirmó).")
    words: int = Field(ge=0)


class Source(Model):
    """One distinct speaker: how often and how much the article quotes them."""

    name: str
    quotes: int = Field(ge=0)
    words: int = Field(ge=0)
    titles: list[str] = Field([], description="Titles or roles as the text states them.")
    mentions: list[str] = Field([], description="Every way the text refers to this speaker.")


class FramingSpan(Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    category: str
    technique: str | None = None
    intensity: int = Field(ge=1, le=3)
    voice: Voice
    speaker: str | None = None
    explanation: str
    alternative: str | None = None
    rule: str
    cue: bool = Field(False, description="Hedges and boosters: counted, never make a sentence biased.")


class SentenceScore(Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(ge=0.0)
    biased: bool


class Scores(Model):
    authorial_density: float = Field(description="Authorial framing spans per 1,000 authorial words: the headline number.")
    quoted_density: float = Field(description="Framing spans inside quotes per 1,000 quoted words.")
    index: float = Field(ge=0.0, le=100.0, description="0-100 framing index; formula in docs/FRAMING.md.")
    authorial_words: int = Field(ge=0)
    quoted_words: int = Field(ge=0)
    counts: dict[str, int] = Field({}, description="Spans per category, all voices.")
    authorial_counts: dict[str, int] = {}
    quoted_counts: dict[str, int] = {}
    distinct_speakers: int = Field(0, ge=0)
    top_speaker_share: float = Field(0.0, ge=0.0, le=1.0, description="Share of quotes from the most-quoted speaker.")
    quoted_share: float = Field(0.0, ge=0.0, le=1.0, description="Share of the article's words inside quotes.")
    biased_sentences: int = Field(0, ge=0)
    sentence_threshold: float = Field(0.0, ge=0.0)


class Framing(Model):
    language: str | None = None
    spans: list[FramingSpan] = []
    quotes: list[Quote] = []
    sentences: list[SentenceScore] = []
    sources: list[Source] = []
    scores: Scores
    single_source: bool = False


class ParagraphLanguage(Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    language: str | None = None
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    possibly_untranslated: bool = False
    note: str | None = None


class LanguageReport(Model):
    document: str | None = None
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    paragraphs: list[ParagraphLanguage] = []


class Readability(Model):
    language: str | None = None
    words: int = Field(0, ge=0)
    sentences: int = Field(0, ge=0)
    syllables: int = Field(0, ge=0)
    metrics: dict[str, float] = Field({}, description="Formula name -> value, as textstat computes it.")
    grade: float | None = Field(None, description="A school grade level for plain-language display.")
    notes: list[str] = []


# --------------------------------------------------------------------------------------------
# The whole annotation


class MetaField(Model):
    """One piece of page or header metadata as found, before any precedence is applied."""

    name: str
    value: str
    origin: Origin


class Metadata(Model):
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    fields: list[MetaField] = []


class Annotation(Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    source: str = Field(description="The path, '-' for standard input, or the batch record's id.")
    format: Literal["text", "html"] = "text"
    body_start: int = Field(0, ge=0, description="Offset where the body starts after header lines.")
    text: str = Field(description="The normalised text every offset points into.")
    metadata: Metadata = Metadata()
    provenance: Provenance = Provenance()
    framing: Framing | None = None
    language: LanguageReport | None = None
    readability: Readability | None = None
    notes: list[Note] = []

    @model_validator(mode="after")
    def _offsets_point_at_text(self) -> Annotation:
        """Every evidence and span must point at exactly the text it claims."""
        for where, start, end, text in _spans_of(self):
            if start is None or end is None:
                continue
            if not (0 <= start <= end <= len(self.text)) or self.text[start:end] != text:
                raise ValueError(f"{where}: offsets {start}:{end} do not point at {text!r}")
        return self


def _spans_of(ann: Annotation):
    """Yield (where, start, end, text) for every offset-carrying item of an annotation."""
    p = ann.provenance
    items: list[tuple[str, object]] = []
    for name in ("source_outlets", "cited_outlets", "translators", "revisers", "contributors",
                 "photo_credits", "editorial_tags", "bylines"):
        items.extend((f"provenance.{name}", item) for item in getattr(p, name))
    if p.publisher:
        items.append(("provenance.publisher", p.publisher))
    if p.dateline:
        items.append(("provenance.dateline", p.dateline))
    for where, item in items:
        for ev in item.evidence:  # type: ignore[attr-defined]
            if ev.origin in ("text", "header"):
                yield where, ev.start, ev.end, ev.text
    for where, ev in (("provenance.date_evidence", p.date_evidence),
                      ("provenance.original_language_evidence", p.original_language_evidence)):
        if ev is not None and ev.origin in ("text", "header"):
            yield where, ev.start, ev.end, ev.text
    for pc in p.photo_credits:
        if pc.caption_evidence is not None:
            ev = pc.caption_evidence
            yield "provenance.photo_credits.caption", ev.start, ev.end, ev.text
    if ann.framing is not None:
        for span in ann.framing.spans:
            yield "framing.spans", span.start, span.end, span.text
        for quote in ann.framing.quotes:
            yield "framing.quotes", quote.start, quote.end, quote.text
