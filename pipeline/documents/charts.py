"""The plan at a glance: five SVG charts made from the published tables at publish time.

Written by hand rather than with a plotting library: a few bars and a grid need no more, the
same rows give the same bytes (no ids, dates or random names inside), and the files stay a
few kilobytes. Every figure says what it counts, and ends with notes: a legend, where sources
disagree, and the package, version and date it was drawn from, so a chart copied alone still
says where it comes from. A rating is written with the tables' own code, never renamed.
"""

from __future__ import annotations

import textwrap

from pipeline.documents.xml_text import escaped as escape

WIDTH = 760
ROW = 22
LABEL = 330  # width kept for the labels left of the bars
FONT = "font-family='DejaVu Sans, Arial, sans-serif' font-size='12'"
COLOURS = {  # IRM codes, from the worst to the best; anything else is grey
    "did_not_change": "#d9d9d9",
    "marginal": "#9ecae1",
    "major": "#3182bd",
    "outstanding": "#08519c",
    "yes": "#31a354",
    "no": "#d9d9d9",
}
NO_ROW = "no row"  # an OGP id with no assessments row for the report: no source rates it
CODES = (  # what the ratings chart may write, as the assessments Table Schema defines it
    "ND, NR, NA: OGP's missing-value codes, as the source prints them; "
    "not_shown: the source (a commitment page) shows no value",
    f"{NO_ROW}: no row of assessments.csv for this report (no source rates it)",
)
DISPUTED = " †"  # after a value disagreements.csv disputes; the cell keeps the value's colour
NOTE = 14  # height of a line of notes


def _notes(lines: list[str], top: int) -> list[str]:
    return [
        f"<text x='0' y='{top + 12 + i * NOTE}' font-size='10' fill='#444444'>{escape(line)}</text>"
        for i, line in enumerate(lines)
    ]


def _svg(height: int, title: str, body: list[str], notes: tuple[str, ...] = ()) -> str:
    notes = tuple(line for note in notes for line in textwrap.wrap(note, 130))  # 10px text across the width
    body = [*body, *_notes(list(notes), height)]
    height += len(notes) * NOTE + (8 if notes else 0)
    return "\n".join(
        [
            f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
            f"viewBox='0 0 {WIDTH} {height}' role='img' {FONT}>",
            f"<title>{escape(title)}</title>",
            f"<text x='0' y='16' font-size='15' font-weight='bold'>{escape(title)}</text>",
            *body,
            "</svg>",
            "",
        ]
    )


def _label(text: str, limit: int = 46) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def bars(title: str, counts: list[tuple[str, int]], unit: tuple[str, str], notes: tuple[str, ...] = ()) -> str:
    """One horizontal bar per (label, count), in the order given; `unit` is (one, several)."""
    top = max((n for _, n in counts), default=0) or 1
    span = WIDTH - LABEL - 120
    body = []
    for i, (label, n) in enumerate(counts):
        y = 34 + i * ROW
        body.append(f"<text x='{LABEL - 8}' y='{y + 15}' text-anchor='end'>{_label(label)}</text>")
        body.append(
            f"<rect x='{LABEL}' y='{y + 3}' width='{round(span * n / top)}' height='{ROW - 6}' fill='#3182bd'/>"
        )
        body.append(f"<text x='{LABEL + round(span * n / top) + 6}' y='{y + 15}'>{n} {escape(unit[n != 1])}</text>")
    return _svg(44 + len(counts) * ROW, title, body, notes)


def grid(title: str, columns: list[str], rows: list[tuple[str, list[str]]], notes: tuple[str, ...] = ()) -> str:
    """A table of coloured cells: one row per label, one cell per column, its value written in."""
    cell = (WIDTH - 120) // len(columns)
    body = [
        f"<text x='{120 + i * cell + cell // 2}' y='44' text-anchor='middle' font-weight='bold'>{escape(c)}</text>"
        for i, c in enumerate(columns)
    ]
    for r, (label, values) in enumerate(rows):
        y = 52 + r * ROW
        body.append(f"<text x='0' y='{y + 15}'>{escape(label)}</text>")
        for i, value in enumerate(values):
            colour = COLOURS.get(value.removesuffix(DISPUTED), "#f0f0f0")
            body.append(
                f"<rect x='{120 + i * cell}' y='{y + 2}' width='{cell - 4}' height='{ROW - 4}' fill='{colour}'/>"
            )
            body.append(
                f"<text x='{120 + i * cell + cell // 2}' y='{y + 15}' text-anchor='middle'>{_label(value, 40)}</text>"
            )
    return _svg(60 + len(rows) * ROW, title, body, notes)


def timeline(
    title: str, items: list[tuple[str, str, str]], first_year: int, last_year: int, notes: tuple[str, ...] = ()
) -> str:
    """(due, precision, label) on a time axis from `first_year` to the end of `last_year`: a
    date known to the month is a dot in that month; one known to the year, a season or a half (no
    month named) a bar over the year."""
    months = (last_year - first_year + 1) * 12
    span = WIDTH - LABEL - 20
    body = []
    for year in range(first_year, last_year + 2):
        x = LABEL + round(span * (year - first_year) * 12 / months)
        body.append(f"<line x1='{x}' y1='30' x2='{x}' y2='{40 + len(items) * ROW}' stroke='#bbbbbb'/>")
        if year <= last_year:
            body.append(f"<text x='{x + 4}' y='44' fill='#555555'>{year}</text>")
    for i, (due, precision, label) in enumerate(items):
        y = 50 + i * ROW
        dated = precision in ("month", "day")  # else a bar over the year (year, season, half, years)
        start = (int(due[:4]) - first_year) * 12 + (int(due[5:7]) - 1 if dated else 0)
        x = LABEL + round(span * start / months)
        body.append(f"<text x='{LABEL - 8}' y='{y + 15}' text-anchor='end'>{_label(label)}</text>")
        if not dated:
            body.append(f"<rect x='{x}' y='{y + 6}' width='{round(span * 12 / months)}' height='10' fill='#9ecae1'/>")
        else:
            body.append(f"<circle cx='{x + round(span / months / 2)}' cy='{y + 11}' r='5' fill='#3182bd'/>")
    return _svg(60 + len(items) * ROW, title, body, notes)
