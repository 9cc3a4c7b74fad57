"""The provenance extractor: who wrote, translated, photographed and signed an article.

Document in, `Provenance` and notes out. Lines are scanned once; on each line, every label family
(translator, reviser, photo, caption, source, wire roles) whose keywords occur is matched, and each
label's value runs to the next label on the line or the end of the line, so one line may carry
several credits. Datelines are read at the top of the body, sign-off tags and glued agency credits
at its end, cited outlets in prose after a citing cue.

Which source wins is written down in one place, `PRECEDENCE`: the first candidate of each field
wins and every loser that disagrees is kept as a note.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..dates import date_in_url, parse_date
from ..document import Document
from ..models import (
    Byline,
    ChainStep,
    Contributor,
    Dateline,
    EditorialTag,
    Evidence,
    Note,
    Outlet,
    PhotoCredit,
    Provenance,
    StaffMember,
    Translator,
)
from ..registry import OutletEntry, Registry, default_registry, fold, initials
from .rules import CUE, REPORTING_VERBS, TRIGGER, VERB, CreditRules, credit_rules

PRECEDENCE = {
    "publisher": ("header outlet", "html-meta site name", "header url domain", "sign-off tag code",
                  "organisation credited with the translation whose initials match a tag code"),
    "date": ("header date", "html-meta date", "date on a byline or outlet line", "date on its own line",
             "dateline date with a year", "date in the url"),
    "bylines": ("byline line in the text", "html-meta author", "header author", "lone name on the last line"),
}
"""Order of precedence for fields several rules can fill; the first candidate found wins."""

CONFIDENCE = {
    "label": 0.95, "header": 0.95, "html-meta": 0.9, "tag": 0.9, "paren_line": 0.85, "dateline": 0.85,
    "glued": 0.75, "domain_line": 0.7, "outlet_date": 0.7, "registry": 0.8, "initials": 0.6,
    "cited": 0.6, "lone_name": 0.5, "url": 0.5,
}

_NAME_TOKEN = re.compile(r"[A-ZÁÉÍÓÚÑÇÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÃÕŁŚŻŹ][\w'’.-]*|[A-Z]\.(?:[A-Z]\.)*|@\w+")
_SPLIT_NAMES = re.compile(r"\s*(?:/|;|,\s*(?:and|y|e|et)\s+|,|&|\s+(?:and|y|e|et|und)\s+)\s*")
_WITH_AGENCIES = re.compile(r"(?:avec|with|con|com|mit)\s+(?=[A-Z])", re.I)
_PAREN_LINE = re.compile(r"\(\s*(?P<inner>[^()]{2,80}?)\s*\)\.?")
_GLUED_PAREN = re.compile(r"(?<=[.!?”\"»’])\s?\(\s*(?P<inner>[^()\d]{2,40}?)\s*\)\.?$")
_UPPER_TAG = re.compile(r"(?:(?<=^)|(?<=[\s.!?”\"»)]))(?P<tag>(?:[A-Z]{1,6}\s?//?\s?){1,3}[A-Z]{1,6})\.?$")
_SLASH_TAG = re.compile(r"(?:(?<=^)|(?<=[\s.!?”\"»)]))(?P<tag>(?:/[A-Za-z]{1,6}\s*){2,4})$")
_LOWER_TAG = re.compile(r"(?:(?<=^)|(?<=[\s.!?”\"»)]))(?P<tag>(?:[A-Z]{1,6}|[a-z]{1,5})(?:/(?:[A-Z]{1,6}|[a-z]{1,5})){1,3})\.?$")
_DOMAIN_LINE = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:/\S*)?/?$", re.I)
_OUTLET_PLACE_DATE = re.compile(r"(?P<name>[^|\n]{2,60}?)\s+\|\s+[^|\n]{2,40}?\s+\|\s+(?P<rest>[^|\n]{4,50})$")
_OUTLET_DATE = re.compile(r"(?P<name>[^|\n]{2,60}?)\s+[|/]\s+(?P<rest>[^|\n]{4,40})$")
_DATELINE = re.compile(
    r"(?P<place>[A-ZÁÉÍÓÚÑÇ][\w'’.-]*(?:[ -](?:(?:de|del|la|las|los|do|da|dos|das|du|des|di|della|delle|of|the|le|el) )*[A-ZÁÉÍÓÚÑÇ][\w'’.-]*){0,5})"
    r"(?:,\s*(?P<region>[A-Z][\w.]*(?: [A-Z][\w.]*)?)(?=,|\s\())?"
)
_DASH_AFTER = re.compile(r"\s*(?:\.\s*)?(?:—|–|--|-|:)\s*|\.-\s*|\.–\s*|\.—\s*")
_AGENCY_AFTER = re.compile(r"\s*\((?P<agency>[^()\n]{1,40})\)\s*(?:\.?\s*(?:—|–|--|-)|\.-|\.–|:)?\s*|\.?\s*/(?P<agency2>[A-Z]{2,10})/\.?\s*"
                           r"|\.?\s+(?P<agency3>[A-Z]{2,10})\s*\.?\s*(?:-|–|—)\s*")
_TRAILING = " .,;:–—-|·*\"'“”()[]"
_CONJ_BEFORE = re.compile(r"(?:,|\band|\by|\be|\bet|\bund)\s*$", re.I)
_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"\w+")
_COPYRIGHT = re.compile(r"(?:(?:19|20)\d\d\b|.*\b(?:all rights reserved|todos los derechos|tous droits|riproduzione riservata|"
                        r"direitos reservados|alle rechte))", re.I)
_BOUNDARY = re.compile(r"[.;|(\[•·–—:,\s](?:(?<=[.;|(\[•·–—:,])\s*|(?<=\s)(?:[-/]\s*|(?:and|y|e|et|und)\s+))")
r"""A field boundary: `[.;|(\[•·–—:,]\s*|\s[-/]\s*|\s(?:and|y|e|et|und)\s+`, written to start with one
character class, which lets the regex engine skip to the next character that can start one."""
_GLUED_LABEL = re.compile(r"[A-ZÁÉÍÓÚ](?<=[a-z.][A-ZÁÉÍÓÚ])[a-záéíóúçñ]+(?: [a-záéíóú]+)?\s?:")
"""A label glued to the previous field ("...EditorTranslation:"), matched from its capital letter: few
characters are capitals, where the letter before it would be tried at almost every character."""
_SOCIAL_EMBED = re.compile(r"[—–-]\s*[^()\n]{2,60}\(@\w+\)")
_SLASH_CREDIT = re.compile(
    r"(?P<a>[A-ZÁÉÍÓÚÑÇ][\w'’.-]*(?:\s[A-ZÁÉÍÓÚÑÇ][\w'’.-]*){0,4})\s*(?P<sep>/|\|)\s*"
    r"(?P<b>[A-ZÁÉÍÓÚÑÇ][\w'’.-]*(?:\s(?:[A-ZÁÉÍÓÚÑÇ][\w'’.-]*|de|del|du|da|do))*)"
    r"(?:\s*/\s*[A-ZÁÉÍÓÚÑÇ][\w'’.-]*(?:\s[A-ZÁÉÍÓÚÑÇ][\w'’.-]*)*)*\.?$")
_SOCIAL = re.compile(r"@\w{2,}")


@dataclass
class CreditFindings:
    provenance: Provenance
    notes: tuple[Note, ...]


@dataclass
class _Value:
    family: str
    label: str
    start: int
    end: int
    label_start: int
    lang: str | None = None
    for_outlet: str | None = None


@dataclass
class _Scan:
    """What the extractor has found so far in one document (mutable while it runs)."""

    doc: Document
    rules: CreditRules
    registry: Registry
    language: str | None
    sources: list[Outlet] = field(default_factory=list)
    cited: list[Outlet] = field(default_factory=list)
    translators: list[Translator] = field(default_factory=list)
    revisers: list[Contributor] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    photos: list[PhotoCredit] = field(default_factory=list)
    tags: list[EditorialTag] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    dateline: Dateline | None = None
    dates: list[tuple[str, Evidence]] = field(default_factory=list)
    publishers: list[tuple[str, Evidence, OutletEntry | None]] = field(default_factory=list)
    original_language: tuple[str, Evidence] | None = None
    notes: list[Note] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)
    pending_caption: tuple[int, int] | None = None
    low: str = ""
    """The text in lower case, offsets unchanged."""
    trigger_at: list[int] = field(default_factory=list)
    trigger_word: list[str] = field(default_factory=list)
    glued_at: list[int] = field(default_factory=list)
    cues: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each citing cue in the body, in order of start, longer first."""
    verb_at: list[int] = field(default_factory=list)
    """Where the reporting verbs stand in the lower-case text: everywhere they stand in the text, and
    maybe more (they are case-sensitive)."""

    def ev(self, start: int, end: int, rule: str, confidence: float, origin: str = "text") -> Evidence:
        return Evidence(start=start, end=end, text=self.doc.text[start:end], rule=rule,
                        confidence=confidence, origin=origin)  # type: ignore[arg-type]

    def note(self, code: str, message: str, start: int | None = None, end: int | None = None) -> None:
        self.notes.append(Note(analyser="credits", code=code, message=message, start=start, end=end))


