"""data/published/README.md: the data dictionary, in French and English, generated from the
descriptor (and so from the Table Schemas): it cannot say something the package does not.

What the package is, how to cite it, each resource with its grain and formats, each field
with its type, meaning and allowed codes, how resources join, the sources, the version, and
examples that load it with pandas, DuckDB and frictionless (a test runs them).
"""

from __future__ import annotations

from pipeline.package.descriptors import DOCUMENT_CELLS, every_file

# What a reuser installs to run every example below; a test runs them in a venv holding only this.
REUSER_INSTALL = 'pandas duckdb "frictionless[json]"'
EXAMPLES = {
    "pandas": """import pandas as pd

commitments = pd.read_csv("commitments.csv")
assessments = pd.read_csv("assessments.csv")
rated = assessments.merge(commitments, on="commitment_id")
print(rated.groupby("report")["commitment_id"].nunique())""",
    "duckdb": '''import duckdb

print(duckdb.sql("""
    select c.number, c.title_en, a.completion
    from 'commitments.csv' as c
    join 'assessments.parquet' as a using (commitment_id)
    where a.report = 'irm-end-of-term' and a.completion is not null
    order by c.number
"""))''',
    "frictionless": """from frictionless import Package

package = Package("datapackage.json")
print(package.validate().valid)
for row in package.get_resource("commitments").read_rows()[:3]:
    print(row["commitment_id"], row["title_en"])""",
}

# Where a reader guesses a type from the values and the values alone do not say (a test
# asserts each case against the real package).
TYPES = [
    "Chaque champ se lit avec le même type dans les trois formats, avec pandas comme avec DuckDB, sans option "
    "(dans pandas, un entier dont une valeur manque est float64, partout), sauf trois cas où l'outil devine "
    "d'après les valeurs ; Parquet porte toujours le type du schéma. / Every field reads back with the same type "
    "from all three formats, in pandas as in DuckDB, with no option (in pandas, an integer with a missing value is "
    "float64, everywhere), except three cases where the tool guesses from the values; Parquet always carries the "
    "schema's type.",
    "",
    "- **Dates** : pandas n'a pas de type date et lit le CSV et le JSON en texte / pandas has no date type and "
    'reads CSV and JSON as text: `pd.read_csv("plans.csv", parse_dates=["publication_date"])`.',
    "- **Colonne sans valeur dans cette version / Column with no value in this release** (ex. "
    "`commitments_overview.supporting_institutions`) : pandas lit float64, le lecteur JSON de DuckDB le type "
    "NULL / pandas reads float64, DuckDB's JSON reader the NULL type: "
    '`pd.read_csv("commitments_overview.csv", dtype={"supporting_institutions": "string"})`, '
    "ou / or `read_parquet`.",
    "- **Texte fait seulement de `yes` et `no` / Text holding only `yes` and `no`** (ex. `assessments.verifiable`) "
    ": le lecteur CSV de DuckDB devine BOOLEAN / DuckDB's CSV reader guesses BOOLEAN: "
    "`read_csv('assessments.csv', types={'verifiable': 'VARCHAR', 'relevant': 'VARCHAR'})`, ou / or "
    "`read_parquet`.",
]


# every code that stands for a missing rating, and what an empty cell means, in one place
MISSING = (
    "- `ND`, `NR`, `NA` (assessments) : codes de l'OGP, gardés là où son export les imprime, jamais "
    "fusionnés (l'OGP ne publie pas leur sens) / OGP's codes, kept where its export prints them, never "
    "merged (OGP publishes no meaning for them).",
    "- `not_shown` (assessments) : la source, une page d'engagement, n'affiche aucune valeur pour cet "
    "indicateur / the source, a commitment page, shows no value for this indicator.",
    "- `pending_irm_review` (assessments.completion) : la page dit « en attente d'examen par le MEI » / "
    "the page says the IRM review is pending.",
    "- Cellule vide dans assessments : ce rapport ne note pas cet indicateur ; dans commitments_overview : "
    "aucune ligne de assessments ne le note ; ailleurs : aucune source ne le dit / An empty cell in "
    "assessments: this report does not rate the indicator; in commitments_overview: no assessments row "
    "rates it; anywhere else: no source says it.",
    "- `report_basis = inferred` : la source ne dit pas de quel rapport sont ses valeurs, les classer sous "
    "un rapport est une déduction / the source does not say which report its values belong to: filing "
    "them under one is an inference.",
)


