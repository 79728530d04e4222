"""Extract a plan authored as tables: a folder of CSV files, for a plan that has no GitBook
repository (a team writing its plan in a spreadsheet, or a plan read from OGP's pages).

Each file holds the columns of the package's table of the same name that an author writes,
and `source`, the public address the row was read from; the pipeline derives the rest (counts,
parts, institution ids). Every column is checked by the published Table Schema's field of the
same name (types, patterns, codes), and the keys as the package declares them, by the SQL checks
of pipeline/table_checks.py (which report what frictionless reports):
- `plans.csv`, one row: plan_id, member, member_code, title_en, title_fr, start_year,
  end_year, publication_date, commitments_stated, source;
- `commitments.csv`: commitment_id, number, number_inferred, number_inferred_basis,
  title_en, title_fr, source;
- optional, where known: `commitment_institutions.csv` (commitment_id, role, position, name,
  name_fr, source), `ogp_commitments.csv` (ogp_id, commitment_id, ogp_title, mapping_basis,
  source), `commitment_links.csv` (commitment_id, linked_commitment_id, relation, words,
  source), `reports.csv` (report, title, url, published, source) and `assessments.csv`
  (ogp_id, report, report_basis, the indicators as codes, source).
A commitment's id is the plan's id, a hyphen and its number where a source states one, else
its OGP id (AP_FRA02-FR0031): a number no source states is never made up.
Writes: the plan in the shape every plan reader gives (action_plan.FIELDS' entities), its
links, and its reports and ratings in the IRM reader's tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from pipeline import table_checks
from pipeline.errors import InputError
from pipeline.extract import plan_table_rules as rules
from pipeline.extract import text
from pipeline.paths import SCHEMAS_DIR

SOURCE = {
    "name": "source",
    "type": "string",
    "description": "The public address this row was read from",
    "constraints": {"required": True, "pattern": "https?://\\S+"},
}
COMMITMENT = [("commitment_id", "commitments", "commitment_id")]
# file -> (the package's table whose fields check its columns, columns, primary key, foreign keys)
FILES = {
    "plans.csv": (
        "plans",
        "plan_id member member_code title_en title_fr start_year end_year publication_date commitments_stated".split(),
        ["plan_id"],
        [],
    ),
    "themes.csv": ("themes", "theme_id parent_theme_id position title_en title_fr".split(), ["theme_id"], []),
    "commitments.csv": (
        "commitments",
        "commitment_id number number_inferred number_inferred_basis theme_id title_en title_fr".split(),
        ["commitment_id"],
        [("theme_id", "themes", "theme_id")],
    ),
    "commitment_institutions.csv": (
        "commitment_institutions",
        "commitment_id role position name name_fr".split(),
        ["commitment_id", "role", "position"],
        COMMITMENT,
    ),
    "ogp_commitments.csv": (
        "ogp_commitments",
        "ogp_id commitment_id ogp_title mapping_basis".split(),
        ["ogp_id"],
        COMMITMENT,
    ),
    "commitment_links.csv": (
        "commitment_links",
        "commitment_id linked_commitment_id relation basis words".split(),
        ["commitment_id", "linked_commitment_id", "relation"],
        COMMITMENT,
    ),
    "reports.csv": ("reports", "report title url published".split(), ["report"], []),
    "assessments.csv": (
        "assessments",
        ["ogp_id", "report", "report_basis", *rules.INDICATOR_NAMES],
        ["ogp_id", "report"],
        [("ogp_id", "ogp_commitments", "ogp_id")],
    ),
}
REQUIRED = ("plans.csv", "commitments.csv")
# the extracted columns this reader adds to the other plan readers' (extract/stage.py)
MORE_FIELDS = {
    "commitments": ["number_inferred", "number_inferred_basis"],
    "links": "commitment_id linked_commitment_id relation basis words source source_file source_line".split(),
}


def schema(file: str, present: frozenset[str] = frozenset(FILES)) -> dict:
    """The Table Schema of an authored file: the published fields of its columns, and `source`.
    A commitment id is required but where an OGP id is known to no commitment (an id-gap); a
    key points to a file only when the folder has it (a plan may have no themes)."""
    table, columns, key, references = FILES[file]
    references = [r for r in references if f"{r[1]}.csv" in present]
    published = {field["name"]: field for field in _published(table)["fields"]}
    if table != "commitments" and "commitment_id" in columns:
        first = published["commitment_id"]
        published["commitment_id"] = {
            **first,
            "constraints": {**first["constraints"], "required": table != "ogp_commitments"},
        }
    foreign = [
        {"fields": [field], "reference": {"resource": resource.removesuffix(".csv"), "fields": [other]}}
        for field, resource, other in references
    ]
    return {"fields": [*(published[c] for c in columns), SOURCE], "primaryKey": key, "foreignKeys": foreign}


def _published(table: str) -> dict:
    # the schema file itself: package.descriptors reads the same file, but extract sits below package
    return json.loads((SCHEMAS_DIR / f"{table}.schema.json").read_text(encoding="utf-8"))


def extract(folder: Path, shown: str) -> dict[str, list[dict[str, str]]]:
    """The plan's rows by entity (plan, commitments, institutions, ogp_links, links) and by
    table (ogp_layer__reports, irm__commitments, irm__ratings), once every file passes its
    Table Schema; else the first problem as an InputError naming file, line and rule."""
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
    for row in rows["commitments.csv"]:
        rules.check_id(row, plan["plan_id"])
    label = rules.labels(plan["plan_id"])
    themes = rules.themes(rows.get("themes.csv", []), plan["plan_id"])
    return {
        "plan": [
            {
                **{
                    key: plan[key] for key in "plan_id member member_code title_en title_fr start_year end_year".split()
                },
                "published": plan["publication_date"],
                "source": plan["source"],
                "published_source": plan["source"] if plan["publication_date"] else "",
                "commitments_stated": plan["commitments_stated"],
                "commitments_stated_source": plan["source"] if plan["commitments_stated"] else "",
                **plan["_where"],
            }
        ],
        "commitments": [
            {
                **{k: row[k] for k in ("title_en", "title_fr", "number_inferred", "number_inferred_basis")},
                "number": label(row["commitment_id"]),
                "theme_path": themes.get(row["theme_id"], ""),
                "title_en_source": row["source"],
                "title_fr_source": row["source"] if row["title_fr"] else "",
                **row["_where"],
            }
            for row in rows["commitments.csv"]
        ],
        "institutions": [
            {**row, "number": label(row["commitment_id"]), **row["_where"]}
            for row in rows.get("commitment_institutions.csv", [])
        ],
        "ogp_links": [
            {**row, "number": label(row["commitment_id"]), "mapping": row["mapping_basis"], **row["_where"]}
            for row in rows.get("ogp_commitments.csv", [])
        ],
        "themes": [
            {
                "theme_path": themes[row["theme_id"]],
                "parent_path": themes.get(row["parent_theme_id"], ""),
                "position": row["position"],
                "title_en": row["title_en"],
                "title_en_source": row["source"] if row["title_en"] else "",
                "title_fr": row["title_fr"],
                "title_fr_source": row["source"] if row["title_fr"] else "",
                **row["_where"],
            }
            for row in rows.get("themes.csv", [])
        ],
        "links": [{**row, **row["_where"]} for row in rows.get("commitment_links.csv", [])],
        "ogp_layer__reports": [{**row, **row["_where"]} for row in rows.get("reports.csv", [])],
        **rules.ratings(rows.get("assessments.csv", []), plan),
    }


def _checked(folder: Path, shown: str, present: list[str]) -> dict[str, list[dict[str, str]]]:
    """Every present file checked as one package (so that keys resolve across files), and its
    rows as text, each with where it was read: a whole number and a date as frictionless reads
    them (" +7 " is 7, 2019-1-5 is 2019-01-05)."""
    schemas = {file: schema(file, frozenset(present)) for file in present}
    # two threads: extract's own thread parses the other sources meanwhile, then waits for these
    problems = table_checks.check_package(
        {file.removesuffix(".csv"): (schemas[file], folder / file) for file in present}, workers=2
    )
    if problems:
        first = min(problems, key=lambda p: (present.index(f"{p.resource}.csv"), p.row or 0))
        detail = f"{first.field} {first.note}" if first.field and first.note else first.note or first.field or ""
        raise InputError(f"{shown}/{first.resource}.csv", first.row, first.type.replace("-", " "), detail)
    rows: dict[str, list[dict[str, str]]] = {}
    for file in present:
        kinds = {field["name"]: field["type"] for field in schemas[file]["fields"]}
        with (folder / file).open(encoding="utf-8-sig", newline="") as handle:  # a spreadsheet's byte order mark
            reader = csv.reader(handle)
            header = next(reader)
            rows[file] = [
                {
                    **{name: _typed(kinds[name], cell) for name, cell in zip(header, cells, strict=True)},
                    "_where": {"source_file": f"{shown}/{file}", "source_line": str(number)},
                }
                for number, cells in enumerate(reader, start=2)
            ]
    return rows


def _typed(kind: str, cell: str) -> str:
    """A checked cell as its type writes it."""
    if not cell:
        return ""
    if kind == "integer":
        return str(int(cell))
    if kind == "date":
        return dt.datetime.strptime(cell, "%Y-%m-%d").date().isoformat()
    return text.clean(cell)


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
