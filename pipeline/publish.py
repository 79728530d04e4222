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

from pipeline import dictionary, nested, package, parquet, swap, versioning, workbook
from pipeline.errors import PipelineError


class ValidationError(PipelineError):
    """The package that would be published is not valid; nothing was replaced."""


def run(db_path: Path, published_dir: Path, datapackage_path: Path, today: dt.date | None = None) -> dict[str, int]:
    """Publish every resource; returns the rows written per resource.

    When the new package differs from the previous one, its version is bumped, the changes
    are recorded (`changes`, CHANGELOG.md, dated `today`) and the previous version is copied
    to the archive folder beside data/published before it is replaced.
    """
    published_dir, datapackage_path = published_dir.resolve(), datapackage_path.resolve()
    relative_dir = os.path.relpath(published_dir, datapackage_path.parent)
    if relative_dir.startswith(".."):
        raise PipelineError(f"{published_dir.name}: the published folder must sit below the descriptor's folder")
    swap.recover(published_dir, datapackage_path)
    stage_root = swap.staging_of(datapackage_path)
    shutil.rmtree(stage_root, ignore_errors=True)
    stage_dir = stage_root / relative_dir
    stage_dir.mkdir(parents=True)
    staged_descriptor = stage_root / "datapackage.json"
    try:
        counts, replaced = stage(db_path, stage_dir, staged_descriptor, relative_dir, published_dir, datapackage_path,
                                 today or dt.datetime.now(dt.timezone.utc).date())
        validate(staged_descriptor)
        validate_nested(stage_dir)
        if replaced:
            archive(published_dir, datapackage_path, replaced)
        swap.swap(stage_dir, staged_descriptor, published_dir, datapackage_path)
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    return counts


def stage(db_path: Path, stage_dir: Path, descriptor_path: Path, relative_dir: str, published_dir: Path,
          datapackage_path: Path, today: dt.date) -> tuple[dict[str, int], str | None]:
    """Write every resource, the changes and the descriptor into the staging folder.

    Returns the rows per resource, and the previous version when this one replaces it.
    """
    if not db_path.exists():
        raise PipelineError(f"{db_path.name}: missing database: run the normalise stage first")
    counts, files, cited, tables = {}, {}, set(), {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        for name in package.RESOURCES:
            rows = read_rows(con, name)
            tables[name] = rows
            fields = package.field_names(name)
            cited |= {row[i] for i, field in enumerate(fields) if field.endswith("source") for row in rows if row[i]}
    if len(tables["plans"]) != 1:
        raise PipelineError(f"core.plans: a package holds one plan, found {len(tables['plans'])}")
    plan = dict(zip(package.field_names("plans"), tables["plans"][0]))
    for name, rows in tables.items():
        write_table(stage_dir, name, rows, files)
    release = versioning.release(datapackage_path, published_dir, package.descriptor(files, relative_dir, plan, cited),
                                 stage_dir, list(package.RESOURCES), package.metadata()["version"], today)
    fields = package.field_names(package.CHANGES)
    key = [fields.index(name) for name in package.schema(package.CHANGES)["primaryKey"]]
    tables[package.CHANGES] = sorted((tuple(row.get(name) or None for name in fields) for row in release.changes),
                                     key=lambda row: [natural(row[i] or "") for i in key])
    write_table(stage_dir, package.CHANGES, tables[package.CHANGES], files)
    write_text(stage_dir / "CHANGELOG.md", release.changelog)
    files["CHANGELOG.md"] = integrity(stage_dir / "CHANGELOG.md")
    write_documents(stage_dir, tables, files)
    descriptor = package.descriptor(files, relative_dir, plan, cited, release.version)
    write_text(stage_dir / "README.md", dictionary.render(descriptor))
    descriptor["resources"].append(package.file_resource(
        "readme", "README.md", "Dictionnaire des données / Data dictionary", relative_dir, integrity(stage_dir / "README.md")))
    write_text(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    counts = {name: len(rows) for name, rows in tables.items()}
    return counts, release.replaced


def write_table(stage_dir: Path, name: str, rows: list[tuple], files: dict) -> None:
    """One table as CSV, JSON and Parquet, recording each file's integrity."""
    schema = package.schema(name)
    fields = [field["name"] for field in schema["fields"]]
    files[(name, "csv")] = {**write_csv(stage_dir / f"{name}.csv", fields, rows), "rows": len(rows)}
    files[(name, "json")] = write_json(stage_dir / f"{name}.json", fields, rows)
    parquet.write(stage_dir / f"{name}.parquet", schema, stage_dir / f"{name}.csv")
    files[(name, "parquet")] = integrity(stage_dir / f"{name}.parquet")


def write_documents(stage_dir: Path, tables: dict[str, list[tuple]], files: dict) -> None:
    """The workbook, and plan.json validated against its JSON Schema."""
    order = ["commitments_overview"] + [name for name in package.PUBLISHED if name != "commitments_overview"]
    workbook.write(stage_dir / "plan.xlsx", [(name, package.schema(name)["fields"], tables[name]) for name in order])
    schemas = {name: package.schema(name) for name in package.RESOURCES}
    document = nested.document({name: (schemas[name]["fields"], tables[name]) for name in package.RESOURCES})
    json_schema = nested.json_schema(schemas)
    write_text(stage_dir / "plan.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(stage_dir / "plan.schema.json", json.dumps(json_schema, indent=2, ensure_ascii=False) + "\n")
    for filename in ("plan.xlsx", "plan.json", "plan.schema.json"):
        files[filename] = integrity(stage_dir / filename)


def archive(published_dir: Path, datapackage_path: Path, version: str) -> None:
    """Copy the publication about to be replaced to <archive>/<version>/, so past versions stay
    retrievable (a portal deletes a replaced file). Written whole, then renamed into place."""
    target = published_dir.parent / "archive" / version
    if target.exists():
        return
    partial = target.with_name(f".{version}-partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(published_dir, partial / published_dir.name)
    shutil.copy2(datapackage_path, partial / datapackage_path.name)
    os.rename(partial, target)


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


def validate_nested(stage_dir: Path) -> None:
    """plan.json against plan.schema.json, once frictionless has judged the tables."""
    document = json.loads((stage_dir / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((stage_dir / "plan.schema.json").read_text(encoding="utf-8"))
    problems = nested.validate(document, schema)
    if problems:
        raise ValidationError(f"plan.json: does not match plan.schema.json, nothing was published: {problems[0]}")


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
