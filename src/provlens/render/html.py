"""The HTML provenance report: one self-contained page, no script, nothing loaded from the network.

`render_report(ann)` builds the view model (`viewmodel.build_report`) and fills the `report.html`
template with it. `environment()` is the one Jinja2 environment of the process: autoescaping on
for every template, undefined names an error, templates compiled once and kept. Other pages (a
batch dashboard) can reuse it with their own templates in the same folder.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound

from ..models import Annotation
from .viewmodel import build_report

REPORT_TEMPLATE = "report.html"


def templates_root() -> Traversable:
    """The templates folder: the installed `provlens.templates`, else the repository's templates/."""
    try:
        return resources.files("provlens.templates")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "templates"


class TraversableLoader(BaseLoader):
    """Load templates from a Traversable, so that zipped and editable installs both work."""

    def __init__(self, root: Traversable) -> None:
        """Read templates from `root`."""
        self.root = root

    def get_source(self, environment: Environment, template: str):
        """Return (source, filename, uptodate); templates never change during a run."""
        path = self.root
        for part in template.split("/"):
            path = path / part
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text(encoding="utf-8"), str(path), lambda: True


@cache
def environment() -> Environment:
    """The process's Jinja2 environment: autoescaped, strict, compiled templates kept."""
    return Environment(
        loader=TraversableLoader(templates_root()),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )


def render_report(ann: Annotation, *, generated_at: datetime | date | str | None = None) -> str:
    """The report of one annotated article as a complete HTML page."""
    view = build_report(ann, generated_at)
    return environment().get_template(REPORT_TEMPLATE).render(view=view)
