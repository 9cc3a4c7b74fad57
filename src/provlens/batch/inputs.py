"""Finding the articles of a batch: folders, globs, files, JSONL and CSV records, standard input.

Every input is checked before anything runs (a missing path is a usage error). Items are then
produced lazily, one at a time, so a corpus of any size is never held in memory.

Ids: a record's `id`; for a file, its path relative to the input root (the folder given, the
fixed part of a glob, or the file's own folder); otherwise the content hash of the record.
Folders are walked recursively in name order for .txt, .html and .htm files; hidden files and
folders (a leading dot) and the output folder are left out.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal

from ..dates import parse_date
from ..document import content_id
from ..errors import InputError, OutputError, UsageError
from .store import OUTPUT_NAMES, REPORTS
from .worker import Item

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
HEADER_FIELDS = ("title", "outlet", "date", "url")
"""Record fields that become header lines, in this order (date and url are checked, so they go last)."""

_URL = re.compile(r"(?:https?://|www\.)\S+")

Kind = Literal["folder", "glob", "file", "jsonl", "csv", "stdin"]


@dataclass(frozen=True)
class Input:
    """One command-line input, checked: what it is and the root its file ids are relative to."""

    kind: Kind
    name: str
    root: str = "."
    matches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """How inputs are read: the CSV text column, the size limit, and the output folder to avoid."""

    text_column: str
    max_bytes: int
    outdir: str
    """The output folder as a real path."""

    @property
    def line_limit(self) -> int:
        """The longest JSONL line read: room for a text at the limit with every character escaped."""
        return 6 * self.max_bytes + 65536


# --------------------------------------------------------------------------------------------
# Checking the inputs


def resolve_inputs(names: Iterable[str], reading: Reading) -> list[Input]:
    """Check every input and say what it is; raise a usage or input error before anything runs."""
    names = list(names)
    if names.count("-") > 1:
        raise UsageError("standard input ('-') can be read only once")
    return [resolve_input(name, reading) for name in names]


def resolve_input(name: str, reading: Reading) -> Input:
    """One input: '-', a folder, a file, or a glob pattern with at least one match."""
    if name == "-":
        return Input("stdin", name)
    if os.path.isdir(name):
        return resolve_folder(name, reading)
    if os.path.exists(name):
        return resolve_file(name, reading)
    if glob.has_magic(name):
        matches = tuple(m for m in sorted(glob.glob(name, recursive=True)) if not inside(m, reading.outdir))
        if not matches:
            raise InputError("no files match this pattern", source=name)
        for m in matches:
            if os.path.isfile(m):
                check_file(m, reading)
                if file_kind(m) == "csv":
                    check_csv_header(m, reading.text_column)
        return Input("glob", name, root=glob_root(name), matches=matches)
    raise InputError("no such file or folder", source=name)


def resolve_folder(name: str, reading: Reading) -> Input:
    """A folder of articles: not the output folder, and with at least one article in it."""
    real = os.path.realpath(name)
    if real == reading.outdir or inside(real, os.path.join(reading.outdir, REPORTS)):
        raise OutputError(f"{name}: is the output folder; its reports would be read as articles")
    if next(walk(name, reading.outdir), None) is None:
        raise InputError(f"has no {', '.join(ARTICLE_SUFFIXES)} files", source=name)
    return Input("folder", name, root=name)


def resolve_file(name: str, reading: Reading) -> Input:
    """A single file: an article, a JSONL file or a CSV file, by its suffix."""
    check_file(name, reading)
    kind = file_kind(name)
    if kind == "csv":
        check_csv_header(name, reading.text_column)
    return Input(kind, name, root=os.path.dirname(name) or ".")


def check_file(name: str, reading: Reading) -> None:
    """A file input must be readable and must not be one of the files the batch writes."""
    if is_output(os.path.realpath(name), reading.outdir):
        raise OutputError(f"{name}: is an output of this batch; refusing to overwrite an input")
    if not os.access(name, os.R_OK):
        raise InputError("permission denied", source=name)


def is_output(real: str, outdir: str) -> bool:
    """Whether a real path is one of the files the batch writes in `outdir`."""
    named = os.path.dirname(real) == outdir and os.path.basename(real) in OUTPUT_NAMES
    return named or inside(real, os.path.join(outdir, REPORTS))


def file_kind(name: str) -> Kind:
    """JSONL and CSV files hold records; anything else is one article."""
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(CSV_SUFFIXES):
        return "csv"
    return "file"


def check_csv_header(name: str, column: str) -> None:
    """The CSV file must have a header row naming the text column."""
    with open(name, newline="", encoding="utf-8-sig", errors="replace") as fh:
        header = next(csv.reader(fh), None)
    if not header:
        raise InputError("is empty (a CSV file needs a header row)", source=name)
    if column not in header:
        raise InputError(f"has no column {column!r} (--text-column); its columns are {', '.join(header)}", source=name)


def glob_root(pattern: str) -> str:
    """The fixed folder part of a glob pattern, which the ids of its files are relative to."""
    parts = os.path.normpath(pattern).split(os.sep)
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    if fixed == [""]:
        return os.sep
    return os.sep.join(fixed) if fixed else "."


def inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or inside it (both compared as real paths)."""
    real = os.path.realpath(path)
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


