"""The command line: parse arguments, call the library, print results or one-line errors.

Exit codes (also in README.md):
  0  success
  1  internal error (a bug: please report it with the input)
  2  bad input or bad usage (missing file, empty, binary, undecodable, too large, wrong option)
  3  a data file (patterns, registry, lexicon) is invalid
  4  the output cannot be written, or would overwrite an input
  5  batch: finished, but some items failed (see errors.jsonl)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import OutputError, ProvlensError, UsageError

FORMATS = ("json", "jsonld", "prov-json", "prov-n", "html")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except ProvlensError as exc:
        print(f"provlens: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("provlens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="provlens", description="Where a news article came from and how it frames its story.")
    p.add_argument("--version", action="version", version=f"provlens {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("annotate", help="annotate articles (text or HTML) and print the result")
    a.add_argument("files", nargs="+", metavar="FILE", help="article files; '-' reads standard input")
    a.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    a.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    a.add_argument("--credits-only", action="store_true", help="skip framing, language and readability")
    a.add_argument("--max-bytes", type=int, default=None, help="refuse inputs larger than this (default 5,000,000)")
    a.add_argument("--registry", metavar="TOML", help="extra outlets (same format as the bundled registry); they win")
    a.set_defaults(run=_annotate)

    r = sub.add_parser("report", help="write the HTML provenance report of an article")
    r.add_argument("file", metavar="FILE")
    r.add_argument("-o", "--output", metavar="OUT", help="report path (default: <FILE stem>.report.html; '-' for stdout)")
    r.add_argument("--max-bytes", type=int, default=None)
    r.add_argument("--registry", metavar="TOML", help="extra outlets (same format as the bundled registry)")
    r.set_defaults(run=_report)

    s = sub.add_parser("schema", help="print the JSON Schema of the annotation output")
    s.set_defaults(run=_schema)

    e = sub.add_parser("evaluate", help="measure the analysers against labelled data")
    esub = e.add_subparsers(dest="dataset", metavar="DATASET")
    ec = esub.add_parser("credits", help="per-field precision and recall on a folder of samples with .expected.json")
    ec.add_argument("folder", metavar="DIR")
    ec.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ec.add_argument("--show-errors", action="store_true", help="list every miss and false find")
    ec.set_defaults(run=_evaluate_credits)
    eb = esub.add_parser("babe", help="sentence and word level figures on a BABE CSV")
    eb.add_argument("csv", metavar="CSV")
    eb.add_argument("--json", action="store_true")
    eb.add_argument("--threshold", type=float, default=None, help="sentence threshold (default: the documented one)")
    eb.set_defaults(run=_evaluate_babe)
    ep = esub.add_parser("ptc", help="span precision/recall/F1 on a PTC-format folder")
    ep.add_argument("folder", metavar="DIR")
    ep.add_argument("--techniques", default="Loaded_Language,Name_Calling,Labeling",
                    help="comma-separated techniques to score (default: Loaded_Language,Name_Calling,Labeling)")
    ep.add_argument("--labels", metavar="DIR", help="folder of label files if not beside the articles")
    ep.add_argument("--json", action="store_true")
    ep.set_defaults(run=_evaluate_ptc)
    e.set_defaults(run=lambda args: _missing_dataset(e))

    b = sub.add_parser("batch", help="annotate a corpus: parallel, resumable, with per-item errors")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="directories, files, globs, .jsonl, .csv, or '-' (JSONL on stdin)")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    b.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--html", action="store_true", help="also write a report per article")
    b.add_argument("--engine", choices=("local", "dask"), default="local")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)")
    b.add_argument("--text-column", default="text", help="CSV column holding the text (default: text)")
    b.add_argument("--credits-only", action="store_true")
    b.add_argument("--max-bytes", type=int, default=None)
    b.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="seconds one article may take before it becomes an error record "
                        "(default 60; 0: no limit; local engine only)")
    b.set_defaults(run=_batch)
    return p


def _missing_dataset(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _options(args):
    from .pipeline import Options

    full = not getattr(args, "credits_only", False)
    registry = None
    if getattr(args, "registry", None):
        from .registry import registry_with

        registry = registry_with(args.registry)
    return Options(framing=full, language=full, readability=full, registry=registry)


def _load_kwargs(args) -> dict:
    return {"max_bytes": args.max_bytes} if getattr(args, "max_bytes", None) else {}


def _annotate(args) -> int:
    from .document import load_path
    from .pipeline import annotate

    if args.files.count("-") > 1:
        raise UsageError("standard input ('-') can be read only once")
    out = Path(args.output) if args.output and args.output != "-" else None
    _refuse_overwrite(out, args.files)
    options = _options(args)
    chunks: list[str] = []
    failed = 0
    many = len(args.files) > 1
    for name in args.files:
        try:
            ann = annotate(load_path(name, **_load_kwargs(args)), options)
        except ProvlensError as exc:
            if not many:
                raise
            print(f"provlens: {exc}", file=sys.stderr)
            failed += 1
            continue
        chunks.append(render(ann, args.format, compact=many))
    if many and args.format in ("json", "jsonld", "prov-json"):
        body = "".join(c if c.endswith("\n") else c + "\n" for c in chunks)
    else:
        body = "".join(chunks)
    _write(out, body)
    return 2 if failed else 0


def render(ann, fmt: str, *, compact: bool = False) -> str:
    """An Annotation in one of the output formats."""
    if fmt == "json":
        return ann.model_dump_json(indent=None if compact else 2) + "\n"
    if fmt == "jsonld":
        from .render.jsonld import render_jsonld

        text = render_jsonld(ann)
        return json.dumps(json.loads(text), ensure_ascii=False) + "\n" if compact else text
    if fmt == "prov-json":
        from .render.prov import render_prov_json

        text = render_prov_json(ann)
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True) + "\n" if compact else text
    if fmt == "prov-n":
        from .render.prov import render_prov_n

        return render_prov_n(ann)
    if fmt == "html":
        from .render.html import render_report

        return render_report(ann)
    raise UsageError(f"unknown format {fmt!r}")


def _report(args) -> int:
    from .document import load_path
    from .pipeline import annotate

    if args.output == "-":
        out = None
    elif args.output:
        out = Path(args.output)
    else:
        base = Path(args.file).name if args.file != "-" else "stdin"
        out = Path(Path(base).stem + ".report.html")
    _refuse_overwrite(out, [args.file])
    ann = annotate(load_path(args.file, **_load_kwargs(args)), _options(args))
    _write(out, render(ann, "html"))
    if out is not None:
        print(f"provlens: wrote {out}", file=sys.stderr)
    return 0


def _schema(args) -> int:
    from .models import Annotation

    print(json.dumps(Annotation.model_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _evaluate_credits(args) -> int:
    from .evaluate.credits import evaluate_folder, format_table

    result = evaluate_folder(Path(args.folder))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        print(format_table(result, show_errors=args.show_errors))
    return 0


def _evaluate_babe(args) -> int:
    from .evaluate.babe import evaluate_babe, format_babe

    result = evaluate_babe(Path(args.csv), threshold=args.threshold)
    print(json.dumps(result, indent=2, sort_keys=True) if args.json else format_babe(result))
    return 0


def _evaluate_ptc(args) -> int:
    from .evaluate.ptc import evaluate_ptc, format_ptc

    techniques = _split_techniques(args.techniques)
    result = evaluate_ptc(Path(args.folder), techniques=techniques, labels=Path(args.labels) if args.labels else None)
    print(json.dumps(result, indent=2, sort_keys=True) if args.json else format_ptc(result))
    return 0


def _split_techniques(value: str) -> list[str]:
    """Split on commas, keeping PTC names that contain one (`Name_Calling,Labeling`)."""
    from .evaluate.ptc import KNOWN_TECHNIQUES

    out, parts, i = [], value.split(","), 0
    while i < len(parts):
        two = ",".join(parts[i:i + 2])
        if two in KNOWN_TECHNIQUES:
            out.append(two)
            i += 2
        else:
            out.append(parts[i].strip())
            i += 1
    return [t for t in out if t]


def _batch(args) -> int:
    from .batch import run_batch

    return run_batch(args)


def _refuse_overwrite(out: Path | None, inputs: list[str]) -> None:
    if out is None:
        return
    for name in inputs:
        if name != "-" and Path(name).exists() and out.exists() and os.path.samefile(out, name):
            raise OutputError(f"{out}: refusing to overwrite an input file")
    if out.exists() and out.is_dir():
        raise OutputError(f"{out}: is a directory")


def _write(out: Path | None, body: str) -> None:
    """Write to standard output, or atomically to a file (a temporary file renamed into place)."""
    if out is None:
        sys.stdout.write(body)
        sys.stdout.flush()
        return
    from .batch.store import write_atomic

    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{out}: folder {parent} does not exist")
    write_atomic(out, body)


def _quiet_broken_pipe() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
