"""Safe file names for ids: whatever an id contains, its report stays inside OUTDIR/reports.

An id can be anything a record says (`../../x`, `a/b`, a NUL, 500 characters). The file name is a
slug of the id (ASCII letters, digits, `.`, `_`, `-`; no leading dot; at most 60 characters) plus
a short hash of the whole id, so two ids never share a file and the name says which article it is.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SLUG_LENGTH = 60
HASH_LENGTH = 10

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(id: str) -> str:
    """A file-name stem for an id: `<slug>-<hash>`, never empty, never a path."""
    slug = _UNSAFE.sub("-", id)[:SLUG_LENGTH].strip(".-") or "item"
    digest = hashlib.sha256(id.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]
    return f"{slug}-{digest}"


def report_name(id: str) -> str:
    """The report's file name inside OUTDIR/reports."""
    return f"{safe_name(id)}.html"


def report_path(reports: Path, id: str) -> Path:
    """Where the report of `id` goes: always a direct child of `reports`."""
    return reports / report_name(id)
