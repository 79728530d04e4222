"""Extract OGP's Independent Reporting Mechanism (IRM) commitment-level export, either generation.

Reads: a CSV export, recognised from its header: the current one (header starting
`Commitment Unique Identifier`, after the 2021 IRM Refresh) or the 2016 one (a line of
column indices, then a header starting `Country`, letter-prefixed values such as `c. high`).
Writes: rows of commitments (one per export row) and ratings (one per row, report and
indicator, with the vocabulary code), each with its file and line; and the count of every
artefact repaired. Why: the same indicator is spelt differently in each generation; this is
where both become one vocabulary, and where a value outside it stops the run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

from pipeline.errors import InputError
from pipeline.extract import text
from pipeline.extract.irm_vocabularies import INDICATORS, MISSING, NOT_SHOWN, REPORT_YEAR

IDENTITY = {
    "current": {
        "ogp_id": "Commitment Unique Identifier",
        "member": "Country/Locality",
        "member_code": "Code",
        "plan_id": "Action Plan ID",
        "plan_number": "Action Plan Number",
        "commitment_number": "Commitment Number",
        "year_of_submission": "Year Of Submission",
        "end_year": "Action Plan End Year",
        "theme": "Theme",
        "title": "Commitment Title",
        "short_title": "Short Title",
        "lead_institutions": "Lead Institution",
        "supporting_institutions": "Supporting Institution(s)",
        "url": "URL",
    },
    "2016": {
        "member": "Country",
        "plan_number": "Action Plan Number",
        "commitment_number": "Comm No",
        "year_of_submission": "Year of submission",
        "theme": "Theme",
        "title": "Commitment Title",
        "short_title": "Short Title",
        "lead_institutions": "Lead Institution",
        "supporting_institutions": "Supporting Institution(s)",
    },
}
REQUIRED = {
    "current": ("Commitment Unique Identifier", "Country/Locality", "Action Plan Number", "Commitment Number"),
    "2016": ("Country", "Action Plan Number", "Comm No"),
}
RATING_COLUMNS = tuple(i.columns["current"] for i in INDICATORS if "current" in i.columns)
SOURCE_COLUMN = "Source"  # optional: where a row's values come from, when not from the export itself
# optional: `inferred` when the source (a page) does not name the report its values belong to
REPORT_BASIS_COLUMN, REPORT_BASES = "Report Basis", ("stated", "inferred")
YEAR_FIELDS = ("year_of_submission", "end_year")
FIELDS = {
    "irm_commitments": [
        "row_key",
        "ogp_id",
        "member",
        "member_code",
        "plan_id",
        "plan_number",
        "commitment_number",
        "year_of_submission",
        "end_year",
        "theme",
        "title",
        "short_title",
        "lead_institutions",
        "supporting_institutions",
        "url",
        "generation",
        "source",
        "source_file",
        "source_line",
    ],
    "irm_ratings": [
        "row_key",
        "ogp_id",
        "report",
        "report_year",
        "indicator",
        "code",
        "value",
        "report_basis",
        "source",
        "source_file",
        "source_line",
    ],
}
LETTER_PREFIX = re.compile(r"^[a-e]\.\s+", re.IGNORECASE)
FLOAT_ARTEFACT = re.compile(r"^\d+\.\d*?(0{5,}\d|9{5,}\d)$")  # 1.1000000000000001, 2.2999999999999998
EXCEL_EPOCH = dt.date(1899, 12, 30)
# OGP was founded in 2011: a year outside this range is a broken cell (the schemas say the same)
YEARS = (2010, 2100)


def extract(data: bytes, path: str, default_source: str = "") -> tuple[dict[str, list[dict[str, str]]], Counter]:
    """Rows of one export, by entity (the keys of FIELDS), and the count of each repair made."""
    repairs: Counter = Counter()
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in FIELDS}
    handle = io.StringIO(text.decode(data, path, "no header and no rows"), newline="")
    for entity, row in stream(handle, path, repairs, default_source):
        rows[entity].append(row)
    return rows, repairs


def stream(
    handle: TextIO, path: str, repairs: Counter, default_source: str = ""
) -> Iterator[tuple[str, dict[str, str]]]:
    """(entity, row) of one export read from an open text file, row after row, so that an
    export of any size holds in little memory; `repairs` counts each repair made."""
    records = _records(handle, path)
    generation, header, header_line = _header(records, path, repairs)
    columns = {name: position for position, name in enumerate(header)}
    seen: dict[tuple[str, str], int] = {}
    repeats: Counter = Counter()
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line between rows carries nothing
        if [cell.strip() for cell in cells] == header:
            raise InputError(
                path, line, "the header again", f"line {header_line}'s header repeats (two exports joined?)"
            )
        if len(cells) != len(header):
            raise InputError(path, line, "ragged row", f"{len(cells)} cells for {len(header)} columns")
        cell = _cells(cells, columns, repairs)
        identity = {field: cell(column) for field, column in IDENTITY[generation].items()}
        identity["commitment_number"] = _number(identity["commitment_number"], identity["title"], repairs)
        for field in YEAR_FIELDS:
            identity[field] = _year(identity.get(field, ""), repairs, (path, line, IDENTITY[generation].get(field)))
        ogp_id = identity.get("ogp_id", "")
        source = cell(SOURCE_COLUMN) or default_source
        if ogp_id:
            key = ogp_id
            if (key, source) in seen:
                raise InputError(path, line, "duplicate commitment id", f"{key} is also on line {seen[(key, source)]}")
        else:
            # the 2016 export has no commitment id; some plans reuse a number (Bulgaria lists 1-5 twice)
            key = f"{identity['member']}|{identity['plan_number']}|{identity['commitment_number']}"
            repeats[key] += 1
            key = f"{key}#{repeats[key]}" if repeats[key] > 1 else key
        seen[(key, source)] = line
        provenance = {"source": source, "source_file": path, "source_line": str(line)}
        if (report_basis := cell(REPORT_BASIS_COLUMN)) not in ("", *REPORT_BASES):
            raise InputError(path, line, "unknown report basis", f"{report_basis!r} (known: {', '.join(REPORT_BASES)})")
        yield (
            "irm_commitments",
            {
                "row_key": key,
                **{f: identity.get(f, "") for f in IDENTITY["current"]},
                "generation": generation,
                **provenance,
            },
        )
        years: dict[str, str] = {}  # each report's year, read once per row
        for indicator in INDICATORS:
            if (column := indicator.columns.get(generation)) is None or column not in columns:
                continue
            if indicator.report not in years:
                year_column = REPORT_YEAR[indicator.report][generation]
                years[indicator.report] = _year(cell(year_column), repairs, (path, line, year_column))
            year, value = years[indicator.report], cell(column)
            if not value and not year:
                continue  # the row is not read for this report (it names no year for it)
            yield (
                "irm_ratings",
                {
                    "row_key": key,
                    "ogp_id": ogp_id,
                    "report": indicator.report,
                    "report_year": year,
                    "indicator": indicator.name,
                    "code": _code(indicator, value, column, path, line, repairs),
                    "value": value,
                    "report_basis": report_basis or "stated",
                    **provenance,
                },
            )


def _records(handle: TextIO, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of every CSV record; quoted cells may hold line breaks."""
    reader = csv.reader(handle, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):  # a quote opened and never closed: a file cut short
            raise InputError(
                path, line, "file ends inside a quoted cell", "the last row is cut short (an interrupted download?)"
            ) from None
        raise InputError(path, line, "malformed CSV", str(error)) from None


