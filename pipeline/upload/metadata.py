"""What upload tells the portal besides the files: each file's title, description and type,
the dataset's metadata as one whole record, and the descriptor as the portal serves it."""

from __future__ import annotations

import calendar
import json
import re
from typing import TYPE_CHECKING

from pipeline.publish import package
from pipeline.upload import bundle

if TYPE_CHECKING:  # upload's settings; only their resources, portal and private are read here
    from pipeline.upload.stage import Config

LICENSES = {"etalab-2.0": "lov2"}
# The fields of udata's dataset form (udata/core/dataset/forms.py:190-250 at commit 25b5a2d):
# a dataset PUT sends them all.
DATASET_FIELDS = (
    "title",
    "acronym",
    "description",
    "license",
    "frequency",
    "temporal_coverage",
    "spatial",
    "tags",
    "private",
)
DOCUMENTATION = {"md", "schema.json"}
ZIP_DESCRIPTION = (
    "Tous les fichiers du paquet et son datapackage.json, chemins relatifs : décompressé, "
    "`frictionless validate datapackage.json` le vérifie / Every file of the package and its "
    "datapackage.json, paths relative: once unzipped, `frictionless validate datapackage.json` checks it"
)


def portal_descriptor(descriptor: dict, config: Config, allowed: set[str]) -> bytes:
    """The descriptor as the portal serves it: each file the portal holds named by its stable
    link (udata's /api/1/datasets/r/<resource id>, which redirects to the latest file), the
    files it does not hold left out; a reuser who has only the portal can validate it by URL."""

    def held(entries: list[dict]) -> list[dict]:
        kept = []
        for entry in entries:
            rid = config.resources.get(entry["path"])
            if rid and entry["path"].rsplit(".", 1)[-1].lower() in allowed:
                kept.append({**entry, "path": f"{config.portal.rstrip('/')}/api/1/datasets/r/{rid}"})
        return kept

    shown = {**descriptor, "resources": held(descriptor["resources"]), "files": held(descriptor.get("files", []))}
    return (json.dumps(shown, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def files(descriptor: dict, descriptor_name: str) -> list[tuple[str, dict]]:
    """(path, resource metadata) of every published file, then the zip of them all, the descriptor last."""
    files, titles = [], set()
    for resource in package.every_file(descriptor):
        path = resource["path"]
        extension = "schema.json" if path.endswith(".schema.json") else path.rsplit(".", 1)[-1]
        title = resource.get("title", resource["name"])
        if title in titles:  # a table's JSON and Parquet copies: each resource its own title
            title = f"{title} ({path.rsplit('.', 1)[-1].upper()})"
        titles.add(title)
        files.append(
            (
                path,
                {
                    "title": title,
                    "description": resource.get("description", resource.get("title", "")),
                    "type": "documentation" if extension in DOCUMENTATION else "main",
                    "format": path.rsplit(".", 1)[-1],
                },
            )
        )
    files.append(
        (
            bundle.name(descriptor),
            {"title": bundle.TITLE, "description": ZIP_DESCRIPTION, "type": "main", "format": "zip"},
        )
    )
    files.append(
        (
            descriptor_name,
            {
                "title": "Descripteur du paquet (Frictionless) / Package descriptor (Frictionless)",
                "description": "datapackage.json : métadonnées et Table Schemas / metadata and Table Schemas",
                "type": "documentation",
                "format": "json",
            },
        )
    )
    return files


def dataset_fields(descriptor: dict, config: Config) -> dict:
    license_name = descriptor["licenses"][0]["name"]
    fields = {
        "description": descriptor["description"],
        "license": LICENSES.get(license_name, license_name),
        "frequency": descriptor.get("frequency", "irregular"),
        "tags": sorted({re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-") for k in descriptor.get("keywords", [])}),
        "private": config.private,
    }
    if descriptor.get("temporal_coverage"):
        fields["temporal_coverage"] = full_dates(descriptor["temporal_coverage"])
    return fields


def full_dates(coverage: dict) -> dict:
    """A coverage given as years or months, as the days udata needs: it reads each bound with
    dateutil's parse (udata/forms/fields.py:653-676, DateRangeField), which fills a missing
    month or day from today. The start is a period's first day, the end its last."""
    start, end = coverage["start"], coverage["end"]
    start += "-01-01"[len(start) - 4 :] if len(start) < 10 else ""
    if len(end) == 4:
        end += "-12-31"
    elif len(end) == 7:
        year, month = int(end[:4]), int(end[5:])
        end += f"-{calendar.monthrange(year, month)[1]:02d}"
    return {"start": start, "end": end}


def dataset_changes(dataset: dict, wanted: dict) -> dict:
    changed = {}
    for key, value in wanted.items():
        have = dataset.get(key)
        if key == "license" and isinstance(have, dict):
            have = have.get("id")
        if key == "temporal_coverage" and isinstance(have, dict):
            have = {k: str(v)[:10] for k, v in have.items() if k in ("start", "end")}
        if key == "tags" and isinstance(have, list):
            have = sorted(have)
        if have != value:
            changed[key] = value
    return changed


def full_record(dataset: dict, changes: dict) -> dict:
    """The body of a dataset PUT: every editable field, as the portal has it, with the changes.
    udata validates a PUT against its whole form and resets what the body lacks (tags to none,
    the coverage to nothing, private to false): a partial body would lose them."""
    record = {}
    for name in DATASET_FIELDS:
        value = dataset.get(name)
        if name == "license" and isinstance(value, dict):
            value = value.get("id")
        if value is not None:
            record[name] = value
    return {**record, **changes}
