"""Deadlines as a roadmap item's text states them, in French or English.

A deadline is read only where an item states one: a leading timing before a colon
("Mars 2016 : ...", "Été 2015 : ..."), or "d'ici / avant / by / before [la fin de] [month] year".
"à partir de 2015" or "from 2015" states a start, not a deadline, and is left alone. What is
read is a reading of the text, kept with the words it was read from.
"""

from __future__ import annotations

import re

MONTHS = {
    name: k
    for k, names in enumerate(
        (
            ("janvier", "january"),
            ("février", "february"),
            ("mars", "march"),
            ("avril", "april"),
            ("mai", "may"),
            ("juin", "june"),
            ("juillet", "july"),
            ("août", "august"),
            ("septembre", "september"),
            ("octobre", "october"),
            ("novembre", "november"),
            ("décembre", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(MONTHS)
# A deadline is read only where an item states one: a leading timing before a colon
# ("Mars 2016 : ...", "Été 2015 : ..."), or "d'ici / avant / by / before [la fin de] [month] year".
# "à partir de 2015" or "from 2015" states a start, not a deadline, and is left alone.
LEADING_TIMING = re.compile(r"^([^:]{0,30}?\b(20\d\d))\s*:")
STARTS = re.compile(r"\b(?:à partir|dès|depuis|from|since|starting)\b", re.IGNORECASE)
BY_TIMING = re.compile(
    r"\b((?:d'ici|d’ici|avant|by|before)\s+(?:(?:la\s+)?fin\s+(?:de\s+|d')?|(?:the\s+)?end\s+of\s+|mi-|mid-)?"
    r"(?:(?:" + _MONTH + r")\s+)?(20\d\d))\b",
    re.IGNORECASE,
)


def deadline(text: str) -> tuple[str, str]:
    """(due, the words it was read from) where the text states a deadline: YYYY-MM when a month
    is named, else YYYY; ("", "") when it states none."""
    found = LEADING_TIMING.match(text) or BY_TIMING.search(text)
    if not found:
        return "", ""
    phrase, year = found.group(1).strip(), found.group(2)
    if STARTS.search(phrase):
        return "", ""
    named = re.search(rf"\b({_MONTH})\s+{year}\b", phrase, re.IGNORECASE)
    return (f"{year}-{MONTHS[named.group(1).lower()]:02d}" if named else year), phrase
