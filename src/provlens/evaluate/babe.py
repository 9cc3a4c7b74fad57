"""Sentence- and word-level figures of the framing analyser on a BABE-format CSV.

Each row's text is annotated alone, in English. Sentence level: the row is predicted biased when
one of its sentences reaches the threshold; precision, recall and F1 per class and their mean
(macro-F1) against `label_bias`. Word level: the words inside authorial, non-cue framing spans
against the row's `biased_words`; a labelled word is found when a span covers it (case-insensitive,
whole word). The figures are micro-averaged over all rows.
"""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

BIASED = "Biased"
COLUMNS = ("text", "label_bias", "biased_words")
SWEEP = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0)
"""Thresholds at which macro-F1 is also reported, to show how the default was chosen."""

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_EDGE = "\"'“”‘’«».,;:!?()[]"


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    biased: bool
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class RowResult:
    """What the analyser made of one row: its top sentence score and the word counts."""

    score: float
    biased: bool
    predicted_words: int
    correct_words: int
    labelled_words: int
    found_words: int


def read_babe(path: Path) -> list[Row]:
    """The rows of a BABE CSV (`;`-separated, with the BABE header)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=";")
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"is not a BABE CSV (missing columns: {', '.join(missing)})", source=str(path))
            return [_row(r, path, n) for n, r in enumerate(reader, start=2)]
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8", source=str(path)) from None


def _row(record: dict, path: Path, line: int) -> Row:
    """One CSV record as a Row; a malformed biased_words list is an InputError naming the line."""
    try:
        words = ast.literal_eval(record["biased_words"] or "[]")
    except (ValueError, SyntaxError):
        raise InputError(f"line {line}: biased_words is not a list literal", source=str(path)) from None
    if not isinstance(words, list):
        raise InputError(f"line {line}: biased_words is not a list", source=str(path))
    folded = frozenset(w.strip(_EDGE).lower() for w in words if isinstance(w, str) and w.strip(_EDGE))
    return Row(text=record["text"] or "", biased=record["label_bias"].strip() == BIASED, words=folded)


def evaluate_row(row: Row, threshold: float) -> RowResult:
    """Annotate one row's text alone, in English, and compare it with the labels."""
    from ..analysers.framing import find_framing
    from ..analysers.quotes import find_quotes
    from ..document import from_text

    try:
        doc = from_text(row.text)
    except InputError:
        return RowResult(0.0, False, 0, 0, len(row.words), 0)
    framing = find_framing(doc, "en", find_quotes(doc, "en")).framing
    score = max((s.score for s in framing.sentences), default=0.0)
    spans = [(sp.start, sp.end) for sp in framing.spans if sp.voice == "authorial" and not sp.cue]
    predicted = [t for t in _TOKEN.finditer(doc.text) if _covered(t.start(), t.end(), spans)]
    found = {t.group().lower() for t in predicted} & row.words
    return RowResult(
        score=score, biased=score >= threshold, predicted_words=len(predicted),
        correct_words=sum(1 for t in predicted if t.group().lower() in row.words),
        labelled_words=len(row.words), found_words=len(found),
    )


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def evaluate_babe(path: Path, threshold: float | None = None) -> dict:
    """Sentence P/R/F1 per class and macro-F1, word P/R/F1, and macro-F1 at a few other thresholds."""
    from ..analysers.framing import SENTENCE_THRESHOLD

    threshold = SENTENCE_THRESHOLD if threshold is None else threshold
    rows = read_babe(path)
    if not rows:
        raise InputError("has no rows", source=str(path))
    results = [evaluate_row(row, threshold) for row in rows]
    gold = [row.biased for row in rows]
    scores = [r.score for r in results]
    return {
        "file": path.name,
        "rows": len(rows),
        "threshold": threshold,
        "sentence": sentence_figures(gold, [r.biased for r in results]),
        "word": word_figures(results),
        "sweep": {f"{t:g}": sentence_figures(gold, [s >= t for s in scores])["macro_f1"] for t in SWEEP},
    }


def sentence_figures(gold: list[bool], predicted: list[bool]) -> dict:
    """Precision, recall and F1 for each class, macro-F1 and accuracy."""
    out: dict = {}
    for name, label in (("biased", True), ("non_biased", False)):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        out[name] = _prf(tp, sum(1 for p in predicted if p == label), sum(1 for g in gold if g == label))
    out["macro_f1"] = round((out["biased"]["f1"] + out["non_biased"]["f1"]) / 2, 3)
    right = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    out["accuracy"] = round(right / len(gold), 3) if gold else 0.0
    return out


def word_figures(results: list[RowResult]) -> dict:
    """Word precision (correct / predicted words) and recall (found / labelled words)."""
    predicted = sum(r.predicted_words for r in results)
    correct = sum(r.correct_words for r in results)
    labelled = sum(r.labelled_words for r in results)
    found = sum(r.found_words for r in results)
    p = correct / predicted if predicted else 0.0
    r = found / labelled if labelled else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "predicted": predicted, "correct": correct, "labelled": labelled, "found": found}


def _prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "tp": tp, "predicted": predicted, "gold": gold}


def format_babe(result: dict) -> str:
    """The figures as a readable table."""
    s, w = result["sentence"], result["word"]
    lines = [
        f"{result['file']}: {result['rows']} rows, sentence threshold {result['threshold']:g}",
        "",
        f"{'sentence level':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}",
    ]
    for name in ("biased", "non_biased"):
        m = s[name]
        lines.append(f"{name:<16} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
                     f"{m['tp']:>6} {m['predicted']:>6} {m['gold']:>6}")
    lines.append(f"{'macro-F1':<16} {'':>6} {'':>6} {s['macro_f1']:>6.3f}   accuracy {s['accuracy']:.3f}")
    lines += [
        "",
        f"{'word level':<16} {'P':>6} {'R':>6} {'F1':>6}",
        f"{'biased words':<16} {w['precision']:>6.3f} {w['recall']:>6.3f} {w['f1']:>6.3f}   "
        f"{w['correct']} of {w['predicted']} predicted words right, {w['found']} of {w['labelled']} labelled found",
        "",
        "macro-F1 by threshold: " + "  ".join(f"{t}: {v:.3f}" for t, v in result["sweep"].items()),
    ]
    return "\n".join(lines)
