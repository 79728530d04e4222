"""The spreadsheet workbook: `commitments_overview` first, then one sheet per resource.

For people who open files in Excel or LibreOffice, French locale included: no import wizard,
accents intact (xlsx is Unicode), dates as real dates shown YYYY-MM-DD, numbers as numbers.
Formula safety: every text cell is stored as text, so a value starting with =, +, - or @ is
shown as written and never run. The CSV and JSON keep the values unaltered.
The file is written with fixed timestamps so that the same data gives the same bytes.
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

BOLD = Font(bold=True)

FIXED = dt.datetime(2000, 1, 1)


def write(path: Path, sheets: list[tuple[str, list[dict], list[tuple]]]) -> None:
    """`sheets`: (sheet name, schema fields, rows), in the order they should appear. publish
    makes a workbook only for packages far below a sheet's 1,048,576 rows (package.DOCUMENT_CELLS)."""
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = FIXED
    book.properties.creator = "action-plan-data"
    for name, fields, rows in sheets:
        sheet = book.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"
        header = []
        for field in fields:
            cell = WriteOnlyCell(sheet, value=field["name"])
            cell.font = BOLD
            header.append(cell)
        sheet.append(header)
        kinds = [field["type"] for field in fields]
        for row in rows:
            sheet.append([_cell(sheet, value, kind) for value, kind in zip(row, kinds, strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    _fixed_zip(buffer.getvalue(), path)


# XML 1.0, and so a workbook, cannot hold these control characters; the CSV and JSON copies
# keep them as the source has them (the plan's pages have a few U+0002 left from a PDF).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(sheet, value, kind):
    if value is None or kind not in ("string", "date"):
        return value
    if kind == "string":
        value = CONTROL.sub("\ufffd", value)
    cell = WriteOnlyCell(sheet, value=value)
    if kind == "string":
        cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
    else:
        cell.number_format = "yyyy-mm-dd"
    return cell


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite the xlsx zip with one fixed timestamp on every entry: same data, same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            target.writestr(entry, content)
