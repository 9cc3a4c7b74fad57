"""Reading dates as news text writes them, in English, Spanish, Portuguese, French, Italian, German."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from .resources import load_toml


@cache
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (lower case, no trailing dot) -> month number."""
    table = load_toml("dates.toml")["months"]
    return {name: int(num) for num, names in table.items() for name in names}


@cache
def date_pattern() -> re.Pattern[str]:
    """One pattern for the date shapes credits use; months come from data/dates.toml."""
    months = "|".join(sorted((re.escape(m) for m in month_numbers()), key=len, reverse=True))
    return re.compile(
        r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))"
        r"|(?P<num>(?P<n1>[0-3]?\d)[/.](?P<n2>[01]?\d)[/.](?P<ny>(?:19|20)\d\d))"
        r"|(?P<mdy>(?P<m1>" + months + r")\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d))"
        r"|(?P<dmy>(?P<d2>[0-3]?\d)(?:º|°|er|st|nd|rd|th)?\.?\s+(?:de\s+|of\s+)?(?P<m2>" + months
        + r")\.?,?\s+(?:de\s+|del\s+)?(?P<y2>(?:19|20)\d\d))",
        re.IGNORECASE,
    )


def parse_date(text: str, *, day_first: bool = True) -> tuple[str, int, int] | None:
    """The first full date in `text` as (ISO date, start, end), or None.

    Numeric dates are day-first unless `day_first` is False (US English); an impossible reading
    is swapped (13/02 can only be day-first).
    """
    if "19" not in text and "20" not in text:
        return None  # every date the pattern reads has a year 19xx or 20xx: no need to search
    for m in date_pattern().finditer(text):
        iso = _to_iso(m, day_first)
        if iso:
            return iso, m.start(), m.end()
    return None


def _to_iso(m: re.Match[str], day_first: bool) -> str | None:
    months = month_numbers()
    if m.group("iso"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    elif m.group("num"):
        a, b, y = int(m.group("n1")), int(m.group("n2")), int(m.group("ny"))
        d, mo = (a, b) if day_first else (b, a)
        if mo > 12 and d <= 12:
            d, mo = mo, d
    elif m.group("mdy"):
        mo, d, y = months[m.group("m1").lower()], int(m.group("d1")), int(m.group("y1"))
    else:
        d, mo, y = int(m.group("d2")), months[m.group("m2").lower()], int(m.group("y2"))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?:/|\b)")


def date_in_url(url: str) -> tuple[str, int, int] | None:
    """A date in a URL path (`/2022/02/17/`), as (ISO date, start, end) within the URL."""
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), m.start() + 1, m.end()
    except ValueError:
        return None
