import csv
from collections import Counter

import pytest

from conftest import FIXTURES, SHARED, codes_of
from pipeline.errors import InputError
from pipeline.extract import irm
from pipeline.extract.irm_vocabularies import INDICATORS

IRM = FIXTURES / "irm"
BAD = sorted((IRM / "bad").glob("*.csv"))
CURRENT_EXPORT = SHARED / "ogp" / "g0v-ogp-commitments" / "open_parliament_0703.csv"
EXPORT_2016 = SHARED / "ogp" / "Vizzuality-ogp" / "explorer" / "data" / "latest_data" / "ogpirm_live_data.csv"
needs_shared = pytest.mark.skipif(not CURRENT_EXPORT.exists(), reason="../shared/ogp is not beside this clone")


def extract(path):
    return irm.extract(path.read_bytes(), path.name)


def ratings(rows, key):
    return {
        (r["report"], r["indicator"]): (r["code"], r["report_year"]) for r in rows["irm_ratings"] if r["row_key"] == key
    }


# General


def test_irm_reads_current_export_with_line_breaks_inside_cells():
    rows, repairs = extract(IRM / "good" / "irm-current-crlf-rows-lf-in-cells.csv")
    assert [(r["row_key"], r["title"], r["source_line"]) for r in rows["irm_commitments"]] == [
        ("TS0001", "Open the books", "2"),
        ("TS0002", "A title\non two lines", "3"),
    ]
    found = ratings(rows, "TS0001")
    # every other rating column of the row is blank: the source shows no value for it
    assert {code for code, _ in found.values()} - {"high", "yes", "substantial", "complete", "major"} == {"not_shown"}
    assert {key: value for key, value in found.items() if value[0] != "not_shown"} == {
        ("irm-progress-report", "specificity"): ("high", "2017"),
        ("irm-progress-report", "verifiable"): ("yes", "2017"),
        ("irm-progress-report", "access_to_information"): ("yes", "2017"),
        ("irm-progress-report", "completion"): ("substantial", "2017"),
        ("irm-end-of-term", "completion"): ("complete", "2018"),
        ("irm-end-of-term", "did_it_open_government"): ("major", "2018"),
    }
    assert repairs == Counter()


def test_irm_keeps_nd_nr_na_apart():
    rows, _ = extract(IRM / "good" / "irm-current-crlf-rows-lf-in-cells.csv")
    codes = {indicator: code for (_, indicator), (code, _) in ratings(rows, "TS0002").items() if code != "not_shown"}
    assert codes == {
        "specificity": "ND",
        "verifiable": "NR",
        "access_to_information": "NA",
        "completion": "NR",
        "did_it_open_government": "ND",
    }


def test_irm_repairs_and_counts_artefacts():
    rows, repairs = extract(IRM / "good" / "irm-current-artefacts.csv")
    commitment = rows["irm_commitments"][0]
    assert (commitment["commitment_number"], commitment["year_of_submission"]) == ("1.1", "2016")
    assert ratings(rows, "TS0001")[("irm-progress-report", "verifiable")] == ("yes", "2017")
    assert repairs == Counter(
        {
            "float-corrupted number rounded": 1,
            "Excel serial date read as a year": 1,
            "verifiable spelt 1/0 read as yes/no": 1,
        }
    )


def test_irm_replaces_no_break_spaces_and_counts_them():
    rows, repairs = extract(IRM / "good" / "irm-current-nbsp-in-value.csv")
    assert ratings(rows, "TS0001")[("irm-end-of-term", "did_it_open_government")] == ("major", "2018")
    assert repairs == Counter({"no-break space (U+00A0) replaced by a space": 1})


def test_irm_reads_2016_export_after_its_line_of_column_indices():
    rows, repairs = extract(IRM / "good" / "irm-2016-header-offset.csv")
    assert [
        (r["row_key"], r["commitment_number"], r["source_line"], r["generation"]) for r in rows["irm_commitments"]
    ] == [
        ("Testland|1|1.1", "1.1", "3", "2016"),
        ("Testland|1|1.10", "1.10", "4", "2016"),
    ]
    assert ratings(rows, "Testland|1|1.1") == {
        ("irm-progress-report", "specificity"): ("high", "2015"),
        ("irm-progress-report", "access_to_information"): ("yes", "2015"),
        ("irm-progress-report", "completion"): ("substantial", "2015"),
        ("irm-end-of-term", "completion"): ("complete", "2016"),
        ("irm-end-of-term", "did_it_open_government"): ("none", "2016"),
    }
    assert repairs == Counter(
        {"letter prefix removed": 6, "commitment number's lost trailing zero restored from its title": 1}
    )


def test_irm_reads_2016_export_without_its_index_row_and_says_so():
    rows, repairs = extract(IRM / "good" / "irm-2016-without-index-row.csv")
    assert len(rows["irm_commitments"]) == 1
    assert repairs == Counter({"2016 export without its line of column indices": 1, "letter prefix removed": 1})


