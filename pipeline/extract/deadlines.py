"""Deadlines as a roadmap item's text states them, in French or English.

A timing is read where the text introduces a year with words of time: a leading heading before
a colon ("Mars 2016 : …", "2016:"), or "d'ici / avant / by / before / fin / end of / courant /
during / in / en / au cours de / throughout / within / mi- / mid- / à partir de / from …" before
a date. What is read is a reading of the text, kept with the words it was read from:

- `due`: the time by which the item happens (YYYY, YYYY-MM or YYYY-MM-DD: the end of a
  range), empty for a start ("from 2016" says when it begins, not when it is due);
- `precision`: day, month, season (summer, autumn, "rentrée": words that name no month),
  half (semester, mid-year), year, or years (a range of years);
- `kind`: deadline (by, before, the end of, a heading), during (in, during, courant), or start.

A year that names a thing rather than a time ("the 2014 budgets", "l'exercice 2013") has no
words of time before it and is left alone, as is a date that some other document carries ("la
circulaire du 12 mai 2015", "le rapport rendu en avril 2015").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: k
    for k, names in enumerate(
        (
            ("janvier", "january"),
            ("février", "fevrier", "february"),
            ("mars", "march"),
            ("avril", "april"),
            ("mai", "may"),
            ("juin", "june"),
            ("juillet", "july"),
            ("août", "aout", "august"),
            ("septembre", "september"),
            ("octobre", "october"),
            ("novembre", "november"),
            ("décembre", "decembre", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(MONTHS)
_YEAR = r"(20[0-9][0-9])(?![0-9])"
_SEASON = r"(?:printemps|été|automne|hiver|spring|summer|autumn|fall|winter|rentrée)"
_HALF = r"(?:1er|2e|2nd|premier|second|first|1st)\s+(?:semestre|half(?:-year)?(?:\s+of)?)"
# what may stand between the words of time and the year
_SPAN = (
    r"(?:(?:the\s+|la\s+|l'|l’)?(?:fin|end|début|beginning|cours|courant)\s+(?:de\s+|d'|d’|of\s+)?)?"
    r"(?:(?:the\s+|la\s+|l'|l’)?(?:année|year|rentrée)\s+(?:scolaire\s+)?)?"
    r"(?:the\s+)?"
)
_DATE = (
    rf"(?:(?P<day>[0-9]{{1,2}})(?:er)?\s+)?(?:(?P<month>{_MONTH})(?:\s+(?:et|and|to|à)\s+(?P<month2>{_MONTH}))?\s+)?"
    rf"(?P<season>{_SEASON}\s+)?(?P<half>{_HALF}\s+)?(?P<mid>mi-|mid-)?"
    rf"{_YEAR}(?:\s*(?:et|and|-|–)\s*(?P<year2>20[0-9][0-9])(?![0-9]))?"
    r"(?:\s+(?:year|school\s+year))?"
)
_WORDS = {
    "start": r"à\s+partir\s+de|à\s+compter\s+de|dès|depuis|from|since|starting(?:\s+in)?",
    "deadline": r"d'ici|d’ici|avant|by|before|until|jusqu'à|jusqu’à|no\s+later\s+than",
    "during": (
        r"courant|durant(?:\s+toute)?|during|throughout|within|au\s+cours\s+de|in|en|à|at|on|pour|for|entre|between"
    ),
}
TIMING = re.compile(
    r"(?P<words>\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _WORDS.items()) + r")\s+)?"
    r"(?P<phrase>(?:(?:fin|end\s+of)\s+)?" + _SPAN + _DATE + r")",
    re.IGNORECASE,
)
# words of time that the phrase itself may open with
TIME_AHEAD = re.compile(r"(?:fin|end|mi-|mid-|courant|début|beginning|the\s+end|la\s+fin)\b|mi-|mid-", re.IGNORECASE)
HEADING = re.compile(r"^\s*(?P<phrase>[^:]{0,40}?" + _YEAR + r")\s*:", re.IGNORECASE)
# every timing holds a year (TIMING and HEADING both end on _YEAR): a text without one has
# none, and is not scanned at every position by TIMING (five of six roadmap items: the plan's
# deadlines were read in 0.06 s, most of it on items with no year, and in 0.008 s with this)
ANY_YEAR = re.compile(_YEAR)
# a date of another document or event, not of the item
REFERENCE = re.compile(
    r"(?:circulaire|circular|rapport\s+rendu|report\s+published|rendu|dated|session|débat|debate|"
    r"exercice|financial\s+year)[^.;:]{0,100}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Timing:
    due: str = ""
    precision: str = ""
    as_written: str = ""
    kind: str = ""


NONE = Timing()


def _read(match: re.Match, heading: bool) -> Timing:
    g = match.groupdict()
    years = re.findall(r"20[0-9][0-9]", match.group("phrase"))
    year = years[-1]
    words = match.group("words") or ""
    phrase = (words + match.group("phrase")).strip()
    if g.get("start"):
        kind = "start"
    elif heading or g.get("deadline") or re.match(r"(?:fin|end)\b", match.group("phrase"), re.IGNORECASE):
        kind = "deadline"
    else:
        kind = "during"
    month = g.get("month2") or g.get("month")
    if len(set(years)) > 1:
        due, precision = year, "years"
    elif g.get("day") and month:
        due, precision = f"{year}-{MONTHS[month.lower()]:02d}-{int(g['day']):02d}", "day"
    elif month:
        due, precision = f"{year}-{MONTHS[month.lower()]:02d}", "month"
    elif g.get("season") or re.search(r"rentrée|school\s+year", phrase, re.IGNORECASE):
        due, precision = year, "season"
    elif g.get("half") or g.get("mid") or re.search(r"\b(?:mi-|mid-)", phrase, re.IGNORECASE):
        due, precision = year, "half"
    else:
        due, precision = year, "year"
    return Timing("" if kind == "start" else due, precision, phrase, kind)


def heading(text: str) -> bool:
    """Whether the item is a bare timing heading ("2016 :"), whose items below carry its content."""
    found = HEADING.match(text)
    return bool(found) and not text[found.end() :].strip()


def deadline(text: str) -> Timing:
    """The timing the item's text states (see the module's docstring), or NONE."""
    if not ANY_YEAR.search(text):
        return NONE
    lead = HEADING.match(text)
    if lead:
        inner = TIMING.search(lead.group("phrase"))
        if inner:
            return _read(inner, heading=True)
    for found in TIMING.finditer(text):
        if not (found.group("words") or TIME_AHEAD.match(found.group("phrase"))):
            continue  # a year with no words of time names a thing ("the 2014 budgets")
        if REFERENCE.search(text[: found.start()]):
            continue
        return _read(found, heading=False)
    return NONE
