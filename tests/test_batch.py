"""`provlens batch`: outputs, per-item errors, resume after kill -9, safe report names, the run loop.

Most runs use --credits-only: the batch machinery is the same whatever the analysers, and the
credit extractor warms up in a fraction of a second. The samples run uses the full pipeline when
its analysers are installed.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLES

from provlens.batch.idset import IdSet
from provlens.batch.inputs import glob_root, header_lines
from provlens.batch.naming import report_path, safe_name
from provlens.batch.runner import Run
from provlens.batch.store import DUPLICATE, Resume, Store
from provlens.batch.worker import Item, Results, error_line
from provlens.cli import main
from provlens.models import Annotation

ANALYSERS = ("language", "quotes", "framing", "readability")
FULL_PIPELINE = all(importlib.util.find_spec(f"provlens.analysers.{name}") for name in ANALYSERS)
PIPELINE_FLAGS = [] if FULL_PIPELINE else ["--credits-only"]
RENDERER = importlib.util.find_spec("provlens.render.html") is not None
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------------------------
# Helpers


def batch(*args: str) -> int:
    """Run `provlens batch` in this process and return its exit code."""
    return main(["batch", *args])


def cli(*args: str, **kwargs) -> subprocess.Popen:
    """Start `python -m provlens.cli batch ...` as a user would, in a process group of its own."""
    return subprocess.Popen([sys.executable, "-m", "provlens.cli", "batch", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, **kwargs)


def lines(path: Path) -> list[bytes]:
    """The lines of a result file, each checked to be complete."""
    data = path.read_bytes() if path.exists() else b""
    assert not data or data.endswith(b"\n"), f"{path.name} ends with a partial line"
    return data.splitlines()


def annotations(outdir: Path) -> list[dict]:
    """The annotations of a folder, parsed."""
    return [json.loads(line) for line in lines(outdir / "annotations.jsonl")]


def errors(outdir: Path) -> list[dict]:
    """The error records of a folder, parsed."""
    return [json.loads(line) for line in lines(outdir / "errors.jsonl")]


def ids(records: list[dict]) -> list[str]:
    """The ids of records, sorted, repeats kept."""
    return sorted(r["id"] for r in records)


SENTENCES = (
    "The council said on Tuesday that new rules for river transport would take effect next month.",
    "Officials from the ports authority met representatives of the dock workers' union this week.",
    "According to figures published by the ministry, freight volumes fell by 12 percent in the first quarter.",
    "Shipping companies warned that the changes could raise costs for exporters in the north.",
    "The mayor told reporters that the city would keep its own inspection service open.",
    "Several residents said they had not been consulted before the works began along the waterfront.",
)
CREDIT_TEMPLATES = (
    "By {name} | March {day}, 2021\n\n{body}\n\nPhoto: {photographer} / {agency}",
    "{body}\n\n(With information from {agency})\n\nTranslated by {name}",
    "{body}\n\nSource: {agency}\n\nTranslation: {name}\n\nOT/{initials}/SL",
    "date 2021-03-{day:02d}\ntitle River rules\n\n{body}\n\nPhoto: {photographer} ({agency})",
)
NAMES = ("Ana Ruiz", "Marta Gil", "John Parry", "Luis Soto")
AGENCIES = ("Reuters", "EFE", "Prensa Latina", "Agence France-Presse")


def article(i: int) -> str:
    """A generated article of about 1.5 KB whose credit lines vary with `i`."""
    rng = random.Random(i)
    body = "\n\n".join(" ".join(rng.choice(SENTENCES) for _ in range(3)) for _ in range(4))
    return CREDIT_TEMPLATES[i % len(CREDIT_TEMPLATES)].format(
        body=body, name=rng.choice(NAMES), photographer=rng.choice(NAMES), agency=rng.choice(AGENCIES),
        day=1 + i % 28, initials="".join(rng.choice("ABCDEFGHJKLMNPRS") for _ in range(3)))


def write_corpus(folder: Path, good: int, bad: int = 0) -> tuple[set[str], set[str]]:
    """`good` generated articles and `bad` empty ones; return their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    good_ids, bad_ids = set(), set()
    for i in range(good):
        name = f"a{i:04d}.txt"
        (folder / name).write_text(article(i), encoding="utf-8")
        good_ids.add(name)
    for i in range(bad):
        name = f"bad{i:03d}.txt"
        (folder / name).write_bytes(b"")
        bad_ids.add(name)
    return good_ids, bad_ids