def find_credits(doc: Document, *, language: str | None = None, registry: Registry | None = None) -> CreditFindings:
    """Extract every credit the article carries, each with its evidence."""
    scan = _Scan(doc, credit_rules(), registry or default_registry(), language)
    _index_text(scan)
    _read_metadata(scan)
    lines = doc.lines
    first_body = _find_bylines_top(scan)
    _find_dateline(scan, first_body)
    for i, (s, e) in enumerate(lines):
        if i not in scan.used_lines:
            _scan_line(scan, i, s, e)
    _find_end_of_body(scan)
    _find_cited(scan)
    return CreditFindings(_assemble(scan), tuple(scan.notes))


def _index_text(scan: _Scan) -> None:
    """One pass over the text: where label trigger words, citing cues and glued labels stand."""
    text = scan.doc.text
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case changes length: offsets would drift
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    scan.low = low
    n = len(low)
    body_start = scan.doc.body_start
    triggers: list[tuple[int, str]] = []
    for last, (word, kind) in scan.rules.words.iter(low):
        start = last - len(word) + 1
        if kind & VERB:
            scan.verb_at.append(start)
        if start and low[start - 1].isalnum():
            continue  # not a whole word
        if kind & TRIGGER and (last + 1 == n or not low[last + 1].isalnum()):
            triggers.append((start, word))
        if kind & CUE and start >= body_start and last + 1 < n and low[last + 1] in " \t\n":
            scan.cues.append((start, last + 1))
    if scan.rules.letter_triggers is not None:
        triggers += [(m.start(), m.group()) for m in scan.rules.letter_triggers.finditer(low)]
    triggers.sort()  # only the order of the offsets matters: the words at one span are read as a set
    scan.trigger_at = [start for start, _ in triggers]
    scan.trigger_word = [word for _, word in triggers]
    scan.cues.sort(key=lambda h: (h[0], -h[1]))
    scan.verb_at.sort()
    # A glued label ends with ":", so none starts after the last one (or in a text without any).
    scan.glued_at = [g.start() for g in _GLUED_LABEL.finditer(text, 0, text.rfind(":") + 1)]


def _words_in(scan: _Scan, s: int, e: int) -> set[str]:
    """The trigger words that stand in text[s:e]."""
    i = bisect.bisect_left(scan.trigger_at, s)
    j = bisect.bisect_left(scan.trigger_at, e)
    return set(scan.trigger_word[i:j])


# ------------------------------------------------------------------------------------------
# Metadata: header lines and HTML page metadata


def _read_metadata(scan: _Scan) -> None:
    doc = scan.doc
    for key, (value, s, e) in doc.header.items():
        if key == "date":
            parsed = parse_date(value)
            if parsed:
                scan.dates.append((parsed[0], scan.ev(s, e, "credits.date.header", CONFIDENCE["header"], "header")))
        elif key == "outlet":
            scan.publishers.append((value, scan.ev(s, e, "credits.publisher.header", CONFIDENCE["header"], "header"),
                                    scan.registry.find_name(value)))
        elif key == "url":
            host = urlparse(value if "://" in value else "http://" + value).hostname or ""
            entry = scan.registry.find_domain(host)
            if entry:
                scan.publishers.append((entry.name, scan.ev(s, e, "credits.publisher.url", CONFIDENCE["registry"], "header"),
                                        entry))
            d = date_in_url(value)
            if d:
                scan.dates.append((d[0], scan.ev(s + d[1], s + d[2], "credits.date.url", CONFIDENCE["url"], "header")))
        elif key == "author":
            for name, ns, ne in _names(doc.text, s, e):
                scan.bylines.append(Byline(name=name, confidence=0.9,
                                           evidence=[scan.ev(ns, ne, "credits.byline.header", 0.9, "header")]))
    for m in doc.meta:
        if m.origin != "html-meta":
            continue
        meta_ev = Evidence(text=m.value, rule=f"credits.{m.name}.html_meta", confidence=CONFIDENCE["html-meta"],
                           origin="html-meta")
        if m.name == "sitename":
            scan.publishers.append((m.value, meta_ev, scan.registry.find_name(m.value)))
        elif m.name == "date":
            parsed = parse_date(m.value)
            if parsed:
                scan.dates.append((parsed[0], meta_ev))
        elif m.name == "author":
            for name in _SPLIT_NAMES.split(m.value):
                name = name.strip(_TRAILING)
                if name and not _has_name(scan.bylines, name):
                    scan.bylines.append(Byline(name=name, confidence=CONFIDENCE["html-meta"], evidence=[
                        Evidence(text=name, rule="credits.byline.html_meta", confidence=CONFIDENCE["html-meta"],
                                 origin="html-meta")]))
        elif m.name == "url":
            host = urlparse(m.value).hostname or ""
            entry = scan.registry.find_domain(host)
            if entry:
                scan.publishers.append((entry.name, meta_ev, entry))
            d = date_in_url(m.value)
            if d:
                scan.dates.append((d[0], meta_ev.model_copy(update={"rule": "credits.date.url", "confidence": 0.5})))


# ------------------------------------------------------------------------------------------
# Top of the body: bylines and the dateline


def _find_bylines_top(scan: _Scan) -> int:
    """Read byline lines among the first lines; return the index of the first body line after them."""
    lines = scan.doc.lines
    i = 0
    while i < min(len(lines), 4):
        s, e = lines[i]
        if _byline_line(scan, s, e, top=True) or _outlet_date_line(scan, s, e) or _date_line(scan, s, e):
            scan.used_lines.add(i)
            i += 1
            continue
        break
    return i


def _byline_line(scan: _Scan, s: int, e: int, *, top: bool) -> bool:
    """`By X`, `By X and Y, Agency Writer`, `BY X | Mar 3, 2021`, `Special to O by X`, `X / Outlet / date`."""
    text = scan.doc.text
    line = text[s:e]
    if len(line) > 160:
        return False
    rules = scan.rules
    m = rules.special.match(line)
    if m:
        name_s = s + m.start("name")
        found = _add_bylines(scan, name_s, s + m.end("name"), "credits.byline.special",
                             affiliation=m.group("outlet").strip(_TRAILING))
        return found
    m = rules.byline_label.match(line)
    if m:
        label = m.group("label").lower()
        rest_s = s + m.end()
        first_word = re.match(r"[\w'’-]+", text[rest_s:e])
        if first_word is None or first_word.group().lower() in rules.not_names:
            return False
        if label in ("de", "di", "von") and not top:
            return False
        value_end = e
        date_part = None
        bar = re.search(r"\s[|·•/]\s|\s[-–—]\s(?=.*\d)", text[rest_s:e])
        if bar:
            value_end = rest_s + bar.start()
            date_part = (rest_s + bar.end(), e)
            rest_low = text[date_part[0]:e].lower()
            more = _labelled_values(scan, date_part[0], e, rest_low)
            if more:
                _interpret(scan, more, date_part[0], e)
                date_part = None
            else:
                parts = re.split(r"\s+/\s+", text[date_part[0]:e])
                if len(parts) == 2 and parse_date(parts[1]):
                    aff = parts[0].strip()
                    found = _looks_like_names(scan, rest_s, value_end) and _add_bylines(
                        scan, rest_s, value_end, "credits.byline.label", affiliation=aff)
                    if found:
                        _add_date(scan, e - len(parts[1]), e, "credits.date.byline", 0.8)
                    return found
        if not _looks_like_names(scan, rest_s, value_end):
            return False
        found = _add_bylines(scan, rest_s, value_end, "credits.byline.label")
        if found and date_part:
            _add_date(scan, *date_part, "credits.date.byline", 0.8)
        return found
    if "/" not in line:
        return False  # no " / " to split at
    parts = [p for p in re.split(r"\s+/\s+", line)]
    if len(parts) == 3 and parse_date(parts[2]) and _is_name_like(scan, parts[0]):
        name_end = s + len(parts[0])
        aff_s = s + line.index(parts[1], len(parts[0]))
        _add_bylines(scan, s, name_end, "credits.byline.slash_line", affiliation=parts[1].strip())
        _add_date(scan, aff_s + len(parts[1]), e, "credits.date.byline", 0.8)
        return True
    return False


