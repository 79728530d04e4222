"""Stage 1, extract: read the sources in data/raw, write one text-only CSV per entity.

Reads: the action plan's Markdown repository (a folder or an http(s) URL), OGP's IRM
exports (data/raw/irm/*.csv) and the government's self-assessments
(data/raw/self-assessment/*.csv).
Writes: build/extracted/<source>__<entity>.csv, every column text, with the provenance
columns source_file and source_line, and irm__repairs.csv (each artefact repaired, counted).
Why: files between stages let each stage run and be inspected alone; typing is normalise's job.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from pipeline import paths, sources
from pipeline.snapshots import recover
from pipeline.errors import InputError, PipelineError
from pipeline.extract import action_plan, irm, irm_plan, self_assessment
from pipeline.extract.irm_plan import PlanSelection
from pipeline.location import SourceRoot

REPAIRS_FIELDS = ["source_file", "repair", "count"]
MAX_CSV_BYTES = 200_000_000  # OGP's whole export is a few MB; far more is not an export


def read_capped(path: Path) -> bytes:
    """A source file's bytes, refused past MAX_CSV_BYTES before anything is read."""
    if path.stat().st_size > MAX_CSV_BYTES:
        raise InputError(shown(path), None, "file over the size cap", f"more than {MAX_CSV_BYTES} bytes")
    return path.read_bytes()


def run(action_plan_location: str | Path | None, out_dir: Path, irm_files: list[Path] | None = None,
        self_assessment_files: list[Path] | None = None, selection: PlanSelection | None = None,
        config: Path = paths.SOURCES_PATH) -> dict[str, int]:
    """Extract every source into `out_dir`; returns the number of rows written per file.

    With no action plan location, the plan is built from the IRM rows that `selection` picks.
    """
    if action_plan_location is None and selection is None:
        raise PipelineError("extract: give the plan's Markdown repository, or the member and plan to take from IRM data")
    configured = sources.load(config) if irm_files is None or self_assessment_files is None else []
    recover(configured)  # a snapshot left half-replaced by a killed refresh
    if irm_files is None:
        irm_files = [source.path for source in sources.of_kind(configured, "irm-export")]
    if self_assessment_files is None:
        self_assessment_files = [source.path for source in sources.of_kind(configured, "self-assessment")]
    irm_rows = {name: [] for name in irm.FIELDS}
    repairs = []
    for path in irm_files:
        # rows without a Source cell come from the export itself
        rows, counts = irm.extract(read_capped(path), shown(path), default_source=shown(path))
        for name in irm.FIELDS:
            irm_rows[name] += rows[name]
        repairs += [{"source_file": shown(path), "repair": repair, "count": str(n)} for repair, n in sorted(counts.items())]
    if selection is not None:
        irm_plan.stamp(irm_rows["irm_commitments"], selection)
    if action_plan_location is None:
        plan = irm_plan.plan_rows(irm_rows["irm_commitments"], selection)
    else:
        plan = action_plan.extract(SourceRoot(str(action_plan_location)))
    tables = {f"action_plan__{name}": (action_plan.FIELDS[name], rows) for name, rows in plan.items()}
    tables.update({f"irm__{name.removeprefix('irm_')}": (irm.FIELDS[name], irm_rows[name]) for name in irm.FIELDS})
    tables["irm__repairs"] = (REPAIRS_FIELDS, repairs)
    assessed = []
    for path in self_assessment_files:
        assessed += self_assessment.extract(read_capped(path), shown(path))["self_assessments"]
    tables["self_assessment__statuses"] = (self_assessment.FIELDS["self_assessments"], assessed)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, (fields, rows) in tables.items():
        write_csv(out_dir / f"{table}.csv", fields, rows)
        counts[f"{table}.csv"] = len(rows)
    return counts


def shown(path: Path) -> str:
    """A source file's name as errors and provenance give it: relative to data/raw when inside."""
    try:
        return str(Path(path).resolve().relative_to(paths.RAW_DIR))
    except ValueError:
        return Path(path).name


def repair_counts(out_dir: Path) -> Counter:
    with (out_dir / "irm__repairs.csv").open(encoding="utf-8", newline="") as handle:
        return Counter({row["repair"]: int(row["count"]) for row in csv.DictReader(handle)})


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
