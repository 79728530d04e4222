"""What upload sends, given the stable links known so far: each file's bytes (read from the
package, or made: the zip, each table's Table Schema, the descriptor as the portal serves it),
each resource's metadata, and the dataset's record. Planning asks with the links a dry run
can know; applying asks again at each file's turn, with the links this upload has given."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.package import swap
from pipeline.upload import bundle, dataset_text, metadata, portal_files
from pipeline.upload.config import Config
from pipeline.upload.portal_files import PortalFile


@dataclass
class Contents:
    descriptor: dict
    datapackage: Path
    config: Config
    allowed: set[str]  # the extensions the portal accepts, as read

    def __post_init__(self):
        self.files = portal_files.listed(self.descriptor, self.datapackage.name, self.allowed)
        self.names = {entry.name for entry in self.files}
        self.published_dir = swap.published_dir_of(self.datapackage)

    def accepted(self, entry: PortalFile) -> bool:
        return entry.filename.rsplit(".", 1)[-1].lower() in self.allowed

    def data(self, entry: PortalFile, link) -> bytes:
        if entry.name == self.datapackage.name:
            return metadata.portal_descriptor(self.descriptor, self._held(link), self.config.page())
        if entry.name == bundle.name(self.descriptor):
            return bundle.zipped(self.published_dir, self.descriptor)
        if entry.table and entry.name == portal_files.schema_name(entry.table):
            return portal_files.table_schema(self.descriptor, entry.table)
        return (self.datapackage.parent / entry.name).read_bytes()

    def resource(self, entry: PortalFile, link) -> dict:
        """A resource's metadata: title, description, type, format, and a table's schema link."""
        fields = {
            "title": entry.title,
            "description": entry.description,
            "type": entry.kind,
            "format": entry.filename.rsplit(".", 1)[-1],
        }
        if entry.table and entry.name != portal_files.schema_name(entry.table):
            fields["schema"] = {"url": link(portal_files.schema_name(entry.table))}
        return fields

    def dataset(self, link) -> dict:
        """The dataset's record as the package says it, its description naming files by `link`."""
        shown = {**self.descriptor, "homepage": self.config.page()}
        sent = [entry for entry in self.files if self.accepted(entry)]
        text = dataset_text.description(shown, sent, self._held(link))
        return metadata.dataset_fields(self.descriptor, self.config, text, self.member_codes())

    def member_codes(self) -> set[str]:
        """The OGP member codes of the package's plans (plans.member_code)."""
        plans = next((r for r in self.descriptor["resources"] if r["name"] == "plans"), None)
        if plans is None:
            return set()
        with (self.datapackage.parent / plans["path"]).open(encoding="utf-8", newline="") as handle:
            return {row["member_code"] for row in csv.DictReader(handle) if row.get("member_code")}

    def _held(self, link):
        """`link`, for the files this upload sends and the portal accepts only."""
        accepted = {entry.name for entry in self.files if self.accepted(entry)}
        return lambda name: link(name) if name in accepted else None


def differs(remote: dict, wanted: dict) -> bool:
    """Whether a resource's metadata on the portal differs from what upload would send; a
    schema as udata answers it ({url, name, version}, udata/core/dataset/models.py:183-188)."""
    for key, value in wanted.items():
        have = remote.get(key)
        if key == "schema":
            have = {"url": (have or {}).get("url")}
        if have != value:
            return True
    return False
