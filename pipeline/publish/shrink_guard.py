"""The guard against a publication that loses rows: a cut file or a broken source looks like a
table that shrinks, so such a publication is stopped, naming the input files whose rows went
missing, unless allowed (--allow-shrink)."""

from __future__ import annotations

from pathlib import Path

from pipeline import database
from pipeline.errors import PipelineError
from pipeline.package import descriptors
from pipeline.publish import table_files

# A new publication that loses more than this share of a table's rows, or all of them, is
# stopped unless allowed (--allow-shrink): a cut file or a broken source looks like this.
SHRINK = 0.10


class ShrinkError(PipelineError):
    """The new publication would lose too many rows; nothing was published."""


def shrinking(old_dir: Path, new_dir: Path, names: list[str]) -> dict[str, tuple[int, int]]:
    """The tables that would lose more than SHRINK of their rows, or all of them: (before, after)."""
    found = {}
    with database.shared() as con:
        for name in names:
            before, after = _count(con, old_dir / f"{name}.csv"), _count(con, new_dir / f"{name}.csv")
            if before and (after == 0 or (before - after) / before > SHRINK):
                found[name] = (before, after)
    return found


def inputs_that_lost_rows(old_dir: Path, new_dir: Path, name: str) -> str:
    """The input files whose rows a shrinking table lost, and how many, as its rows cite them
    (`source_file`); empty for a table that cites none."""
    if "source_file" not in descriptors.field_names(name):
        return ""

    def per_file(con, path: Path) -> dict[str, int]:
        return dict(
            database.reading_csv(
                lambda parallel: con.execute(
                    f"select coalesce(source_file, ''), count(*) from read_csv({table_files.literal(path)}, "
                    f"{database.CSV_DIALECT}, all_varchar = true, parallel = {str(parallel).lower()}) group by all"
                ).fetchall()
            )
        )

    with database.shared() as con:
        before, after = per_file(con, old_dir / f"{name}.csv"), per_file(con, new_dir / f"{name}.csv")
    lost = sorted((f, n - after.get(f, 0)) for f, n in before.items() if n > after.get(f, 0))
    return ", ".join(f"{f or '(no file)'} {n} row{'s' if n > 1 else ''}" for f, n in lost)


def _count(con, path: Path) -> int:
    """The rows of a published CSV, counted by DuckDB (a million rows in a fraction of a second)."""
    if not path.exists():
        return 0
    return database.reading_csv(
        lambda parallel: con.execute(
            f"select count(*) from read_csv({table_files.literal(path)}, {database.CSV_DIALECT}, "
            f"all_varchar = true, parallel = {str(parallel).lower()})"
        ).fetchone()[0]
    )
