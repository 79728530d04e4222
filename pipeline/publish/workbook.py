"""The spreadsheet workbook: `commitments_overview` first, one sheet per resource, and an
"À propos / About" sheet last.

For people who open files in Excel or LibreOffice, French locale included: no import wizard,
accents intact (xlsx is Unicode), dates as real dates shown YYYY-MM-DD, numbers as numbers
(a text column that holds only whole numbers, such as a commitment's number, too, so that it
sorts 1, 2, ... 10). Each sheet has the fields' French and English titles as its first row,
their machine names as its second, both frozen, an autofilter, and columns as wide as their
values. Formula safety: every text cell is stored as text, so a value starting with =, +, -
or @ is shown as written and never run. The CSV and JSON keep the values unaltered.
The document's properties come from the package, and the file is written with fixed
timestamps, so that the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pipeline.publish import xml_text

BOLD = Font(bold=True)
NAME = Font(italic=True, color="666666")
WIDTH = (8, 60)  # narrowest and widest column, in characters
SAMPLE = 1000  # rows looked at to fit a column's width
WHOLE = re.compile(r"[0-9]{1,15}")


def write(path: Path, sheets: list[tuple[str, list[dict], list[tuple]]], about: dict) -> None:
    """`sheets`: (sheet name, schema fields, rows), in the order they should appear. `about`:
    the package's title, version, licence, sources, citation and creation date, for the last
    sheet and the document's properties. publish makes a workbook only for packages far
    below a sheet's 1,048,576 rows (package.DOCUMENT_CELLS)."""
    created = dt.datetime.fromisoformat(about["created"].replace("Z", "+00:00")).replace(tzinfo=None)
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = created
    book.properties.creator = about["publisher"]
    book.properties.title = about["title"]
    book.properties.version = about["version"]
    for name, fields, rows in sheets:
        _table(book.create_sheet(title=name[:31]), fields, rows)
    _about(book.create_sheet(title="À propos - About"), about)
    buffer = io.BytesIO()
    book.save(buffer)
    _fixed_zip(buffer.getvalue(), path, created)


def _table(sheet, fields: list[dict], rows: list[tuple]) -> None:
    kinds = [_kind(field, [row[i] for row in rows]) for i, field in enumerate(fields)]
    for i, field in enumerate(fields, start=1):
        values = [field.get("title", field["name"]), field["name"]] + [row[i - 1] for row in rows[:SAMPLE]]
        widest = max((len(str(v)) for v in values if v is not None), default=0)
        sheet.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, WIDTH[0]), WIDTH[1])
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(fields))}{len(rows) + 2}"
    sheet.append([_styled(sheet, field.get("title", field["name"]), BOLD) for field in fields])
    sheet.append([_styled(sheet, field["name"], NAME) for field in fields])
    for row in rows:
        sheet.append([_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)])


def _kind(field: dict, values: list) -> str:
    """The cell type of a column: a text column holding only whole numbers is written as numbers."""
    present = [v for v in values if v is not None]
    if field["type"] == "string" and present and all(isinstance(v, str) and WHOLE.fullmatch(v) for v in present):
        return "whole"
    return field["type"]


def _about(sheet, about: dict) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    lines = [
        ("Titre / Title", about["title"]),
        ("Version", about["version"]),
        ("Licence / Licence", about["license"]),
        ("Éditeur / Publisher", about["publisher"]),
        ("Citer / How to cite", about["citation"]),
        ("Dictionnaire / Dictionary", "README.md, à côté de ce fichier / beside this file"),
        *(("Source", source) for source in about["sources"]),
    ]
    for label, value in lines:
        sheet.append([_styled(sheet, label, BOLD), _cell(sheet, value, "string")])


def _styled(sheet, value: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    cell.data_type = TYPE_STRING
    return cell


def _cell(sheet, value, kind):
    if value is None or kind not in ("string", "date", "whole"):
        return value
    if kind == "whole":
        return int(value)
    if kind == "string":
        value = xml_text.safe(value)
    cell = WriteOnlyCell(sheet, value=value)
    if kind == "string":
        cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
    else:
        cell.number_format = "yyyy-mm-dd"
    return cell


def _fixed_zip(data: bytes, path: Path, created: dt.datetime) -> None:
    """Rewrite the xlsx zip with one fixed timestamp on every entry: same data, same bytes."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=created.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)", rb"\g<1>" + stamp + rb"\g<2>", content
                )
            target.writestr(entry, content)
