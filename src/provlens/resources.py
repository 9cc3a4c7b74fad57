"""Loading the bundled data files (TOML) once per process, validated on load."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from .errors import DataFileError


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse `provlens/data/<name>` and return it; a broken file is a DataFileError naming it."""
    path = resources.files("provlens") / "data" / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(f"bundled data file data/{name} is missing (a broken install?)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"data/{name} is not valid TOML: {exc}") from None


def data_names(folder: str) -> list[str]:
    """The TOML files in `provlens/data/<folder>`, sorted, as names relative to data/."""
    root = resources.files("provlens") / "data" / folder
    return sorted(f"{folder}/{p.name}" for p in root.iterdir() if p.name.endswith(".toml"))
