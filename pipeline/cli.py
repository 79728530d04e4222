"""The command line, a thin adapter over `pipeline.flows`: options in, one call, one line per stage out."""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

from pipeline import cli_options as options
from pipeline import cli_output as lines
from pipeline import flows, lock, sources, upload
from pipeline.extract import kinds
from pipeline.sources import fetch as fetching
from pipeline.sources import http

CONTEXT = {"help_option_names": ["-h", "--help"]}
# The commands that write data/raw, build/ or the publication, or read the package to send it.
WRITERS = {"fetch", "extract", "normalise", "publish", "run", "refresh", "upload", "validate"}


@click.group(cls=lines.Guarded, context_settings=CONTEXT)
@click.version_option(package_name="action-plan-data")
@options.project
@options.lock
@options.wait
@click.option("--debug", is_flag=True, help="Show the traceback of an unforeseen error.")
@click.pass_context
def cli(ctx, project, lock_path, wait, debug):
    """Publish an OGP national action plan as a Frictionless data package.

    Every path is relative to the project folder (sources.toml, data/raw, build,
    data/published, datapackage.json), the working directory unless --project names another.

    Stages: extract (data/raw -> build/extracted), normalise (-> build/pipeline.duckdb),
    publish (-> data/published and datapackage.json). `run` does all three.

    The commands that write hold one lock (--lock): a second one waits --wait seconds for
    it, then exits 4.
    """
    if project is not None:
        os.chdir(project)
    if ctx.invoked_subcommand in WRITERS and not {"-h", "--help"} & set(ctx.args):
        try:
            ctx.with_resource(lock.held(lock_path, wait))
        except lock.Busy as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(flows.BUSY)


@cli.command("extract")
@options.options(*options.INPUT_OPTIONS, options.extracted)
def extract_command(extracted_dir, **given):
    """Read the plan's repository (or, with --from-irm, the plan's rows of the IRM data), its OGP
    layer, the IRM exports and the self-assessments into text-only CSVs, one per entity.

    \b
    Example:
        action-plan-data extract
        action-plan-data extract --action-plan https://example.org/plan/ --irm export.csv
        action-plan-data extract --from-irm --member Finland --plan-number 1 --plan-id AP_FIN01 --irm export-2016.csv
    """
    inputs = options.inputs(**given)
    lines.reporter(flows.Outputs(extracted_dir=extracted_dir))(
        "extract", lines.guarded(lambda: flows.run_extract(inputs, extracted_dir))
    )


@cli.command("normalise")
@options.options(options.extracted, options.db)
def normalise_command(extracted_dir, db):
    """Rebuild the DuckDB database from the extracted CSVs and run the audits.

    \b
    Example:
        action-plan-data normalise --db build/pipeline.duckdb
    """
    lines.reporter(flows.Outputs(db=db))("normalise", lines.guarded(lambda: flows.run_normalise(extracted_dir, db)))


@cli.command("publish")
@options.options(options.db, options.published, options.datapackage, options.allow_shrink)
def publish_command(db, published_dir, datapackage, allow_shrink):
    """Write the CSV and JSON resources and datapackage.json, validated before they replace the old ones.

    \b
    Example:
        action-plan-data publish
    """
    outputs = flows.Outputs(db=db, published_dir=published_dir, datapackage=datapackage)
    lines.reporter(outputs)("publish", lines.guarded(lambda: flows.publish_stage(outputs, allow_shrink)))


@cli.command()
@options.options(*options.INPUT_OPTIONS, *options.OUTPUTS, options.allow_shrink)
def run(extracted_dir, db, published_dir, datapackage, allow_shrink, **given):
    """Run extract, normalise and publish in order; stop at the first failure.

    \b
    Example:
        action-plan-data run
        action-plan-data run --from-irm --member Finland --plan-number 1 --plan-id AP_FIN01 \\
            --irm export-2016.csv --published-dir finland/data/published --datapackage finland/datapackage.json
    """
    inputs, outputs = options.inputs(**given), flows.Outputs(extracted_dir, db, published_dir, datapackage)
    lines.guarded(lambda: flows.run_all(inputs, outputs, lines.reporter(outputs), allow_shrink))


