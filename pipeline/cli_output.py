"""The lines the commands print: each stage's one-line summary, paths shown as the user reads
them, and any error as one line."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import extract, flows
from pipeline.errors import PipelineError


def guarded(call):
    """Run `call`; a PipelineError becomes one clean error line and exit status 1."""
    try:
        return call()
    except PipelineError as error:
        raise click.ClickException(str(error)) from None


def shown(path: Path) -> str:
    """A path as the user should read it: relative to the project when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def reporter(outputs: flows.Outputs):
    """The line each stage prints as it ends."""
    wrote = {
        "extract": lambda: shown(outputs.extracted_dir),
        "normalise": lambda: shown(outputs.db),
        "publish": lambda: f"{shown(outputs.published_dir)} and {shown(outputs.datapackage)}",
    }

    def done(stage: str, counts: dict[str, int]) -> None:
        note = ""
        if stage == "extract":
            repairs = extract.repair_counts(outputs.extracted_dir)
            note = "; repaired " + ", ".join(f"{n} {r}" for r, n in sorted(repairs.items())) if repairs else ""
        click.echo(f"{stage}: wrote {wrote[stage]()}: {sum(counts.values())} rows in {len(counts)} tables{note}")

    return done


EXIT_CODES = (
    "Exit codes: 0 done (for refresh: unchanged), 1 bad input or a failure (one line says which), "
    "2 wrong usage, 3 refresh published a new version, 4 another command that writes holds the lock."
)


class WithExitCodes(click.Command):
    """Every command's --help ends with the exit codes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("epilog", EXIT_CODES)
        super().__init__(*args, **kwargs)


class Guarded(click.Group):
    """The last resort: anything unforeseen ends as one line and exit 1, not a traceback;
    --debug shows the traceback. A file the system refuses (disk full, read-only) is named."""

    command_class = WithExitCodes

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            if isinstance(error, OSError) and error.strerror:
                where = f"{Path(error.filename).name}: " if error.filename else ""
                raise click.ClickException(f"{where}{error.strerror}; nothing was replaced") from None
            raise click.ClickException(
                f"unexpected {type(error).__name__}: {error} (run again with --debug for the traceback)"
            ) from None
