"""The judge of a staged package: is it valid, before it replaces the publication?

frictionless judges the descriptor (metadata, schemas, keys); every row of every CSV table is
checked against its Table Schema by table_checks (the same errors as frictionless, in SQL, see
tests/test_table_checks.py); each JSON copy must hold its CSV's rows.

Why a judge that can start early: the core tables' files are written first and never again,
and their checks are DuckDB's work, which runs without holding Python's lock. Started as soon
as those files are written (`ahead`), the checks of their rows and of their JSON copies run on
a thread of their own while publish writes the documents, which are Python's work: the
machine's second core does the one while the first does the other. `validate` then takes the
early verdict for every file it covers, as the staged descriptor describes it, and checks the
rest, while the thread may still run.
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline import database, table_checks
from pipeline.errors import PipelineError


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
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="table-checks")
        self._early: tuple[dict[str, Staged], Future] | None = None

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def ahead(self, tables: dict[str, Staged]) -> None:
        """Start checking these files' rows on the judge's thread, the first time only. A file
        written again after this keeps no verdict: validate finds its hash changed and checks it
        then."""
        if self._early is None:
            self._early = (tables, self._pool.submit(_judged, tables))

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
        What the judge's thread has checked (rows and copies alike) is not checked again; the
        rest is checked here, while that thread may still run."""
        early, future = self._early or ({}, None)
        covered = {name for name, table in tables.items() if name in early and early[name].same_as(table)}
        rest = {name: table for name, table in tables.items() if name not in covered}
        # a table left to check whose foreign key reaches a table checked early: check them together
        keys = [key for table in rest.values() for key in table.schema.get("foreignKeys", [])]
        if {key["reference"]["resource"] for key in keys} & covered:
            covered, rest = set(), tables
        copies = copy_problems(rest)
        found = row_problems(rest) if rest else []
        if future is not None:
            early_rows, early_copies = future.result()  # waited for even when unused: the thread reads the draft
            found = [problem for problem in early_rows if problem[0] in covered] + found
            copies = [problem for problem in early_copies if problem[0] in covered] + copies
        order = list(tables)
        return [message for _, message in sorted(found, key=lambda problem: problem[0])] + [
            message for _, message in sorted(copies, key=lambda problem: order.index(problem[0]))
        ]


def warm() -> None:
    """Load what publishing first loads: the writers of the documents, and what frictionless
    loads the first time it judges a descriptor (its plugins, JSON Schema's validators), by
    judging a descriptor of one table. Never raises: whatever fails here, publish meets again
    and reports."""
    try:
        from frictionless import Package

        from pipeline.documents import plan_json, workbook  # noqa: F401

        Package.validate_descriptor({"name": "warm", "resources": [{"name": "t", "path": "t.csv"}]})
    except Exception:  # noqa: BLE001, S110
        pass


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


def row_problems(tables: dict[str, Staged]) -> list[tuple[str, str]]:
    """Every problem of the tables' rows against their schemas, as (the table, the problem)."""
    checked = table_checks.check_package({name: (table.schema, table.csv) for name, table in tables.items()})
    return [(problem.resource, str(problem)) for problem in checked]


def _judged(tables: dict[str, Staged]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The judge's early pass: the rows' problems, then the copies'."""
    return row_problems(tables), copy_problems(tables)


def copy_problems(tables: dict[str, Staged]) -> list[tuple[str, str]]:
    """Each JSON copy that does not hold its CSV's rows, as (the table, the problem)."""
    found = []
    if not any(table.copy is not None for table in tables.values()):
        return found
    with database.connect() as con:
        for name, table in tables.items():
            fields = [field["name"] for field in table.schema["fields"]]
            if table.copy is not None and table_checks.same_rows(table.csv, table.copy, fields, con):
                found.append((name, f"{name}-json: does not hold the rows of {name}.csv"))
    return found