@cli.command("validate")
@options.options(options.datapackage)
def validate_command(datapackage):
    """Check the package with frictionless, once a publication a killed run left half-done is healed.

    \b
    Example:
        action-plan-data validate
    """
    healed = click.get_current_context().meta.get("healed")  # by the option (cli_options.healed)
    click.echo("; ".join(filter(None, [lines.guarded(lambda: flows.validate(datapackage)), healed])))


@cli.command("fetch")
@options.options(options.INPUT_OPTIONS[-1], options.manifest, *options.LIMITS)
def fetch_command(config, manifest, **limits):
    """Fetch every source with a URL into its snapshot under data/raw (conditional requests;
    a snapshot is replaced only by a complete, valid copy).

    \b
    Example:
        action-plan-data fetch
    """
    results = lines.guarded(
        lambda: fetching.fetch_all(
            sources.load(config),
            manifest,
            http.Policy(**limits),
            progress=http.every_10_mb(lambda line: click.echo(line, err=True)),
            notice=lambda line: click.echo(f"  {line}", err=True),
            readers=kinds.FETCHED,
        )
    )
    said = [f"fetch: {item.name}: {item.detail}" for item in results]
    click.echo("\n".join(said) or "fetch: no source has a URL; nothing to fetch")


@cli.command()
@options.options(options.INPUT_OPTIONS[-1], options.manifest, *options.OUTPUTS, options.allow_shrink, *options.LIMITS)
def refresh(config, manifest, extracted_dir, db, published_dir, datapackage, allow_shrink, **limits):
    """Fetch the sources; only if one changed, run every stage and publish a new version.

    \b
    Exit codes: 0 unchanged, 3 republished, 1 failed, 4 another command holds the lock.
    Example:
        action-plan-data refresh
    """
    outputs = flows.Outputs(extracted_dir, db, published_dir, datapackage)
    outcome = lines.guarded(
        lambda: flows.refresh(
            config,
            manifest,
            outputs,
            lines.reporter(outputs),
            say=lambda line: click.echo(f"refresh: {line}"),
            progress=http.every_10_mb(lambda line: click.echo(line, err=True)),
            allow_shrink=allow_shrink,
            policy=http.Policy(**limits),
            notice=lambda line: click.echo(f"  {line}", err=True),
        )
    )
    done = f"republished version {outcome.version_after} (was {outcome.version_before})"
    click.echo(f"refresh: {done if outcome.republished else 'unchanged'}")
    sys.exit(outcome.exit_code)


@cli.command("upload")
@options.options(options.datagouv, options.descriptor_to_send)
@click.option("--apply", "apply_", is_flag=True, help="Send the changes. Without it, only show what would be done.")
def upload_command(config, datapackage, apply_):
    """Put the published package on data.gouv.fr (or its demo) through the udata API. Shows the
    plan (create, replace, unchanged, skip per file; dataset metadata); --apply sends it.
    The API key is read from DATAGOUV_API_KEY only.

    \b
    Example:
        action-plan-data upload
        DATAGOUV_API_KEY=... action-plan-data upload --apply
    """
    settings, client = lines.guarded(lambda: upload.connect(config))
    chosen = lines.guarded(lambda: upload.steps(client, settings, datapackage))
    if not apply_:
        for line in upload.dry_run(settings, chosen):
            click.echo(f"upload: {line}")
        return
    counts = Counter(step.action for step in chosen.steps)
    sent = lines.guarded(
        lambda: upload.apply(client, settings, datapackage, chosen, lambda line: click.echo(f"upload: {line}"))
    )
    click.echo(f"upload: {settings.portal}: sent {sent}, unchanged {counts['unchanged']}, skipped {counts['skip']}")
