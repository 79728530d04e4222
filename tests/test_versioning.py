import csv
import datetime as dt
import hashlib
import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import IRM_FOR_BASE, OGP_LAYER_FOR_BASE, SELF_ASSESSMENT_FOR_BASE
from pipeline import database, extract, normalise, publish
from pipeline.package import descriptors
from pipeline.publish import versioning

DAY = dt.date(2026, 11, 23)


def republish(built, plan_root, day=DAY):
    """Run every stage again, from `plan_root`, over the publication in `built`."""
    extract.run(
        plan_root, built["extracted"], [IRM_FOR_BASE], [SELF_ASSESSMENT_FOR_BASE], ogp_layer_dir=OGP_LAYER_FOR_BASE
    )
    normalise.run(built["extracted"], built["db"])
    publish.run(built["db"], built["published"], built["datapackage"], today=day)
    return json.loads(built["datapackage"].read_text(encoding="utf-8"))


def changes(built):
    return versioning.read_table(built["published"] / "changes.csv")


def test_first_publication_is_the_base_version_with_no_changes(built):
    descriptor = json.loads(built["datapackage"].read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.0.0"
    assert changes(built) == []
    released = descriptor["created"][:10]  # the descriptor of a version is created the day it is released
    assert (built["published"] / "CHANGELOG.md").read_text(
        encoding="utf-8"
    ) == f"# Changelog\n\n## 1.0.0 ({released})\n\nFirst publication.\n"


def test_same_inputs_make_no_new_version(built):
    assert republish(built, built["action_plan"])["version"] == "1.0.0"
    assert not (built["published"].parent / "archive").exists()


def test_changed_value_is_a_patch_with_a_change_row_per_value(built, plan_copy):
    page = plan_copy / "en" / "accountability" / "commitment-2.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Open the procurement data", "Open all procurement data"),
        encoding="utf-8",
    )
    descriptor = republish(built, plan_copy)
    assert descriptor["version"] == "1.0.1"
    assert [
        (c["version"], c["released"], c["resource"], c["key"], c["change"], c["field"], c["old_value"], c["new_value"])
        for c in changes(built)
    ] == [
        (
            "1.0.1",
            "2026-11-23",
            "commitments",
            "AP_TST01-2",
            "changed",
            "title_en",
            "Open the procurement data",
            "Open all procurement data",
        ),
        (
            "1.0.1",
            "2026-11-23",
            "commitments_overview",
            "AP_TST01-2",
            "changed",
            "title_en",
            "Open the procurement data",
            "Open all procurement data",
        ),
    ]
    changelog = (built["published"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n\n## 1.0.1 (2026-11-23)\n\n- commitments: 1 value changed.\n")
    assert re.search(r"\n## 1\.0\.0 \(\d{4}-\d{2}-\d{2}\)\n\nFirst publication\.\n\Z", changelog)
    assert descriptor["created"] == "2026-11-23T00:00:00Z"  # the day 1.0.1 was released
    archived = built["published"].parent / "archive" / "1.0.0"
    assert json.loads((archived / "datapackage.json").read_text(encoding="utf-8"))["version"] == "1.0.0"
    assert "Open the procurement data" in (archived / "published" / "commitments.csv").read_text(encoding="utf-8")


def test_added_rows_are_a_minor_version_and_changes_accumulate(built, plan_copy):
    pages = {
        "en": plan_copy / "en" / "accountability" / "commitment-2.md",
        "fr": plan_copy / "fr" / "rendre-des-comptes" / "engagement-2.md",
    }
    items = {"en": "- Publish the contracts by 2016\n", "fr": "- Publier les contrats d'ici 2016\n"}
    for lang, page in pages.items():
        page.write_text(page.read_text(encoding="utf-8") + items[lang], encoding="utf-8")
    assert republish(built, plan_copy)["version"] == "1.1.0"
    for page in pages.values():
        page.write_text(page.read_text(encoding="utf-8").replace("2016", "2017"), encoding="utf-8")
    assert republish(built, plan_copy, DAY + dt.timedelta(days=1))["version"] == "1.1.1"
    assert [(c["version"], c["resource"], c["key"], c["change"], c["field"]) for c in changes(built)] == [
        ("1.1.0", "commitment_sections", "AP_TST01-2|en|2", "changed", "text"),
        ("1.1.0", "commitment_sections", "AP_TST01-2|fr|2", "changed", "text"),
        ("1.1.0", "commitments_overview", "AP_TST01-2", "changed", "milestone_count"),
        ("1.1.0", "milestones", "AP_TST01-2-M2-en", "added", ""),
        ("1.1.0", "milestones", "AP_TST01-2-M2-fr", "added", ""),
        ("1.1.1", "commitment_sections", "AP_TST01-2|en|2", "changed", "text"),
        ("1.1.1", "commitment_sections", "AP_TST01-2|fr|2", "changed", "text"),
        *[
            ("1.1.1", "milestones", f"AP_TST01-2-M2-{lang}", "changed", field)
            for lang in ("en", "fr")
            for field in descriptors.field_names("milestones")  # in the order of the schema's fields
            if field in ("due", "due_as_written", "text")
        ],
    ]
    assert [c["number"] for c in changes(built)] == [str(n) for n in (*range(1, 6), *range(1, 9))]
    assert sorted(p.name for p in (built["published"].parent / "archive").iterdir()) == ["1.0.0", "1.1.0"]


def as_if_published_with(built, edit) -> None:
    """Both descriptors of the publication edited alike: a root alone that differs from the
    folder's own would be rewritten from it by the next reader."""
    for path in (built["datapackage"], built["published"] / "datapackage.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(descriptor)
        path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_schema_change_is_a_major_version(built):
    def older_type(descriptor):  # as if the previous schema differed
        descriptor["resources"][0]["schema"]["fields"][0]["type"] = "integer"

    as_if_published_with(built, older_type)
    assert republish(built, built["action_plan"])["version"] == "2.0.0"


def test_reworded_description_is_not_a_schema_change(built):
    def older_wording(descriptor):
        descriptor["resources"][0]["schema"]["fields"][0]["description"] = "Older wording"

    as_if_published_with(built, older_wording)
    assert republish(built, built["action_plan"])["version"] == "1.0.0"


@pytest.mark.parametrize("change, version", [("changed", "1.2.4"), ("added", "1.3.0"), ("removed", "1.3.0")])
def test_version_bump_rules(change, version):
    assert versioning.Diff(rows=[{"change": change}]).bump("1.2.3") == version
    assert versioning.Diff(schema_changed=["x"], rows=[{"change": change}]).bump("1.2.3") == "2.0.0"


def test_rewritten_file_with_the_same_rows_is_a_patch_that_says_so(built):
    """As after `make lock` brings a new Parquet writer: same rows, other bytes, never silently."""
    import duckdb

    old_file = built["published"] / "themes.parquet"
    older = built["published"] / "themes-older-writer.parquet"
    duckdb.sql(f"copy (from '{old_file}') to '{older}' (format parquet, compression gzip)")
    older.replace(old_file)
    hashed = f"sha256:{hashlib.sha256(old_file.read_bytes()).hexdigest()}"
    for path in (built["datapackage"], built["published"] / "datapackage.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        for resource in descriptor["files"]:
            if resource["path"].endswith("themes.parquet"):
                resource["hash"], resource["bytes"] = hashed, old_file.stat().st_size
        path.write_text(json.dumps(descriptor), encoding="utf-8")

    descriptor = republish(built, built["action_plan"])

    assert descriptor["version"] == "1.0.1"
    [row] = changes(built)
    assert (row["resource"], row["key"], row["change"], row["old_value"]) == (
        "themes",
        "themes.parquet",
        "rewritten",
        hashed,
    )
    assert row["new_value"] == next(r["hash"] for r in descriptor["files"] if r["path"].endswith("themes.parquet"))
    changelog = (built["published"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- themes: 1 file rewritten, no data change.\n" in changelog


def test_losing_a_third_of_a_tables_rows_publishes_nothing_unless_allowed(built, plan_copy, tmp_path):
    """As a cut or broken source would: the second part of commitment 1 gone from both languages
    (the OGP layer's TS0002, which covered it, now on commitment 2: a layer naming a missing part
    is refused)."""
    layer = tmp_path / "ogp-layer"
    shutil.copytree(OGP_LAYER_FOR_BASE, layer)
    links = layer / "ogp_commitments.csv"
    text = links.read_text(encoding="utf-8")
    links.write_text(
        text.replace(
            "1,TS0002,Publish Decisions,id-order,https://example.org/TS0002,2,topic-match",
            "2,TS0002,Publish Decisions,id-order,https://example.org/TS0002,,",
        ),
        encoding="utf-8",
    )
    assert links.read_text(encoding="utf-8") != text
    for page, heading in (
        ("fr/rendre-des-comptes/depenses/engagement-1.md", "### Publier les décisions"),
        ("en/accountability/spending/commitment-1.md", "### Publish the decisions"),
    ):
        text = (plan_copy / page).read_text(encoding="utf-8")
        start = text.index(heading)
        (plan_copy / page).write_text(text[:start] + text[text.index("----", start) + 5 :], encoding="utf-8")
    before = {p.name: p.read_bytes() for p in built["published"].iterdir()}
    extract.run(plan_copy, built["extracted"], [IRM_FOR_BASE], [SELF_ASSESSMENT_FOR_BASE], ogp_layer_dir=layer)
    normalise.run(built["extracted"], built["db"])
    with pytest.raises(versioning.ShrinkError) as error:
        publish.run(built["db"], built["published"], built["datapackage"], today=DAY)
    assert str(error.value).startswith(
        "commitment_parts.csv: would lose 1 of its 4 rows (more than 10%), "
        "from fr/rendre-des-comptes/depenses/engagement-1.md 1 row; nothing was"
    )  # the input whose rows went missing, as the rows cite it
    assert {p.name: p.read_bytes() for p in built["published"].iterdir()} == before
    publish.run(built["db"], built["published"], built["datapackage"], today=DAY, allow_shrink=True)
    changelog = (built["published"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- Allowed to shrink (--allow-shrink): commitment_parts from 4 to 3 rows; " in changelog


def _python_diff(name, fields, key, old_rows, new_rows):
    """The comparison as the pipeline made it before the join: both files read into dicts."""
    old = {"|".join(r[k] for k in key): r for r in old_rows}
    new = {"|".join(r[k] for k in key): r for r in new_rows}
    rows = [versioning._change(name, k, "removed") for k in old.keys() - new.keys()]
    rows += [versioning._change(name, k, "added") for k in new.keys() - old.keys()]
    for k in old.keys() & new.keys():
        rows += [
            versioning._change(name, k, "changed", f, old[k][f], new[k][f]) for f in fields if old[k][f] != new[k][f]
        ]
    return sorted(rows, key=lambda r: (r["key"], r["change"], r["field"]))


cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(st.text("ab|1", min_size=1, max_size=3), st.tuples(cell, cell), max_size=6),
    st.dictionaries(st.text("ab|1", min_size=1, max_size=3), st.tuples(cell, cell), max_size=6),
)
def test_the_join_in_duckdb_finds_what_comparing_in_python_finds(tmp_path, old, new):
    """Any text (quotes, commas, line breaks, '|' in keys, empty cells), rows added, removed, changed."""
    fields = ["id", "a", "b"]
    tables = {}
    for label, rows in (("old", old), ("new", new)):
        tables[label] = [{"id": k, "a": a, "b": b} for k, (a, b) in rows.items()]
        with (tmp_path / f"{label}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[label])
    with database.connect() as con:
        found = versioning.table_diff(con, "t", fields, ["id"], tmp_path / "old.csv", tmp_path / "new.csv")
    expected = _python_diff("t", fields, ["id"], tables["old"], tables["new"])
    assert sorted(found, key=lambda r: (r["key"], r["change"], r["field"])) == expected


def test_a_document_whose_bytes_change_alone_makes_a_patch_version(built, monkeypatch):
    """Same tables, but the workbook is written otherwise (a new writer, narrower columns): its
    bytes are not those of the published version, so they are a new one, and said."""
    from pipeline.documents import workbook

    monkeypatch.setattr(workbook, "WIDTH", (8, 20))
    descriptor = republish(built, built["action_plan"])
    assert descriptor["version"] == "1.0.1"
    rewritten = [(c["version"], c["key"], c["change"]) for c in changes(built)]
    assert ("1.0.1", "plan.xlsx", "rewritten") in rewritten
    assert all(change == "rewritten" for _, _, change in rewritten)
    assert "1 file rewritten, no data change" in (built["published"] / "CHANGELOG.md").read_text(encoding="utf-8")
    monkeypatch.undo()
    assert republish(built, built["action_plan"])["version"] == "1.0.2"  # and back: the bytes changed again


@pytest.mark.parametrize("case", ["unchanged", "a value changed", "a document rewritten"])
def test_each_publish_decides_its_release_once(built, plan_copy, monkeypatch, case):
    """One decision over the rows and every file's bytes, whatever changed: the documents are
    first stamped with the standing version, and only a new version re-stamps them."""
    from pipeline.documents import workbook

    decided = []
    decide = versioning.release
    monkeypatch.setattr(versioning, "release", lambda *args, **kwargs: decided.append(1) or decide(*args, **kwargs))
    if case == "a value changed":
        page = plan_copy / "en" / "climate" / "commitment-3.md"
        page.write_text(page.read_text(encoding="utf-8").replace("Share the climate", "Share all climate"))
    if case == "a document rewritten":
        monkeypatch.setattr(workbook, "WIDTH", (8, 20))
    version = republish(built, plan_copy)["version"]
    assert (decided, version) == ([1], {"unchanged": "1.0.0", "a value changed": "1.0.1"}.get(case, "1.0.1"))
