"""The framing analyser: loaded phrasing, labels, scare quotes and who says them.

Document, language and the quote findings in; framing spans, sentence scores and article scores
out. Per language, one Aho-Corasick automaton over the folded forms of every lexicon entry is built
once per process. Each body paragraph is folded the same way without moving offsets (lower case,
hyphens and line breaks as spaces, curly apostrophes straight), the automaton runs over it once,
and its hits are kept when they sit on word boundaries, are not negated by the word before them
(articles, "be" and degree words aside), and win the leftmost-longest choice among overlapping
hits. The method, the sentence threshold and the article scores are written up in docs/FRAMING.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import ahocorasick
from pydantic import TypeAdapter

from ..document import Document
from ..lexicon import (
    LanguageWords,
    LexiconEntry,
    categories,
    fold_phrase,
    framing_settings,
    languages,
    load_lexicon,
)
from ..models import Framing, FramingSpan, Note, Quote, Scores, SentenceScore, Source

ANALYSER = "framing"
DEFAULT_LANGUAGE = "en"

SENTENCE_THRESHOLD = 2.0
"""A sentence is biased when its score reaches this (see docs/FRAMING.md for how it was chosen)."""

VOICE_WEIGHTS = {"authorial": 1.0, "reported": 0.5, "quoted": 0.5}
"""How much a non-cue span counts towards its sentence's score, by voice."""

INDEX_SCALE = 10.0
"""Intensity-weighted authorial density (per 1,000 words) at which the index reaches 63."""

MIN_PARAGRAPH_WORDS = 4
"""Paragraphs with fewer words are credit lines, tags or captions, and are not analysed."""

_JOINERS = "-\u2010\u2011"
_TEXT_FOLD = str.maketrans({
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
    "\n": " ", "\t": " ", "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
})
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _TEXT_FOLD.items())
"""_TEXT_FOLD as (character, replacement) pairs; no replacement is itself a key, so order does not matter."""
_UP_TO_CLAUSE_END = re.compile(r".*[.,;:!?()\[\]\"“”«»„]", re.S)
_QUOTED = (
    ("“", re.compile(r"“([^“”\n]{1,80}?)”")),
    ("«", re.compile(r"«([^«»\n]{1,80}?)»")),
    ("„", re.compile(r"„([^„“”\n]{1,80}?)[“”]")),
    ("‘", re.compile(r"‘([^‘’\n]{1,60}?)’(?!\w)")),
    ("'", re.compile(r"'([^\W\d_][^'\n]{0,58}?)'(?![\w'])")),
)
_STRAIGHT = re.compile(r'"')


class QuoteLike(Protocol):
    """What the framing analyser needs from the quote findings."""

    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]

    def voice_at(self, start: int, end: int) -> tuple[str, str | None]: ...


@dataclass(frozen=True, slots=True)
class FramingResult:
    """What find_framing returns: the Framing for the annotation and notes for the reader."""

    framing: Framing
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class Matcher:
    """Everything built once per language: the automaton and what each of its values means."""

    language: str
    automaton: ahocorasick.Automaton | None
    entries: tuple[LexiconEntry, ...]
    techniques: tuple[str | None, ...]
    cues: tuple[bool, ...]
    negators: frozenset[str]
    negator_endings: tuple[str, ...]
    skip: frozenset[str]
    naming: frozenset[str]
    shadowed: tuple[tuple[str, str, str], ...]
    """(form, id kept, id dropped) for forms listed by more than one entry: the first entry wins."""


@dataclass(frozen=True, slots=True)
class _Hit:
    """A kept lexicon match: offsets into the text and the index of its entry."""

    start: int
    end: int
    entry: int


# --------------------------------------------------------------------------------------------
# Building the matcher


@cache
def supported_languages() -> frozenset[str]:
    """Languages that have both lexicon entries and words in data/framing.toml."""
    return frozenset(languages()) & frozenset(framing_settings().language)


