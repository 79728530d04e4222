"""Stage 4, upload: put the published package on data.gouv.fr (or its demo) through udata's API.

Reads: datapackage.json and the files it lists, datagouv.toml (portal, dataset id, tags,
contact point, the resource id of each file), the key from DATAGOUV_API_KEY.
Writes: nothing without `apply`; with it, the portal's resources, their order and the dataset's
metadata, and datagouv.toml, where each new resource's id is recorded as soon as it exists.
Why this way: a file whose sha1 equals its resource's checksum is not sent again; a changed
file replaces the file of its resource, whose id (and so its stable `latest` link) stays; the
title and description are sent again after each replace, because udata resets the title to
the file name. A run that failed half-way is finished by the next one: ids are recorded at
once, and a resource whose checksum or title matches a file is adopted instead of duplicated.
Files go up Table Schemas first and the descriptor last, each made at its turn, so that every
link a CSV or the descriptor names exists; udata puts each new resource first, so an apply
that created one sends the order a reuser wants (the data first) once all are there.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.package import descriptors, swap
from pipeline.upload import metadata
from pipeline.upload.config import Config, load_config
from pipeline.upload.contents import Contents, differs
from pipeline.upload.portal_files import PortalFile, sending_order
from pipeline.upload.udata import Client, ReadOnly, UdataError

NEW = "<new>"  # the id a dry run gives a resource this upload would create


def connect(config_path: Path) -> tuple[Config, Client]:
    """The upload's settings, and a client of their portal holding the key of DATAGOUV_API_KEY
    (the only place the key is read from)."""
    settings = load_config(config_path)
    return settings, Client(settings.portal, os.environ.get("DATAGOUV_API_KEY") or None)


@dataclass
class Step:
    file: str  # the file's name in datagouv.toml: its path in the descriptor, or the name of a file upload makes
    action: str  # create, replace, adopt, metadata, unchanged, skip
    detail: str = ""
    resource_id: str | None = None
    entry: PortalFile | None = None


@dataclass
class Steps:
    steps: list[Step]
    dataset_fields: dict  # dataset metadata to send; empty when the portal already has it
    dataset: dict = field(default_factory=dict)  # the dataset's record on the portal, as read
    contents: Contents | None = None
    reorder: bool = False  # whether the portal's order of resources is not the package's
    left: list[str] = field(default_factory=list)  # resources on the portal this upload does not send


def steps(client: Client, config: Config, datapackage: Path) -> Steps:
    """What upload would send, file by file, and the dataset's metadata it would change."""
    if not config.dataset:
        raise PipelineError(
            f"{config.path.name}: no dataset id: create the dataset on {config.portal} "
            '(demo first), then write its id in dataset = "..."'
        )
    descriptor = descriptors.load_descriptor(datapackage)
    published_dir = swap.published_dir_of(datapackage)
    if published_dir is None or not swap.matches(published_dir, datapackage):
        raise PipelineError(
            f"{datapackage.name}: its files do not match it (a publication cut short?); nothing was sent: "
            "run `make publish` first"
        )
    dataset = client.dataset(config.dataset)
    allowed = {ext.lower().lstrip(".") for ext in client.extensions()}
    contents = Contents(descriptor, datapackage, config, allowed)
    remote = {r["id"]: r for r in dataset.get("resources", [])}
    ids: dict[str, str] = {}  # each file's resource as this plan reads them; NEW for one it creates

    def link(name: str) -> str | None:
        return f"{config.portal.rstrip('/')}/api/1/datasets/r/{ids[name]}" if name in ids else None

    found = []
    for entry in sending_order(contents.files, datapackage.name):
        if not contents.accepted(entry):
            extension = entry.filename.rsplit(".", 1)[-1].lower()
            found.append(Step(entry.name, "skip", f"the portal does not accept .{extension} files"))
            continue
        digest = hashlib.sha1(contents.data(entry, link)).hexdigest()
        step = _matched(entry, config.resources.get(entry.name), remote, digest)
        ids[entry.name] = step.resource_id or NEW
        if step.action == "unchanged" and differs(remote[step.resource_id], contents.resource(entry, link)):
            step.action, step.detail = "metadata", "title, description, type or schema differ"
        if step.action in DONE and entry.filename != entry.name.rsplit("/", 1)[-1]:
            step.detail = f"as {entry.filename}, a type the portal accepts"
        found.append(step)
    ours = [ids[entry.name] for entry in contents.files if entry.name in ids]
    present = list(remote)
    return Steps(
        found,
        metadata.dataset_changes(dataset, contents.dataset(link)),
        dataset,
        contents,
        NEW in ours or _ordered(ours, present) != present,
        [f"{r.get('title')} ({rid})" for rid, r in remote.items() if rid not in ours],
    )