def _add_bylines(scan: _Scan, s: int, e: int, rule: str, affiliation: str | None = None) -> bool:
    text = scan.doc.text
    role = None
    comma = text.find(",", s, e)
    if comma > 0:
        tail = text[comma + 1:e].strip(_TRAILING)
        tail = re.sub(r"^(?:da|do|de|del|de la|of|from|for|du|de l'|della|dello)\s+", "", tail)
        if _is_role(scan, tail) or _is_role(scan, tail.split(",")[0]):
            role, e = tail, comma
        elif scan.registry.find_name(tail) or (tail and tail[0].isupper() and _is_outlet_like(scan, tail)):
            affiliation, e = tail, comma
    found = False
    for name, ns, ne in _names(text, s, e):
        suffix = _outlet_suffix(scan, name)
        if suffix is not None:  # "By JOHN DOE Associated Press": the outlet is an affiliation
            affiliation = affiliation or name[suffix:].strip()
            name = name[:suffix].rstrip(" ,")
            ne = ns + len(name)
        if not _is_name_like(scan, name):
            continue
        if _has_name(scan.bylines, name):
            continue
        conf = CONFIDENCE["label"] if rule != "credits.byline.last_line" else CONFIDENCE["lone_name"]
        scan.bylines.append(Byline(name=name, affiliation=affiliation, role=role, confidence=conf,
                                   evidence=[scan.ev(ns, ne, rule, conf)]))
        found = True
    return found


def _outlet_suffix(scan: _Scan, name: str) -> int | None:
    """Where a known outlet's name starts at the end of `name` after a person's name, if it does."""
    words = list(_WORD_SPAN.finditer(name))
    for k in range(max(1, len(words) - 4), len(words)):
        if k >= 1 and scan.registry.find_name(name[words[k].start():]):
            return words[k].start()
    return None


_WORD_SPAN = re.compile(r"\S+")


def _is_role(scan: _Scan, text: str) -> bool:
    low = text.lower()
    return any(low == r or low.endswith(" " + r) for r in scan.rules.byline_roles)


_COMMA_SPACE = re.compile(r",?\s*")


def _find_dateline(scan: _Scan, first_body: int) -> None:
    """`QUITO, March 3 (Agencia Norte) –`, `Lima, 3 mar (AGN).-`, `LIMA (Agency) —`, `El Diario .–`."""
    lines = scan.doc.lines
    text = scan.doc.text
    for i in range(first_body, min(first_body + 6, len(lines))):
        s, e = lines[i]
        if e - s < 60:
            continue
        m = _DATELINE.match(text, s, e)
        if not m:
            continue
        pos = m.end()
        date_s = date_e = None
        dm = _COMMA_SPACE.match(text, pos)
        d = scan.rules.short_date.match(text, dm.end(), e) if dm else None
        if d:
            date_s, date_e = d.start(), d.end()
            pos = d.end()
        agency = None
        am = _AGENCY_AFTER.match(text, pos, e)
        if am:
            g = next(k for k in ("agency", "agency2", "agency3") if am.group(k))
            agency = (am.start(g), am.end(g))
            pos = am.end()
        dash = _DASH_AFTER.match(text, pos, e) if not am else None
        place = text[m.start("place"):m.end("place")]
        if agency is None and dash is None:
            continue
        if agency is None and not (place.isupper() and len(place) > 2) and date_s is None:
            if _is_outlet_like(scan, place) or scan.registry.find_name(place):
                _add_source(scan, m.start("place"), m.end("place"), "credits.source.outlet_as_place",
                            CONFIDENCE["dateline"])
                return
            continue
        if agency is not None and agency[1] - agency[0] > 0:
            inner = text[agency[0]:agency[1]]
            if inner.lower() in scan.rules.media_markers:
                continue
            _add_source(scan, agency[0], agency[1], "credits.source.dateline", CONFIDENCE["dateline"])
        if _is_outlet_like(scan, place) and agency is None:
            _add_source(scan, m.start("place"), m.end("place"), "credits.source.outlet_as_place", CONFIDENCE["dateline"])
            return
        ev = [scan.ev(m.start("place"), m.end("place"), "credits.dateline", CONFIDENCE["dateline"])]
        scan.dateline = Dateline(
            place=place, agency=text[agency[0]:agency[1]] if agency else None,
            date_text=text[date_s:date_e] if date_s is not None else None,
            confidence=CONFIDENCE["dateline"], evidence=ev)
        if date_s is not None:
            _add_date(scan, date_s, date_e, "credits.date.dateline", 0.6)  # type: ignore[arg-type]
        return


# ------------------------------------------------------------------------------------------
# One line: labels and the values that follow them


def _scan_line(scan: _Scan, index: int, s: int, e: int) -> None:
    text = scan.doc.text
    line = text[s:e]
    low = line.lower()
    stripped = low.strip(" :.-–—|")
    if stripped in scan.rules.cms or not stripped:
        return
    if "(@" in line and _SOCIAL_EMBED.match(line):
        scan.note("social-embed", "attribution line of an embedded social-media post; not a credit", s, e)
        return
    if stripped.strip("()") in scan.rules.markers:
        _add_photo(scan, s, e, "credits.photo.marker_line", None)
        scan.used_lines.add(index)
        return
    values = _labelled_values(scan, s, e, low)
    if values:
        _interpret(scan, values, s, e)
        scan.used_lines.add(index)
        return
    if len(line) > 200:
        scan.pending_caption = None
        return
    if _unlabelled_photo(scan, index, s, e):
        scan.used_lines.add(index)
        return
    if _contributed_line(scan, s, e, low) or _paren_line(scan, index, s, e) or _domain_line(scan, s, e):
        scan.used_lines.add(index)
        return
    if index > 0 and (_byline_line(scan, s, e, top=False) or _outlet_date_line(scan, s, e) or _date_line(scan, s, e)):
        scan.used_lines.add(index)
        return
    scan.pending_caption = None


def _labelled_values(scan: _Scan, s: int, e: int, low: str) -> list[_Value]:
    """Every label on the line that stands where a credit label stands, with the value after it."""
    text = scan.doc.text
    found: list[_Value] = []
    if e - s > 400:  # long prose: credits sit at its start (standfirst) or glued to its end
        return _labelled_values(scan, s, s + 200, low[:200]) + _labelled_values(scan, e - 200, e, low[-200:])
    words = _words_in(scan, s, e)
    i = bisect.bisect_left(scan.glued_at, s)
    glued = []
    while i < len(scan.glued_at) and scan.glued_at[i] < e:
        glued.append(scan.glued_at[i])
        i += 1
    if not words and not glued and "©" not in low and "(c)" not in low:
        return []
    families = [f for f in scan.rules.families
                if glued or not words.isdisjoint(f.triggers) or ("©" in low and f.name == "photo")]
    if not families:
        return []
    starts = [s, *(b.end() for b in _BOUNDARY.finditer(text, s, e)), *glued]
    for fam in families:
        for pos in starts:
            if fam.head is not None and not fam.head.match(text, pos, min(pos + 2, e)):
                continue  # no label of the family starts with these two characters
            m = fam.pattern.match(text, pos, e)
            if m is None:
                continue
            label = m.group("label")
            if not _label_position_ok(text, s, m.start(), label, fam.name):
                continue
            after = _after_label(text, m.end(), e)
            if after is None:
                continue
            colon, vstart = after
            if label.lower() in fam.needs_colon and not colon:
                if not (label.lower() in ("via", "vía") and m.start() == s) and label not in ("©", "(c)"):
                    continue
            lang = for_outlet = None
            if fam.name in ("translator", "source"):
                lw = scan.rules.language_word.search(label)
                lang = scan.rules.languages.get(lw.group().lower()) if lw else None
                fo = scan.rules.for_outlet.search(label)
                for_outlet = fo.group("outlet") if fo else None
            found.append(_Value(fam.name, label, vstart, e, m.start(), lang=lang, for_outlet=for_outlet))
    if not found:
        return []
    found.sort(key=lambda v: (v.label_start, -(v.start - v.label_start)))
    kept: list[_Value] = []
    for v in found:
        if kept and v.label_start < kept[-1].start:
            continue  # inside the previous label (a shorter label at the same place)
        kept.append(v)
    for a, b in zip(kept, kept[1:]):
        a.end = b.label_start
    return kept


def _label_position_ok(text: str, line_start: int, pos: int, label: str, family: str) -> bool:
    """A label counts at the line start, after a field boundary, or glued to the previous field."""
    before = text[line_start:pos]
    if before[-1:].isalnum():
        # glued to the previous field: "...EditorTranslation: X" or "...said.Source: X"
        return label[:1].isupper() and before[-1:].islower() and bool(
            re.match(r"\s*:", text[pos + len(label):pos + len(label) + 3]))
    if not before.strip():
        return True
    if re.search(r"[.;|(\[•·–—]\s*$|\s[-/]\s*$|:\s*$", before):
        return True
    if family in ("reviser", "wire") and _CONJ_BEFORE.search(before):
        return True
    return False


_AFTER_LABEL = re.compile(r"\s*(?P<colon>[:：]|\s[-–—](?=\s)|\.-)?\s*")


def _after_label(text: str, pos: int, end: int) -> tuple[bool, int] | None:
    """After a label: whether a colon (or dash) follows, and where the value starts."""
    m = _AFTER_LABEL.match(text, pos, end)
    vstart = m.end() if m else pos
    if vstart >= end:
        return None
    return bool(m and m.group("colon")), vstart


