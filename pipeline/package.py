"""The package's metadata and Table Schemas, the one place where a published column is defined.

`pipeline/schemas/package.json` holds the hand-edited package metadata; each
`pipeline/schemas/<resource>.schema.json` holds one resource's Table Schema, with its
French and English titles. `descriptor` inlines them into the datapackage.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.paths import SCHEMAS_DIR

# Published order: each resource comes after the resources its foreign keys point to.
RESOURCES = (
    "plans",
    "themes",
    "commitments",
    "institutions",
    "commitment_institutions",
    "ogp_commitments",
    "milestones",
    "assessments",
    "self_assessments",
    "commitments_overview",
)
FORMATS = {"csv": "text/csv", "json": "application/json"}


def schema(name: str, schemas_dir: Path = SCHEMAS_DIR) -> dict:
    return json.loads((schemas_dir / f"{name}.schema.json").read_text(encoding="utf-8"))


def metadata(schemas_dir: Path = SCHEMAS_DIR) -> dict:
    return json.loads((schemas_dir / "package.json").read_text(encoding="utf-8"))


def field_names(name: str) -> list[str]:
    return [field["name"] for field in schema(name)["fields"]]


def descriptor(files: dict[tuple[str, str], dict], relative_dir: str) -> dict:
    """The datapackage.json: metadata, then one resource per (name, format) with its inlined schema.

    `files` maps (resource, format) to {"bytes": n, "hash": "sha256:..."}, given for the CSV
    files only: frictionless parses JSON tables without counting their bytes, so it could not
    check them. `relative_dir` is the folder of the files relative to the descriptor.
    """
    package = metadata()
    resources = []
    for name in RESOURCES:
        table_schema = schema(name)
        title, description = table_schema.pop("title"), table_schema.pop("description")
        for fmt, mediatype in FORMATS.items():
            resource = {
                "name": name if fmt == "csv" else f"{name}-json",
                "type": "table",
                "path": f"{relative_dir}/{name}.{fmt}",
                "format": fmt,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "title": title,
                "description": description,
                **(files[(name, fmt)] if fmt == "csv" else {}),
                "schema": table_schema,
            }
            if fmt == "json":
                resource["dialect"] = {"json": {"keyed": True}}
            resources.append(resource)
    return {**package, "resources": resources}
