"""The judge of a staged package: is it valid, before it replaces the publication?

frictionless judges the descriptor (metadata, schemas, keys); every row of every CSV table is
checked against its Table Schema by table_checks (the same errors as frictionless, in SQL, see
tests/test_table_checks.py); each JSON copy must hold its CSV's rows.

Why a judge that can start early: the core tables' files are written first and never again,
and their checks are DuckDB's work, which runs without holding Python's lock. Started as soon
as each table's files are written (`ahead`), the checks of its rows, and the comparison of its
JSON copy with its CSV file, run on two threads of their own while publish writes the
documents, which are Python's work: the machine's second core does the one while the first
does the other. `validate` then takes the early verdict for every file it covers, as the
staged descriptor describes it, and checks the rest, while the threads may still check rows: on
the real package, their lane (the files, then their checks) is the longer one, and a second
thread takes up the core the documents leave when they are done.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline import table_checks
from pipeline.errors import PipelineError
from pipeline.table_loading import Problem


@dataclass(frozen=True)
class Staged:
    """A CSV table of the staged package: its Table Schema, its file and its JSON copy (if
    any), and the hash of each (as the descriptor gives them: "sha256:...")."""

    schema: dict
    csv: Path
    copy: Path | None
    hashes: tuple[str | None, str | None]

    def same_as(self, other: Staged) -> bool:
        """The same schema and the same bytes at the same places: a verdict on one holds for the other."""
        places = [(a and a.resolve(), b and b.resolve()) for a, b in ((self.csv, other.csv), (self.copy, other.copy))]
        return self.schema == other.schema and self.hashes == other.hashes and all(a == b for a, b in places)


class ValidationError(PipelineError):
    """The package that would be published is not valid; nothing was replaced."""


class Judge:
    """Used as a context manager: its thread is joined however the publication ends."""

    def __init__(self) -> None:
        # two threads: a table's check is mostly DuckDB's work, which holds no Python lock, and
        # each waits its turn for a core behind the tables' files and the documents
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="table-checks")
        self._early: dict[str, Staged] = {}
        self._verdicts: list[Future] = []  # each table's (problems of rows and keys, copy's problem)
        self._taking = threading.Lock()
        self._checks: table_checks.Checks | None = None  # made and used on the judge's threads

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._checks is not None:  # the thread has ended: nothing uses its database now
            self._checks.close()

    def ahead(self, name: str, table: Staged) -> None:
        """Start checking this table's rows on the judge's threads, in the order given (a foreign
        key is checked once both its tables are in); a table is taken once. A file
        written again after this keeps no verdict: validate finds its hash changed and checks it
        then."""
        with self._taking:  # tables come from two threads: the tables' files and the documents'
            if name not in self._early:
                self._early[name] = table
                self._verdicts.append(self._pool.submit(self._check, name, table))

    def _check(self, name: str, table: Staged) -> tuple[list[Problem], str | None]:
        """On a judge's thread: the problems of the table's rows, of the keys it completes, and
        of its JSON copy."""
        with self._taking:
            if self._checks is None:
                self._checks = table_checks.Checks()
        return self._checks.add(name, table.schema, table.csv), copy_problem(name, table)

    def validate(self, descriptor_path: Path) -> None:
        """Judge the staged package; raise with the first problems if it is not valid."""
        from frictionless import Package  # imported when a package is judged, not by every command

        problems = [error.message for error in Package.validate_descriptor(str(descriptor_path)).errors]
        resources = json.loads(descriptor_path.read_text(encoding="utf-8"))["resources"]
        problems += self._problems(staged_tables(descriptor_path.parent, resources))
        if problems:
            shown = " | ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
            raise ValidationError(f"{descriptor_path.name}: package is not valid, nothing was published: {shown}")

    def _problems(self, tables: dict[str, Staged]) -> list[str]:
        """The rows' problems by table, then the copies', as one check of every table lists them.
        Tables the judge's threads have checked, rows and copy, are not checked again; the rest
        are checked here, while those threads may still run."""
        early = self._early
        covered = {name for name, table in tables.items() if name in early and early[name].same_as(table)}
        rest = {name: table for name, table in tables.items() if name not in covered}
        # a foreign key between a table checked early and one left to check, either way: its
        # early verdict read the other table's old bytes, or none; check them all together
        links = [
            (name, key["reference"]["resource"] or name)
            for name, table in tables.items()
            for key in table.schema.get("foreignKeys", [])
        ]
        if any((own in covered) != (reached in covered) for own, reached in links):
            covered, rest = set(), tables
        found = row_problems(rest) if rest else []
        copies = {name: copy_problem(name, table) if name in rest else None for name, table in tables.items()}
        for name, verdict in zip(self._early, self._verdicts, strict=True):
            # waited for even when unused: the thread reads the draft
            rows, copy = verdict.result()
            found += [problem for problem in rows if problem.resource in covered]
            if name in covered:
                copies[name] = copy
        return [str(problem) for problem in sorted(found, key=Problem.order)] + [c for c in copies.values() if c]


def warm() -> None:
    """Load what publishing first loads: the writers of the documents, and what frictionless
    loads the first time it judges a descriptor (its plugins, JSON Schema's validators), by
    judging a small descriptor of the package's kinds. Never raises: whatever fails here,
    publish meets again and reports."""
    try:
        from frictionless import Package

        from pipeline.documents import plan_json, workbook  # noqa: F401
        from pipeline.package import descriptors

        Package.validate_descriptor(_warm_descriptor(descriptors))
    except Exception:  # noqa: BLE001, S110
        pass


def _warm_descriptor(descriptors) -> dict:
    """A package of one table, whose schema has a field of each type and set of constraints
    the package's schemas use, a key and a foreign key, and one file of each format published
    besides CSV: frictionless loads a part of itself the first time it meets each. A table
    alone left 0.08 s of that first time to the real descriptor, at the end of publish."""
    kinds: dict[tuple, dict] = {}
    for name in descriptors.RESOURCES:
        for field in descriptors.schema(name)["fields"]:
            kinds.setdefault((field["type"], *sorted(field.get("constraints", {}))), field)
    fields = [{**field, "name": f"f{i}"} for i, field in enumerate(kinds.values())]
    key = {"fields": ["f0"], "reference": {"resource": "", "fields": ["f0"]}}
    table = {"name": "t", "type": "table", "path": "t.csv", "format": "csv", "mediatype": "text/csv"}
    table["schema"] = {"fields": fields, "primaryKey": ["f0"], "foreignKeys": [key]}
    files = [
        {"name": f"f-{kind}", "path": f"f.{kind}", "format": kind, "mediatype": descriptors.MEDIATYPES[kind]}
        for kind in ("json", "md", "svg")
    ]
    return {"name": "warm", "$schema": descriptors.PROFILE, "resources": [table, *files]}


def staged_tables(folder: Path, resources: list[dict]) -> dict[str, Staged]:
    """The CSV tables of a descriptor's resources, each with its JSON copy where it has one."""
    copies = {r["name"].removesuffix("-json"): r for r in resources if r["name"].endswith("-json")}
    return {
        r["name"]: Staged(
            r["schema"],
            folder / r["path"],
            folder / copies[r["name"]]["path"] if r["name"] in copies else None,
            (r.get("hash"), copies[r["name"]].get("hash") if r["name"] in copies else None),
        )
        for r in resources
        if r.get("type") == "table"
    }


def row_problems(tables: dict[str, Staged]) -> list[Problem]:
    """Every problem of the tables' rows against their schemas."""
    return table_checks.check_package({name: (table.schema, table.csv) for name, table in tables.items()}, workers=2)


def copy_problem(name: str, table: Staged) -> str | None:
    """The problem of a table's JSON copy, if it does not hold the CSV's rows."""
    fields = [field["name"] for field in table.schema["fields"]]
    if table.copy is not None and table_checks.same_rows(table.csv, table.copy, fields):
        return f"{name}-json: does not hold the rows of {name}.csv"
    return None
