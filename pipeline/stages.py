"""Refresh: fetch the sources, and only if one changed, run every stage again.

Reads: sources.toml, the sources' URLs, data/raw/manifest.json.
Writes: through fetch and the stages; nothing at all when no source changed.
Exit codes, for schedulers: 0 unchanged, 3 republished (a new version), 1 failed,
4 another refresh is running, 2 wrong usage.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline import lock, sources
from pipeline.sources import fetch
from pipeline.sources import http

UNCHANGED, FAILED, USAGE, REPUBLISHED, BUSY = 0, 1, 2, 3, 4


@dataclass
class Outcome:
    fetched: list[fetch.Fetched]
    version_before: str | None
    version_after: str | None

    @property
    def republished(self) -> bool:
        return self.version_after != self.version_before

    @property
    def exit_code(self) -> int:
        return REPUBLISHED if self.republished else UNCHANGED


def run(config: Path, manifest: Path, lock_path: Path, datapackage: Path, stages: Callable[[], object],
        say: Callable[[str], None] = lambda line: None, policy: http.Policy = http.Policy(),
        progress: http.Progress | None = None) -> Outcome:
    """Fetch every URL source; if any changed, call `stages` (extract, normalise, publish).
    `say` hears each step as it happens, one line each."""
    notes: list[str] = []
    with lock.held(lock_path, notes):
        for note in notes:
            say(note)
        found = sources.load(config)
        before = _version(datapackage)
        fetched = fetch.fetch_all(found, manifest, policy, progress)
        for item in fetched:
            say(f"{item.name}: {item.detail}")
        if any(item.changed for item in fetched):
            stages()
        return Outcome(fetched, before, _version(datapackage))


def _version(datapackage: Path) -> str | None:
    try:
        return json.loads(datapackage.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
