"""The output folder: append-only result files that survive a kill, and atomic rebuilt files.

`annotations.jsonl` and `errors.jsonl` only ever grow by whole lines: each chunk's results are one
write of complete lines to each file, and both files are fsynced at checkpoints. A run killed at any moment leaves at most
one partial last line; the next run cuts it off, reads the ids already done and skips them.
Reports, `summary.csv` and `index.html` are written to a temporary file and renamed into place.
A lock file keeps two runs from writing into the same folder at once.

An item in errors.jsonl counts as done, like an annotated one: to try failed items again (after
fixing a file, say), remove their lines from errors.jsonl and run the same command.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import OutputError
from .idset import IdSet
from .naming import report_path
from .worker import Results

ANNOTATIONS = "annotations.jsonl"
ERRORS = "errors.jsonl"
SUMMARY = "summary.csv"
INDEX = "index.html"
REPORTS = "reports"
LOCK = ".lock"
OPTIONS = ".batch-options.json"
OUTPUT_NAMES = (ANNOTATIONS, ERRORS, SUMMARY, INDEX, LOCK, OPTIONS)

DUPLICATE = "duplicate id (an earlier item of this run has the same id)"
"""The error of the second and later items sharing an id; resume counts these apart."""

CHECKPOINT_SECONDS = 1.0

_LEADING_ID = re.compile(rb'\A\{"schema_version":"[^"\\]*","id":("(?:[^"\\]|\\.)*")')


@dataclass
class Resume:
    """What earlier runs left in the folder: ids done, duplicate records per id, counts."""

    done: IdSet = field(default_factory=IdSet)
    duplicates: Counter[str] = field(default_factory=Counter)
    annotated: int = 0
    errors: int = 0
    repaired: list[str] = field(default_factory=list)


class Store:
    """The files of one output folder, opened for appending results."""

    def __init__(self, outdir: Path) -> None:
        """The store of `outdir`; nothing is touched until `open`."""
        self.outdir = outdir
        self.reports = outdir / REPORTS
        self._fds: dict[bool, int] = {}
        self._lock: IO[bytes] | None = None
        self._dirty = False
        self._synced = time.monotonic()

    @property
    def annotations(self) -> Path:
        """annotations.jsonl."""
        return self.outdir / ANNOTATIONS

    @property
    def errors(self) -> Path:
        """errors.jsonl."""
        return self.outdir / ERRORS

    def open(self, *, html: bool) -> Resume:
        """Create the folder, take the lock, repair and read what is there, open for appending."""
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            if html:
                self.reports.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{self.outdir}: cannot create the output folder ({exc.strerror or exc})") from None
        self._lock = take_lock(self.outdir / LOCK)
        remove_stale_temporaries(self.outdir)
        remove_stale_temporaries(self.reports)
        resume = Resume()
        for path in (self.annotations, self.errors):
            if repair_partial_line(path):
                resume.repaired.append(path.name)
        read_annotation_ids(self.annotations, resume)
        read_error_ids(self.errors, resume)
        self._fds = {True: open_append(self.annotations), False: open_append(self.errors)}
        return resume

    def add(self, results: Results) -> None:
        """Write a chunk's results: reports first (atomically), then its whole lines, one write a file."""
        for id, report in results.reports:
            write_atomic(report_path(self.reports, id), report, sync=False)
        if results.annotations:
            append_lines(self._fds[True], results.annotations)
        if results.errors:
            append_lines(self._fds[False], results.errors)
        self._dirty = True

    def checkpoint(self, *, force: bool = False) -> None:
        """fsync both result files, at most once a second unless forced."""
        if not self._dirty or (not force and time.monotonic() - self._synced < CHECKPOINT_SECONDS):
            return
        for fd in self._fds.values():
            os.fsync(fd)
        self._dirty = False
        self._synced = time.monotonic()

    def close(self) -> None:
        """Flush to disk and release the folder."""
        if self._fds:
            self.checkpoint(force=True)
            for fd in self._fds.values():
                os.close(fd)
            self._fds = {}
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def take_lock(path: Path) -> IO[bytes]:
    """An exclusive lock on the folder, released by the system when the process ends (even kill -9)."""
    fh = open(path, "ab")
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, a second run in the same folder is the user's to avoid
        return fh
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise OutputError(f"{path.parent}: another provlens batch is writing to this folder") from None
    return fh


