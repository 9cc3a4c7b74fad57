"""The credit extractor, one credit line per row (tests/data/credit_lines.toml)."""

from __future__ import annotations

import tomllib

import pytest
from conftest import DATA

from provlens.analysers.credits import find_credits
from provlens.document import from_text
from provlens.evaluate.credits import norm, project
from provlens.registry import registry_with

ROWS = tomllib.loads((DATA / "credit_lines.toml").read_text(encoding="utf-8"))["row"]
REGISTRY = registry_with(DATA / "registry-extra.toml")


def _canon(value):
    """Compare as a reader would: "" is null, names folded for case, accents and punctuation."""
    if isinstance(value, str):
        return norm(value) or None
    if value is None:
        return None
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    return value


def _projected(found: dict, field: str, expected):
    value = found[field]
    if field == "photo_credits":
        return [{k: p[k] for k in ("credit", "agency", "caption") if k in e}
                for p, e in zip(value, expected + [{}] * len(value))] if expected else value
    if field == "editorial_tags":
        return [{"raw": t["raw"], "initials": t["initials"]} for t in value]
    return value


def test_table_is_large_enough():
    """At least 120 credit lines across families and languages."""
    assert len(ROWS) >= 120
    assert {r["lang"] for r in ROWS} >= {"en", "es", "pt", "fr", "it"}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_credit_line(row):
    """The fields the row lists are found exactly: no more, no fewer."""
    doc = from_text(row["text"], source=row["id"])
    prov = find_credits(doc, language=row["lang"], registry=REGISTRY).provenance
    found = project(prov)
    for field, expected in row["expected"].items():
        got = _projected(found, field, expected)
        assert _canon(got) == _canon(expected), f"{field}: found {got!r}, expected {expected!r}"
