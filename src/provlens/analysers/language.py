"""The language of an article and of each of its body paragraphs.

langdetect is accurate but slow (about 2 ms a call in pure Python), so a cheap pass settles the
clear cases first: it counts the function words of the common languages (data file
`language-detection.toml`) and settles a paragraph when one language clearly dominates. Anything
else (another language, a mixed or unusual paragraph) goes to langdetect, unless it is made mostly
of capitalised words (lists of names, credit lines), on which langdetect guesses wildly. The
document's language is judged the same way on the counts of the whole body. A paragraph that is
too short or not judged gets no language, a note saying why, and is never flagged.

langdetect is seeded and its profiles are loaded once per process, in sorted order, so that the
same text gives the same answer in every run and on every machine.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from pydantic import TypeAdapter

from ..document import Document
from ..errors import DataFileError
from ..models import LanguageReport, ParagraphLanguage
from ..resources import load_toml

DATA_FILE = "language-detection.toml"
SEED = 0
"""langdetect draws random n-gram samples; a fixed seed makes its answers repeatable."""

TOO_SHORT = "too short to judge"
MOSTLY_NAMES = "mostly names or capitalised words: not judged"
NO_FEATURES = "no letters langdetect can use"

_WORD = re.compile(r"[^\W\d_]+")
_FIRST = itemgetter(0)
_SETTINGS = ("min_words", "min_letters", "max_capitalised_share", "min_hits", "min_share", "min_ratio",
             "min_words_without_hits")


@dataclass(frozen=True, slots=True)
class Settings:
    """The thresholds of the data file's [settings] table."""

    min_words: int
    min_words_without_hits: int
    min_letters: int
    max_capitalised_share: float
    min_hits: int
    min_share: float
    min_ratio: float


@dataclass(frozen=True, slots=True)
class WordList:
    """One language's function words, and whether they may settle a paragraph on their own."""

    code: str
    name: str
    settles: bool
    words: frozenset[str]
    example: str


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything the data file holds, with a word -> list index table for counting."""

    settings: Settings
    lists: tuple[WordList, ...]
    index: dict[str, int]


@dataclass(frozen=True, slots=True)
class Stats:
    """What the fast pass counts in a stretch of text: words, letters, hits per list."""

    words: int
    letters: int
    hits: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """A language (or None) with a confidence, and the note that explains a None."""

    language: str | None
    confidence: float = 0.0
    note: str | None = None


# --------------------------------------------------------------------------------------------
# Data


@cache
def load_rules() -> Rules:
    """Read and check the data file once per process."""
    return parse_rules(load_toml(DATA_FILE))


def parse_rules(raw: dict) -> Rules:
    """Build Rules from the parsed TOML, or raise DataFileError saying what is wrong."""
    settings = raw.get("settings", {})
    missing = [key for key in _SETTINGS if not isinstance(settings.get(key), int | float)]
    if missing:
        raise DataFileError(f"{DATA_FILE}: [settings] needs numbers for {', '.join(missing)}")
    lists = tuple(_parse_list(entry) for entry in raw.get("language", []))
    if not any(item.settles for item in lists):
        raise DataFileError(f"{DATA_FILE}: no [[language]] with settles = true")
    index: dict[str, int] = {}
    for i, item in enumerate(lists):
        for word in item.words:
            if word in index:
                other = lists[index[word]].code
                raise DataFileError(f"{DATA_FILE}: {word!r} is in both the {other} and {item.code} lists")
            index[word] = i
    return Rules(Settings(**{key: settings[key] for key in _SETTINGS}), lists, index)


def _parse_list(entry: dict) -> WordList:
    """Check one [[language]] entry and turn it into a WordList."""
    code = entry.get("code")
    if not isinstance(code, str) or not code:
        raise DataFileError(f"{DATA_FILE}: a [[language]] entry has no code")
    for key, kind in (("name", str), ("settles", bool), ("words", str), ("example", str)):
        if not isinstance(entry.get(key), kind):
            raise DataFileError(f"{DATA_FILE}: [[language]] {code} needs {key} ({kind.__name__})")
    words = entry["words"].split()
    bad = [w for w in words if w != w.lower() or _WORD.fullmatch(w) is None]
    if bad or len(set(words)) != len(words):
        problem = f"words the tokenizer never yields: {bad}" if bad else "a word listed twice"
        raise DataFileError(f"{DATA_FILE}: [[language]] {code} has {problem}")
    return WordList(code, entry["name"], entry["settles"], frozenset(words), entry["example"])


# --------------------------------------------------------------------------------------------
# langdetect


@cache
def load_detector_factory() -> DetectorFactory:
    """langdetect's shipped profiles, loaded once, in sorted order, with a fixed seed."""
    folder = resources.files("langdetect").joinpath("profiles")
    files = sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    factory = DetectorFactory()
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in files])
    factory.set_seed(SEED)
    return factory


TRIALS = 3
"""langdetect's random trials per call (its default is 7). Each trial costs about as much as the
rest of an article's analysis; on the 104 paragraphs of tests/test_language.py three trials give
the same answers as seven, and on 262 eight-word fragments of them 261 of 262."""


