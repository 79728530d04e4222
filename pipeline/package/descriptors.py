"""The package's metadata and Table Schemas, the one place where a published column is defined.

`pipeline/schemas/package.json` holds the hand-edited metadata common to every package
(version, licence, contributors); each `pipeline/schemas/<resource>.schema.json` holds one
resource's Table Schema, with its French and English titles. `descriptor` inlines them into
the datapackage.json, with the name, title and description of the plan published, and the
list of every source its rows cite.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.package import cited_sources, tables
from pipeline.package.identity import identity
from pipeline.paths import SCHEMAS_DIR

RESOURCES, CHANGES = tables.TABLES, tables.CHANGES
PUBLISHED = (*RESOURCES, CHANGES)
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
    """The Table Schema of a resource: a new dict each time, the caller's to change."""
    return json.loads(_schema_text(schemas_dir / f"{name}.schema.json"))


@functools.lru_cache(maxsize=64)
def _schema_text(path: Path) -> str:
    # the schemas are files of the package, read once: a run asks for one two hundred times
    return path.read_text(encoding="utf-8")


def metadata(schemas_dir: Path = SCHEMAS_DIR) -> dict:
    return json.loads((schemas_dir / "package.json").read_text(encoding="utf-8"))


def field_names(name: str) -> list[str]:
    return [field["name"] for field in schema(name)["fields"]]


MEDIATYPES = {
    "parquet": "application/vnd.apache.parquet",
    "md": "text/markdown",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
    "svg": "image/svg+xml",
}
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# Files that are not tables: (resource name, file name, title). Data Package v2 lets a
# resource be a table or an untyped file; frictionless 5 reads an untyped Parquet or xlsx file
# as a table it cannot count the bytes of, and any "*schema.json" as a Table Schema. Those go
# to the package's `files` list (the same fields as a resource), checked by publish itself;
# what frictionless can check as a file stays a resource.
DOCUMENTS = (
    ("plan-xlsx", "plan.xlsx", "Classeur : une feuille par table / Workbook: one sheet per table"),
    ("plan-json", "plan.json", "Le plan en un document imbriqué / The plan as one nested document"),
    ("plan-json-schema", "plan.schema.json", "JSON Schema de plan.json / JSON Schema of plan.json"),
    ("changelog", "CHANGELOG.md", "Journal des versions / Changelog"),
    (
        "plan-html",
        "plan.html",
        "Le plan en une page web, avec ses graphiques / The plan as one web page, with its charts",
    ),
    ("chart-themes", "chart-themes.svg", "Graphique : engagements par axe / Chart: commitments by theme"),
    (
        "chart-institutions",
        "chart-institutions.svg",
        "Graphique : engagements par institution pilote / Chart: commitments by lead institution",
    ),
    (
        "chart-ratings",
        "chart-ratings.svg",
        "Graphique : notes du MEI en fin de mandat par identifiant OGP / Chart: IRM end-of-term ratings by OGP id",
    ),
    (
        "chart-self-assessment",
        "chart-self-assessment.svg",
        "Graphique : totaux de l'auto-évaluation / Chart: self-assessment totals",
    ),
    (
        "chart-milestones",
        "chart-milestones.svg",
        "Graphique : échéances de la feuille de route / Chart: roadmap deadlines",
    ),
)
# frictionless reads an HTML file as a table: with the workbook and the JSON Schema, listed apart
OTHER_FILES = {"plan.xlsx", "plan.schema.json", "plan.html"}


def every_file(descriptor: dict) -> list[dict]:
    """Every file a descriptor lists: its resources, then its other files."""
    return [*descriptor.get("resources", []), *descriptor.get("files", [])]


def located(relative_dir: str, filename: str) -> str:
    """A file's path as a descriptor in `relative_dir` (its folder's path from the descriptor) names it."""
    return filename if relative_dir in ("", ".") else f"{relative_dir}/{filename}"


def relocated(descriptor: dict, relative_dir: str) -> dict:
    """The same descriptor, for a copy that sits in `relative_dir` relative to the files."""

    def moved(entries: list[dict]) -> list[dict]:
        return [{**r, "path": located(relative_dir, r["path"].rsplit("/", 1)[-1])} for r in entries]

    return {
        **descriptor,
        "resources": moved(descriptor["resources"]),
        **({"files": moved(descriptor["files"])} if "files" in descriptor else {}),
    }


