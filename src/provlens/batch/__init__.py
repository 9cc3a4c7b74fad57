"""Annotating a corpus: parallel, resumable, one error record per bad item.

`provlens batch INPUT... -o OUTDIR` writes, in OUTDIR:

- `annotations.jsonl`: one Annotation per line (its `id` inside);
- `errors.jsonl`: one record per item that failed: `id`, `input`, `error`;
- `summary.csv`: one row per annotation;
- `index.html`: the corpus dashboard;
- `reports/<safe-id>.html` with --html.

Modules: `inputs` finds the items, `worker` annotates them in worker processes, `engines` runs
workers locally or on Dask, `store` owns the output files (resume, crash safety), `runner` ties
them together, `summary` and `dashboard` build the files rebuilt at the end.
"""

__all__ = ["run_batch"]


def __getattr__(name: str):
    """`run_batch`, imported when first used: worker processes import `worker` alone, without the
    runner, the dashboard and its template engine."""
    if name == "run_batch":
        from .runner import run_batch

        return run_batch
    raise AttributeError(f"module 'provlens.batch' has no attribute {name!r}")
