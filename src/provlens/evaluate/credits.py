"""Per-field precision and recall of the credit extractor on a folder of samples.

Each `<name>.txt` or `<name>.html` has `<name>.expected.json` beside it (format in samples/README.md).
Values are compared after folding case, accents and punctuation; list fields are multisets.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..models import Provenance

FIELDS = (
    "source_outlets", "cited_outlets", "translators", "revisers", "photo_credits.credit", "photo_credits.agency",
    "photo_credits.caption", "editorial_tags.raw", "editorial_tags.outlet", "editorial_tags.initials", "bylines",
    "dateline_place", "date", "original_language", "publisher",
)
WIRE_AUTHOR_ROLES = frozenset({"reporting", "additional reporting", "writing", "contributing"})


def project(prov: Provenance) -> dict:
    """The extractor's output in the shape of an expected file."""
    return {
        "source_outlets": [o.name for o in prov.source_outlets],
        "cited_outlets": [o.name for o in prov.cited_outlets],
        "translators": [t.name for t in prov.translators],
        "revisers": [r.name for r in prov.revisers],
        "photo_credits": [{"credit": p.credit, "agency": p.agency, "caption": p.caption} for p in prov.photo_credits],
        "editorial_tags": [{"raw": t.raw, "outlet": t.outlet, "initials": list(t.initials)} for t in prov.editorial_tags],
        "bylines": [b.name for b in prov.bylines]
        + [c.name for c in prov.contributors if c.role in WIRE_AUTHOR_ROLES],
        "contributors": [{"name": c.name, "role": c.role} for c in prov.contributors],
        "dateline_place": prov.dateline.place if prov.dateline else None,
        "date": prov.date,
        "original_language": prov.original_language,
        "publisher": prov.publisher.name if prov.publisher else None,
    }


def norm(value: str) -> str:
    """Fold case, accents and punctuation: 'The Harbour Ledger.' -> 'the harbour ledger'."""
    value = unicodedata.normalize("NFKD", value.casefold())
    value = "".join(c for c in value if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", value).strip()


def field_values(record: dict, name: str) -> Counter:
    """The normalised values of one field of an expected or projected record, as a multiset."""
    if "." in name:
        outer, inner = name.split(".")
        values = []
        for item in record.get(outer) or []:
            v = item.get(inner)
            values.extend(v if isinstance(v, list) else [v])
    else:
        v = record.get(name)
        values = v if isinstance(v, list) else [v]
    return Counter(norm(v) for v in values if isinstance(v, str) and norm(v))


def compare(expected: dict, found: dict) -> dict[str, tuple[int, int, int]]:
    """Per field: (true positives, found, expected)."""
    out = {}
    for name in FIELDS:
        e, f = field_values(expected, name), field_values(found, name)
        out[name] = (sum((e & f).values()), sum(f.values()), sum(e.values()))
    return out


def sample_pairs(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        for ext in (".txt", ".html", ".htm"):
            article = folder / (stem + ext)
            if article.exists():
                pairs.append((article, expected))
                break
    return pairs


def evaluate_folder(folder: Path) -> dict:
    """Run the extractor on every sample and sum the counts per field."""
    from ..analysers.credits import find_credits
    from ..document import load_path
    from ..errors import InputError

    pairs = sample_pairs(folder)
    if not pairs:
        raise InputError("has no <name>.expected.json files beside articles", source=str(folder))
    totals = {name: [0, 0, 0] for name in FIELDS}
    errors = []
    for article, expected_path in pairs:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        doc = load_path(article)
        language = doc.header["language"][0] if "language" in doc.header else _guess_language(article.name)
        found = project(find_credits(doc, language=language).provenance)
        for name, (tp, nf, ne) in compare(expected, found).items():
            totals[name][0] += tp
            totals[name][1] += nf
            totals[name][2] += ne
            if tp < nf or tp < ne:
                e, f = field_values(expected, name), field_values(found, name)
                errors.append({"sample": article.name, "field": name,
                               "missed": sorted((e - f).elements()), "spurious": sorted((f - e).elements())})
    fields = {name: _prf(*totals[name]) for name in FIELDS}
    overall = _prf(*(sum(totals[n][i] for n in FIELDS) for i in range(3)))
    return {"samples": len(pairs), "fields": fields, "overall": overall, "errors": errors}


def _guess_language(name: str) -> str | None:
    m = re.match(r"([a-z]{2})-", name)
    return m.group(1) if m else None


def _prf(tp: int, found: int, expected: int) -> dict:
    p = tp / found if found else (1.0 if not expected else 0.0)
    r = tp / expected if expected else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "tp": tp, "found": found, "expected": expected}


def format_table(result: dict, *, show_errors: bool = False) -> str:
    lines = [f"{result['samples']} samples", f"{'field':<26} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'found':>6} {'gold':>5}"]
    for name, m in [*result["fields"].items(), ("overall", result["overall"])]:
        lines.append(f"{name:<26} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
                     f"{m['tp']:>5} {m['found']:>6} {m['expected']:>5}")
    if show_errors:
        for e in result["errors"]:
            lines.append(f"{e['sample']}: {e['field']}: missed {e['missed']} spurious {e['spurious']}")
    return "\n".join(lines)
