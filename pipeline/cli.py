"""The command line: one thin command per stage, and `run` for all of them in order."""

from __future__ import annotations

from pathlib import Path

import click

import os
import sys
from collections import Counter

from pipeline import extract as extract_stage
from pipeline.sources import fetch as fetch_stage
from pipeline import lock as lock_module
from pipeline import stages as refresh_stage
from pipeline.upload import udata
from pipeline import upload as upload_stage
from pipeline import normalise as normalise_stage
from pipeline import paths
from pipeline import sources as sources_module
from pipeline import publish as publish_stage
from pipeline.errors import PipelineError
from pipeline.extract.irm_plan import PlanSelection

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _path(flag: str, default: Path, help_text: str):
    return click.option(flag, type=click.Path(path_type=Path), default=default, show_default=True, help=help_text)


def _configured_plan(config: Path) -> str:
    """The action-plan source of the configuration: its snapshot, or its path."""
    plans = sources_module.of_kind(sources_module.load(config), "action-plan")
    return str(plans[0].path) if plans else str(paths.ACTION_PLAN_DIR)


def _location(function):
    return click.option(
        "--action-plan",
        "action_plan",
        default=None,
        help="The plan's Markdown repository: a folder, or an http(s) URL of the folder holding its README.md. "
             "[default: the action-plan source of sources.toml]",
    )(function)


