"""How one publication's schemas and listing of files differ from the previous one's, as rows of
the `changes` resource: a field added, removed or changed, keys changed, a table added or
removed, a file listed otherwise. Titles and descriptions are documentation: rewording them is
not a schema change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pipeline.package import descriptors

CHANGES = "changes"


@dataclass
class Found:
    schema_changed: list[str] = field(default_factory=list)  # tables whose schema changed, added or removed
    schema_rows: list[dict[str, str]] = field(default_factory=list)
    layout_changed: list[str] = field(default_factory=list)  # files listed otherwise
    layout_rows: list[dict[str, str]] = field(default_factory=list)


def compare(old_descriptor: dict, new_descriptor: dict) -> Found:
    """How the tables' schemas and the descriptor's listing changed, one row per change."""
    result = Found()
    old_schemas, new_schemas = structures(old_descriptor), structures(new_descriptor)
    if CHANGES in old_schemas:  # the draft lists `changes` once it is written: its schema is the package's
        new_schemas[CHANGES] = _structure(descriptors.schema(CHANGES))
    for name in sorted(set(old_schemas) | set(new_schemas)):
        rows = _schema_rows(name, old_schemas.get(name), new_schemas.get(name))
        if rows:
            result.schema_changed.append(name)
            result.schema_rows += rows
    old_layout, new_layout = _layout(old_descriptor), _layout(new_descriptor)
    # files in both (tables added or removed are schema changes; documents are listed later)
    both = old_layout.keys() & new_layout.keys()
    result.layout_changed = sorted(f for f in both if old_layout[f] != new_layout[f])
    result.layout_rows = [
        change(old_layout[f][1].split("-")[0], f, "relisted", "", _listing(old_layout[f]), _listing(new_layout[f]))
        for f in result.layout_changed
    ]
    return result


def _schema_rows(name: str, before: dict | None, after: dict | None) -> list[dict[str, str]]:
    if before == after:
        return []
    if before is None:
        return [change(name, "", "resource_added")]
    if after is None:
        return [change(name, "", "resource_removed")]
    old_fields = {f: _field_text(t, c) for f, t, c in before["fields"]}
    new_fields = {f: _field_text(t, c) for f, t, c in after["fields"]}
    rows = [change(name, "", "field_added", f, "", new_fields[f]) for f in new_fields if f not in old_fields]
    rows += [change(name, "", "field_removed", f, old_fields[f], "") for f in old_fields if f not in new_fields]
    rows += [
        change(name, "", "field_changed", f, old_fields[f], new_fields[f])
        for f in new_fields
        if f in old_fields and old_fields[f] != new_fields[f]
    ]
    kept_old = [f for f in old_fields if f in new_fields]
    kept_new = [f for f in new_fields if f in old_fields]
    if kept_old != kept_new:
        rows.append(change(name, "", "fields_reordered", "", ", ".join(kept_old), ", ".join(kept_new)))
    if before["primaryKey"] != after["primaryKey"]:
        old_key, new_key = (", ".join(k or []) for k in (before["primaryKey"], after["primaryKey"]))
        rows.append(change(name, "", "primary_key_changed", "", old_key, new_key))
    if before["foreignKeys"] != after["foreignKeys"]:
        old_fk, new_fk = (_compact(k) for k in (before["foreignKeys"], after["foreignKeys"]))
        rows.append(change(name, "", "foreign_keys_changed", "", old_fk, new_fk))
    return rows


def _field_text(type_: str | None, constraints: str) -> str:
    """A field's structure as one cell: its type, then its constraints when it has any."""
    return f"{type_} {constraints}" if constraints != "{}" else str(type_)


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _listing(entry: tuple) -> str:
    """Where a descriptor lists a file: its list, its name and its type."""
    listed, name, type_ = entry
    return f"{listed}: {name}" + (f" ({type_})" if type_ else "")


def structures(descriptor: dict | None) -> dict[str, dict]:
    """Each table's structure, `changes` included, by name."""
    if not descriptor:
        return {}
    return {r["name"]: _structure(r["schema"]) for r in descriptor.get("resources", []) if r.get("format") == "csv"}


def _structure(schema: dict) -> dict:
    """A table's structure: field names, types and constraints, and its keys. Titles and
    descriptions are documentation: rewording them is not a schema change."""
    return {
        "fields": [
            (f["name"], f.get("type"), json.dumps(f.get("constraints", {}), sort_keys=True)) for f in schema["fields"]
        ],
        "primaryKey": schema.get("primaryKey"),
        "foreignKeys": schema.get("foreignKeys", []),
    }


def _layout(descriptor: dict | None) -> dict[str, tuple]:
    """Where a descriptor lists each file: file name -> (list, entry name, type)."""
    if not descriptor:
        return {}
    return {
        entry["path"].rsplit("/", 1)[-1]: (listed, entry["name"], entry.get("type"))
        for listed in ("resources", "files")
        for entry in descriptor.get(listed, [])
    }


def change(resource: str, key: str, change: str, column: str = "", old: str = "", new: str = "") -> dict[str, str]:
    return {"resource": resource, "key": key, "change": change, "field": column, "old_value": old, "new_value": new}
