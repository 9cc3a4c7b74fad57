"""What runs in a worker process: one item in, one result line out, never an exception.

The parent sends `Item`s in chunks and gets one `Results` per chunk back: the complete lines to
append (annotations, error records), already joined and encoded so the parent only writes them,
and with --html the reports. The worker writes nothing itself, so a worker that dies or is killed
leaves no partial output behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

from ..document import Document, decode, from_text, load_path
from ..errors import InputError, InputTooLarge, ProvlensError
from ..models import Note
from ..pipeline import Options, annotate

WARM_UP_TEXT = (
    "date 2022-02-17\ntitle Warm-up\n\nThe council said on Tuesday that the rules would change.\n\n"
    "Photo: Ana Ruiz / Reuters\n\nTranslated by Orinoco Tribune\n\nOT/JRE/SL"
)
"""A tiny article run once per process so lexicons, registry and patterns load before real work."""

PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Item:
    """One article to annotate: a file to read, or the text of a JSONL/CSV record."""

    id: str
    input: str
    """Where the item is: the file path, or `path:line` for a record (`-:line` on standard input)."""
    source: str
    """The `Annotation.source`: the path for files, the record's id for records."""
    path: str | None = None
    text: str | None = None
    html: bool = False
    header: str = ""
    """Header lines (`title ...`, `date ...`) built from the record's fields, put before the text."""
    notes: tuple[str, ...] = ()
    """Record fields left out of the header, each explained; they become notes on the annotation."""
    problem: str | None = None
    """Set by the parent when the item is already known to be bad (a malformed line, no text)."""


class ItemResult(NamedTuple):
    """One item's outcome: annotated or not, its complete JSON line, and its report with --html."""

    ok: bool
    line: str
    report: str | None = None


@dataclass(frozen=True, slots=True)
class Results:
    """What the parent appends for a chunk: whole annotation lines, whole error lines, reports."""

    annotations: bytes = b""
    errors: bytes = b""
    annotated: int = 0
    failed: int = 0
    reports: tuple[tuple[str, str], ...] = ()
    """(id, report HTML) pairs with --html, written before the lines."""
    peak_rss_kib: int = 0


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """Everything a worker needs to know, sent once per chunk (it is small)."""

    pipeline: Options
    max_bytes: int
    html: bool = False
    timeout: float = 0.0
    """Seconds one item may take (0: no limit); see `time_limit`."""


class ItemTimeout(ProvlensError):
    """An item took longer than the batch's --timeout."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ItemTimeout in the block once `seconds` have passed (0: no limit).

    The limit uses SIGALRM, so it holds where a process runs items in its main thread on a POSIX
    system: the local engine's worker processes. Dask runs tasks in threads, where it does not apply.
    Python checks for the signal between bytecodes and inside the regular-expression engine, so a
    runaway pattern is stopped too.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ItemTimeout(f"took longer than {seconds:g} s to annotate (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def error_line(item: Item, reason: str) -> str:
    """The error record of an item as a line: its id, where it is, and why it failed."""
    return json.dumps({"id": item.id, "input": item.input, "error": reason}, ensure_ascii=False) + "\n"


def failure(item: Item, reason: str) -> Results:
    """The Results of one item that failed."""
    return Results(errors=error_line(item, reason).encode("utf-8"), failed=1)


def annotate_chunk(items: list[Item], options: WorkerOptions) -> Results:
    """Annotate a chunk of items; also report this process's peak memory (KiB) for the benchmark."""
    warm_up(options)
    annotations: list[str] = []
    errors: list[str] = []
    reports: list[tuple[str, str]] = []
    for item in items:
        try:
            with time_limit(options.timeout):
                ok, line, report = annotate_item(item, options)  # a timeout inside becomes its error record
        except ItemTimeout as exc:  # the timer went off as the item finished
            ok, line, report = False, error_line(item, str(exc)), None
        (annotations if ok else errors).append(line)
        if report is not None:
            reports.append((item.id, report))
    return Results("".join(annotations).encode("utf-8"), "".join(errors).encode("utf-8"),
                   len(annotations), len(errors), tuple(reports), peak_rss_kib())


