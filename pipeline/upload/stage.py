"""Stage 4, upload: put the published package on data.gouv.fr (or its demo) through udata's API.

Reads: datapackage.json and the files it lists, datagouv.toml (portal, dataset id, the
resource id of each file), the key from DATAGOUV_API_KEY.
Writes: nothing without `apply`; with it, the portal's resources and dataset metadata, and
datagouv.toml, where each new resource's id is recorded as soon as it exists.
Why this way: a file whose sha1 equals its resource's checksum is not sent again; a changed
file replaces the file of its resource, whose id (and so its stable `latest` link) stays; the
title and description are sent again after each replace, because udata resets the title to
the file name. A run that failed half-way is finished by the next one: ids are recorded at
once, and a resource whose checksum or title matches a file is adopted instead of duplicated.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.errors import InputError, PipelineError
from pipeline.publish import package, swap
from pipeline.upload import bundle, metadata
from pipeline.upload.udata import Client, ReadOnly, UdataError


@dataclass
class Config:
    path: Path
    portal: str
    dataset: str
    private: bool
    resources: dict[str, str] = field(default_factory=dict)  # published file path -> resource id

    def save(self) -> None:
        header = [line for line in self.path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        lines = header + [
            f"portal = {json.dumps(self.portal)}",
            f"dataset = {json.dumps(self.dataset)}",
            f"private = {'true' if self.private else 'false'}",
            "",
            "[resources]",
        ]
        lines += [f"{json.dumps(name)} = {json.dumps(rid)}" for name, rid in sorted(self.resources.items())]
        atomic.write_text(self.path, "\n".join(lines) + "\n")


def connect(config_path: Path) -> tuple[Config, Client]:
    """The upload's settings, and a client of their portal holding the key of DATAGOUV_API_KEY
    (the only place the key is read from)."""
    settings = load_config(config_path)
    return settings, Client(settings.portal, os.environ.get("DATAGOUV_API_KEY") or None)


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(path.name, None, "not valid TOML", str(error)) from None
    unknown = set(data) - {"portal", "dataset", "private", "resources"}
    if unknown:
        raise InputError(path.name, None, "unknown key", ", ".join(sorted(unknown)))
    portal = data.get("portal", "")
    if not re.match(r"^https?://", portal):
        raise InputError(path.name, None, "portal is not an http(s) URL", repr(portal))
    return Config(
        path, portal, data.get("dataset", ""), bool(data.get("private", False)), dict(data.get("resources", {}))
    )


@dataclass
class Step:
    file: str  # path of the published file, relative to the descriptor's folder
    action: str  # create, replace, adopt, metadata, unchanged, skip
    detail: str = ""
    resource_id: str | None = None
    metadata: dict = field(default_factory=dict)


@dataclass
class Plan:
    steps: list[Step]
    dataset_fields: dict  # dataset metadata to send; empty when the portal already has it
    dataset: dict = field(default_factory=dict)  # the dataset's record on the portal, as read
    allowed: set[str] = field(default_factory=set)  # the extensions the portal accepts, as read


def plan(client: Client, config: Config, datapackage: Path) -> Plan:
    if not config.dataset:
        raise PipelineError(
            f"{config.path.name}: no dataset id: create the dataset on {config.portal} "
            '(demo first), then write its id in dataset = "..."'
        )
    swap.heal(datapackage)
    descriptor = package.load_descriptor(datapackage)
    published_dir = swap.published_dir_of(datapackage)
    if published_dir is None or not swap.matches(published_dir, datapackage):
        raise PipelineError(
            f"{datapackage.name}: its files do not match it (a publication cut short?); nothing was sent: "
            "run `make publish` first"
        )
    dataset = client.dataset(config.dataset)
    allowed = {ext.lower().lstrip(".") for ext in client.extensions()}
    remote = {r["id"]: r for r in dataset.get("resources", [])}
    steps = []
    for name, meta in metadata.files(descriptor, datapackage.name):
        local = datapackage.parent / name
        extension = local.name.rsplit(".", 1)[-1].lower()
        if extension not in allowed:
            steps.append(Step(name, "skip", f"the portal does not accept .{extension} files"))
            continue
        data = generated(name, descriptor, config, allowed, datapackage)
        data = local.read_bytes() if data is None else data
        digest = hashlib.sha1(data).hexdigest()
        rid = config.resources.get(name)
        if rid not in remote:
            # by checksum, then by title and format: never a CSV file into a JSON resource
            match = next((r for r in remote.values() if _sha1(r) == digest), None) or next(
                (
                    r
                    for r in remote.values()
                    if r.get("title") == meta["title"] and str(r.get("format", "")).lower() == meta["format"]
                ),
                None,
            )
            if match is None:
                steps.append(Step(name, "create", "", None, meta))
                continue
            rid = match["id"]
            if _sha1(match) == digest:
                steps.append(Step(name, "adopt", "already on the portal: recording its id", rid, meta))
                continue
        if _sha1(remote[rid]) != digest:
            steps.append(Step(name, "replace", "", rid, meta))
        elif any(remote[rid].get(key) != value for key, value in meta.items()):
            steps.append(Step(name, "metadata", "title or description differ", rid, meta))
        else:
            steps.append(Step(name, "unchanged", "", rid, meta))
    return Plan(steps, metadata.dataset_changes(dataset, metadata.dataset_fields(descriptor, config)), dataset, allowed)


DONE = {
    "create": "created",
    "replace": "replaced (title and description sent again)",
    "adopt": "adopted the resource already on the portal",
    "metadata": "title and description updated",
}


def dry_run(config: Config, chosen: Plan) -> list[str]:
    """What the upload would do, one line per file, then the dataset and the totals."""
    counts = Counter(step.action for step in chosen.steps)
    lines = [f"{step.file}: {step.action}{': ' + step.detail if step.detail else ''}" for step in chosen.steps]
    lines.append(f"dataset {config.dataset}: metadata: {', '.join(sorted(chosen.dataset_fields)) or 'unchanged'}")
    to_send = sum(counts[action] for action in DONE)
    lines.append(
        f"dry run on {config.portal}: {to_send} to send, {counts['unchanged']} unchanged, "
        f"{counts['skip']} skipped; nothing sent (add --apply to send)"
    )
    return lines


def generated(name: str, descriptor: dict, config: Config, allowed: set[str], datapackage: Path) -> bytes | None:
    """The bytes of a file upload makes rather than reads: the descriptor as the portal serves
    it (its files by their stable links) or the zip of the whole package; None for the others."""
    if name == datapackage.name:
        return metadata.portal_descriptor(descriptor, config, allowed)
    if name == bundle.name(descriptor):
        return bundle.zipped(swap.published_dir_of(datapackage), descriptor)
    return None


def apply(client: Client, config: Config, datapackage: Path, chosen: Plan, say) -> int:
    """Carry out the plan, step by step; returns the number of files sent. On a failure, the
    error says what was sent and what was not; the next run finishes the rest."""
    descriptor = package.load_descriptor(datapackage)
    scratch = tempfile.TemporaryDirectory()
    todo = [step for step in chosen.steps if step.action in DONE]
    done: list[str] = []
    current = ""
    try:
        for step in todo:
            current = step.file
            local = datapackage.parent / step.file
            # made when its turn comes: the descriptor names the files created before it by their ids
            made = generated(step.file, descriptor, config, chosen.allowed, datapackage)
            if made is not None:
                local = _written(made, step.file, scratch)
            if step.action == "create":
                step.resource_id = client.create_resource(config.dataset, local)["id"]
            elif step.action == "replace":
                client.replace_file(config.dataset, step.resource_id, local)
            _record(config, step)
            client.update_resource(config.dataset, step.resource_id, step.metadata)
            done.append(step.file)
            say(f"{step.file}: {DONE[step.action]}")
        current = "dataset metadata"
        if chosen.dataset_fields:
            client.update_dataset(config.dataset, metadata.full_record(chosen.dataset, chosen.dataset_fields))
            say(f"dataset {config.dataset}: metadata updated ({', '.join(sorted(chosen.dataset_fields))})")
    except UdataError as error:
        left = [step.file for step in todo if step.file not in done]
        kind = "stopped: read-only portal" if isinstance(error, ReadOnly) else "stopped"
        shown = ", ".join(left[:3]) + (", ..." if len(left) > 3 else "")
        raise UdataError(
            f"{error}; {kind} at {current}: sent {len(done)} file(s), not sent {len(left)}"
            f"{' (' + shown + ')' if left else ''}; run upload again to finish",
            error.status,
        ) from None
    return len(done)


def _written(data: bytes, name: str, scratch) -> Path:
    path = Path(scratch.name) / name
    path.write_bytes(data)
    return path


def _record(config: Config, step: Step) -> None:
    if config.resources.get(step.file) != step.resource_id:
        config.resources[step.file] = step.resource_id
        config.save()


def _sha1(resource: dict) -> str | None:
    checksum = resource.get("checksum") or {}
    return checksum.get("value") if checksum.get("type", "sha1") == "sha1" else None