def _selection(function):
    """Options that pick a plan out of IRM data, for members without a Markdown plan."""
    options = [
        click.option("--from-irm", is_flag=True, help="Build the plan from the IRM rows of --member and --plan-number, "
                                                        "not from a Markdown repository."),
        click.option("--member", help="The member as the IRM export spells it, e.g. Finland."),
        click.option("--plan-number", help="OGP's number of the member's plan, e.g. 1 for its first."),
        click.option("--plan-id", help="OGP's id of that plan, e.g. AP_FIN01 (the 2016 export does not give it)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _plan_choice(action_plan, from_irm, member, plan_number, plan_id, config):
    """(Markdown location or None, PlanSelection or None) from the options."""
    if not from_irm:
        return action_plan or _configured_plan(config), None
    missing = [flag for flag, value in (("--member", member), ("--plan-number", plan_number), ("--plan-id", plan_id)) if not value]
    if missing:
        raise click.UsageError(f"--from-irm needs {', '.join(missing)}")
    return None, PlanSelection(member, plan_number, plan_id)


def _evaluations(function):
    function = click.option(
        "--ogp-layer", "ogp_layer", type=click.Path(path_type=Path, exists=True, file_okay=False),
        help="The OGP layer of a Markdown plan: a folder of plan.csv, ogp_commitments.csv and titles.csv. "
             "[default: the ogp-layer source of sources.toml]",
    )(function)
    function = click.option(
        "--irm", "irm_files", multiple=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
        help="An OGP IRM export (CSV, either generation); repeat for several. [default: data/raw/irm/*.csv]",
    )(function)
    return click.option(
        "--self-assessment", "self_assessment_files", multiple=True,
        type=click.Path(path_type=Path, exists=True, dir_okay=False),
        help="A self-assessment CSV; repeat for several. [default: data/raw/self-assessment/*.csv]",
    )(function)


_config = _path("--sources", paths.SOURCES_PATH, "The sources configuration.")
_manifest = _path("--manifest", paths.MANIFEST_PATH, "The manifest of fetched sources.")
_extracted = _path("--extracted-dir", paths.EXTRACTED_DIR, "Folder of the extracted CSVs.")
_db = _path("--db", paths.DB_PATH, "DuckDB database file, rebuilt on every run.")
_published = _path("--published-dir", paths.PUBLISHED_DIR, "Folder of the published resources.")
_datapackage = _path("--datapackage", paths.DATAPACKAGE_PATH, "The package descriptor to write.")


def _shown(path: Path) -> str:
    """A path as the user should read it: relative to the project when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _stage(label: str, call, note=lambda: ""):
    """Run one stage; a PipelineError becomes one clean error line and exit status 1."""
    try:
        counts = call()
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    total = sum(counts.values())
    click.echo(f"{label}: {total} rows in {len(counts)} tables{note()}")
    return counts


def _repairs(extracted_dir: Path) -> str:
    repairs = extract_stage.repair_counts(extracted_dir)
    return "; repaired " + ", ".join(f"{n} {repair}" for repair, n in sorted(repairs.items())) if repairs else ""


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="action-plan-data")
@click.option("--project", type=click.Path(path_type=Path, exists=True, file_okay=False),
              envvar="ACTION_PLAN_DATA_PROJECT", show_envvar=True,
              help="The project folder that every default path is relative to. [default: the working directory]")
def cli(project):
    """Publish an OGP national action plan as a Frictionless data package.

    Every path is relative to the project folder (sources.toml, data/raw, build,
    data/published, datapackage.json), the working directory unless --project names another.

    Stages: extract (data/raw -> build/extracted), normalise (-> build/pipeline.duckdb),
    publish (-> data/published and datapackage.json). `run` does all three.
    """
    if project is not None:
        os.chdir(project)


def _extract_options(function):
    """The options of the extract stage, shared by `extract` and `run`."""
    for option in reversed((_location, _selection, _evaluations, _config, _extracted)):
        function = option(function)
    return function


@cli.command()
@_extract_options
def extract(action_plan, from_irm, member, plan_number, plan_id, ogp_layer, irm_files, self_assessment_files, sources,
            extracted_dir):
    """Read the plan's Markdown repository (or, with --from-irm, the plan's rows of the IRM data),
    the IRM exports and the self-assessments into text-only CSVs, one per entity.

    \b
    Example:
        action-plan-data extract
        action-plan-data extract --action-plan https://example.org/plan/ --irm export.csv
        action-plan-data extract --from-irm --member Finland --plan-number 1 --plan-id AP_FIN01 --irm export-2016.csv
    """
    try:
        location, selection = _plan_choice(action_plan, from_irm, member, plan_number, plan_id, sources)
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    _stage(f"extract: wrote {_shown(extracted_dir)}", lambda: extract_stage.run(
        location, extracted_dir, list(irm_files) or None, list(self_assessment_files) or None, selection, sources,
        ogp_layer),
        lambda: _repairs(extracted_dir))


@cli.command()
@_extracted
@_db
def normalise(extracted_dir, db):
    """Rebuild the DuckDB database from the extracted CSVs and run the audits.

    \b
    Example:
        action-plan-data normalise --db build/pipeline.duckdb
    """
    _stage(f"normalise: wrote {_shown(db)}", lambda: normalise_stage.run(extracted_dir, db))


@cli.command()
@_db
@_published
@_datapackage
def publish(db, published_dir, datapackage):
    """Write the CSV and JSON resources and datapackage.json, validated before they replace the old ones.

    \b
    Example:
        action-plan-data publish
    """
    _stage(f"publish: wrote {_shown(published_dir)} and {_shown(datapackage)}", lambda: publish_stage.run(db, published_dir, datapackage))


@cli.command()
@_extract_options
@_db
@_published
@_datapackage
@click.pass_context
def run(ctx, action_plan, from_irm, member, plan_number, plan_id, ogp_layer, irm_files, self_assessment_files, sources,
        extracted_dir, db, published_dir, datapackage):
    """Run extract, normalise and publish in order; stop at the first failure.

    \b
    Example:
        action-plan-data run
        action-plan-data run --from-irm --member Finland --plan-number 1 --plan-id AP_FIN01 \\
            --irm export-2016.csv --published-dir finland/data/published --datapackage finland/datapackage.json
    """
    ctx.invoke(extract, action_plan=action_plan, from_irm=from_irm, member=member, plan_number=plan_number,
               plan_id=plan_id, ogp_layer=ogp_layer, irm_files=irm_files, self_assessment_files=self_assessment_files,
               sources=sources, extracted_dir=extracted_dir)
    ctx.invoke(normalise, extracted_dir=extracted_dir, db=db)
    ctx.invoke(publish, db=db, published_dir=published_dir, datapackage=datapackage)


def _progress():
    """Progress for long downloads, on standard error, every 10 MB."""
    shown = {}

    def report(url: str, done: int, total: int | None) -> None:
        step = done // 10_000_000
        if step > shown.get(url, 0):
            shown[url] = step
            of = f" of {total / 1e6:.0f} MB" if total else ""
            click.echo(f"  {url}: {done / 1e6:.0f} MB{of}", err=True)

    return report


@cli.command()
@_config
@_manifest
def fetch(sources, manifest):
    """Fetch every source with a URL into its snapshot under data/raw (conditional requests;
    a snapshot is replaced only by a complete, valid copy).

    \b
    Example:
        action-plan-data fetch
    """
    try:
        results = fetch_stage.fetch_all(sources_module.load(sources), manifest, progress=_progress())
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    for item in results:
        click.echo(f"fetch: {item.name}: {item.detail}")
    if not results:
        click.echo("fetch: no source has a URL; nothing to fetch")


@cli.command()
@_config
@_manifest
@_extracted
@_db
@_published
@_datapackage
@_path("--lock", paths.LOCK_PATH, "The lock file that keeps refreshes one at a time.")
@click.pass_context
def refresh(ctx, sources, manifest, extracted_dir, db, published_dir, datapackage, lock):
    """Fetch the sources; only if one changed, run every stage and publish a new version.

    \b
    Exit codes: 0 unchanged, 3 republished, 1 failed, 4 another refresh is running.
    Example:
        action-plan-data refresh
    """
    def stages():
        ctx.invoke(run, sources=sources, extracted_dir=extracted_dir, db=db, published_dir=published_dir,
                   datapackage=datapackage, from_irm=False, ogp_layer=None, irm_files=(), self_assessment_files=())

    try:
        outcome = refresh_stage.run(sources, manifest, lock, datapackage, stages,
                                    say=lambda line: click.echo(f"refresh: {line}"), progress=_progress())
    except lock_module.Busy as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(refresh_stage.BUSY)
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    if outcome.republished:
        click.echo(f"refresh: republished version {outcome.version_after} (was {outcome.version_before})")
    else:
        click.echo("refresh: unchanged")
    sys.exit(outcome.exit_code)


@cli.command()
@_path("--config", paths.DATAGOUV_CONFIG, "Portal, dataset id and resource ids.")
@_datapackage
@click.option("--apply", "apply_", is_flag=True, help="Send the changes. Without it, only show what would be done.")
def upload(config, datapackage, apply_):
    """Put the published package on data.gouv.fr (or its demo) through the udata API. Shows the
    plan (create, replace, unchanged, skip per file; dataset metadata); --apply sends it.
    The API key is read from DATAGOUV_API_KEY only.

    \b
    Example:
        action-plan-data upload
        DATAGOUV_API_KEY=... action-plan-data upload --apply
    """
    try:
        settings = upload_stage.load_config(config)
        client = udata.Client(settings.portal, os.environ.get("DATAGOUV_API_KEY") or None)
        chosen = upload_stage.plan(client, settings, datapackage)
        counts = Counter(step.action for step in chosen.steps)
        if not apply_:
            for step in chosen.steps:
                click.echo(f"upload: {step.file}: {step.action}{': ' + step.detail if step.detail else ''}")
            fields = ", ".join(sorted(chosen.dataset_fields)) or "unchanged"
            click.echo(f"upload: dataset {settings.dataset}: metadata: {fields}")
            to_send = sum(counts[a] for a in upload_stage.DONE)
            click.echo(f"upload: dry run on {settings.portal}: {to_send} to send, {counts['unchanged']} unchanged, "
                       f"{counts['skip']} skipped; nothing sent (add --apply to send)")
            return
        sent = upload_stage.apply(client, settings, datapackage, chosen, lambda line: click.echo(f"upload: {line}"))
        click.echo(f"upload: {settings.portal}: sent {sent}, unchanged {counts['unchanged']}, skipped {counts['skip']}")
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