def test_irm_reads_a_header_only_export_as_no_rows():
    rows, _ = extract(IRM / "good" / "irm-current-header-only.csv")
    assert rows == {"irm_commitments": [], "irm_ratings": []}


@pytest.mark.parametrize("case", BAD, ids=[case.stem for case in BAD])
def test_irm_rejects_malformed_input(case):
    with pytest.raises(InputError) as error:
        extract(case)
    assert str(error.value) == case.with_suffix(".expected-error.txt").read_text(encoding="utf-8").strip()


def test_irm_vocabulary_codes_are_snake_case_and_missing_codes_upper_case():
    for indicator in INDICATORS:
        for code in codes_of(indicator.name):
            assert code in ("ND", "NR", "NA") or code.replace("_", "").isalpha() and code.islower(), code


# The real exports, read in place


def column_counts(path, skip_lines=0):
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in range(skip_lines):
            next(handle)
        return list(csv.DictReader(handle))


def assert_every_value_counted(rows, real, generation):
    """For each indicator, the count of each raw value in the file equals the count in the ratings."""
    for indicator in INDICATORS:
        column = indicator.columns.get(generation)
        if column is None:
            continue
        got = Counter(
            r["value"]
            for r in rows["irm_ratings"]
            if (r["report"], r["indicator"]) == (indicator.report, indicator.name)
        )
        expected = Counter(" ".join(row[column].replace("\u00a0", " ").split()) for row in real)
        expected.pop("", None)
        assert got == expected, column


@needs_shared
def test_irm_counts_every_rated_value_of_both_real_exports():
    current, _ = extract(CURRENT_EXPORT)
    assert_every_value_counted(current, column_counts(CURRENT_EXPORT), "current")
    old, _ = extract(EXPORT_2016)
    assert_every_value_counted(old, column_counts(EXPORT_2016, skip_lines=1), "2016")


@needs_shared
def test_irm_reads_every_row_of_the_current_real_export():
    rows, repairs = extract(CURRENT_EXPORT)
    real = column_counts(CURRENT_EXPORT)
    assert len(rows["irm_commitments"]) == len(real) == 558
    for indicator in INDICATORS:
        if "current" not in indicator.columns:
            continue  # rated on commitment pages only (ambition)
        column = indicator.columns["current"]
        got = Counter(
            r["code"]
            for r in rows["irm_ratings"]
            if (r["report"], r["indicator"]) == (indicator.report, indicator.name)
        )
        expected = Counter(row[column] for row in real)
        assert sum(got.values()) == sum(expected.values()) == 558, column
        for missing in ("ND", "NR", "NA"):
            assert got[missing] == expected[missing], (column, missing)
    completion = Counter(
        r["code"] for r in rows["irm_ratings"] if (r["report"], r["indicator"]) == ("irm-end-of-term", "completion")
    )
    assert completion == Counter(
        {"NR": 153, "limited": 123, "substantial": 122, "complete": 71, "ND": 62, "not_started": 25, "unclear": 2}
    )
    assert repairs["float-corrupted number rounded"] == 19


@needs_shared
def test_irm_reads_every_row_of_the_2016_real_export():
    rows, repairs = extract(EXPORT_2016)
    real = column_counts(EXPORT_2016, skip_lines=1)
    assert len(rows["irm_commitments"]) == len(real) == 1927
    specificity = Counter(r["code"] for r in rows["irm_ratings"] if r["indicator"] == "specificity")
    assert specificity == Counter({"high": 726, "medium": 677, "low": 409, "NR": 69, "none": 46})
    diog = Counter(r["code"] for r in rows["irm_ratings"] if r["indicator"] == "did_it_open_government")
    assert diog == Counter({"ND": 1275, "NR": 598, "marginal": 25, "none": 22, "major": 7})
    assert len({r["row_key"] for r in rows["irm_commitments"]}) == 1927
    assert repairs["letter prefix removed"] > 0


@needs_shared
def test_irm_real_export_holds_france_rows_with_their_ratings():
    rows, _ = extract(CURRENT_EXPORT)
    france = {r["row_key"]: r for r in rows["irm_commitments"] if r["plan_id"] == "AP_FRA01"}
    assert {key: r["commitment_number"] for key, r in france.items()} == {
        "FR0001": "1.1",
        "FR0015": "12",
        "FR0026": "23",
    }
    assert ratings(rows, "FR0026")[("irm-end-of-term", "completion")] == ("complete", "2018")


def test_irm_reads_utf8_with_bom_as_without():
    with_bom, _ = extract(IRM / "good" / "irm-current-utf8-bom.csv")
    without, _ = extract(IRM / "good" / "irm-current-artefacts.csv")
    strip = lambda rows: [{k: v for k, v in r.items() if k != "source_file"} for r in rows["irm_ratings"]]  # noqa: E731
    assert strip(with_bom) == strip(without)
