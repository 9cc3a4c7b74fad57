"""`provlens batch` throughput, scaling and memory, and a kill-and-resume acceptance run.

    python benchmarks/batch_bench.py                      # 1,000 and 20,000 articles, -j 1 and -j 2
    python benchmarks/batch_bench.py --sizes 2000 --credits-only
    python benchmarks/batch_bench.py --sizes 2000 20000 --repeat 3   # best of three runs each
    python benchmarks/batch_bench.py --kill-test          # 5,000 articles, 1% bad, killed twice, resumed
    python benchmarks/batch_bench.py --json

Articles are generated (about 3 KB each, credit lines varied from a few templates) into a
temporary folder, then batched in a fresh process per run, as `provlens batch` runs them. For each
run the table gives articles per second over the whole run and over the annotation phase alone
("steady": without the workers' start-up, which loads lexicons and dictionaries once per worker,
and without rebuilding summary.csv and index.html at the end), the -j 2 / -j 1 ratio of both, the
share of one core the parent process used, and the peak resident memory (ru_maxrss) of the parent
and of the largest worker.

The reference pass is the same split of plain Python work (a loop of multiplications) over one and
two processes: its ratio is what the machine gives at that moment (other load on a small machine
lowers it), and the batch's ratio is shown beside it.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = (
    "The council said on Tuesday that new rules for river transport would take effect next month.",
    "Officials from the ports authority met representatives of the dock workers' union for the third time this year.",
    "According to figures published by the ministry, freight volumes fell by 12 percent in the first quarter.",
    "Shipping companies have warned that the changes could raise costs for exporters in the north of the country.",
    "The mayor told reporters that the city would keep its own inspection service open during the transition.",
    "Several residents said they had not been consulted before the works began along the waterfront.",
    "A spokesperson for the regional government declined to comment on the timetable.",
    "Environmental groups welcomed the decision but asked for an independent study of the estuary.",
    "The last comparable reform, in 2014, took almost two years to be fully implemented.",
    "Analysts expect the measure to be debated again when parliament returns from its summer recess.",
)
CREDIT_TEMPLATES = (
    "By {name} | March {day}, 2021\n\n{body}\n\nPhoto: {photographer} / {agency}",
    "{body}\n\n(With information from {agency})\n\nTranslated by {name}",
    "{body}\n\nSource: {agency}\n\nTranslation: {name}\n\nOT/{initials}/SL",
    "date 2021-03-{day:02d}\ntitle River rules\noutlet Orinoco Tribune\n\n{body}\n\nPhoto: {photographer} ({agency})",
    "{place}, March {day} ({agency}) -- {body}\n\nAdditional reporting by {name}",
)
NAMES = ("Ana Ruiz", "Marta Gil", "John Parry", "Luis Soto", "Claire Dumont", "Paolo Renzi")
AGENCIES = ("Reuters", "EFE", "Prensa Latina", "Agence France-Presse", "Associated Press", "ANSA")
PLACES = ("CARACAS", "LIMA", "MADRID", "ROME", "LISBON")
BAD_KINDS = ("empty", "binary", "undecodable", "too-large", "blank")
MAX_BYTES = 20_000


def article(i: int, size: int = 3000) -> str:
    """A generated article of about `size` characters whose credit lines vary with `i`."""
    rng = random.Random(i)
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < size - 200:
        paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4))))
    return CREDIT_TEMPLATES[i % len(CREDIT_TEMPLATES)].format(
        body="\n\n".join(paragraphs), name=rng.choice(NAMES), photographer=rng.choice(NAMES),
        agency=rng.choice(AGENCIES), place=rng.choice(PLACES), day=1 + i % 28,
        initials="".join(rng.choice("ABCDEFGHJKLMNPRS") for _ in range(3)))


def bad_item(kind: str, i: int) -> bytes:
    """The bytes of a bad item of the given kind."""
    if kind == "empty":
        return b""
    if kind == "binary":
        return bytes(range(256)) * 8
    if kind == "undecodable":
        return bytes(range(128, 256)) * 4
    if kind == "too-large":
        return article(i).encode("utf-8") * (MAX_BYTES // 2000)
    return b" \n\n  \n"


def generate(folder: Path, n: int, *, bad_share: float = 0.0) -> tuple[set[str], set[str]]:
    """Write n items (a share of them bad, spread through the run) into sub-folders of 50; return the ids."""
    good, bad = set(), set()
    every = round(1 / bad_share) if bad_share else 0
    for i in range(n):
        sub = folder / f"d{i // 50:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = f"{sub.name}/a{i:06d}.txt"
        if every and i % every == every - 1:
            (folder / name).write_bytes(bad_item(BAD_KINDS[(i // every) % len(BAD_KINDS)], i))
            bad.add(name)
        else:
            (folder / name).write_text(article(i), encoding="utf-8")
            good.add(name)
    return good, bad


# --------------------------------------------------------------------------------------------
# Throughput and memory


def burn(n: int) -> int:
    """Plain Python work for the reference pass."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def reference_ratio(jobs: int = 2, tasks: int = 16, size: int = 1_000_000) -> float:
    """How much faster `jobs` processes finish the same plain work than one process."""
    times = {}
    for j in (1, jobs):
        with cf.ProcessPoolExecutor(j) as pool:
            list(pool.map(burn, [1] * j))
            began = time.perf_counter()
            list(pool.map(burn, [size] * tasks))
            times[j] = time.perf_counter() - began
    return times[1] / times[jobs]


