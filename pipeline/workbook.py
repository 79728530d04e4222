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
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

FIXED = dt.datetime(2000, 1, 1)


def write(path: Path, sheets: list[tuple[str, list[dict], list[tuple]]]) -> None:
    """`sheets`: (sheet name, schema fields, rows), in the order they should appear."""
    book = Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = FIXED
    book.properties.creator = "action-plan-data"
    for name, fields, rows in sheets:
        sheet = book.create_sheet(title=name[:31])
        sheet.append([field["name"] for field in fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for column, field in enumerate(fields, start=1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if field["type"] == "string" and cell.value is not None:
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
                elif field["type"] == "date" and cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    _fixed_zip(buffer.getvalue(), path)


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite the xlsx zip with one fixed timestamp on every entry: same data, same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
