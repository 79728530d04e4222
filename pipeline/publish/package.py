"""The package's metadata and Table Schemas, the one place where a published column is defined.

`pipeline/schemas/package.json` holds the hand-edited metadata common to every package
(version, licence, contributors); each `pipeline/schemas/<resource>.schema.json` holds one
resource's Table Schema, with its French and English titles. `descriptor` inlines them into
the datapackage.json, with the name, title and description of the plan published, and the
list of every source its rows cite.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline import resources
from pipeline.errors import PipelineError
from pipeline.paths import SCHEMAS_DIR

RESOURCES, CHANGES = resources.TABLES, resources.CHANGES
PUBLISHED = (*RESOURCES, CHANGES)
FORMATS = {"csv": "text/csv", "json": "application/json"}
# The workbook and plan.json are documents for people and browsers: made for a package of at
# most this many cells (rows x columns, every table; a national plan has a few thousand, all of
# OGP's IRM data under a million). Beyond, no spreadsheet or browser handles them well, and
# the tables (CSV, JSON, Parquet) carry the data alone.
DOCUMENT_CELLS = 1_000_000


def read_descriptor(path: Path) -> dict | None:
    """A datapackage.json as a dict; None when it is missing or not JSON (no publication yet,
    or one a killed run left half-written, which publish recovers)."""
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return descriptor if isinstance(descriptor, dict) else None


def load_descriptor(path: Path) -> dict:
    """A datapackage.json that must be there: an error line names it and says what to do."""
    descriptor = read_descriptor(path)
    if descriptor is None:
        raise PipelineError(f"{path.name}: missing or not a JSON object: run `make publish` first")
    return descriptor


def schema(name: str, schemas_dir: Path = SCHEMAS_DIR) -> dict:
    return json.loads((schemas_dir / f"{name}.schema.json").read_text(encoding="utf-8"))


def metadata(schemas_dir: Path = SCHEMAS_DIR) -> dict:
    return json.loads((schemas_dir / "package.json").read_text(encoding="utf-8"))


def field_names(name: str) -> list[str]:
    return [field["name"] for field in schema(name)["fields"]]


def identity(plan: dict) -> dict:
    """Name, title and description of the package of one plan (a row of the plans resource)."""
    member = plan["member"] or plan["plan_id"]
    years = f"{plan['start_year']}-{plan['end_year']}" if plan["start_year"] and plan["end_year"] else None
    span_fr = years or f"plan {plan['plan_id']}"
    slug = re.sub(r"[^a-z0-9]+", "-", f"{member} {years or plan['plan_id']}".lower()).strip("-")
    quoted = f" « {plan['title_fr']} »" if plan["title_fr"] else ""
    count = plan["commitment_count"]
    coverage = (
        {"temporal_coverage": {"start": f"{plan['start_year']}-01-01", "end": f"{plan['end_year']}-12-31"}}
        if plan["start_year"] and plan["end_year"]
        else {}
    )
    return {
        **coverage,
        "name": f"ogp-action-plan-{slug}",
        "title": f"Plan d'action pour un gouvernement ouvert, {member} {span_fr}{quoted} / "
        f"Open Government Partnership action plan, {member} {years or plan['plan_id']}",
        "description": f"Les {count} engagements du plan d'action {plan['plan_id']} ({member}) au sein du Partenariat "
        "pour un gouvernement ouvert (OGP), avec leurs axes, institutions, jalons, identifiants OGP et "
        "évaluations, tirés de sources publiques citées ligne à ligne. / "
        f"The {count} commitments of {member}'s Open Government Partnership (OGP) action plan "
        f"{plan['plan_id']}, with their themes, institutions, milestones, OGP ids and evaluations, "
        "taken from public sources cited row by row.",
    }


def sources(cited: set[str]) -> list[dict]:
    """The package's sources: every source a published row cites, a URL as a path, anything
    else as a title. The note some rows add after a URL is the source's title when every row
    citing that URL adds the same (the plan's repository: its publisher and licence); notes
    that differ row by row (a row of a file) are left to the rows."""
    notes: dict[str, set[str]] = {}
    for text in cited:
        url = re.match(r"(https?://\S+)(?:\s+\((.*)\))?$", text)
        key = url.group(1) if url else text
        notes.setdefault(key, set()).add(url.group(2) or "" if url else "")
    found = []
    for key in sorted(notes):
        if not re.match(r"https?://", key):
            found.append({"title": key})
        elif len(notes[key]) == 1 and (note := notes[key].pop()):
            found.append({"title": note, "path": key})
        else:
            found.append({"path": key})
    return found


MEDIATYPES = {
    "parquet": "application/vnd.apache.parquet",
    "md": "text/markdown",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Files that are not tables: (resource name, file name, title)
DOCUMENTS = (
    ("plan-xlsx", "plan.xlsx", "Classeur : une feuille par table / Workbook: one sheet per table"),
    ("plan-json", "plan.json", "Le plan en un document imbriqué / The plan as one nested document"),
    ("plan-json-schema", "plan.schema.json", "JSON Schema de plan.json / JSON Schema of plan.json"),
    ("changelog", "CHANGELOG.md", "Journal des versions / Changelog"),
)


def located(relative_dir: str, filename: str) -> str:
    """A file's path as a descriptor in `relative_dir` (its folder's path from the descriptor) names it."""
    return filename if relative_dir in ("", ".") else f"{relative_dir}/{filename}"


def relocated(descriptor: dict, relative_dir: str) -> dict:
    """The same descriptor, for a copy that sits in `relative_dir` relative to the files."""
    resources = [{**r, "path": located(relative_dir, r["path"].rsplit("/", 1)[-1])} for r in descriptor["resources"]]
    return {**descriptor, "resources": resources}


def file_resource(name: str, filename: str, title: str, relative_dir: str, integrity_: dict) -> dict:
    """A resource that frictionless checks as a file (bytes and hash), not as a table."""
    fmt = filename.rsplit(".", 1)[-1]
    return {
        "name": name,
        "type": "file",
        "path": located(relative_dir, filename),
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        "title": title,
        **integrity_,
    }


def descriptor(files: dict, relative_dir: str, plan: dict, cited: set[str], version: str | None = None) -> dict:
    """The datapackage.json: metadata, then one resource per (name, format) with its inlined schema.

    `files` maps (resource, format) to {"bytes": n, "hash": "sha256:..."}, given for the CSV
    files only: frictionless parses JSON tables without counting their bytes, so it could not
    check them. `relative_dir` is the folder of the files relative to the descriptor.
    """
    package = metadata()
    resources = []
    for name in PUBLISHED:
        if (name, "csv") not in files:
            continue
        table_schema = schema(name)
        title, description = table_schema.pop("title"), table_schema.pop("description")
        for fmt, mediatype in FORMATS.items():
            resource = {
                "name": name if fmt == "csv" else f"{name}-json",
                "type": "table",
                "path": located(relative_dir, f"{name}.{fmt}"),
                "format": fmt,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "title": title,
                "description": description,
                **({k: v for k, v in files[(name, fmt)].items() if k != "rows"} if fmt == "csv" else {}),
                "schema": table_schema,
            }
            if fmt == "json" and files[(name, "csv")]["rows"] == 0:
                # frictionless cannot read an empty JSON array as a table; the CSV copy carries the check
                resource["type"] = "json"
                del resource["schema"]
            elif fmt == "json":
                resource["dialect"] = {"json": {"keyed": True}}
            resources.append(resource)
        if (name, "parquet") in files:
            resources.append(
                file_resource(f"{name}-parquet", f"{name}.parquet", title, relative_dir, files[(name, "parquet")])
            )
    for name, filename, title in DOCUMENTS:
        if filename in files:
            resources.append(file_resource(name, filename, title, relative_dir, files[filename]))
    return {
        **identity(plan),
        **package,
        **({"version": version} if version else {}),
        "sources": sources(cited),
        "resources": resources,
    }
