"""The data rows of a worksheet as SpreadsheetML, made by DuckDB from the published table.

Why: writing a workbook cell by cell in Python was most of publishing 10,000 IRM rows (a
million cells, 3.9 s of 8.2 s). DuckDB makes each row's XML in one query; Python only
numbers the rows and streams them into the workbook that XlsxWriter wrote around them.

Each cell is what XlsxWriter writes in constant-memory mode (its worksheet.py _write_cell
and _write_string, xmlwriter.py _xml_inline_string, _escape_control_characters and
_escape_data): text inline, with `xml:space="preserve"` where it starts or ends with a
space, `_xHHHH_` escapes, and past 32,767 UTF-16 units cut to Excel's limit; numbers as
`{:.16G}`; dates as Excel serial days in the date style; booleans as 1 or 0.
tests/test_sheet_rows.py compares the two writers on hostile text. One difference, on
purpose: XlsxWriter writes a text that starts with `<r>` and ends with `</r>` as raw XML (a
rich string); here it is text like any other.
"""

from __future__ import annotations

import re
import sys
from html import escape

from xlsxwriter.utility import xl_col_to_name

from pipeline.publish import xml_text

DIGITS = 10**15 - 1  # a whole number up to this is written as its digits; past it, as {:.16G} writes it
LONGEST = 32767  # Excel's limit on a cell's text, in UTF-16 units
ROW = "\x01"  # stands for the row number in each cell reference: a control character, never in a text
LONG = "\x02"  # marks where a text past LONGEST goes, written by long_text() instead
# what Python's str.isspace() takes for a space (XlsxWriter's \s), as a regular expression class
SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) + "]"
CONTROL = "[\\x{0}-\\x{8}\\x{b}\\x{c}\\x{e}-\\x{1f}]"  # xml_text.CONTROL


def query(fields: list[dict], rows: str, date_style: int) -> str:
    """For each row of the query `rows` (the table's typed columns, in order): its cells' XML,
    with ROW for the row number and LONG marks, and the texts past Excel's limit."""
    texts, cells, longs = [], [], []
    for i, field in enumerate(fields):
        value, ref = f'"{field["name"]}"', f"'<c r=\"{xl_col_to_name(i)}' || chr(1) || '\"'"
        kind = field["type"]
        if kind == "string":
            text = f'"__text{i}"'  # the text as XlsxWriter stores it, computed once below
            safe = f"regexp_replace({value}, '{CONTROL}', chr(65533), 'g')"  # xml_text.safe
            texts.append(f"{_escaped_controls(safe)} as {text}")
            cell = (
                f"case when strlen({value}) > {LONGEST} then chr(2) || '{i}' || chr(2) "
                f"else {ref} || ' t=\"inlineStr\"><is><t' "
                f"|| case when regexp_matches({text}, '^{SPACE}|{SPACE}$') then ' xml:space=\"preserve\"' else '' end "
                f"|| '>' || replace(replace(replace({text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') "
                "|| '</t></is></c>' end"
            )
            longs.append(f"case when strlen({value}) > {LONGEST} then {{'c': {i}, 'v': {value}}} end")
        elif kind == "integer":
            number = (
                f"case when {value} between -{DIGITS} and {DIGITS} then cast({value} as varchar) "
                f"else printf('%.16G', {value}::double) end"
            )
            cell = f"{ref} || '><v>' || {number} || '</v></c>'"
        elif kind == "number":  # not finite: XlsxWriter refuses it, and so does this
            number = (
                f"case when isfinite({value}) then printf('%.16G', {value}) "
                f"else error('{field['name']}: not a finite number') end"
            )
            cell = f"{ref} || '><v>' || {number} || '</v></c>'"
        elif kind == "date":
            days = f"date_diff('day', DATE '1899-12-31', {value})"  # then Excel's 29 February 1900
            cell = f"{ref} || ' s=\"{date_style}\"><v>' || cast({days} + ({days} > 59)::int as varchar) || '</v></c>'"
        elif kind == "boolean":
            cell = f"{ref} || ' t=\"b\"><v>' || case when {value} then '1' else '0' end || '</v></c>'"
        else:
            raise ValueError(f"{field['name']}: no cell for type {kind}")
        cells.append(f"case when {value} is null then '' else {cell} end")
    found = f"list_filter([{', '.join(longs)}], lambda x: x is not null)" if longs else "[]"
    computed = f"select *, {', '.join(texts)} from ({rows})" if texts else rows
    return f"select concat({', '.join(cells)}) as cells, {found} as longs from ({computed})"


def rows(cursor, fields: list[dict], first: int = 3, batch: int = 10_000):
    """The `<row>` elements of the query's result, numbered from `first`."""
    r = first
    while fetched := cursor.fetchmany(batch):
        for cells, longs in fetched:
            for item in longs:
                cells = cells.replace(f"{LONG}{item['c']}{LONG}", long_text(xl_col_to_name(item["c"]), item["v"]))
            if cells:
                yield f'<row r="{r}">{cells.replace(ROW, str(r))}</row>'
            r += 1


def long_text(column: str, value: str) -> str:
    """A text cell past Excel's limit, cut as XlsxWriter cuts it; the row number stays ROW."""
    text, units = xml_text.safe(value), 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > LONGEST:
            text = text[:index]
            break
    text = escaped_controls(text)
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{column}{ROW}" t="inlineStr"><is><t{preserve}>{escape(text, quote=False)}</t></is></c>'


def escaped_controls(text: str) -> str:
    """XlsxWriter's _escape_control_characters, after xml_text.safe has replaced the others."""
    text = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text).replace("\r", "_x000D_")
    return text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def _escaped_controls(text: str) -> str:
    """escaped_controls in SQL."""
    escaped = f"regexp_replace({text}, '(_x[0-9a-fA-F]{{4}}_)', '_x005F\\1', 'g')"
    return f"replace(replace(replace({escaped}, chr(13), '_x000D_'), chr(65534), '_xFFFE_'), chr(65535), '_xFFFF_')"