def run_once(corpus: Path, out: Path, jobs: int, credits_only: bool) -> dict:
    """One batch in a fresh process; its RunStats as a dict."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), str(out), str(jobs)]
    if credits_only:
        cmd.append("--credits-only")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"batch run failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(corpus: str, out: str, jobs: str, credits_only: bool) -> None:
    """Inside the fresh process: run the batch and print its statistics as one JSON line."""
    from dataclasses import asdict

    from provlens.batch.runner import Config, execute

    stats = execute(Config(inputs=(corpus,), outdir=Path(out), jobs=int(jobs), credits_only=credits_only,
                           max_bytes=MAX_BYTES))
    print(json.dumps(asdict(stats)))


def measure(sizes: list[int], jobs: list[int], credits_only: bool, repeat: int = 1) -> list[dict]:
    """Run every size with every job count, `repeat` times in turn; one row per size and job count.

    With repeat > 1 each figure of a row is its best over the runs (highest rates, shortest times,
    and the largest memory, the figure that must stay flat), since a shared machine's slow spells
    only ever make a run slower.
    """
    best: dict[tuple[int, int], dict] = {}
    with tempfile.TemporaryDirectory(prefix="provlens-bench-") as tmp:
        for n in sizes:
            generate(Path(tmp) / f"corpus-{n}", n)
        for attempt in range(repeat):
            for n in sizes:
                for j in jobs:
                    stats = run_once(Path(tmp) / f"corpus-{n}", Path(tmp) / f"out-{n}-{j}-{attempt}", j, credits_only)
                    row = _row(n, j, stats)
                    best[n, j] = row if (n, j) not in best else _better(best[n, j], row)
    return [best[n, j] for n in sizes for j in jobs]


def _row(n: int, j: int, stats: dict) -> dict:
    processed = stats["annotated"] + stats["failed"]
    working = max(1e-9, stats["seconds"] - stats["startup_seconds"] - stats["finish_seconds"])
    return {
        "articles": n, "jobs": j, "seconds": round(stats["seconds"], 2),
        "startup_seconds": round(stats["startup_seconds"], 2),
        "finish_seconds": round(stats["finish_seconds"], 2),
        "parent_cpu_share": round(stats["parent_cpu_seconds"] / stats["seconds"], 3),
        "rate": round(processed / stats["seconds"], 1), "steady_rate": round(processed / working, 1),
        "parent_rss_mib": round(stats["parent_rss_kib"] / 1024, 1),
        "worker_rss_mib": round(stats["worker_rss_kib"] / 1024, 1),
        "failed": stats["failed"], "runs": 1,
    }


def _better(a: dict, b: dict) -> dict:
    """Each figure's best of two rows of the same size and job count."""
    out = dict(a)
    for key in ("seconds", "startup_seconds", "finish_seconds", "parent_cpu_share"):
        out[key] = min(a[key], b[key])
    for key in ("rate", "steady_rate", "parent_rss_mib", "worker_rss_mib", "failed"):
        out[key] = max(a[key], b[key])
    out["runs"] = a["runs"] + b["runs"]
    return out


def print_table(rows: list[dict], credits_only: bool, reference: float) -> None:
    """The runs, then the -j 2 / -j 1 ratios and the memory growth from the smallest to the largest size."""
    runs = max(r["runs"] for r in rows)
    print(f"pipeline: {'credits only' if credits_only else 'full'}; 3 KB articles; {os.cpu_count()} cores; "
          f"{'best of ' + str(runs) + ' runs; ' if runs > 1 else ''}"
          f"load average {os.getloadavg()[0]:.2f}; reference pass -j 2 / -j 1 = {reference:.2f}")
    print(f"{'articles':>9} {'-j':>3} {'seconds':>8} {'start-up':>9} {'finish':>7} {'art/s':>8} {'steady/s':>9} "
          f"{'parent CPU':>11} {'parent MiB':>11} {'worker MiB':>11}")
    for r in rows:
        print(f"{r['articles']:>9,} {r['jobs']:>3} {r['seconds']:>8.1f} {r['startup_seconds']:>9.1f} "
              f"{r['finish_seconds']:>7.1f} {r['rate']:>8.1f} {r['steady_rate']:>9.1f} "
              f"{r['parent_cpu_share']:>10.0%} {r['parent_rss_mib']:>11.1f} {r['worker_rss_mib']:>11.1f}")
    for n in sorted({r["articles"] for r in rows}):
        by_jobs = {r["jobs"]: r for r in rows if r["articles"] == n}
        if 1 in by_jobs and 2 in by_jobs:
            print(f"{n:,} articles: -j 2 / -j 1 = {by_jobs[2]['steady_rate'] / by_jobs[1]['steady_rate']:.2f} "
                  f"(steady), {by_jobs[2]['rate'] / by_jobs[1]['rate']:.2f} (whole run)")
    sizes = sorted({r["articles"] for r in rows})
    if len(sizes) > 1:
        for j in sorted({r["jobs"] for r in rows}):
            small = next(r for r in rows if r["articles"] == sizes[0] and r["jobs"] == j)
            large = next(r for r in rows if r["articles"] == sizes[-1] and r["jobs"] == j)
            print(f"-j {j} memory {sizes[0]:,} -> {sizes[-1]:,} articles: parent "
                  f"{small['parent_rss_mib']:.1f} -> {large['parent_rss_mib']:.1f} MiB, worker "
                  f"{small['worker_rss_mib']:.1f} -> {large['worker_rss_mib']:.1f} MiB")