# --------------------------------------------------------------------------------------------
# The user's side


def test_samples_batch_writes_valid_outputs(tmp_path):
    """Every sample becomes one valid annotation with provenance; summary and dashboard follow."""
    out = tmp_path / "out"
    assert batch(str(SAMPLES), "-o", str(out), "-j", "2", *PIPELINE_FLAGS) == 0
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    raw = lines(out / "annotations.jsonl")
    parsed = [Annotation.model_validate_json(line) for line in raw]
    assert sorted(a.id for a in parsed) == samples
    assert all(a.provenance is not None and a.source.startswith(str(SAMPLES)) for a in parsed)
    if FULL_PIPELINE:
        assert all(a.framing is not None and a.language is not None for a in parsed)
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(raw)
    assert sorted(r["id"] for r in rows) == samples
    reference = next(r for r in rows if r["id"].startswith("orinoco-tribune"))
    assert reference["publisher"] == "Orinoco Tribune" and reference["tags"] == "OT/JRE/SL"
    assert errors(out) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in index and "<script" not in index


def test_bad_items_become_error_records(tmp_path):
    """Empty, binary, undecodable, too large, no text, malformed JSON: one error each, exit 5."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(article(1), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 4)
    (corpus / "large.txt").write_text(article(2) * 10, encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join([
        json.dumps({"id": "rec-good", "text": article(3)}),
        json.dumps({"id": "rec-none", "title": "No body"}),
        '{"id": "rec-broken", "text": "unterminated',
        "",
        json.dumps({"id": "rec-empty", "text": "  "}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(corpus), str(records), "-o", str(out), "-j", "2", "--credits-only", "--max-bytes", "8000") == 5
    assert ids(annotations(out)) == ["good.txt", "rec-good"]
    reasons = {e["id"]: e["error"] for e in errors(out)}
    assert len(errors(out)) == len(reasons) == 7
    expected = {
        "empty.txt": "is empty",
        "binary.txt": "binary",
        "undecodable.txt": "cannot be decoded",
        "large.txt": "the limit is 8,000",
        "rec-none": "has neither text nor html",
        f"{records}:3": "is not valid JSON",
    }
    for id, reason in expected.items():
        assert reason in reasons.pop(id)
    assert "is empty" in reasons.pop("rec-empty")
    assert not reasons
    by_id = {e["id"]: e for e in errors(out)}
    assert by_id["large.txt"]["input"] == str(corpus / "large.txt")


def test_resume_after_two_kills_finishes_every_article_once(tmp_path):
    """kill -9 twice at random moments, then run again: every item exactly once, no partial line."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good_ids, bad_ids = write_corpus(corpus, 300, 6)
    args = (str(corpus), "-o", str(out), "-j", "2", "--credits-only")
    rng = random.Random(20260517)
    orphans: set[int] = set()
    for _ in range(2):
        proc = cli(*args)
        target = count_lines(out / "annotations.jsonl") + rng.randint(5, 90)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if count_lines(out / "annotations.jsonl") >= target:
                break
            time.sleep(0.01)
        orphans |= descendants(proc.pid)
        kill(proc)
    proc = cli(*args)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 5, stderr.decode()
    assert "skipped" in stderr.decode()
    got_good, got_bad = ids(annotations(out)), ids(errors(out))
    assert got_good == sorted(good_ids), "an article is missing or annotated twice"
    assert got_bad == sorted(bad_ids), "a bad item is missing or recorded twice"
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(good_ids)
    deadline = time.monotonic() + 10
    while orphans and time.monotonic() < deadline:
        orphans = {pid for pid in orphans if Path(f"/proc/{pid}").exists()}
        time.sleep(0.1)
    assert not orphans, "worker processes of a killed batch are still running"


