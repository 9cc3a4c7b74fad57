"""Quotes and speakers: direct quotes, reported statements, and who said them.

Direct quotes come from pairing quotation marks paragraph by paragraph; a quote left open at the
end of a paragraph goes on when the next paragraph opens with a mark. Reported statements come
from cues such as "X said that", "according to X" or "según X". Speakers are read from the
names, titles, roles and pronouns next to a cue and merged into one person each. Every word the
analyser looks up lives in data/quotes.toml.

Which cue wins for a direct quote, in order: a reporting verb right after the quote ("…,” said X),
one before it in the same sentence (X said: “…”), then the sentence just before it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from itertools import accumulate, compress
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..document import Document
from ..errors import DataFileError
from ..models import Note, Quote, Source

ANALYSER = "quotes"
DATA_FILE = "quotes.toml"

# Words: hyphens, apostrophes and inner dots join (Russia's, vice-president, u.s); trailing ones are
# trimmed and single-letter elisions (l'État, d'après, qu'il) split off afterwards.
_TOKEN = re.compile(r"\w[\w'’.\-]*")
# A _TOKEN without its trailing marks, on folded text: word characters, then groups of inner marks
# each followed by word characters (possessive, so nothing is tried twice).
_WORD_SPLIT = re.compile(r"(\w++(?:[.'\-]++\w++)*+)")
_ASCII_BYTES = bytes(range(128))
_ELISION = re.compile(r"(?:qu|[ldjnsctm])'(?=\w)")
_TAG_GAP = re.compile(r"[\s,—–-]*")
_LEAD_GAP = re.compile(r"[\s:,—–-]*")
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:")
_CLOSE_AFTER = frozenset(" \t\n.,;:!?)]}…—–-/")
_TRAILING = frozenset(" \t\n.,;:—–-")


# --------------------------------------------------------------------------------------------
# What the analyser returns


@dataclass(frozen=True, slots=True)
class QuoteFindings:
    """Quotes in text order, their sources (most-quoted first) and notes."""

    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]

    def voice_at(self, start: int, end: int) -> tuple[str, str | None]:
        """('quoted', speaker) if [start,end) lies inside a direct quote, ('reported', speaker) inside a
        reported statement, else ('authorial', None)."""
        for quote in self.quotes:
            if quote.start > start:
                break
            if end <= quote.end:
                return ("quoted" if quote.kind == "direct" else "reported"), quote.speaker
        return "authorial", None


def find_quotes(doc: Document, language: str | None) -> QuoteFindings:
    """Direct quotes, reported statements and their speakers in the body of `doc`."""
    found = _analyse(doc, language)
    return QuoteFindings(found.quotes, found.sources, found.notes)


def short_quoted_terms(doc: Document, language: str | None = None) -> list[tuple[int, int]]:
    """Offsets of short quoted terms that are not speech (the so-called “reforms”), in text order."""
    return list(_analyse(doc, language).terms)


# --------------------------------------------------------------------------------------------
# Folding: lower case, no accents, same length (so folded offsets are text offsets)


def _fold_table() -> dict[int, str]:
    """Map accented Latin letters to their bare lower-case letter, curly apostrophes to '."""
    table = {0x2019: "'", 0x2018: "'", 0x02BC: "'", 0x2010: "-", 0x2011: "-"}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base.isascii() and base.isalpha() and base != chr(cp):
            table[cp] = base.lower()
    table.update({0xD8: "o", 0xF8: "o", 0x141: "l", 0x142: "l", 0x110: "d", 0x111: "d"})
    return table


_FOLD = _fold_table()


_FOLD_WORDS = {k: v for k, v in _FOLD.items() if k not in (0x2010, 0x2011, 0x2018, 0x02BC)}
"""_FOLD for tokenising: the marks a word cannot contain (hyphen signs, ‘) or may start with (ʼ, a
letter) are left alone, so that the folded text splits into the same words as the text itself."""


def _fold_words(text: str) -> str:
    """`fold` for tokenising: same length, and the same word boundaries as the text itself."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    if low.isascii():
        return low
    # Each table entry maps one non-ASCII character to one ASCII character, so replacing the few
    # distinct ones present gives what low.translate(_FOLD_WORDS) gives, without a look-up per character.
    for ch in _non_ascii(low):
        folded = _FOLD_WORDS.get(ord(ch))
        if folded is not None:
            low = low.replace(ch, folded)
    return low


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of `text`. ASCII bytes never occur inside the UTF-8 form of
    another character, so deleting them from the encoded text leaves exactly the others, in whole."""
    encoded = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(encoded.decode("utf-8", "surrogatepass"))


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents, keeping its length so offsets still match."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low.translate(_FOLD)


# --------------------------------------------------------------------------------------------
# The data file


_Table = dict[str, tuple[tuple[tuple[str, ...], object], ...]]


@dataclass(frozen=True, slots=True)
class _Marks:
    chars: str
    pairs: dict[str, str]
    continues: dict[str, str]
    clear: str
    spaced: str
    dialogue: str
    dialogue_pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Every look-up the analyser needs, for one language or for all of them merged."""

    verbs: _Table
    participles: _Table
    according: _Table
    describe: _Table
    roles: _Table
    places: _Table
    place_keys: dict[str, str]
    bare_verbs: frozenset[str]
    bare_stops: frozenset[str]
    times: frozenset[str]
    describe_links: frozenset[str]
    complementizers: frozenset[str]
    auxiliaries: frozenset[str]
    pronouns: frozenset[str]
    genders: dict[str, str]
    determiners: frozenset[str]
    definite: frozenset[str]
    indefinite: frozenset[str]
    qualifiers: frozenset[str]
    place_links: frozenset[str]
    particles: frozenset[str]
    stopwords: frozenset[str]
    generic: frozenset[str]
    joiners: frozenset[str]
    relatives: frozenset[str]
    prepositions: frozenset[str]
    scare: frozenset[str]
    abbreviations: frozenset[str]
    pro_drop: frozenset[str]
    broader: dict[str, str]
    cue_words: frozenset[str]
    role_words: frozenset[str]
    not_names: frozenset[str]
    function_words: frozenset[str]
    triggers: frozenset[str]
    np_words: frozenset[str]
    cue_phrases: dict[str, tuple[tuple[tuple[str, ...], str, frozenset[str]], ...]]
    term_words: int
    cue_gap: int
    describe_gap: int
    np_span: int
    marks: _Marks
    known: bool


@lru_cache(maxsize=1)
def _data() -> dict:
    """The parsed data file (read once)."""
    path = resources.files("provlens") / "data" / DATA_FILE
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"data/{DATA_FILE} cannot be read: {exc}") from None


_UNSUPPORTED = "*"
"""The key every unsupported language code is looked up by: they all share one merged table."""


@lru_cache(maxsize=1)
def _codes() -> tuple[str, ...]:
    """The languages the data file has reporting cues for."""
    return tuple(k for k, v in _data().items() if isinstance(v, dict) and "verbs" in v)


@lru_cache(maxsize=16)
def _lexicon(language: str | None) -> _Lexicon:
    """The look-ups for `language`; all languages merged when it is None or not in the data."""
    data = _data()
    codes = list(_codes())
    known = language in codes
    langs = [language] if known else codes
    sections = [data[code] for code in langs]
    roles = _roles(data, sections)
    places = {phrase: key for key, names in _mapping(data, "places").items()
              for phrase in _folded_list({"names": names}, "names")}
    genders = {word: gender for section in sections for word, gender in _pronouns(section).items()}
    sets = {name: _words(sections, key) for name, key in _WORD_LISTS.items()}
    tables = dict(
        verbs=_table(_by_language(sections, langs, "verbs")), roles=_table(roles), places=_table(places),
        participles=_table(dict.fromkeys(_words(sections, "participles"), True)),
        according=_table(dict.fromkeys(_words(sections, "according"), True)),
        describe=_table(dict.fromkeys(_words(sections, "describe_verbs"), True)),
    )
    sets["pronouns"] = frozenset(genders)
    limits = _mapping(data, "limits")
    return _Lexicon(
        **tables, **sets, **_derived(tables, sets, list(roles) + list(places)),
        place_keys=places, genders=genders, broader=_mapping(data, "roles"),
        pro_drop=frozenset(code for code, section in zip(langs, sections) if section.get("pro_drop") is True),
        term_words=_int(limits, "term_words"), cue_gap=_int(limits, "cue_gap"),
        describe_gap=_int(limits, "describe_gap"), np_span=_int(limits, "np_words"),
        marks=_marks(_mapping(data, "marks")), known=known or language is None,
    )


# _Lexicon field -> the per-language list it merges
_WORD_LISTS = {
    "bare_verbs": "bare_verbs", "bare_stops": "bare_stops", "times": "times", "describe_links": "describe_links",
    "complementizers": "complementizers", "auxiliaries": "auxiliaries", "determiners": "determiners",
    "definite": "definite", "indefinite": "indefinite", "qualifiers": "qualifiers", "place_links": "place_links",
    "particles": "name_particles", "stopwords": "stopwords", "generic": "generic_sources",
    "joiners": "clause_joiners", "relatives": "relatives", "prepositions": "prepositions",
    "scare": "scare_markers", "abbreviations": "abbreviations",
}


def _derived(tables: dict[str, _Table], sets: dict[str, frozenset[str]], phrases: list[str]) -> dict:
    """Sets computed from the lists: the words that trigger a look-up, and the kinds of words a name is not."""
    cue_words = frozenset(tables["verbs"]) | frozenset(tables["participles"]) | frozenset(tables["according"]) \
        | frozenset(tables["describe"])
    role_words = frozenset(tables["roles"])
    common = sets["stopwords"] | cue_words | sets["generic"] | sets["pronouns"]
    return dict(
        cue_words=cue_words, role_words=role_words, triggers=cue_words | role_words,
        not_names=common | role_words,
        function_words=common | sets["auxiliaries"] | sets["complementizers"] | sets["place_links"]
        | sets["particles"] | sets["definite"] | sets["indefinite"] | sets["relatives"] | sets["joiners"],
        np_words=frozenset(w for phrase in phrases for w in phrase.split(" ")) | sets["definite"]
        | sets["indefinite"] | sets["place_links"] | sets["particles"] | sets["qualifiers"] | sets["pronouns"]
        | sets["generic"],
        cue_phrases=_cue_table(tables),
    )


# (cue kind, the table of its phrases), in the order a cue is looked for
_CUE_KINDS = (("according", "according"), ("participle", "participles"), ("describe", "describe"), ("verb", "verbs"))


def _cue_table(tables: dict[str, _Table]) -> dict[str, tuple[tuple[tuple[str, ...], str, frozenset[str]], ...]]:
    """Cue word -> (phrase, kind, languages) of every cue phrase it starts, in the order they are tried:
    "according" before "participle", "describe" and "verb" phrases, the longest first within each."""
    out: dict[str, list[tuple[tuple[str, ...], str, frozenset[str]]]] = {}
    for kind, name in _CUE_KINDS:
        for word, entries in tables[name].items():
            out.setdefault(word, []).extend(
                (phrase, kind, value if isinstance(value, frozenset) else frozenset()) for phrase, value in entries)
    return {word: tuple(entries) for word, entries in out.items()}


def _words(sections: list[dict], key: str) -> frozenset[str]:
    """One list merged over the chosen languages."""
    return frozenset(w for section in sections for w in _folded_list(section, key))


def _roles(data: dict, sections: list[dict]) -> dict[str, str]:
    """Role phrase -> role id, every id checked against the [roles] table."""
    roles = {phrase: role for section in sections for phrase, role in _roles_of(section).items()}
    unknown = set(roles.values()) - set(_mapping(data, "roles"))
    if unknown:
        raise DataFileError(f"data/{DATA_FILE}: role ids {sorted(unknown)} are not listed under [roles]")
    return roles


def _folded_list(section: dict, key: str) -> list[str]:
    """A list of words or phrases from the data, folded and with single spaces."""
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"data/{DATA_FILE}: {key!r} must be a list of words")
    return [_phrase(v) for v in value]


def _by_language(sections: list[dict], langs: list[str], key: str) -> dict[str, frozenset[str]]:
    """Word -> the languages whose list has it."""
    out: dict[str, set[str]] = {}
    for code, section in zip(langs, sections):
        for word in _folded_list(section, key):
            out.setdefault(word, set()).add(code)
    return {w: frozenset(c) for w, c in out.items()}


def _pronouns(section: dict) -> dict[str, str]:
    """Pronoun -> gender ("m" or "f"), folded."""
    value = section.get("pronouns", {})
    if not isinstance(value, dict) or not all(v in ("m", "f") for v in value.values()):
        raise DataFileError(f"data/{DATA_FILE}: pronouns must map each pronoun to \"m\" or \"f\"")
    return {_phrase(k): v for k, v in value.items()}


def _roles_of(section: dict) -> dict[str, str]:
    """One language's role phrases, folded, with their role ids."""
    roles = section.get("roles", {})
    if not isinstance(roles, dict) or not all(isinstance(v, str) for v in roles.values()):
        raise DataFileError(f"data/{DATA_FILE}: roles must map a phrase to a role id")
    return {_phrase(k): v for k, v in roles.items()}


