"""Reading HTML pages: main text and page metadata through trafilatura, credits kept.

trafilatura finds the article text and the page metadata (author, site name, date, JSON-LD). It
drops short elements that carry credits (bylines, figure captions, photo credits), so those are
collected from the page as well and placed where a reader sees them: bylines and datelines before
the text, captions and credit lines after it. Metadata becomes `MetaField`s with origin "html-meta".
"""

from __future__ import annotations

import json
import logging
import re

from .errors import InputError
from .models import MetaField

_CREDIT_CLASS = re.compile(
    r"byline|author|autor|firma|signature|credit|cr[eé]dito|caption|legend|dateline|source|fuente|fonte|"
    r"translat|traduc|tradu|photo-?by|foto|kicker-author|contributor", re.I)
_TOP_CLASS = re.compile(r"byline|author|autor|firma|dateline|kicker-author|contributor", re.I)
_META_NAMES = ("title", "author", "sitename", "date", "url", "description")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def extract_html(html: str, *, source: str) -> tuple[str, tuple[MetaField, ...]]:
    """Return (article text with its credit lines, page metadata)."""
    import trafilatura
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    result = trafilatura.bare_extraction(
        html, with_metadata=True, favor_recall=True, include_comments=False, include_images=False,
        include_tables=True, deduplicate=False)
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    meta: list[MetaField] = []
    if result is not None:
        for name in _META_NAMES:
            value = getattr(result, name, None)
            if isinstance(value, str) and value.strip():
                meta.append(MetaField(name=name, value=value.strip(), origin="html-meta"))
    try:
        tree = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        tree = None
    top: list[str] = []
    bottom: list[str] = []
    if tree is not None:
        top, bottom = _credit_lines(tree, body)
        meta.extend(_jsonld_fields(tree, {m.name for m in meta}))
    if not body and not top and not bottom:
        raise InputError("is an HTML page with no article text", source=source)
    text = "\n\n".join(part for part in ("\n".join(top), body, "\n".join(bottom)) if part)
    return text, tuple(meta)


def _credit_lines(tree, body: str) -> tuple[list[str], list[str]]:
    """Short credit-bearing elements that the main text does not already contain."""
    top, bottom = [], []
    seen: set = set()  # the elements themselves: lxml keeps one proxy per node while it is referenced
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "head", "title", "meta"):
            continue
        cls = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"), el.get("rel"))))
        is_caption = el.tag == "figcaption"
        if not is_caption and not (cls and _CREDIT_CLASS.search(cls)):
            continue
        if any(a in seen for a in el.iterancestors()):
            continue
        text = re.sub(r"\s+", " ", el.text_content()).strip()
        if not text or len(text) > 400 or text in body:
            continue
        seen.add(el)
        if not is_caption and _TOP_CLASS.search(cls) and not re.search(r"caption|credit|photo|foto", cls, re.I):
            top.append(text)
        else:
            bottom.append(text)
    return _unique(top), _unique(bottom)


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out and not any(item in o for o in out):
            out.append(item)
    return out


def _jsonld_fields(tree, have: set[str]) -> list[MetaField]:
    """Publisher, authors and translators declared in JSON-LD blocks, where trafilatura did not give them."""
    fields: list[MetaField] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            if not isinstance(item, dict):
                continue
            for key, name in (("publisher", "sitename"), ("author", "author"), ("translator", "translator"),
                              ("datePublished", "date")):
                if name in have and name != "translator":
                    continue
                for value in _names_in(item.get(key)):
                    fields.append(MetaField(name=name, value=value, origin="html-meta"))
                    have.add(name)
    return fields


def _names_in(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value for n in _names_in(v)]
    return []
