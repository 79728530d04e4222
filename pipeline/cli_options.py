"""The command line's options, declared once and shared by the commands that take them."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import flows, paths
from pipeline.errors import PipelineError
from pipeline.extract.irm_plan import PlanSelection
from pipeline.package import swap


def path(flag: str, default: Path, help_text: str, callback=None):
    return click.option(
        flag, type=click.Path(path_type=Path), default=default, show_default=True, help=help_text, callback=callback
    )


def healed(ctx: click.Context, _param, datapackage: Path) -> Path:
    """The one place a publication is healed: a swap a killed run left half-done is finished or
    undone as soon as the command knows its descriptor, once the writers' lock is taken (the
    command line's group takes it before any option of a command is read). What was done is
    kept for the command to say."""
    try:
        ctx.meta["healed"] = swap.heal(datapackage)
    except PipelineError as error:
        raise click.ClickException(str(error)) from None
    return datapackage


def file(flag: str, name: str, help_text: str):
    return click.option(
        flag, name, multiple=True, type=click.Path(path_type=Path, exists=True, dir_okay=False), help=help_text
    )


INPUT_OPTIONS = (
    click.option(
        "--action-plan",
        "action_plan",
        default=None,
        help="The plan's GitBook repository (fr/ and en/): a folder, or an http(s) URL of its root. "
        "[default: the action-plan source of sources.toml]",
    ),
    click.option(
        "--plan-tables",
        "plan_tables",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        multiple=True,
        help="A plan authored as tables: a folder of plans.csv, commitments.csv and what else is known "
        "(docs/plan-tables.md); repeat it, or give it beside --action-plan, for one package of several plans.",
    ),
    click.option(
        "--from-irm",
        is_flag=True,
        help="Build the plan from the IRM rows of --member and --plan-number, not from a Markdown repository.",
    ),
    click.option("--member", help="The member as the IRM export spells it, e.g. Finland."),
    click.option("--plan-number", help="OGP's number of the member's plan, e.g. 1 for its first."),
    click.option("--plan-id", help="OGP's id of that plan, e.g. AP_FIN01 (the 2016 export does not give it)."),
    click.option(
        "--ogp-layer",
        "ogp_layer",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        help="The OGP layer of a Markdown plan: a folder of plan.csv, ogp_commitments.csv and titles.csv. "
        "[default: the ogp-layer source of sources.toml]",
    ),
    file(
        "--irm",
        "irm_files",
        "An OGP IRM export (CSV, either generation); repeat for several. [default: data/raw/irm/*.csv]",
    ),
    file(
        "--self-assessment",
        "self_assessment_files",
        "A self-assessment CSV; repeat for several. [default: data/raw/self-assessment/*.csv]",
    ),
    click.option(
        "--max-source-mb",
        type=click.IntRange(min=1),
        default=100,
        show_default=True,
        help="Refuse a source file larger than this (a wrong file); OGP's whole IRM export is 2.5 MB.",
    ),
    click.option(
        "--sources",
        "config",
        type=click.Path(path_type=Path),
        default=paths.SOURCES_PATH,
        show_default=True,
        help="The sources configuration.",
    ),
)
manifest = path("--manifest", paths.MANIFEST_PATH, "The manifest of fetched sources.")
extracted = path("--extracted-dir", paths.EXTRACTED_DIR, "Folder of the extracted CSVs.")
db = path("--db", paths.DB_PATH, "DuckDB database file, rebuilt on every run.")
published = path("--published-dir", paths.PUBLISHED_DIR, "Folder of the published resources.")
datapackage = path("--datapackage", paths.DATAPACKAGE_PATH, "The package descriptor to write.", healed)


def options(*options):
    def apply(function):
        for option in reversed(options):
            function = option(function)
        return function

    return apply


def inputs(
    action_plan,
    from_irm,
    member,
    plan_number,
    plan_id,
    ogp_layer,
    irm_files,
    self_assessment_files,
    config,
    max_source_mb=100,
    plan_tables=(),
) -> flows.Inputs:
    selection = None
    if plan_tables and from_irm:
        raise click.UsageError("--plan-tables is a plan of its own: give it without --from-irm")
    if from_irm:
        missing = [
            flag
            for flag, value in (("--member", member), ("--plan-number", plan_number), ("--plan-id", plan_id))
            if not value
        ]
        if missing:
            raise click.UsageError(f"--from-irm needs {', '.join(missing)}")
        selection, action_plan = PlanSelection(member, plan_number, plan_id), None
    return flows.Inputs(
        action_plan,
        selection,
        ogp_layer,
        list(irm_files) or None,
        list(self_assessment_files) or None,
        config,
        max_source_mb * 1_000_000,
        tuple(plan_tables),
    )


lock = click.option(
    "--lock",
    "lock_path",
    type=click.Path(path_type=Path),
    default=paths.LOCK_PATH,
    envvar="ACTION_PLAN_DATA_LOCK",
    show_envvar=True,
    show_default=True,
    help="The lock that keeps the commands that write one at a time (one per project folder).",
)
deadline = click.option(
    "--deadline",
    type=click.FloatRange(min=1),
    default=600,
    show_default=True,
    help="Seconds one source's download may take in all, however slowly its server sends.",
)
run_deadline = click.option(
    "--run-deadline",
    type=click.FloatRange(min=1),
    default=3600,
    show_default=True,
    help="Seconds all the sources' downloads may take together.",
)
LIMITS = (deadline, run_deadline)  # passed on as http.Policy's fields of the same names
allow_shrink = click.option(
    "--allow-shrink",
    is_flag=True,
    help="Publish even if a table loses more than 10 % of its rows, or all of them (said in the CHANGELOG).",
)
wait = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for another writing command to end; then exit 4.",
)
datagouv = path("--config", paths.DATAGOUV_CONFIG, "Portal, dataset id and resource ids.")
OUTPUTS = (extracted, db, published, datapackage)
descriptor_to_send = path(
    "--datapackage", paths.DATAPACKAGE_PATH, "The package descriptor to send, with the files it lists.", healed
)
project = click.option(
    "--project",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    envvar="ACTION_PLAN_DATA_PROJECT",
    show_envvar=True,
    help="The project folder that every default path is relative to. [default: the working directory]",
)
