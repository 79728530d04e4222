"""Stage 3, publish: write the package from the core tables, validate it, then swap it in.

Reads: the core tables of build/pipeline.duckdb and the schemas in pipeline/schemas.
Writes: data/published/<resource>.csv, .json and .parquet (by DuckDB, see table_files),
the workbook, plan.json, the changelog and data dictionary, and datapackage.json. The new package is written to a
draft folder and validated there (see validate); only a valid package replaces the
previous publication, so a failed or killed run leaves it as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.documents import citation, dictionary, plan_html
from pipeline.errors import PipelineError
from pipeline.package import archive, cited_sources, descriptors, swap
from pipeline.publish import table_files, versioning
from pipeline.publish.judge import Judge, Staged, ValidationError


def run(
    db_path: Path,
    published_dir: Path,
    datapackage_path: Path,
    today: dt.date | None = None,
    allow_shrink: bool = False,
    dataset_page: str | None = None,
) -> dict[str, int]:
    """Publish every resource; returns the rows written per resource.

    When the new package differs from the previous one, its version is bumped, the changes
    are recorded (`changes`, CHANGELOG.md, dated `today`) and the previous version is copied
    to the archive folder beside data/published before it is replaced.
    """
    published_dir, datapackage_path = published_dir.resolve(), datapackage_path.resolve()
    relative_dir = os.path.relpath(published_dir, datapackage_path.parent)
    if relative_dir.startswith(".."):
        raise PipelineError(f"{published_dir.name}: the published folder must sit below the descriptor's folder")
    for folder in (published_dir, published_dir.parent, datapackage_path.parent):
        # root writes through permissions, but not on a read-only file system: ask the system
        if folder.exists() and not os.access(folder, os.W_OK):
            raise PipelineError(f"{folder.name}: read-only, the publication cannot be replaced; nothing was published")
    swap.recover(published_dir, datapackage_path)
    draft_root = swap.draft_of(datapackage_path)
    shutil.rmtree(draft_root, ignore_errors=True)
    draft_dir = draft_root / relative_dir
    draft_dir.mkdir(parents=True)
    draft_descriptor = draft_root / "datapackage.json"
    try:
        with Judge() as judge:
            counts, replaced = write_draft(
                db_path,
                draft_dir,
                draft_descriptor,
                relative_dir,
                published_dir,
                datapackage_path,
                today or dt.datetime.now(dt.UTC).date(),
                allow_shrink,
                dataset_page,
                judge,
            )
            nested = nested_problem(draft_dir)  # Python's work, while the judge's thread may still check
            judge.validate(draft_descriptor)  # the tables' problems first: they name the table and row
            if nested:
                raise ValidationError(nested)
        if replaced:
            archive.keep(published_dir, datapackage_path, replaced)
        swap.swap(draft_dir, draft_descriptor, published_dir, datapackage_path)
        # how to cite, beside the root descriptor (where citation tools look), once it is in place
        os.replace(draft_descriptor.with_name("CITATION.cff"), datapackage_path.with_name("CITATION.cff"))
    finally:
        shutil.rmtree(draft_root, ignore_errors=True)
    return counts


def write_draft(
    db_path: Path,
    draft_dir: Path,
    descriptor_path: Path,
    relative_dir: str,
    published_dir: Path,
    datapackage_path: Path,
    today: dt.date,
    allow_shrink: bool = False,
    dataset_page: str | None = None,
    judge: Judge | None = None,
) -> tuple[dict[str, int], str | None]:
    """Write every resource, the changes and the descriptor into the draft folder.

    Returns the rows per resource, and the previous version when this one replaces it. When
    the documents are written, the tables' files are written and checked (by `judge`) beside
    them.
    """
    if not db_path.exists():
        raise PipelineError(f"{db_path.name}: missing database: run the normalise stage first")
    counts, files = {}, {}
    with table_files.connect(db_path) as con, ThreadPoolExecutor(1, thread_name_prefix="table-files") as beside:
        plans = [
            dict(zip(descriptors.field_names("plans"), row, strict=True))
            for row in con.execute(table_files.ordered("plans", "db.core.plans")).fetchall()
        ]
        if not plans:
            raise PipelineError("core.plans: no plan to publish")
        rows = table_files.core_rows(con)
        beside_documents = table_files.cells(rows) <= descriptors.DOCUMENT_CELLS

        def check(name: str, written: dict) -> None:
            judge.ahead(name, staged(draft_dir, name, written))

        # The tables' files are DuckDB's work: written on a thread of their own, each checked on
        # the judge's as soon as it is written, while this one writes the documents. Not at a
        # size without documents: there the checks would run beside the versions' comparison, and
        # the files beside other queries, each holding as much memory as DuckDB's limit allows:
        # in turn, as before
        each = check if judge is not None and beside_documents else None
        tables = beside.submit(table_files.write_all, table_files.cursor(con), draft_dir, each)
        if not beside_documents:
            tables.result()
        cited = cited_sources.cited(con, {name: descriptors.field_names(name) for name in descriptors.RESOURCES})
        text_sources = {
            v for (v,) in con.execute("select distinct title_fr_source from db.core.commitments").fetchall()
        }
        titled = cited_sources.report_titles(con)

        def describe(version: str | None = None, day: str | None = None) -> dict:
            """The descriptor of the files written so far (`files` grows as they are), of the
            version released on `day`."""
            return descriptors.descriptor(
                files, relative_dir, plans, cited, version, text_sources, titled, day, dataset_page
            )

        first = descriptors.metadata()["version"]

        def stamp(release: versioning.Release) -> None:
            """The files that carry the version: the changes, the changelog and the documents."""
            write_release(con, draft_dir, release, files, counts)
            if each is not None:  # a new version's changes, written again, are judged again
                each(descriptors.CHANGES, files)
            if table_files.cells({**rows, **counts}) <= descriptors.DOCUMENT_CELLS:
                # the descriptor's metadata only: the tables' entries may not be written yet
                write_documents(
                    con, draft_dir, files, about(describe(release.version, release.released), release.released)
                )

        # the documents as the standing version would have them, then the one decision over
        # the rows and every file's bytes; a new version re-stamps what carries it
        stamp(versioning.standing(datapackage_path, published_dir, first, today))
        written_files, written_counts = tables.result()
        files.update(written_files)
        counts = {**written_counts, **counts}  # the tables in their order, the changes last
        release = versioning.release(
            datapackage_path,
            published_dir,
            describe(),
            draft_dir,
            list(descriptors.RESOURCES),
            first,
            today,
            allow_shrink,
        )
        if release.replaced is not None:
            stamp(release)
    day = release.released
    descriptor = describe(release.version, day)
    write_text(
        draft_dir / "README.md", dictionary.render(descriptor, citation.sentence(descriptor, day), bool(dataset_page))
    )
    write_text(descriptor_path.with_name("CITATION.cff"), citation.cff(descriptor, day))
    descriptor["resources"].append(
        descriptors.file_resource(
            "readme",
            "README.md",
            "Dictionnaire des données / Data dictionary",
            relative_dir,
            table_files.integrity(draft_dir / "README.md"),
        )
    )
    write_text(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    # The published folder is a package of its own, paths relative to it: copied or unzipped
    # anywhere, it still validates. It is swapped in with its folder, so both descriptors agree.
    write_text(
        draft_dir / "datapackage.json",
        json.dumps(descriptors.relocated(descriptor, "."), indent=2, ensure_ascii=False) + "\n",
    )
    return counts, release.replaced


def staged(draft_dir: Path, name: str, files: dict) -> Staged:
    """A table as the descriptor will give it: its schema, its CSV file and its JSON copy."""
    schema = {k: v for k, v in descriptors.schema(name).items() if k not in ("title", "description")}
    hashes = (files[(name, "csv")]["hash"], files[(name, "json")]["hash"])
    return Staged(schema, draft_dir / f"{name}.csv", draft_dir / f"{name}.json", hashes)


def write_release(con, draft_dir: Path, release: versioning.Release, files: dict, counts: dict) -> None:
    """The changes table and CHANGELOG.md of a release."""
    load_changes(con, release.changes)
    table_files.record(con, draft_dir, descriptors.CHANGES, descriptors.CHANGES, files, counts)
    write_text(draft_dir / "CHANGELOG.md", release.changelog)
    files["CHANGELOG.md"] = table_files.integrity(draft_dir / "CHANGELOG.md")


def load_changes(con, changes: list[dict[str, str]]) -> None:
    """The changes kept by versioning, as a table publish can write like the others."""
    fields = descriptors.field_names(descriptors.CHANGES)
    con.execute(
        f"create or replace temp table {descriptors.CHANGES} (" + ", ".join(f'"{f}" varchar' for f in fields) + ")"
    )
    if changes:
        # one statement, a list per column unnested side by side: DuckDB's executemany runs
        # an insert per row, most of a run's publish time once the changes number hundreds
        con.execute(
            f"insert into {descriptors.CHANGES} select {', '.join('unnest(?)' for _ in fields)}",
            [[row.get(f) or None for row in changes] for f in fields],
        )


def about(descriptor: dict, day: str) -> dict:
    """What the workbook says of the package: its title, version, licence, publisher, sources
    and citation (as released on `day`), all from the package's own metadata."""
    licence = descriptor["licenses"][0]
    cite = citation.sentence(descriptor, day)
    return {
        "title": descriptor["title"],
        "version": descriptor["version"],
        "license": f"{licence['title']} ({licence['name']})",
        "publisher": descriptor["contributors"][0]["title"],
        "citation": cite,
        "sources": descriptor["sources"],  # each {title, path}, as the package lists them
        "created": descriptor["created"],
    }