def _header(records: Iterator[tuple[int, list[str]]], path: str, repairs: Counter) -> tuple[str, list[str], int]:
    """The generation, the header and its line, read from the first records."""
    line, first = next(records, (1, []))
    if first and first[0].strip() == "Commitment Unique Identifier":
        generation, header = "current", first
    elif first and first == [str(i) for i in range(len(first))]:
        line, second = next(records, (2, []))
        if second[:1] != ["Country"]:
            raise InputError(path, 1, "not an OGP IRM export", f"unrecognised header starting {first[:2]!r}")
        generation, header = "2016", second  # line 1 is a row of column indices; the header is line 2
    elif first[:1] == ["Country"]:
        generation, header = "2016", first
        repairs["2016 export without its line of column indices"] += 1
    else:
        raise InputError(path, 1, "not an OGP IRM export", f"unrecognised header starting {first[:2]!r}")
    header = [name.strip() for name in header]
    named = [name for name in header if name]
    for name in named:
        if named.count(name) > 1:
            raise InputError(path, line, "duplicated column", repr(name))
    for name in REQUIRED[generation]:
        if name not in header:
            raise InputError(path, line, "missing required column", repr(name))
    if generation == "current":
        # every current export has every rating column: one missing would drop its ratings silently
        for name in RATING_COLUMNS:
            if name not in header:
                raise InputError(path, line, "missing rating column", repr(name))
    return generation, header, line


