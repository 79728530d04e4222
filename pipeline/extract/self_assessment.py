"""Extract the government's self-assessments: its own status of the plan's commitments.

Reads: a CSV with the columns of FIELDS below, one row per status and report, either for
one commitment (`commitment_number` set, `commitment_count` 1) or for the whole plan
(`commitment_number` empty, `commitment_count` = how many commitments have that status).
Plan-level rows exist because for some plans (France 2015-2017) only the totals are public.
Writes: the same rows, checked, with their file and line.
"""

from __future__ import annotations

import csv
import io
import re

from pipeline.errors import InputError
from pipeline.extract import text

COLUMNS = ["plan_id", "report", "report_year", "commitment_number", "status", "commitment_count", "source"]
REPORTS = ("self-assessment-mid-term", "self-assessment-end-of-term")
STATUSES = ("not_started", "partial", "substantial", "complete")
FIELDS = {"self_assessments": [*COLUMNS, "source_file", "source_line"]}
MAX_COUNT = 10_000


def extract(data: bytes, path: str) -> dict[str, list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.decode(data, path, "no header and no rows"), newline=""))
    if reader.fieldnames != COLUMNS:
        raise InputError(path, 1, "header is not the self-assessment format", f"expected {','.join(COLUMNS)}")
    rows, seen = [], {}
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            raise InputError(path, line, "ragged row", f"expected {len(COLUMNS)} cells")
        row = {key: value.strip() for key, value in row.items()}
        _check(row["report"] in REPORTS, path, line, "unknown report", row["report"], REPORTS)
        _check(row["status"] in STATUSES, path, line, "unknown status", row["status"], STATUSES)
        year = row["report_year"]
        _check(
            re.fullmatch(r"[0-9]{4}", year) is not None and 2010 <= int(year) <= 2100,
            path,
            line,
            "report year is not a year from 2010 to 2100",
            year,
        )
        _check(
            row["commitment_number"] == "" or re.fullmatch(r"[0-9]+(\.[0-9]+)*", row["commitment_number"]) is not None,
            path,
            line,
            "commitment number is not a number such as 12 or 1.1",
            row["commitment_number"],
        )
        # a plan has tens of commitments: a count past MAX_COUNT is a broken cell
        count = row["commitment_count"]
        _check(
            re.fullmatch(r"[0-9]{1,6}", count) is not None and int(count) <= MAX_COUNT,
            path,
            line,
            f"commitment count is not a whole number from 0 to {MAX_COUNT}",
            count,
        )
        key = (row["plan_id"], row["report"], row["commitment_number"], row["status"])
        if key in seen:
            raise InputError(
                path,
                line,
                "the same status is given twice",
                f"{row['status']} in {row['report']} of {row['commitment_number'] or 'the plan'} "
                f"is also on line {seen[key]}",
            )
        seen[key] = line
        rows.append({**row, "source_file": path, "source_line": str(line)})
    return {"self_assessments": rows}


def _check(ok: bool, path: str, line: int, rule: str, value: str, allowed=()) -> None:
    if not ok:
        known = f" (known: {', '.join(allowed)})" if allowed else ""
        raise InputError(path, line, rule, f"{value!r}{known}")
