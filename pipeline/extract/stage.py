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
import operator
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic, paths, sources
from pipeline.errors import InputError, PipelineError
from pipeline.extract import action_plan, irm, irm_plan, ogp_layer, plan_tables, self_assessment, text
from pipeline.extract.irm_plan import PlanSelection
from pipeline.sources.location import SourceRoot
from pipeline.sources.snapshots import recover

REPAIRS_FIELDS = ["source_file", "repair", "count"]
# A cap against a wrong file or URL: OGP's whole IRM export is 2.5 MB, a synthetic one of
# 10,000 commitments (about all of OGP) 8.5 MB. --max-source-mb raises it (the benchmark's
# million-row stress test, 850 MB).
MAX_SOURCE_BYTES = 100_000_000


def refuse_oversize(path: Path, cap: int) -> None:
    """A source file refused past `cap` bytes, before anything is read."""
    if path.stat().st_size > cap:
        raise InputError(
            shown(path), None, "file over the size cap", f"more than {cap} bytes (--max-source-mb raises it)"
        )


def check_capped(path: Path, empty: str, cap: int) -> None:
    """A source file under the cap, checked to be non-empty UTF-8 (text.check_file) so that
    it can then be read as a stream."""
    refuse_oversize(path, cap)
    text.check_file(path, shown(path), empty)


def read_capped(path: Path, cap: int) -> bytes:
    """A source file's bytes, when under the cap."""
    refuse_oversize(path, cap)
    return path.read_bytes()


# The extracted files, <source>__<entity>.csv, and their columns: what normalise loads.
# A package may hold several plans: every row of a plan's own tables names its plan.
TABLES = {
    "action_plan__plan": action_plan.FIELDS["plan"],
    **{
        f"action_plan__{entity}": [
            *action_plan.FIELDS.get(entity, []),
            *plan_tables.MORE_FIELDS.get(entity, []),
            "plan_id",
        ]
        for entity in {**action_plan.FIELDS, **plan_tables.MORE_FIELDS}
        if entity != "plan"
    },
    **{
        f"ogp_layer__{entity}": [*ogp_layer.FIELDS[entity], "plan_id"]
        for entity in ("titles", "reports", "disagreements")
    },
    **{f"irm__{entity.removeprefix('irm_')}": fields for entity, fields in irm.FIELDS.items()},
    "irm__repairs": REPAIRS_FIELDS,
    "self_assessment__statuses": self_assessment.FIELDS["self_assessments"],
}


class Tables:
    """The extracted CSV files, each written row by row as its rows come, in a folder beside
    the output that replaces the previous files only once every source is read: a failed
    extract leaves the previous extracted files whole. Counts the rows."""

    def __init__(self, out_dir: Path, fields: dict[str, list[str]]):
        self.out_dir, self.partial = out_dir, atomic.partial_of(out_dir)
        shutil.rmtree(self.partial, ignore_errors=True)
        out_dir.mkdir(parents=True, exist_ok=True)
        self.partial.mkdir(parents=True)
        self.paths = {table: self.partial / f"{table}.csv" for table in fields}
        self.handles = {table: path.open("w", encoding="utf-8", newline="") for table, path in self.paths.items()}
        self.writers = {table: csv.writer(self.handles[table], lineterminator="\n") for table in fields}
        # a row's cells in the file's column order; a missing one raises KeyError
        self.cells = {table: operator.itemgetter(*fields[table]) for table in fields}
        self.counts = {table: 0 for table in fields}
        self.empty = {table: dict.fromkeys(fields[table], "") for table in fields}  # a row with no cell given
        for table, writer in self.writers.items():
            writer.writerow(fields[table])

    def write(self, table: str, row: dict[str, str]) -> None:
        cells = self.cells[table](row)
        self.writers[table].writerow(cells if isinstance(cells, tuple) else (cells,))
        self.counts[table] += 1

    def finish(self, table: str) -> Path:
        """Close one file, so that it can be read back; returns its path."""
        self.handles[table].close()
        return self.paths[table]

    def close(self, complete: bool) -> None:
        for handle in self.handles.values():
            handle.close()
        if complete:
            for path in self.paths.values():
                os.replace(path, self.out_dir / path.name)
        shutil.rmtree(self.partial, ignore_errors=True)


