"""Fetch the sources that have a URL into their snapshot under data/raw, and keep a manifest.

Reads: sources.toml (through `sources.load`) and data/raw/manifest.json.
Writes: each URL source's snapshot, replaced atomically and only by a complete copy that its
extractor reads without error; and the manifest entry of each source (url, retrieved_at,
sha256, etag, last_modified, bytes). A source is unchanged on 304, or when its bytes hash as
before; then nothing is written but a new ETag or Last-Modified.
Why: a scheduled refresh must never damage data/raw, and must know whether anything changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.digest import sha256 as sha256_of
from pipeline.errors import PipelineError
from pipeline.sources import Source, http, snapshots
from pipeline.sources.location import MAX_DOCUMENT_BYTES, SourceRoot

HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")


@dataclass(frozen=True)
class Fetched:
    name: str
    changed: bool
    detail: str  # one line: what happened


def fetch_all(
    found: list[Source],
    manifest_path: Path,
    policy: http.Policy = http.Policy(),
    progress: http.Progress | None = None,
    notice=None,
    *,
    readers: dict,
) -> list[Fetched]:
    """Fetch every URL source in turn; stops at the first failure, keeping what was done.
    `readers` maps a kind to the reader a fetched copy must pass (extract.kinds.FETCHED).
    `notice` hears each retry as it is about to wait. All the sources together get the
    policy's `run_deadline` seconds: each source's own deadline is cut to what is left of it."""
    snapshots.recover(found)
    manifest = read_manifest(manifest_path)
    results = []
    ends = time.monotonic() + policy.run_deadline
    for source in found:
        if not source.is_remote:
            continue
        left = ends - time.monotonic()
        if left <= 0:
            raise http.FetchError(
                f"{source.location}: not fetched: the run's deadline of {policy.run_deadline:g} s is past"
            )
        capped = dataclasses.replace(policy, deadline=min(policy.deadline, left))
        result, entry = fetch_one(source, manifest.get(source.name, {}), capped, progress, notice, readers)
        if entry != manifest.get(source.name):
            manifest[source.name] = entry
            write_manifest(manifest_path, manifest)
        results.append(result)
    return results


def fetch_one(
    source: Source, entry: dict, policy: http.Policy, progress, notice, readers: dict
) -> tuple[Fetched, dict]:
    reader = readers.get(source.kind)
    if reader is None:
        raise http.FetchError(
            f"{source.location}: a source of kind {source.kind} is read from a local folder, not fetched"
        )
    if source.kind == "action-plan":
        return _fetch_repository(source, entry, policy, reader)
    if not source.path.is_file():
        entry = {}  # a snapshot gone missing is fetched whole: a 304 would leave nothing to read
    response = http.get(
        source.location,
        etag=entry.get("etag"),
        last_modified=entry.get("last_modified"),
        policy=policy,
        progress=progress,
        notice=notice,
    )
    if response.status == 304:
        return Fetched(source.name, False, "unchanged (304 Not Modified)"), entry
    _check_body(source, response.body, reader)
    digest = hashlib.sha256(response.body).hexdigest()
    validators = {"etag": response.etag, "last_modified": response.last_modified}
    if source.path.is_file() and sha256_of(source.path) == digest:
        kept = (
            {**entry, **validators}
            if entry.get("sha256") == digest
            else _entry(source, digest, len(response.body), validators)
        )
        return Fetched(source.name, False, "unchanged (same sha256)"), kept
    snapshots.replace_file(source.path, response.body)
    return Fetched(source.name, True, f"changed ({len(response.body)} bytes)"), _entry(
        source, digest, len(response.body), validators
    )


def _fetch_repository(source: Source, entry: dict, policy: http.Policy, reader) -> tuple[Fetched, dict]:
    """Read the repository through the extractor, which follows the index's links, and keep
    every page it read: a snapshot that parses is a snapshot that is whole.

    The pages of the snapshot are fetched first, side by side: when each comes back as the
    snapshot has it, the extractor would follow the same links through the same bytes to the
    same result, so the repository is unchanged and is not read again. Only the snapshot that
    the manifest records (the one a fetch, or a publication, accepted) is trusted this way."""
    pages: dict[str, bytes] = {}
    page_policy = dataclasses.replace(policy, max_bytes=min(policy.max_bytes, MAX_DOCUMENT_BYTES))
    root = SourceRoot(source.location, policy=page_policy, record=pages)
    current = _folder(source.path)
    current_digest = _folder_digest(current) if current else None
    if current and entry.get("sha256") == current_digest:
        if root.prefetch(sorted(current)) == current:
            return Fetched(source.name, False, f"unchanged (same {len(current)} pages)"), entry
    try:
        reader(root)
    except PipelineError as error:
        raise http.FetchError(f"{source.location}: not a valid plan repository: {error}") from None
    digest = _folder_digest(pages)
    size = sum(len(data) for data in pages.values())
    if current_digest == digest:
        kept = entry if entry.get("sha256") == digest else _entry(source, digest, size, {})
        return Fetched(source.name, False, f"unchanged (same {len(pages)} pages)"), kept
    snapshots.replace_folder(source.path, pages)
    return Fetched(source.name, True, f"changed ({len(pages)} pages)"), _entry(source, digest, size, {})


def _folder(path: Path) -> dict[str, bytes]:
    """A folder's files by their path below it; empty when it is not a folder."""
    if not path.is_dir():
        return {}
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def local_changes(found: list[Source], manifest_path: Path) -> list[Fetched]:
    """The path sources (read where they are, not fetched) whose bytes differ from those of the
    last publication, as the manifest records them: a hand edit is a change like any other."""
    manifest = read_manifest(manifest_path)
    return [
        Fetched(source.name, True, "changed since the last publication")
        for source in found
        if not source.is_remote and manifest.get(source.name, {}).get("sha256") != local_digest(source.path)
    ]


