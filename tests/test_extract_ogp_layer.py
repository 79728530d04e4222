"""The OGP layer's reports and disagreements: read as written, each bad row refused with its
file, line and rule."""

from __future__ import annotations

import shutil

import pytest

from conftest import OGP_LAYER_FOR_BASE
from pipeline.errors import InputError
from pipeline.extract import ogp_layer

REPORTS_HEADER = "report,title,url,published,period_stated,period_start,period_end,source\n"
DISAGREEMENTS_HEADER = "ogp_id,topic,one_says,one_source,other_says,other_source\n"


@pytest.fixture
def layer(tmp_path):
    folder = tmp_path / "ogp-layer"
    shutil.copytree(OGP_LAYER_FOR_BASE, folder)
    return folder


def test_reports_keep_each_period_at_the_precision_its_source_gives(layer):
    [eot, mid_term, _final] = ogp_layer.extract(layer, "ogp-layer")["reports"]
    assert (eot["report"], eot["published"], eot["period_start"], eot["period_end"]) == (
        "irm-end-of-term",
        "2018",
        "2016-07",
        "2017-06",
    )
    assert (eot["period_stated"], eot["source_file"], eot["source_line"]) == (
        "July 2016 – June 2017",
        "ogp-layer/reports.csv",
        "2",
    )
    assert (mid_term["period_start"], mid_term["period_end"], mid_term["published"]) == ("", "", "")


def test_disagreements_keep_both_sources_side_by_side(layer):
    [pair] = ogp_layer.extract(layer, "ogp-layer")["disagreements"]
    assert (pair["ogp_id"], pair["one_says"], pair["other_source"]) == (
        "TS0001",
        "Starred: Yes",
        "https://example.org/eot",
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "irm-final,T,https://example.org/r,,,,,https://example.org/r",
            "ogp-layer/reports.csv:2: unknown report: 'irm-final' (known: irm-progress-report, irm-end-of-term, "
            "irm-design-report, irm-transitional-results-report, self-assessment-mid-term, "
            "self-assessment-end-of-term)",
        ),
        (
            "irm-end-of-term,,https://example.org/r,,,,,https://example.org/r",
            "ogp-layer/reports.csv:2: report without a title or a source: both are required",
        ),
        (
            "irm-end-of-term,T,example.org/r,,,,,https://example.org/r",
            "ogp-layer/reports.csv:2: report address is not an http(s) URL: 'example.org/r'",
        ),
        (
            "irm-end-of-term,T,https://example.org/r,2018-13,,,,https://example.org/r",
            "ogp-layer/reports.csv:2: published is not a date such as 2016, 2016-07 or 2016-07-01: '2018-13'",
        ),
        (
            "irm-end-of-term,T,https://example.org/r,,July,July 2016,,https://example.org/r",
            "ogp-layer/reports.csv:2: period_start is not a date such as 2016, 2016-07 or 2016-07-01: 'July 2016'",
        ),
        (
            "irm-end-of-term,T,https://example.org/r,,,2016-07,2017-06,https://example.org/r",
            "ogp-layer/reports.csv:2: period without the words that state it: period_stated is required",
        ),
    ],
    ids=["unknown-report", "no-title", "relative-url", "month-13", "period-in-words", "period-unstated"],
)
def test_a_bad_report_row_is_one_line_naming_file_line_and_rule(layer, row, message):
    (layer / "reports.csv").write_text(REPORTS_HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        ogp_layer.extract(layer, "ogp-layer")
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "FR15,starred,Yes,https://example.org/a,No,https://example.org/b",
            "ogp-layer/disagreements.csv:2: OGP id is not an id such as FR0001: 'FR15'",
        ),
        (
            "TS0001,Starred!,Yes,https://example.org/a,No,https://example.org/b",
            "ogp-layer/disagreements.csv:2: topic is not a field name such as starred: 'Starred!'",
        ),
        (
            "TS0001,starred,Yes,https://example.org/a,No,",
            "ogp-layer/disagreements.csv:2: a disagreement without both statements and both sources: "
            "all four are required",
        ),
    ],
    ids=["short-id", "topic-in-words", "one-source"],
)
def test_a_bad_disagreement_row_is_one_line_naming_file_line_and_rule(layer, row, message):
    (layer / "disagreements.csv").write_text(DISAGREEMENTS_HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        ogp_layer.extract(layer, "ogp-layer")
    assert str(error.value) == message
