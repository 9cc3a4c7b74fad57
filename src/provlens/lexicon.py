"""Framing lexicons: loading and validating data/lexicons/*.toml and data/categories.toml.

A lexicon file holds a `[meta]` table (language, description, optional order) and `[[entry]]` tables, each with an
id, a pattern, optional extra forms, a category from data/categories.toml, an intensity (1-3), an
explanation, an optional alternative and an example that the tests run. Every file of a language
is read once per process; a problem in any file is a DataFileError naming the file and the entry.

data/framing.toml holds the words the analyser uses around the lexicons (negators, words that do
not count towards the negation window, words that mark a quoted term as a name) and the text of
the scare-quote finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DataFileError
from .resources import data_names, load_toml

LEXICON_FOLDER = "lexicons"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Strict):
    """One framing category of data/categories.toml."""

    id: str
    label: str
    technique: str = ""
    description: str
    cue: bool = False


class _CategoriesFile(_Strict):
    category: list[Category]


class LexiconMeta(_Strict):
    language: str = Field(min_length=2)
    description: str
    order: int = 0
    """Files are read by order, then by name; where two entries list the same form, the first read wins."""


class LexiconEntry(_Strict):
    """One lexicon entry: a word or phrase, its forms, and why it frames."""

    id: str = Field(min_length=1, pattern=r"^\S+$")
    pattern: str = Field(min_length=1)
    forms: list[str] = []
    category: str
    intensity: int = Field(ge=1, le=3)
    explanation: str = Field(min_length=1)
    alternative: str = ""
    example: str = Field(min_length=1)


class LexiconFile(_Strict):
    """A whole lexicon file."""

    meta: LexiconMeta
    entry: list[LexiconEntry] = []


class LanguageWords(_Strict):
    """The words of one language that the analyser needs besides the lexicon."""

    negators: list[str]
    negator_endings: list[str] = []
    skip: list[str] = []
    naming: list[str] = []


class ScareQuotes(_Strict):
    """The finding reported for a short term in quotation marks."""

    category: str
    intensity: int = Field(ge=1, le=3)
    max_words: int = Field(ge=1)
    explanation: str
    alternative: str = ""


class _FramingFile(_Strict):
    scare_quotes: ScareQuotes
    language: dict[str, LanguageWords]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every validated entry of one language, with the file each came from."""

    language: str
    entries: tuple[LexiconEntry, ...]
    files: tuple[str, ...]
    """For each entry, the data file it came from (same order as `entries`)."""


_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
                       "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})


def fold_phrase(phrase: str) -> str:
    """A pattern in the form the matcher compares: lower case, hyphens as spaces, one space, straight apostrophes."""
    return _SPACES.sub(" ", phrase.lower().translate(_FOLD)).strip()


@cache
def categories() -> dict[str, Category]:
    """The framing categories of data/categories.toml, by id."""
    try:
        data = _CategoriesFile.model_validate(load_toml("categories.toml"))
    except ValidationError as exc:
        raise DataFileError(f"data/categories.toml: {_first_error(exc)}") from None
    out: dict[str, Category] = {}
    for cat in data.category:
        if cat.id in out:
            raise DataFileError(f"data/categories.toml: category {cat.id!r} is defined twice")
        out[cat.id] = cat
    return out


@cache
def lexicon_files() -> dict[str, LexiconFile]:
    """Every bundled lexicon file, parsed and validated, by name relative to data/, in reading order."""
    files = {name: parse_lexicon(name, load_toml(name)) for name in data_names(LEXICON_FOLDER)}
    return dict(sorted(files.items(), key=lambda item: (item[1].meta.order, item[0])))


def languages() -> frozenset[str]:
    """The languages that have at least one lexicon file."""
    return frozenset(f.meta.language for f in lexicon_files().values())


@cache
def load_lexicon(language: str) -> Lexicon:
    """All bundled entries of `language`, validated; built once per process."""
    return merge_lexicons(language, lexicon_files())


def merge_lexicons(language: str, files: dict[str, LexiconFile]) -> Lexicon:
    """The entries of `language` from `files`, checked for duplicate ids, unknown categories and empty forms."""
    cats = categories()
    entries: list[LexiconEntry] = []
    names: list[str] = []
    seen: dict[str, str] = {}
    for name, data in files.items():
        if data.meta.language != language:
            continue
        for entry in data.entry:
            where = f"data/{name}: entry {entry.id!r}"
            if entry.id in seen:
                raise DataFileError(f"{where}: duplicate id (also in data/{seen[entry.id]})")
            if entry.category not in cats:
                raise DataFileError(f"{where}: unknown category {entry.category!r} "
                                    f"(known: {', '.join(sorted(cats))})")
            for form in (entry.pattern, *entry.forms):
                if not fold_phrase(form):
                    raise DataFileError(f"{where}: the form {form!r} is empty")
            seen[entry.id] = name
            entries.append(entry)
            names.append(name)
    return Lexicon(language=language, entries=tuple(entries), files=tuple(names))


@cache
def framing_settings() -> _FramingFile:
    """data/framing.toml, validated: negators and other words per language, the scare-quote finding."""
    try:
        data = _FramingFile.model_validate(load_toml("framing.toml"))
    except ValidationError as exc:
        raise DataFileError(f"data/framing.toml: {_first_error(exc)}") from None
    if data.scare_quotes.category not in categories():
        raise DataFileError(f"data/framing.toml: scare_quotes: unknown category {data.scare_quotes.category!r}")
    return data


def parse_lexicon(name: str, raw: dict) -> LexiconFile:
    """Validate the parsed TOML of one lexicon file; a problem names the file and the entry."""
    try:
        return LexiconFile.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(f"data/{name}: {_first_error(exc, raw)}") from None


def _first_error(exc: ValidationError, raw: dict | None = None) -> str:
    """The first validation error as `entry 'id': field: message` (or its location path)."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    if raw is not None and len(loc) >= 2 and loc[0] == "entry" and isinstance(loc[1], int):
        items = raw.get("entry") or []
        item = items[loc[1]] if loc[1] < len(items) else {}
        label = item.get("id") if isinstance(item, dict) else None
        rest = ".".join(str(p) for p in loc[2:]) or "entry"
        who = f"entry {label!r}" if label else f"entry #{loc[1] + 1}"
        return f"{who}: {rest}: {err['msg']}"
    return f"{'.'.join(str(p) for p in loc) or 'file'}: {err['msg']}"