def _phrase(value: str) -> str:
    """A word or phrase from the data as the text's words are read: folded, elisions apart."""
    words = [w.rstrip(".-") for w in _TOKEN.findall(fold(value))]
    return " ".join(_split_elisions([0] * len(words), [0] * len(words), words)[2])


def _mapping(data: dict, key: str) -> dict:
    """A required table of the data file."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataFileError(f"data/{DATA_FILE}: the [{key}] table is missing")
    return value


def _int(table: dict, key: str) -> int:
    """A required whole number of the [limits] table."""
    value = table.get(key)
    if not isinstance(value, int) or value < 0:
        raise DataFileError(f"data/{DATA_FILE}: limits.{key} must be a whole number")
    return value


def _table(entries: dict[str, object]) -> _Table:
    """Phrase -> value, indexed by first word, longest phrase first."""
    table: dict[str, list[tuple[tuple[str, ...], object]]] = {}
    for phrase, value in entries.items():
        words = tuple(phrase.split(" "))
        table.setdefault(words[0], []).append((words, value))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in table.items()}


def _marks(table: dict) -> _Marks:
    """The quotation marks and their partners."""
    pairs, continues = table.get("pairs"), table.get("continues")
    if not isinstance(pairs, dict) or not isinstance(continues, dict):
        raise DataFileError(f"data/{DATA_FILE}: [marks] needs pairs and continues")
    chars = set(pairs) | {c for v in pairs.values() for c in v}
    dialogue = str(table.get("dialogue", ""))
    return _Marks(
        chars="".join(sorted(chars)),
        pairs=dict(pairs), continues=dict(continues), clear=str(table.get("clear", "")),
        spaced=str(table.get("spaced", "")), dialogue=dialogue,
        dialogue_pattern=re.compile(r"\s[" + re.escape(dialogue or "—") + r"](?=\w)"),
    )


def _match(table: _Table, words: list[str], i: int) -> tuple[int, object]:
    """(length, value) of the longest phrase of `table` starting at word i, or (0, None)."""
    entries = table.get(words[i])
    if entries:
        for phrase, value in entries:
            n = len(phrase)
            if n == 1 or tuple(words[i:i + n]) == phrase:
                return n, value
    return 0, None


# --------------------------------------------------------------------------------------------
# Quotation marks


def _pair_marks(text: str, paragraphs: tuple[tuple[int, int], ...], marks: _Marks,
                notes: list[Note]) -> list[tuple[int, int]]:
    """Offsets (open, close) of the outermost quotation-mark pairs; unpaired marks become notes."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    skip = -1
    found = _mark_offsets(text, marks)
    for index, (ps, pe) in enumerate(paragraphs):
        for i in found[bisect_left(found, ps):bisect_left(found, pe)]:
            if i != skip:
                _place_mark(text, i, ps, pe, stack, pairs, notes, marks)
        if stack:
            following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else -1
            skip = _carry_over(text, following, stack, notes, marks)
    return pairs


def _mark_offsets(text: str, marks: _Marks) -> list[int]:
    """Offsets of every quotation mark in the text, in order (str.find skips the text between them
    faster than a character-class pattern steps through it)."""
    found: list[int] = []
    for ch in marks.chars:
        p = text.find(ch)
        while p >= 0:
            found.append(p)
            p = text.find(ch, p + 1)
    found.sort()
    return found


def _place_mark(text: str, i: int, ps: int, pe: int, stack: list[tuple[str, int]],
                pairs: list[tuple[int, int]], notes: list[Note], marks: _Marks) -> None:
    """Open, close or ignore the mark at offset i, judging by the characters around it."""
    ch = text[i]
    before = text[i - 1] if i > ps else " "
    after = text[i + 1] if i + 1 < pe else " "
    if ch in "'’" and before.isalnum() and after.isalnum():
        return  # an apostrophe: don't, Russia’s
    if (ch == "’" and before.isspace()) or (ch in "‘'" and (before.isalnum() or after.isdigit())):
        return  # an elision: ’90s, ‘90s
    spaced = ch in marks.spaced
    can_open = (before.isspace() or before in _OPEN_BEFORE or before in marks.pairs) and (
        spaced or not after.isspace())
    can_close = (spaced or not before.isspace()) and (
        after.isspace() or after in _CLOSE_AFTER or after in marks.pairs or after in marks.clear)
    at = _opener_for(stack, ch, marks)
    if at >= 0 and (can_close or (ch == '"' and not can_open)):
        for _, inner in stack[at + 1:]:
            _unbalanced(text, inner, marks, notes)
        opened = stack[at][1]
        del stack[at:]
        if not stack:
            pairs.append((opened, i))
    elif can_open and ch in marks.pairs:
        stack.append((ch, i))
    elif ch in marks.clear and can_close:
        _unbalanced(text, i, marks, notes)


def _opener_for(stack: list[tuple[str, int]], ch: str, marks: _Marks) -> int:
    """Index in the stack of the innermost open mark that `ch` closes, or -1."""
    for index in range(len(stack) - 1, -1, -1):
        if ch in marks.pairs[stack[index][0]]:
            return index
    return -1


