"""Stage 2, normalise: load the extracted CSVs into a DuckDB database rebuilt from empty.

Reads: build/extracted/*.csv and the SQL files under pipeline/sql.
Writes: build/pipeline.duckdb with schemas raw (the CSVs as text), staging (views that
rename, cast and clean), core (one table per published entity).
Then runs the audits: each is a query returning offending rows; any row fails the run.
Why: joins, keys and derived columns are clearer, and checkable, in SQL than in Python.
How to add a model: write its SQL file and list it in MODELS, in dependency order.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import database, extract
from pipeline.errors import PipelineError
from pipeline.extract.irm_vocabularies import INDICATORS
from pipeline.package import tables
from pipeline.paths import SQL_DIR

MODELS = (
    "staging/stg_action_plan__plan",
    "staging/stg_action_plan__themes",
    "staging/stg_action_plan__commitments",
    "staging/stg_action_plan__institutions",
    "staging/stg_action_plan__ogp_links",
    "staging/stg_action_plan__parts",
    "staging/stg_action_plan__milestones",
    "staging/stg_action_plan__sections",
    "staging/stg_action_plan__links",
    "staging/stg_ogp_layer__titles",
    "staging/stg_ogp_layer__reports",
    "staging/stg_ogp_layer__disagreements",
    "staging/stg_irm__commitments",
    "staging/stg_irm__ratings",
    "staging/stg_self_assessment__statuses",
    *(f"core/{table}" for table in tables.TABLES[: tables.TABLES.index("assessments")]),
    "intermediate/int_irm__plan_ratings",  # the long model of ratings, which assessments pivots
    *(f"core/{table}" for table in tables.TABLES[tables.TABLES.index("assessments") :]),
)
AUDITS = (
    "audits/ogp_id_maps_to_one_commitment",
    "audits/commitment_numbers_have_no_gap",
    "audits/institution_listed_twice_in_a_role",
    "audits/irm_row_maps_to_a_commitment",
    "audits/self_assessment_commitment_exists",
    "audits/commitment_has_a_theme",
    "audits/assessment_names_its_source",
    "audits/report_is_described_alike",
    "audits/ogp_id_covers_a_part",
    "audits/link_reaches_a_commitment",
)
RAW_TABLES = extract.TABLES  # the extracted files, as extract writes them


class AuditError(PipelineError):
    """An audit returned rows; the message lists them."""


def run(extracted_dir: Path, db_path: Path) -> dict[str, int]:
    """Rebuild `db_path` from the CSVs in `extracted_dir`; returns the rows of each core table."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.unlink(missing_ok=True)
    with database.connect(db_path) as con:
        build(con, extracted_dir)
        return {table: con.execute(f"select count(*) from core.{table}").fetchone()[0] for table in core_tables()}


def build(con: duckdb.DuckDBPyConnection, extracted_dir: Path) -> None:
    """Load, model and audit into the open connection `con` (a file or in-memory database)."""
    for schema in ("raw", "staging", "core"):
        con.execute(f"create schema if not exists {schema}")
    for table, fields in RAW_TABLES.items():
        load_raw(con, table, extracted_dir / f"{table}.csv", fields)
    con.execute(sql("macros/natural_key"))  # core.commitments orders labels such as 2.10 after 2.9
    con.execute(sql("macros/institution_key"))  # staging's institution ids, across plans
    load_indicators(con)
    for model in MODELS:
        con.execute(sql(model))
    audit(con)


def load_indicators(con: duckdb.DuckDBPyConnection) -> None:
    """staging.irm_indicators: the IRM indicators, in the vocabularies' order, the one list the
    assessments pivot reads (extract/irm_vocabularies.py)."""
    names = list(dict.fromkeys(indicator.name for indicator in INDICATORS))
    con.execute("create or replace table staging.irm_indicators (indicator varchar, position integer)")
    # one statement, the two lists unnested side by side: executemany runs an insert per row
    con.execute("insert into staging.irm_indicators select unnest(?), unnest(?)", [names, list(range(len(names)))])


def load_raw(con: duckdb.DuckDBPyConnection, table: str, path: Path, fields: list[str]) -> None:
    if not path.exists():
        raise PipelineError(f"{path.name}: missing extracted file: run the extract stage first")
    columns = {name: "VARCHAR" for name in fields}
    # read_csv turns empty cells into NULL; staging expects '' for "not stated"
    text = ", ".join(f'coalesce("{c}", \'\') as "{c}"' for c in fields)
    database.reading_csv(
        lambda parallel: con.execute(
            f"create or replace table raw.{table} as select {text} "
            f"from read_csv(?, {database.CSV_COLUMNS_GIVEN}, columns = ?, null_padding = false, "
            f"parallel = {str(parallel).lower()})",
            [str(path), columns],
        )
    )


def audit(con: duckdb.DuckDBPyConnection) -> None:
    failures = []
    for name in AUDITS:
        result = con.execute(sql(name))
        rows = result.fetchall()
        if rows:
            columns = [d[0] for d in result.description]
            shown = "; ".join(", ".join(f"{c}={v}" for c, v in zip(columns, row, strict=True)) for row in rows[:10])
            more = f" (and {len(rows) - 10} more)" if len(rows) > 10 else ""
            failures.append(f"audit {name.split('/')[-1]} found {len(rows)} row(s): {shown}{more}")
    if failures:
        raise AuditError(" | ".join(failures))


def sql(model: str) -> str:
    return (SQL_DIR / f"{model}.sql").read_text(encoding="utf-8")


def core_tables() -> list[str]:
    return [model.split("/")[1] for model in MODELS if model.startswith("core/")]