@cache
def matcher(language: str) -> Matcher:
    """The matcher of one bundled language, built once per process."""
    return build_matcher(language, load_lexicon(language).entries, framing_settings().language[language])


def build_matcher(language: str, entries: tuple[LexiconEntry, ...], words: LanguageWords) -> Matcher:
    """One automaton over the folded pattern and forms of every entry; a form listed twice keeps its first entry."""
    cats = categories()
    automaton = ahocorasick.Automaton()
    owner: dict[str, int] = {}
    shadowed = []
    for index, entry in enumerate(entries):
        for form in dict.fromkeys(fold_phrase(f) for f in (entry.pattern, *entry.forms)):
            if form in owner:
                if entries[owner[form]].id != entry.id:
                    shadowed.append((form, entries[owner[form]].id, entry.id))
                continue
            owner[form] = index
            automaton.add_word(form, (index, len(form)))
    if owner:
        automaton.make_automaton()
    return Matcher(
        language=language,
        automaton=automaton if owner else None,
        entries=entries,
        techniques=tuple(cats[e.category].technique or None for e in entries),
        cues=tuple(cats[e.category].cue for e in entries),
        negators=frozenset(fold_phrase(w) for w in words.negators),
        negator_endings=tuple(fold_phrase(w) for w in words.negator_endings),
        skip=frozenset(fold_phrase(w) for w in words.skip),
        naming=frozenset(fold_phrase(w) for w in words.naming),
        shadowed=tuple(shadowed),
    )


# --------------------------------------------------------------------------------------------
# The analyser


def find_framing(doc: Document, language: str | None, quotes: QuoteLike | None) -> FramingResult:
    """Framing spans, sentence scores and article scores of the body of `doc`."""
    notes: list[Note] = []
    code = _language_code(language)
    if code is None:
        code = DEFAULT_LANGUAGE
        notes.append(Note(analyser=ANALYSER, code="language-assumed",
                          message="No language was given or detected; framing used the English lexicon."))
    if code not in supported_languages():
        known = ", ".join(sorted(supported_languages())) or "none"
        notes.append(Note(analyser=ANALYSER, code="unsupported-language",
                          message=f"There is no framing lexicon for language {code!r} (available: {known}); "
                                  "framing was not analysed."))
        return FramingResult(_empty_framing(code, quotes), tuple(notes))
    return FramingResult(analyse(doc, matcher(code), quotes), tuple(notes))


def analyse(doc: Document, m: Matcher, quotes: QuoteLike | None) -> Framing:
    """The Framing of the body of `doc` with one language's matcher."""
    quote_list = tuple(quotes.quotes) if quotes is not None else ()
    sources = tuple(quotes.sources) if quotes is not None else ()
    paragraphs = body_paragraphs(doc)
    spans = find_spans(doc.text, paragraphs, m, quotes, quote_list)
    sentences = score_sentences(doc, paragraphs, spans)
    scores = article_scores(paragraphs, spans, sentences, quote_list, sources)
    return Framing(language=m.language, spans=spans, quotes=list(quote_list), sentences=sentences,
                   sources=list(sources), scores=scores, single_source=scores.distinct_speakers == 1)