def _carry_over(text: str, following: int, stack: list[tuple[str, int]], notes: list[Note],
                marks: _Marks) -> int:
    """At a paragraph end: keep the outer quote open if the next paragraph reopens it, else give up."""
    if following >= 0 and text[following] in marks.continues.get(stack[0][0], ""):
        for _, inner in stack[1:]:
            _unbalanced(text, inner, marks, notes)
        del stack[1:]
        return following
    for _, i in stack:
        _unbalanced(text, i, marks, notes)
    stack.clear()
    return -1


def _unbalanced(text: str, i: int, marks: _Marks, notes: list[Note]) -> None:
    """Record a mark without a partner (apostrophe-like marks are too ambiguous to mention)."""
    ch = text[i]
    if ch not in marks.clear:
        return
    notes.append(Note(
        analyser=ANALYSER, code="unbalanced-quote", start=i, end=i + 1,
        message=f"The quotation mark {ch} at offset {i} has no partner in its paragraph; "
                "the words after it are read as the writer's own.",
    ))


def _dialogue_pairs(text: str, t: _Words, paragraphs: tuple[tuple[int, int], ...],
                    pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spanish dialogue: —Vamos a ganar —dijo Maduro—. Lo haremos. Gives (dash, dash) pairs."""
    marks, out = t.lex.marks, []
    opens = [p[0] for p in pairs]
    for ps, pe in paragraphs:
        if text[ps] not in marks.dialogue or ps + 1 >= pe or text[ps + 1].isspace():
            continue
        k = bisect_left(opens, ps)
        if k < len(opens) and opens[k] < pe:
            continue
        m = marks.dialogue_pattern.search(text, ps + 1, pe)
        if m is None or not _is_verb(t, t.after(m.end()), t.after(pe)):
            continue
        dash = m.start() + 1
        out.append((ps, dash))
        close = text.find(text[dash], dash + 1, pe)
        if close > 0:
            rest = close + 1
            while rest < pe and text[rest] in " .,;:":
                rest += 1
            if rest < pe:
                out.append((rest - 1, pe))  # what follows the attribution: "—. Lo haremos juntos."
    return out


def _is_verb(t: _Words, j: int, limit: int) -> bool:
    """Word j starts a reporting verb."""
    cue = _cue_at(t, j) if j < limit else None
    return cue is not None and cue.kind == "verb"


def _inner(text: str, open_: int, close: int) -> tuple[int, int]:
    """The quoted words between two marks, without the spaces at the edges."""
    s, e = open_ + 1, close
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --------------------------------------------------------------------------------------------
# Words and sentences


class _Words:
    """The body's words: offsets, folded forms, and the look-ups for the article's language."""

    __slots__ = ("text", "starts", "ends", "words", "caps", "n", "lex", "memo")

    def __init__(self, text: str, start: int, lex: _Lexicon) -> None:
        low = _fold_words(text)
        # One split gives the words and the gaps between them; the offsets are the running sum of
        # their lengths (all C-level work, where a loop over match objects is Python-level).
        parts = _WORD_SPLIT.split(low[start:] if start else low)
        offsets = list(accumulate(map(len, parts), initial=start))
        starts, ends, words = offsets[1:-1:2], offsets[2::2], parts[1::2]
        if _has_elision(low, start):
            starts, ends, words = _split_elisions(starts, ends, words)
        if "\u02bc" in low:
            words = [w.replace("\u02bc", "'") for w in words]
        self.text = text
        self.lex = lex
        self.memo: dict[tuple[int, int, int], _Mention | None] = {}
        self.starts = starts
        self.ends = ends
        self.words = words
        self.caps = [text[s].isupper() for s in starts]
        self.n = len(words)

    def gap(self, a: int, b: int) -> str:
        """The characters between words a and b."""
        return self.text[self.ends[a]:self.starts[b]]

    def joined(self, a: int, b: int) -> bool:
        """Words a and b sit side by side (one space, or an elision such as l'État)."""
        g = self.text[self.ends[a]:self.starts[b]]
        return g == " " or (not g and self.words[a].endswith("'"))

    def after(self, offset: int) -> int:
        """Index of the first word that starts at or after `offset`."""
        return bisect_left(self.starts, offset)

    def count(self, start: int, end: int) -> int:
        """Number of words inside [start, end)."""
        return bisect_left(self.starts, end) - bisect_left(self.starts, start)

    def span(self, first: int, last: int) -> str:
        """The text of words first..last."""
        return self.text[self.starts[first]:self.ends[last]]


def _has_elision(low: str, start: int) -> bool:
    """Whether the text has an elided article or pronoun (l'État, qu'il) anywhere after `start`."""
    for mark in "'’":
        p = low.find(mark, start)
        while p > 0:
            k = p - 2 if low[p - 2:p] == "qu" else p - 1
            if (k < p - 1 or low[k] in "ldjnsctm") and (k == 0 or not low[k - 1].isalnum()) \
                    and low[p + 1:p + 2].isalnum():
                return True
            p = low.find(mark, p + 1)
    return False


def _split_elisions(starts: list[int], ends: list[int], words: list[str]) -> tuple[list, list, list]:
    """Split l'État into l' + État and qu'il into qu' + il; other apostrophes stay inside the word.

    The lists are changed in place (from the last word back, so the indices still to visit hold)."""
    for k in reversed([k for k, w in enumerate(words) if "'" in w]):
        m = _ELISION.match(words[k])
        if m is not None:
            w, cut = words[k], m.end()
            words[k:k + 1] = [w[:cut], w[cut:]]
            starts.insert(k + 1, starts[k] + cut)
            ends.insert(k, starts[k] + cut)
    return starts, ends, words


def _sentences(doc: Document, pairs: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentences of the body (a break inside a quote is no break) and each one's paragraph index."""
    opens = [p[0] for p in pairs]
    out, where = [], []
    for index, (ps, pe) in enumerate(doc.paragraphs):
        spans = doc.sentences(ps, pe) or [(ps, pe)]
        if not pairs:  # no quote to join sentences across
            out += spans
            where += [index] * len(spans)
            continue
        cur_s, cur_e = spans[0]
        for s, e in spans[1:]:
            k = bisect_left(opens, cur_e) - 1
            if k >= 0 and pairs[k][0] < cur_e <= pairs[k][1]:
                cur_e = e
            else:
                out.append((cur_s, cur_e))
                cur_s, cur_e = s, e
        out.append((cur_s, cur_e))
        where.extend([index] * (len(out) - len(where)))
    return out, where


# --------------------------------------------------------------------------------------------
# Names, titles, roles and pronouns


@dataclass(slots=True)
class _Mention:
    """A way the text points at someone: a name, a titled name, a role, a pronoun, an unnamed source."""

    kind: str
    first: int
    last: int
    start: int
    end: int
    names: tuple[str, ...] = ()
    name_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None
    role: str | None = None
    quals: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    definite: bool = True


@dataclass(slots=True)
class _Head:
    """A role phrase: optional modifiers, the role words, an optional place after them."""

    role_first: int
    role_last: int
    last: int
    role: str
    quals: frozenset[str]
    places: tuple[str, ...]


def _mention(t: _Words, kind: str, first: int, last: int, **kw) -> _Mention:
    """A mention of words first..last."""
    return _Mention(kind, first, last, t.starts[first], t.ends[last], **kw)


def _name_word(t: _Words, i: int) -> bool:
    """Word i may be part of a name: capitalised, and not a title, cue or function word."""
    return t.caps[i] and t.words[i] not in t.lex.not_names


def _name_end(t: _Words, i: int, limit: int) -> int:
    """Index of the last word of the capitalised name starting at word i, or -1."""
    words, caps, not_names = t.words, t.caps, t.lex.not_names
    if i >= limit or not caps[i] or words[i] in not_names:  # not _name_word(t, i)
        return -1
    particles, joined = t.lex.particles, t.joined
    last, k, span = i, i + 1, i + t.lex.np_span
    while k < limit and k < span and joined(k - 1, k):
        if caps[k] and words[k] not in not_names:
            last, k = k, k + 1
            continue
        p = k
        while p < limit and words[p] in particles and joined(p - 1, p):
            p += 1
        if p == k or p >= limit or not joined(p - 1, p) or not caps[p] or words[p] in not_names:
            break
        last, k = p, p + 1
    return last


def _place_forms(t: _Words, first: int, last: int) -> list[str]:
    """Folded place words, possessive endings dropped (Russia's -> russia)."""
    out = []
    for w in t.words[first:last + 1]:
        out.append(w[:-2] if w.endswith("'s") else w.rstrip("'"))
    return out


def _role_phrase(t: _Words, j: int, limit: int) -> _Head | None:
    """The role phrase starting at word j: the Venezuelan president, presidente de Venezuela."""
    lex, words = t.lex, t.words
    if lex.role_words.isdisjoint(words[j:j + 5]):
        return None
    quals: set[str] = set()
    mods: list[int] = []
    k = j
    while True:
        if k >= limit or k - j > 3:
            return None
        n, role = _match(lex.roles, words, k)
        if n and k + n <= limit:
            break
        if words[k] in lex.qualifiers:
            quals.add(words[k])
        elif t.caps[k] and words[k] not in lex.stopwords and words[k] not in lex.cue_words:
            mods.append(k)
        else:
            return None
        if k + 1 >= limit or not t.joined(k, k + 1):
            return None
        k += 1
    places = _place_forms(t, mods[0], mods[-1]) if mods else []
    last = k + n - 1
    last = _place_after(t, last, limit, places)
    return _Head(k, k + n - 1, last, str(role), frozenset(quals), tuple(places))


def _place_after(t: _Words, last: int, limit: int, places: list[str]) -> int:
    """Extend a role phrase over "of Venezuela" or a demonym after it ("el mandatario venezolano")."""
    lex, words = t.lex, t.words
    p = last + 1
    if p + 1 < limit and words[p] in lex.place_links and t.joined(last, p):
        q = p + 1
        if words[q] in lex.definite and q + 1 < limit and t.joined(p, q):
            q += 1
        if t.joined(q - 1, q):
            n, _ = _match(lex.places, words, q)
            end = q + n - 1 if n and q + n <= limit else _name_end(t, q, limit)
            if end >= 0:
                places.extend(_place_forms(t, q, end))
                return end
    if p < limit and words[p] in lex.places and not t.caps[p] and t.joined(last, p):
        n, _ = _match(lex.places, words, p)
        if n == 1:
            places.append(words[p])
            return p
    return last


_UNREAD = object()  # a memo entry not yet read (None is a result)


def _parse_np(t: _Words, i: int, limit: int, stop: int = -1) -> _Mention | None:
    """The mention starting at word i and ending before `limit` (exactly at `stop` if given)."""
    if i >= limit:
        return None
    key = (i, limit, stop)
    m = t.memo.get(key, _UNREAD)
    if m is _UNREAD:
        m = t.memo[key] = _read_np(t, i, limit, stop)
    return m


def _read_np(t: _Words, i: int, limit: int, stop: int) -> _Mention | None:
    """Try, in order: article and role, described name, pronoun, unnamed source, name."""
    lex, w = t.lex, t.words[i]
    definite = None
    j = i
    if w in lex.definite or w in lex.indefinite:
        definite = w not in lex.indefinite
        j = i + 1
        if j >= limit or not t.joined(i, j):
            return _mention(t, "pronoun", i, i) if w in lex.pronouns else None
    head = _role_phrase(t, j, limit)
    if head is not None:
        return _after_role(t, i, head, definite is not False, limit)
    if definite is not None or not t.caps[i]:
        described = _described(t, i, j, limit, definite is not False)
        if described is not None:
            return described
    if definite is not None:
        if w in lex.pronouns and (stop == i or t.words[j] in lex.cue_words or t.words[j] in lex.auxiliaries):
            return _mention(t, "pronoun", i, i)  # Spanish él without its accent, Italian il before a verb
        return _unnamed(t, i, limit, stop)
    if w in lex.pronouns:
        return _mention(t, "pronoun", i, i)
    if w in lex.generic:
        return _mention(t, "generic", i, i)
    end = _name_end(t, i, limit)
    if end < 0:
        return None
    return _after_name(t, i, end, limit)


def _described(t: _Words, i: int, j: int, limit: int, definite: bool) -> _Mention | None:
    """A name after words that describe the person: marine ecologist Ratna Sumardi, la concejala Marcela."""
    words, caps, function_words = t.words, t.caps, t.lex.function_words
    k, stop = j, min(limit, j + 3)
    # up to three lower-case words that may describe someone (ecologist, concejala), no function words
    while k < stop and words[k].isalpha() and words[k] not in function_words and not caps[k] \
            and (k == j or t.joined(k - 1, k)):
        k += 1
    if k == j:
        return None
    places: list[str] = []
    last = _place_after(t, k - 1, limit, places)
    if last + 1 >= limit or not caps[last + 1]:
        return None  # _titled finds no name: a name starts with a capital
    return _titled(t, i, _Head(j, k - 1, last, "", frozenset(), tuple(places)), definite, limit)


def _after_role(t: _Words, i: int, head: _Head, definite: bool, limit: int) -> _Mention:
    """A role phrase, a titled name (President Maduro) or a role in apposition (the minister, Ana Ruiz,)."""
    return _titled(t, i, head, definite, limit) or _mention(
        t, "role", i, head.last, title_span=(t.starts[i], t.ends[head.last]),
        role=head.role, quals=head.quals, places=head.places, definite=definite)


def _titled(t: _Words, i: int, head: _Head, definite: bool, limit: int) -> _Mention | None:
    """The name after a role phrase (President Maduro) or in apposition to it (the minister, Ana Ruiz,)."""
    nxt = head.last + 1
    if nxt >= limit or not t.caps[nxt]:
        return None  # no name follows: a name starts with a capital
    g = t.gap(head.last, nxt)
    if g == " " or (g == ". " and head.last == head.role_last and t.words[head.last] in t.lex.abbreviations):
        title_span = (t.starts[head.role_first], t.ends[head.role_last])
    elif g == ", ":
        title_span = (t.starts[i], t.ends[head.last])
    else:
        return None
    end = _name_end(t, nxt, limit)
    if end < 0 or (g == ", " and not _apposition_closes(t, end, limit)):
        return None
    return _mention(t, "titled", i, end, names=tuple(t.words[nxt:end + 1]), name_span=(t.starts[nxt], t.ends[end]),
                    title_span=title_span, role=head.role, quals=head.quals, places=head.places, definite=definite)


def _after_name(t: _Words, i: int, end: int, limit: int) -> _Mention:
    """A name, or a name with its role in apposition (Vladimir Padrino, Minister for Defense,)."""
    lex = t.lex
    nxt = end + 1
    names, name_span = tuple(t.words[i:end + 1]), (t.starts[i], t.ends[end])
    if nxt < limit and t.gap(end, nxt) == ", ":
        j = nxt + 1 if t.words[nxt] in lex.definite and nxt + 1 < limit and t.joined(nxt, nxt + 1) else nxt
        head = _role_phrase(t, j, limit)
        if head is not None and _apposition_closes(t, head.last, limit):
            return _mention(t, "titled", i, head.last, title_span=(t.starts[nxt], t.ends[head.last]),
                            role=head.role, quals=head.quals, places=head.places, names=names, name_span=name_span)
    return _mention(t, "name", i, end, names=names, name_span=name_span)


def _apposition_closes(t: _Words, last: int, limit: int) -> bool:
    """An apposition ends with a comma, the end of the sentence, or right before a reporting verb."""
    nxt = last + 1
    if nxt >= limit:
        return True
    g = t.gap(last, nxt)
    return g.startswith(",") or g.startswith(".") or (g == " " and _is_verb(t, nxt, limit))


def _unnamed(t: _Words, i: int, limit: int, stop: int) -> _Mention | None:
    """An article and a noun that is not a known role: "the ministry", "a source close to him"."""
    if stop < 0:
        last = i + 1 if i + 1 < limit and t.joined(i, i + 1) else i
        return _mention(t, "generic", i, last)
    if stop - i > 4 or stop == i:
        return None
    for k in range(i + 1, stop + 1):
        if not t.joined(k - 1, k) or t.words[k] in t.lex.cue_words:
            return None
    return _mention(t, "generic", i, stop)


def _np_ending_at(t: _Words, end: int, floor: int, apposition: bool = False) -> _Mention | None:
    """The mention whose last word is `end`, looking back no further than word `floor`."""
    lex, text, words, caps = t.lex, t.text, t.words, t.caps
    np_words, function_words = lex.np_words, lex.function_words
    starts, k, commas = [end], end, 0
    while k - 1 >= floor and end - k < lex.np_span:
        p = k - 1
        g = text[t.ends[p]:t.starts[k]]
        if g == ", " and commas == 0:
            commas = 1
        elif not (g == " " or (not g and words[p].endswith("'"))  # t.joined(p, k)
                  or (g == ". " and words[p] in lex.abbreviations)):
            break
        np_ish = caps[p] or words[p] in np_words  # may be part of a name, title or role phrase
        if not (np_ish or (words[p].isalpha() and words[p] not in function_words)):  # nor a describing word
            break
        k = p
        if np_ish:
            starts.append(k)
    for s in reversed(starts):
        m = _parse_np(t, s, end + 1, stop=end)
        if m is not None and m.last == end and (not apposition or m.title_span and m.names):
            return m
    return None


def _subject(t: _Words, verb: int, floor: int) -> _Mention | None:
    """The speaker written before the reporting verb at word `verb` ("President Maduro also said")."""
    j = verb - 1
    while j >= floor and t.words[j] in t.lex.auxiliaries and t.joined(j, j + 1):
        j -= 1
    if j < floor:
        return None
    g = t.gap(j, j + 1)
    if g == " " or (not g and t.words[j].endswith("'")):  # t.joined(j, j + 1)
        m = _np_ending_at(t, j, floor)
        if m is not None and m.kind == "name" and m.first > floor and t.joined(m.first - 1, m.first) \
                and t.words[m.first - 1] in t.lex.prepositions and not t.caps[m.first - 1]:
            return _mention(t, "generic", m.first, m.last)  # "Analysts in Manila said": not Manila
        return m
    if g == ", ":
        return _np_ending_at(t, j, floor, apposition=True) or _before_relative(t, j, floor)
    return None


def _before_relative(t: _Words, j: int, floor: int) -> _Mention | None:
    """The speaker before a relative clause: "Carlos Faria, who met his counterpart, said"."""
    for k in range(j, max(floor, j - 15), -1):
        if t.words[k] in t.lex.relatives and t.gap(k - 1, k) == ", ":
            return _np_ending_at(t, k - 1, floor)
        if t.gap(k - 1, k).strip() not in ("", ","):
            return None
    return None


def _clause_initial(t: _Words, verb: int, floor: int) -> bool:
    """Nothing but adverbs or a comma before the verb: where a pro-drop language leaves out the subject."""
    j = verb - 1
    while j >= floor and (t.words[j] in t.lex.auxiliaries or t.words[j] in t.lex.joiners):
        j -= 1
    return j < floor or "," in t.gap(j, j + 1)


# --------------------------------------------------------------------------------------------
# Reporting cues


@dataclass(slots=True)
class _Cue:
    kind: str  # "verb", "participle", "according", "describe"
    first: int
    last: int
    langs: frozenset[str] = frozenset()


def _cue_at(t: _Words, i: int) -> _Cue | None:
    """The reporting cue starting at word i, if any: the first phrase of lex.cue_phrases the words match."""
    words = t.words
    entries = t.lex.cue_phrases.get(words[i])
    if entries:
        nxt = words[i + 1] if i + 1 < t.n else None
        for phrase, kind, langs in entries:
            n = len(phrase)
            # the second word is compared first: most phrases of common words ("de", "in") end there
            if n == 1 or (phrase[1] == nxt and tuple(words[i:i + n]) == phrase):
                return _Cue(kind, i, i + n - 1, langs)
    return None


def _complement(t: _Words, cue: _Cue, limit: int) -> int:
    """Index of the "that"/"que" after a cue (a few words may come between), or -1."""
    lex = t.lex
    for k in range(cue.last + 1, min(cue.last + 2 + lex.cue_gap, limit)):
        if t.words[k] in lex.complementizers:
            return k
        if t.gap(k - 1, k) not in (" ", ", ") and not t.joined(k - 1, k):
            return -1
    return -1


def _used_as_noun(t: _Words, cue: _Cue, lo: int) -> bool:
    """An article, possessive or preposition before the cue makes it a noun: "the claims that", "la cuenta"."""
    k = cue.first - 1
    if k < lo or not t.joined(k, cue.first):
        return False
    w, lex = t.words[k], t.lex
    return w not in lex.auxiliaries and (w in lex.definite or w in lex.indefinite or w in lex.determiners
                                         or w in lex.prepositions)


def _pro_drop(t: _Words, cue: _Cue) -> bool:
    """The cue's language may leave its subject out."""
    return bool(cue.langs & t.lex.pro_drop)


# --------------------------------------------------------------------------------------------
# Who speaks


@dataclass(slots=True)
class _Attribution:
    how: str  # "mention", "pro-drop", "previous", "inherit", "none"
    cue: _Cue | None
    mention: _Mention | None = None
    attached: bool = False
    ref: int = -1
    rival: _Attribution | None = None


@dataclass(slots=True, eq=False)
class _Person:
    keys: tuple[str, ...]
    name: str
    seen: list[int]
    roles: list[tuple[int, str, frozenset[str]]] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    titles: dict[str, tuple[int, str]] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    subjects: list[int] = field(default_factory=list)
    gender: str | None = None


class _People:
    """Everyone the text names with a title or as a speaker, merged by name, title and role."""

    def __init__(self, t: _Words) -> None:
        self.t = t
        self.people: list[_Person] = []
        self.by_mention: dict[int, _Person] = {}
        self.by_word: dict[str, list[_Person]] = {}

    def named(self, m: _Mention) -> _Person:
        """The person a name points at, created on first mention; a longer name replaces a shorter."""
        if m.start in self.by_mention:
            return self.by_mention[m.start]
        person = self._by_name(m.names, m.start)
        name = self.t.text[m.name_span[0]:m.name_span[1]] if m.name_span else ""
        if person is None:
            person = _Person(m.names, name, [])
            self.people.append(person)
        elif _fuller(m.names, name, person):
            person.keys, person.name = m.names, name
        for word in m.names:
            if person not in self.by_word.setdefault(word, []):
                self.by_word[word].append(person)
        self.record(person, m)
        self.by_mention[m.start] = person
        return person

    def record(self, person: _Person, m: _Mention) -> None:
        """Keep what a mention tells about a person: where, which role, which title, which words."""
        if m.start not in person.seen:
            insort(person.seen, m.start)
        if m.role and m.role != "honorific":
            person.roles.append((m.start, m.role, m.quals))
        person.places.update(m.places)
        text = self.t.text
        if m.title_span:
            title = text[m.title_span[0]:m.title_span[1]]
            person.titles.setdefault(title.casefold(), (m.title_span[0], title))
        if m.kind == "titled" and m.name_span and m.title_span and "," in text[m.start:m.end]:
            spans = sorted([m.title_span, m.name_span])  # an apposition: each part is a way of naming
        else:
            spans = [(m.start, m.end)]
        for s, e in spans:
            person.forms.setdefault(text[s:e], s)
            person.spans.append((s, e))

    def by_role(self, m: _Mention, pos: int) -> _Person | None:
        """The person most recently introduced with the role a description names (the Venezuelan president)."""
        before: tuple[int, _Person | None] = (-1, None)
        later: set[int] = set()
        for index, person in enumerate(self.people):
            for rpos, role, quals in person.roles:
                if quals != m.quals or not self._related(m.role or "", role):
                    continue
                if m.places and not any(_place_fits(self.t.lex, a, b) for a in m.places for b in person.places):
                    continue
                if rpos < pos and rpos > before[0]:
                    before = (rpos, person)
                elif rpos >= pos:
                    later.add(index)
        if before[1] is not None:
            return before[1]
        return self.people[later.pop()] if len(later) == 1 else None

    def antecedent(self, pos: int, gender: str | None, speakers: list[tuple[int, _Person]]) -> _Person | None:
        """Who a pronoun points at: the last speaker it fits, or someone named as a sentence's subject since."""
        best_pos, best = next(((p, s) for p, s in reversed(speakers) if _fits(s, gender)), (-1, None))
        for person in self.people:
            k = bisect_left(person.subjects, pos)
            if k and person.subjects[k - 1] > best_pos and _fits(person, gender):
                best_pos, best = person.subjects[k - 1], person
        if best is not None and gender and best.gender is None:
            best.gender = gender
        return best

    def _by_name(self, keys: tuple[str, ...], pos: int) -> _Person | None:
        """The person whose name contains these words or is contained in them, the most recently seen first."""
        best, best_rank = None, None
        candidates = self.by_word.get(keys[0], []) if len(keys) == 1 else \
            dict.fromkeys(p for word in keys for p in self.by_word.get(word, ()))
        for person in candidates:
            if _contains(person.keys, keys) or _contains(keys, person.keys):
                k = bisect_left(person.seen, pos)
                rank = (1, person.seen[k - 1]) if k else (0, -person.seen[0] if person.seen else 0)
                if best_rank is None or rank > best_rank:
                    best, best_rank = person, rank
        return best

    def _related(self, a: str, b: str) -> bool:
        """Same role, or one is a broader kind of the other (head of state / president)."""
        return a in _ancestry(self.t.lex, b) or b in _ancestry(self.t.lex, a)


def _fits(person: _Person, gender: str | None) -> bool:
    """Nothing the text said about the person contradicts the pronoun's gender."""
    return gender is None or person.gender in (None, gender)


def _ancestry(lex: _Lexicon, role: str) -> list[str]:
    """The role and every broader role above it."""
    out = []
    while role and role not in out:
        out.append(role)
        role = lex.broader.get(role, "")
    return out


def _fuller(keys: tuple[str, ...], name: str, person: _Person) -> bool:
    """A longer form of the person's name, or the same one with its accents (Nicolás, not Nicolas)."""
    if len(keys) > len(person.keys):
        return _contains(keys, person.keys)
    return keys == person.keys and _accents(name) > _accents(person.name)


def _accents(name: str) -> int:
    """How many letters of the name carry accents (or are not ASCII)."""
    return sum(1 for ch in name if not ch.isascii())


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    """`small` appears in `big` as a run of consecutive words."""
    n = len(small)
    if n == 1:
        return small[0] in big
    if not n or n > len(big):
        return False
    if n == len(big):
        return big == small
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def _place_fits(lex: _Lexicon, a: str, b: str) -> bool:
    """Two place words point at the same place: listed together, or close spellings (Venezuela/n)."""
    if a == b:
        return True
    key = lex.place_keys.get(a)
    if key is not None and key == lex.place_keys.get(b):
        return True
    shorter = min(len(a), len(b))
    common = 0
    while common < shorter and a[common] == b[common]:
        common += 1
    return shorter >= 4 and common >= min(6, shorter - 1)


# --------------------------------------------------------------------------------------------
# The analysis


@dataclass(slots=True)
class _Event:
    """A direct quote or a reported statement, waiting for its speaker."""

    kind: str
    start: int
    end: int
    pos: int
    sentence: int
    attribution: _Attribution | None
    person: _Person | None = None
    span: tuple[int, int] | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class _Found:
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    terms: tuple[tuple[int, int], ...]


class _Article:
    """One pass over one document: marks, sentences, words, cues, then speakers."""

    def __init__(self, doc: Document, lex: _Lexicon) -> None:
        self.text = doc.text
        self.lex = lex
        self.notes: list[Note] = []
        self.t = _Words(doc.text, doc.body_start, lex)
        pairs = _pair_marks(doc.text, doc.paragraphs, lex.marks, self.notes)
        pairs = sorted(pairs + _dialogue_pairs(doc.text, self.t, doc.paragraphs, pairs))
        self.pairs = pairs
        self.opens = [p[0] for p in pairs]
        self.sentences, self.sentence_paragraph = _sentences(doc, pairs)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.people = _People(self.t)
        self.cues, self.role_hits = self._scan()
        self.cue_starts = [self.t.starts[cue.first] for cue in self.cues]
        self.capitalised: Counter[str] | None = None
        self.subjects_known = False

    def _scan(self) -> tuple[list[_Cue], list[int]]:
        """Every reporting cue and every word that may start a role, in text order."""
        t, cues, roles = self.t, [], []
        words, lex = t.words, self.lex
        skip = -1
        for i in compress(range(t.n), map(lex.triggers.__contains__, words)):
            if words[i] in lex.role_words and _match(lex.roles, words, i)[0]:
                roles.append(i)
            if i > skip:
                cue = _cue_at(t, i)
                if cue is not None:
                    cues.append(cue)
                    skip = cue.last
        return cues, roles

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence that contains `offset`."""
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def word_bounds(self, sentence: int) -> tuple[int, int]:
        """First word of the sentence and the word after its last."""
        s, e = self.sentences[sentence]
        return self.t.after(s), self.t.after(e)

    # -- people introduced with a title ------------------------------------------------------

    def register_titles(self) -> None:
        """Record everyone named with a title or a role before any speaker is resolved."""
        covered = -1
        for r in self.role_hits:
            if r <= covered:
                continue
            m = self._mention_around(r)
            if m is None:
                continue
            covered = m.last
            if m.names:
                self.people.named(m)

    def register_subjects(self) -> None:
        """Record the subject of every sentence, once, the first time a pronoun needs them."""
        if not self.subjects_known:
            self.subjects_known = True
            for s, e in self.sentences:
                self._register_subject(s, e)

    def _register_subject(self, s: int, e: int) -> None:
        """A person named at the start of a sentence (or after its opening phrase) is its subject."""
        t = self.t
        i, hi = t.after(s), t.after(e)
        if i >= hi or self.text[s:t.starts[i]].strip():
            return
        m = _parse_np(t, i, t.n)  # spacing, not the sentence, bounds a name: the parse is shared
        if m is None:  # "Every Sunday before dawn, Justina Colque loads ..."
            i = next((k + 1 for k in range(i, min(i + 8, hi - 1)) if t.gap(k, k + 1) == ", "), hi)
            m = _parse_np(t, i, t.n)
        if m is None or not m.names or (m.kind == "name" and len(m.names) == 1 and not self._known_name(m)):
            return
        person = self.people.named(m)
        person.subjects.append(m.start)

    def _mention_around(self, r: int) -> _Mention | None:
        """The titled name or role phrase that contains the role word r."""
        t = self.t
        lo, hi = 0, t.n  # the words' spacing, not the sentence, bounds a title
        caps, words, np_words = t.caps, t.words, self.lex.np_words
        starts, k = [r], r
        while k - 1 >= lo and r - k < 4 and (caps[k - 1] or words[k - 1] in np_words) and t.joined(k - 1, k):
            k -= 1  # the word before may be part of a name, title or role phrase
            starts.append(k)
        if k - 1 >= lo and t.gap(k - 1, k) == ", ":
            s = k - 1
            while s - 1 >= lo and t.joined(s - 1, s) and (t.caps[s - 1] or t.words[s - 1] in self.lex.particles):
                s -= 1
            if _name_end(t, s, hi) == k - 1:
                starts.append(s)
        for s in reversed(starts):
            m = _parse_np(t, s, hi)
            if m is not None and m.first <= r <= m.last:
                return m
        return None

    # -- direct quotes ----------------------------------------------------------------------

    def direct_quotes(self) -> tuple[list[_Event], list[tuple[int, int]], set[int]]:
        """Speech quotes as events, short quoted terms, and the cue words used as quote tags."""
        events, terms, used = [], [], set()
        for index, (open_, close) in enumerate(self.pairs):
            s, e = _inner(self.text, open_, close)
            if s >= e:
                continue
            n = self.t.count(s, e)
            attribution = self._attribute(index, open_, close, s, e)
            if not self._is_speech(open_, close, n, attribution):
                terms.append((s, e))
                continue
            if attribution is not None and attribution.cue is not None and attribution.how != "inherit":
                used.add(attribution.cue.first)
            events.append(_Event("direct", s, e, s, self.sentence_of(s), attribution))
        return events, terms, used

    def _is_speech(self, open_: int, close: int, n: int, attribution: _Attribution | None) -> bool:
        """Long quotes are speech; short ones only with a cue attached or standing as a sentence."""
        if self._scare_marked(open_):
            return False
        if n > self.lex.term_words:
            return True
        if attribution is None:
            return False
        return attribution.attached or self._standalone(open_, close)

    def _scare_marked(self, open_: int) -> bool:
        """A word such as "so-called" stands right before the opening mark."""
        t = self.t
        j = t.after(open_) - 1
        return j >= 0 and t.words[j] in self.lex.scare and not self.text[t.ends[j]:open_].strip()

    def _standalone(self, open_: int, close: int) -> bool:
        """The quote is its sentence, give or take punctuation."""
        s, e = self.sentences[self.sentence_of(open_)]
        return not self.text[s:open_].strip(" —–-¡¿") and not self.text[close + 1:e].strip(" .,;:!?…")

    def _attribute(self, index: int, open_: int, close: int, s: int, e: int) -> _Attribution | None:
        """Who says the quote between `open_` and `close`: the cue after it, before it, or the sentence before."""
        sentence = self.sentence_of(s)
        floor = max(self.sentences[sentence][0], self.pairs[index - 1][1] + 1 if index else 0)
        tag = self._tag_after(index, close, s, e)
        lead = self._lead_before(open_, floor) if tag is None or self._cue_between(floor, open_) else None
        if tag is not None:
            tag.rival = lead if lead is not None and lead.mention is not None else None
            return tag
        return lead or self._from_previous(open_, sentence)

    def _cue_between(self, start: int, end: int) -> bool:
        """Some reporting cue starts inside [start, end)."""
        k = bisect_left(self.cue_starts, start)
        return k < len(self.cue_starts) and self.cue_starts[k] < end

    def _tag_after(self, index: int, close: int, s: int, e: int) -> _Attribution | None:
        """“…,” said X / “…,” X said / «…», afirmó X / —…—dijo X."""
        t, text = self.t, self.text
        sentence = self.sentence_of(close)
        bound = self.sentences[sentence][1]
        if index + 1 < len(self.pairs):
            bound = min(bound, self.pairs[index + 1][0])
        j = t.after(close + 1)
        if j >= t.n or t.starts[j] >= bound:
            return None
        gap = text[close + 1:t.starts[j]]
        if not _TAG_GAP.fullmatch(gap):
            return None
        if not (gap.strip() or text[e - 1] in ",.!?…" or text[close] in self.lex.marks.dialogue
                or text[e - 1] in "»”\"’"):
            return None  # a tag is set off by punctuation; "the “reform” Maduro announced" is not one
        return self._tag_at(j, t.after(bound))

    def _tag_at(self, j: int, limit: int) -> _Attribution | None:
        """The attribution starting at word j after a quote: a verb and its speaker, in either order."""
        t, lex = self.t, self.lex
        k = j
        while k + 1 < limit and t.words[k] in lex.auxiliaries and t.joined(k, k + 1):
            k += 1
        cue = _cue_at(t, k) if k < limit else None
        if cue is not None and cue.last < limit and cue.kind in ("verb", "according"):
            after = cue.last + 1
            while after + 1 < limit and t.words[after] in lex.auxiliaries and t.joined(after, after + 1):
                after += 1  # "dijo ayer Maduro"
            m = _parse_np(t, after, limit) if after < limit and t.joined(after - 1, after) else None
            if m is not None:
                return _Attribution("mention", cue, m, attached=True)
            if cue.kind == "verb":
                return _Attribution("pro-drop" if _pro_drop(t, cue) else "none", cue, attached=True)
            return None
        m = _parse_np(t, j, limit)
        if m is None:
            return None
        k = m.last + 1
        if k < limit and m.kind == "titled" and t.gap(m.last, k) == ", ":
            pass  # "Nicolás Maduro, president of Venezuela, said"
        elif k >= limit or not t.joined(m.last, k):
            return None
        while k + 1 < limit and t.words[k] in lex.auxiliaries and t.joined(k, k + 1):
            k += 1
        cue = _cue_at(t, k) if k < limit else None
        if cue is not None and cue.kind == "verb":
            return _Attribution("mention", cue, m, attached=True)
        return None

    def _lead_before(self, open_: int, floor: int) -> _Attribution | None:
        """X said: “…” / X said that “…” / según X, «…» / X said the plan would “…”."""
        t = self.t
        lo, hi = t.after(floor), t.after(open_)
        for k in range(hi - 1, lo - 1, -1):
            if t.words[k] not in self.lex.cue_words:
                continue
            cue = _cue_at(t, k)
            if cue is None or cue.last >= hi:
                continue
            found = self._lead_cue(cue, lo, hi, open_)
            if found is not None:
                return found
        return None

    def _lead_cue(self, cue: _Cue, lo: int, hi: int, open_: int) -> _Attribution | None:
        """What a cue before a quote says about its speaker, or None if it does not introduce the quote."""
        t = self.t
        if _used_as_noun(t, cue, lo):
            return None
        if cue.kind == "participle":
            return _Attribution("inherit", cue, attached=self._attached(cue.last, hi, open_))
        if cue.kind == "according":
            m = _parse_np(t, cue.last + 1, hi) if cue.last + 1 < hi else None
            end = m.last if m is not None else cue.last
            return _Attribution("mention" if m else "none", cue, m, attached=self._attached(end, hi, open_))
        if cue.kind not in ("verb", "describe"):
            return None
        subject = _subject(t, cue.first, lo)
        end = cue.last
        if subject is None and cue.last + 1 < hi and t.joined(cue.last, cue.last + 1):
            subject = _parse_np(t, cue.last + 1, hi)  # said X: “…” (X must be set off from the quote)
            if subject is not None and not set(":,") & set(self.text[t.ends[subject.last]:open_]):
                subject = None
            end = subject.last if subject is not None else end
        attached = self._attached(end, hi, open_)
        if cue.kind == "describe":
            if not any(t.words[k] in self.lex.describe_links for k in range(cue.last + 1, hi)):
                return None
        elif not (attached or _complement(t, cue, hi) >= 0 or t.words[cue.first] in self.lex.bare_verbs):
            return None
        if subject is not None:
            return _Attribution("mention", cue, subject, attached)
        return _Attribution("pro-drop" if _pro_drop(t, cue) else "none", cue, attached=attached)

    def _attached(self, last: int, hi: int, open_: int) -> bool:
        """Only ':' ',' or "that" between the cue and the opening mark."""
        t = self.t
        pos = t.ends[last]
        for k in range(last + 1, hi):
            if t.words[k] not in self.lex.complementizers or not _LEAD_GAP.fullmatch(self.text, pos, t.starts[k]):
                return False
            pos = t.ends[k]
        return _LEAD_GAP.fullmatch(self.text, pos, open_) is not None

    def _from_previous(self, open_: int, sentence: int) -> _Attribution | None:
        """A quote that opens its sentence takes the speaker of the sentence just before it."""
        s, _ = self.sentences[sentence]
        if sentence == 0 or self.text[s:open_].strip(" —–-¡¿"):
            return None
        prev = sentence - 1
        ps, pe = self.sentences[prev]
        if self.text[pe - 1] == ":":
            lead = self._lead_before(pe, ps)
            if lead is not None:
                lead.attached = True
                return lead
        if self.sentence_paragraph[prev] != self.sentence_paragraph[sentence]:
            return None
        return _Attribution("previous", None, ref=prev)

    # -- reported statements ----------------------------------------------------------------

    def reported(self, speech: list[_Event], used: set[int]) -> list[_Event]:
        """Statements introduced by a cue outside direct quotes: X said that …, según X, …"""
        spans = sorted((ev.start, ev.end) for ev in speech)
        starts = [s for s, _ in spans]
        out = []
        for index, cue in enumerate(self.cues):
            if cue.first in used or (spans and _inside(spans, starts, self.cue_starts[index])):
                continue
            event = self._statement(index, cue)
            if event is None or (spans and _overlaps(spans, starts, event.start, event.end)):
                continue
            out.append(event)
        return out

    def _statement(self, index: int, cue: _Cue) -> _Event | None:
        """The reported statement a cue introduces, if it introduces one."""
        sentence = self.sentence_of(self.cue_starts[index])
        lo, hi = self.word_bounds(sentence)
        if cue.kind == "according":
            return self._according(index, cue, sentence, lo, hi)
        # The clause is looked for first: without one the speaker need not be (both are pure look-ups).
        start = self._clause_start(cue, hi, bare=cue.kind == "verb")
        if start < 0 or self._opens_speech(start):
            return None
        if cue.kind == "participle":
            attribution = _Attribution("inherit", cue)
        else:
            attribution = self._speaker_before(cue, lo, hi)
            if attribution is None:
                return None
        end = self._clause_end(index, cue, start, sentence)
        return self._event(start, end, sentence, cue, attribution)

    def _speaker_before(self, cue: _Cue, lo: int, hi: int) -> _Attribution | None:
        """The subject of a reporting verb; an unnamed one ("the ministry said that") counts too."""
        if _used_as_noun(self.t, cue, lo):
            return None
        subject = _subject(self.t, cue.first, lo)
        if subject is not None:
            return _Attribution("mention", cue, subject)
        if _pro_drop(self.t, cue) and _clause_initial(self.t, cue.first, lo):
            return _Attribution("pro-drop", cue)
        if cue.first > lo and _complement(self.t, cue, hi) >= 0:
            return _Attribution("none", cue)
        return None

    def _clause_start(self, cue: _Cue, hi: int, bare: bool) -> int:
        """Offset where the reported clause starts, or -1 when the cue introduces none."""
        t, lex = self.t, self.lex
        if cue.kind == "describe":
            window = range(cue.last + 2, min(cue.last + 2 + lex.describe_gap, hi))
            if any(t.words[k] in lex.describe_links for k in window) and t.joined(cue.last, cue.last + 1):
                return t.starts[cue.last + 1]
            return -1
        comp = _complement(t, cue, hi)
        if comp >= 0:
            return self._skip_space(t.ends[comp])
        nxt = cue.last + 1
        if nxt >= hi:
            return -1
        gap = t.gap(cue.last, nxt)
        if gap.strip() == ":":
            return self._skip_space(t.ends[cue.last] + gap.index(":") + 1)
        while nxt + 1 < hi and t.words[nxt] in lex.times and t.joined(nxt, nxt + 1):
            nxt += 1  # "said Tuesday it would"
        gap = t.gap(nxt - 1, nxt)
        if bare and t.words[cue.first] in lex.bare_verbs and gap == " " and t.words[nxt] not in lex.bare_stops \
                and t.words[nxt] not in lex.complementizers and hi - nxt >= 3:
            return t.starts[nxt]
        return -1

    def _skip_space(self, pos: int) -> int:
        """The first offset from `pos` that is not a space."""
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1
        return pos

    def _opens_speech(self, start: int) -> bool:
        """The clause is a direct quote ("specified that “…”"): the quote covers it."""
        k = bisect_left(self.opens, start)
        return k < len(self.opens) and self.opens[k] == start

    def _according(self, index: int, cue: _Cue, sentence: int, lo: int, hi: int) -> _Event | None:
        """según X, … / according to X, … / …, according to X."""
        t = self.t
        m = _parse_np(t, cue.last + 1, hi) if cue.last + 1 < hi else None
        last = m.last if m is not None else self._first_comma(cue.last + 1, hi)
        if last < 0:
            return None
        attribution = _Attribution("mention" if m else "none", cue, m)
        leading = self.lex.joiners.issuperset(t.words[lo:cue.first])  # only joiners before the cue
        if leading and last + 1 < hi and t.gap(last, last + 1).startswith(","):
            start = t.starts[last + 1]
            return self._event(start, self._clause_end(index, cue, start, sentence), sentence, cue, attribution)
        if cue.first > lo and last + 1 >= hi and t.gap(cue.first - 1, cue.first).strip() in (",", "(", "—", "–"):
            start = self.sentences[sentence][0]
            return self._event(start, t.ends[cue.first - 1], sentence, cue, attribution)
        return None

    def _first_comma(self, k: int, hi: int) -> int:
        """The word a comma follows, within a few words of word k, or -1."""
        text, starts, ends = self.text, self.t.starts, self.t.ends
        for j in range(k, min(k + 6, hi - 1)):
            if text.startswith(",", ends[j], starts[j + 1]):  # t.gap(j, j + 1).startswith(",")
                return j
        return -1

    def _clause_end(self, index: int, cue: _Cue, start: int, sentence: int) -> int:
        """The sentence's end, or where the next cue of the same sentence takes over."""
        t, cues, cue_starts = self.t, self.cues, self.cue_starts
        end = self.sentences[sentence][1]
        for k in range(index + 1, len(cues)):
            pos = cue_starts[k]
            if pos >= end:
                break
            if pos < start:
                continue
            later = cues[k]
            if later.kind in ("participle", "according"):
                return pos
            if later.kind == "verb":
                subject = _subject(t, later.first, t.after(start))
                if subject is not None:
                    return subject.start
        return end

    def _event(self, start: int, end: int, sentence: int, cue: _Cue,
               attribution: _Attribution) -> _Event | None:
        """A reported statement over [start, end), trimmed; None if nothing is left."""
        start, end = self._trim(start, end)
        if start >= end:
            return None
        return _Event("reported", start, end, self.t.starts[cue.first], sentence, attribution)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop trailing punctuation and a dangling "and"/"while" from a statement."""
        text, t = self.text, self.t
        while True:
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            k = t.after(end) - 1
            if k >= 0 and t.ends[k] == end and t.starts[k] > start and t.words[k] in self.lex.joiners:
                end = t.starts[k]
                continue
            return start, end

    # -- speakers ---------------------------------------------------------------------------

    def resolve(self, events: list[_Event]) -> None:
        """Give each event its person, in text order, so pronouns find the last named speaker."""
        speakers: list[tuple[int, _Person]] = []
        by_sentence: dict[int, list[_Event]] = {}
        for ev in sorted(events, key=lambda e: e.pos):
            a = ev.attribution
            if a is not None:
                ev.cue = self.t.span(a.cue.first, a.cue.last) if a.cue else None
                if a.how == "mention" and a.mention is not None:
                    ev.person = self._person(a.mention, ev.pos, speakers)
                    ev.span = (a.mention.start, a.mention.end) if ev.person else None
                    if a.rival is not None and a.rival.mention is not None:
                        self._note_rival(ev, a.rival.mention, speakers)
                elif a.how == "pro-drop":
                    self.register_subjects()
                    ev.person = self.people.antecedent(ev.pos, None, speakers)
                elif a.how in ("previous", "inherit"):
                    source = _last_speaker(by_sentence.get(a.ref if a.how == "previous" else ev.sentence, ()))
                    if source is not None:
                        ev.person, ev.span, ev.cue = source.person, source.span, ev.cue or source.cue
            by_sentence.setdefault(ev.sentence, []).append(ev)
            if ev.person is not None:
                speakers.append((ev.pos, ev.person))

    def _note_rival(self, ev: _Event, rival: _Mention, speakers: list[tuple[int, _Person]]) -> None:
        """A cue before the quote names someone else than the one after it: the one after wins, noted."""
        other = self._person(rival, ev.pos, speakers)
        if other is not None and other is not ev.person:
            self.notes.append(Note(
                analyser=ANALYSER, code="speaker-conflict", start=rival.start, end=rival.end,
                message=f"The quote at offset {ev.start} is also introduced by “{self.text[rival.start:rival.end]}”; "
                        "the attribution right after the quote was kept.",
            ))

    def _person(self, m: _Mention, pos: int, speakers: list[tuple[int, _Person]]) -> _Person | None:
        """The person a mention points at; a role or pronoun that points at nobody named gets a note."""
        people = self.people
        if m.kind == "generic":
            return None
        if m.kind == "pronoun":
            self.register_subjects()
            person = people.antecedent(pos, self.lex.genders.get(self.t.words[m.first]), speakers)
        elif m.kind == "name" and len(m.names) == 1 and not self._known_name(m):
            return None  # "Brokers said": a capitalised word that opens a sentence is not a name by itself
        elif m.names:
            return people.named(m)
        elif m.definite:
            person = people.by_role(m, pos)
            if person is not None:
                people.record(person, m)
        else:
            return None
        if person is None and not any(n.code == "unresolved-speaker" and n.start == m.start for n in self.notes):
            self.notes.append(Note(
                analyser=ANALYSER, code="unresolved-speaker", start=m.start, end=m.end,
                message=f"“{self.text[m.start:m.end]}” could not be tied to a named person; "
                        "the statement is left without a speaker.",
            ))
        return person

    def _known_name(self, m: _Mention) -> bool:
        """A one-word name is trusted mid-sentence, or when the text capitalises it mid-sentence elsewhere."""
        s, _ = self.sentences[self.sentence_of(m.start)]
        if self.text[s:m.start].strip(" \"'“”‘’«»—–-(¿¡"):
            return True
        if any(_contains(p.keys, m.names) for p in self.people.people):
            return True
        if self.capitalised is None:
            t = self.t
            openers = Counter(t.words[i] for i in {t.after(s) for s, _ in self.sentences} if i < t.n and t.caps[i])
            self.capitalised = Counter(compress(t.words, t.caps)) - openers
        return self.capitalised[m.names[0]] > 0

    def full_names(self, people: list[_Person]) -> None:
        """Give each speaker the longest form of their name the text uses anywhere."""
        if not people:
            return
        t = self.t
        wanted = {k for person in people for k in (person.keys[0], person.keys[-1])}
        where = list(compress(range(t.n), map(wanted.__contains__, t.words)))
        for person in people:
            grown = True
            while grown:
                grown = False
                tail = person.keys[-1]
                for i in (i for i in where if t.words[i] in (tail, person.keys[0])):
                    run = self._name_run_around(i)
                    if run is None:
                        continue
                    first, last = run
                    keys = tuple(t.words[first:last + 1])
                    if not _contains(keys, person.keys) or not (keys[-1] == tail or len(person.keys) > 1):
                        continue
                    name = t.span(first, last)
                    s, e = t.starts[first], t.ends[last]
                    if not any(a <= s and e <= b for a, b in person.spans):
                        person.forms.setdefault(name, s)
                    if _fuller(keys, name, person):
                        grown = len(keys) > len(person.keys)
                        person.keys, person.name = keys, name
                        if grown:
                            break

    def _name_run_around(self, i: int) -> tuple[int, int] | None:
        """First and last word of the capitalised name that contains word i."""
        t = self.t
        if not _name_word(t, i):
            return None
        first = i
        while first > 0 and t.joined(first - 1, first) and (
                _name_word(t, first - 1) or (t.words[first - 1] in self.lex.particles and first - 2 >= 0
                                             and t.joined(first - 2, first - 1) and _name_word(t, first - 2))):
            first -= 1
        while not _name_word(t, first):
            first += 1
        if first > 0 and t.joined(first - 1, first) and t.words[first - 1] in self.lex.place_links:
            return None  # the place or office of a title: Secretary of State Antony Blinken
        last = _name_end(t, first, t.n)
        return (first, last) if last >= i else None


def _last_speaker(events) -> _Event | None:
    """The last of these events that has a speaker."""
    for ev in reversed(events):
        if ev.person is not None:
            return ev
    return None


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """The offset lies inside one of the sorted, disjoint spans."""
    k = bisect_right(starts, offset) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """[s, e) overlaps one of the sorted, disjoint spans."""
    k = bisect_left(starts, e)
    return any(spans[j][1] > s for j in range(max(k - 2, 0), k))


def _analyse(doc: Document, language: str | None) -> _Found:
    """Run the whole analysis once; find_quotes and short_quoted_terms read from it."""
    language = language.strip().lower() or None if language else None
    lex = _lexicon(language if language is None or language in _codes() else _UNSUPPORTED)
    article = _Article(doc, lex)
    if not lex.known:
        article.notes.append(Note(
            analyser=ANALYSER, code="language-unsupported",
            message=f"No reporting cues for language {language!r}; the cues of every supported language were used.",
        ))
    article.register_titles()
    speech, terms, used = article.direct_quotes()
    events = speech + article.reported(speech, used)
    article.resolve(events)
    events.sort(key=lambda ev: ev.start)
    speakers = list(dict.fromkeys(ev.person for ev in events if ev.person is not None))
    article.full_names(speakers)
    quotes = tuple(_quote(doc.text, ev, article.t.count(ev.start, ev.end)) for ev in events)
    return _Found(quotes, _sources(events, quotes), tuple(article.notes), tuple(terms))


def _quote(text: str, ev: _Event, words: int) -> Quote:
    """The output model of one event."""
    person = ev.person
    return Quote(
        start=ev.start, end=ev.end, text=text[ev.start:ev.end], kind=ev.kind,
        speaker=person.name if person else None,
        speaker_start=ev.span[0] if person and ev.span else None,
        speaker_end=ev.span[1] if person and ev.span else None,
        cue=ev.cue, words=words,
    )


def _sources(events: list[_Event], quotes: tuple[Quote, ...]) -> tuple[Source, ...]:
    """One Source per speaker: most-quoted first, ties by first quote."""
    tally: dict[_Person, list] = {}
    for ev, quote in zip(events, quotes):
        if ev.person is None:
            continue
        row = tally.setdefault(ev.person, [ev.person, 0, 0, ev.start])
        row[1] += 1
        row[2] += quote.words
    rows = sorted(tally.values(), key=lambda r: (-r[1], r[3]))
    return tuple(
        Source(name=p.name, quotes=n, words=w,
               titles=[title for _, title in sorted(p.titles.values())],
               mentions=[form for form, _ in sorted(p.forms.items(), key=lambda kv: kv[1])])
        for p, n, w, _ in rows
    )
