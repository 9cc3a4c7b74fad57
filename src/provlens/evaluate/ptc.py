"""Span precision, recall and F1 of the framing analyser on a corpus in the PTC format.

The Propaganda Techniques Corpus (SemEval-2020 Task 11) layout: one `article<ID>.txt` per article
and label lines `ID<TAB>Technique<TAB>start<TAB>end` (character offsets into the file as read, end
exclusive), either beside each article (`article<ID>.labels.tsv`, `article<ID>.task2-TC.labels`,
`article<ID>.labels`) or gathered in one file. The metric gives partial credit for overlap:

    P = (sum over predicted s, gold t of |s & t| / |s|) / |S|
    R = (sum over gold t, predicted s of |s & t| / |t|) / |T|

with the gold spans of the chosen techniques merged where they overlap, the sums and counts added
up over articles. Predicted spans are the framing spans whose technique is among the chosen ones,
in all voices, mapped back from the normalised text to offsets in the file.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import InputError, UsageError

KNOWN_TECHNIQUES = frozenset({
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
})
"""The 14 technique names of the PTC label set (SemEval-2020 Task 11, technique classification)."""

LABEL_SUFFIXES = (".labels.tsv", ".task2-TC.labels", ".task-flc-tc.labels", ".labels")
_ARTICLE = re.compile(r"article(?P<id>\d+)\.txt$")

Span = tuple[int, int]


def evaluate_ptc(folder: Path, techniques: list[str], labels: Path | None = None) -> dict:
    """Overall and per-technique span P/R/F1 of the framing spans against the gold labels."""
    chosen = _check_techniques(techniques)
    articles = _articles(folder)
    gold = read_labels(labels if labels is not None else folder, [a for a, _ in articles])
    counts = {t: [0.0, 0, 0.0, 0] for t in ("all", *chosen)}
    unlabelled = []
    for article_id, path in articles:
        if article_id not in gold:
            unlabelled.append(path.name)
            continue
        predicted = predict(path)
        for name in counts:
            wanted = set(chosen) if name == "all" else {name}
            s = [(a, b) for tech, a, b in predicted if tech in wanted]
            t = merge([(a, b) for tech, a, b in gold[article_id] if tech in wanted])
            p_sum, r_sum = overlap_sums(s, t)
            c = counts[name]
            c[0] += p_sum
            c[1] += len(s)
            c[2] += r_sum
            c[3] += len(t)
    return {
        "folder": str(folder),
        "techniques": chosen,
        "articles": len(articles) - len(unlabelled),
        "unlabelled": unlabelled,
        "overall": _figures(*counts["all"]),
        "per_technique": {t: _figures(*counts[t]) for t in chosen},
    }


def _check_techniques(techniques: list[str]) -> list[str]:
    """The chosen techniques, in order, without repeats; an unknown name is a usage error."""
    unknown = [t for t in techniques if t not in KNOWN_TECHNIQUES]
    if unknown or not techniques:
        raise UsageError(f"unknown technique(s) {', '.join(unknown) or '(none given)'}; "
                         f"known: {', '.join(sorted(KNOWN_TECHNIQUES))}")
    return list(dict.fromkeys(techniques))


def _articles(folder: Path) -> list[tuple[str, Path]]:
    """(id, path) of every article<ID>.txt in the folder, by id."""
    if not folder.is_dir():
        raise InputError("is not a folder of article<ID>.txt files", source=str(folder))
    found = [(m.group("id"), p) for p in folder.iterdir() if (m := _ARTICLE.match(p.name))]
    if not found:
        raise InputError("holds no article<ID>.txt files", source=str(folder))
    return sorted(found, key=lambda item: (len(item[0]), item[0]))


def read_labels(where: Path, ids: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """Gold spans by article id, from one labels file or a folder of them."""
    if where.is_file():
        files = [where]
    elif where.is_dir():
        files = sorted(p for p in where.iterdir() if p.name.endswith(LABEL_SUFFIXES) and p.is_file())
    else:
        raise InputError("no such labels file or folder", source=str(where))
    wanted = set(ids)
    out: dict[str, list[tuple[str, int, int]]] = {}
    for path in files:
        stem = re.match(r"article(\d+)\.", path.name)
        if stem:
            out.setdefault(stem.group(1), [])
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            label = _label_line(line, path, number)
            if label is not None and label[0] in wanted:
                out.setdefault(label[0], []).append(label[1:])
    return out


def _label_line(line: str, path: Path, number: int) -> tuple[str, str, int, int] | None:
    """(id, technique, start, end) of one label line; span-only lines (no technique) are skipped."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) < 4:
        return None
    try:
        start, end = int(parts[2]), int(parts[3])
    except ValueError:
        raise InputError(f"line {number}: start and end must be numbers", source=str(path)) from None
    if not 0 <= start <= end:
        raise InputError(f"line {number}: bad span {start}-{end}", source=str(path))
    return parts[0].strip(), parts[1].strip(), start, end