def annotate_item(item: Item, options: WorkerOptions) -> ItemResult:
    """One item to one line; every failure becomes an error record with its reason."""
    try:
        return _annotated(item, options)
    except ProvlensError as exc:
        return ItemResult(False, error_line(item, str(exc)))
    except Exception as exc:  # noqa: BLE001 - the worker boundary: a bug on one article must not stop the run
        return ItemResult(False, error_line(item, f"{type(exc).__name__}: {exc}"))


def _annotated(item: Item, options: WorkerOptions) -> ItemResult:
    """Load, annotate and serialise one item (and render its report); raises on a bad item."""
    ann = annotate(load_item(item, options.max_bytes), options.pipeline)
    if item.notes:
        extra = [Note(analyser="batch", code="record-field-dropped", message=m) for m in item.notes]
        ann = ann.model_copy(update={"notes": [*ann.notes, *extra]})
    report = render_report(ann) if options.html else None
    return ItemResult(True, ann.model_dump_json() + "\n", report)


def load_item(item: Item, max_bytes: int) -> Document:
    """The Document of an item, with the batch id; raises InputError for an unreadable one."""
    if item.problem is not None:
        raise InputError(item.problem, source=item.input)
    if item.path is not None:
        return dataclasses.replace(load_path(item.path, max_bytes=max_bytes), id=item.id)
    text = _checked_text(item, max_bytes)
    if item.html:
        from ..html import extract_html

        body, meta = extract_html(text, source=item.input)
        if not body.strip():
            raise InputError("has no article text in its HTML", source=item.input)
        return from_text(item.header + body, source=item.source, id=item.id, meta=meta, format="html")
    return from_text(item.header + text, source=item.source, id=item.id)


def _checked_text(item: Item, max_bytes: int) -> str:
    """The record's text after the checks a file gets: size, valid Unicode, not binary, not empty."""
    text = item.text or ""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("is not valid UTF-8 text", source=item.input) from None
    if len(data) > max_bytes:
        raise InputTooLarge(f"is {len(data):,} bytes; the limit is {max_bytes:,} (--max-bytes)", source=item.input)
    if not text.strip():
        raise InputError("is empty (no text to annotate)", source=item.input)
    decode(data, source=item.input)  # refuses binary content the same way files are refused
    return text


def render_report(ann) -> str:
    """The single-article HTML report (provlens.render.html.render_report)."""
    from ..render.html import render_report as render

    return render(ann)


WARM_UP_ITEM = Item(id="warm-up", input="warm-up", source="warm-up", text=WARM_UP_TEXT)

_warm: set[Options] = set()
"""Pipeline options this process has warmed up for (a per-process cache, like the lexicons')."""


def warm_up(options: WorkerOptions) -> None:
    """Load every cache the pipeline uses by annotating a tiny article once per process."""
    if options.pipeline in _warm:
        return
    _warm.add(options.pipeline)
    annotate_item(WARM_UP_ITEM, options)


def preflight(options: WorkerOptions) -> tuple[str, int] | None:
    """Annotate the warm-up article; on failure, the message and exit code that stop the run."""
    try:
        _annotated(WARM_UP_ITEM, options)
    except ProvlensError as exc:
        return str(exc), exc.exit_code
    except ImportError as exc:
        return (f"the analysers cannot run in this installation ({exc}); "
                "--credits-only runs the credit extractor alone"), 1
    return None


def start_worker(options: WorkerOptions, main_pid: int) -> None:
    """Process-pool initializer: leave Ctrl-C to the parent, exit if orphaned, warm the caches."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "posix":  # elsewhere os.kill(pid, 0) would not be a harmless probe
        threading.Thread(target=_exit_when_gone, args=(main_pid,), name="provlens-watchdog", daemon=True).start()
    warm_up(options)


def _exit_when_gone(main_pid: int) -> None:
    """A killed parent (kill -9) cannot stop its workers; they notice it is gone and leave.

    The direct parent of a worker is the fork server, which itself stays up while workers live,
    so the worker watches the batch process by its pid.
    """
    while process_alive(main_pid):
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def process_alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def peak_rss_kib() -> int:
    """Peak resident memory of this process in KiB (ru_maxrss is bytes on macOS; 0 where unknown)."""
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak
