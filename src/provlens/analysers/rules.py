"""Credit-line rules built once per process from data/credits.toml and data/dates.toml.

The extractor never compiles a pattern per document: everything here is built on first use and
cached. Label lists are small (tens of labels per family), so each family gets one pattern of
its own labels, sorted longest first; each pattern only runs on lines whose lower-case text
contains one of the family's keywords (a cheap substring check).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..dates import month_numbers
from ..errors import DataFileError
from ..resources import load_toml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Source(_Strict):
    labels: list[str]
    outlet_words: list[str]


class _Cited(_Strict):
    cues: list[str]
    outlet_nouns: list[str]


class _Translator(_Strict):
    labels: list[str]
    reviser_labels: list[str]
    for_words: list[str]


class _Photo(_Strict):
    labels: list[str]
    caption_labels: list[str]
    markers: dict[str, list[str]]
    stringers: list[str]
    licences: list[str]
    sites: list[str]
    institution_words: list[str]


class _Tag(_Strict):
    media_markers: list[str]
    not_tags: list[str]


class _Role(_Strict):
    label: str
    role: str


class _Wire(_Strict):
    roles: list[_Role]
    contributed: list[str]


class _Byline(_Strict):
    labels: list[str]
    special: list[str]
    roles: list[str]
    not_names: list[str]
    name_particles: list[str]


class _CreditsFile(_Strict):
    meta: dict[str, int]
    source: _Source
    cited: _Cited
    translator: _Translator
    photo: _Photo
    tag: _Tag
    wire: _Wire
    byline: _Byline
    cms: dict[str, list[str]]
    languages: dict[str, str]
    name_languages: dict[str, list[str]] = {}


def _phrase(label: str) -> str:
    """A label as a regex: escaped, any run of spaces for a space, straight or curly apostrophe."""
    out = re.escape(label.strip())
    out = out.replace(r"\ ", r"\s+").replace("'", "['’]")
    return out


def _alternation(labels: list[str], fill: dict[str, str] | None = None) -> str:
    parts = []
    for label in sorted(set(labels), key=len, reverse=True):
        p = _phrase(label)
        for key, value in (fill or {}).items():
            p = p.replace(re.escape("{" + key + "}"), value)
        parts.append(p)
    return "|".join(parts)


@dataclass(frozen=True)
class LabelFamily:
    """A family of labels (translator, photo, ...): keywords for the pre-check and one pattern."""

    name: str
    triggers: frozenset[str]
    """First words of the labels: the family runs only on lines that contain one of them."""
    pattern: re.Pattern[str]
    needs_colon: frozenset[str]
    """Single-word labels that only count when a colon (or dash) follows them."""
    head: re.Pattern[str] | None
    """The first two characters of the labels, as one pattern (case-insensitive, as `pattern`), or None
    when a label can start with any: `pattern` only matches where this one matches the two characters
    there, and this one is far cheaper to try."""


@dataclass(frozen=True)
class CreditRules:
    families: tuple[LabelFamily, ...]
    roles: dict[str, str]
    languages: dict[str, str]
    photo: _Photo
    markers: dict[str, str]
    media_markers: frozenset[str]
    not_tags: frozenset[str]
    cms: frozenset[str]
    byline_label: re.Pattern[str]
    special: re.Pattern[str]
    byline_roles: frozenset[str]
    not_names: frozenset[str]
    particles: frozenset[str]
    contributed: re.Pattern[str]
    words: Any
    """The label families' trigger words, the citing cues ("according to", "según") and the reporting
    verbs, in lower case, in one automaton found in one pass over a document. Each value is
    (word, kind), kind a sum of TRIGGER, CUE and VERB. Single-letter trigger words are in
    `letter_triggers` instead."""
    letter_triggers: re.Pattern[str] | None
    """Single-letter trigger words ("c" of "(c)") standing as whole words: such a letter occurs inside
    most words, where the automaton would report every occurrence."""
    outlet_nouns: re.Pattern[str]
    institution_words: frozenset[str]
    short_date: re.Pattern[str]
    licence: re.Pattern[str]
    """A licence in a photo credit (CC BY 2.0, public domain), from the [photo] licences list."""
    language_word: re.Pattern[str]
    for_outlet: re.Pattern[str]
    name_words: dict[str, str]
    outlet_words: frozenset[str]


_BARE_NEEDS_COLON = re.compile(r"^[\w’'-]+$")
_LINKING = ("by", "de", "from", "in", "on", "at", "por", "par", "da", "di", "do", "em", "dans", "su",
            "of", "von", "to", "for", "pour", "para", "per", "dall", "dal", "del", "du")


def _family(name: str, labels: list[str], fill: dict[str, str] | None = None,
            fill_heads: dict[str, list[str] | None] | None = None) -> LabelFamily:
    """`fill_heads` gives, for each placeholder of `fill`, the first two characters its values start
    with (as patterns), None when they can start with anything."""
    triggers = set()
    needs_colon = set()
    heads: set[str] | None = set()
    for label in labels:
        words = [w for w in _WORDS.findall(label.lower()) if w not in ("lang", "for")]
        triggers.add(max(words, key=len) if words else label.strip().lower())
        if _BARE_NEEDS_COLON.match(label) or name == "caption":
            needs_colon.add(label.lower())
        # the label's first two characters as its pattern writes them (up to a placeholder)
        label_heads: list[str] | None = [_phrase(label.strip()[:2].split("{")[0])]
        for key, values in (fill_heads or {}).items():
            if label.strip().startswith("{" + key + "}"):
                label_heads = values
        heads = None if heads is None or label_heads is None else heads | set(label_heads)
    pattern = re.compile(r"(?<![@/-])(?P<label>" + _alternation(labels, fill) + r")(?![\w-])", re.I)
    head = re.compile("|".join(sorted(heads)), re.I) if heads is not None else None
    return LabelFamily(name, frozenset(triggers), pattern, frozenset(needs_colon), head)


_WORDS = re.compile(r"\w+")


TRIGGER, CUE, VERB = 1, 2, 4
"""The kinds of word in `CreditRules.words`: label trigger word, citing cue, reporting verb."""

REPORTING_VERBS = ("reported", "reports", "has reported", "said in a report", "investigation", "informó", "reportó",
                   "publicó", "berichtete", "a rapporté", "rapporte", "ha riferito", "riporta", "noticiou", "informou")
"""Verbs that make the name before them the outlet a claim comes from ("Diario del Sur reported"),
case-sensitive."""


def _is_letter(word: str) -> bool:
    """A trigger word of one letter or digit, left out of the automaton."""
    return len(word) == 1 and word.isalnum()


def _automaton(phrases: dict[int, list[str]]):
    """An Aho-Corasick automaton over lower-case phrases of each kind (straight and curly
    apostrophes); the value of each is (phrase, the sum of its kinds)."""
    import ahocorasick

    kinds: dict[str, int] = {}
    for kind, group in phrases.items():
        for phrase in group:
            for variant in {phrase.lower(), phrase.lower().replace("'", "’")}:
                kinds[variant] = kinds.get(variant, 0) | kind
    automaton = ahocorasick.Automaton()
    for variant, kind in sorted(kinds.items()):
        automaton.add_word(variant, (variant, kind))
    automaton.make_automaton()
    return automaton


def _letter_triggers(letters: list[str]) -> re.Pattern[str] | None:
    """Single letters standing alone: no letter or digit (`[^\\W_]`, exactly `str.isalnum`) on either side."""
    if not letters:
        return None
    return re.compile("[" + "".join(map(re.escape, letters)) + r"](?![^\W_])(?<![^\W_].)")


@cache
def credit_rules() -> CreditRules:
    """Parse and validate data/credits.toml, then compile every credit pattern once."""
    try:
        data = _CreditsFile.model_validate(load_toml("credits.toml"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(f"data/credits.toml: {where}: {first['msg']}") from None
    lang_names = "|".join(sorted((re.escape(k) for k in data.languages), key=len, reverse=True))
    fill = {"lang": rf"(?:{lang_names})", "for": r"(?:[^:;\n]{2,60}?)"}
    fill_heads = {"lang": [re.escape(k[:2]) for k in data.languages], "for": None}

    role_labels = {r.label: r.role for r in data.wire.roles}
    families = (
        _family("translator", data.translator.labels, fill, fill_heads),
        _family("reviser", data.translator.reviser_labels),
        _family("photo", data.photo.labels + ["photo courtesy of", "image courtesy of", "foto cortesía de",
                                              "foto cortesia de", "courtesy photo", "©", "(c)"]),
        _family("caption", data.photo.caption_labels),
        _family("source", data.source.labels, fill, fill_heads),
        _family("wire", list(role_labels)),
    )
    triggers = {t for f in families for t in f.triggers}
    markers = {w: kind for kind, words in data.photo.markers.items() for w in words}
    months = "|".join(sorted((re.escape(m) for m in month_numbers()), key=len, reverse=True))
    short_date = re.compile(
        rf"(?:(?:{months})\.?\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d\s+(?:de\s+)?(?:{months})\.?)(?:,?\s+(?:de\s+)?(?:19|20)\d\d)?",
        re.I,
    )
    return CreditRules(
        families=families,
        roles={k.lower(): v for k, v in role_labels.items()},
        languages={k.lower(): v for k, v in data.languages.items()},
        photo=data.photo,
        markers=markers,
        media_markers=frozenset(data.tag.media_markers),
        not_tags=frozenset(data.tag.not_tags),
        cms=frozenset(data.cms["boilerplate"]),
        byline_label=re.compile(r"^(?P<label>" + _alternation(data.byline.labels) + r")\s*:?\s+(?=\S)", re.I),
        special=re.compile(r"^(?P<label>" + _alternation(data.byline.special)
                           + r")\s+(?P<outlet>.+?)\s+(?:by|por|par|di|de)\s+(?P<name>.+)$", re.I),
        byline_roles=frozenset(data.byline.roles),
        not_names=frozenset(data.byline.not_names),
        particles=frozenset(data.byline.name_particles),
        contributed=re.compile(r"(?P<label>" + _alternation(data.wire.contributed) + r")", re.I),
        words=_automaton({TRIGGER: sorted(t for t in triggers if not _is_letter(t)), CUE: data.cited.cues,
                          VERB: list(REPORTING_VERBS)}),
        letter_triggers=_letter_triggers(sorted({t for t in triggers if _is_letter(t)})),
        outlet_nouns=re.compile(r"(?:(?:the|a|an|el|la|los|las|o|a|le|la|l'|il|lo|das|die|der|dal|dalla|del|della|do|da|du)\s+)?(?:[a-zà-ÿ-]+\s+)?(?P<noun>"
                                + _alternation(data.cited.outlet_nouns) + r")\s+", re.I),
        institution_words=frozenset(data.photo.institution_words),
        short_date=short_date,
        licence=re.compile(r"\(?\b(?P<licence>(?:" + _alternation(data.photo.licences)
                           + r")(?:\s*\d\.\d)?)(?![\w-])\)?", re.I),
        language_word=re.compile(rf"(?<![\w])(?:{lang_names})(?![\w])", re.I),
        outlet_words=frozenset(w.lower() for w in data.source.outlet_words),
        name_words={w: lang for lang, words in data.name_languages.items() for w in words},
        for_outlet=re.compile(r"\s(?:" + "|".join(data.translator.for_words) + r")\s+(?P<outlet>.+?)\s+\S+$", re.I),
    )
