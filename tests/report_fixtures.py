"""Annotations for the report tests: the reference article, complete, and a hostile article.

Credits come from the real extractor. Framing, language and readability are built here by hand
with realistic values, so the report can be tested whole before those analysers exist and stays
fixed when they change.
"""

from __future__ import annotations

import re
from pathlib import Path

from provlens.analysers.credits import find_credits
from provlens.document import from_text, load_path
from provlens.models import (
    Annotation,
    Byline,
    EditorialTag,
    Evidence,
    Framing,
    FramingSpan,
    LanguageReport,
    Metadata,
    Note,
    Outlet,
    ParagraphLanguage,
    PhotoCredit,
    Provenance,
    Quote,
    Readability,
    Scores,
    Source,
    StaffMember,
    Translator,
    ChainStep,
    Contributor,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_NAME = "samples/orinoco-tribune-2022-02-17-venezuela-russia.txt"
MADURO = "Nicolás Maduro"


def find(text: str, phrase: str, occurrence: int = 1, after: int = 0) -> tuple[int, int]:
    """Offsets of the n-th occurrence of `phrase` in `text` at or after `after`."""
    pos = after - 1
    for _ in range(occurrence):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def framing_span(text: str, phrase: str, category: str, voice: str, explanation: str, *,
                 occurrence: int = 1, after: int = 0, alternative: str | None = None,
                 speaker: str | None = None, intensity: int = 2, cue: bool = False) -> FramingSpan:
    """A framing span found by its phrase."""
    start, end = find(text, phrase, occurrence, after)
    return FramingSpan(start=start, end=end, text=phrase, category=category, intensity=intensity, voice=voice,
                       speaker=speaker, explanation=explanation, alternative=alternative,
                       rule=f"framing.{category}.lexicon", cue=cue)


def reference_document():
    """The reference article, loaded as the command line loads it."""
    return load_path(ROOT / REFERENCE_NAME)


def credits_only_annotation() -> Annotation:
    """The reference article with credits only, as `annotate --credits-only` gives it."""
    doc = reference_document()
    found = find_credits(doc, language="en")
    return Annotation(id=doc.id, source=REFERENCE_NAME, text=doc.text, body_start=doc.body_start,
                      provenance=found.provenance, notes=list(found.notes))


def reference_framing(text: str) -> Framing:
    """Framing of the reference article: loaded words in both voices, one speaker quoted."""
    p2 = text.index("“We have ratified")
    spans = [
        framing_span(text, "powerful", "loaded", "authorial",
                     "The outlet calls the partnership powerful: a judgement, not a fact the article shows.",
                     alternative="a military partnership (no adjective)"),
        framing_span(text, "powerful", "loaded", "quoted",
                     "A word of praise from the speaker for the cooperation he announces.",
                     after=p2, alternative="military", speaker=MADURO),
        framing_span(text, "the defense of peace, sovereignty, and territorial integrity", "us_vs_them", "quoted",
                     "Appeals to national pride and safety to justify the cooperation.",
                     alternative="for defence", speaker=MADURO, intensity=1),
        framing_span(text, "a military powerhouse in the world", "exaggeration", "quoted",
                     "Presents Russia's standing in superlative terms.",
                     alternative="a large military power", speaker=MADURO),
        framing_span(text, "powerhouse", "loaded", "quoted",
                     "A word chosen for its force rather than its meaning.",
                     alternative="power", speaker=MADURO, intensity=1),
        framing_span(text, "historical and deep ties", "glorifying", "quoted",
                     "Praise of the relationship built into its description.",
                     alternative="long-standing ties", speaker=MADURO, intensity=1),
        framing_span(text, "stronger historical bond", "glorifying", "reported",
                     "The president's praise of the relationship, reported without quotation marks.",
                     alternative="closer relations", speaker=MADURO, intensity=1),
    ]
    quotes = [Quote(start=m.start(), end=m.end(), text=m.group(), kind="direct", speaker=MADURO, cue="said",
                    words=len(m.group().split())) for m in re.finditer(r"“[^”]*”", text)]
    quoted_words = sum(q.words for q in quotes)
    body_words = len(text[text.index("This Wednesday"):].split())
    authorial_words = body_words - quoted_words
    scores = Scores(
        authorial_density=round(1000 / authorial_words, 1), quoted_density=round(5000 / quoted_words, 1),
        index=22.0, authorial_words=authorial_words, quoted_words=quoted_words,
        counts={"loaded": 3, "us_vs_them": 1, "exaggeration": 1, "glorifying": 2},
        authorial_counts={"loaded": 1}, quoted_counts={"loaded": 2, "us_vs_them": 1, "exaggeration": 1, "glorifying": 1},
        distinct_speakers=1, top_speaker_share=1.0, quoted_share=round(quoted_words / body_words, 3),
        biased_sentences=2, sentence_threshold=0.5,
    )
    source = Source(name=MADURO, quotes=len(quotes), words=quoted_words,
                    titles=["President of Venezuela", "Venezuelan head of state"],
                    mentions=[MADURO, "President Maduro", "the Venezuelan head of state", "The Venezuelan president"])
    return Framing(language="en", spans=spans, quotes=quotes, sources=[source], scores=scores, single_source=True)


def reference_language(doc) -> LanguageReport:
    """Every prose paragraph in English; the credit lines too short to judge."""
    paragraphs = []
    for start, end in doc.paragraphs:
        if end - start > 120:
            paragraphs.append(ParagraphLanguage(start=start, end=end, language="en", confidence=0.99))
        else:
            paragraphs.append(ParagraphLanguage(start=start, end=end, note="too short to judge"))
    return LanguageReport(document="en", confidence=0.99, paragraphs=paragraphs)


def reference_readability() -> Readability:
    """Long sentences, long words: a hard read."""
    return Readability(language="en", words=369, sentences=14, syllables=624, grade=14.6,
                       metrics={"flesch_reading_ease": 36.4, "flesch_kincaid_grade": 14.6,
                                "gunning_fog": 17.2, "smog_index": 15.3})


def reference_annotation() -> Annotation:
    """The reference article with credits from the extractor and hand-made framing, language, readability."""
    doc = reference_document()
    found = find_credits(doc, language="en")
    return Annotation(id=doc.id, source=REFERENCE_NAME, text=doc.text, body_start=doc.body_start,
                      provenance=found.provenance, framing=reference_framing(doc.text),
                      language=reference_language(doc), readability=reference_readability(),
                      notes=list(found.notes))


# --------------------------------------------------------------------------------------------
# A hostile article: markup, event handlers, javascript: links and quotes everywhere.

SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = "\"><img src=x onerror=\"window.__pwned=2;alert(1)\">"
JS_LINK = "<a href=\"javascript:alert(1)\">click</a>"
QUOTES = "it's \"quoted\" & 'single' </p></mark></script>"

HOSTILE_TEXT = f"""date 2024-05-01
Opening words {SCRIPT} and {IMG} then {JS_LINK} with {QUOTES}.

The minister said “{SCRIPT} is {IMG}” to reporters.

Featured image: {IMG} caption. Photo: {SCRIPT} ({JS_LINK})

Translation: {IMG}

(<b onmouseover=alert(1)>Agency</b>)

TAG/{QUOTES}
"""


def hostile_evidence(text: str, phrase: str, rule: str, occurrence: int = 1) -> Evidence:
    """Evidence pointing at the n-th occurrence of a hostile phrase."""
    start, end = find(text, phrase, occurrence)
    return Evidence(start=start, end=end, text=phrase, rule=rule, confidence=0.9)


def hostile_provenance(text: str) -> Provenance:
    """Credits whose every name, caption and tag is hostile markup."""
    ev = lambda phrase, rule, n=1: [hostile_evidence(text, phrase, rule, n)]  # noqa: E731
    agency = "<b onmouseover=alert(1)>Agency</b>"
    outlet = Outlet(name=agency, confidence=0.8, evidence=ev(agency, "credits.source.paren_line"),
                    domain="javascript:alert(1)", kind=SCRIPT)
    translator = Translator(name=IMG, kind="person", from_language="es", to_language="en", confidence=0.9,
                            evidence=ev(IMG, "credits.translator.label", 4))
    photo = PhotoCredit(credit=SCRIPT, agency=JS_LINK, caption=f"{IMG} caption.", markers=["handout"],
                        confidence=0.9, evidence=ev(SCRIPT, "credits.photo.label", 3),
                        caption_evidence=hostile_evidence(text, f"{IMG} caption.", "credits.photo.caption"))
    tag = EditorialTag(raw=f"TAG/{QUOTES}", outlet=SCRIPT, outlet_code="TAG", initials=[IMG, QUOTES],
                       staff=[StaffMember(initials=IMG, name=JS_LINK)], confidence=0.7,
                       evidence=ev(f"TAG/{QUOTES}", "credits.tag.upper"))
    byline = Byline(name=JS_LINK, affiliation=IMG, role=QUOTES, confidence=0.6,
                    evidence=[Evidence(text=JS_LINK, rule="credits.byline.meta", confidence=0.6, origin="html-meta")])
    contributor = Contributor(name=QUOTES, role=SCRIPT, confidence=0.5, evidence=ev(QUOTES, "credits.wire.role", 2))
    chain = [ChainStep(step="original", actor=agency, role="original publication", language="es", rules=[SCRIPT]),
             ChainStep(step="translation", actor=IMG, role="translation", language="en",
                       people=[Contributor(name=IMG, role=QUOTES, confidence=0.9, evidence=translator.evidence)]),
             ChainStep(step="publication", actor=JS_LINK, role="publication", language="en")]
    return Provenance(source_outlets=[outlet], translators=[translator], photo_credits=[photo], editorial_tags=[tag],
                      bylines=[byline], contributors=[contributor], publisher=outlet, original_language="es",
                      date="2024-05-01", chain=chain)


def hostile_framing(text: str) -> Framing:
    """Framing spans over the hostile markup, with hostile explanations and alternatives."""
    spans = [
        FramingSpan(start=s, end=e, text=text[s:e], category=cat, intensity=2, voice=voice, speaker=SCRIPT,
                    explanation=f"{IMG} {QUOTES}", alternative="javascript:alert(1)", rule=f"framing.{SCRIPT}")
        for (s, e), cat, voice in [
            (find(text, SCRIPT, 1), "loaded", "authorial"),
            (find(text, IMG, 1), "name_calling\" onclick=\"alert(1)", "authorial"),
            (find(text, SCRIPT, 2), "fear", "quoted"),
        ]
    ]
    scores = Scores(authorial_density=12.5, quoted_density=40.0, index=35.0, authorial_words=80, quoted_words=12,
                    counts={"loaded": 1, "fear": 1, SCRIPT: 1}, authorial_counts={"loaded": 1, SCRIPT: 1},
                    quoted_counts={"fear": 1}, distinct_speakers=1, top_speaker_share=1.0, quoted_share=0.13)
    source = Source(name=SCRIPT, quotes=1, words=12, titles=[IMG], mentions=[QUOTES])
    return Framing(language="en", spans=spans, sources=[source], scores=scores, single_source=True)


def hostile_annotation() -> Annotation:
    """An article whose text, credits, notes and metadata all carry markup meant to run."""
    doc = from_text(HOSTILE_TEXT, source=f"hostile{IMG}.txt")
    text = doc.text
    paragraphs = [ParagraphLanguage(start=s, end=e, language="es" if i == 1 else "en", confidence=0.9,
                                    possibly_untranslated=i == 1, note=QUOTES if i == 1 else None)
                  for i, (s, e) in enumerate(doc.paragraphs)]
    return Annotation(
        id="hostile", source=doc.source, text=text, body_start=doc.body_start,
        metadata=Metadata(title=f"</title>{SCRIPT}{IMG}", url="javascript:alert(1)", outlet=JS_LINK),
        provenance=hostile_provenance(text),
        framing=hostile_framing(text),
        language=LanguageReport(document="en", confidence=0.9, paragraphs=paragraphs),
        readability=Readability(language="en", words=92, sentences=6, grade=7.2,
                                metrics={SCRIPT: 1.0, "flesch_reading_ease": 66.0}, notes=[IMG]),
        notes=[Note(analyser=SCRIPT, code=IMG, message=f"{QUOTES} {JS_LINK}")],
    )