# --------------------------------------------------------------------------------------------
# Producing items


def iter_items(inputs: Iterable[Input], reading: Reading) -> Iterator[Item]:
    """Every item of every input, in a stable order, one at a time."""
    for inp in inputs:
        yield from input_items(inp, reading)


def input_items(inp: Input, reading: Reading) -> Iterator[Item]:
    """The items of one input."""
    if inp.kind == "folder":
        yield from (file_item(p, inp.root) for p in walk(inp.name, reading.outdir))
    elif inp.kind == "glob":
        for match in inp.matches:
            yield from matched_items(match, inp.root, reading)
    elif inp.kind == "file":
        yield file_item(inp.name, inp.root)
    elif inp.kind == "jsonl":
        with open(inp.name, "rb") as fh:
            yield from jsonl_items(fh, inp.name, reading)
    elif inp.kind == "csv":
        yield from csv_items(inp.name, reading)
    else:
        yield from jsonl_items(sys.stdin.buffer, "-", reading)


def matched_items(match: str, root: str, reading: Reading) -> Iterator[Item]:
    """The items of one glob match: a folder is walked, a file goes by its suffix."""
    if os.path.isdir(match):
        yield from (file_item(p, root) for p in walk(match, reading.outdir))
        return
    kind = file_kind(match)
    if kind == "jsonl":
        with open(match, "rb") as fh:
            yield from jsonl_items(fh, match, reading)
    elif kind == "csv":
        yield from csv_items(match, reading)
    else:
        yield file_item(match, root)


def walk(folder: str, outdir: str) -> Iterator[str]:
    """Article files under a folder, in name order, leaving out hidden entries and the output folder."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and os.path.realpath(os.path.join(dirpath, d)) != outdir)
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES):
                yield os.path.join(dirpath, name)


def file_item(path: str, root: str) -> Item:
    """An article file; its id is its path relative to the input root, with forward slashes."""
    return Item(id=relative_id(path, root), input=path, source=path, path=path)


def relative_id(path: str, root: str) -> str:
    """`path` relative to `root`; walks and globs give paths that start with the root as written."""
    prefix = root.rstrip(os.sep) + os.sep
    if path.startswith(prefix) and root not in ("", "."):
        rel = path[len(prefix):]
    else:
        rel = os.path.relpath(path, root)
    return rel.replace(os.sep, "/")


def jsonl_items(stream: IO[bytes], name: str, reading: Reading) -> Iterator[Item]:
    """One item per non-blank line of a JSONL stream; a bad line is an item with its problem."""
    for number, raw in bounded_lines(stream, reading.line_limit):
        where = f"{name}:{number}"
        if raw is None:
            yield problem_item(where, f"is a line of over {reading.line_limit:,} bytes (--max-bytes)")
        elif raw.strip():
            yield json_item(raw, where)


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, each at most `limit` bytes; a longer line is skipped and yields None."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def json_item(raw: bytes, where: str) -> Item:
    """The item of one JSONL line."""
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        return problem_item(where, "is not valid UTF-8")
    except ValueError as exc:
        return problem_item(where, f"is not valid JSON ({exc})")
    if not isinstance(record, dict):
        return problem_item(where, "is not a JSON object")
    return record_item(record, where, text_key="text", html_key="html")


def csv_items(path: str, reading: Reading) -> Iterator[Item]:
    """One item per CSV row; a row the CSV reader refuses is an item with its problem."""
    csv.field_size_limit(max(csv.field_size_limit(), reading.line_limit))  # the csv module has one global limit
    with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as fh:
        reader = csv.DictReader(fh)
        _ = reader.fieldnames  # read the header row now, so the first row's line number is right
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield problem_item(f"{path}:{start}", f"is not a valid CSV row ({exc})")
                continue
            yield record_item(row, f"{path}:{start}", text_key=reading.text_column, html_key=None)


def record_item(record: dict[str, Any], where: str, *, text_key: str, html_key: str | None) -> Item:
    """The item of one record: its text (or HTML), id, and header lines from its fields."""
    id, id_problem = record_id(record.get("id"))
    text = record.get(text_key)
    html = record.get(html_key) if html_key else None
    is_html = text in (None, "") and html is not None
    body = html if is_html else text
    problem = id_problem or body_problem(body, text_key, html_key)
    header, notes = header_lines(record)
    if problem is not None:
        return Item(id=id or where, input=where, source=id or where, problem=problem)
    id = id or content_id(header + body)
    return Item(id=id, input=where, source=id, text=body, html=is_html, header=header, notes=notes)


def record_id(value: Any) -> tuple[str | None, str | None]:
    """The record's id as text, or None when it has none; a second value names a problem."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, "has an id that is neither a string nor a whole number"
    return str(value), None