def descendants(pid: int) -> set[int]:
    """The pids of every process below `pid` (from /proc; empty where there is none)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def count_lines(path: Path) -> int:
    """Complete lines in a file so far."""
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def kill(proc: subprocess.Popen) -> None:
    """kill -9 the batch process itself (its workers must notice and leave), then reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()


def test_resume_repairs_a_half_written_last_line(tmp_path):
    """A half line at the end is cut off and its article annotated again, once."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good_ids, _ = write_corpus(corpus, 12)
    args = (str(corpus), "-o", str(out), "-j", "2", "--credits-only")
    assert batch(*args) == 0
    path = out / "annotations.jsonl"
    data = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(data[:-1]) + data[-1][: len(data[-1]) // 2])
    assert batch(*args) == 0
    assert ids(annotations(out)) == sorted(good_ids)


def test_failed_items_are_retried_once_their_error_lines_are_removed(tmp_path):
    """An error record marks an item done; removing it (after fixing the file) retries the item."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 2, 1)
    args = (str(corpus), "-o", str(out), "-j", "1", "--credits-only")
    assert batch(*args) == 5
    (corpus / "bad000.txt").write_text(article(9), encoding="utf-8")
    assert batch(*args) == 5 and len(errors(out)) == 1
    (out / "errors.jsonl").write_bytes(b"")
    assert batch(*args) == 0
    assert ids(annotations(out)) == ["a0000.txt", "a0001.txt", "bad000.txt"]


def test_unsafe_ids_stay_inside_the_reports_folder(tmp_path):
    """`../../x`, `a/b`, `..`, 500 characters, NUL: every report lands directly in OUTDIR/reports."""
    unsafe = ["../../x", "a/b", "..", "x" * 500, "nul\x00id", "/etc/passwd", "CON", ".hidden", "<b>é</b>"]
    reports = tmp_path / "out" / "reports"
    names = set()
    for id in unsafe:
        path = report_path(reports, id)
        assert path.parent == reports and path.resolve().parent == reports.resolve()
        assert len(path.name) < 100 and "\x00" not in path.name and not path.name.startswith(".")
        names.add(path.name)
    assert len(names) == len(unsafe)
    if not RENDERER:
        pytest.skip("the HTML report renderer is not installed; names checked, reports not written")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({"id": id, "text": article(i)}) + "\n" for i, id in enumerate(unsafe)),
                       encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(records), "-o", str(out), "-j", "2", "--credits-only", "--html") == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    outside = [p for p in written if not p.startswith("out/")]
    assert outside == ["records.jsonl"]
    assert sorted(p.name for p in reports.iterdir()) == sorted(names)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/' in index and "<b>é</b>" not in index


# --------------------------------------------------------------------------------------------
# Inputs, ids and usage


def test_missing_input_is_a_usage_error_before_anything_runs(tmp_path, capsys):
    """A missing path: exit 2, one line on standard error, no output folder."""
    out = tmp_path / "out"
    assert batch(str(tmp_path / "nope"), "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "tcp://x:1"], "--scheduler needs --engine dask"),
    (["-j", "0"], "at least 1"),
    (["--max-bytes", "0"], "at least 1"),
    (["--text-column", "body"], "has no column 'body'"),
])
def test_usage_errors(tmp_path, capsys, args, message):
    """Wrong options are refused with exit 2 before anything is written."""
    table = tmp_path / "t.csv"
    table.write_text("id,text\n1,Some text here.\n", encoding="utf-8")
    assert batch(str(table), "-o", str(tmp_path / "out"), *args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_dask_engine_without_dask_says_how_to_install(tmp_path, capsys, monkeypatch):
    """Without Dask, --engine dask exits 2 and names the extra to install."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert batch(str(SAMPLES), "-o", str(tmp_path / "out"), "--engine", "dask") == 2
    assert "pip install 'provlens[dask]'" in capsys.readouterr().err


def test_an_output_file_is_never_an_input(tmp_path):
    """Reading OUTDIR/annotations.jsonl into OUTDIR is refused (exit 4)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "annotations.jsonl").write_text(json.dumps({"text": "Some text."}) + "\n", encoding="utf-8")
    assert batch(str(out / "annotations.jsonl"), "-o", str(out)) == 4


