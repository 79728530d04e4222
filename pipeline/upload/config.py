"""Upload's settings, datagouv.toml: the portal (demo first), the dataset's id, its visibility,
the portal's tags and contact point, and the resource id of each file, which upload records
as it creates resources."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.errors import InputError

KEYS = {"portal", "dataset", "private", "tags", "contact_point", "resources"}


@dataclass
class Config:
    path: Path
    portal: str
    dataset: str
    private: bool
    tags: list[str] = field(default_factory=list)  # the portal's discovery tags; the package's keywords if none
    contact_point: str = ""  # the id of a contact point of the dataset's owner on the portal; none if empty
    resources: dict[str, str] = field(default_factory=dict)  # file name -> resource id

    def page(self) -> str:
        """The dataset's page on the portal (udata's /datasets/<id or slug>/)."""
        return f"{self.portal.rstrip('/')}/datasets/{self.dataset}/"

    def link(self, name: str) -> str | None:
        """The stable link of a file the portal holds: udata's /api/1/datasets/r/<resource id>."""
        rid = self.resources.get(name)
        return f"{self.portal.rstrip('/')}/api/1/datasets/r/{rid}" if rid else None

    def save(self) -> None:
        header = [line for line in self.path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        lines = header + [
            f"portal = {json.dumps(self.portal)}",
            f"dataset = {json.dumps(self.dataset)}",
            f"private = {'true' if self.private else 'false'}",
            f"tags = {json.dumps(self.tags, ensure_ascii=False)}",
            f"contact_point = {json.dumps(self.contact_point)}",
            "",
            "[resources]",
        ]
        lines += [f"{json.dumps(name)} = {json.dumps(rid)}" for name, rid in sorted(self.resources.items())]
        atomic.write_text(self.path, "\n".join(lines) + "\n")


def dataset_page(path: Path) -> str | None:
    """The dataset's page on the portal once datagouv.toml names the dataset; None before."""
    if not path.exists():
        return None
    config = load_config(path)
    return config.page() if config.dataset else None


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(path.name, None, "not valid TOML", str(error)) from None
    unknown = set(data) - KEYS
    if unknown:
        raise InputError(path.name, None, "unknown key", ", ".join(sorted(unknown)))
    portal = data.get("portal", "")
    if not re.match(r"^https?://", portal):
        raise InputError(path.name, None, "portal is not an http(s) URL", repr(portal))
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InputError(path.name, None, "tags must be a list of strings", repr(tags))
    contact = data.get("contact_point", "")
    if not isinstance(contact, str):
        raise InputError(path.name, None, "contact_point must be a string (a contact point's id)", repr(contact))
    return Config(
        path,
        portal,
        data.get("dataset", ""),
        bool(data.get("private", False)),
        tags,
        contact,
        dict(data.get("resources", {})),
    )
