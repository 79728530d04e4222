"""A commitment's roadmap as rows: its top-level items, each with the sub-items below it,
keyed M<n>, then M<n>.1, M<n>.1.1..., in each language."""

from __future__ import annotations

from pipeline.extract import deadlines
from pipeline.extract.plan_pages import Milestone


def top_items(milestones: list[Milestone]) -> list[list[Milestone]]:
    """The roadmap as its top-level items, each with the sub-items below it."""
    items: list[list[Milestone]] = []
    for milestone in milestones:
        if milestone.depth == 0 or not items:
            items.append([milestone])
        else:
            items[-1].append(milestone)
    return items


def shape(item: list[Milestone]) -> list[int]:
    return [milestone.depth for milestone in item]


def milestone_rows(
    number: str, part: str, lang: str, path: str, index: int, item: list[Milestone], agree: bool
) -> list[dict[str, str]]:
    """One row per item of one top-level roadmap item; keys M<index>, then M<index>.1, M<index>.1.1...
    An item that states no timing under a bare timing heading ("2016 :") takes the heading's, and
    says so (due_read_from "heading")."""
    rows, stack = [], []  # stack: [key, sub-items so far, heading's timing] of the item and its open ancestors
    for milestone in item:
        depth = min(milestone.depth, len(stack))  # an indent that skips a level counts as one
        del stack[depth:]
        if stack:
            stack[-1][1] += 1
            key = f"{stack[-1][0]}.{stack[-1][1]}"
        else:
            key = f"M{index}"
        parent = stack[-1][0] if stack else ""
        timing, read_from = deadlines.deadline(milestone.text), "text"
        if not timing.as_written and stack and stack[-1][2]:
            timing, read_from = stack[-1][2], "heading"
        inherited = stack[-1][2] if stack else None
        stack.append([key, 0, timing if deadlines.heading(milestone.text) else inherited])
        rows.append(
            {
                "number": number,
                "part": part,
                "language": lang,
                "milestone_key": key,
                "parent_key": parent,
                "depth": str(depth),
                "position": str(index),
                "text": milestone.text,
                "follow_up_urls": " ".join(milestone.follow_ups),
                "due": timing.due,
                "due_precision": timing.precision,
                "due_as_written": timing.as_written,
                "due_kind": timing.kind,
                "due_read_from": read_from if timing.as_written else "",
                "languages_agree": "true" if agree else "false",
                "source_file": path,
                "source_line": str(milestone.line),
            }
        )
    return rows
