"""Stage 1, extract: one module per source kind (pure parsing), and `stage`, which runs them
over the configured sources into build/extracted."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.extract.stage import MAX_SOURCE_BYTES, REPAIRS_FIELDS, TABLES, repair_counts, run

__all__ = ["MAX_SOURCE_BYTES", "REPAIRS_FIELDS", "TABLES", "repair_counts", "run"]


def __getattr__(name: str):
    """The stage's names, read when first used (PEP 562): importing one module of the folder (the
    readers of fetched copies, a plan's selection) does not import the stage and every parser
    with it, which a command that extracts nothing (an unchanged refresh, --help) never runs."""
    if name in __all__:
        from pipeline.extract import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
