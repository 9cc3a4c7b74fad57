"""Throughput of each provlens stage, in documents per second on one core, against a reference pass.

    python benchmarks/bench.py                 # 3 KB articles built from samples/, 1,000 documents
    python benchmarks/bench.py --corpus DIR    # every .txt/.html file under DIR
    python benchmarks/bench.py --json          # one JSON object

Times are CPU seconds of the benchmark process (documents per second per core). The reference
pass reads the text and runs `re.findall(r"\\w+")` over it: the cheapest thing any text tool does.
The stages run in rounds (every stage once per round, after a first call that loads lexicons,
registry and profiles, as a long run does once per process); each stage keeps its best pass over
the whole corpus, reported as documents per second and as a multiple of the reference pass's time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")


def build_corpus(n: int, size: int = 3000) -> list[str]:
    """n articles of about `size` characters, cut from the samples (credits kept at the end)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    out = []
    for i in range(n):
        t = texts[i % len(texts)]
        if len(t) > size:
            paragraphs = t.split("\n\n")
            body, tail = paragraphs[:-4], paragraphs[-4:]
            keep = []
            for p in body:
                if sum(map(len, keep)) + len(p) + sum(map(len, tail)) > size:
                    break
                keep.append(p)
            t = "\n\n".join(keep + tail)
        paragraphs = t.split("\n\n")
        body = max(paragraphs, key=len)
        while len(t) < size * 0.9:  # pad with the article's own longest paragraph, in its own language
            t = t.replace(body, body + "\n\n" + body, 1)
        out.append(t)
    return out


def read_corpus(folder: Path) -> list[str]:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def time_pass(fn, items) -> float:
    """CPU time of this process for one pass of fn over items.

    CPU time, not wall time: the figure is per core, and on a shared machine wall time also counts
    what other processes do.
    """
    t0 = time.process_time()
    for item in items:
        fn(item)
    return time.process_time() - t0


def measure(texts: list[str], rounds: int) -> list[tuple[str, int, float]]:
    """(stage, documents, best seconds) for every stage, over `rounds` rounds.

    Each round runs every stage once, one after the other, so a slow spell of a shared machine
    slows one pass of every stage rather than every pass of one stage; each stage keeps its best
    pass. Stages that take Documents get fresh ones every round (a Document keeps the sentence
    splits the analysers share, which a second pass would otherwise find done).
    """
    plan = stages()
    best = {name: float("inf") for name, _, _, _ in plan}
    sizes: dict[str, int] = {}
    kept: dict[str, list] = {}
    for _ in range(rounds):
        for name, prepare, run, fresh in plan:
            items = prepare(texts) if fresh or name not in kept else kept[name]
            kept[name] = items
            sizes[name] = len(items)
            run(items[0])  # the first call of a process loads lexicons, profiles and patterns
            best[name] = min(best[name], time_pass(run, items))
    return [(name, sizes[name], best[name]) for name, _, _, _ in plan]


def stages():
    """(name, prepare, run, fresh) for each stage: prepare turns texts into the stage's input, again
    every round when `fresh`."""
    from provlens.analysers.credits import find_credits
    from provlens.document import from_text
    from provlens.pipeline import Options, annotate

    def docs(texts):
        return [from_text(t, source="bench") for t in texts]

    out = [
        ("reference: read + findall(\\w+)", lambda texts: texts, lambda t: WORD.findall(t), False),
        ("document: normalise + parse", lambda texts: texts, lambda t: from_text(t, source="bench"), False),
        ("credits", docs, lambda d: find_credits(d, language="en"), True),
    ]
    try:
        from provlens.analysers.language import detect_languages

        out.append(("language", docs, detect_languages, True))
    except ImportError as exc:
        print(f"language: unavailable ({exc})", file=sys.stderr)
    try:
        from provlens.analysers.quotes import find_quotes

        out.append(("quotes", docs, lambda d: find_quotes(d, "en"), True))
        from provlens.analysers.framing import find_framing

        out.append(("framing (with quotes)", docs, lambda d: find_framing(d, "en", find_quotes(d, "en")), True))
    except ImportError as exc:
        print(f"quotes/framing: unavailable ({exc})", file=sys.stderr)
    try:
        from provlens.analysers.readability import measure_readability

        out.append(("readability", docs, lambda d: measure_readability(d, "en"), True))
    except ImportError as exc:
        print(f"readability: unavailable ({exc})", file=sys.stderr)
    out.append(("annotate, credits only (text in)", lambda texts: texts,
                lambda t: annotate(from_text(t, source="bench"), Options(framing=False, language=False, readability=False)),
                False))
    try:
        full = Options()
        annotate(from_text("A short test. It has two sentences.\n\n(Diario del Sur)", source="bench"), full)
        out.append(("annotate, full (text in)", lambda texts: texts,
                    lambda t: annotate(from_text(t, source="bench"), full), False))
        from provlens.cli import render

        out.append(("annotate + JSON out", lambda texts: texts,
                    lambda t: render(annotate(from_text(t, source="bench"), full), "json"), False))
        try:
            from provlens.render.html import render_report

            def prep(texts):
                return [annotate(from_text(t, source="bench"), full) for t in texts]
            out.append(("render HTML report (annotation in)", prep, render_report, False))
        except ImportError as exc:
            print(f"html report: unavailable ({exc})", file=sys.stderr)
    except ImportError as exc:
        print(f"full annotate: unavailable ({exc})", file=sys.stderr)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="folder of .txt/.html articles (default: built from samples/)")
    ap.add_argument("-n", type=int, default=1000, help="documents when building the corpus (default 1000)")
    ap.add_argument("--size", type=int, default=3000, help="characters per built article (default 3000)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds; each stage keeps its best pass (default 5)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    texts = read_corpus(args.corpus) if args.corpus else build_corpus(args.n, args.size)
    mean_len = statistics.mean(len(t) for t in texts)
    results = []
    ref_time = None
    for name, count, seconds in measure(texts, args.rounds):
        if ref_time is None:
            ref_time = seconds
        results.append({"stage": name, "docs_per_second": round(count / seconds, 1),
                        "ms_per_doc": round(1000 * seconds / count, 3), "x_reference": round(seconds / ref_time, 1)})
    if args.json:
        print(json.dumps({"documents": len(texts), "mean_chars": round(mean_len), "rounds": args.rounds,
                          "stages": results}, indent=2))
    else:
        print(f"{len(texts)} documents, mean {mean_len:,.0f} characters, one core, best of {args.rounds} rounds")
        print(f"{'stage':<38} {'docs/s':>10} {'ms/doc':>8} {'x ref':>8}")
        for r in results:
            print(f"{r['stage']:<38} {r['docs_per_second']:>10,.1f} {r['ms_per_doc']:>8.3f} {r['x_reference']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
