"""What changed between the previous publication and a new one, and the version that follows.

Rules (also in the README): a new version is made only when a published byte would change.
Major when a resource is added or removed or a schema changes; minor when rows are added or
removed; patch when only values change, or when only a file's bytes change with the same rows
and schemas (a new Parquet writer after `make lock`, a workbook written otherwise: "files
rewritten, no data change"; publish asks again once its documents are written).
Every change becomes a row of the `changes` resource, numbered within its version: a schema
change field by field (field added, removed or changed, keys changed, resource added or
removed), a file listed differently, a row added or removed, a value changed. The rows are kept
across versions, and each version has an entry of CHANGELOG.md, newest first.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline import database
from pipeline.package import descriptors
from pipeline.publish import schema_changes, table_files
from pipeline.publish.schema_changes import change as _change
from pipeline.publish.shrink_guard import SHRINK, ShrinkError, inputs_that_lost_rows, shrinking

# how each CHANGELOG entry points to its rows of `changes`
CHANGES_SENTENCE = (
    "Every change is a row of the `changes` resource: a changed schema field by field (its rows "
    "are not compared value by value), each row added or removed, each value changed."
)


@dataclass
class Diff:
    schema_changed: list[str] = field(default_factory=list)  # resources whose schema changed, added or removed
    schema_rows: list[dict[str, str]] = field(default_factory=list)  # how each of them changed
    rows: list[dict[str, str]] = field(default_factory=list)  # one per added, removed or changed value
    # files the descriptor lists differently (moved between `resources` and `files`, renamed or
    # typed otherwise): a reader of the descriptor may have to change
    layout_changed: list[str] = field(default_factory=list)
    layout_rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.schema_changed and not self.rows and not self.layout_changed

    @property
    def every_row(self) -> list[dict[str, str]]:
        """Every change, as the `changes` resource lists it: schemas, then listings, then rows
        table by table (each table's rows in the order of their keys)."""
        return self.schema_rows + self.layout_rows + sorted(self.rows, key=lambda row: row["resource"])

    def bump(self, version: str) -> str:
        major, minor, patch = (int(part) for part in version.split("."))
        if self.schema_changed or self.layout_changed:
            return f"{major + 1}.0.0"
        if any(row["change"] in ("added", "removed") for row in self.rows):
            return f"{major}.{minor + 1}.0"
        return f"{major}.{minor}.{patch + 1}"


def read_table(path: Path) -> list[dict[str, str]]:
    """A small table's rows as text (the changes so far)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def diff(old_descriptor: dict, old_dir: Path, new_descriptor: dict, new_dir: Path, names: list[str]) -> Diff:
    """Compare two publications resource by resource, by primary key, as the CSV text reads."""
    result = schema_diff(old_descriptor, new_descriptor)
    new_schemas = schema_changes.structures(new_descriptor)
    with database.shared() as con:
        for name in names:
            if name not in new_schemas or name in result.schema_changed:
                continue
            fields = [f for f, *_ in new_schemas[name]["fields"]]
            old, new = old_dir / f"{name}.csv", new_dir / f"{name}.csv"
            if old.exists():
                result.rows += table_diff(con, name, fields, new_schemas[name]["primaryKey"], old, new)
    return result


def schema_diff(old_descriptor: dict, new_descriptor: dict) -> Diff:
    """How the tables' schemas and the descriptor's listing changed, one row per change."""
    found = schema_changes.compare(old_descriptor, new_descriptor)
    return Diff(found.schema_changed, found.schema_rows, [], found.layout_changed, found.layout_rows)


def table_diff(con, name: str, fields: list[str], key: list[str], old: Path, new: Path) -> list[dict[str, str]]:
    """The changes between two CSV files of one table, as a join in DuckDB: a publication of a
    million rows is compared without a row passing through Python, except the rows that differ."""
    key_sql = " || '|' || ".join(_text(k) for k in key)
    row_sql = "[" + ", ".join(_text(f) for f in fields) + "]"

    def read(path: Path, parallel: bool) -> str:
        return (
            f"(select {key_sql} as key, {row_sql} as cells from read_csv({table_files.literal(path)}, "
            f"{database.CSV_DIALECT}, all_varchar = true, parallel = {str(parallel).lower()}))"
        )

    def query(parallel: bool) -> list[tuple]:
        old_rows, new_rows = read(old, parallel), read(new, parallel)
        return con.execute(
            f"""
            select o.key, n.key, o.cells, n.cells
            from {old_rows} as o full join {new_rows} as n on o.key = n.key
            where o.cells is distinct from n.cells
            order by coalesce(o.key, n.key)
            """
        ).fetchall()

    rows = []
    for old_key, new_key, before, after in database.reading_csv(query):
        if new_key is None:
            rows.append(_change(name, old_key, "removed"))
        elif old_key is None:
            rows.append(_change(name, new_key, "added"))
        else:
            rows += [
                _change(name, new_key, "changed", column, a, b)
                for column, a, b in zip(fields, before, after, strict=True)
                if a != b
            ]
    return rows


@dataclass
class Release:
    version: str
    changes: list[dict[str, str]]  # every change so far, newest version first
    changelog: str
    replaced: str | None  # the previous version, when this release replaces it
    released: str  # the day this version was released, ISO 8601


def standing(previous_path: Path, previous_dir: Path, first_version: str, today: date) -> Release:
    """The publication as it stands, before anything is compared: the previous version with its
    changes, changelog and day, or, with none, the first publication, released today."""
    previous = descriptors.read_descriptor(previous_path)
    if previous is None:
        entry = f"## {first_version} ({today.isoformat()})\n\nFirst publication.\n"
        return Release(first_version, [], f"# Changelog\n\n{entry}", None, today.isoformat())
    changelog_path = previous_dir / "CHANGELOG.md"
    changelog = (
        changelog_path.read_text(encoding="utf-8")
        if changelog_path.exists()
        else f"# Changelog\n\n## {previous['version']}\n\nFirst publication.\n"
    )
    day = previous.get("created", "")[:10] or today.isoformat()
    return Release(previous["version"], numbered_kept(read_table(previous_dir / "changes.csv")), changelog, None, day)


def release(
    previous_path: Path,
    previous_dir: Path,
    new_descriptor: dict,
    new_dir: Path,
    names: list[str],
    first_version: str,
    today: date,
    allow_shrink: bool = False,
) -> Release:
    """The version, changes and changelog of a new publication, given the previous one (if any):
    the one decision of a publish, over the tables' rows and every file's bytes. Raises
    ShrinkError when a table would lose more than SHRINK of its rows, unless allowed."""
    kept = standing(previous_path, previous_dir, first_version, today)
    previous = descriptors.read_descriptor(previous_path)
    if previous is None:
        return kept
    # a table file with the bytes the previous descriptor declares holds the same rows: neither
    # counted nor compared (at a million rows, a republish after one correction reads two tables)
    same = _same_bytes(previous, new_descriptor)
    names = [name for name in names if f"{name}.csv" not in same]
    shrunk = shrinking(previous_dir, new_dir, names)
    if shrunk and not allow_shrink:
        name, (before, after) = next(iter(shrunk.items()))
        lost = inputs_that_lost_rows(previous_dir, new_dir, name)
        raise ShrinkError(
            f"{name}.csv: would lose {before - after} of its {before} rows (more than {SHRINK:.0%})"
            + (f", from {lost}" if lost else "")
            + "; nothing was published: check the sources, or add --allow-shrink if this is meant"
        )
    found = diff(previous, previous_dir, new_descriptor, new_dir, names)
    if found.empty:
        found.rows = rewritten(previous, new_descriptor)
    if found.empty:
        return kept
    version, released = found.bump(previous["version"]), today.isoformat()
    changes = numbered(version, released, found.every_row) + kept.changes
    title, _, entries = kept.changelog.partition("\n## ")
    entry = changelog_entry(version, released, found)
    if shrunk:
        allowed = "; ".join(f"{name} from {before} to {after} rows" for name, (before, after) in shrunk.items())
        entry = entry.replace(
            f"\n{CHANGES_SENTENCE}", f"- Allowed to shrink (--allow-shrink): {allowed}.\n\n{CHANGES_SENTENCE}"
        )
    changelog = f"{title.rstrip()}\n\n{entry}\n## {entries}"
    return Release(version, changes, changelog, previous["version"], released)


def numbered(version: str, released: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A version's changes as rows of `changes`: numbered in the order they are listed."""
    return [{"version": version, "number": str(i), "released": released, **row} for i, row in enumerate(rows, 1)]


def numbered_kept(changes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The changes of earlier versions, each keeping its number; a row published before rows
    were numbered takes its place within its version, in the order the table listed it."""
    seen: dict[str, int] = {}
    kept = []
    for row in changes:
        seen[row["version"]] = seen.get(row["version"], 0) + 1
        kept.append({**row, "number": row.get("number") or str(seen[row["version"]])})
    return kept


def changelog_entry(version: str, released: str, found: Diff) -> str:
    lines = [f"## {version} ({released})", ""]
    if found.schema_changed:
        lines.append(f"- Schema changed: {', '.join(found.schema_changed)} (major version).")
    if found.layout_changed:
        lines.append(f"- Listed differently in datapackage.json: {', '.join(found.layout_changed)} (major version).")
    counts: dict[tuple[str, str], int] = {}
    for row in found.rows:
        counts[(row["resource"], row["change"])] = counts.get((row["resource"], row["change"]), 0) + 1
    words = {  # (one, several)
        "added": ("row added", "rows added"),
        "removed": ("row removed", "rows removed"),
        "changed": ("value changed", "values changed"),
        "rewritten": ("file rewritten, no data change", "files rewritten, no data change"),
    }
    for (resource, change), n in sorted(counts.items()):
        lines.append(f"- {resource}: {n} {words[change][n > 1]}.")
    lines.append("")
    lines.append(CHANGES_SENTENCE)
    return "\n".join(lines) + "\n"


def rewritten(old_descriptor: dict, new_descriptor: dict) -> list[dict[str, str]]:
    """One change per file whose bytes differ while its rows are the same: the file name as
    key, the hashes before and after. Never a silent change of hashes."""
    before = {name: digest for name, (_, digest) in _hashes(old_descriptor).items()}
    rows = [
        _change(resource, name, "rewritten", "", before[name], after)
        for name, (resource, after) in _hashes(new_descriptor).items()
        if before.get(name) and after and before[name] != after
    ]
    return sorted(rows, key=lambda row: row["key"])


def _same_bytes(old_descriptor: dict, new_descriptor: dict) -> set[str]:
    """The files whose hash is the same in both descriptors."""
    before = {name: digest for name, (_, digest) in _hashes(old_descriptor).items()}
    return {name for name, (_, after) in _hashes(new_descriptor).items() if after and before.get(name) == after}


def _hashes(descriptor: dict) -> dict[str, tuple[str, str | None]]:
    """Each file the descriptor lists, by file name: (the resource it belongs to, its hash)."""
    return {
        r["path"].rsplit("/", 1)[-1]: (r["name"].split("-")[0], r.get("hash"))
        for r in descriptors.every_file(descriptor)
    }


def _text(column: str) -> str:
    """A CSV column as the text it reads as: an empty cell is '' (DuckDB reads it as null)."""
    return f"coalesce(\"{column}\", '')"