def body_problem(body: Any, text_key: str, html_key: str | None) -> str | None:
    """Why a record's text cannot be annotated, or None (an empty text is the worker's to report)."""
    if body is None:
        return f"has neither {text_key} nor {html_key}" if html_key else f"has no {text_key!r} value"
    if not isinstance(body, str):
        return "has a text that is not a string"
    return None


def header_lines(record: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """Header lines (`title ...`, `outlet ...`, `date ...`, `url ...`) and notes on fields left out."""
    lines, notes = [], []
    for key in HEADER_FIELDS:
        value = record.get(key)
        if value is None or value == "":
            continue
        line, note = header_line(key, value)
        if line:
            lines.append(line)
        if note:
            notes.append(note)
    return ("\n".join(lines) + "\n\n" if lines else ""), tuple(notes)


def header_line(key: str, value: Any) -> tuple[str | None, str | None]:
    """One header line, or a note saying why the field cannot be one."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, f"the record's {key} is not text; left out"
    text = " ".join(str(value).split())
    if key == "date":
        found = parse_date(text)
        if found is None:
            return None, f"the record's date {text[:80]!r} is not a date provlens reads; left out"
        text = found[0]
    if key == "url" and not _URL.fullmatch(text):
        return None, f"the record's url {text[:80]!r} is not an http(s) address; left out"
    return f"{key} {text}", None


def problem_item(where: str, problem: str) -> Item:
    """An item already known to be bad; its id is where it is."""
    return Item(id=where, input=where, source=where, problem=problem)


# --------------------------------------------------------------------------------------------
# Counting (for the progress display)


def count_items(inputs: Iterable[Input], reading: Reading) -> int | None:
    """How many items the inputs hold, or None when standard input is one of them."""
    total = 0
    for inp in inputs:
        if inp.kind == "stdin":
            return None
        total += sum(1 for _ in countable(inp, reading))
    return total


def countable(inp: Input, reading: Reading) -> Iterator[object]:
    """Something per item of an input, cheaper than building the items."""
    if inp.kind == "folder":
        return walk(inp.name, reading.outdir)
    if inp.kind == "glob":
        return (x for m in inp.matches for x in countable(Input(match_kind(m), m, inp.root), reading))
    if inp.kind == "jsonl":
        return count_lines(inp.name, reading.line_limit)
    if inp.kind == "csv":
        return input_items(inp, reading)
    return iter((inp.name,))


def match_kind(path: str) -> Kind:
    """The kind of a glob match."""
    return "folder" if os.path.isdir(path) else file_kind(path)


def count_lines(path: str, limit: int) -> Iterator[int]:
    """One value per non-blank line of a JSONL file."""
    with open(path, "rb") as fh:
        for number, raw in bounded_lines(fh, limit):
            if raw is None or raw.strip():
                yield number