def test_an_output_folder_inside_the_input_folder_is_left_out(tmp_path):
    """Running twice with OUTDIR inside the corpus: index.html and the reports are never read as articles."""
    corpus = tmp_path / "corpus"
    good, _ = write_corpus(corpus, 3)
    out = corpus / "out"
    flags = ["--html"] if RENDERER else []
    for _ in range(2):
        assert batch(str(corpus), "-o", str(out), "-j", "1", "--credits-only", *flags) == 0
    assert ids(annotations(out)) == sorted(good)


def test_duplicate_ids_are_recorded_once_across_runs(tmp_path):
    """The second record with an id is an error; running again adds nothing."""
    records = tmp_path / "r.jsonl"
    records.write_text("".join(json.dumps({"id": "same", "text": article(i)}) + "\n" for i in range(3)),
                       encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        assert batch(str(records), "-o", str(out), "-j", "1", "--credits-only") == 5
        assert ids(annotations(out)) == ["same"]
        assert [e["error"] for e in errors(out)] == [DUPLICATE, DUPLICATE]


def test_records_from_csv_get_header_lines(tmp_path):
    """CSV rows: the text column, the id column, and url/title/date/outlet as header metadata."""
    table = tmp_path / "t.csv"
    with open(table, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "body", "title", "date", "url", "outlet"])
        writer.writerow(["c1", article(5), "River rules", "3 March 2021", "https://example.org/a", "Diario Serrano"])
        writer.writerow(["", article(6), "", "", "", ""])
    out = tmp_path / "out"
    assert batch(str(table), "-o", str(out), "-j", "1", "--credits-only", "--text-column", "body") == 0
    by_id = {a["id"]: a for a in annotations(out)}
    c1 = by_id.pop("c1")
    assert c1["metadata"]["title"] == "River rules" and c1["metadata"]["date"] == "2021-03-03"
    assert c1["metadata"]["url"] == "https://example.org/a" and c1["metadata"]["outlet"] == "Diario Serrano"
    assert c1["text"].startswith("title River rules\noutlet Diario Serrano\ndate 2021-03-03\nurl https://")
    (hashed,) = by_id
    assert len(hashed) == 16