def _interpret(scan: _Scan, values: list[_Value], line_s: int, line_e: int) -> None:
    text = scan.doc.text
    caption: tuple[int, int] | None = None
    for i, v in enumerate(values):
        vs, ve = _trim_value(text, v.start, v.end)
        if ve <= vs:
            if v.family == "photo" and re.search(r"file|archiv|arquivo|handout", v.label, re.I):
                before = _trim_value(text, line_s, v.label_start)
                cap = before if before[1] - before[0] > 15 else _caption_above(scan, line_s)
                _add_photo(scan, v.label_start, v.label_start + len(v.label), "credits.photo.label", cap, label=v.label)
            continue
        if v.family == "caption":
            caption = (vs, ve)
            if i + 1 == len(values):
                tail = _PAREN_TAIL.search(text, vs, ve)
                if tail:
                    _add_photo(scan, tail.start("inner"), tail.end("inner"), "credits.photo.paren_after_caption",
                               (vs, _trim_value(text, vs, tail.start())[1]))
                    caption = None
                else:
                    scan.pending_caption = caption
            continue
        if v.family == "photo":
            cap = caption
            if cap is None and i == 0 and v.label_start > line_s and text[v.label_start - 1] in " (":
                before = _trim_value(text, line_s, v.label_start)
                if before[1] - before[0] > 15:
                    cap = before
            if cap is None and i == 0 and v.label_start == line_s:
                cap = _caption_above(scan, line_s)
            if cap is None and scan.pending_caption:
                cap = scan.pending_caption
            scan.pending_caption = None
            _add_photo(scan, vs, ve, "credits.photo.label", cap, label=v.label)
            caption = None
        elif v.family == "translator":
            _add_translators(scan, v, vs, ve)
        elif v.family == "reviser":
            for name, ns, ne in _names(text, vs, ve):
                scan.revisers.append(Contributor(name=name, role="reviser", confidence=CONFIDENCE["label"],
                                                 evidence=[scan.ev(ns, ne, "credits.reviser.label", CONFIDENCE["label"])]))
        elif v.family == "source":
            _add_sources_from_value(scan, vs, ve, v.label)
            if v.lang and not scan.original_language:
                scan.original_language = (v.lang, scan.ev(v.label_start, v.label_start + len(v.label),
                                                          "credits.original_language.source_label", CONFIDENCE["label"]))
        elif v.family == "wire":
            role = scan.rules.roles.get(re.sub(r"\s+", " ", v.label.lower()), "reporting")
            for name, ns, ne in _names(text, vs, ve, strip_place=True):
                if _is_name_like(scan, name):
                    scan.contributors.append(Contributor(name=name, role=role, confidence=CONFIDENCE["label"],
                                                         evidence=[scan.ev(ns, ne, "credits.wire.role", CONFIDENCE["label"])]))


_FOR_OUTLET = re.compile(r"\s+(?:for|para|pour|per|für)\s+(?P<outlet>(?:the\s+)?[A-ZÁÉÍÓÚÑÇ][\w'’.-]*(?:\s+(?:[A-ZÁÉÍÓÚÑÇ][\w'’.-]*|de|del|da|do|du|des|of|the)){0,6})$")
_TIME = re.compile(r"\b\d{1,2}[:h.]\d{2}(?:\s*(?:a\.?m\.?|p\.?m\.?|hs?|hrs))?(?:\s*(?:UTC|GMT|ET|EST|EDT|CET|CEST|BST|[A-Z]{3}))?\b|\b(?:às|a las|à|alle|um|at)\b", re.I)
_PAREN_TAIL = re.compile(r"\(\s*(?P<inner>[^()]{2,60}?)\s*\)\.?\s*$")


_TRAILING_CONJ = re.compile(r"\s+(?:and|y|e|et|und|&)$", re.I)


