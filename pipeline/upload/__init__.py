"""Upload: the published package to data.gouv.fr, through the udata API (`udata`), planned and
applied by `stage`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.upload.config import load_config
    from pipeline.upload.stage import DONE, apply, connect, dry_run, steps

__all__ = ["DONE", "apply", "connect", "dry_run", "load_config", "steps"]


def __getattr__(name: str):
    """The stage's names, read when first used (PEP 562): a command that only reads the portal's
    settings (publish names the dataset's page) does not import the upload's planning and the
    metadata libraries it uses."""
    if name == "load_config":
        from pipeline.upload.config import load_config

        return load_config
    if name in __all__:
        from pipeline.upload import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
