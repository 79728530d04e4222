"""The rules of a plan authored as tables that no Table Schema can say (extract/plan_tables.py):
ids made of other ids, themes two deep, and ratings in the IRM reader's long shape."""

from __future__ import annotations

import re

from pipeline.errors import InputError
from pipeline.extract.irm_vocabularies import INDICATORS

INDICATOR_NAMES = list(dict.fromkeys(indicator.name for indicator in INDICATORS))


def labels(plan_id: str):
    """A commitment id's label: what follows the plan's id and its hyphen."""
    return lambda commitment_id: commitment_id.removeprefix(f"{plan_id}-") if commitment_id else ""


def themes(rows: list[dict[str, str]], plan_id: str) -> dict[str, str]:
    """Each theme id's path, as the other plan readers give it ("budget", "budget/open-data"):
    a theme's id is the plan's id, a slash and a name; a sub-theme's, its theme's id, a slash
    and a name. Themes hold sub-themes, and sub-themes hold nothing."""
    paths, parents = {}, {row["theme_id"]: row["parent_theme_id"] for row in rows}
    for row in rows:
        parent, name = row["theme_id"].rsplit("/", 1) if "/" in row["theme_id"] else ("", "")
        if parent != (row["parent_theme_id"] or plan_id) or not name or parents.get(row["parent_theme_id"]):
            raise InputError(
                row["_where"]["source_file"],
                int(row["_where"]["source_line"]),
                "a theme id is its parent's id (the plan's, for a theme), a slash and a name; "
                "a sub-theme's parent is a theme",
                f"{row['theme_id']!r}",
            )
        paths[row["theme_id"]] = row["theme_id"].removeprefix(f"{plan_id}/")
    return paths


def check_id(row: dict, plan_id: str) -> None:
    """The id is the plan's, and its label the stated number, else (no number stated) an OGP id."""
    label = row["commitment_id"].removeprefix(f"{plan_id}-")
    expected = f"{plan_id}-{row['number']}" if row["number"] else f"{plan_id}-<its OGP id>, as no number is stated"
    if label == row["commitment_id"] or (
        label != row["number"] if row["number"] else not re.fullmatch(r"[A-Z]{2,3}\d{4}", label)
    ):
        raise InputError(
            row["_where"]["source_file"],
            int(row["_where"]["source_line"]),
            "a commitment id is the plan's id, a hyphen and the stated number, else its OGP id",
            f"{row['commitment_id']!r}: expected {expected}",
        )


def ratings(assessed: list[dict[str, str]], plan: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """Ratings as commitment pages display them, in the IRM reader's long shape: one rating
    per indicator a row gives (an empty cell: that report does not rate it)."""
    commitments, ratings = [], []
    for row in assessed:
        key = f"{row['_where']['source_file']}:{row['_where']['source_line']}"
        commitments.append(
            {
                "row_key": key,
                "ogp_id": row["ogp_id"],
                "member": plan["member"],
                "generation": "page",
                **row,
                **row["_where"],
            }
        )
        ratings.extend(
            {"row_key": key, **row, "indicator": name, "code": row[name], "value": row[name], **row["_where"]}
            for name in INDICATOR_NAMES
            if row[name]
        )
    return {"irm__commitments": commitments, "irm__ratings": ratings}
