"""Extract the OGP layer: what OGP and other public sources say of a plan that its own text does not.

Reads: a folder of three CSV files, each value with the source it comes from.
- `plan.csv`, one row: the plan's OGP id, member, years and publication date;
- `ogp_commitments.csv`: the OGP commitment ids of each plan commitment, OGP's short title,
  and how the link is known (`stated` by a source, or inferred: `topic-match`, `id-order`; an
  `id-gap` is an id in the plan's range that no source found attaches to a commitment: its
  number is empty); for a commitment in parts, the part an id covers and how that is known;
- `titles.csv`: other titles of a commitment, as other sources write them (Joinup, OGP's
  data), kept beside the plan's own so that a reuser who knows them finds the commitment;
- `reports.csv`: the plan's evaluation reports (IRM, self-assessments) with their address,
  publication and the period each covers, as each source states it (one row per statement);
- `disagreements.csv`: pairs of sources that say different things of one OGP commitment,
  side by side.
Writes: rows joined on the commitment number by normalise, never written into the plan's text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import text

FILES = {
    "plan.csv": [
        "plan_id",
        "member",
        "member_code",
        "start_year",
        "end_year",
        "source",
        "published",
        "published_source",
        "commitments_stated",
        "commitments_stated_source",
    ],
    "ogp_commitments.csv": ["commitment_number", "ogp_id", "ogp_title", "mapping", "source", "part", "part_mapping"],
    "titles.csv": ["commitment_number", "language", "title", "source"],
    "reports.csv": ["report", "title", "url", "published", "period_stated", "period_start", "period_end", "source"],
    "disagreements.csv": ["ogp_id", "topic", "one_says", "one_source", "other_says", "other_source"],
}
REPORTS = (
    "irm-progress-report",
    "irm-end-of-term",
    "irm-design-report",
    "irm-transitional-results-report",
    "self-assessment-mid-term",
    "self-assessment-end-of-term",
)
# a date at the precision its source gives: a year, a month or a day
PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
OGP_ID = re.compile(r"[A-Z]{2,4}\d{4}")
MAPPINGS = ("stated", "topic-match", "id-order", "id-gap")
PART_MAPPINGS = ("stated", "topic-match")
LANGUAGES = ("fr", "en")
FIELDS = {
    "plan": [*FILES["plan.csv"], "source_file", "source_line"],
    "titles": [*FILES["titles.csv"], "source_file", "source_line"],
    "reports": [*FILES["reports.csv"], "source_file", "source_line"],
    "disagreements": [*FILES["disagreements.csv"], "source_file", "source_line"],
}


def extract(folder: Path, shown: str) -> dict[str, list[dict[str, str]]]:
    """The layer's rows: `plan` (one), `ogp_links` (in the action plan's shape) and `titles`."""
    tables = {name: _read(folder / name, f"{shown}/{name}", columns) for name, columns in FILES.items()}
    plan = tables["plan.csv"]
    if len(plan) != 1:
        raise InputError(f"{shown}/plan.csv", None, "the OGP layer describes one plan", f"found {len(plan)} rows")
    row = plan[0]
    where = (row["source_file"], int(row["source_line"]))
    if not row["plan_id"] or not row["source"]:
        raise InputError(*where, "plan without an OGP id or a source", "plan_id and source are required")
    for key in ("start_year", "end_year"):
        if row[key] and not re.fullmatch(r"\d{4}", row[key]):
            raise InputError(*where, f"{key} is not a year", repr(row[key]))
    if row["published"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]):
        raise InputError(*where, "publication date is not YYYY-MM-DD", repr(row["published"]))
    if row["commitments_stated"] and not (
        re.fullmatch(r"[0-9]{1,6}", row["commitments_stated"]) and row["commitments_stated_source"]
    ):
        raise InputError(
            *where, "commitments_stated is a whole number with its source", repr(row["commitments_stated"])
        )
    links = []
    for link in tables["ogp_commitments.csv"]:
        where = (link["source_file"], int(link["source_line"]))
        if not OGP_ID.fullmatch(link["ogp_id"]):
            raise InputError(*where, "OGP id is not an id such as FR0001", repr(link["ogp_id"]))
        if link["mapping"] not in MAPPINGS:
            raise InputError(*where, "unknown mapping", f"{link['mapping']!r} (known: {', '.join(MAPPINGS)})")
        if link["mapping"] == "id-gap":
            if link["commitment_number"] or link["part"]:
                raise InputError(*where, "an id-gap is attached to no commitment", "leave its number and part empty")
        else:
            _number(link["commitment_number"], where)
        if link["part"] and not re.fullmatch(r"[1-9]\d*", link["part"]):
            raise InputError(*where, "part is not a part number such as 1", repr(link["part"]))
        if bool(link["part"]) != bool(link["part_mapping"]) or link["part_mapping"] not in ("", *PART_MAPPINGS):
            raise InputError(
                *where, "a part needs how it is known", f"part_mapping one of {', '.join(PART_MAPPINGS)}, with the part"
            )
        links.append(
            {
                "number": link["commitment_number"],
                "ogp_id": link["ogp_id"],
                "ogp_title": link["ogp_title"],
                "mapping": link["mapping"],
                "source": link["source"],
                "part": link["part"],
                "part_mapping": link["part_mapping"],
                "source_file": link["source_file"],
                "source_line": link["source_line"],
            }
        )
    for title in tables["titles.csv"]:
        where = (title["source_file"], int(title["source_line"]))
        _number(title["commitment_number"], where)
        if title["language"] not in LANGUAGES:
            raise InputError(*where, "unknown language", f"{title['language']!r} (known: {', '.join(LANGUAGES)})")
        if not title["title"] or not title["source"]:
            raise InputError(*where, "title without a text or a source", "both are required")
    for report in tables["reports.csv"]:
        _check_report(report)
    for pair in tables["disagreements.csv"]:
        where = (pair["source_file"], int(pair["source_line"]))
        if not OGP_ID.fullmatch(pair["ogp_id"]):
            raise InputError(*where, "OGP id is not an id such as FR0001", repr(pair["ogp_id"]))
        if not re.fullmatch(r"[a-z_]+", pair["topic"]):
            raise InputError(*where, "topic is not a field name such as starred", repr(pair["topic"]))
        if not all(pair[key] for key in ("one_says", "one_source", "other_says", "other_source")):
            raise InputError(*where, "a disagreement without both statements and both sources", "all four are required")
    return {
        "plan": plan,
        "ogp_links": links,
        "titles": tables["titles.csv"],
        "reports": tables["reports.csv"],
        "disagreements": tables["disagreements.csv"],
    }


def _check_report(report: dict[str, str]) -> None:
    where = (report["source_file"], int(report["source_line"]))
    if report["report"] not in REPORTS:
        raise InputError(*where, "unknown report", f"{report['report']!r} (known: {', '.join(REPORTS)})")
    if not report["title"] or not report["source"]:
        raise InputError(*where, "report without a title or a source", "both are required")
    if not re.fullmatch(r"https?://\S+", report["url"]):
        raise InputError(*where, "report address is not an http(s) URL", repr(report["url"]))
    for key in ("published", "period_start", "period_end"):
        if report[key] and not PARTIAL_DATE.fullmatch(report[key]):
            raise InputError(*where, f"{key} is not a date such as 2016, 2016-07 or 2016-07-01", repr(report[key]))
    if bool(report["period_start"] or report["period_end"]) and not report["period_stated"]:
        raise InputError(*where, "period without the words that state it", "period_stated is required")


def _read(path: Path, shown: str, columns: list[str]) -> list[dict[str, str]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(shown, None, "missing file of the OGP layer", f"expected {', '.join(FILES)}") from None
    reader = csv.DictReader(io.StringIO(text.decode(data, shown, "no header and no rows"), newline=""))
    if reader.fieldnames != columns:
        raise InputError(shown, 1, "header is not the expected one", f"expected {','.join(columns)}")
    rows = []
    for row in reader:
        if None in row or None in row.values():
            raise InputError(shown, reader.line_num, "ragged row", f"expected {len(columns)} cells")
        rows.append(
            {key: " ".join(value.split()) for key, value in row.items()}
            | {"source_file": shown, "source_line": str(reader.line_num)}
        )
    return rows


def _number(value: str, where: tuple[str, int]) -> None:
    if not re.fullmatch(r"\d+(\.\d+)*", value):
        raise InputError(*where, "commitment number is not a number such as 12 or 1.1", repr(value))