def write_documents(con, draft_dir: Path, files: dict, about_: dict) -> None:
    """The workbook, plan.json validated against its JSON Schema, the charts and plan.html."""
    # the workbook writer and the JSON Schema validators are imported by the one step that needs them:
    # a refresh that finds nothing new, or --help, does not pay for them
    from pipeline.documents import plan_json as nested
    from pipeline.documents import workbook

    relations = {name: f"db.core.{name}" for name in descriptors.RESOURCES} | {descriptors.CHANGES: descriptors.CHANGES}
    order = ["commitments_overview"] + [name for name in descriptors.PUBLISHED if name != "commitments_overview"]
    # each table read once, in its published order, for the workbook and plan.json alike
    tables = {name: con.execute(table_files.ordered(name, relations[name])).fetchall() for name in order}
    schemas = {name: descriptors.schema(name) for name in order}
    # XlsxWriter's sheets hold their cells in reference cycles, which only Python's cyclic
    # collector frees, and a command runs with it off (pipeline/__main__.py): they are freed
    # here, by a collection that walks only what the workbook made (gc.freeze sets the rest aside)
    gc.freeze()
    try:
        workbook.write(
            draft_dir / "plan.xlsx", [(name, schemas[name]["fields"], tables[name]) for name in order], about_
        )
        gc.collect()
    finally:
        gc.unfreeze()
    document = nested.document({name: (schemas[name]["fields"], tables[name]) for name in descriptors.RESOURCES})
    json_schema = nested.json_schema({name: schemas[name] for name in descriptors.RESOURCES})
    write_text(draft_dir / "plan.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(draft_dir / "plan.schema.json", json.dumps(json_schema, indent=2, ensure_ascii=False) + "\n")
    drawn = plan_html.figures(con, about_)
    for filename, svg in drawn.items():
        write_text(draft_dir / filename, svg)
    write_text(draft_dir / "plan.html", plan_html.page(con, about_, drawn))
    for filename in ("plan.xlsx", "plan.json", "plan.schema.json", "plan.html", *drawn):
        files[filename] = table_files.integrity(draft_dir / filename)


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def nested_problem(draft_dir: Path) -> str | None:
    """What is wrong with plan.json against plan.schema.json (when the package is small enough
    to hold one), in one line; None when nothing is."""
    if not (draft_dir / "plan.json").exists():
        return None
    from pipeline.documents import plan_json as nested

    document = json.loads((draft_dir / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((draft_dir / "plan.schema.json").read_text(encoding="utf-8"))
    problems = nested.validate(document, schema)
    return f"plan.json: does not match plan.schema.json, nothing was published: {problems[0]}" if problems else None