def predict(path: Path) -> list[tuple[str, int, int]]:
    """(technique, start, end) of the framing spans of one article, as offsets into the file."""
    from ..analysers.framing import find_framing
    from ..analysers.quotes import find_quotes
    from ..document import from_text

    raw = read_raw(path)
    try:
        doc = from_text(raw, source=str(path))
    except InputError:
        return []
    language = "en"
    framing = find_framing(doc, language, find_quotes(doc, language)).framing
    where = align(raw, doc.text)
    out = []
    for sp in framing.spans:
        if sp.technique and sp.end > sp.start:
            out.append((sp.technique, where[sp.start], where[sp.end - 1] + 1))
    return out


def read_raw(path: Path) -> str:
    """The file's text exactly as stored (no newline translation), so label offsets point into it."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError:
        raise InputError("is not UTF-8", source=str(path)) from None


def align(raw: str, norm: str) -> list[int]:
    """For each character of the normalised text, its offset in the raw text."""
    if raw == norm:
        return list(range(len(norm)))
    out, i = [], 0
    for c in norm:
        while i < len(raw) and raw[i] != c and not (c == " " and raw[i].isspace()):
            i += 1
        if i == len(raw):
            return _align_slow(raw, norm)
        out.append(i)
        i += 1
    return out


def _align_slow(raw: str, norm: str) -> list[int]:
    """Alignment through matching blocks, for normalisations that change characters (NFC)."""
    out = [-1] * len(norm)
    for a, b, size in SequenceMatcher(None, raw, norm, autojunk=False).get_matching_blocks():
        for k in range(size):
            out[b + k] = a + k
    for j, pos in enumerate(out):
        if pos < 0:
            out[j] = min(out[j - 1] + 1, len(raw) - 1) if j else 0
    return out


def merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans merged into one."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def overlap_sums(predicted: list[Span], gold: list[Span]) -> tuple[float, float]:
    """(sum of |s & t| / |s|, sum of |s & t| / |t|) over all predicted s and gold t."""
    p_sum = r_sum = 0.0
    for s in predicted:
        for t in gold:
            common = min(s[1], t[1]) - max(s[0], t[0])
            if common > 0:
                p_sum += common / (s[1] - s[0])
                r_sum += common / (t[1] - t[0])
    return p_sum, r_sum


def _figures(p_sum: float, predicted: int, r_sum: float, gold: int) -> dict:
    p = p_sum / predicted if predicted else 0.0
    r = r_sum / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "predicted": predicted, "gold": gold}


def format_ptc(result: dict) -> str:
    """The figures as a readable table."""
    lines = [
        f"{result['folder']}: {result['articles']} labelled articles",
        f"{'technique':<32} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}",
    ]
    rows = [*result["per_technique"].items(), ("all chosen", result["overall"])]
    for name, m in rows:
        lines.append(f"{name:<32} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
                     f"{m['predicted']:>6} {m['gold']:>6}")
    if result["unlabelled"]:
        lines.append(f"no labels for: {', '.join(result['unlabelled'])}")
    return "\n".join(lines)
