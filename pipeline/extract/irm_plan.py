"""Build a plan's entities from IRM export rows alone, for members whose plan has no Markdown source.

Reads: the irm_commitments rows `irm.stream` gives, once, in order.
Writes: rows in the action plan extractor's shape (plan, themes, commitments, institutions,
OGP links; no parts, milestones or sections: the export has none), so normalise and publish stay the same.
Why: OGP's export covers every member; the Markdown plan exists for few. The plan is chosen
by configuration: member, plan number and OGP's plan id (which the 2016 export lacks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.errors import InputError

NOT_STATED = {"", "NA", "ND", "NR", "None Specified", "Not Specified", "None"}


@dataclass(frozen=True)
class PlanSelection:
    member: str  # as the export spells it: "Finland", "Buenos Aires, Argentina"
    plan_number: str  # OGP's number of the member's plan: 1 for its first
    plan_id: str  # OGP's plan id, e.g. AP_FIN01

    def matches(self, row: dict[str, str]) -> bool:
        if row["plan_id"]:
            return row["plan_id"] == self.plan_id
        return row["member"] == self.member and row["plan_number"] == self.plan_number


def stamp(row: dict[str, str], selection: PlanSelection) -> None:
    """Give a row of the selected plan its plan id where the export has none (the 2016 format)."""
    if not row["plan_id"] and selection.matches(row):
        row["plan_id"] = selection.plan_id


def stream(irm_commitments, selection: PlanSelection) -> Iterator[tuple[str, dict[str, str]]]:
    """(entity, row) of the plan, from an iterable of IRM commitment rows read once: a plan of
    any size holds in little memory. The plan and its themes come last."""
    themes: dict[str, dict[str, str]] = {}
    numbers: dict[str, str] = {}
    first = None
    for row in irm_commitments:
        if not selection.matches(row):
            continue
        first = first or row
        where = (row["source_file"], int(row["source_line"]))
        number = row["commitment_number"]
        if not re.fullmatch(r"\d+(\.\d+)*", number):
            raise InputError(*where, "commitment number is not a number such as 12 or 1.1", repr(number))
        if number in numbers:
            raise InputError(*where, "duplicate commitment number", f"{number} is also on line {numbers[number]}")
        numbers[number] = row["source_line"]
        theme = "" if row["theme"] in NOT_STATED else row["theme"]
        path = _slug(theme) if theme else ""
        if theme and path not in themes:
            themes[path] = {
                "theme_path": path,
                "parent_path": "",
                "position": str(len(themes) + 1),
                "title_en": theme,
                "title_en_source": row["source"],
                "title_fr": "",
                "title_fr_source": "",
                "folder_fr": "",
                "source_file": row["source_file"],
                "source_line": row["source_line"],
            }
        title = row["title"] if row["title"] not in NOT_STATED else row["short_title"]
        line = {"source_file": row["source_file"], "source_line": row["source_line"]}
        yield (
            "commitments",
            {
                "number": number,
                "theme_path": path,
                "title_en": title,
                "title_en_source": row["source"],
                "title_fr": "",
                "title_fr_source": "",
                **line,
                "source_file_en": "",
                "source_line_en": "",
            },
        )
        for role, field in (("lead", "lead_institutions"), ("supporting", "supporting_institutions")):
            names = [name.strip() for name in row[field].split(";") if name.strip() not in NOT_STATED]
            for k, name in enumerate(names, start=1):
                yield (
                    "institutions",
                    {
                        "number": number,
                        "part": "",
                        "role": role,
                        "position": str(k),
                        "name": " ".join(name.split()),
                        "name_fr": "",
                        "source": row["source"],
                        **line,
                    },
                )
        if row["ogp_id"]:
            yield (
                "ogp_links",
                {
                    "number": number,
                    "ogp_id": row["ogp_id"],
                    "ogp_title": row["short_title"],
                    "mapping": "stated",
                    "source": row["source"],
                    "part": "",
                    "part_mapping": "",
                    **line,
                },
            )
    if first is None:
        raise InputError(
            "--irm",
            None,
            "no IRM row for the plan",
            f"member {selection.member!r}, plan {selection.plan_number} ({selection.plan_id})",
        )
    yield (
        "plan",
        {
            "plan_id": selection.plan_id,
            "member": first["member"],
            "member_code": first["member_code"],
            # the export gives no title: the plan is labelled by its member and number
            "title_en": f"{first['member']}, action plan {selection.plan_number}",
            "title_fr": "",
            "start_year": "",
            "end_year": first["end_year"] if first["end_year"] not in NOT_STATED else "",
            "published": "",
            "source": first["source"],
            "published_source": "",
            "source_file": first["source_file"],
            "source_line": first["source_line"],
        },
    )
    for theme in themes.values():
        yield "themes", theme


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"