def run(
    action_plan_location: str | Path | None,
    out_dir: Path,
    irm_files: list[Path] | None = None,
    self_assessment_files: list[Path] | None = None,
    selection: PlanSelection | None = None,
    config: Path = paths.SOURCES_PATH,
    ogp_layer_dir: Path | None = None,
    max_source_bytes: int = MAX_SOURCE_BYTES,
    plan_tables_dirs: list[Path] | None = None,
) -> dict[str, int]:
    """Extract every source into `out_dir`; returns the number of rows written per file.

    The plans are the Markdown repository at `action_plan_location`, and each folder of
    `plan_tables_dirs` (plans authored as tables); or, with neither, the plan built from the
    IRM rows that `selection` picks.
    A Markdown plan comes with its OGP layer (`ogp_layer_dir`, by default the configured one).
    Every file is read and written as a stream: memory does not grow with the size of the exports.
    """
    plan_tables_dirs = list(plan_tables_dirs or [])
    if action_plan_location is None and selection is None and not plan_tables_dirs:
        raise PipelineError(
            "extract: give the plan's Markdown repository, its tables, or the member and plan to take from IRM data"
        )
    needs_layer = action_plan_location is not None and ogp_layer_dir is None
    configured = sources.load(config) if irm_files is None or self_assessment_files is None or needs_layer else []
    recover(configured)  # a snapshot left half-replaced by a killed refresh
    if irm_files is None:
        irm_files = [source.path for source in sources.of_kind(configured, "irm-export")]
    if self_assessment_files is None:
        self_assessment_files = [source.path for source in sources.of_kind(configured, "self-assessment")]
    if needs_layer:
        layers = sources.of_kind(configured, "ogp-layer")
        if not layers:
            raise PipelineError(
                f"{config.name}: no source of kind ogp-layer: a Markdown plan needs its OGP layer "
                "(its OGP id, member and years)"
            )
        ogp_layer_dir = layers[0].path
    tables, complete = Tables(out_dir, TABLES), False
    # A plan authored as tables is checked by DuckDB, which leaves Python's lock free: it is
    # read on a thread of its own while the parsers below read the IRM files and the Markdown
    # plan; its rows are written after theirs, and its first error comes after theirs
    beside = ThreadPoolExecutor(1, thread_name_prefix="plan-tables")
    authored_plans = [beside.submit(_authored, Path(folder), max_source_bytes) for folder in plan_tables_dirs]
    try:
        for path in irm_files:
            check_capped(path, "no header and no rows", max_source_bytes)
            repairs: Counter = Counter()
            with path.open(encoding="utf-8-sig", newline="") as handle:
                # rows without a Source cell come from the export itself
                for entity, row in irm.stream(handle, shown(path), repairs, default_source=shown(path)):
                    if selection is not None and entity == "irm_commitments":
                        irm_plan.stamp(row, selection)
                    tables.write(f"irm__{entity.removeprefix('irm_')}", row)
            for repair, n in sorted(repairs.items()):
                tables.write("irm__repairs", {"source_file": shown(path), "repair": repair, "count": str(n)})
        if action_plan_location is None and not plan_tables_dirs:
            with tables.finish("irm__commitments").open(encoding="utf-8", newline="") as handle:
                stream = irm_plan.stream(csv.DictReader(handle), selection)
                write_plan(tables, selection.plan_id, ((f"action_plan__{e}", row) for e, row in stream))
        elif action_plan_location is not None:
            layer = ogp_layer.extract(Path(ogp_layer_dir), shown(Path(ogp_layer_dir)))
            plan_rows = action_plan.extract(
                SourceRoot(str(action_plan_location)), citation(configured, action_plan_location)
            )
            plan_rows["plan"] = [_plan_row(plan_rows["plan"][0], layer["plan"][0])]
            plan_rows["ogp_links"] = layer["ogp_links"]
            layer_rows = {f"ogp_layer__{entity}": layer[entity] for entity in ("titles", "reports", "disagreements")}
            write_plan(tables, layer["plan"][0]["plan_id"], _pairs({**plan_rows, **layer_rows}))
        for read in authored_plans:
            authored = read.result()
            write_plan(tables, authored["plan"][0]["plan_id"], _pairs(authored))
        for path in self_assessment_files:
            for row in self_assessment.extract(read_capped(path, max_source_bytes), shown(path))["self_assessments"]:
                tables.write("self_assessment__statuses", row)
        complete = True
    finally:
        beside.shutdown(wait=True, cancel_futures=True)
        tables.close(complete)
    return {f"{table}.csv": count for table, count in tables.counts.items()}


def _authored(folder: Path, max_source_bytes: int) -> dict[str, list[dict[str, str]]]:
    """A plan authored as tables, each file under the size cap, checked and read."""
    for path in sorted(folder.glob("*.csv")):
        refuse_oversize(path, max_source_bytes)
    return plan_tables.extract(folder, shown(folder))


def write_plan(tables: Tables, plan_id: str, rows: Iterable[tuple[str, dict[str, str]]]) -> None:
    """One plan's rows, as (table, row) pairs, each stamped with the plan's id; a column a
    reader does not give is empty. A stream: the rows are not held."""
    for table, row in rows:
        tables.write(table, {**tables.empty[table], **row, "plan_id": plan_id})


def _pairs(rows: dict[str, list[dict[str, str]]], prefix: str = "action_plan__") -> Iterator[tuple[str, dict]]:
    """(table, row) pairs of rows by entity; an entity already named as a table keeps its name."""
    for entity, entity_rows in rows.items():
        table = entity if "__" in entity else f"{prefix}{entity}"
        for row in entity_rows:
            yield table, row


def citation(configured: list, location: str | Path) -> str:
    """What the plan's rows cite: the configured action-plan source's citation when the plan is
    read from that source, else the location when it is a public URL. A local folder is never
    cited: its path says nothing to a reuser."""
    for source in sources.of_kind(configured, "action-plan"):
        if Path(str(location)).resolve() == source.path.resolve() or str(location) == source.location:
            return source.citation or (source.location if source.is_remote else "")
    return str(location) if str(location).startswith(("http://", "https://")) else ""


def _plan_row(text: dict[str, str], layer: dict[str, str]) -> dict[str, str]:
    """The plan: its titles from its own text, its OGP facts from the OGP layer."""
    facts = {
        key: layer[key]
        for key in (
            "plan_id",
            "member",
            "member_code",
            "start_year",
            "end_year",
            "published",
            "source",
            "published_source",
            "commitments_stated",
            "commitments_stated_source",
        )
    }
    return {**text, **facts}


def shown(path: Path) -> str:
    """A source file's name as errors and provenance give it: relative to data/raw when inside."""
    try:
        return str(Path(path).resolve().relative_to(paths.RAW_DIR.resolve()))
    except ValueError:
        return Path(path).name


def repair_counts(out_dir: Path) -> Counter:
    with (out_dir / "irm__repairs.csv").open(encoding="utf-8", newline="") as handle:
        return Counter({row["repair"]: int(row["count"]) for row in csv.DictReader(handle)})
