"""Reading articles: bytes or HTML in, a normalised `Document` with offsets out.

Everything downstream points into `Document.text`, the normalised text: Unicode NFC, `\\n` line
endings, non-breaking spaces turned into spaces, zero-width characters removed, trailing spaces
trimmed. Leading header lines (`date 2022-02-17`, `title ...`, `url ...`, `outlet ...`) are kept in
the text, parsed as metadata, and excluded from the body.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, InputTooLarge
from .models import MetaField

DEFAULT_MAX_BYTES = 5_000_000
"""Inputs larger than this are refused (an article is rarely over 200 KB; 5 MB leaves room)."""

HEADER_KEYS = ("date", "title", "url", "outlet", "author", "language")

_TRANSLATE = {
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ", 0x3000: " ",
    0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None,
    0x2028: "\n", 0x2029: "\n", 0x0085: "\n", 0x0B: "\n", 0x0C: "\n",
    **{cp: " " for cp in range(0x2000, 0x2007)},
}
_TRANSLATED = re.compile("[" + "".join(map(chr, sorted(_TRANSLATE))) + "]")
"""Any character of _TRANSLATE: str.translate is slow on non-ASCII text, so it runs only when needed."""
_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)|[ \t]+\Z")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line's text from its first to its last non-space character
_HEADER_LINE = re.compile(
    r"(?P<key>" + "|".join(HEADER_KEYS) + r")[ \t]*:?[ \t]+(?P<value>[^\n]+)"
)
_HEADER_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}/\d{1,2}/\d{4}"
)
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)


@dataclass(frozen=True, slots=True)
class Document:
    """One article, normalised, with its header metadata and the offsets of its parts."""

    id: str
    source: str
    text: str
    body_start: int
    format: str = "text"
    header: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    """Header key -> (value, start, end) of the value in `text`."""
    meta: tuple[MetaField, ...] = ()
    """Page metadata from HTML (origin "html-meta") and header lines (origin "header")."""
    paragraphs: tuple[tuple[int, int], ...] = ()
    lines: tuple[tuple[int, int], ...] = ()
    _sentences: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans inside text[start:end], split once per document and shared by the analysers."""
        spans = self._sentences.get((start, end))
        if spans is None:
            spans = self._sentences[start, end] = split_sentences(self.text, start, end)
        return spans


def normalise(text: str) -> str:
    """Return `text` in the form every offset refers to (see the module docstring)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() or "\x0b" in text or "\x0c" in text:
        if _TRANSLATED.search(text):
            text = text.translate(_TRANSLATE)
        text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):  # the look-up is costly, the test is not
        text = _TRAILING_SPACE.sub("", text)
    return text.strip("\n ")


def content_id(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def from_text(text: str, *, source: str = "-", id: str | None = None,
              meta: tuple[MetaField, ...] = (), format: str = "text") -> Document:
    """Build a Document from text already decoded: normalise, parse header lines, cut paragraphs."""
    text = normalise(text)
    if not text.strip():
        raise InputError("is empty (no text to annotate)", source=source)
    header, body_start = _parse_header(text)
    header_meta = tuple(MetaField(name=k, value=v[0], origin="header") for k, v in header.items())
    return Document(
        id=id or content_id(text),
        source=source,
        text=text,
        body_start=body_start,
        format=format,
        header=header,
        meta=header_meta + tuple(meta),
        paragraphs=tuple(_paragraphs(text, body_start)),
        lines=tuple(_lines(text, body_start)),
    )


def _parse_header(text: str) -> tuple[dict[str, tuple[str, int, int]], int]:
    """Read `key value` lines at the top of the text; return them and where the body starts.

    A `date` line may carry the first words of the body after the date (the reference article
    does: `date 2022-02-17 This Wednesday, ...`); the body then starts after the date.
    """
    header: dict[str, tuple[str, int, int]] = {}
    pos = 0
    while pos < len(text):
        m = _HEADER_LINE.match(text, pos)
        if m is None or m.group("key") in header:
            break
        key, vstart = m.group("key"), m.start("value")
        if key == "date":
            d = _HEADER_DATE.match(text, vstart)
            if d is None:
                break
            header[key] = (d.group(), d.start(), d.end())
            rest = d.end()
            while rest < len(text) and text[rest] in " \t":
                rest += 1
            if rest < len(text) and text[rest] != "\n":
                return header, rest  # the body goes on on the same line
            pos = rest
        else:
            value = m.group("value").strip()
            if key == "url" and not re.match(r"(?:https?://|www\.)\S+$", value):
                break
            header[key] = (value, vstart, vstart + len(value))
            pos = m.end()
        while pos < len(text) and text[pos] in "\n \t":
            pos += 1
    return header, pos


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    """Blocks separated by blank lines; when the text has none, each line is a paragraph."""
    if _BLANK_LINE.search(text, start):
        spans, pos = [], start
        for m in _BLANK_LINE.finditer(text, start):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = _lines(text, start)
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """Each non-blank line from `start` on, without the white space at its ends."""
    return [m.span() for m in _LINE.finditer(text, start)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --------------------------------------------------------------------------------------------
# Sentences

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr sra srta jr st gen gov sen rep col lt sgt capt cmdr adm pres vs etc
    vol fig inc ltd co corp dept univ approx jan feb apr jun jul aug sep sept oct
    nov dec tue wed thu fri av avda dra ing lic gral cnel sto sta pág pp ed eds
    mme mlle sig sigg dott u.s u.k u.n e.g i.e a.m p.m""".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»’'\)\]]*(?=\s+[\"“«¿¡(\[]?[A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ0-9])")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], keeping abbreviations and initials together."""
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == ".":
            word_start = m.start()
            while word_start > pos and not text[word_start - 1].isspace():
                word_start -= 1
            word = text[word_start:m.start()].lower().lstrip("(\"“«")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if word in ("no", "nos", "nº") and text[m.end():m.end() + 2].strip()[:1].isdigit():
                continue  # "No. 5"
        s, e = _trim(text, pos, m.end())
        if e > s:
            out.append((s, e))
        pos = m.end()
    s, e = _trim(text, pos, end)
    if e > s:
        out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------
