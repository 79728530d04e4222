"""Build a plan's entities from IRM export rows alone, for members whose plan has no Markdown source.

Reads: the rows `irm.extract` gives (the irm_commitments entity).
Writes: rows in the action plan extractor's shape (plan, themes, commitments, institutions,
OGP links; no milestones: the export has none), so normalise and publish stay the same.
Why: OGP's export covers every member; the Markdown plan exists for few. The plan is chosen
by configuration: member, plan number and OGP's plan id (which the 2016 export lacks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.extract.action_plan import FIELDS

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


def stamp(rows: list[dict[str, str]], selection: PlanSelection) -> None:
    """Give the selected plan's rows its plan id where the export has none (the 2016 format)."""
    for row in rows:
        if not row["plan_id"] and selection.matches(row):
            row["plan_id"] = selection.plan_id


def plan_rows(irm_commitments: list[dict[str, str]], selection: PlanSelection) -> dict[str, list[dict[str, str]]]:
    selected = [row for row in irm_commitments if selection.matches(row)]
    if not selected:
        raise InputError("--irm", None, "no IRM row for the plan",
                         f"member {selection.member!r}, plan {selection.plan_number} ({selection.plan_id})")
    first = selected[0]
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in FIELDS}
    provenance = {"source_file": first["source_file"], "source_line": first["source_line"]}
    rows["plan"].append({
        "plan_id": selection.plan_id, "member": first["member"], "member_code": first["member_code"],
        # the export gives no title: the plan is labelled by its member and number
        "title_en": f"{first['member']}, action plan {selection.plan_number}", "title_fr": "",
        "start_year": "", "end_year": first["end_year"] if first["end_year"] not in NOT_STATED else "",
        "published": "", **provenance,
    })
    themes: dict[str, dict[str, str]] = {}
    numbers: dict[str, str] = {}
    for row in selected:
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
            themes[path] = {"theme_path": path, "parent_path": "", "position": str(len(themes) + 1), "title_en": theme,
                            "title_en_source": row["source"], "title_fr": "", "title_fr_source": "",
                            "source_file": row["source_file"], "source_line": row["source_line"]}
        title = row["title"] if row["title"] not in NOT_STATED else row["short_title"]
        line = {"source_file": row["source_file"], "source_line": row["source_line"]}
        rows["commitments"].append({"number": number, "theme_path": path, "title_en": title,
                                    "title_en_source": row["source"], "title_fr": "", "title_fr_source": "", **line})
        for role, field in (("lead", "lead_institutions"), ("supporting", "supporting_institutions")):
            names = [name.strip() for name in row[field].split(";") if name.strip() not in NOT_STATED]
            rows["institutions"] += [{"number": number, "role": role, "position": str(k), "name": " ".join(name.split()),
                                      "source": row["source"], **line} for k, name in enumerate(names, start=1)]
        if row["ogp_id"]:
            rows["ogp_links"].append({"number": number, "ogp_id": row["ogp_id"], "ogp_title": row["short_title"],
                                      "mapping": "stated", "source": row["source"], **line})
    rows["themes"] = list(themes.values())
    return rows


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"