def record_local(found: list[Source], manifest_path: Path) -> None:
    """Write down the bytes of every path source, once they are published."""
    manifest = read_manifest(manifest_path)
    for source in found:
        if not source.is_remote:
            digest = local_digest(source.path)
            if manifest.get(source.name, {}).get("sha256") != digest:
                manifest[source.name] = {"path": source.location, "sha256": digest}
    write_manifest(manifest_path, manifest)


def local_digest(path: Path) -> str | None:
    """sha256 of a file, or of a folder's files and their names; None when it is missing."""
    if path.is_file():
        return sha256_of(path)
    if path.is_dir():
        return _folder_digest(_folder(path))
    return None


def _folder_digest(pages: dict[str, bytes]) -> str:
    listing = "".join(f"{path}\t{hashlib.sha256(data).hexdigest()}\n" for path, data in sorted(pages.items()))
    return hashlib.sha256(listing.encode()).hexdigest()


def _check_body(source: Source, body: bytes, reader) -> None:
    """A body must be what its kind expects: an HTML error page served as 200 is not data."""
    if body.lstrip()[:20].lower().startswith(HTML_STARTS):
        raise http.FetchError(f"{source.location}: got an HTML page, not a {source.kind} CSV")
    try:
        reader(body, source.location)
    except PipelineError as error:
        raise http.FetchError(f"{source.location}: not a valid {source.kind}: {error}") from None


def _entry(source: Source, digest: str, size: int, validators: dict) -> dict:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return {
        "url": source.location,
        "retrieved_at": now,
        "sha256": digest,
        "bytes": size,
        "etag": validators.get("etag"),
        "last_modified": validators.get("last_modified"),
    }


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as error:
        raise PipelineError(f"{path.name}: not valid JSON: {error}") from None


def write_manifest(path: Path, manifest: dict) -> None:
    snapshots.replace_file(path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"))