def body_paragraphs(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, words) of the body paragraphs long enough to be prose, not credit lines."""
    out = []
    for start, end in doc.paragraphs:
        if end <= doc.body_start:
            continue
        start = max(start, doc.body_start)
        words = len(doc.text[start:end].split())
        if words >= MIN_PARAGRAPH_WORDS:
            out.append((start, end, words))
    return out


def find_spans(text: str, paragraphs: list[tuple[int, int, int]], m: Matcher,
               quotes: QuoteLike | None, quote_list: tuple[Quote, ...]) -> list[FramingSpan]:
    """Lexicon and scare-quote spans of the given paragraphs, in text order."""
    spans: list[FramingSpan] = []
    for start, end, _ in paragraphs:
        terms = scare_quotes(text, start, end, m, quote_list)
        for hit in match_lexicon(text, start, end, m):
            spans.append(_lexicon_span(text, hit, m, quotes))
        spans.extend(_scare_span(text, s, e, quotes) for s, e in terms)
    spans.sort(key=lambda sp: (sp.start, -sp.end))
    return spans


def match_lexicon(text: str, start: int, end: int, m: Matcher) -> list[_Hit]:
    """Lexicon hits in text[start:end]: word-bounded, not negated, leftmost-longest."""
    if m.automaton is None:
        return []
    folded, where = fold_text(text[start:end])
    found = []
    for last, (index, length) in m.automaton.iter(folded):
        s, e = last - length + 1, last + 1
        if not _bounded(folded, s, e):
            continue
        os, oe = _original(where, s, e, start)
        if _joined(text, os, oe, start, end):
            continue
        found.append((s, e, index, os, oe))
    out = []
    taken = -1
    for s, e, index, os, oe in sorted(found, key=lambda h: (h[0], -h[1])):
        if s < taken:
            continue
        taken = e
        if not _negated(folded, s, m):
            out.append(_Hit(os, oe, index))
    return out


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """`text` folded for matching, and where each folded character came from (None when 1:1)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower()[0] for c in text)
    if low.isascii():
        folded = low.translate(_TEXT_FOLD)
    else:  # str.translate looks up every character of a non-ASCII text; a few replaces cost less
        folded = low
        for char, replacement in _FOLD_PAIRS:
            if char in folded:
                folded = folded.replace(char, replacement)
    if "  " not in folded:
        return folded, None
    chars, where = [], []
    previous = ""
    for i, c in enumerate(folded):
        if c == " " and previous == " ":
            continue
        chars.append(c)
        where.append(i)
        previous = c
    return "".join(chars), where


def _original(where: list[int] | None, s: int, e: int, offset: int) -> tuple[int, int]:
    """Map folded offsets back to offsets in the original text."""
    if where is None:
        return s + offset, e + offset
    return where[s] + offset, where[e - 1] + 1 + offset


def _bounded(folded: str, s: int, e: int) -> bool:
    """True when folded[s:e] starts and ends at word boundaries."""
    if s > 0:
        c = folded[s - 1]
        if c.isalnum() or c == "_":
            return False
    if e < len(folded):
        c = folded[e]
        if c.isalnum() or c == "_":
            return False
    return True


def _joined(text: str, s: int, e: int, lo: int, hi: int) -> bool:
    """True when a hyphen glues the match to a neighbouring word ("non-violent" holds no "violent")."""
    if s - 2 >= lo and text[s - 1] in _JOINERS and text[s - 2].isalnum():
        return True
    return e + 1 < hi and text[e] in _JOINERS and text[e + 1].isalnum()


def _negated(folded: str, s: int, m: Matcher) -> bool:
    """True when the nearest word before folded[s], skipping articles, "be" and degree words, is a negator."""
    before = folded[max(0, s - 60):s]
    clause = _UP_TO_CLAUSE_END.match(before)
    if clause is not None:
        before = before[clause.end():]
    for word in reversed(before.split()):
        word = word.strip("'")
        if word in m.negators or word.endswith(m.negator_endings):
            return True
        if word and word not in m.skip:
            return False
    return False


def _lexicon_span(text: str, hit: _Hit, m: Matcher, quotes: QuoteLike | None) -> FramingSpan:
    """A FramingSpan for one lexicon hit, with its voice and speaker."""
    entry = m.entries[hit.entry]
    voice, speaker = _voice(quotes, hit.start, hit.end)
    return FramingSpan(
        start=hit.start, end=hit.end, text=text[hit.start:hit.end], category=entry.category,
        technique=m.techniques[hit.entry], intensity=entry.intensity, voice=voice, speaker=speaker,
        explanation=entry.explanation, alternative=entry.alternative or None, rule=entry.id,
        cue=m.cues[hit.entry],
    )


