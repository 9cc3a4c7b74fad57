"""Reading and normalising articles: offsets point into the normalised text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provlens.document import from_bytes, from_text, normalise, split_sentences
from provlens.errors import InputError, InputTooLarge


@pytest.mark.parametrize("raw,expected", [
    ("a\r\nb\rc", "a\nb\nc"),                              # line endings
    ("non\u00a0breaking\u202fspaces", "non breaking spaces"),
    ("zero\u200bwidth\u200d\ufeffjoiners", "zerowidthjoiners"),
    ("Cafe\u0301", "Café"),                                # NFC
    ("trailing   \nspaces\t\n", "trailing\nspaces"),
    ("soft\u00adhyphen", "softhyphen"),
    ("line\u2028separator", "line\nseparator"),
], ids=["crlf", "nbsp", "zero-width", "nfc", "trailing", "soft-hyphen", "line-separator"])
def test_normalise(raw, expected):
    """Each normalisation the contract promises."""
    assert normalise(raw) == expected


@pytest.mark.parametrize("text,header,body_starts", [
    ("date 2022-02-17 This Wednesday, talks began.", {"date": "2022-02-17"}, "This Wednesday"),
    ("title A title\nurl https://example.org/2021/03/03/x\noutlet Diario del Sur\n\nBody here.",
     {"title": "A title", "url": "https://example.org/2021/03/03/x", "outlet": "Diario del Sur"}, "Body here."),
    ("date: 2021-05-03\ntitle: Colon form\n\nText.", {"date": "2021-05-03", "title": "Colon form"}, "Text."),
    ("Date night is back in town.", {}, "Date night"),
    ("url not a url\n\nBody.", {}, "url not a url"),
], ids=["date-glued-to-body", "three-lines", "colon-form", "not-a-header", "bad-url"])
def test_header_lines(text, header, body_starts):
    """Leading header lines are metadata with offsets; the body starts after them."""
    doc = from_text(text)
    assert {k: v[0] for k, v in doc.header.items()} == header
    for value, start, end in doc.header.values():
        assert doc.text[start:end] == value
    assert doc.body.startswith(body_starts)


def test_paragraphs_by_blank_lines_or_lines():
    """Blank lines separate paragraphs; a text without any has one paragraph per line."""
    doc = from_text("One two.\nStill one.\n\nTwo.")
    assert [doc.text[s:e] for s, e in doc.paragraphs] == ["One two.\nStill one.", "Two."]
    doc = from_text("Line one.\nLine two.")
    assert [doc.text[s:e] for s, e in doc.paragraphs] == ["Line one.", "Line two."]


def test_sentences_keep_abbreviations():
    """Mr., U.S. and initials do not end sentences."""
    text = "Mr. Ruiz met U.S. officials. J. R. Paz said no. It rained."
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == [
        "Mr. Ruiz met U.S. officials.", "J. R. Paz said no.", "It rained."]


@pytest.mark.parametrize("data,error", [
    (b"", "is empty"), (b"   \n\t ", "is empty"), (b"\x00\x01\x02binary", "binary"),
    (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x99, 0xA0]) * 20, "cannot be decoded"),
], ids=["empty", "blank", "binary", "undecodable"])
def test_bad_bytes(data, error):
    """Bad input raises InputError with a message a user can read."""
    with pytest.raises(InputError, match=error):
        from_bytes(data, source="x")


def test_size_limit():
    """Over the limit is refused with the limit in the message."""
    with pytest.raises(InputTooLarge, match="limit"):
        from_bytes(b"word " * 100, source="x", max_bytes=100)


def test_encodings():
    """UTF-8 with BOM, UTF-16 and Windows-1252 are decoded."""
    text = "Según la agencia, el café subió."
    assert from_bytes(b"\xef\xbb\xbf" + text.encode(), source="x").text == text
    assert from_bytes(text.encode("utf-16"), source="x").text == text
    assert from_bytes((text + " Más información mañana.").encode("cp1252"), source="x").text.startswith("Según")


def test_html_is_sniffed_and_read():
    """An HTML page without an .html name is recognised; its metadata becomes html-meta fields."""
    page = (b"<!doctype html><html><head><title>T</title><meta property='og:site_name' content='Diario Sur'>"
            b"</head><body><article><p>" + b"The council approved the budget on Monday. " * 8
            + b"</p><p class='byline'>By Ana Ruiz</p></article></body></html>")
    doc = from_bytes(page, source="page")
    assert doc.format == "html"
    assert "By Ana Ruiz" in doc.text
    assert any(m.name == "sitename" and m.value == "Diario Sur" and m.origin == "html-meta" for m in doc.meta)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_text_normalises_consistently(text):
    """Normalising twice changes nothing, and every paragraph and line points inside the text."""
    once = normalise(text)
    assert normalise(once) == once
    if once.strip():
        doc = from_text(text)
        for s, e in (*doc.paragraphs, *doc.lines):
            assert 0 <= s < e <= len(doc.text) and doc.text[s:e].strip() == doc.text[s:e]


def _normalise_by_definition(text: str) -> str:
    """normalise() written plainly, without its shortcuts: every step on every text."""
    import re
    import unicodedata

    from provlens.document import _TRANSLATE

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    text = re.sub(r"[ \t]+(?=\n)|[ \t]+\Z", "", text)
    return text.strip("\n ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é.\n\t\r") + [
    "\u00a0", "\u2007", "\u202f", "\u2009", "\u200b", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u0085",
    "\x0b", "\x0c", "\u2003", "\u3000", "\u0301", "e"]), max_size=40))
def test_normalise_shortcuts_change_nothing(text):
    """The checks that skip translation and the trailing-space pass give the plain definition's result."""
    assert normalise(text) == _normalise_by_definition(text)


def _lines_by_definition(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:].split("\n"):
        s, e = pos, pos + len(line)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .\n\t") + ["\x1c", "\u2003", "\x0b"]), max_size=40),
       st.integers(min_value=0, max_value=5))
def test_lines_are_the_trimmed_non_blank_lines(text, start):
    """Document.lines: every line from the body start, trimmed, blank ones left out."""
    from provlens.document import _lines

    start = min(start, len(text))
    assert _lines(text, start) == _lines_by_definition(text, start)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_binary_sniffing_counts_control_bytes(data):
    """A file with a NUL, or more than 5% control bytes (not tab or newlines) in its head, is binary."""
    from provlens.document import _looks_binary

    head = data[:8192]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    assert _looks_binary(data) == (b"\x00" in head or control > len(head) * 0.05)