def _matched(entry: PortalFile, rid: str | None, remote: dict, digest: str) -> Step:
    """The step of one file: its recorded resource, else one on the portal with its checksum,
    then its title and format (never a CSV file into a JSON resource), else a new one."""
    if rid not in remote:
        match = next((r for r in remote.values() if _sha1(r) == digest), None) or next(
            (
                r
                for r in remote.values()
                if r.get("title") == entry.title and str(r.get("format", "")).lower() == entry.filename.rsplit(".")[-1]
            ),
            None,
        )
        if match is None:
            return Step(entry.name, "create", "", None, entry)
        rid = match["id"]
        if _sha1(match) == digest:
            return Step(entry.name, "adopt", "already on the portal: recording its id", rid, entry)
    if _sha1(remote[rid]) != digest:
        return Step(entry.name, "replace", "", rid, entry)
    return Step(entry.name, "unchanged", "", rid, entry)


DONE = {
    "create": "created",
    "replace": "replaced (title and description sent again)",
    "adopt": "adopted the resource already on the portal",
    "metadata": "title, description, type and schema updated",
}


def dry_run(config: Config, chosen: Steps) -> list[str]:
    """What the upload would do, one line per file, then the order, the dataset and the totals."""
    counts = Counter(step.action for step in chosen.steps)
    lines = [f"{step.file}: {step.action}{': ' + step.detail if step.detail else ''}" for step in chosen.steps]
    lines += [f"left on the portal, not sent by this upload: {left}" for left in chosen.left]
    lines.append(f"resources: {'reordered, data first' if chosen.reorder else 'in order'}")
    lines.append(f"dataset {config.dataset}: metadata: {', '.join(sorted(chosen.dataset_fields)) or 'unchanged'}")
    to_send = sum(counts[action] for action in DONE)
    lines.append(
        f"dry run on {config.portal}: {to_send} to send, {counts['unchanged']} unchanged, "
        f"{counts['skip']} skipped; nothing sent (add --apply to send)"
    )
    return lines


def apply(client: Client, config: Config, datapackage: Path, chosen: Steps, say) -> int:
    """Carry out the plan, step by step; returns the number of files sent. Each file's bytes and
    metadata are made at its turn, with the links this upload has given. On a failure, the
    error says what was sent and what was not; the next run finishes the rest."""
    contents = chosen.contents
    scratch = tempfile.TemporaryDirectory()
    todo = [step for step in chosen.steps if step.action in DONE]
    done: list[str] = []
    current = ""
    try:
        for step in todo:
            current = step.file
            if step.action in ("create", "replace"):
                local = Path(scratch.name) / step.entry.filename
                local.write_bytes(contents.data(step.entry, config.link))
                if step.action == "create":
                    step.resource_id = client.create_resource(config.dataset, local)["id"]
                else:
                    client.replace_file(config.dataset, step.resource_id, local)
            _record(config, step)
            client.update_resource(config.dataset, step.resource_id, contents.resource(step.entry, config.link))
            done.append(step.file)
            say(f"{step.file}: {DONE[step.action]}")
        current = "the order of resources"
        dataset = client.dataset(config.dataset) if todo else chosen.dataset
        order = _order(contents, config, dataset)
        if order != [r["id"] for r in dataset.get("resources", [])]:
            client.reorder_resources(config.dataset, order)
            say(f"dataset {config.dataset}: resources reordered, data first")
        current = "dataset metadata"
        changes = metadata.dataset_changes(dataset, contents.dataset(config.link))
        if changes:
            client.update_dataset(config.dataset, metadata.full_record(dataset, changes))
            say(f"dataset {config.dataset}: metadata updated ({', '.join(sorted(changes))})")
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


def _order(contents: Contents, config: Config, dataset: dict) -> list[str]:
    ours = [config.resources[e.name] for e in contents.files if contents.accepted(e) and e.name in config.resources]
    return _ordered(ours, [r["id"] for r in dataset.get("resources", [])])


def _ordered(ours: list[str], present: list[str]) -> list[str]:
    """The portal's resources in the package's order (the data first), then the others as they are."""
    return [rid for rid in ours if rid in present] + [rid for rid in present if rid not in ours]


def _record(config: Config, step: Step) -> None:
    if config.resources.get(step.file) != step.resource_id:
        config.resources[step.file] = step.resource_id
        config.save()


def _sha1(resource: dict) -> str | None:
    checksum = resource.get("checksum") or {}
    return checksum.get("value") if checksum.get("type", "sha1") == "sha1" else None