def test_standard_input_is_read_as_jsonl(tmp_path, monkeypatch):
    """'-' reads JSONL records from standard input."""
    data = "".join(json.dumps({"id": f"s{i}", "text": article(i)}) + "\n" for i in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    out = tmp_path / "out"
    assert batch("-", "-o", str(out), "-j", "1", "--credits-only") == 0
    assert ids(annotations(out)) == ["s0", "s1", "s2"]


def test_folder_ids_are_relative_paths_and_globs_use_their_fixed_part(tmp_path):
    """Files in a folder get their path below it; a glob's files get their path below its fixed part."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "x.txt").write_text(article(1), encoding="utf-8")
    (corpus / "y.htm").write_text(f"<html><body><article><p>{article(2)}</p></article></body></html>", encoding="utf-8")
    (corpus / ".hidden.txt").write_text(article(3), encoding="utf-8")
    (corpus / "notes.md").write_text(article(4), encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "1", "--credits-only") == 0
    assert ids(annotations(out)) == ["sub/x.txt", "y.htm"]
    out2 = tmp_path / "out2"
    assert batch(str(corpus / "**" / "*.txt"), "-o", str(out2), "-j", "1", "--credits-only") == 0
    assert ids(annotations(out2)) == ["sub/x.txt"]
    assert glob_root("corpus/**/*.txt") == "corpus" and glob_root("*.txt") == "."


def test_progress_without_a_terminal_ends_with_a_summary(tmp_path, capsys):
    """Not a terminal: plain lines, and the summary line at the end."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, 1)
    assert batch(str(corpus), "-o", str(tmp_path / "out"), "-j", "1", "--credits-only") == 5
    err = capsys.readouterr().err
    assert "\r" not in err
    assert "annotated 3, failed 1, skipped 0 already done," in err and "articles/s" in err


@pytest.mark.parametrize("record, line, note", [
    ({"title": "A  title\nsplit", "outlet": "El Diario"}, "title A title split\noutlet El Diario\n\n", None),
    ({"date": "2022-02-17T10:00:00Z", "url": "https://x.org/a"}, "date 2022-02-17\nurl https://x.org/a\n\n", None),
    ({"date": "someday"}, "", "is not a date"),
    ({"url": "ftp://x.org/a"}, "", "is not an http(s) address"),
    ({"title": ["a", "list"]}, "", "is not text"),
])
def test_record_fields_become_header_lines(record, line, note):
    """Record fields turn into the header lines the text format uses; unusable ones become notes."""
    header, notes = header_lines(record)
    assert header == line
    assert (note in notes[0]) if note else notes == ()


# --------------------------------------------------------------------------------------------
# The run loop, with an engine that runs in this process


class Chunk:
    """A submitted chunk, standing in for a future."""

    def __init__(self, items) -> None:
        """Hold the chunk's items."""
        self.items = items


class FakeEngine:
    """Runs chunks in this process; an item whose text is "crash" kills the 'worker'."""

    died = (RuntimeError,)
    workers = 2

    def __init__(self) -> None:
        """Nothing submitted yet."""
        self.submitted: list[list[str]] = []

    def submit(self, chunk):
        """Remember the chunk's ids; the chunk runs when its outcome is asked for."""
        self.submitted.append([i.id for i in chunk])
        return Chunk(chunk)

    def wait(self, pending, timeout):
        """One pending chunk at a time, oldest first."""
        return list(pending)[:1]

    def outcome(self, future):
        """Annotate the chunk, or die on a "crash" item."""
        if any(i.text == "crash" for i in future.items):
            raise RuntimeError("worker died")
        lines = "".join(json.dumps({"id": i.id}) + "\n" for i in future.items)
        return Results(annotations=lines.encode(), annotated=len(future.items), peak_rss_kib=1000)

    def close(self) -> None:
        """Nothing to stop."""


class Counts:
    """The counters of a Progress, without the display."""

    annotated = failed = skipped = 0

    def count(self, annotated: int, failed: int) -> None:
        """Count results."""
        self.annotated += annotated
        self.failed += failed

    def tick(self) -> None:
        """Nothing to show."""


class Recorder:
    """A Store that keeps (id, annotated?, line) in a list."""

    def __init__(self) -> None:
        """No results yet."""
        self.results: list[tuple[str, bool, str]] = []

    def add(self, results: Results) -> None:
        """Keep each line of the results."""
        for blob, ok in ((results.annotations, True), (results.errors, False)):
            for line in blob.decode().splitlines():
                self.results.append((json.loads(line)["id"], ok, line))

    def checkpoint(self, force: bool = False) -> None:
        """Nothing to sync."""


def test_an_item_that_kills_its_worker_is_found_and_recorded():
    """A dead worker's chunk is retried item by item; only the item that kills it is an error."""
    items = [Item(id=f"i{n}", input=f"i{n}", source=f"i{n}", text="crash" if n == 11 else "ok") for n in range(20)]
    engine, store = FakeEngine(), Recorder()
    run = Run(lambda: engine, store, Resume(), Counts())
    run.feed(items)
    failed = [(id, line) for id, ok, line in store.results if not ok]
    assert [id for id, _ in failed] == ["i11"] and "worker process died" in failed[0][1]
    assert sorted(id for id, ok, _ in store.results if ok) == sorted(f"i{n}" for n in range(20) if n != 11)
    assert ["i11"] in engine.submitted


def test_resume_skips_done_ids_and_recorded_duplicates():
    """Ids already annotated or failed are skipped; a duplicate already recorded is not recorded again."""
    resume = Resume(done=IdSet(["a", "b"]))
    resume.duplicates["a"] = 1
    items = [Item(id=x, input=x, source=x, text="ok") for x in ("a", "b", "a", "a", "c")]
    engine, store, counts = FakeEngine(), Recorder(), Counts()
    Run(lambda: engine, store, resume, counts).feed(items)
    assert [(id, ok) for id, ok, _ in store.results] == [("a", False), ("c", True)]
    assert counts.skipped == 3


def test_store_cuts_a_partial_line_and_reads_done_ids(tmp_path):
    """Opening a folder drops a trailing partial line and collects the ids of both files."""
    (tmp_path / "annotations.jsonl").write_bytes(b'{"schema_version":"1.0","id":"a\\"b"}\n{"schema_ver')
    (tmp_path / "errors.jsonl").write_text(
        error_line(Item("e", "e", "e"), "bad") + error_line(Item("a\"b", "x", "x"), DUPLICATE),
        encoding="utf-8")
    store = Store(tmp_path)
    resume = store.open(html=False)
    store.close()
    assert len(resume.done) == 2 and 'a"b' in resume.done and "e" in resume.done
    assert resume.duplicates == {'a"b': 1}
    assert resume.repaired == ["annotations.jsonl"]
    assert (tmp_path / "annotations.jsonl").read_bytes().endswith(b"}\n")


def test_id_set_remembers_every_id_it_was_given():
    """Thousands of ids through several growths: each is found, none is added twice, others are absent."""
    ids = IdSet()
    added = [f"corpus/{i:05d}.txt" for i in range(5000)]
    assert all(ids.add(id) for id in added)
    assert not any(ids.add(id) for id in added[::7])
    assert len(ids) == 5000 and all(id in ids for id in added)
    assert "corpus/05000.txt" not in ids and 42 not in ids


def test_safe_names_are_stable_and_distinct():
    """The same id always maps to the same name; ids differing only in unsafe characters do not collide."""
    assert safe_name("a/b") == safe_name("a/b")
    assert safe_name("a/b") != safe_name("a?b") != safe_name("a-b")
    assert safe_name("orinoco.txt").startswith("orinoco.txt-")


# --------------------------------------------------------------------------------------------
# Time limit per article


def test_an_article_over_the_time_limit_becomes_an_error_record(monkeypatch):
    """In a worker, an article that runs past --timeout is stopped and recorded; the next one runs."""
    from provlens.batch import worker
    from provlens.pipeline import Options

    real = worker.annotate

    def slow_on_request(doc, options):
        if "STALL" in doc.text:
            time.sleep(5)
        return real(doc, options)

    monkeypatch.setattr(worker, "annotate", slow_on_request)
    options = worker.WorkerOptions(pipeline=Options(framing=False, language=False, readability=False),
                                   max_bytes=100_000, timeout=0.3)
    items = [worker.Item(id=name, input=name, source=name, text=text)
             for name, text in (("stalls", "STALL. " + article(1)), ("fine", article(2)))]
    began = time.monotonic()
    results = worker.annotate_chunk(items, options)
    assert time.monotonic() - began < 3
    assert (results.annotated, results.failed) == (1, 1)
    record = json.loads(results.errors)
    assert record["id"] == "stalls" and "took longer than 0.3 s" in record["error"]
    assert json.loads(results.annotations)["id"] == "fine"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer left running


def test_timeout_option_reaches_the_workers(tmp_path):
    """With a limit no article can meet, every article becomes a timeout record and the run ends (exit 5)."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "2", "--timeout", "0.000001") == 5
    assert annotations(out) == []
    assert len(errors(out)) == 6
    assert all("took longer than 1e-06 s" in e["error"] for e in errors(out))


@pytest.mark.parametrize("value", ["-1", "nan"])
def test_timeout_must_be_a_number_of_seconds(tmp_path, value, capsys):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1)
    assert batch(str(corpus), "-o", str(tmp_path / "out"), "--timeout", value) == 2
    assert "--timeout must be 0" in capsys.readouterr().err


def test_html_on_a_later_run_writes_the_missing_reports(tmp_path, capsys):
    """Run without --html, then again with it: every report is written, the same as a fresh --html run's."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 0
    annotated = (out / "annotations.jsonl").read_bytes()
    assert not list((out / "reports").glob("*.html")) if (out / "reports").exists() else True
    capsys.readouterr()
    assert batch(str(corpus), "-o", str(out), "-j", "1", "--html") == 0
    assert "wrote the reports of 5 articles annotated by an earlier run" in capsys.readouterr().err
    assert (out / "annotations.jsonl").read_bytes() == annotated  # nothing annotated again
    reports = sorted((out / "reports").glob("*.html"))
    assert len(reports) == 5
    fresh = tmp_path / "fresh"
    assert batch(str(corpus), "-o", str(fresh), "-j", "1", "--html") == 0
    for report in reports:
        assert report.read_bytes() == (fresh / "reports" / report.name).read_bytes()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"reports/{report.name}" in index for report in reports)