# --------------------------------------------------------------------------------------------
# Kill and resume


def kill_test(n: int, kills: int, jobs: int, credits_only: bool, seed: int) -> dict:
    """Batch n items (1% bad), kill -9 the batch `kills` times at random moments, resume, check everything."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="provlens-kill-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        good, bad = generate(corpus, n, bad_share=0.01)
        args = [sys.executable, "-m", "provlens.cli", "batch", str(corpus), "-o", str(out), "-j", str(jobs),
                "--max-bytes", str(MAX_BYTES)] + (["--credits-only"] if credits_only else [])
        killed_at = []
        for _ in range(kills):
            proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            target = count_lines(out / "annotations.jsonl") + rng.randint(1, max(2, n // (kills + 2)))
            while proc.poll() is None and count_lines(out / "annotations.jsonl") < target:
                time.sleep(rng.uniform(0.001, 0.05))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            killed_at.append(count_lines(out / "annotations.jsonl"))
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
        return {"articles": n, "bad": len(bad), "killed_at_lines": killed_at, "exit_code": done.returncode,
                "summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
                **check_outputs(out, good, bad)}


def count_lines(path: Path) -> int:
    """Complete lines in a file so far."""
    try:
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except FileNotFoundError:
        return 0


def check_outputs(out: Path, good: set[str], bad: set[str]) -> dict:
    """Every good id annotated once, every bad id one error record, whole lines, valid annotations."""
    from provlens.models import Annotation

    problems = []
    ann_ids, err_ids = [], []
    for name, ids in (("annotations.jsonl", ann_ids), ("errors.jsonl", err_ids)):
        data = (out / name).read_bytes()
        if data and not data.endswith(b"\n"):
            problems.append(f"{name} ends with a partial line")
        for line in data.splitlines():
            if name == "annotations.jsonl":
                ann = Annotation.model_validate_json(line)
                ids.append(ann.id)
            else:
                ids.append(json.loads(line)["id"])
    if sorted(ann_ids) != sorted(good):
        problems.append(f"annotations: {len(ann_ids)} lines, {len(set(ann_ids))} distinct, {len(good)} expected")
    if sorted(err_ids) != sorted(bad):
        problems.append(f"errors: {len(err_ids)} lines, {len(set(err_ids))} distinct, {len(bad)} expected")
    summary_rows = count_lines(out / "summary.csv") - 1
    if summary_rows != len(ann_ids):
        problems.append(f"summary.csv has {summary_rows} rows for {len(ann_ids)} annotations")
    if not (out / "index.html").is_file():
        problems.append("index.html is missing")
    return {"annotated_once": len(set(ann_ids)) == len(ann_ids) == len(good), "problems": problems,
            "ok": not problems}


def main(argv: list[str] | None = None) -> int:
    """Measure, or run the kill test; print the figures."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000], help="corpus sizes (default 1000 20000)")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="job counts to compare (default 1 2)")
    p.add_argument("--credits-only", action="store_true", help="run the credit extractor alone")
    p.add_argument("--repeat", type=int, default=1, help="runs of each size and job count; best figures kept")
    p.add_argument("--kill-test", action="store_true", help="the kill-and-resume acceptance run instead")
    p.add_argument("--kill-articles", type=int, default=5000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--child", nargs=3, metavar=("CORPUS", "OUT", "JOBS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(*args.child, args.credits_only)
        return 0
    if args.kill_test:
        result = kill_test(args.kill_articles, 2, 2, args.credits_only, args.seed)
        print(json.dumps(result, indent=None if args.json else 2))
        return 0 if result["ok"] else 1
    reference = reference_ratio()
    rows = measure(args.sizes, args.jobs, args.credits_only, args.repeat)
    reference = min(reference, reference_ratio())  # before and after: the machine's load can change
    if args.json:
        print(json.dumps({"credits_only": args.credits_only, "reference_ratio": round(reference, 2), "runs": rows}))
    else:
        print_table(rows, args.credits_only, reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
