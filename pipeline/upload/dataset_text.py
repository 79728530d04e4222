"""What the dataset's page on the portal says: its description (Markdown, which udata renders)
and its short description, made from the package's own metadata and the links this upload
gives its files. udata's limits: a description of at most 100,000 characters, a short one of
at most 200 (udata/core/dataset/constants.py:216-217, forms.py:197-206)."""

from __future__ import annotations

from pipeline.documents import citation
from pipeline.upload.portal_files import RANKS, PortalFile

SHORT_LIMIT = 200
DESCRIPTION_LIMIT = 100_000


def released(descriptor: dict) -> str:
    """The day this version was released: the descriptor's `created`, set by publish."""
    return descriptor.get("created", "")[:10]


def description(descriptor: dict, files: list[PortalFile], link) -> str:
    """The dataset's description: what it is, its version, how it is made, its files by their
    stable links, the dictionary and how to cite. `link(name)` is a file's stable link, or None
    where the portal does not hold it."""
    day = released(descriptor)
    lines = [
        descriptor["description"],
        "",
        f"**Version {descriptor['version']}**" + (f", {day}" if day else "") + ". "
        "Ce qui a changé : le journal des versions et la table `changes` / What changed: the changelog and the "
        "table `changes`.",
        "",
        "## Comment ces données sont faites / How these data are made",
        "",
        f"Chaque ligne cite sa source publique ({len(descriptor.get('sources', []))} sources) ; le paquet est "
        "écrit par action-plan-data, validé par frictionless, et republié seulement quand une source change. / "
        "Each row cites its public source; the package is written by action-plan-data, validated by "
        "frictionless, and republished only when a source changes.",
        "",
        "## Fichiers / Files",
        "",
        "Chaque lien ci-dessous est stable : il sert toujours la dernière version du fichier. Chaque CSV est aussi "
        "servi en JSON par l'API tabulaire du portail ; le zip contient en plus les copies JSON et Parquet. / Each "
        "link below is stable: it always serves the file's latest version. Each CSV is also served as JSON by the "
        "portal's tabular API; the zip also holds the JSON and Parquet copies.",
        "",
    ]
    for entry in files:
        if entry.kind in ("main", "update") or entry.rank == RANKS["guide"]:  # the data, the dictionary, the descriptor
            url = link(entry.name)
            if url:
                lines.append(f"- [{entry.filename}]({url}) : {entry.title}")
    dictionary = next((f for f in files if f.name.endswith("README.md")), None)
    if dictionary and link(dictionary.name):
        lines += [
            "",
            f"Le dictionnaire des données / The data dictionary: [{dictionary.filename}]({link(dictionary.name)}) ; "
            "la description de chaque CSV en donne la partie de sa table / each CSV's description gives its "
            "table's part.",
        ]
    lines += ["", "## Citer / How to cite", "", f"> {citation.sentence(descriptor, day or '0000')}", ""]
    return "\n".join(lines)[:DESCRIPTION_LIMIT]


def short(descriptor: dict) -> str:
    """At most 200 characters: the package's title, French then English, without the plan's
    full French name."""
    french, _, english = descriptor["title"].partition(" / ")
    french = french.split(" « ")[0]
    text = f"{french} : engagements, jalons et évaluations / {english}: commitments, milestones, evaluations"
    if len(text) > SHORT_LIMIT:
        text = english[:SHORT_LIMIT]
    return text