def _voice(quotes: QuoteLike | None, start: int, end: int) -> tuple[str, str | None]:
    """Who says text[start:end]: ('authorial', None) when no quote findings are given."""
    if quotes is None:
        return "authorial", None
    voice, speaker = quotes.voice_at(start, end)
    return voice, (speaker if voice != "authorial" else None)


# --------------------------------------------------------------------------------------------
# Scare quotes


def scare_quotes(text: str, start: int, end: int, m: Matcher, quote_list: tuple[Quote, ...]) -> list[tuple[int, int]]:
    """(start, end) of short quoted terms in text[start:end] that nobody is quoted as saying, marks included."""
    limit = framing_settings().scare_quotes.max_words
    out = []
    for s, e, inner_s, inner_e in _quoted_terms(text, start, end):
        inner = text[inner_s:inner_e]
        if _is_scare_quote(text, start, s, inner, limit, m) and not _is_speech(quote_list, s, e):
            out.append((s, e))
    return out


def _quoted_terms(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(start, end, inner start, inner end) of every quoted stretch short enough to be a term."""
    out = []
    part = text[start:end]
    for mark, pattern in _QUOTED:
        if mark not in part:
            continue
        for q in pattern.finditer(text, start, end):
            s = q.start()
            if mark in "‘'" and s > start and (text[s - 1].isalnum() or text[s - 1] in "'’_"):
                continue
            out.append((s, q.end(), q.start(1), q.end(1)))
    if '"' in part:
        marks = [q.start() for q in _STRAIGHT.finditer(text, start, end)]
        for opening, closing in zip(marks[0::2], marks[1::2], strict=False):
            if closing - opening <= 81:
                out.append((opening, closing + 1, opening + 1, closing))
    return sorted(out)


def _is_scare_quote(text: str, lo: int, s: int, inner: str, limit: int, m: Matcher) -> bool:
    """True for 1 to `limit` lower-case words in quotation marks, not after a colon, comma or naming word."""
    if inner != inner.strip() or not inner or inner[-1] in ".,!?;:…":
        return False
    words = inner.split()
    if not 1 <= len(words) <= limit or not all(any(c.isalpha() for c in w) for w in words):
        return False
    if all(w[0].isupper() for w in words if w[0].isalpha()):
        return False
    before = text[max(lo, s - 40):s].rstrip()
    if before.endswith((":", ",")):
        return False
    previous = before.split()[-1:] if before else []
    return not (previous and fold_phrase(previous[0]).strip("'") in m.naming)


def _is_speech(quote_list: tuple[Quote, ...], s: int, e: int) -> bool:
    """True when the quote findings credit exactly this quoted stretch to a speaker."""
    return any(q.speaker and s <= q.start and q.end <= e for q in quote_list if q.start < e and q.end > s)


def _scare_span(text: str, s: int, e: int, quotes: QuoteLike | None) -> FramingSpan:
    """A FramingSpan for a scare-quoted term; its voice is the voice of the text around it."""
    rule = framing_settings().scare_quotes
    around = max(0, s - 1)
    voice, speaker = _voice(quotes, around, around + 1) if s > 0 else ("authorial", None)
    cat = categories()[rule.category]
    return FramingSpan(
        start=s, end=e, text=text[s:e], category=rule.category, technique=cat.technique or None,
        intensity=rule.intensity, voice=voice, speaker=speaker, explanation=rule.explanation,
        alternative=rule.alternative or None, rule="framing.scare_quotes", cue=cat.cue,
    )


# --------------------------------------------------------------------------------------------
# Scores


def sentence_score(spans: list[FramingSpan]) -> float:
    """Sum of intensity times voice weight over the non-cue spans of one sentence."""
    return sum(sp.intensity * VOICE_WEIGHTS[sp.voice] for sp in spans if not sp.cue)


def score_sentences(doc: Document, paragraphs: list[tuple[int, int, int]], spans: list[FramingSpan],
                    threshold: float = SENTENCE_THRESHOLD) -> list[SentenceScore]:
    """Each sentence of the analysed paragraphs with its score and whether it reaches the threshold."""
    out = []
    i = 0
    for start, end, _ in paragraphs:
        for s, e in doc.sentences(start, end):
            while i < len(spans) and spans[i].start < s:
                i += 1
            j = i
            while j < len(spans) and spans[j].start < e:
                j += 1
            score = round(sentence_score(spans[i:j]), 3)
            out.append({"start": s, "end": e, "score": score, "biased": score >= threshold})
            i = j
    return _SENTENCE_LIST.validate_python(out)


_SENTENCE_LIST = TypeAdapter(list[SentenceScore])
"""Validates a whole article's sentence rows in one call (three times faster than one model at a time)."""


def framing_index(weighted_density: float) -> float:
    """0-100: a saturating function of the intensity-weighted authorial density."""
    return round(100.0 * (1.0 - math.exp(-weighted_density / INDEX_SCALE)), 1)


def article_scores(paragraphs: list[tuple[int, int, int]], spans: list[FramingSpan],
                   sentences: list[SentenceScore], quote_list: tuple[Quote, ...],
                   sources: tuple[Source, ...]) -> Scores:
    """Densities, counts, the framing index and the source figures of one article."""
    words = sum(w for _, _, w in paragraphs)
    quoted_words = min(words, sum(q.words for q in quote_list if _inside(q.start, paragraphs)))
    authorial_words = words - quoted_words
    authorial = [sp for sp in spans if sp.voice == "authorial"]
    quoted = [sp for sp in spans if sp.voice != "authorial"]
    weighted = sum(sp.intensity for sp in authorial if not sp.cue)
    return Scores(
        authorial_density=_per_thousand(sum(1 for sp in authorial if not sp.cue), authorial_words),
        quoted_density=_per_thousand(sum(1 for sp in quoted if not sp.cue), quoted_words),
        index=framing_index(1000.0 * weighted / authorial_words if authorial_words else 0.0),
        authorial_words=authorial_words,
        quoted_words=quoted_words,
        counts=_counts(spans),
        authorial_counts=_counts(authorial),
        quoted_counts=_counts(quoted),
        distinct_speakers=len(sources),
        top_speaker_share=top_speaker_share(sources),
        quoted_share=round(quoted_words / words, 3) if words else 0.0,
        biased_sentences=sum(1 for s in sentences if s.biased),
        sentence_threshold=SENTENCE_THRESHOLD,
    )


def _per_thousand(count: float, words: int) -> float:
    return round(1000.0 * count / words, 2) if words else 0.0


def _counts(spans: list[FramingSpan]) -> dict[str, int]:
    out: dict[str, int] = {}
    for sp in spans:
        out[sp.category] = out.get(sp.category, 0) + 1
    return dict(sorted(out.items()))


def _inside(pos: int, paragraphs: list[tuple[int, int, int]]) -> bool:
    return any(s <= pos < e for s, e, _ in paragraphs)


def top_speaker_share(sources: tuple[Source, ...]) -> float:
    """Share of all quotes that come from the most-quoted speaker."""
    total = sum(s.quotes for s in sources)
    return round(max(s.quotes for s in sources) / total, 3) if total else 0.0


def _empty_framing(language: str, quotes: QuoteLike | None) -> Framing:
    """The Framing of an article whose language has no lexicon: quotes and sources only."""
    quote_list = list(quotes.quotes) if quotes is not None else []
    sources = tuple(quotes.sources) if quotes is not None else ()
    scores = Scores(
        authorial_density=0.0, quoted_density=0.0, index=0.0, authorial_words=0, quoted_words=0,
        distinct_speakers=len(sources), top_speaker_share=top_speaker_share(sources),
        sentence_threshold=SENTENCE_THRESHOLD,
    )
    return Framing(language=language, quotes=quote_list, sources=list(sources), scores=scores,
                   single_source=len(sources) == 1)


def _language_code(language: str | None) -> str | None:
    """'en-GB' -> 'en'; None and '' stay None."""
    if not language:
        return None
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] or None