def open_append(path: Path) -> int:
    """A file descriptor for appending whole lines."""
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def append_lines(fd: int, data: bytes) -> None:
    """Append complete lines with one write (a kill mid-line is repaired on the next start)."""
    try:
        written = os.write(fd, data)
        while written < len(data):  # only on a full disk or similar; the rest follows
            written += os.write(fd, data[written:])
    except OSError as exc:
        raise OutputError(f"cannot append a result line ({exc.strerror or exc})") from None


def repair_partial_line(path: Path) -> bool:
    """Cut the file after its last newline; True when a partial last line was dropped."""
    try:
        fh = open(path, "r+b")
    except FileNotFoundError:
        return False
    with fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return False
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return False
        fh.truncate(last_newline_end(fh, size))
        fh.flush()
        os.fsync(fh.fileno())
    return True


def last_newline_end(fh: IO[bytes], size: int, block: int = 65536) -> int:
    """The offset just after the last newline of the file (0 when there is none)."""
    end = size
    while end > 0:
        start = max(0, end - block)
        fh.seek(start)
        pos = fh.read(end - start).rfind(b"\n")
        if pos >= 0:
            return start + pos + 1
        end = start
    return 0


def read_annotation_ids(path: Path, resume: Resume) -> None:
    """Collect the ids of annotations.jsonl; a line that is not an annotation stops the run."""
    for number, line in numbered_lines(path):
        resume.done.add(annotation_id(line, path, number))
        resume.annotated += 1


def annotation_id(line: bytes, path: Path, number: int) -> str:
    """The id of one annotation line, read from its start when it has the usual shape."""
    m = _LEADING_ID.match(line)
    if m is not None:
        return json.loads(m.group(1))
    try:
        return str(json.loads(line)["id"])
    except (ValueError, KeyError, TypeError):
        raise OutputError(f"{path}: line {number} is not an annotation; fix or remove it, then run again") from None


def read_error_ids(path: Path, resume: Resume) -> None:
    """Collect the ids of errors.jsonl, counting duplicate-id records apart."""
    for number, line in numbered_lines(path):
        try:
            record = json.loads(line)
            id, error = str(record["id"]), record["error"]
        except (ValueError, KeyError, TypeError):
            raise OutputError(f"{path}: line {number} is not an error record; "
                              "fix or remove it, then run again") from None
        if error == DUPLICATE:
            resume.duplicates[id] += 1
        else:
            resume.done.add(id)
        resume.errors += 1


def numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a file with their numbers, split on b'\\n' only."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        return
    with fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield number, line


def write_atomic(path: Path, text: str, *, sync: bool = True) -> None:
    """Write a whole file under a temporary name, then rename it into place."""
    with atomic_writer(path, sync=sync) as fh:
        fh.write(text)


@contextlib.contextmanager
def atomic_writer(path: Path, *, sync: bool = True, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file handle whose content replaces `path` only when the block completes."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    replaced = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
        replaced = True
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if not replaced:
            remove_quietly(tmp)


@functools.cache
def file_mode() -> int:
    """The mode a plainly created file gets (temporary files start private)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def remove_quietly(path: str | Path) -> None:
    """Remove a file if it is there."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed run left behind (`.<name>.<random>.tmp`)."""
    try:
        with os.scandir(folder) as entries:
            stale = [e.path for e in entries if e.name.startswith(".") and e.name.endswith(".tmp")]
    except OSError:
        return
    for path in stale:
        remove_quietly(path)
