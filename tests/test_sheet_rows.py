"""The workbook's rows made by DuckDB are the rows XlsxWriter writes cell by cell, byte for
byte, whatever the text: control characters, _xHHHH_ lookalikes, spaces of every kind at
either end, markup, texts past Excel's limit, huge numbers, dates around 1900's leap bug."""

import datetime as dt
import io
import re
import zipfile

import duckdb
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.publish import sheet_rows, xml_text

FIELDS = [
    {"name": "text", "type": "string"},
    {"name": "n", "type": "integer"},
    {"name": "day", "type": "date"},
    {"name": "flag", "type": "boolean"},
    {"name": "x", "type": "number"},
]
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def written_by_xlsxwriter(rows: list[tuple]) -> tuple[str, int]:
    """The sheet's data rows as XlsxWriter writes them cell by cell (as the workbook did before),
    and the date style's index."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("x")
    for r, (text, n, day, flag, x) in enumerate(rows, start=2):
        if text is not None:
            sheet.write_string(r, 0, xml_text.safe(text))
        if n is not None:
            sheet.write_number(r, 1, n)
        if day is not None:
            sheet.write_datetime(r, 2, dt.datetime(day.year, day.month, day.day), date)
        if flag is not None:
            sheet.write_boolean(r, 3, flag)
        if x is not None:
            sheet.write_number(r, 4, x)
    book.close()
    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode("utf-8")
    return re.search(r"<sheetData>(.*)</sheetData>|<sheetData/>", xml, re.S).group(1) or "", date.xf_index or 1


def written_by_duckdb(rows: list[tuple], date_style: int) -> str:
    con = duckdb.connect()
    con.execute("create table t (text varchar, n bigint, day date, flag boolean, x double)")
    if rows:
        con.executemany("insert into t values (?, ?, ?, ?, ?)", rows)
    query = sheet_rows.query(FIELDS, "select * from t order by rowid", date_style)
    return "".join(sheet_rows.rows(con.execute(query), FIELDS))


texts = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.text(st.sampled_from(SPACES + "ab_x0041_&<>\r\n\t\x01\x1f\ufffe\uffff😀é"), max_size=12),
    st.builds(lambda n, c: c * n, st.integers(32760, 32775), st.sampled_from(["a", "😀", " ", "&"])),
).filter(lambda t: t is None or not (t.startswith("<r>") and t.endswith("</r>")))  # see sheet_rows
rows = st.lists(
    st.tuples(
        texts,
        st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
        st.one_of(st.none(), st.dates(dt.date(1899, 12, 31), dt.date(9999, 12, 31))),
        st.one_of(st.none(), st.booleans()),
        st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(rows)
def test_duckdb_writes_the_rows_xlsxwriter_writes(table):
    expected, date_style = written_by_xlsxwriter(table)
    assert written_by_duckdb(table, date_style) == expected


def test_the_cases_that_matter_are_among_them():
    """The edges, named: each written the same way by both."""
    table = [
        ("=1+1", 1, dt.date(1900, 2, 28), True, 0.1),
        (" lead and trail\u3000", 10**17, dt.date(1900, 3, 1), False, -1e-300),
        ("a_x0041_b\rc\ufffe", -5, dt.date(2016, 1, 2), None, 1e22),
        ("😀" * 16384, None, None, None, 3.0),  # 32,768 UTF-16 units: cut
        ("x" * 40000 + "\x02", 0, None, True, None),
        (None, None, None, None, None),  # a row with no value is no <row>
    ]
    expected, date_style = written_by_xlsxwriter(table)
    assert written_by_duckdb(table, date_style) == expected
    assert 'xml:space="preserve"' in expected and "_x005F_x0041_" in expected and "_x000D_" in expected
