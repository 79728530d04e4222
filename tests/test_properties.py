"""Property-based tests: whatever bytes arrive, the parsers either read them or raise the
project's own error (one line, file and rule), never another exception, and never hang."""

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE_PLAN
from pipeline.errors import InputError
from pipeline.extract import action_plan, irm, plan_pages, self_assessment, text
from pipeline.sources.location import SourceRoot

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like the plan's Markdown: headings, lists, links, roadmap items, follow-ups.
MARKDOWN_PIECES = st.sampled_from(
    [
        "# Engagement 1\n",
        "# Commitment 1\n",
        "# Engagement x\n",
        "## Titre\n",
        "### Partie\n",
        "#### Feuille de route\n",
        "### Roadmap\n",
        "### Enjeux\n",
        "**Institutions porteuses** :\n",
        "**Lead institution**:\n",
        "- item\n",
        "    - sub-item\n",
        "\t- tabbed\n",
        "- **bold\n",
        "over two lines**\n",
        "  _[[suivi](https://x/issues/1)]_\n",
        "_[[follow-up](https://x/issues/2)]_",
        "- [Engagement 1 : T](a/engagement-1.md)\n",
        "- [A](a/README.md)\n",
        "* [B](a/b/README.md)\n",
        "- [up](../x.md)\n",
        "- [abs](http://h/x.md)\n",
        "- not a link\n",
        "----\n",
        "[^1]: note\n",
        "[^1]",
        "Mars 2016 : ",
        "d'ici 2017",
        "\u00a0",
        "\r\n",
        "\n",
        "é",
        "\x00",
        "\x02",
        "; ",
    ]
)
markdown_text = st.lists(MARKDOWN_PIECES, max_size=30).map("".join)
CSV_CELLS = st.sampled_from(
    [
        "",
        "ND",
        "NR",
        "NA",
        "c. high",
        "High",
        "1",
        "0",
        "Yes",
        "Complete",
        "x",
        '"',
        '"a\nb"',
        "1.1000000000000001",
        "42370",
        "Mostly done",
        "\u00a0Major",
        "é",
    ]
)


def csv_text(header):
    row = st.lists(CSV_CELLS, min_size=0, max_size=len(header) + 2).map(",".join)
    return st.lists(row, max_size=6).map(lambda rows: ",".join(header) + "\n" + "\n".join(rows))


IRM_HEADER = [
    "Commitment Unique Identifier",
    "Country/Locality",
    "Action Plan Number",
    "Commitment Number",
    "Commitment Title",
    *irm.RATING_COLUMNS,  # all of them: a current export without one is refused
    "Report Publication Year (Progress Report)",
]


@FAST
@given(st.binary(max_size=2000))
def test_plan_page_from_any_bytes_parses_or_raises_input_error(data):
    for reader in (plan_pages.commitment, plan_pages.contents):
        try:
            reader(data, "page.md")
        except InputError:
            pass


@FAST
@given(markdown_text, markdown_text, markdown_text)
def test_plan_repository_from_any_markdown_extracts_or_raises_input_error(contents, page_fr, page_en):
    """The base plan with its French table of contents and one page in each language replaced."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        shutil.copytree(BASE_PLAN, root)
        (root / "fr" / "SUMMARY.md").write_text(contents, encoding="utf-8")
        (root / "fr" / "climat" / "engagement-3.md").write_text(page_fr, encoding="utf-8")
        (root / "en" / "climate" / "commitment-3.md").write_text(page_en, encoding="utf-8")
        try:
            action_plan.extract(SourceRoot(str(root)))
        except InputError:
            pass


@FAST
@given(markdown_text, markdown_text)
def test_a_page_pair_from_any_markdown_extracts_or_raises_input_error(page_fr, page_en):
    """The base plan's tables of contents, with commitment 3's two pages replaced: the pairing
    of the languages meets every kind of page."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        shutil.copytree(BASE_PLAN, root)
        (root / "fr" / "climat" / "engagement-3.md").write_text("# Engagement 3\n\n## T\n" + page_fr, encoding="utf-8")
        (root / "en" / "climate" / "commitment-3.md").write_text("# Commitment 3\n\n## T\n" + page_en, encoding="utf-8")
        try:
            action_plan.extract(SourceRoot(str(root)))
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
@given(
    st.lists(
        st.sampled_from(
            [
                b"a",
                b"\n",
                b" ",
                "é".encode(),
                "€".encode(),
                "😀".encode(),
                b"\xef\xbb\xbf",
                b"\xff",
                b"\xc3",
                b"\xe2\x82",
            ]
        ),
        max_size=16,
    ),
    st.integers(1, 6),
)
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

    assert error(lambda: text.check_file(path, "export.csv", "nothing", chunk=chunk)) == error(
        lambda: text.decode(data, "export.csv", "nothing")
    )
