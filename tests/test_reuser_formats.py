"""What reusers download besides CSV and JSON: the data dictionary, plan.json and its JSON
Schema, Parquet, the workbook; and the dictionary's examples, run against the real package."""

import csv
import datetime as dt
import io
import json
import os
import re
import zipfile
from xml.etree import ElementTree

import duckdb
import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from pipeline import paths
from pipeline.documents import plan_json as nested
from pipeline.documents import workbook, xml_text
from pipeline.package import descriptors

PUBLISHED = REPO / paths.PUBLISHED_DIR


def descriptor():
    return json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))


def tables():
    return [r for r in descriptor()["resources"] if r.get("format") == "csv"]


def test_dictionary_documents_every_field_and_every_code():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    for resource in tables():
        section = text.split(f"\n## {resource['name']}\n", 1)[1].split("\n## ", 1)[0]
        for field in resource["schema"]["fields"]:
            row = next((line for line in section.splitlines() if line.startswith(f"| `{field['name']}` |")), None)
            assert row, f"{resource['name']}.{field['name']} is not documented"
            assert field["description"].split(" / ")[0].replace("|", "\\|") in row
            for code in field.get("constraints", {}).get("enum", []):
                assert f"`{code}`" in row, f"{resource['name']}.{field['name']}: code {code}"


def test_dictionary_says_how_resources_join_and_where_data_comes_from():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    assert "- `assessments.ogp_id` → `ogp_commitments.ogp_id`" in text
    assert all((source.get("path") or source["title"]) in text for source in descriptor()["sources"])
    assert f"version {descriptor()['version']}" in text


