"""The files upload puts on the portal, in the order a reuser meets them, and what each
resource says of itself: its title, its description (for a table, its part of the data
dictionary), its type and, for a table, the stable link of its Table Schema.

What goes up, and why:
- each table's CSV, `main` (`changes.csv` is `update`, udata's type for what changed): the
  portal's tabular API serves every CSV as JSON too, so the per-table JSON copies stay in the
  package and its zip and do not double the list of files;
- Parquet copies, the workbook, plan.json and the zip, `main`, after the CSVs;
- the data dictionary and the changelog, whose `.md` udata's default list refuses, go up as
  `.txt` (the same bytes: Markdown is text), with the descriptor and each table's Table Schema
  (`<table>.schema.json`, made from the descriptor), `documentation`;
- the charts and the page, `other`: they are drawn from the data, not data.
Types are udata's (udata/core/dataset/constants.py:177-186).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pipeline.documents import dictionary
from pipeline.package import descriptors
from pipeline.upload import bundle

DESCRIPTOR_TITLE = "Descripteur du paquet (Frictionless) / Package descriptor (Frictionless)"
DESCRIPTOR_DESCRIPTION = (
    "datapackage.json : métadonnées et Table Schemas ; chaque fichier y est nommé par son lien stable sur ce "
    "portail / metadata and Table Schemas; each file is named by its stable link on this portal"
)
ZIP_DESCRIPTION = (
    "Tous les fichiers du paquet (avec les copies JSON et Parquet de chaque table) et son datapackage.json, "
    "chemins relatifs : décompressé, `frictionless validate datapackage.json` le vérifie / Every file of the "
    "package (with each table's JSON and Parquet copies) and its datapackage.json, paths relative: once unzipped, "
    "`frictionless validate datapackage.json` checks it"
)
DICTIONARY_DESCRIPTION = (
    "Le dictionnaire des données, en Markdown : chaque table, son grain, sa clé, chaque champ, ses codes et les "
    "valeurs manquantes, les jointures, les sources et comment citer / The data dictionary, in Markdown: each "
    "table, its grain, its key, each field, its codes and missing values, the joins, the sources and how to cite"
)
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
WORKBOOK_NOTE = (
    "\n\nPour un programme ou l'API tabulaire du portail, préférez les CSV / For a program or the portal's "
    "tabular API, use the CSV files."
)
# Where each kind of file comes in the portal's list: data first, the overview leading.
# The dictionary and the descriptor lead the documentation.
RANKS = {"overview": 0, "table": 1, "parquet": 2, "document": 3, "zip": 4, "guide": 5, "documentation": 6, "other": 7}


@dataclass(frozen=True)
class PortalFile:
    name: str  # its key in datagouv.toml: the descriptor's path, or the name of a file upload makes
    filename: str  # the name it goes up under
    kind: str  # udata's resource type
    title: str
    description: str
    rank: int  # its place in the portal's list, with the order of the package within a rank
    table: str = ""  # for a table's CSV or Table Schema: the table's name

    @property
    def extension(self) -> str:
        return "schema.json" if self.filename.endswith(".schema.json") else self.filename.rsplit(".", 1)[-1]


def schema_name(table: str) -> str:
    return f"{table}.schema.json"


def listed(descriptor: dict, descriptor_name: str, allowed: set[str]) -> list[PortalFile]:
    """Every file upload puts on the portal, in the portal's order."""
    tables = {r["name"]: r for r in descriptor["resources"] if r.get("format") == "csv"}
    found: list[tuple[int, PortalFile]] = []

    def add(kind: str, rank: str, **fields) -> None:
        found.append((len(found), PortalFile(kind=kind, rank=RANKS[rank], **fields)))

    for resource in descriptors.every_file(descriptor):
        path, fmt, name, title = resource["path"], resource.get("format", ""), resource["name"], resource["title"]
        filename = path.rsplit("/", 1)[-1]
        described = resource.get("description", title)
        if name in tables:
            section = [*dictionary.table_section(resource), *_joins(dictionary.joins(resource))]
            rank = "overview" if name == "commitments_overview" else "table"
            kind = "update" if name == "changes" else "main"
            add(kind, rank, name=path, filename=filename, title=title, description="\n".join(section), table=name)
        elif name.removesuffix("-json") in tables:
            continue  # a table's JSON copy: the tabular API serves each CSV as JSON
        elif fmt == "parquet":
            table = filename.removesuffix(".parquet")
            description = f"Les lignes de {table}.csv en Parquet / The rows of {table}.csv as Parquet"
            add("main", "parquet", name=path, filename=filename, title=f"{title} (Parquet)", description=description)
        elif fmt == "md":
            as_text = "md" not in allowed and "txt" in allowed
            shown = f"{title} (Markdown, .txt)" if as_text else title
            sent = filename.removesuffix(".md") + ".txt" if as_text else filename
            rank = "guide" if name == "readme" else "documentation"
            described = DICTIONARY_DESCRIPTION if name == "readme" else described
            add("documentation", rank, name=path, filename=sent, title=shown, description=described)
        elif fmt in ("svg", "html"):
            add("other", "other", name=path, filename=filename, title=title, description=described)
        elif filename.endswith(".schema.json"):
            add("documentation", "documentation", name=path, filename=filename, title=title, description=described)
        else:  # the workbook and plan.json
            described += WORKBOOK_NOTE if fmt == "xlsx" else ""
            add("main", "document", name=path, filename=filename, title=title, description=described)
    for table in tables:
        title = f"Table Schema : {table} / Table Schema: {table}"
        described = (
            f"Les champs, types et contraintes de {table}.csv (Frictionless Table Schema) / The fields, types and "
            f"constraints of {table}.csv (Frictionless Table Schema)"
        )
        name = schema_name(table)
        add("documentation", "documentation", name=name, filename=name, title=title, description=described, table=table)
    zipped = bundle.name(descriptor)
    add("main", "zip", name=zipped, filename=zipped, title=bundle.TITLE, description=ZIP_DESCRIPTION)
    add(
        "documentation",
        "guide",
        name=descriptor_name,
        filename=descriptor_name,
        title=DESCRIPTOR_TITLE,
        description=DESCRIPTOR_DESCRIPTION,
    )
    return [entry for _, entry in sorted(found, key=lambda item: (item[1].rank, item[0]))]


def sending_order(files: list[PortalFile], descriptor_name: str) -> list[PortalFile]:
    """The order files are sent in: the Table Schemas first, so each CSV names its schema by a
    link that exists; the descriptor last, so it names every file by the link this upload gave it."""
    schemas = [f for f in files if f.table and f.name.endswith(".schema.json")]
    last = [f for f in files if f.name == descriptor_name]
    return schemas + [f for f in files if f not in schemas and f not in last] + last


def table_schema(descriptor: dict, table: str) -> bytes:
    """A table's Table Schema as a file of its own, exactly as the descriptor inlines it."""
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    schema = {"$schema": TABLE_SCHEMA_PROFILE, **resource["schema"]}
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _joins(lines: list[str]) -> list[str]:
    return ["", "Jointures / Joins:", "", *lines] if lines else []
