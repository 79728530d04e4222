"""Upload: the published package to data.gouv.fr, through the udata API (`udata`), planned and
applied by `stage`."""

from pipeline.upload.config import load_config
from pipeline.upload.stage import DONE, apply, connect, dry_run, steps

__all__ = ["DONE", "apply", "connect", "dry_run", "load_config", "steps"]