def file_resource(name: str, filename: str, title: str, relative_dir: str, integrity_: dict) -> dict:
    """A file that is not read as a table: its bytes and hash are what is checked."""
    fmt = filename.rsplit(".", 1)[-1]
    text = {"encoding": "utf-8"} if fmt in ("json", "md", "html", "svg") else {}
    return {
        "name": name,
        "path": located(relative_dir, filename),
        "format": fmt,
        "mediatype": MEDIATYPES[fmt],
        **text,
        "title": title,
        **integrity_,
    }


def identifier(name: str) -> str:
    """The package's `id`: a UUID derived from its name, so the same plan keeps the same id."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'urn:ogp-action-plan-data:{name}')}"


def homepage(text_sources: set[str], plan: dict, dataset_page: str | None = None) -> dict:
    """The dataset's page on the portal once upload's settings name the dataset; before, where
    the plan comes from: the one source its commitments' titles cite (the plan's own
    repository), else the plan row's source."""
    if dataset_page:
        return {"homepage": dataset_page}
    urls = {text.split()[0] for text in text_sources if text and re.match(r"https?://", text)}
    url = urls.pop() if len(urls) == 1 else plan.get("source")
    return {"homepage": url} if url else {}


def descriptor(
    files: dict,
    relative_dir: str,
    plans: list[dict],
    cited: set[str],
    version: str | None = None,
    text_sources=frozenset(),
    titled: dict[str, str] | None = None,
    released: str | None = None,
    dataset_page: str | None = None,
) -> dict:
    """The datapackage.json: metadata, then each table as a CSV resource with its inlined
    schema, its JSON copy as a file resource and its Parquet copy in `files`.

    `files` maps (resource, format), or a document's file name, to {"bytes": n, "hash":
    "sha256:..."}. `relative_dir` is the folder of the files relative to the descriptor;
    `text_sources` what the commitments' titles cite (see `homepage`), `titled` the titles the
    published rows give to some sources (see `sources`), `released` the day this version was
    released: the descriptor's `created`, as each version's descriptor is made anew;
    `dataset_page` the dataset's page on the portal, the homepage once there is one.
    """
    package = metadata()
    resources, others = [], []
    for name in PUBLISHED:
        if (name, "csv") not in files:
            continue
        table_schema = schema(name)
        title, description = table_schema.pop("title"), table_schema.pop("description")
        if "plan.xlsx" in files:  # spreadsheet users are better served by the workbook's sheet
            french, english = description.split(" / ", 1)
            description = (
                f"{french} ; dans un tableur, ouvrez plutôt la feuille « {name} » de plan.xlsx / "
                f"{english}; in a spreadsheet, open the sheet '{name}' of plan.xlsx instead"
            )
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": located(relative_dir, f"{name}.csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": title,
                "description": description,
                **{k: v for k, v in files[(name, "csv")].items() if k != "rows"},
                "schema": table_schema,
            }
        )
        resources.append(
            {
                **file_resource(f"{name}-json", f"{name}.json", title, relative_dir, files[(name, "json")]),
                "description": f"Les lignes de {name}.csv en tableau d'objets JSON, mêmes champs et types "
                f"(schéma de la ressource `{name}`) / The rows of {name}.csv as a JSON array of "
                f"objects, with the same fields and types (schema of resource `{name}`)",
            }
        )
        if (name, "parquet") in files:
            others.append(
                file_resource(f"{name}-parquet", f"{name}.parquet", title, relative_dir, files[(name, "parquet")])
            )
    for name, filename, title in DOCUMENTS:
        if filename in files:
            entry = file_resource(name, filename, title, relative_dir, files[filename])
            (others if filename in OTHER_FILES else resources).append(entry)
    identity_ = identity(plans)
    return {
        "$schema": PROFILE,
        "id": identifier(identity_["name"]),
        **homepage(text_sources, plans[0], dataset_page),
        **identity_,
        **package,
        **({"version": version} if version else {}),
        **({"created": f"{released}T00:00:00Z"} if released else {}),
        "sources": cited_sources.sources(cited, titled),
        "resources": resources,
        "files": others,
    }
