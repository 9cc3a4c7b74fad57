"""The registry of news outlets and agencies: names, codes, domains, language, country.

It decodes sign-off tags (OT -> Orinoco Tribune), resolves a publisher naming itself, and gives the
language of an original outlet where the text does not state it. Loaded once per process from
data/registry.toml and validated on load. Unknown codes stay undecoded; staff initials are mapped
to names only where an entry lists its staff, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DataFileError
from .resources import load_toml


class OutletEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    codes: list[str] = []
    domains: list[str] = []
    language: str = Field(pattern=r"^[a-z]{2}$")
    country: str = Field(pattern=r"^([A-Z]{2})?$")
    kind: Literal["agency", "outlet", "broadcaster", "government", "ngo"]
    staff: dict[str, str] = {}

    @field_validator("domains")
    @classmethod
    def _bare_domains(cls, v: list[str]) -> list[str]:
        for d in v:
            if "/" in d or d.startswith("www.") or " " in d:
                raise ValueError(f"domain {d!r} must be bare (no scheme, path or www.)")
        return v


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for comparing names."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(the|el|la|los|las|le|les|il|lo|o|a|os|as|die|der|das) ")


def initials(name: str) -> str:
    """Upper-case initials of a name's significant words: 'Orinoco Tribune' -> 'OT'."""
    words = [w for w in re.findall(r"[\w']+", name) if w.lower() not in _MINOR]
    return "".join(w[0] for w in words).upper()


_MINOR = frozenset("de del la las los el of the and y e da do das dos di du des le et".split())


class Registry:
    """Look-ups over the outlet entries: by folded name or alias, by code, by domain."""

    def __init__(self, entries: list[OutletEntry]) -> None:
        self.entries = entries
        self.by_name: dict[str, OutletEntry] = {}
        self.by_code: dict[str, OutletEntry] = {}
        self.by_domain: dict[str, OutletEntry] = {}
        for e in entries:
            for n in (e.name, *e.aliases):
                self.by_name.setdefault(fold(n), e)
            for c in e.codes:
                self.by_code.setdefault(c.upper(), e)
            for d in e.domains:
                self.by_domain.setdefault(d.lower(), e)

    def find_name(self, name: str) -> OutletEntry | None:
        return self.by_name.get(fold(name))

    def find_code(self, code: str) -> OutletEntry | None:
        return self.by_code.get(code.strip("/ ").upper())

    def find_domain(self, host: str) -> OutletEntry | None:
        host = host.lower().removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):  # news.example.com -> example.com
            e = self.by_domain.get(".".join(parts[i:]))
            if e:
                return e
        return None



@cache
def default_registry() -> Registry:
    """The bundled registry, validated once per process."""
    return Registry(_entries(load_toml("registry.toml"), "data/registry.toml"))


def registry_with(path: str | Path) -> Registry:
    """The bundled registry plus the outlets of a user file in the same format (the file's entries win)."""
    import tomllib

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read registry file ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from None
    return Registry(_entries(data, str(path)) + default_registry().entries)


def _entries(data: dict, where: str) -> list[OutletEntry]:
    entries = []
    for i, raw in enumerate(data.get("outlet", [])):
        try:
            entries.append(OutletEntry.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise DataFileError(
                f"{where}: outlet #{i + 1} ({raw.get('id', '?')}): {loc}: {first['msg']}"
            ) from None
    return entries