def render(descriptor: dict, cite: str, on_portal: bool = False) -> str:
    """The dictionary; `on_portal` when the homepage is the dataset's page on the portal."""
    tables = [r for r in descriptor["resources"] if r.get("format") == "csv"]
    files = {r["path"].rsplit("/", 1)[-1] for r in every_file(descriptor)}
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        f"- **Version** : {descriptor['version']} (voir / see [CHANGELOG.md](CHANGELOG.md) "
        "et la ressource / and the resource `changes`)",
        f"- **Licence** : {descriptor['licenses'][0]['title']} (`{descriptor['licenses'][0]['name']}`), "
        f"{descriptor['licenses'][0]['path']}",
        "- **Description du paquet / Package descriptor** : `datapackage.json` (Frictionless Data Package, "
        "Table Schemas inclus / inlined)",
        *homepage_line(descriptor, on_portal),
        "",
        "## Citer / How to cite",
        "",
        f"> {cite}",
        "",
        "## Fichiers / Files",
        "",
        "Chaque table est publiée en CSV (UTF-8, virgule, fins de ligne LF, dates ISO 8601, cellule vide = "
        "non renseigné), en JSON (tableau d'objets, `null` = non renseigné) et en Parquet. / Each table is "
        "published as CSV (UTF-8, comma, LF line ends, ISO 8601 dates, empty cell = not stated), JSON (array "
        "of objects, `null` = not stated) and Parquet.",
        "",
        documents(files),
        "",
        "| ressource / resource | une ligne par… / one row per… | fichiers / files |",
        "|---|---|---|",
    ]
    for resource in tables:
        name = resource["name"]
        formats = [f"`{name}.{ext}`" for ext in ("csv", "json", "parquet") if f"{name}.{ext}" in files]
        lines.append(f"| [`{name}`](#{name}) | {_cell(resource['description'])} | {', '.join(formats)} |")
    charts = [r for r in every_file(descriptor) if r.get("format") == "svg"]
    if charts:
        lines += [
            "",
            "## Le plan en un coup d'œil / The plan at a glance",
            "",
            "`plan.html` présente le plan en une page (axes, engagements, institutions, identifiants OGP, notes, "
            "jalons, sources) avec ces graphiques, tirés des tables publiées ; elle ne charge rien. / `plan.html` "
            "shows the plan on one page (themes, commitments, institutions, OGP ids, ratings, milestones, "
            "sources) with these charts, drawn from the published tables; it loads nothing.",
            "",
            *(f"![{r['title']}]({r['path'].rsplit('/', 1)[-1]})" for r in charts),
        ]
    lines += [
        "",
        "## Tableurs et formules / Spreadsheets and formulas",
        "",
        "Une cellule de texte qui commence par `=`, `+`, `-` ou `@` pourrait être exécutée comme une formule "
        "par un tableur qui ouvre le CSV. Règle : le CSV et le JSON gardent la valeur telle quelle (aucune "
        "donnée n'est modifiée)"
        + (
            " ; le classeur `plan.xlsx` stocke chaque cellule de texte comme du texte, jamais comme une formule"
            if "plan.xlsx" in files
            else ""
        )
        + ". / A text cell starting with `=`, `+`, `-` or `@` could be run as a formula by a spreadsheet "
        "opening the CSV. Rule: the CSV and JSON keep the value as it is (no data is altered)"
        + (
            "; the workbook `plan.xlsx` stores every text cell as text, never as a formula"
            if "plan.xlsx" in files
            else ""
        )
        + ".",
        "",
        "## Types / Types",
        "",
        *TYPES,
        "",
        "## Valeurs manquantes / Missing values",
        "",
        *MISSING,
        "",
        "## Jointures / How resources join",
        "",
    ]
    for resource in tables:
        lines += joins(resource)
    for resource in tables:
        lines += ["", f"## {resource['name']}", "", *table_section(resource)]
    lines += ["", "## Sources", ""]
    for source in descriptor["sources"]:
        named = f"{source['title']}: {source['path']}" if "title" in source and "path" in source else None
        lines.append(f"- {named or source.get('path') or source.get('title')}")
    lines += [
        "",
        "## Exemples / Examples",
        "",
        f"Depuis le dossier de ce paquet, après / From this package's folder, after `pip install {REUSER_INSTALL}`:",
        "",
    ]
    for tool, code in EXAMPLES.items():
        lines += [f"### {tool}", "", "```python", code, "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def homepage_line(descriptor: dict, on_portal: bool) -> list[str]:
    """Which page the homepage is: the dataset's on the portal, or (before there is one) the plan's source."""
    if not descriptor.get("homepage"):
        return []
    which = (
        "la page du jeu de données sur le portail / the dataset's page on the portal"
        if on_portal
        else "la source du plan, tant qu'aucun jeu de données n'est nommé dans datagouv.toml / the plan's source, "
        "until datagouv.toml names a dataset on the portal"
    )
    return [f"- **Page d'accueil / Homepage** : {descriptor['homepage']} ({which})"]


def table_section(resource: dict) -> list[str]:
    """A table's part of the dictionary, in Markdown: its title, grain, key and each field with
    its type, meaning and codes. The README holds every table's; the portal shows each table's
    as the description of its CSV resource."""
    schema = resource["schema"]
    lines = [
        f"**{resource['title']}**",
        "",
        resource["description"],
        "",
        f"Clé primaire / Primary key : `{', '.join(schema['primaryKey'])}`",
        "",
        "| champ / field | type | titre / title | description | codes |",
        "|---|---|---|---|---|",
    ]
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        codes = ", ".join(f"`{code}`" for code in constraints.get("enum", []))
        kind = field["type"] + (" (obligatoire / required)" if constraints.get("required") else "")
        lines.append(
            f"| `{field['name']}` | {kind} | {field.get('title', '')} | "
            f"{_cell(field.get('description', ''))} | {codes} |"
        )
    return lines


def joins(resource: dict) -> list[str]:
    """One Markdown line per foreign key of a table: which fields join which table's."""
    lines = []
    for key in resource["schema"].get("foreignKeys", []):
        target = key["reference"]["resource"] or resource["name"]
        lines.append(
            f"- `{resource['name']}.{', '.join(key['fields'])}` → `{target}.{', '.join(key['reference']['fields'])}`"
        )
    return lines


def documents(files: set[str]) -> str:
    """What the package says of its workbook and plan.json: there, or why not."""
    if "plan.xlsx" in files:
        return (
            "Toutes les tables sont aussi des feuilles du classeur `plan.xlsx` (la première : "
            "`commitments_overview`) ; pour un tableur, ouvrez-le. `plan.json` donne chaque plan en entier, en un "
            "document imbriqué, validé par `plan.schema.json`. / Each table is also a sheet of the workbook "
            "`plan.xlsx` (the first: `commitments_overview`); in a spreadsheet, open it. `plan.json` holds every "
            "plan, whole, as one nested document, validated by `plan.schema.json`."
        )
    return (
        f"Ce paquet dépasse {DOCUMENT_CELLS:,} cellules : le classeur `plan.xlsx` et `plan.json`, faits pour un "
        "tableur ou un navigateur, ne sont pas publiés ; les tables portent toutes les données. / This package "
        f"is over {DOCUMENT_CELLS:,} cells: the workbook `plan.xlsx` and `plan.json`, made for a spreadsheet or a "
        "browser, are not published; the tables carry all the data."
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
