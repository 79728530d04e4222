"""The lines the commands print: each stage's one-line summary, paths shown as the user reads them."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import extract, stages


def shown(path: Path) -> str:
    """A path as the user should read it: relative to the project when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def reporter(outputs: stages.Outputs):
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