# Loading


def load_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file (or '-' for standard input) into a Document, or raise InputError saying why."""
    name = str(path)
    if name == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
        return from_bytes(data, source="-", max_bytes=max_bytes)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, not an article (batch reads directories)", source=name)
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", source=name) from None
    except PermissionError:
        raise InputError("permission denied", source=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=name) from None
    if size > max_bytes:
        raise InputTooLarge(f"is {size:,} bytes; the limit is {max_bytes:,} (--max-bytes)", source=name)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=name) from None
    is_html = p.suffix.lower() in (".html", ".htm", ".xhtml") or None
    return from_bytes(data, source=name, max_bytes=max_bytes, html=is_html)


def from_bytes(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_BYTES,
               html: bool | None = None, id: str | None = None) -> Document:
    """Decode, sniff HTML, and build a Document."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"is over the limit of {max_bytes:,} bytes (--max-bytes)", source=source)
    if not data.strip():
        raise InputError("is empty (no text to annotate)", source=source)
    text = decode(data, source=source)
    if html is None:
        html = bool(_HTML_START.match(data[:2048]))
    if html:
        from .html import extract_html

        body, meta = extract_html(text, source=source)
        return from_text(body, source=source, id=id, meta=meta, format="html")
    return from_text(text, source=source, id=id)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 first (with or without BOM), UTF-16 by BOM, then a detected encoding, else an error."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(f"starts with a {enc} byte-order mark but is not valid {enc}",
                                 source=source) from None
    if _looks_binary(data):
        raise InputError("looks like a binary file, not text", source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes as detect

    matches = list(detect(data[:200_000]))
    best = matches[0] if matches else None
    if best is not None and best.encoding and best.chaos < 0.2:
        # among near-equal guesses, prefer the Western encodings most news text uses
        western = [m for m in matches if m.encoding in _WESTERN and m.chaos <= best.chaos + 0.1]
        for guess in (*western, best):
            try:
                return data.decode(guess.encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    raise InputError(
        f"cannot be decoded: not UTF-8 (bad byte at {utf8_error.start}) and no other encoding fits",
        source=source,
    )


_WESTERN = ("cp1252", "iso8859_1", "iso8859_15", "latin_1", "mac_roman")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = len(head.translate(None, _NOT_CONTROL))  # the control bytes that are left
    return control > len(head) * 0.05


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
"""Every byte but the control characters that text never holds (tab, newlines and form feed are text)."""
