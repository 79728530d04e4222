"""Extract a plan authored as tables: a folder of CSV files, for a plan that has no GitBook
repository (a team writing its plan in a spreadsheet, or a plan read from OGP's pages).

Each file holds the columns of the package's table of the same name that an author writes,
and `source`, the public address the row was read from; the pipeline derives the rest (ids,
counts, parts). Every column is checked by the published Table Schema's field of the same name
(types, patterns, codes), and the keys as the package declares them, by frictionless:
- `plans.csv`, one row: plan_id, member, member_code, title_en, title_fr, start_year,
  end_year, publication_date, source;
- `commitments.csv`: number, title_en, title_fr, source;
- `commitment_institutions.csv` (optional): number, role, position, name, name_fr, source;
- `ogp_commitments.csv` (optional): ogp_id, number, ogp_title, mapping_basis, source.
Writes: the plan in the shape every plan reader gives (action_plan.FIELDS' entities).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import text
from pipeline.paths import SCHEMAS_DIR

SOURCE = {
    "name": "source",
    "type": "string",
    "description": "The public address this row was read from",
    "constraints": {"required": True, "pattern": "https?://\\S+"},
}
# file -> (the package's table whose fields check its columns, columns, primary key, foreign keys)
FILES = {
    "plans.csv": (
        "plans",
        "plan_id member member_code title_en title_fr start_year end_year publication_date".split(),
        ["plan_id"],
        [],
    ),
    "commitments.csv": ("commitments", ["number", "title_en", "title_fr"], ["number"], []),
    "commitment_institutions.csv": (
        "commitment_institutions",
        ["number", "role", "position", "name", "name_fr"],
        ["number", "role", "position"],
        ["number"],
    ),
    "ogp_commitments.csv": (
        "ogp_commitments",
        ["ogp_id", "number", "ogp_title", "mapping_basis"],
        ["ogp_id"],
        ["number"],
    ),
}
REQUIRED = ("plans.csv", "commitments.csv")


def schema(file: str) -> dict:
    """The Table Schema of an authored file: the published fields of its columns, and `source`.
    A commitment's `number` is the field of commitments, required but where an OGP id is
    known to no commitment (an id-gap)."""
    table, columns, key, references = FILES[file]
    published = {field["name"]: field for field in _published(table)["fields"]}
    number = next(field for field in _published("commitments")["fields"] if field["name"] == "number")
    if table == "ogp_commitments":
        number = {**number, "constraints": {"minimum": 0}}
    fields = [number if column == "number" else published[column] for column in columns]
    foreign = [{"fields": references, "reference": {"resource": "commitments", "fields": references}}]
    return {"fields": [*fields, SOURCE], "primaryKey": key, "foreignKeys": foreign if references else []}


def _published(table: str) -> dict:
    # the schema file itself: package.descriptors reads the same file, but extract sits below package
    return json.loads((SCHEMAS_DIR / f"{table}.schema.json").read_text(encoding="utf-8"))


def extract(folder: Path, shown: str) -> dict[str, list[dict[str, str]]]:
    """The plan's rows by entity (plan, commitments, institutions, ogp_links), once every file
    passes its Table Schema; else the first problem as an InputError naming file, line and rule."""
    present = [file for file in FILES if (folder / file).is_file()]
    for file in REQUIRED:
        if file not in present:
            raise InputError(f"{shown}/{file}", None, "missing file of a plan authored as tables", "required")
    for file in present:
        text.check_file(folder / file, f"{shown}/{file}", "no header and no rows")
        _ascii_numbers(folder / file, f"{shown}/{file}")
    rows = _checked(folder, shown, present)
    plans = rows["plans.csv"]
    if len(plans) != 1:
        raise InputError(f"{shown}/plans.csv", None, "a plan authored as tables is one plan", f"{len(plans)} rows")
    plan = plans[0]
    return {
        "plan": [
            {
                **{
                    key: plan[key] for key in "plan_id member member_code title_en title_fr start_year end_year".split()
                },
                "published": plan["publication_date"],
                "source": plan["source"],
                "published_source": plan["source"] if plan["publication_date"] else "",
                **plan["_where"],
            }
        ],
        "commitments": [
            {
                "number": row["number"],
                "theme_path": "",
                "title_en": row["title_en"],
                "title_en_source": row["source"],
                "title_fr": row["title_fr"],
                "title_fr_source": row["source"] if row["title_fr"] else "",
                **row["_where"],
                "source_file_en": "",
                "source_line_en": "",
            }
            for row in rows["commitments.csv"]
        ],
        "institutions": [
            {
                **{k: row[k] for k in ("number", "role", "position", "name", "name_fr", "source")},
                "part": "",
                **row["_where"],
            }
            for row in rows.get("commitment_institutions.csv", [])
        ],
        "ogp_links": [
            {
                "number": row["number"],
                "ogp_id": row["ogp_id"],
                "ogp_title": row["ogp_title"],
                "mapping": row["mapping_basis"],
                "source": row["source"],
                "part": "",
                "part_mapping": "",
                **row["_where"],
            }
            for row in rows.get("ogp_commitments.csv", [])
        ],
    }


def _checked(folder: Path, shown: str, present: list[str]) -> dict[str, list[dict[str, str]]]:
    """Every present file validated as one package (so that numbers resolve across files), and
    its rows as text, each with where it was read."""
    from frictionless import Package, Resource, Schema  # imported when such a plan is read

    resources = [
        Resource(
            path=file,
            name=file.removesuffix(".csv"),
            format="csv",
            encoding="utf-8",
            schema=Schema.from_descriptor(schema(file)),
        )
        for file in present
    ]
    package = Package(resources=resources, basepath=str(folder))
    report = package.validate()
    for task in report.tasks:
        for error in task.errors:
            line = getattr(error, "row_number", None)
            note = " ".join(str(getattr(error, "note", "") or error.message).split())
            raise InputError(
                f"{shown}/{task.name}.csv", line, error.type.replace("-", " "), note
            )  # frictionless's rule
    rows: dict[str, list[dict[str, str]]] = {}
    for resource in package.resources:
        file = f"{resource.name}.csv"
        with resource:
            rows[file] = [
                {
                    **{k: "" if v is None else text.clean(str(v)) for k, v in row.items()},
                    "_where": {"source_file": f"{shown}/{file}", "source_line": str(row.row_number)},
                }
                for row in resource.row_stream
            ]
    return rows


def _ascii_numbers(path: Path, shown: str) -> None:
    """Whole numbers written in ASCII digits: Python, and so frictionless, also reads other
    scripts' digits (٢ as 2), which would publish a number no source wrote."""
    integers = {field["name"] for field in schema(path.name)["fields"] if field["type"] == "integer"}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            for name in integers & set(row):
                cell = (row[name] or "").strip()
                if any(c.isdecimal() and not c.isascii() for c in cell):
                    raise InputError(shown, reader.line_num, "a whole number in the digits 0 to 9", f"{name} {cell!r}")