def test_an_unreadable_earlier_annotation_is_noted_not_fatal(tmp_path, capsys):
    """An annotation line the report cannot be built from (here one without its text, as another
    version might write) is named in a note; the run still ends well."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 0
    first, second = (out / "annotations.jsonl").read_bytes().splitlines()
    broken = json.loads(first)
    del broken["text"]
    (out / "annotations.jsonl").write_bytes(json.dumps(broken).encode() + b"\n" + second + b"\n")
    capsys.readouterr()
    assert batch(str(corpus), "-o", str(out), "-j", "1", "--html") == 0
    err = capsys.readouterr().err
    assert "1 earlier annotations could not be rendered" in err and broken["id"] in err
    assert len(list((out / "reports").glob("*.html"))) == 1


def test_an_annotation_line_of_another_shape_is_left_out_of_the_summaries(tmp_path, capsys):
    """A line that is JSON but not an annotation this version writes: named in a note, left out of
    summary.csv and index.html, and the other articles are summarised as usual."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 0
    lines_ = (out / "annotations.jsonl").read_bytes().splitlines()
    odd = json.loads(lines_[1])
    odd["framing"] = "a string where an object belongs"
    lines_[1] = json.dumps(odd).encode()
    (out / "annotations.jsonl").write_bytes(b"\n".join(lines_) + b"\n")
    capsys.readouterr()
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 0
    assert "1 lines of annotations.jsonl are not annotations this version can summarise" in capsys.readouterr().err
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 and odd["id"] not in {r["id"] for r in rows}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert odd["id"] not in index


def test_dashboard_does_not_depend_on_the_order_articles_finished_in(tmp_path):
    """With -j N, annotations.jsonl is in finishing order; the dashboard is the same for any order."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 8, bad=3)
    for i in range(4):  # ties in the outlet counts
        (corpus / f"tie-{i}.txt").write_text(f"outlet Outlet {i}\n\n" + article(100 + i), encoding="utf-8")
    out = tmp_path / "out"
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 5
    first = (out / "index.html").read_bytes()
    for name in ("annotations.jsonl", "errors.jsonl"):
        rows = (out / name).read_bytes().splitlines()
        random.Random(7).shuffle(rows)
        (out / name).write_bytes(b"".join(row + b"\n" for row in rows[::-1]))
    assert batch(str(corpus), "-o", str(out), "-j", "1") == 5
    assert (out / "index.html").read_bytes() == first
