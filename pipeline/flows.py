"""The pipeline as importable functions: every stage in order (`run_all`), and the refresh
flow (`refresh`: fetch the sources, and only if one changed, run every stage again).

The command line, the benchmark and the tests call these; each click command only turns
options into arguments and results into lines.

Exit codes of a refresh, for schedulers: 0 unchanged, 3 republished (a new version),
1 failed, 4 another command that writes holds the lock, 2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic, extract, paths, sources
from pipeline.errors import PipelineError
from pipeline.extract import kinds
from pipeline.extract.irm_plan import PlanSelection
from pipeline.package import descriptors
from pipeline.sources import fetch, http
from pipeline.upload.config import dataset_page

UNCHANGED, FAILED, USAGE, REPUBLISHED, BUSY = 0, 1, 2, 3, 4
Done = Callable[[str, dict[str, int]], None]  # hears each stage's name and rows, as it ends


@dataclass(frozen=True)
class Inputs:
    """What extract reads. An unset value is taken from the sources configuration."""

    action_plan: str | Path | None = None  # the plan's repository: a folder or an http(s) URL
    selection: PlanSelection | None = None  # or: the plan taken from IRM data
    ogp_layer: Path | None = None
    irm_files: list[Path] | None = None
    self_assessment_files: list[Path] | None = None
    config: Path = paths.SOURCES_PATH
    max_source_bytes: int | None = None  # None: extract's own cap
    plan_tables: tuple[Path, ...] = ()  # and/or: plans authored as tables (extract/plan_tables.py)

    def _given(self) -> bool:
        return self.action_plan is not None or self.selection is not None or bool(self.plan_tables)

    def tables_locations(self) -> list[Path]:
        """The plans authored as tables: as given, else, when no plan is given, every configured
        plan-tables source (each a plan of the package beside the action-plan source's)."""
        if self._given():
            return list(self.plan_tables)
        return [source.path for source in sources.of_kind(sources.load(self.config), "plan-tables")]

    def plan_location(self) -> str | Path | None:
        """The plan's repository: as given, else the configured action-plan source's snapshot or
        path; none when the only plans are authored as tables."""
        if self._given():
            return self.action_plan
        configured = sources.load(self.config)
        plans = sources.of_kind(configured, "action-plan")
        if plans:
            return str(plans[0].path)
        return None if sources.of_kind(configured, "plan-tables") else str(paths.ACTION_PLAN_DIR)


@dataclass(frozen=True)
class Outputs:
    """Where the stages write."""

    extracted_dir: Path = paths.EXTRACTED_DIR
    db: Path = paths.DB_PATH
    published_dir: Path = paths.PUBLISHED_DIR
    datapackage: Path = paths.DATAPACKAGE_PATH


def run_extract(inputs: Inputs, extracted_dir: Path) -> dict[str, int]:
    return extract.run(
        inputs.plan_location(),
        extracted_dir,
        inputs.irm_files,
        inputs.self_assessment_files,
        inputs.selection,
        inputs.config,
        inputs.ogp_layer,
        extract.MAX_SOURCE_BYTES if inputs.max_source_bytes is None else inputs.max_source_bytes,
        inputs.tables_locations(),
    )


def run_normalise(extracted_dir: Path, db: Path) -> dict[str, int]:
    from pipeline import normalise  # with DuckDB, as publish: a refresh that finds nothing new loads neither

    return normalise.run(extracted_dir, db)


def publish_stage(outputs: Outputs, allow_shrink: bool = False) -> dict[str, int]:
    """Publish, with the dataset's page on the portal as the homepage once datagouv.toml names it."""
    from pipeline import publish

    page = dataset_page(paths.DATAGOUV_CONFIG)
    return publish.run(outputs.db, outputs.published_dir, outputs.datapackage, None, allow_shrink, page)


def run_all(
    inputs: Inputs, outputs: Outputs, done: Done = lambda stage, counts: None, allow_shrink: bool = False
) -> None:
    """Extract, normalise and publish, in order; the first failure stops the run."""
    done("extract", run_extract(inputs, outputs.extracted_dir))
    # Normalise is DuckDB's work, on one core, without Python's lock: publish's first-use costs
    # (frictionless, which nothing before publish imports, and the documents' writers loaded:
    # 0.3 s of a run) are paid beside it, on the other
    from pipeline import publish

    warming = threading.Thread(target=publish.warm, name="warm-publish")
    warming.start()
    try:
        done("normalise", run_normalise(outputs.extracted_dir, outputs.db))
    finally:
        warming.join()
    done("publish", publish_stage(outputs, allow_shrink))


@dataclass
class Outcome:
    fetched: list[fetch.Fetched] = field(default_factory=list)
    version_before: str | None = None
    version_after: str | None = None

    @property
    def republished(self) -> bool:
        return self.version_after != self.version_before

    @property
    def exit_code(self) -> int:
        return REPUBLISHED if self.republished else UNCHANGED


def refresh(
    config: Path,
    manifest: Path,
    outputs: Outputs,
    done: Done = lambda stage, counts: None,
    say: Callable[[str], None] = lambda line: None,
    policy: http.Policy = http.Policy(),
    progress: http.Progress | None = None,
    allow_shrink: bool = False,
    outcome_path: Path | None = None,
    notice: Callable[[str], None] | None = None,
) -> Outcome:
    """Fetch every URL source, and look at every path source; if any changed, run every stage
    on the configured sources. `say` hears each source as it is looked at, one line each. The
    caller holds the lock. Whatever happens, `outcome_path` (by default last-refresh.json in the
    build folder) says it for a scheduler to read."""
    outcome_path = outcome_path or outputs.extracted_dir.parent / "last-refresh.json"
    outcome = Outcome(version_before=_version(outputs.datapackage))
    try:
        found = sources.load(config)
        outcome.version_before = _version(outputs.datapackage)
        outcome.fetched = fetch.fetch_all(found, manifest, policy, progress, notice, readers=kinds.FETCHED)
        outcome.fetched += fetch.local_changes(found, manifest)
        for item in outcome.fetched:
            say(f"{item.name}: {item.detail}")
        if any(item.changed for item in outcome.fetched):
            run_all(Inputs(config=config), outputs, done, allow_shrink)
            fetch.record_local(found, manifest)  # only once published: a failed run is retried
        outcome.version_after = _version(outputs.datapackage)
    except PipelineError as error:
        _report(outcome_path, outcome, FAILED, str(error))
        raise
    _report(outcome_path, outcome, outcome.exit_code, None)
    return outcome


def _report(path: Path, outcome: Outcome, code: int, error: str | None) -> None:
    """build/last-refresh.json: when the refresh ended, how (its exit code, and the error line),
    the version before and after, and the sources that changed."""
    atomic.write_text(
        path,
        json.dumps(
            {
                "finished_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "exit_code": code,
                "version_before": outcome.version_before,
                "version_after": outcome.version_after if error is None else outcome.version_before,
                "changed": [item.name for item in outcome.fetched if item.changed],
                "error": error,
            },
            indent=2,
        )
        + "\n",
    )


def _version(datapackage: Path) -> str | None:
    return (descriptors.read_descriptor(datapackage) or {}).get("version")


def validate(datapackage: Path) -> str:
    """The published package checked by frictionless (the command line has healed a swap a
    killed run left half-done, cli_options.healed); one line to print, or an error."""
    from frictionless import Package  # imported by the one command that needs it

    report = Package(str(datapackage)).validate()
    if not report.valid:
        task = next(task for task in report.tasks if not task.valid)
        row = getattr(task.errors[0], "row_number", None)
        where = f"{task.name}" + (f" row {row}" if row else "")
        raise PipelineError(
            f"{datapackage.name}: not valid ({report.stats['errors']} errors); first: {where}: {task.errors[0].message}"
        )
    return f"validate: {datapackage.name} is valid ({len(report.tasks)} resources checked)"
