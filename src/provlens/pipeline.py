"""annotate(): run the analysers over a Document and build the Annotation.

Order matters and is fixed here: language first (credits and framing use it), then credits,
quotes (framing needs the voices), framing, readability. Analysers never call each other; this
module passes each one what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysers.credits import find_credits
from .analysers.framing import find_framing
from .analysers.language import detect_languages
from .analysers.quotes import find_quotes
from .analysers.readability import measure_readability
from .document import Document
from .models import Annotation, Metadata
from .registry import Registry


@dataclass(frozen=True)
class Options:
    """What to run. Credits always run; the rest can be switched off for speed."""

    framing: bool = True
    language: bool = True
    readability: bool = True
    registry: Registry | None = None


DEFAULT_OPTIONS = Options()


def annotate(doc: Document, options: Options = DEFAULT_OPTIONS) -> Annotation:
    """Everything provlens knows about one article."""
    notes = []
    language_report = None
    language = _header_language(doc)
    if options.language:
        language_report = detect_languages(doc)
        language = language or language_report.document
    credits = find_credits(doc, language=language, registry=options.registry)
    notes.extend(credits.notes)
    framing = None
    if options.framing:
        quotes = find_quotes(doc, language)
        notes.extend(quotes.notes)
        framing = find_framing(doc, language, quotes)
        notes.extend(framing.notes)
    readability = None
    if options.readability:
        readability = measure_readability(doc, language)
    return Annotation(
        id=doc.id, source=doc.source, format=doc.format, body_start=doc.body_start, text=doc.text,
        metadata=_metadata(doc), provenance=credits.provenance,
        framing=framing.framing if framing is not None else None,
        language=language_report, readability=readability, notes=notes,
    )


def _header_language(doc: Document) -> str | None:
    value = doc.header.get("language")
    return value[0].lower()[:2] if value else None


def _metadata(doc: Document) -> Metadata:
    """Header lines first, then page metadata: the first value of each field wins."""
    first: dict[str, str] = {}
    for m in doc.meta:
        first.setdefault(m.name, m.value)
    return Metadata(title=first.get("title"), url=first.get("url"), outlet=first.get("outlet") or first.get("sitename"),
                    date=first.get("date"), fields=list(doc.meta))
