"""The spreadsheet workbook: `commitments_overview` first, one sheet per resource, and an
"À propos / About" sheet last.

For people who open files in Excel or LibreOffice, French locale included: no import wizard,
accents intact (xlsx is Unicode), dates as real dates shown YYYY-MM-DD, numbers as numbers
(so a commitment's number sorts 1, 2, ... 10). Each sheet has the fields' French and English
titles as its first row, their machine names as its second, both frozen, an autofilter, and
columns as wide as their values. Formula safety: every text cell is stored as text, so a
value starting with =, +, - or @ is shown as written and never run. The CSV and JSON keep the
values unaltered. The document's properties come from the package, and the file is written
with fixed timestamps, so that the same data give the same bytes.

XlsxWriter (constant-memory mode) writes the workbook around the data: properties, styles,
widths, the two header rows, the About sheet. The data rows are made by DuckDB
(sheet_rows.py) and streamed into each sheet as the zip is written, so a workbook costs
neither the time nor the memory of handling its cells one by one in Python.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipeline.publish import sheet_rows, xml_text

WIDTH = (8, 60)  # narrowest and widest column, in characters
SAMPLE = 1000  # rows looked at to fit a column's width


def write(path: Path, con, sheets: list[tuple[str, list[dict], str]], about: dict) -> None:
    """`sheets`: (sheet name, schema fields, query giving the table's rows in order), in the
    order they should appear, each run on `con`. `about`: the package's title, version,
    licence, sources, citation and creation date, for the last sheet and the document's
    properties. publish makes a workbook only for packages far below a sheet's 1,048,576
    rows (package.DOCUMENT_CELLS)."""
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
    counts = []
    for name, fields, rows in sheets:
        counts.append(con.execute(f"select count(*) from ({rows})").fetchone()[0])
        _table(book.add_worksheet(name[:31]), fields, counts[-1], _widths(con, fields, rows), styles)
    _about(book.add_worksheet("À propos - About"), about, created, styles)
    book.close()  # the date style has its index now: the About sheet's creation date uses it
    data = {
        f"xl/worksheets/sheet{k}.xml": (fields, sheet_rows.query(fields, rows, styles["date"].xf_index), n)
        for k, ((_, fields, rows), n) in enumerate(zip(sheets, counts, strict=True), start=1)
    }
    _fixed_zip(buffer.getvalue(), path, created, con, data)


def _widths(con, fields: list[dict], rows: str) -> list[int]:
    """Each column as wide as its title, its name and its widest value among the first rows."""
    longest = ", ".join(f'max(length(cast("{f["name"]}" as varchar)))' for f in fields)
    values = con.execute(f"select {longest} from ({rows} limit {SAMPLE})").fetchone()
    return [
        min(max(max(len(f.get("title", f["name"])), len(f["name"]), v or 0) + 2, WIDTH[0]), WIDTH[1])
        for f, v in zip(fields, values, strict=True)
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


def _fixed_zip(data: bytes, path: Path, created: dt.datetime, con, sheets: dict) -> None:
    """Rewrite the xlsx zip with one fixed timestamp on every entry (same data, same bytes),
    each table's rows streamed into its sheet, after the two header rows XlsxWriter wrote."""
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
            if item.filename not in sheets:
                target.writestr(entry, content)
                continue
            fields, query, count = sheets[item.filename]
            last = f"{xl_col_to_name(len(fields) - 1)}{count + 2}"  # the sheet's extent, rows included
            head, tail = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>'.encode(), content).split(
                b"</sheetData>"
            )
            with target.open(entry, "w") as out:
                out.write(head)
                for row in sheet_rows.rows(con.execute(query), fields):
                    out.write(row.encode("utf-8"))
                out.write(b"</sheetData>" + tail)
