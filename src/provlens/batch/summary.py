"""summary.csv: one row per annotation, lists joined with " | " inside a cell."""

from __future__ import annotations

from typing import Any

COLUMNS = ("id", "source", "publisher", "source_outlets", "translators", "photo_credits", "tags", "date",
           "language", "authorial_density", "framing_index", "source_count")
JOIN = " | "


def summary_row(ann: dict[str, Any]) -> list[str]:
    """The summary cells of one annotation (as parsed from annotations.jsonl)."""
    prov = ann.get("provenance") or {}
    framing = ann.get("framing")
    scores = framing["scores"] if framing else None
    return [
        ann["id"],
        ann.get("source") or "",
        publisher_name(ann),
        JOIN.join(o["name"] for o in prov.get("source_outlets", [])),
        JOIN.join(t["name"] for t in prov.get("translators", [])),
        JOIN.join(photo_credit_text(p) for p in prov.get("photo_credits", [])),
        JOIN.join(t["raw"] for t in prov.get("editorial_tags", [])),
        prov.get("date") or "",
        document_language(ann) or "",
        f"{scores['authorial_density']:.2f}" if scores else "",
        f"{scores['index']:.1f}" if scores else "",
        str(len(framing.get("sources", []))) if framing else "",
    ]


def publisher_name(ann: dict[str, Any]) -> str:
    """The publishing outlet's name, or an empty string."""
    publisher = (ann.get("provenance") or {}).get("publisher")
    return publisher["name"] if publisher else ""


def document_language(ann: dict[str, Any]) -> str | None:
    """The language detected for the whole article, when language detection ran."""
    report = ann.get("language")
    return report.get("document") if report else None


def photo_credit_text(credit: dict[str, Any]) -> str:
    """`Zurimar Campos (Presidential Press)`, or whichever of the two is known."""
    name, agency = credit.get("credit"), credit.get("agency")
    if name and agency:
        return f"{name} ({agency})"
    return name or agency or ""
