"""Stage 3, publish: write the package from the core tables, validate it, then swap it in.

Reads: the core tables of build/pipeline.duckdb and the schemas in pipeline/schemas.
Writes: data/published/<resource>.csv and .json, and datapackage.json; nothing else.
Each resource is written in its schema's column order, sorted by primary key (numbers
inside keys compared as numbers), UTF-8 with LF line ends. The new package is written to a
staging folder and validated with frictionless there; only a valid package replaces the
previous publication, so a failed or killed run leaves it as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
from frictionless import Package

from pipeline import package, swap
from pipeline.errors import PipelineError


class ValidationError(PipelineError):
    """The package that would be published is not valid; nothing was replaced."""


def run(db_path: Path, published_dir: Path, datapackage_path: Path) -> dict[str, int]:
    """Publish every resource; returns the rows written per resource."""
    published_dir, datapackage_path = published_dir.resolve(), datapackage_path.resolve()
    relative_dir = os.path.relpath(published_dir, datapackage_path.parent)
    if relative_dir.startswith(".."):
        raise PipelineError(f"{published_dir.name}: the published folder must sit below the descriptor's folder")
    swap.recover(published_dir, datapackage_path)
    stage_root = swap.staging_of(datapackage_path)
    shutil.rmtree(stage_root, ignore_errors=True)
    stage_dir = stage_root / relative_dir
    stage_dir.mkdir(parents=True)
    try:
        counts = stage(db_path, stage_dir, stage_root / "datapackage.json", relative_dir)
        validate(stage_root / "datapackage.json")
        swap.swap(stage_dir, stage_root / "datapackage.json", published_dir, datapackage_path)
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    return counts


def stage(db_path: Path, stage_dir: Path, descriptor_path: Path, relative_dir: str) -> dict[str, int]:
    """Write every resource and the descriptor into the staging folder."""
    if not db_path.exists():
        raise PipelineError(f"{db_path.name}: missing database: run the normalise stage first")
    counts, files, cited = {}, {}, set()
    with duckdb.connect(str(db_path), read_only=True) as con:
        for name in package.RESOURCES:
            rows = read_rows(con, name)
            counts[name] = len(rows)
            fields = package.field_names(name)
            files[(name, "csv")] = {**write_csv(stage_dir / f"{name}.csv", fields, rows), "rows": len(rows)}
            files[(name, "json")] = write_json(stage_dir / f"{name}.json", fields, rows)
            cited |= {row[i] for i, field in enumerate(fields) if field.endswith("source") for row in rows if row[i]}
        plans = read_rows(con, "plans")
        if len(plans) != 1:
            raise PipelineError(f"core.plans: a package holds one plan, found {len(plans)}")
        plan = dict(zip(package.field_names("plans"), plans[0]))
    descriptor = package.descriptor(files, relative_dir, plan, cited)
    write_text(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return counts


def read_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    fields = package.field_names(name)
    columns = ", ".join(f'"{field}"' for field in fields)
    try:
        rows = con.execute(f"select {columns} from core.{name}").fetchall()
    except duckdb.Error as error:
        raise PipelineError(f"core.{name}: does not match its schema: {error}") from None
    key = package.schema(name)["primaryKey"]
    positions = [fields.index(field) for field in key]
    return sorted(rows, key=lambda row: [natural(row[p]) for p in positions])


def natural(value) -> tuple:
    """Sort key that compares the digit runs in a key as numbers: AP_FRA01-2 before AP_FRA01-10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", str(value)) if part)


def write_csv(path: Path, fields: list[str], rows: list[tuple]) -> dict:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([[cell_text(value) for value in row] for row in rows])
    return integrity(path)


def write_json(path: Path, fields: list[str], rows: list[tuple]) -> dict:
    records = [dict(zip(fields, (json_value(value) for value in row))) for row in rows]
    write_text(path, json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    return integrity(path)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def integrity(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "hash": f"sha256:{swap.sha256(path)}"}


def validate(descriptor_path: Path) -> None:
    """Validate the staged package with frictionless; raise with the first errors if invalid."""
    report = Package(str(descriptor_path)).validate()
    if report.valid:
        return
    problems = [error.message for error in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {error.message}" for error in task.errors]
    shown = " | ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
    raise ValidationError(f"{descriptor_path.name}: package is not valid, nothing was published: {shown}")