def test_plan_json_matches_its_json_schema():
    document = json.loads((PUBLISHED / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((PUBLISHED / "plan.schema.json").read_text(encoding="utf-8"))
    assert nested.validate(document, schema) == []
    first_plan, second_plan = document["plans"]
    assert sum(len(theme["commitments"]) for theme in first_plan["themes"]) == 26
    assert (second_plan["plan_id"], second_plan["themes"], len(second_plan["commitments_without_theme"])) == (
        "AP_FRA02",
        [],
        20,
    )  # a plan read from OGP's pages, which give no themes
    first = first_plan["themes"][0]["commitments"][0]
    assert [o["ogp_id"] for o in first["ogp_commitments"]] == ["FR0001", "FR0002"]
    assert {a["report"] for a in first["assessments"]} == {"irm-progress-report", "irm-end-of-term"}


def test_plan_json_schema_rejects_a_broken_document():
    document = json.loads((PUBLISHED / "plan.json").read_text(encoding="utf-8"))
    schema = json.loads((PUBLISHED / "plan.schema.json").read_text(encoding="utf-8"))
    commitment = document["plans"][0]["themes"][0]["commitments"][0]
    commitment["assessments"][0]["completion"] = "mostly"
    [error] = nested.validate(document, schema)
    assert error.startswith("plans/0/themes/0/commitments/0/assessments/0/completion: ") and "must be one of" in error
    del commitment["title_en"]
    [error] = nested.validate(document, schema)
    assert error.startswith("plans/0/themes/0/commitments/0: ") and "title_en" in error


@pytest.mark.parametrize("name", descriptors.PUBLISHED)
def test_parquet_round_trip_gives_the_csv_rows_and_types(name):
    schema = descriptors.schema(name)
    types = {f["name"]: f["type"] for f in schema["fields"]}
    with (PUBLISHED / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        expected = [tuple(_typed(value, types[key]) for key, value in row.items()) for row in csv.DictReader(handle)]
    relation = duckdb.sql(f"select * from '{PUBLISHED / f'{name}.parquet'}'")
    assert relation.columns == [f["name"] for f in schema["fields"]]
    assert relation.fetchall() == expected


def _typed(value, kind):
    if value == "":
        return None
    return {"integer": int, "date": dt.date.fromisoformat, "boolean": {"true": True, "false": False}.get}.get(
        kind, str
    )(value)


ABOUT = {
    "title": "Un plan / A plan",
    "version": "1.0.0",
    "license": "Licence Ouverte / Open Licence 2.0 (etalab-2.0)",
    "publisher": "Les mainteneurs / The maintainers",
    "citation": "A plan, version 1.0.0.",
    "sources": [{"path": "https://example.org/plan"}],
    "created": "2026-11-23T00:00:00Z",
}


def test_workbook_opens_on_the_overview_with_one_sheet_per_table_and_an_about_sheet():
    book = openpyxl.load_workbook(PUBLISHED / "plan.xlsx")
    tables = ["commitments_overview"] + [n for n in descriptors.PUBLISHED if n != "commitments_overview"]
    assert book.sheetnames == [*tables, "À propos - About"]
    plans = book["plans"]
    assert isinstance(plans["H3"].value, dt.datetime) and plans["H3"].number_format == "yyyy-mm-dd"
    assert book["commitments"]["H3"].value.startswith("Permettre à tous")  # accents as written


def test_every_sheet_has_bilingual_titles_machine_names_frozen_an_autofilter_and_fitted_widths():
    book = openpyxl.load_workbook(PUBLISHED / "plan.xlsx")
    for name in [n for n in descriptors.PUBLISHED]:
        sheet, fields = book[name], descriptors.schema(name)["fields"]
        assert [c.value for c in sheet[1]] == [f["title"] for f in fields], name
        assert [c.value for c in sheet[2]] == [f["name"] for f in fields], name
        assert (
            sheet.freeze_panes == "A3"
            and sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(fields)).column_letter}{sheet.max_row}"
        )
        for column in sheet.iter_cols(max_col=len(fields)):
            widest = max(len(str(cell.value)) for cell in column if cell.value is not None)
            index = column[0].column  # a width may be set once for a range of columns (<col min max>)
            width = next(d.width for d in sheet.column_dimensions.values() if d.min <= index <= d.max)
            fitted = min(max(widest + 2, 8), 60)  # as wide as its widest value (Excel stores the padding too)
            assert fitted <= width < fitted + 1, (name, column[1].value)


def test_commitment_numbers_are_numbers_in_the_workbook_so_they_sort_as_numbers():
    sheet = openpyxl.load_workbook(PUBLISHED / "plan.xlsx")["commitments"]
    numbers = [row[2].value for row in sheet.iter_rows(min_row=3) if row[1].value == "AP_FRA01"]
    assert numbers == list(range(1, 27))
    stated = [row[2].value for row in sheet.iter_rows(min_row=3) if row[1].value == "AP_FRA02" and row[2].value]
    assert stated == [14, 21]  # the second plan's two numbers its pages state, as numbers


def test_the_about_sheet_and_the_properties_come_from_the_package():
    book = openpyxl.load_workbook(PUBLISHED / "plan.xlsx")
    descriptor = json.loads((REPO / paths.DATAPACKAGE_PATH).read_text(encoding="utf-8"))
    about = {row[0].value: row[1].value for row in book["À propos - About"].iter_rows() if row[0].value != "Source"}
    assert about["Titre / Title"] == descriptor["title"] == book.properties.title
    assert about["Version"] == descriptor["version"]
    assert "etalab-2.0" in about["Licence / Licence"]
    assert about["Éditeur / Publisher"] == descriptor["contributors"][0]["title"] == book.properties.creator
    assert f"version {descriptor['version']}" in about["Citer / How to cite"]
    sources = [row[1].value for row in book["À propos - About"].iter_rows() if row[0].value == "Source"]
    assert sources == [
        f"{s['title']}: {s['path']}" if len(s) == 2 else s.get("path") or s["title"] for s in descriptor["sources"]
    ]
    assert book.properties.created == dt.datetime.fromisoformat(descriptor["created"].replace("Z", ""))


def test_workbook_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    fields = [{"name": "text", "type": "string"}, {"name": "n", "type": "integer"}]
    risky = ["=1+1", "+33 1 23", "-minus", "@SUM(A1)", '=HYPERLINK("http://x")']
    workbook.write(tmp_path / "x.xlsx", [("x", fields, [(value, 1) for value in risky])], ABOUT)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["x"]
    cells = [sheet.cell(row=i, column=1) for i in range(3, 3 + len(risky))]
    assert [(c.value, c.data_type) for c in cells] == [(value, "s") for value in risky]
    assert sheet["B3"].value == 1


def test_workbook_is_byte_identical_for_the_same_data(tmp_path):
    sheets = [("x", [{"name": "d", "type": "date"}], [(dt.date(2015, 7, 16),)])]
    workbook.write(tmp_path / "a.xlsx", sheets, ABOUT)
    workbook.write(tmp_path / "b.xlsx", sheets, ABOUT)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def examples():
    text = (PUBLISHED / "README.md").read_text(encoding="utf-8")
    return re.findall(r"### (\w+)\n\n```python\n(.*?)```", text, flags=re.S)


def test_dictionary_has_examples_for_pandas_duckdb_and_frictionless():
    assert [tool for tool, _ in examples()] == ["pandas", "duckdb", "frictionless"]


@pytest.mark.parametrize("tool, code", examples(), ids=[tool for tool, _ in examples()])
def test_dictionary_example_runs_against_the_real_package(tool, code, capsys):
    here = os.getcwd()
    os.chdir(REPO / paths.PUBLISHED_DIR)
    try:
        exec(compile(code, f"README.md ({tool})", "exec"), {})
    finally:
        os.chdir(here)
    assert capsys.readouterr().out.strip()


def test_no_cell_holds_the_semicolon_a_french_locale_spreadsheet_splits_on_in_a_multi_value_field():
    overview = (REPO / paths.PUBLISHED_DIR / "commitments_overview.csv").read_text(encoding="utf-8")
    multi = ["lead_institutions", "supporting_institutions", "ogp_ids", "did_it_open_government"]
    rows = list(csv.DictReader(io.StringIO(overview)))
    assert any(" | " in row["ogp_ids"] for row in rows)
    assert [row[field] for row in rows for field in multi if ";" in row[field]] == []


def test_the_page_forbids_every_request_and_runs_no_script():
    page = (REPO / paths.PUBLISHED_DIR / "plan.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page and "<script" not in page
    assert not re.search(r"""(src|href)=['"](?!#|https?://)""", page.split("<h2>Sources</h2>")[0])


def test_the_charts_are_listed_and_show_an_unrated_ogp_id_as_not_rated():
    descriptor = json.loads((REPO / paths.PUBLISHED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    charts = sorted(r["path"] for r in descriptor["resources"] if r["format"] == "svg")
    assert charts == sorted(
        f"chart-{n}.svg" for n in ("institutions", "milestones", "ratings", "self-assessment", "themes")
    )
    ratings = (REPO / paths.PUBLISHED_DIR / "chart-ratings.svg").read_text(encoding="utf-8")
    ogp_ids = [
        row["ogp_id"]
        for row in csv.DictReader((REPO / paths.PUBLISHED_DIR / "ogp_commitments.csv").open())
        if row["plan_id"] == "AP_FRA01"  # the plan the IRM rated at end of term
    ]
    assert all(f">{ogp_id} (" in ratings for ogp_id in ogp_ids)  # every OGP id, rated or not
    assert ">FR0031 (" not in ratings and "Plans rated at end of term: 2015-2017 (AP_FRA01)" in ratings
    assert ">FR0008 (6)<" in ratings and ">no row<" in ratings  # FR0008's page gives no end-of-term value
    assert " id=" not in ratings  # nothing that differs from run to run


def test_the_ratings_chart_writes_what_assessments_holds_and_marks_the_disputed_values():
    """Each cell is the end-of-term code(s) of assessments.csv for that id, missing-value codes as
    they are; a value disagreements.csv disputes carries †, and the legend says so."""
    import xml.etree.ElementTree as ET

    folder = REPO / paths.PUBLISHED_DIR
    texts = [
        t.text or "" for t in ET.parse(folder / "chart-ratings.svg").getroot().iter("{http://www.w3.org/2000/svg}text")
    ]
    rated: dict[str, dict[str, set]] = {}
    for row in csv.DictReader((folder / "assessments.csv").open(encoding="utf-8")):
        if row["report"] == "irm-end-of-term":
            for field in ("did_it_open_government", "starred"):
                rated.setdefault(row["ogp_id"], {}).setdefault(field, set()).add(row[field])
    disputed = {
        (r["ogp_id"], r["topic"]) for r in csv.DictReader((folder / "disagreements.csv").open(encoding="utf-8"))
    }
    ogp_ids = [
        row["ogp_id"]
        for row in csv.DictReader((folder / "ogp_commitments.csv").open(encoding="utf-8"))
        if row["plan_id"] == "AP_FRA01"
    ]
    for ogp_id in ogp_ids:
        at = next(i for i, text in enumerate(texts) if text.startswith(f"{ogp_id} ("))
        for offset, field in ((1, "did_it_open_government"), (2, "starred")):
            expected = " | ".join(sorted(rated.get(ogp_id, {}).get(field, set()))) or "no row"
            if (ogp_id, field) in disputed:
                expected += " †"
            assert texts[at + offset] == expected, (ogp_id, field)
    notes = " ".join(texts)
    for words in ("not_shown:", "ND, NR, NA", "no row:", "disagreements.csv", "version 6."):
        assert words in notes, words


def test_every_chart_says_what_it_was_drawn_from_which_version_and_when():
    folder = REPO / paths.PUBLISHED_DIR
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for chart in folder.glob("chart-*.svg"):
        svg = chart.read_text(encoding="utf-8")
        assert re.search(r"Drawn from [a-z_]+\.csv", svg), chart.name
        flat = re.sub(r"</text>\s*<text[^>]*>", " ", svg)  # the note may wrap over lines
        assert f"version {descriptor['version']}, {descriptor['created'][:10]}" in flat, chart.name


def test_every_row_of_the_dictionarys_tables_has_as_many_cells_as_its_header():
    """A value holding '|' (the multi-value separator) is escaped, or it would split a cell."""
    lines = (REPO / paths.PUBLISHED_DIR / "README.md").read_text(encoding="utf-8").splitlines()
    width = None
    for line in lines:
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.split(r"(?<!\\)\|", line)) - 2
        width = width or cells
        assert cells == width, line[:120]


def test_hostile_text_makes_well_formed_charts():
    """Control characters (the plan's pages hold U+0002), markup and quotes in any label."""
    import xml.etree.ElementTree as ET

    from pipeline.documents import charts

    hostile = "Ministry \x02 of <b>&amp; \"quotes\" 'and' \x00 NUL"
    drawn = [
        charts.bars(hostile, [(hostile, 3), ("", 0)], (hostile, hostile)),
        charts.grid(hostile, [hostile], [(hostile, [hostile])]),
        charts.timeline(hostile, [("2016-03", "month", hostile), ("2017", "year", hostile)], 2016, 2017),
    ]
    for svg in drawn:
        root = ET.fromstring(svg)  # well-formed XML, or this raises
        texts = "".join(root.itertext())
        assert "\ufffd" in texts and "<b>" in texts and "\x02" not in texts


# what a hostile cell may hold: control characters, _xHHHH_ lookalikes, markup (a text that
# looks like XlsxWriter's rich-string XML among it), spaces of every kind at either end
PIECES = [
    "a",
    "é",
    " ",
    "\u3000",
    "\t",
    "\n",
    "\r",
    "\x01",
    "\x1f",
    "\ufffe",
    "_x0041_",
    "_x",
    "<r>",
    "</r>",
    "&",
    "<",
    "\U0001f600",
]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@settings(max_examples=60, deadline=None)
@example(rows=[("<r>x</r>", 1), ("<r><t>x</t></r>", 2), (" x\r\n", 3), ("<r>_x0041_\r</r>", 4)])  # rich-string shape
@given(st.lists(st.tuples(HOSTILE, st.integers(-(10**15), 10**15)), min_size=1, max_size=5))
def test_workbook_reads_back_every_text_as_written_but_for_characters_xml_cannot_hold(tmp_path_factory, rows):
    fields = [{"name": "text", "type": "string"}, {"name": "n", "type": "integer"}]
    path = tmp_path_factory.mktemp("hostile") / "x.xlsx"
    workbook.write(path, [("x", fields, rows)], ABOUT)
    sheet = openpyxl.load_workbook(path)["x"]
    texts = read_texts(path)
    for r, (text, n) in enumerate(rows, start=3):
        shown = xml_text.safe(text)
        if shown.startswith("<r>") and shown.endswith("</r>"):  # what a rich string cannot hold, as the workbook says
            shown = re.sub("[\r\ufffe\uffff]", "\ufffd", shown)
        assert texts.get(f"A{r}", "") == shown
        assert sheet.cell(row=r, column=2).value == n


def read_texts(path) -> dict[str, str]:
    """Each text cell of the first sheet as Excel reads it: each run of its shared string with
    its _xHHHH_ escapes read as their characters (ECMA-376 part 1, 22.9.2.19 ST_Xstring), the
    runs joined."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as book:
        escape = re.compile(r"_x([0-9A-Fa-f]{4})_")
        strings = [
            "".join(escape.sub(lambda m: chr(int(m.group(1), 16)), t.text or "") for t in si.iter(f"{main}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{main}si")
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    return {c.get("r"): strings[int(c.find(f"{main}v").text)] for c in sheet.iter(f"{main}c") if c.get("t") == "s"}
