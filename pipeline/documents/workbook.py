"""The spreadsheet workbook: `commitments_overview` first, one sheet per resource, and an
"À propos / About" sheet last.

For people who open files in Excel or LibreOffice, French locale included: no import wizard,
accents intact (xlsx is Unicode), dates as real dates shown YYYY-MM-DD, numbers as numbers
(so a commitment's number sorts 1, 2, ... 10). Each sheet has the fields' French and English
titles as its first row, their machine names as its second, both frozen, an autofilter, and
columns as wide as their values. Formula safety: every text cell is stored as text, so a
value starting with =, +, - or @ is shown as written and never run. The CSV and JSON keep the
values unaltered. The document's properties come from the package; XlsxWriter stamps its zip
entries with one fixed time and its properties with the package's creation date, so that the
same data give the same bytes.

XlsxWriter writes every cell, each by the writer of its field's type, and holds them in memory
until the workbook is written: one is made only below descriptors.DOCUMENT_CELLS. XlsxWriter
writes a text that starts with `<r>` and ends with `</r>` as raw rich-string XML
(sharedstrings.py `_write_si`, worksheet.py `_write_cell`), which a hostile value must never
be: such a text goes in as a rich string of plain runs, which it escapes and a reader
joins back (a carriage return or a noncharacter in such a text is shown as U+FFFD).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import xlsxwriter

from pipeline.documents import xml_text

RICH_UNSAFE = re.compile("[\r\ufffe\uffff]")
WIDTH = (8, 60)  # narrowest and widest column, in characters
SAMPLE = 1000  # rows looked at to fit a column's width


def write(path: Path, sheets: list[tuple[str, list[dict], list[tuple]]], about: dict) -> None:
    """`sheets`: (sheet name, schema fields, the table's rows in order), in the order they
    should appear. `about`: the package's title, version,
    licence, sources, citation and creation date, for the last sheet and the document's
    properties. publish makes a workbook only for packages far below a sheet's 1,048,576
    rows (descriptors.DOCUMENT_CELLS)."""
    created = dt.datetime.fromisoformat(about["created"].replace("Z", "+00:00")).replace(tzinfo=None)
    # text is text: never a formula, a URL or a number. Each part of the workbook is assembled in
    # memory, not in a temporary file of the system's: a fifth less time, and a full or
    # read-only temporary folder cannot stop it (the workbook's size is bounded: DOCUMENT_CELLS)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    options["in_memory"] = True
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties(
        {"title": about["title"], "author": about["publisher"], "created": created, "comments": about["version"]}
    )
    book.set_custom_property("version", about["version"])
    styles = {
        "title": book.add_format({"bold": True}),
        "name": book.add_format({"italic": True, "font_color": "#666666"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for name, fields, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        count, longest = _rows(sheet, fields, rows, styles["date"])
        _table(sheet, fields, count, _widths(fields, longest), styles)
    _about(book.add_worksheet("À propos - About"), about, created, styles)
    book.close()


def _rows(sheet, fields: list[dict], rows: list[tuple], date_style) -> tuple[int, list[int]]:
    """The table's rows from the third row down, each cell by its type's writer; a missing
    value is an empty cell. Returns how many rows were written, and each column's longest
    value among the first SAMPLE rows, in characters as it reads (a date as YYYY-MM-DD)."""
    writers = [_writer(sheet, field, date_style) for field in fields]
    longest = [0] * len(fields)
    for row in rows[:SAMPLE]:
        longest = [max(n, len(str(v)) if v is not None else 0) for n, v in zip(longest, row, strict=True)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if value is not None:
                writers[c](r, c, value)
    return len(rows), longest


def _writer(sheet, field: dict, date_style):
    kind = field["type"]
    if kind == "string":
        return lambda r, c, value: _text(sheet, r, c, xml_text.safe(value))
    if kind in ("integer", "number"):
        return lambda r, c, value: sheet.write_number(r, c, _finite(field["name"], value))
    if kind == "date":
        return lambda r, c, value: sheet.write_datetime(r, c, value, date_style)
    if kind == "boolean":
        return sheet.write_boolean
    raise ValueError(f"{field['name']}: no cell for type {kind}")


def _text(sheet, r: int, c: int, text: str) -> None:
    if not (text.startswith("<r>") and text.endswith("</r>")):
        sheet.write_string(r, c, text)
        return
    # A rich string's runs are escaped twice: each run's text, then the whole string
    # (xmlwriter.py _xml_data_element, sharedstrings.py _write_si). So no run may hold a whole
    # _xHHHH_, and the three characters that escaping turns into one (\r, U+FFFE, U+FFFF) are
    # shown as U+FFFD, as the ones XML cannot hold are (xml_text.safe).
    text = RICH_UNSAFE.sub("\ufffd", text)
    runs = [text[:1], text[1:3], *(run for run in re.split(r"(?<=_)(?=x[0-9A-Fa-f]{4}_)", text[3:]) if run)]
    sheet.write_rich_string(r, c, *runs)  # XlsxWriter asks for three runs at least


def _finite(name: str, value):
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name}: not a finite number")
    return value


def _widths(fields: list[dict], longest: list[int]) -> list[int]:
    """Each column as wide as its title, its name and its widest value among the first rows."""
    return [
        min(max(max(len(f.get("title", f["name"])), len(f["name"]), v) + 2, WIDTH[0]), WIDTH[1])
        for f, v in zip(fields, longest, strict=True)
    ]


def _table(sheet, fields: list[dict], count: int, widths: list[int], styles: dict) -> None:
    """The sheet around its rows: widths, two header rows, frozen, an autofilter over all rows."""
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, count + 1, len(fields) - 1)
    for i, field in enumerate(fields):
        sheet.write_string(0, i, field.get("title", field["name"]), styles["title"])
    for i, field in enumerate(fields):
        sheet.write_string(1, i, field["name"], styles["name"])


def _about(sheet, about: dict, created: dt.datetime, styles: dict) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 100)
    lines = [
        ("Titre / Title", about["title"]),
        ("Version", about["version"]),
        ("Licence / Licence", about["license"]),
        ("Éditeur / Publisher", about["publisher"]),
        ("Citer / How to cite", about["citation"]),
        ("Dictionnaire / Dictionary", "README.md, à côté de ce fichier / beside this file"),
        *(("Source", _source(source)) for source in about["sources"]),
    ]
    for r, (label, value) in enumerate(lines):
        sheet.write_string(r, 0, label, styles["title"])
        sheet.write_string(r, 1, xml_text.safe(value))
    sheet.write_string(len(lines), 0, "Créé / Created", styles["title"])
    sheet.write_datetime(len(lines), 1, created, styles["date"])


def _source(source: dict) -> str:
    """A package source as one line: "title: URL", or whichever of the two it has."""
    if "title" in source and "path" in source:
        return f"{source['title']}: {source['path']}"
    return source.get("path") or source.get("title")