def ask_langdetect(text: str) -> Verdict:
    """langdetect's most probable language for `text`, with its probability."""
    detector = load_detector_factory().create()
    detector.n_trial = TRIALS
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return Verdict(None, note=NO_FEATURES)
    if not ranked:
        return Verdict(None, note=NO_FEATURES)
    return Verdict(ranked[0].lang, min(1.0, ranked[0].prob))


# --------------------------------------------------------------------------------------------
# The fast pass


def count(text: str, rules: Rules) -> Stats:
    """Words, letters and function-word hits per list, in one pass over the lower-cased text."""
    tokens = _WORD.findall(text.lower())
    hits = [0] * len(rules.lists)
    for i, n in Counter(map(rules.index.get, tokens)).items():
        if i is not None:
            hits[i] = n
    return Stats(words=len(tokens), letters=sum(map(len, tokens)), hits=tuple(hits))


def add(stats: list[Stats]) -> Stats:
    """The counts of several stretches taken together."""
    return Stats(
        words=sum(s.words for s in stats),
        letters=sum(s.letters for s in stats),
        hits=tuple(map(sum, zip(*(s.hits for s in stats)))) if stats else (),
    )


def too_short(stats: Stats, settings: Settings) -> bool:
    """Whether a stretch has too few words or letters for any judgement."""
    return stats.words < settings.min_words or stats.letters < settings.min_letters


def mostly_names(text: str, settings: Settings) -> bool:
    """Whether most words start with a capital: credit lines and lists of names mislead langdetect."""
    words = _WORD.findall(text)
    capitalised = sum(map(str.isupper, map(_FIRST, words)))
    return capitalised > settings.max_capitalised_share * len(words)


def settle(stats: Stats, rules: Rules) -> Verdict | None:
    """The language the function words make clear, or None when langdetect must decide.

    The confidence is the winner's share of the hits of the two strongest lists.
    """
    counts, settings = stats.hits, rules.settings
    if not counts:
        return None
    hits = max(counts)
    best = counts.index(hits)  # on a tie the runner-up equals `hits` and nothing is settled
    runner_up = max(counts[:best] + counts[best + 1:], default=0)
    if (not rules.lists[best].settles or hits < settings.min_hits
            or hits < settings.min_share * stats.words or hits < settings.min_ratio * runner_up):
        return None
    return Verdict(rules.lists[best].code, hits / (hits + runner_up))


def settle_in_context(stats: Stats, rules: Rules, document: str | None) -> Verdict | None:
    """A paragraph whose function words, though too few to settle it alone, all point to the
    document's language: it is taken to be in that language (a passage in another language shows
    that language's function words and goes on to langdetect)."""
    if document is None or not stats.hits:
        return None
    mine = [i for i, lst in enumerate(rules.lists) if lst.code == document and lst.settles]
    if not mine:
        return None
    hits = stats.hits[mine[0]]
    others = max((h for i, h in enumerate(stats.hits) if i != mine[0]), default=0)
    if hits >= 1 and hits >= 2 * others:
        return Verdict(document, hits / (hits + others))
    return None


def judge(text: str, stats: Stats, rules: Rules, document: str | None = None) -> Verdict:
    """The verdict on one stretch: too short, settled by function words, not judged, or langdetect's.

    A stretch the function words settle is prose whatever its capitals; only one left to
    langdetect is first checked for being mostly names.
    """
    if too_short(stats, rules.settings):
        return Verdict(None, note=TOO_SHORT)
    verdict = settle(stats, rules) or settle_in_context(stats, rules, document)
    if verdict is not None:
        return verdict
    if mostly_names(text, rules.settings):
        return Verdict(None, note=MOSTLY_NAMES)
    if document is not None and not any(stats.hits) and stats.words < rules.settings.min_words_without_hits:
        return Verdict(None, note=TOO_SHORT)  # a short title or caption with no function word at all
    return ask_langdetect(text)


# --------------------------------------------------------------------------------------------
# The analyser


def detect_languages(doc: Document) -> LanguageReport:
    """The document's language and each body paragraph's, flagging paragraphs in another one."""
    rules = load_rules()
    texts = [doc.text[start:end] for start, end in doc.paragraphs]
    stats = [count(text, rules) for text in texts]
    document = judge(doc.body, add(stats), rules)
    paragraphs = _PARAGRAPH_LIST.validate_python([
        paragraph_language(start, end, judge(text, s, rules, document.language), document.language)
        for (start, end), text, s in zip(doc.paragraphs, texts, stats)
    ])
    return LanguageReport(
        document=document.language,
        confidence=round(document.confidence, 4),
        paragraphs=paragraphs,
    )


def paragraph_language(start: int, end: int, verdict: Verdict, document: str | None) -> dict:
    """The fields of one paragraph's ParagraphLanguage row; flagged when judged and not in the
    document's language. The rows of an article are validated together (`_PARAGRAPH_LIST`)."""
    return {
        "start": start,
        "end": end,
        "language": verdict.language,
        "confidence": round(verdict.confidence, 4),
        "possibly_untranslated": bool(verdict.language and document and verdict.language != document),
        "note": verdict.note,
    }


_PARAGRAPH_LIST = TypeAdapter(list[ParagraphLanguage])
"""Validates an article's paragraph rows in one call (three times faster than one model at a time)."""