def _trim_value(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t:":
        s += 1
    while e > s and text[e - 1] in " \t.,;:–—-|(":
        e -= 1
    conj = _TRAILING_CONJ.search(text, s, e)
    if conj:
        e = conj.start()
    if e > s and text[e - 1] == ")" and text.count("(", s, e) < text.count(")", s, e):
        e -= 1
    return s, e


def _add_translators(scan: _Scan, v: _Value, vs: int, ve: int) -> None:
    text = scan.doc.text
    label = v.label.lower()
    from_lang = to_lang = None
    if v.lang:
        if re.search(r"\b(into|al|ao|en|in)\b", label) or label.startswith(tuple(scan.rules.languages)):
            to_lang = v.lang
        else:
            from_lang = v.lang
    if from_lang and not scan.original_language:
        scan.original_language = (from_lang, scan.ev(v.label_start, v.label_start + len(v.label),
                                                     "credits.original_language.translator_label", CONFIDENCE["label"]))
    for name, ns, ne in _names(text, vs, ve):
        if name.lower() in ("the", "el", "la") or not name[:1].isalnum() and not name.startswith("@"):
            continue
        name, ns = _drop_article(text, name, ns)
        for_m = _FOR_OUTLET.search(name)
        if for_m:
            outlet = for_m.group("outlet")
            o_s = ns + for_m.start("outlet")
            scan.publishers.append((outlet, scan.ev(o_s, o_s + len(outlet), "credits.publisher.translated_for",
                                                   CONFIDENCE["initials"]), scan.registry.find_name(outlet)))
            name = name[:for_m.start()]
        team = re.fullmatch(r"(?P<o>.+?)\s+(?:team|staff|desk|newsroom)|(?:l['’])?(?:equipo|equipe|équipe|redacción|redação|rédaction|team)\s+(?:de|del|da|do|du|of|d['’])\s*(?P<o2>.+)", name, re.I)
        if team:
            inner = team.group("o") or team.group("o2")
            ns += name.index(inner)
            ne = ns + len(inner)
            name = inner
            scan.publishers.append((name, scan.ev(ns, ne, "credits.publisher.own_team", CONFIDENCE["initials"]),
                                    scan.registry.find_name(name)))
        org = _is_outlet_like(scan, name) or bool(team) or bool(scan.registry.find_name(name))
        scan.translators.append(Translator(
            name=name, kind="organisation" if org else "person", from_language=from_lang, to_language=to_lang,
            confidence=CONFIDENCE["label"], evidence=[scan.ev(ns, ne, "credits.translator.label", CONFIDENCE["label"])]))
    if v.for_outlet:
        name = v.for_outlet.strip()
        off = text.find(name, v.label_start, v.start)
        if off >= 0:
            scan.publishers.append((name, scan.ev(off, off + len(name), "credits.publisher.translated_for",
                                                  CONFIDENCE["initials"]), scan.registry.find_name(name)))


def _drop_article(text: str, name: str, start: int) -> tuple[str, int]:
    m = re.match(r"(?:the|el|la|le|il|o|a)\s+(?=\S)", name, re.I)
    if m and m.group()[0].islower():
        return name[m.end():], start + m.end()
    return name, start


def _add_photo(scan: _Scan, vs: int, ve: int, rule: str, caption: tuple[int, int] | None, label: str = "") -> None:
    text = scan.doc.text
    value = text[vs:ve]
    if label in ("©", "(c)", "(C)") and _COPYRIGHT.match(value):
        scan.note("copyright-line", "a copyright notice, not a photo credit", vs, ve)
        return
    # doubled labels: "Photo: Foto: Name/ Outlet."
    for fam in scan.rules.families:
        if fam.name == "photo":
            m = fam.pattern.match(text, vs, ve)
            if m:
                after = _after_label(text, m.end(), ve)
                if after and after[0]:
                    vs = after[1]
                    value = text[vs:ve]
    credit = agency = license = site = None
    markers: list[str] = []
    cs = ce = None
    low_label = label.lower()
    if "courtesy" in low_label or "cortes" in low_label or "cedida" in low_label or "fournie" in low_label:
        markers.append("courtesy")
    if re.search(r"file|archiv|arquivo", low_label):
        markers.append("file")
    if "handout" in low_label:
        markers.append("handout")
    lic = scan.rules.licence.search(value)
    if lic:
        license = lic.group("licence")
        ve = vs + lic.start()
        value = text[vs:ve].rstrip(" ,.;")
        ve = vs + len(value)
    on_site = re.search(r"\s+(?:on|en|em|sur|su|via|vía)\s+(?P<site>[A-Z][\w ]{1,30}?)\s*$", value)
    if on_site and on_site.group("site").strip().lower() in scan.rules.photo.sites:
        site = on_site.group("site").strip()
        ve = vs + on_site.start()
        value = text[vs:ve]
    parts = _photo_parts(text, vs, ve)
    parts = [(ps, pe - (len(text[ps:pe]) - len(re.sub(r"(?i)\s+(?:photo|foto)$", "", text[ps:pe])))) for ps, pe in parts]
    people: list[tuple[int, int]] = []
    orgs: list[tuple[int, int]] = []
    stringer = False
    for ps, pe in parts:
        p = text[ps:pe]
        low = p.lower().strip(" .")
        kind = scan.rules.markers.get(low)
        if kind:
            markers.append(kind)
            continue
        if low in scan.rules.photo.stringers:
            stringer = True
            continue
        if low in scan.rules.photo.sites and len(parts) > 1:
            site = p
            continue
        if _SOCIAL.fullmatch(p.strip()):
            markers.append("social")
            people.append((ps, pe))
            continue
        if _is_institution(scan, p):
            orgs.append((ps, pe))
        else:
            people.append((ps, pe))
    if stringer and people and not orgs:
        orgs, people = people, []
    if people:
        cs, ce = people[0]
        credit = text[cs:ce]
    if orgs:
        agency = text[orgs[0][0]:orgs[0][1]]
    elif len(people) > 1:
        agency = text[people[1][0]:people[1][1]]
    if site and not agency:
        agency = site
    if credit is None and agency is None and not markers:
        return
    if credit and re.match(r"(?i)(?:cortes[ií]a|courtesy)\s+(?:(?:de[l]?|of)\s+)?", credit):
        credit = re.sub(r"(?i)^(?:cortes[ií]a|courtesy)\s+(?:(?:de[l]?|of)\s+)?", "", credit)
        markers.append("courtesy")
        if _is_institution(scan, credit) and agency is None:
            agency, credit = credit, None
    if agency:
        agency = re.sub(r"^(?:the|el|la|le|il|o|a)\s+(?=\S)", "", agency)
    cap_text = cap_ev = None
    if caption:
        c0, c1 = caption
        while c1 > c0 and text[c1 - 1] in " -–—|":
            c1 -= 1
        if c1 < len(text) and text[c1:c1 + 1] == "." and text[c1 - 1:c1] != ".":
            c1 += 1
        cap_text = text[c0:c1]
        cap_ev = scan.ev(c0, c1, "credits.photo.caption", CONFIDENCE["label"])
    ev_s, ev_e = (cs, ce) if cs is not None else (vs, ve)
    scan.photos.append(PhotoCredit(
        credit=credit, agency=agency, caption=cap_text, markers=sorted(set(markers)), license=license, site=site,
        confidence=CONFIDENCE["label"], evidence=[scan.ev(ev_s, ev_e, rule, CONFIDENCE["label"])],
        caption_evidence=cap_ev))


_PHOTO_SPLIT = re.compile(r"\s*(?:/|\||·|,|\bvia\b|\bfor\b|\bpara\b|\bpour\b|\bper\b|\bde\b(?=\s+[A-Z]{2,}))\s*")


def _photo_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split `Name (Institution)`, `Name/AGENCY`, `AGENCY/ Name`, `Name | Agency`, `A / B / C`."""
    parts: list[tuple[int, int]] = []
    paren = re.search(r"\((?P<inner>[^()]+)\)", text[s:e])
    if paren:
        outer = (s, s + paren.start())
        inner = (s + paren.start("inner"), s + paren.end("inner"))
        return [p for seg in (outer, inner) for p in _photo_parts(text, *seg)] + _photo_parts(text, s + paren.end(), e)
    pos = s
    for m in _PHOTO_SPLIT.finditer(text, s, e):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, e))
    return [t for t in (_trim_value(text, a, b) for a, b in parts) if t[1] > t[0]]


def _is_institution(scan: _Scan, value: str) -> bool:
    v = value.strip(" .")
    if scan.registry.find_name(v) or scan.registry.find_code(v) and v.isupper():
        return True
    words = [w.lower() for w in re.findall(r"[\w’'-]+", v)]
    if any(w in scan.rules.photo.institution_words for w in words) or _is_outlet_like(scan, v):
        return True
    if v.isupper() and len(v) >= 2 and (len(words) == 1 or len(v) <= 12):
        return True  # AGENCY, AFP, STR handled before
    if len(words) == 1 and v[:1].isupper() and not v.isupper():
        return False
    return False


def _add_sources_from_value(scan: _Scan, vs: int, ve: int, label: str) -> None:
    text = scan.doc.text
    value = text[vs:ve]
    url = _URL.search(value)
    if url:
        host = urlparse(url.group() if "://" in url.group() else "http://" + url.group()).hostname or ""
        entry = scan.registry.find_domain(host)
        if not value[:url.start()].strip(" :,-"):
            name_s, name_e = vs + url.start(), vs + url.end()
            _add_source(scan, name_s, name_e, "credits.source.label", CONFIDENCE["label"], entry=entry,
                        name=entry.name if entry else host.removeprefix("www."))
            return
        ve = vs + url.start()
    on = re.search(r",?\s+(?:on|el|em|le|il|in)\s+(?:\d|[A-Z][a-z]+\s+\d).*$|,\s*\d{1,2}[\s/.-].*$", text[vs:ve])
    if on and parse_date(on.group()):
        ve = vs + on.start()
    for name, ns, ne in _names(text, vs, ve):
        name, ns = _drop_article(text, name, ns)
        if not name or name.replace(" ", "").isdigit() or not (name[0].isupper() or name[0].isdigit() or "." in name):
            continue
        _add_source(scan, ns, ne, "credits.source.label", CONFIDENCE["label"])


def _add_source(scan: _Scan, s: int, e: int, rule: str, confidence: float, *, entry: OutletEntry | None = None,
                name: str | None = None, cited: bool = False) -> None:
    text = scan.doc.text
    raw = text[s:e]
    entry = entry or scan.registry.find_name(raw) or (scan.registry.find_code(raw) if raw.isupper() else None)
    if entry is None and "." in raw and " " not in raw:
        entry = scan.registry.find_domain(raw)
        if entry is not None:
            name = name or entry.name  # "Source: example.com" names the outlet behind the domain
    name = name or raw
    target = scan.cited if cited else scan.sources
    key = fold(entry.name if entry else name)
    for i, o in enumerate(target):
        if fold(o.name) == key or (o.registry_id and entry and o.registry_id == entry.id):
            target[i] = o.model_copy(update={"evidence": [*o.evidence, scan.ev(s, e, rule, confidence)],
                                             "confidence": max(o.confidence, confidence)})
            return
    target.append(_outlet(scan, name, entry, [scan.ev(s, e, rule, confidence)], confidence))


def _outlet(scan: _Scan, name: str, entry: OutletEntry | None, evidence: list[Evidence], confidence: float) -> Outlet:
    if entry is None:
        return Outlet(name=name, confidence=confidence, evidence=evidence)
    return Outlet(name=name if fold(name) == fold(entry.name) or not name.isupper() else name,
                  registry_id=entry.id, code=entry.codes[0] if entry.codes else None,
                  domain=entry.domains[0] if entry.domains else None, language=entry.language,
                  country=entry.country or None, kind=entry.kind, confidence=confidence, evidence=evidence)


def _unlabelled_photo(scan: _Scan, index: int, s: int, e: int) -> bool:
    """Credits with no label: `AGENCY/Name`, `Name/AGENCY`, `Name | Agency`, `STR / Agency / Distributor`,
    `(Agency Photo/Name, File)`, `(Handout photo)` or `(Name Surname)` after a caption on the same line."""
    text = scan.doc.text
    # the credit may follow a caption sentence on the same line
    seg_s = s
    cut = max(text.rfind(". ", s, e), text.rfind(".\u00a0", s, e))
    candidates = [(s, None)]
    if cut > s:
        candidates.append((cut + 2, (s, cut + 1)))
    if text.find("/", s, e) < 0 and text.find("|", s, e) < 0:
        candidates = []  # the pattern needs a "/" or a "|"
    for seg_s, caption in candidates:
        m = _SLASH_CREDIT.fullmatch(text, seg_s, e)
        if m and _slash_credit_ok(scan, m):
            if caption is None:
                caption = _caption_above(scan, s)
            _add_photo(scan, seg_s, e, "credits.photo.unlabelled", caption)
            return True
    tail = _PAREN_TAIL.search(text, max(s, e - 80), e)
    if tail and tail.start() > s + 15:
        inner = tail.group("inner")
        low = inner.lower().strip(" .")
        caption = _trim_value(text, s, tail.start())
        if low in scan.rules.markers or re.search(r"\b(?:photo|foto)\s*/", inner, re.I) \
                or (_is_name_like(scan, inner) and not _is_outlet_like(scan, inner)
                    and not scan.registry.find_name(inner) and index < len(scan.doc.lines) - 1
                    and len(inner.split()) >= 2):
            cap_e = caption[1] + 1 if text[caption[1]:caption[1] + 1] == "." else caption[1]
            _add_photo(scan, tail.start("inner"), tail.end("inner"), "credits.photo.paren_after_caption",
                       (caption[0], cap_e))
            return True
    return False


def _slash_credit_ok(scan: _Scan, m: re.Match[str]) -> bool:
    """One side is an agency or institution (capitals, registry, institution words), the other a name."""
    a, b = m.group("a"), m.group("b")
    if scan.rules.byline_label.match(a + " "):
        return False
    if (a.isupper() and b.isupper()) and (" " not in a + b or "-" in a + b):
        return False  # a sign-off tag (OT/JRE) or a story slug (ECONOMY-TRADE/TARIFFS)
    sides = [_is_institution(scan, a) or a.lower() in scan.rules.photo.stringers,
             _is_institution(scan, b) or b.lower() in scan.rules.photo.stringers]
    if m.group("sep") == "|":
        return sides[1] and not sides[0]
    return any(sides)


def _caption_above(scan: _Scan, line_s: int) -> tuple[int, int] | None:
    """The line right above a credit line, in the same paragraph, when it reads as a caption."""
    text = scan.doc.text
    prev_e = text.rfind("\n", 0, line_s)
    if prev_e <= 0 or text[prev_e - 1] == "\n":
        return None
    for i, (ls, le) in enumerate(scan.doc.lines):
        if le == prev_e:
            return None if i in scan.used_lines else _caption_line(scan, i)
    return None


def _caption_line(scan: _Scan, index: int) -> tuple[int, int] | None:
    """The line above an unlabelled credit, when it reads as a caption (one sentence)."""
    s, e = scan.doc.lines[index]
    line = scan.doc.text[s:e]
    if 20 <= len(line) <= 250 and line.endswith(".") and line.count(". ") == 0:
        return s, e
    return None


def _contributed_line(scan: _Scan, s: int, e: int, low: str) -> bool:
    """`Agency writer X in City contributed to this report.`"""
    if "contribu" not in low and "colabor" not in low:
        return False
    text = scan.doc.text
    m = scan.rules.contributed.search(text, s, e)
    if not m:
        return False
    head_s, head_e = s, m.start()
    head = text[head_s:head_e]
    role_m = re.match(r"(?:[\w .]+?\s(?:writers?|correspondents?|reporters?|staff)\s+)", head, re.I)
    if role_m:
        head_s += role_m.end()
    found = False
    for name, ns, ne in _names(text, head_s, head_e, strip_place=True):
        if _is_name_like(scan, name):
            scan.contributors.append(Contributor(name=name, role="contributing", confidence=CONFIDENCE["label"],
                                                 evidence=[scan.ev(ns, ne, "credits.wire.contributed", CONFIDENCE["label"])]))
            found = True
    return found


def _paren_line(scan: _Scan, index: int, s: int, e: int) -> bool:
    """An outlet alone in parentheses on its own line: `(Diario del Sur)`; after a bare caption, a photo credit."""
    text = scan.doc.text
    m = _PAREN_LINE.fullmatch(text, s, e)
    if not m:
        return False
    inner = m.group("inner")
    low = inner.lower().strip(" .")
    if low in scan.rules.media_markers or all(w in scan.rules.media_markers for w in re.findall(r"\w+", low)):
        return True  # (foto) (video): consumed, not a credit
    with_ = _WITH_AGENCIES.match(inner)
    if with_:  # "(Avec AFP)", "(With AFP and Reuters)", "(Con EFE)"
        for name, ns, ne in _names(text, m.start("inner") + with_.end(), m.end("inner")):
            _add_source(scan, ns, ne, "credits.source.paren_line", CONFIDENCE["paren_line"])
        return True
    if parse_date(inner):
        return False
    if scan.pending_caption is not None or low in scan.rules.markers:
        _add_photo(scan, m.start("inner"), m.end("inner"), "credits.photo.paren_after_caption", scan.pending_caption)
        scan.pending_caption = None
        return True
    if not inner[:1].isupper():
        return False
    near_end = index >= len(scan.doc.lines) - 8
    confidence = CONFIDENCE["paren_line"] if near_end else CONFIDENCE["glued"]
    _add_source(scan, m.start("inner"), m.end("inner"), "credits.source.paren_line", confidence)
    return True


def _domain_line(scan: _Scan, s: int, e: int) -> bool:
    text = scan.doc.text
    m = _DOMAIN_LINE.fullmatch(text, s, e)
    if not m or "." not in m.group("host") or m.group("host").replace(".", "").isdigit():
        return False
    host = m.group("host").lower()
    entry = scan.registry.find_domain(host)
    path = text[m.end("host"):e].strip("/")
    if path:
        if entry:
            scan.publishers.append((entry.name, scan.ev(s, e, "credits.publisher.url_line", CONFIDENCE["url"]), entry))
        d = date_in_url(text[s:e])
        if d:
            scan.dates.append((d[0], scan.ev(s + d[1], s + d[2], "credits.date.url", CONFIDENCE["url"])))
        return True
    _add_source(scan, s + (m.start("host") - s), m.end("host"), "credits.source.domain_line", CONFIDENCE["domain_line"],
                entry=entry, name=entry.name if entry else host.removeprefix("www."))
    return True


def _outlet_date_line(scan: _Scan, s: int, e: int) -> bool:
    """`Diario del Sur | March 3, 2021` or `Diario del Sur / 3 marzo 2021`."""
    text = scan.doc.text
    if text.find("|", s, e) < 0 and text.find("/", s, e) < 0:
        return False  # both patterns need a "|" or a "/"
    m = _OUTLET_DATE.fullmatch(text, s, e)
    if not m:
        m = _OUTLET_PLACE_DATE.fullmatch(text, s, e)
    if not m:
        return False
    d = parse_date(m.group("rest"))
    if not d or len(_TIME.sub("", m.group("rest")).strip(" ,")) > d[2] - d[1] + 12:
        return False
    name = m.group("name").strip()
    if not name[:1].isupper() or scan.rules.byline_label.match(name):
        return False
    _add_source(scan, m.start("name"), m.start("name") + len(name), "credits.source.outlet_date", CONFIDENCE["outlet_date"])
    _add_date(scan, m.start("rest") + d[1], m.start("rest") + d[2], "credits.date.outlet_line", 0.8)
    return True


def _date_line(scan: _Scan, s: int, e: int) -> bool:
    """A date on a line of its own, with at most a short label (`Published: 16 February 2022`)."""
    text = scan.doc.text
    line = text[s:e]
    if len(line) > 60:
        return False
    d = parse_date(line, day_first=scan.language != "en")
    if not d:
        return False
    before = _TIME.sub("", line[:d[1]]).strip(" :|-–—,")
    if len(before.split()) > 3 or len(_TIME.sub("", line[d[2]:]).strip(" .|,")) > 12:
        return False
    _add_date(scan, s + d[1], s + d[2], "credits.date.own_line", 0.75)
    return True


def _add_date(scan: _Scan, s: int, e: int, rule: str, confidence: float) -> None:
    d = parse_date(scan.doc.text[s:e], day_first=scan.language != "en")
    if d:
        scan.dates.append((d[0], scan.ev(s + d[1], s + d[2], rule, confidence)))


# ------------------------------------------------------------------------------------------
# End of the body: tags, glued agency credits, a lone name


def _find_end_of_body(scan: _Scan) -> None:
    text = scan.doc.text
    lines = scan.doc.lines
    for i in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        s, e = lines[i]
        if _tag_at(scan, s, e, own_line=(i not in scan.used_lines)):
            scan.used_lines.add(i)
    # an agency credit glued to the last sentence of the prose
    for i in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
        s, e = lines[i]
        if i in scan.used_lines:
            continue
        tail = max(s, e - 60)
        m = _GLUED_PAREN.search(text, tail, e) if e - s > 40 and text.find("(", tail, e) >= 0 else None
        if m:
            inner = m.group("inner")
            if inner.lower().strip(" .") not in scan.rules.media_markers and inner[:1].isupper():
                _add_source(scan, m.start("inner"), m.end("inner"), "credits.source.glued", CONFIDENCE["glued"])
        break
    # a lone name on the last line (or just above a tag)
    if not any(b.evidence[0].origin == "text" for b in scan.bylines):
        for i in range(len(lines) - 1, max(-1, len(lines) - 3), -1):
            if i in scan.used_lines:
                continue
            s, e = lines[i]
            line = text[s:e].strip()
            if (len(line) < 50 and not line.endswith((".", ":", "?", "!")) or re.fullmatch(r"(?:[A-Z]\.){2,5}", line)) \
                    and _is_name_like(scan, line) and not scan.registry.find_name(line) \
                    and not _is_outlet_like(scan, line):
                _add_bylines(scan, s, e, "credits.byline.last_line")
                scan.used_lines.add(i)
            break


def _tag_at(scan: _Scan, s: int, e: int, own_line: bool) -> bool:
    text = scan.doc.text
    line = text[s:e]
    tail = max(s, e - 48)  # a tag is short and ends the line: only its tail can hold one
    if text.find("/", tail, e) < 0:
        return False  # every tag pattern holds a "/"
    for kind, pattern in (("upper", _UPPER_TAG), ("slash", _SLASH_TAG), ("lower", _LOWER_TAG)):
        m = pattern.search(text, tail, e)
        if not m:
            continue
        raw = m.group("tag").strip()
        if kind == "lower" and raw[:1].isupper():
            kind = "upper" if raw.split("/")[0].isupper() else "lower"
        glued = m.start("tag") > s
        if kind == "lower" and (raw in scan.rules.not_tags or (glued and not re.search(r"[.!?”\"»)]\s*$", text[s:m.start("tag")]))):
            continue
        if kind == "upper" and glued and not own_line:
            continue
        if kind != "slash" and glued and len(line) < 3:
            continue
        parts = [p for p in re.split(r"\s*//?\s*", raw.strip("/ ")) if p]
        if kind == "slash":
            parts = [p.strip() for p in raw.split("/") if p.strip()]
        if len(parts) < 2 or any(len(p) > 6 for p in parts):
            continue
        if raw.lower() in scan.rules.media_markers:
            continue
        if kind == "upper" and all(scan.registry.find_code(p) and scan.registry.find_code(p).kind == "agency" for p in parts):
            for p in parts:  # "EFE/AFP": two agencies, not a staff tag
                off = m.start("tag") + raw.index(p)
                _add_source(scan, off, off + len(p), "credits.source.agency_codes", CONFIDENCE["tag"])
            return True
        lead = re.fullmatch(r"\(\s*(?P<inner>[^()]{1,40}?)\s*\)\s*", text[s:m.start("tag")])
        if lead:
            _add_source(scan, s + lead.start("inner"), s + lead.end("inner"), "credits.source.paren_line",
                        CONFIDENCE["paren_line"])
        _add_tag(scan, m.start("tag"), m.start("tag") + len(raw), parts, kind)
        return True
    return False


def _add_tag(scan: _Scan, s: int, e: int, parts: list[str], kind: str) -> None:
    raw = scan.doc.text[s:e]
    outlet = code = None
    staff_parts = parts
    if kind == "lower" and len(parts) >= 3:
        entry = scan.registry.find_code(parts[0])
        local = _local_code(scan, parts[0])
        if entry or local:
            kind = "upper"
    if kind == "upper":
        entry = scan.registry.find_code(parts[0])
        if entry:
            outlet, code, staff_parts = entry.name, parts[0], parts[1:]
        else:
            local = _local_code(scan, parts[0])
            if local:
                outlet, code, staff_parts = local, parts[0], parts[1:]
            elif len(parts) >= 3:
                code, staff_parts = parts[0], parts[1:]
                scan.note("tag-code-unknown", f"first part {parts[0]!r} of tag {raw!r} looks like an outlet code "
                          "that is not in the registry; kept undecoded", s, e)
        if outlet and entry:
            scan.publishers.append((entry.name, scan.ev(s, e, "credits.publisher.tag_code", CONFIDENCE["tag"]), entry))
        elif outlet and not any(fold(o.name) == fold(outlet) for o in scan.sources):
            # an agency's own desk tag names the agency, not the publisher
            scan.publishers.append((outlet, scan.ev(s, e, "credits.publisher.tag_initials", CONFIDENCE["initials"]), None))
    staff_map = {}
    if code:
        entry = scan.registry.find_code(code)
        staff_map = entry.staff if entry else {}
    scan.tags.append(EditorialTag(
        raw=raw, outlet=outlet, outlet_code=code, initials=list(staff_parts),
        staff=[StaffMember(initials=p, name=staff_map.get(p)) for p in staff_parts],
        confidence=CONFIDENCE["tag"], evidence=[scan.ev(s, e, f"credits.tag.{kind}", CONFIDENCE["tag"])]))


def _local_code(scan: _Scan, code: str) -> str | None:
    """An outlet named in this article (header outlet, translator organisation, source) whose initials are `code`."""
    candidates = [p[0] for p in scan.publishers] + [t.name for t in scan.translators if t.kind == "organisation"]
    candidates += [o.name for o in scan.sources]
    for name in candidates:
        if initials(name) == code.upper():
            return name
    return None


# ------------------------------------------------------------------------------------------
# Cited outlets in prose


def _find_cited(scan: _Scan) -> None:
    """Outlets named in prose as the origin of a claim: after a citing cue, or before a reporting verb."""
    text = scan.doc.text
    rules = scan.rules
    ends = [pe for _, pe in scan.doc.paragraphs]
    last_end = -1
    for cs, ce in scan.cues:
        if cs < last_end:
            continue  # a shorter cue inside a longer one ("according to" in "according to a report by")
        last_end = ce
        i = bisect.bisect_left(ends, ce)
        if i >= len(ends) or ends[i] - scan.doc.paragraphs[i][0] < 60:
            continue
        pe = ends[i]
        pos = ce
        while pos < pe and text[pos] in " \t":
            pos += 1
        noun = rules.outlet_nouns.match(text, pos, pe)
        has_noun = noun is not None and not text[noun.start("noun")].isupper()
        if noun and has_noun:
            pos = noun.end()
        else:
            art = _ARTICLE.match(text, pos, pe)
            if art:
                pos = art.end()
        _cite_at(scan, pos, pe, strong=has_noun)
    for ps, pe in scan.doc.paragraphs:
        # a match holds a reporting verb: a paragraph where none starts has no match
        k = bisect.bisect_left(scan.verb_at, ps)
        if pe - ps < 60 or k == len(scan.verb_at) or scan.verb_at[k] >= pe:
            continue
        for m in _POST_CUE.finditer(text, ps, pe):
            run = _capitalised_run_before(text, ps, m.start())
            if run:
                _cite_at(scan, run[0], run[1], strong=False, exact=True)


_ARTICLE = re.compile(r"(?:the|el|la|los|las|o|a|le|il|lo|l['’]|das|die|der|dem|den|dal|dalla|dallo|del|della|do|da|du|des)\s*(?=[A-ZÁÉÍÓÚÑÇ])")
_POST_CUE = re.compile(r"\s+(?:" + "|".join(map(re.escape, REPORTING_VERBS)) + r")\b")
_RUN_TOKEN = r"(?:[A-ZÁÉÍÓÚÑÇ][\w'’&-]*|de|del|la|las|los|da|do|dos|das|of|the|di|du|des|delle|della|dei|y)(?![\w'’-])"
_RUN = re.compile(_RUN_TOKEN + r"(?:\s+" + _RUN_TOKEN + r"){0,6}")


def _cite_at(scan: _Scan, pos: int, end: int, *, strong: bool, exact: bool = False) -> None:
    text = scan.doc.text
    run = (pos, end) if exact else _capitalised_run(text, pos, end)
    if run is None:
        return
    ns, ne = run
    candidate = text[ns:ne]
    entry = _longest_registry_prefix(scan, text, ns, ne)
    if entry and (entry[1] == ne or not any(w[:1].isupper() for w in text[entry[1]:ne].split())):
        ns, ne, e = entry
        name = text[ns:ne]
    elif strong or _is_outlet_like(scan, candidate):
        e = None
        name = candidate
    else:
        return
    if len(name) < 3 or any(fold(o.name) == fold(name) for o in scan.sources):
        return
    _add_source(scan, ns, ne, "credits.cited.cue", CONFIDENCE["cited"], entry=e, cited=True)


def _capitalised_run(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The run of capitalised words (with name particles) at `pos`, without trailing particles."""
    m = _RUN.match(text, pos, end)
    if not m or not m.group()[0].isupper():
        return None
    words = list(re.finditer(r"\S+", m.group()))
    while words and not words[-1].group()[0].isupper():
        words.pop()
    if not words:
        return None
    return m.start(), m.start() + words[-1].end()


def _capitalised_run_before(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The capitalised run that ends right before `pos` (the subject of a reporting verb)."""
    window = text[max(start, pos - 80):pos]
    m = re.search(r"(?:" + _RUN_TOKEN + r"\s+){0,6}[A-ZÁÉÍÓÚÑÇ][\w'’&-]*$", window)
    if not m:
        return None
    s = pos - len(window) + m.start()
    words = m.group().split()
    while words and not words[0][0].isupper():
        s += len(words[0]) + 1
        words.pop(0)
    if words and words[0].lower() in ("a", "an", "the", "el", "la", "le", "il", "o", "das", "die", "der"):
        s += len(words[0]) + 1
        words.pop(0)
    if not words:
        return None
    return s, pos


def _longest_registry_prefix(scan: _Scan, text: str, s: int, e: int) -> tuple[int, int, OutletEntry] | None:
    words = list(re.finditer(r"\S+", text[s:e]))
    for n in range(len(words), 0, -1):
        end = s + words[n - 1].end()
        piece = text[s:end].rstrip(".,;:")
        entry = scan.registry.find_name(piece) or (scan.registry.find_code(piece) if piece.isupper() and len(piece) > 2 else None)
        if entry:
            return s, s + len(piece), entry
    return None


# ------------------------------------------------------------------------------------------
# Names


def _names(text: str, s: int, e: int, *, strip_place: bool = False) -> list[tuple[str, int, int]]:
    """Split a credit value into names with their offsets: `A / B`, `A and B`, `A y B`, `A, B`."""
    out = []
    pos = s
    pieces = []
    depth = 0
    for m in _SPLIT_NAMES.finditer(text, s, e):
        depth = text.count("(", s, m.start()) - text.count(")", s, m.start())
        if depth > 0:
            continue
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, e))
    for a, b in pieces:
        if strip_place:
            pm = re.search(r"\s+(?:in|en|em|à|a|from|desde|de)\s+[A-Z][\w .'-]*$", text[a:b])
            if pm:
                b = a + pm.start()
        a, b = _trim_value(text, a, b)
        while b > a and text[b - 1] in _TRAILING:
            b -= 1
        if b > a and text[a] in "([" and ")" not in text[a:b]:
            a += 1
        if b > a:
            out.append((text[a:b], a, b))
    return out


def _is_name_like(scan: _Scan, value: str) -> bool:
    """A person's name as credits write it: 1-6 capitalised words, particles allowed, no sentence."""
    value = value.strip()
    if not value or len(value) > 60:
        return False
    if re.fullmatch(r"(?:[A-Z]\.){2,5}", value):
        return True
    words = value.split()
    if len(words) > 6:
        return False
    if words[0].lower() in scan.rules.not_names:
        return False
    caps = 0
    for w in words:
        if w.lower() in scan.rules.particles:
            continue
        if not _NAME_TOKEN.fullmatch(w):
            return False
        caps += 1
    return caps >= 1 and (len(words) > 1 or value.isupper() or value[0] == "@" or len(value) > 2)


def _looks_like_names(scan: _Scan, s: int, e: int) -> bool:
    names = _names(scan.doc.text, s, e)
    if not names:
        return False
    text = scan.doc.text
    comma = text.find(",", s, e)
    if comma > 0:
        tail = text[comma + 1:e].strip(_TRAILING)
        if _is_role(scan, tail) or scan.registry.find_name(tail) or _is_outlet_like(scan, tail):
            names = _names(text, s, comma)
    return bool(names) and all(_is_name_like(scan, n) for n, _, _ in names)


def _is_outlet_like(scan: _Scan, name: str) -> bool:
    """A name with a word outlets use in their names (Diario, Times, Agencia, Gazette...)."""
    words = {w.lower() for w in _WORD_APOS.findall(name)}
    return not words.isdisjoint(scan.rules.outlet_words)


_WORD_APOS = re.compile(r"[\w’'-]+")



def _has_name(items, name: str) -> bool:
    key = fold(name)
    return any(fold(i.name) == key for i in items)


# ------------------------------------------------------------------------------------------
# Putting it together: precedence, self-references, original language, the chain


def _assemble(scan: _Scan) -> Provenance:
    publisher = _pick_publisher(scan)
    sources = []
    for o in scan.sources:
        if publisher and (fold(o.name) == fold(publisher.name) or (o.registry_id and o.registry_id == publisher.registry_id)):
            scan.note("self-source", f"{o.name!r} names the publisher itself as a source; not counted as a source",
                      o.evidence[0].start, o.evidence[0].end)
            continue
        sources.append(o)
    cited = [o for o in scan.cited if not any(fold(o.name) == fold(s.name) for s in sources)
             and not (publisher and fold(o.name) == fold(publisher.name))]
    translators = _dedupe(scan.translators)
    date, date_ev = _pick_date(scan)
    orig_lang, orig_ev = _original_language(scan, sources, translators)
    translators = [t if t.from_language or not orig_lang else t.model_copy(update={"from_language": orig_lang})
                   for t in translators]
    to_lang = scan.language or (publisher.language if publisher else None)
    translators = [t if t.to_language or not to_lang else t.model_copy(update={"to_language": to_lang})
                   for t in translators]
    bylines = _order_bylines(scan.bylines)
    prov = Provenance(
        source_outlets=sources, cited_outlets=cited, publisher=publisher, translators=translators,
        revisers=_dedupe(scan.revisers), contributors=scan.contributors, photo_credits=scan.photos,
        editorial_tags=scan.tags, bylines=bylines, dateline=scan.dateline, date=date, date_evidence=date_ev,
        original_language=orig_lang, original_language_evidence=orig_ev,
    )
    return prov.model_copy(update={"chain": build_chain(prov, scan.language)})


def _dedupe(items):
    out, seen = [], set()
    for item in items:
        key = fold(item.name)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _order_bylines(bylines: list[Byline]) -> list[Byline]:
    rank = {"text": 0, "html-meta": 1, "header": 2}
    text_ones = [b for b in bylines if b.evidence[0].rule != "credits.byline.last_line"]
    chosen = text_ones or bylines
    return sorted(chosen, key=lambda b: rank.get(b.evidence[0].origin, 3))


def _pick_publisher(scan: _Scan) -> Outlet | None:
    if not scan.publishers:
        # an organisation credited with the translation is the publisher when a tag names it
        return None
    name, ev, entry = scan.publishers[0]
    for other, oev, _ in scan.publishers[1:]:
        if fold(other) != fold(name):
            scan.note("publisher-conflict", f"publisher {name!r} ({ev.rule}) wins over {other!r} ({oev.rule})",
                      oev.start, oev.end)
    evidence = [ev] + [oev for other, oev, _ in scan.publishers[1:] if fold(other) == fold(name)]
    return _outlet(scan, entry.name if entry else name, entry, evidence, ev.confidence)


def _pick_date(scan: _Scan) -> tuple[str | None, Evidence | None]:
    if not scan.dates:
        return None, None
    order = ["credits.date.header", "credits.date.html_meta", "credits.date.byline", "credits.date.outlet_line",
             "credits.date.own_line", "credits.date.dateline", "credits.date.url"]
    ranked = sorted(scan.dates, key=lambda d: order.index(d[1].rule) if d[1].rule in order else len(order))
    best, ev = ranked[0]
    for other, oev in ranked[1:]:
        if other != best and oev.rule != "credits.date.url":
            scan.note("date-conflict", f"date {best} ({ev.rule}) wins over {other} ({oev.rule})", oev.start, oev.end)
    return best, ev


def _original_language(scan: _Scan, sources: list[Outlet], translators: list[Translator]) -> tuple[str | None, Evidence | None]:
    """Only for a translation: stated > the source outlet's registry language > its name's language."""
    if scan.original_language:
        return scan.original_language
    if not sources:
        return None, None
    src = sources[0]
    if translators:
        if src.language:
            return src.language, Evidence(text=src.name, rule="credits.original_language.registry",
                                          confidence=CONFIDENCE["registry"], origin="registry")
        guess = _name_language(scan, src.name)
        if guess:
            ev = src.evidence[0]
            return guess, ev.model_copy(update={"rule": "credits.original_language.outlet_name", "confidence": 0.5})
        return None, None
    return None, None


def _name_language(scan: _Scan, name: str) -> str | None:
    """The language an outlet's name is written in, from its function words ("Diario del Sur" -> es)."""
    votes: dict[str, int] = {}
    for word in re.findall(r"[\w'’]+", name.lower()):
        lang = scan.rules.name_words.get(word)
        if lang:
            votes[lang] = votes.get(lang, 0) + 1
    if not votes:
        return None
    best = max(sorted(votes), key=votes.get)
    return best if list(votes.values()).count(votes[best]) == 1 else None


def build_chain(prov: Provenance, language: str | None) -> list[ChainStep]:
    """Original publication -> translation -> publication, each with actor, role and language."""
    steps: list[ChainStep] = []
    publisher = prov.publisher
    pub_lang = language or (publisher.language if publisher else None)
    if prov.source_outlets:
        src = prov.source_outlets[0]
        steps.append(ChainStep(step="original", actor=src.name, role="original publication",
                               language=prov.original_language or src.language,
                               rules=sorted({ev.rule for ev in src.evidence})))
    if prov.translators:
        orgs = [t for t in prov.translators if t.kind == "organisation"]
        actor = orgs[0].name if orgs else (publisher.name if publisher else None)
        people = [Contributor(name=t.name, role="translator", confidence=t.confidence, evidence=t.evidence)
                  for t in prov.translators if t.kind == "person"] + list(prov.revisers)
        steps.append(ChainStep(step="translation", actor=actor, role="translation",
                               language=prov.translators[0].to_language or pub_lang, people=people,
                               rules=sorted({ev.rule for t in prov.translators for ev in t.evidence})))
    if publisher or prov.editorial_tags or prov.bylines:
        people = [Contributor(name=b.name, role=b.role or "author", confidence=b.confidence, evidence=b.evidence)
                  for b in prov.bylines]
        for tag in prov.editorial_tags:
            for member in tag.staff:
                people.append(Contributor(name=member.name or member.initials, role="editorial staff",
                                          confidence=tag.confidence, evidence=tag.evidence))
        steps.append(ChainStep(step="publication", actor=publisher.name if publisher else None, role="publication",
                               language=pub_lang, people=people,
                               rules=sorted({ev.rule for ev in publisher.evidence}) if publisher else []))
    return steps
