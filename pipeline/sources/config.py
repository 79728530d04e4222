"""The sources of a package, as configured in sources.toml.

Each source has a name, a kind (which extractor reads it) and a location: an http(s) URL,
fetched into a snapshot under data/raw, or a path read where it is. Adding a source is a
[[source]] block; a new kind also needs its extractor module.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import InputError

KINDS = ("action-plan", "plan-tables", "ogp-layer", "irm-export", "self-assessment")
KEYS = ("name", "kind", "location", "snapshot", "citation")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    location: str
    snapshot: Path | None  # where a URL's copy lives; None for a path
    base: Path  # the folder of the configuration file
    citation: str = ""  # how rows read from it cite it (its public address); default: its location

    @property
    def is_remote(self) -> bool:
        return self.snapshot is not None

    @property
    def path(self) -> Path:
        """The local copy the extractors read: the snapshot of a URL, or the path itself."""
        return self.snapshot if self.snapshot is not None else self.base / self.location


def load(config: Path, raw_dir: Path | None = None) -> list[Source]:
    """The sources of `config`; raises InputError naming the line of the first problem."""
    shown = config.name
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            shown,
            None,
            "no sources configuration",
            f"not found in {Path.cwd().name}/: run in a project folder, or name one with --project",
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise InputError(shown, int(line.group(1)) if line else None, "not valid TOML", str(error)) from None
    raw_dir = raw_dir or config.parent / "data" / "raw"
    blocks = _block_lines(text)
    unknown_top = [key for key in data if key != "source"]
    if unknown_top:
        raise InputError(shown, _line_of(text, unknown_top[0]), "unknown key", repr(unknown_top[0]))
    sources, names = [], set()
    for number, block in enumerate(data.get("source", [])):
        line = blocks[number] if number < len(blocks) else None
        for key in block:
            if key not in KEYS:
                raise InputError(shown, _line_of(text, key, line), "unknown key", f"{key!r} (known: {', '.join(KEYS)})")
        for key in ("name", "kind", "location"):
            if not str(block.get(key, "")).strip():
                raise InputError(shown, line, f"source without a {key}", f'every [[source]] needs {key} = "..."')
        name, kind, location = block["name"], block["kind"], block["location"]
        if kind not in KINDS:
            raise InputError(
                shown, _line_of(text, "kind", line), "unknown source kind", f"{kind!r} (known: {', '.join(KINDS)})"
            )
        if name in names:
            raise InputError(shown, line, "duplicate source name", repr(name))
        names.add(name)
        scheme = urlsplit(location).scheme
        snapshot = None
        if scheme in ("http", "https"):
            if not block.get("snapshot"):
                raise InputError(shown, line, "URL source without a snapshot", 'give snapshot = "data/raw/..."')
            snapshot = (config.parent / block["snapshot"]).resolve()
            if not snapshot.is_relative_to(raw_dir.resolve()):
                raise InputError(
                    shown, _line_of(text, "snapshot", line), "snapshot outside data/raw", block["snapshot"]
                )
        elif scheme and len(scheme) > 1:  # a Windows drive letter is not a scheme
            raise InputError(
                shown,
                _line_of(text, "location", line),
                "unsupported location scheme",
                f"{scheme}:// (only http and https URLs, or a path)",
            )
        sources.append(Source(name, kind, location, snapshot, config.parent, str(block.get("citation", "")).strip()))
    return sources


def of_kind(sources: list[Source], kind: str) -> list[Source]:
    return [source for source in sources if source.kind == kind]


def _block_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[source]]"]


def _line_of(text: str, key: str, after: int | None = None) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if (after is None or number >= after) and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return after
