"""Running a batch: check everything, stream items to the workers, write results as they come.

The parent reads the inputs lazily, skips ids an earlier run finished, records duplicates and
items already known to be bad, and keeps a bounded number of chunks in flight, so memory stays
flat however large the corpus. Results are appended as they arrive; at the end summary.csv and
index.html are rebuilt from annotations.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import DEFAULT_MAX_BYTES
from ..errors import ProvlensError, UsageError
from ..pipeline import Options
from .dashboard import CorpusStats, render_dashboard
from .engines import Engine, default_jobs, import_distributed, make_engine
from .idset import IdSet, id_key
from .inputs import Input, Reading, count_items, iter_items, resolve_inputs
from .naming import report_name, report_path
from .progress import Progress
from .store import (
    ANNOTATIONS,
    DUPLICATE,
    ERRORS,
    INDEX,
    OPTIONS,
    REPORTS,
    SUMMARY,
    Resume,
    Store,
    atomic_writer,
    numbered_lines,
    write_atomic,
)
from .summary import COLUMNS, summary_row
from .worker import Item, Results, WorkerOptions, failure, peak_rss_kib

DEFAULT_TIMEOUT = 60.0
"""Seconds one article may take in a worker (--timeout) before it becomes an error record."""
CHUNK_SIZE = 8
CHUNKS_PER_WORKER = 3
WAIT_SECONDS = 0.25
WORKER_DIED = "the worker process died while annotating this item (a crash, or the system ran out of memory)"
DEATHS_BEFORE_GIVING_UP = 5
"""Worker deaths in a row, with no chunk finishing in between, that mean the workers cannot run at all."""

ANNOUNCE_FINISH_FROM = 100_000
"""From this many annotations, rebuilding the summary files takes long enough to say so."""

EXIT_OK = 0
EXIT_SOME_FAILED = 5


@dataclass(frozen=True)
class Config:
    """A batch as the command line describes it."""

    inputs: tuple[str, ...]
    outdir: Path
    jobs: int
    html: bool = False
    engine: str = "local"
    scheduler: str | None = None
    text_column: str = "text"
    credits_only: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Config:
        """The configuration of `provlens batch` arguments."""
        return cls(inputs=tuple(args.inputs), outdir=Path(args.output),
                   jobs=default_jobs() if args.jobs is None else args.jobs,
                   html=args.html, engine=args.engine, scheduler=args.scheduler, text_column=args.text_column,
                   credits_only=args.credits_only,
                   max_bytes=DEFAULT_MAX_BYTES if args.max_bytes is None else args.max_bytes,
                   timeout=DEFAULT_TIMEOUT if getattr(args, "timeout", None) is None else args.timeout)

    @property
    def pipeline(self) -> Options:
        """The analysers to run: all of them, or the credit extractor alone."""
        full = not self.credits_only
        return Options(framing=full, language=full, readability=full)


@dataclass(frozen=True)
class RunStats:
    """What a run did, for the exit code and the benchmark."""

    annotated: int
    failed: int
    skipped: int
    errors_total: int
    seconds: float
    startup_seconds: float
    """Time spent starting and warming the workers (loading lexicons, registry, dictionaries)."""
    finish_seconds: float
    """Time spent rebuilding summary.csv and index.html at the end."""
    parent_cpu_seconds: float
    parent_rss_kib: int
    worker_rss_kib: int

    @property
    def exit_code(self) -> int:
        """5 when errors.jsonl holds any record (from this run or an earlier one), else 0."""
        return EXIT_SOME_FAILED if self.errors_total else EXIT_OK


def run_batch(args: argparse.Namespace) -> int:
    """`provlens batch`: annotate a corpus; 0 when every item is annotated, 5 when some failed."""
    return execute(Config.from_args(args)).exit_code


def execute(config: Config) -> RunStats:
    """Check, run, and write the summary files; raise a ProvlensError for bad usage or inputs."""
    inputs, reading = check(config)
    store = Store(config.outdir)
    resume = store.open(html=config.html)
    progress = Progress()
    for name in resume.repaired:
        progress.note(f"{name}: dropped a partial last line left by an interrupted run")
    run = Run(lambda: start_engine(config), store, resume, progress)
    try:
        check_options_file(config, resume)
        count_in_background(inputs, reading, progress)
        run.feed(iter_items(inputs, reading))
    finally:
        run.close()
        store.close()
    progress.finish()
    finishing = time.monotonic()
    total = resume.annotated + progress.annotated
    if total >= ANNOUNCE_FINISH_FROM:
        progress.note(f"rebuilding {SUMMARY} and {INDEX} from {total:,} annotations")
    finish_outputs(config, progress)
    ended = time.monotonic()
    return RunStats(progress.annotated, progress.failed, progress.skipped, resume.errors + progress.failed,
                    ended - progress.started, run.startup_seconds, ended - finishing, cpu_seconds(), peak_rss_kib(),
                    run.worker_rss)


def cpu_seconds() -> float:
    """CPU time this process has used (user and system)."""
    return time.process_time()


def start_engine(config: Config) -> Engine:
    """Start the workers and check, on one of them, that the pipeline runs there at all."""
    engine = make_engine(config.engine, config.jobs, worker_options(config), config.scheduler)
    try:
        failure = engine.preflight()
    except engine.died:
        engine.close()
        raise ProvlensError("the worker processes cannot start (see the messages above)") from None
    if failure is not None:
        engine.close()
        message, exit_code = failure
        error = ProvlensError(message)
        error.exit_code = exit_code
        raise error
    return engine


def check(config: Config) -> tuple[list[Input], Reading]:
    """Everything that can be wrong before the run starts: options, inputs, engine, report renderer."""
    if config.jobs < 1:
        raise UsageError("-j/--jobs must be at least 1")
    if config.max_bytes < 1:
        raise UsageError("--max-bytes must be at least 1")
    if not config.timeout >= 0:
        raise UsageError("--timeout must be 0 (no limit) or a number of seconds")
    if config.scheduler and config.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if config.outdir.exists() and not config.outdir.is_dir():
        raise UsageError(f"{config.outdir}: is a file; -o names a folder")
    reading = Reading(config.text_column, config.max_bytes, os.path.realpath(config.outdir))
    inputs = resolve_inputs(config.inputs, reading)
    if config.engine == "dask":
        import_distributed()
    return inputs, reading


def check_options_file(config: Config, resume: Resume) -> None:
    """A folder holds one kind of annotation: a resumed run must use the same analysers."""
    path = config.outdir / OPTIONS
    wanted = {"credits_only": config.credits_only}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = None
    if found is not None and resume.annotated and found.get("credits_only") != config.credits_only:
        before = "with" if found.get("credits_only") else "without"
        raise UsageError(f"{config.outdir}: was started {before} --credits-only; "
                         "resume it the same way or use a new output folder")
    if found != wanted:
        write_atomic(path, json.dumps(wanted) + "\n")


def worker_options(config: Config) -> WorkerOptions:
    """What the workers need."""
    return WorkerOptions(pipeline=config.pipeline, max_bytes=config.max_bytes, html=config.html, timeout=config.timeout)


def count_in_background(inputs: list[Input], reading: Reading, progress: Progress) -> None:
    """Count the items while the run goes on, for done/total and the time left."""
    if any(inp.kind == "stdin" for inp in inputs):
        return
    thread = threading.Thread(target=lambda: progress.set_total(count_items(inputs, reading)),
                              name="provlens-count", daemon=True)
    thread.start()


class Run:
    """One pass over the items: what is in flight, what has been seen, and where results go."""

    def __init__(self, start: Callable[[], Engine], store: Store, resume: Resume, progress: Progress) -> None:
        """`start` starts the engine; it is called when the first item needs a worker."""
        self.start = start
        self._engine: Engine | None = None
        self.store = store
        self.resume = resume
        self.progress = progress
        self.pending: dict[Any, list[Item]] = {}
        self.suspects: deque[Item] = deque()
        self.seen = IdSet()
        self.repeats: Counter[str] = Counter()
        self.worker_rss = 0
        self.startup_seconds = 0.0
        self.deaths = 0
        self.culprits: list[Item] = []

    @property
    def engine(self) -> Engine:
        """The engine, started when the first item needs a worker (a finished run starts none)."""
        if self._engine is None:
            began = time.monotonic()
            self._engine = self.start()
            self.startup_seconds = time.monotonic() - began
        return self._engine

    @property
    def limit(self) -> int:
        """How many chunks may be in flight."""
        return max(2, self.engine.workers * CHUNKS_PER_WORKER)

    def close(self) -> None:
        """Stop the engine if it was started."""
        if self._engine is not None:
            self._engine.close()

    def feed(self, items: Iterable[Item]) -> None:
        """Send every item that needs a worker, writing results as they arrive; return when all are written."""
        for chunk in chunks(i for i in items if self.admit(i)):
            self.pending[self.engine.submit(chunk)] = chunk
            while len(self.pending) >= self.limit:
                self.collect()
            if self.suspects:
                self.isolate()
        while self.pending:
            self.collect()
        self.isolate()
        if self.culprits:  # tried alone, they killed their worker; the preflight showed workers can run
            self.record_culprits()
        self.store.checkpoint(force=True)

    def admit(self, item: Item) -> bool:
        """True when the item needs a worker; skip what is done, record duplicates and known problems."""
        key = id_key(item.id)
        if not self.seen.add_key(key):
            self.repeats[item.id] += 1
            if self.resume.duplicates[item.id] >= self.repeats[item.id]:
                self.progress.skipped += 1
            else:
                self.write(failure(item, DUPLICATE))
            return False
        if self.resume.done.has_key(key):
            self.progress.skipped += 1
            self.progress.tick()
            return False
        if item.problem is not None:
            self.write(failure(item, f"{item.input}: {item.problem}"))
            return False
        return True

    def collect(self) -> None:
        """Wait a little for finished chunks and write their results."""
        for future in self.engine.wait(self.pending.keys(), WAIT_SECONDS):
            self.settle(future, self.pending.pop(future), alone=False)
        self.progress.tick()
        self.store.checkpoint()

    def settle(self, future: Any, chunk: list[Item], *, alone: bool) -> None:
        """Write a finished chunk; a chunk whose worker died is retried item by item."""
        try:
            results = self.engine.outcome(future)
        except self.engine.died:
            self.died(chunk, alone=alone)
            return
        self.deaths = 0
        self.worker_rss = max(self.worker_rss, results.peak_rss_kib)
        self.write(results)
        self.record_culprits()

    def died(self, chunk: list[Item], *, alone: bool) -> None:
        """A worker died on this chunk: retry its items alone, or hold the lone item as the cause."""
        self.deaths += 1
        if self.deaths >= DEATHS_BEFORE_GIVING_UP:
            raise ProvlensError("worker processes keep dying before finishing any article "
                                "(see the messages above); nothing was recorded for the articles in flight")
        if alone:
            self.culprits.append(chunk[0])
        else:
            self.suspects.extend(chunk)

    def record_culprits(self) -> None:
        """Record the items that killed a worker, once another chunk has shown that workers can run."""
        for item in self.culprits:
            self.write(failure(item, WORKER_DIED))
        self.culprits.clear()

    def isolate(self) -> None:
        """Run the items of chunks whose worker died one at a time, to find the one that kills it."""
        while self.pending:
            self.collect()
        while self.suspects:
            item = self.suspects.popleft()
            future = self.engine.submit([item])
            while not self.engine.wait([future], WAIT_SECONDS):
                self.progress.tick()
            self.settle(future, [item], alone=True)

    def write(self, results: Results) -> None:
        """Append results and count them."""
        self.store.add(results)
        self.progress.count(results.annotated, results.failed)


def chunks(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """Items in lists of `size` (the last may be shorter)."""
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --------------------------------------------------------------------------------------------
# The files rebuilt at the end


def finish_outputs(config: Config, progress: Progress) -> None:
    """summary.csv and index.html from annotations.jsonl and errors.jsonl, each replaced atomically.

    With --html, an article annotated by an earlier run without it gets its report here, rendered
    from its annotation line (the article itself is not read or annotated again).
    """
    stats = CorpusStats()
    reports = config.outdir / REPORTS
    backfilled, unrendered, unreadable = 0, [], []
    links = config.html or reports.is_dir()
    with atomic_writer(config.outdir / SUMMARY, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for number, line in numbered_lines(config.outdir / ANNOTATIONS):
            ann = json.loads(line)
            try:
                row = summary_row(ann)
                href = report_href(reports, ann["id"]) if links else None
            except (KeyError, TypeError, AttributeError, ValueError):  # not the shape this version writes
                unreadable.append(number)
                continue
            if config.html and href is None:
                problem = backfill_report(reports, ann)
                if problem is None:
                    backfilled += 1
                    href = report_href(reports, ann["id"])
                else:
                    unrendered.append(f"{ann['id']}: {problem}")
            try:
                stats.add(ann, href)  # counts nothing unless the whole annotation can be read
            except (KeyError, TypeError, AttributeError, ValueError):
                unreadable.append(number)
                continue
            writer.writerow(row)
    for record in read_jsonl(config.outdir / ERRORS):
        stats.add_error(record)
    title = f"provlens corpus dashboard: {config.outdir.resolve().name}"
    write_atomic(config.outdir / INDEX, render_dashboard(stats.view(title=title, reports=config.html)))
    if unreadable:
        progress.note(f"{len(unreadable):,} lines of {ANNOTATIONS} are not annotations this version can summarise "
                      f"and are left out of {SUMMARY} and {INDEX} (first: line {unreadable[0]})")
    if backfilled:
        progress.note(f"wrote the reports of {backfilled:,} articles annotated by an earlier run without --html")
    if unrendered:
        progress.note(f"{len(unrendered):,} earlier annotations could not be rendered as reports "
                      f"(first: {unrendered[0]})")


def backfill_report(reports: Path, ann: dict[str, Any]) -> str | None:
    """Render and write the report of one annotation line; the reason when it cannot be rendered."""
    from pydantic import ValidationError

    from ..models import Annotation
    from ..render.html import render_report

    try:
        html = render_report(Annotation.model_validate(ann))
    except ValidationError as exc:
        return f"not a valid annotation ({exc.error_count()} problems; written by another version?)"
    except ProvlensError as exc:
        return str(exc)
    write_atomic(report_path(reports, ann["id"]), html, sync=False)
    return None


def report_href(reports: Path, id: str) -> str | None:
    """The relative link to an article's report, when the report exists."""
    name = report_name(id)
    return f"{REPORTS}/{name}" if (reports / name).is_file() else None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file, one at a time."""
    for _, line in numbered_lines(path):
        yield json.loads(line)
