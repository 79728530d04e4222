"""Stage 1, extract: read the sources in data/raw, write one text-only CSV per entity.

Reads: the action plan's Markdown repository (a folder or an http(s) URL).
Writes: build/extracted/<source>__<entity>.csv, every column text, with the provenance
columns source_file and source_line.
Why: files between stages let each stage run and be inspected alone; typing is normalise's job.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.extract import action_plan
from pipeline.location import SourceRoot


def run(action_plan_location: str | Path, out_dir: Path) -> dict[str, int]:
    """Extract every source into `out_dir`; returns the number of rows written per file."""
    rows = action_plan.extract(SourceRoot(str(action_plan_location)))
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for entity, fields in action_plan.FIELDS.items():
        name = f"action_plan__{entity}.csv"
        write_csv(out_dir / name, fields, rows[entity])
        counts[name] = len(rows[entity])
    return counts


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