def _cells(cells: list[str], columns: dict[str, int], repairs: Counter):
    def cell(column: str) -> str:
        if column not in columns:
            return ""
        raw = cells[columns[column]]
        if "\u00a0" in raw:
            repairs["no-break space (U+00A0) replaced by a space"] += 1
        return text.clean(raw) if "\n" not in raw else raw.replace("\u00a0", " ").strip()

    return cell


def _number(value: str, title: str, repairs: Counter) -> str:
    """A commitment number stored as float text back to what was meant: 1.1000000000000001 is
    1.1, and 3.1 is 3.10 when the title starts "3.10." (the float lost its trailing zero)."""
    if FLOAT_ARTEFACT.match(value):
        repairs["float-corrupted number rounded"] += 1
        value = repr(round(float(value), 6))
    if "." in value:
        stated = re.match(rf"^({re.escape(value)}0+)\.?\s", title)
        if stated:
            repairs["commitment number's lost trailing zero restored from its title"] += 1
            return stated.group(1)
    return value


def _year(value: str, repairs: Counter, where: tuple[str, int, str | None]) -> str:
    """A year between YEARS, repaired when stored as an Excel serial date (42370 is
    2016-01-01) or as float text (2016.0); a missing-value code as it is; anything else, a
    Unicode digit or 1.0E+5 included, is an error naming the cell."""
    path, line, column = where
    if not value or value.upper() in MISSING:
        return value
    year = None
    if re.fullmatch(r"[0-9]{5}", value):
        repairs["Excel serial date read as a year"] += 1
        year = (EXCEL_EPOCH + dt.timedelta(days=int(value))).year
    elif re.fullmatch(r"[0-9]{4}(\.0+)?", value):
        if "." in value:
            repairs["float-corrupted number rounded"] += 1
        year = int(value.split(".")[0])
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise InputError(
            path, line, f"year is not a year from {YEARS[0]} to {YEARS[1]}", f"column {column!r}: {value!r}"
        )
    return str(year)


def _code(indicator, value: str, column: str, path: str, line: int, repairs: Counter) -> str:
    if not value:
        return NOT_SHOWN  # a blank in a report the row is read for: its source shows no value
    if value.upper() in MISSING and value.upper() == value:
        return value
    spelled = LETTER_PREFIX.sub("", value)
    if spelled != value:
        repairs["letter prefix removed"] += 1
    code = indicator.codes.get(spelled.casefold())
    if code is None and indicator.name == "verifiable" and spelled in ("1", "0"):
        repairs["verifiable spelt 1/0 read as yes/no"] += 1
        code = "yes" if spelled == "1" else "no"
    if code is None:
        raise InputError(path, line, f"value not in the {indicator.name} vocabulary", f"column {column!r}: {value!r}")
    return code
