"""Property-based tests: whatever bytes arrive, the parsers either read them or raise the
project's own error (one line, file and rule), never another exception, and never hang."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.extract import action_plan, irm, markdown, self_assessment, text
from pipeline.location import SourceRoot

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like the plan's Markdown: headings, lists, tables, links, front matter.
MARKDOWN_PIECES = st.sampled_from([
    "# Commitment 1: Title\n", "# Commitment x\n", "## Milestones\n", "## Lead institutions\n", "### Deep\n",
    "- item\n", "- French title: Titre\n", "- Unknown: x\n", "| Milestone | OGP id | Due | Timing as written | Source |\n",
    "|---|---|---|---|---|\n", "| a | FR0001 | 2016-13 | x | y |\n", "| a \\| b | | 2015 | | |\n",
    "[link](a/commitment-1.md)\n", "[up](../x.md)\n", "[abs](http://h/x.md)\n", "---\n", "plan_id: AP_TST01\n",
    "title_en: T\n", "\u00a0", "\r\n", "\n", "é", "\x00", "`code`", "> quote\n",
])
markdown_text = st.lists(MARKDOWN_PIECES, max_size=30).map("".join)
CSV_CELLS = st.sampled_from(["", "ND", "NR", "NA", "c. high", "High", "1", "0", "Yes", "Complete", "x", "\"", "\"a\nb\"",
                             "1.1000000000000001", "42370", "Mostly done", "\u00a0Major", "é"])


def csv_text(header):
    row = st.lists(CSV_CELLS, min_size=0, max_size=len(header) + 2).map(",".join)
    return st.lists(row, max_size=6).map(lambda rows: ",".join(header) + "\n" + "\n".join(rows))


IRM_HEADER = ["Commitment Unique Identifier", "Country/Locality", "Action Plan Number", "Commitment Number",
              "Commitment Title", "Specificity", "Completion (Progress Report)", "Report Publication Year (Progress Report)"]


@FAST
@given(st.binary(max_size=2000))
def test_markdown_page_from_any_bytes_parses_or_raises_input_error(data):
    try:
        markdown.parse(data, "page.md")
    except InputError:
        pass


@FAST
@given(markdown_text, markdown_text)
def test_plan_repository_from_any_markdown_extracts_or_raises_input_error(index, page):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "README.md").write_text(index, encoding="utf-8")
        (root / "a").mkdir()
        (root / "a" / "README.md").write_text("# A\n", encoding="utf-8")
        (root / "a" / "commitment-1.md").write_text(page, encoding="utf-8")
        try:
            action_plan.extract(SourceRoot(folder))
        except InputError:
            pass


@FAST
@given(st.binary(max_size=3000))
def test_irm_export_from_any_bytes_parses_or_raises_input_error(data):
    try:
        irm.extract(data, "export.csv")
    except InputError:
        pass


@FAST
@given(csv_text(IRM_HEADER))
def test_irm_export_with_any_cells_parses_or_raises_input_error(text):
    try:
        irm.extract(text.encode("utf-8"), "export.csv")
    except InputError:
        pass


@FAST
@given(csv_text(["plan_id", "report", "report_year", "commitment_number", "status", "commitment_count", "source"]))
def test_self_assessment_with_any_cells_parses_or_raises_input_error(text):
    try:
        self_assessment.extract(text.encode("utf-8"), "self.csv")
    except InputError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"\n", b" ", "é".encode(), "€".encode(), "😀".encode(), b"\xef\xbb\xbf",
                                 b"\xff", b"\xc3", b"\xe2\x82"]), max_size=16), st.integers(1, 6))
def test_a_file_checked_in_chunks_gets_the_error_of_the_whole_file_decoded(tmp_path_factory, parts, chunk):
    data = b"".join(parts)
    path = tmp_path_factory.mktemp("chunks") / "export.csv"
    path.write_bytes(data)

    def error(check):
        try:
            check()
        except InputError as found:
            return str(found)
        return None

    assert error(lambda: text.check_file(path, "export.csv", "nothing", chunk=chunk)) == \
        error(lambda: text.decode(data, "export.csv", "nothing"))
