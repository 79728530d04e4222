"""Once, for 5.0.0: the schema changes of 2.0.0 to 4.0.0 as rows of `changes`.

Those versions recorded their schema changes in CHANGELOG.md only, as a list of tables. This
reads each released version's datapackage.json from the project's git history, compares each
with the one before as publish now does (versioning.schema_diff), and writes the rows into the
version's place in data/published/changes.csv, before its row changes. It also dates 1.0.0's
CHANGELOG entry with the day of its first commit. It refuses to write when the tables it finds
are not the ones the CHANGELOG entry lists.

Run from the repository's root, on the 4.0.0 publication, before publishing 5.0.0:
    python scripts/backfill_schema_changes.py data/published
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

from pipeline.publish import schema_changes, versioning


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def released_descriptors() -> dict[str, tuple[str, dict]]:
    """Each version's last descriptor in history, by version, with the day it first appeared."""
    found: dict[str, tuple[str, dict]] = {}
    for line in git("log", "--format=%H %ad", "--date=short", "--", "datapackage.json").splitlines():
        commit, day = line.split()  # newest first
        descriptor = json.loads(git("show", f"{commit}:datapackage.json"))
        newest = found.get(descriptor["version"], (day, descriptor))[1]
        found[descriptor["version"]] = (day, newest)
    return found


def main(folder: Path) -> None:
    changelog_path, changes_path = folder / "CHANGELOG.md", folder / "changes.csv"
    changelog = changelog_path.read_text(encoding="utf-8")
    listed = dict(re.findall(r"^## (\d+\.\d+\.\d+) \(.*?\)\n\n- Schema changed: (.*?) \(major", changelog, re.M))
    descriptors = released_descriptors()
    versions = sorted(descriptors, key=lambda v: tuple(int(p) for p in v.split(".")))
    with changes_path.open(encoding="utf-8", newline="") as handle:
        kept = list(csv.DictReader(handle))
    rows = []
    for before, after in zip(versions, versions[1:], strict=False):
        if after not in listed:
            continue
        found = versioning.schema_diff(descriptors[before][1], descriptors[after][1])
        # `changes` was not compared before 5.0.0: its own schema changes were not listed
        others = [name for name in found.schema_changed if name != schema_changes.CHANGES]
        if ", ".join(others) != listed[after]:
            sys.exit(f"{after}: the history changes {others}, the CHANGELOG lists {listed[after]}")
        if schema_changes.CHANGES in found.schema_changed:
            changelog = changelog.replace(
                f"- Schema changed: {listed[after]} (major",
                f"- Schema changed: {', '.join(found.schema_changed)} (major",
            )
        released = re.search(rf"^## {re.escape(after)} \((.*?)\)", changelog, re.M).group(1)
        schema_rows = versioning.numbered(after, released, found.schema_rows + found.layout_rows)
        own = [row for row in kept if row["version"] == after]
        rows += schema_rows + [{**row, "number": str(len(schema_rows) + i)} for i, row in enumerate(own, 1)]
        print(f"{after}: {len(schema_rows)} schema and listing changes, before {len(own)} row changes")
    rows += [row for row in kept if row["version"] not in {row["version"] for row in rows}]
    fields = list(schema_changes.change("", "", "").keys())
    with changes_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["version", "number", "released", *fields], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    first_day = descriptors[versions[0]][0]
    changelog = re.sub(rf"^## {re.escape(versions[0])}$", f"## {versions[0]} ({first_day})", changelog, flags=re.M)
    changelog_path.write_text(changelog.replace(OLD_SENTENCE, versioning.CHANGES_SENTENCE), encoding="utf-8")


OLD_SENTENCE = "Every changed value is a row of the `changes` resource."

if __name__ == "__main__":
    main(Path(sys.argv[1]))
