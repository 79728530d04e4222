"""The spreadsheet workbook: `commitments_overview` first, one sheet per resource, and an
"À propos / About" sheet last.

For people who open files in Excel or LibreOffice, French locale included: no import wizard,
accents intact (xlsx is Unicode), dates as real dates shown YYYY-MM-DD, numbers as numbers
(so a commitment's number sorts 1, 2, ... 10). Each sheet has the fields' French and English titles as its first row,
their machine names as its second, both frozen, an autofilter, and columns as wide as their
values. Formula safety: every text cell is stored as text, so a value starting with =, +, -
or @ is shown as written and never run. The CSV and JSON keep the values unaltered.
The document's properties come from the package, and the file is written with fixed
timestamps, so that the same data give the same bytes.

Written by XlsxWriter in its constant-memory mode: row by row, each row flushed to disk, so
a workbook costs neither the time nor the memory of holding its cells (openpyxl, before,
was most of a 10,000-row publish).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import xlsxwriter

from pipeline.publish import xml_text

WIDTH = (8, 60)  # narrowest and widest column, in characters
SAMPLE = 1000  # rows looked at to fit a column's width


def write(path: Path, sheets: list[tuple[str, list[dict], list[tuple]]], about: dict) -> None:
    """`sheets`: (sheet name, schema fields, rows), in the order they should appear. `about`:
    the package's title, version, licence, sources, citation and creation date, for the last
    sheet and the document's properties. publish makes a workbook only for packages far
    below a sheet's 1,048,576 rows (package.DOCUMENT_CELLS)."""
    created = dt.datetime.fromisoformat(about["created"].replace("Z", "+00:00")).replace(tzinfo=None)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
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
        _table(book.add_worksheet(name[:31]), fields, rows, styles)
    _about(book.add_worksheet("À propos - About"), about, styles)
    book.close()
    _fixed_zip(buffer.getvalue(), path, created)


def _table(sheet, fields: list[dict], rows: list[tuple], styles: dict) -> None:
    kinds = [field["type"] for field in fields]
    for i, field in enumerate(fields):
        values = [field.get("title", field["name"]), field["name"]] + [row[i] for row in rows[:SAMPLE]]
        widest = max((len(str(v)) for v in values if v is not None), default=0)
        sheet.set_column(i, i, min(max(widest + 2, WIDTH[0]), WIDTH[1]))
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, len(rows) + 1, len(fields) - 1)
    for i, field in enumerate(fields):
        sheet.write_string(0, i, field.get("title", field["name"]), styles["title"])
    for i, field in enumerate(fields):
        sheet.write_string(1, i, field["name"], styles["name"])
    for r, row in enumerate(rows, start=2):
        for i, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            _cell(sheet, r, i, value, kind, styles)


def _about(sheet, about: dict, styles: dict) -> None:
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


def _source(source: dict) -> str:
    """A package source as one line: "title: URL", or whichever of the two it has."""
    if "title" in source and "path" in source:
        return f"{source['title']}: {source['path']}"
    return source.get("path") or source.get("title")


def _cell(sheet, r: int, c: int, value, kind: str, styles: dict) -> None:
    if value is None:
        return
    if kind == "string":
        sheet.write_string(r, c, xml_text.safe(value))  # text, never a formula, whatever it starts with
    elif kind == "date":
        sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), styles["date"])
    elif kind == "boolean":
        sheet.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value)
    else:
        sheet.write(r, c, value)


def _fixed_zip(data: bytes, path: Path, created: dt.datetime) -> None:
    """Rewrite the xlsx zip with one fixed timestamp on every entry: same data, same bytes."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=created.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # the time of saving, where a writer stamps it
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)", rb"\g<1>" + stamp + rb"\g<2>", content
                )
            target.writestr(entry, content)
