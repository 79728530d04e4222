from pathlib import Path

import pytest

from conftest import BASE_PLAN, PLAN_FIXTURES, overlay
from pipeline.errors import InputError
from pipeline.extract import action_plan, plan_pages
from pipeline.sources.location import SourceRoot

BAD_CASES = sorted(path for path in (PLAN_FIXTURES / "bad").iterdir() if path.is_dir())
GOOD_CASES = sorted(path for path in (PLAN_FIXTURES / "good").iterdir() if path.is_dir())
CITED = "https://example.org/plan"


def extract(root) -> dict:
    return action_plan.extract(SourceRoot(str(root)), CITED)


# General


def test_extract_action_plan_reads_every_commitment_once_in_each_language():
    rows = extract(BASE_PLAN)
    assert [(r["number"], r["source_file"], r["source_file_en"]) for r in rows["commitments"]] == [
        ("1", "fr/rendre-des-comptes/depenses/engagement-1.md", "en/accountability/spending/commitment-1.md"),
        ("2", "fr/rendre-des-comptes/engagement-2.md", "en/accountability/commitment-2.md"),
        ("3", "fr/climat/engagement-3.md", "en/climate/commitment-3.md"),
    ]


def test_extract_action_plan_takes_the_plan_titles_from_the_tables_of_contents():
    [plan] = extract(BASE_PLAN)["plan"]
    assert (plan["title_fr"], plan["title_en"], plan["source_file"], plan["source_line"]) == (
        "Un tout petit plan",
        "A tiny plan",
        "fr/SUMMARY.md",
        "1",
    )
    assert plan["plan_id"] == ""  # the OGP id is not in the plan's text: the OGP layer gives it


def test_extract_action_plan_pairs_themes_and_sub_themes_of_both_languages():
    themes = [
        (t["theme_path"], t["parent_path"], t["position"], t["title_en"], t["title_fr"], t["folder_fr"])
        for t in extract(BASE_PLAN)["themes"]
    ]
    assert themes == [
        ("accountability", "", "1", "Accountability", "Rendre des comptes", "rendre-des-comptes"),
        (
            "accountability/spending",
            "accountability",
            "1",
            "Open spending",
            "Ouvrir les dépenses",
            "rendre-des-comptes/depenses",
        ),
        ("climate", "", "2", "Climate", "Climat", "climat"),
    ]


def test_extract_action_plan_reads_official_and_translated_titles_with_their_lines():
    first = extract(BASE_PLAN)["commitments"][0]
    assert (first["title_fr"], first["source_line"], first["title_en"], first["source_line_en"]) == (
        "Ouvrir les budgets locaux",
        "3",
        "Open the local budgets",
        "3",
    )
    assert first["title_fr_source"] == first["title_en_source"] == CITED


def test_extract_action_plan_reads_the_parts_of_a_split_commitment():
    parts = [
        (p["number"], p["part"], p["title_fr"], p["title_en"], p["source_line"], p["source_line_en"])
        for p in extract(BASE_PLAN)["parts"]
    ]
    assert parts == [
        ("1", "1", "Publier les budgets", "Publish the budgets", "5", "5"),
        ("1", "2", "Publier les décisions", "Publish the decisions", "27", "27"),
    ]


def test_extract_action_plan_reads_institutions_per_part_in_both_languages():
    rows = extract(BASE_PLAN)["institutions"]
    assert [(r["number"], r["part"], r["role"], r["position"], r["name"], r["name_fr"]) for r in rows] == [
        ("1", "1", "lead", "1", "Ministry of the Interior", "Ministère de l'Intérieur"),
        (
            "1",
            "1",
            "lead",
            "2",
            "Ministry of the Economy, Industry and the Digital Sector",
            "Ministère de l'Économie, de l'Industrie et du Numérique",
        ),
        ("1", "2", "lead", "1", "Ministry of the Interior", "Ministère de l'Intérieur"),
        (
            "2",
            "1",
            "lead",
            "1",
            "Ministry of the Economy, Industry and the Digital sector",
            "Ministère de l'Économie, de l'Industrie et du Numérique",
        ),
        ("3", "1", "lead", "1", "Météo France", "Météo-France"),
        ("3", "1", "supporting", "1", "Ministry of the Interior", "Ministère de l'Intérieur"),
    ]


def test_extract_action_plan_nests_the_roadmap_with_follow_ups_and_lines():
    rows = [m for m in extract(BASE_PLAN)["milestones"] if m["number"] == "1" and m["language"] == "en"]
    assert [
        (m["milestone_key"], m["parent_key"], m["depth"], m["part"], m["text"], m["follow_up_urls"], m["source_line"])
        for m in rows
    ] == [
        ("M1", "", "0", "1", "Publish the budgets in open data", "https://example.org/suivi/issues/11", "17"),
        ("M1.1", "M1", "1", "1", "June 2015: publish the 2014 budgets", "", "20"),
        ("M1.2", "M1", "1", "1", "Publish the following budgets by the end of 2016", "", "21"),
        ("M2", "", "0", "1", "Train the clerks from 2015", "https://example.org/suivi/issues/12", "22"),
        ("M3", "", "0", "2", "Publish the councils' decisions", "https://example.org/suivi/issues/13", "34"),
    ]


def test_extract_action_plan_reads_a_deadline_only_where_the_text_states_one():
    rows = {
        (m["language"], m["milestone_key"]): (m["due"], m["due_as_written"])
        for m in extract(BASE_PLAN)["milestones"]
        if m["number"] == "1"
    }
    assert rows[("fr", "M1.1")] == ("2015-06", "Juin 2015")
    assert rows[("en", "M1.1")] == ("2015-06", "June 2015")
    assert rows[("fr", "M1.2")] == ("2016", "d'ici fin 2016")
    assert rows[("en", "M1.2")] == ("2016", "by the end of 2016")
    assert rows[("en", "M2")] == ("", "from 2015")  # a start, read as such, and no deadline
    assert rows[("fr", "M2")] == ("", "à partir de 2015")
    assert rows[("fr", "M1")] == ("", "")


def test_extract_action_plan_keeps_each_languages_items_where_the_translation_differs():
    rows = [m for m in extract(BASE_PLAN)["milestones"] if m["number"] == "3"]
    assert [(m["language"], m["milestone_key"], m["text"], m["languages_agree"]) for m in rows] == [
        ("fr", "M1", "Ouvrir les modèles", "false"),
        ("fr", "M1.1", "Publier le code", "false"),
        ("fr", "M1.2", "Publier les données", "false"),
        ("en", "M1", "Open the models", "false"),
        ("en", "M1.1", "Publish the code and the data", "false"),
    ]
    assert {m["languages_agree"] for m in extract(BASE_PLAN)["milestones"] if m["number"] != "3"} == {"true"}


def test_extract_action_plan_keeps_sections_as_markdown_and_footnotes_last():
    rows = [s for s in extract(BASE_PLAN)["sections"] if s["number"] == "1" and s["language"] == "fr"]
    assert [(s["position"], s["part"], s["kind"], s["heading"]) for s in rows] == [
        ("1", "1", "stakes", "Enjeux"),
        ("2", "1", "roadmap", "Feuille de route"),
        ("3", "2", "roadmap", "Feuille de route"),
        ("4", "", "footnote", "1"),
    ]
    assert rows[0]["text"] == "Les budgets locaux[^1] restent difficiles à lire."
    assert rows[3]["text"] == "Budgets primitifs et comptes administratifs."


def test_extract_action_plan_reads_the_same_rows_over_http(serve):
    assert extract(serve(BASE_PLAN)) == extract(BASE_PLAN)


def test_extract_action_plan_reads_the_licence_so_that_a_snapshot_keeps_it():
    read = {}
    action_plan.extract(SourceRoot(str(BASE_PLAN), record=read))
    assert "LICENSE.md" in read and {"fr/SUMMARY.md", "en/SUMMARY.md"} <= set(read)


# The page reader's own cases


def test_a_tab_indents_a_roadmap_sub_item_as_four_spaces():
    page = plan_pages.commitment(b"# Engagement 1\n\n## T\n\n### Feuille de route\n\n- A\n\t- B\n    - C\n", "p.md")
    assert [(m.depth, m.text) for m in page.parts[0].milestones] == [(0, "A"), (1, "B"), (1, "C")]


def test_an_item_naming_two_follow_ups_keeps_both():
    page = plan_pages.commitment(
        b"# Engagement 8\n\n## T\n\n### Feuille de route\n\n- **Adherer a l'ITIE\n  _[[suivi](https://x/issues/133)]_\n"
        b"  et publier**\n  _[[suivi](https://x/issues/134)]_\n",
        "p.md",
    )
    [item] = page.parts[0].milestones
    assert (item.text, item.follow_ups) == (
        "Adherer a l'ITIE et publier",
        ["https://x/issues/133", "https://x/issues/134"],
    )


def test_a_list_item_naming_two_institutions_counts_as_two():
    page = plan_pages.commitment(
        b"# Commitment 12\n\n## T\n\n**Lead institutions**:\n- Prime Minister's Office; "
        b"Ministry of the Economy\n- Ministry of State\n",
        "p.md",
    )
    assert [name for _, name, _ in action_plan._names(page.parts[0].institutions)] == [
        "Prime Minister's Office",
        "Ministry of the Economy",
        "Ministry of State",
    ]


def test_a_paragraph_after_the_roadmap_items_is_not_an_item():
    page = plan_pages.commitment(b"# Engagement 1\n\n## T\n\n### Feuille de route\n\n- A\n\nUne phrase.\n", "p.md")
    assert [m.text for m in page.parts[0].milestones] == ["A"]
    assert page.parts[0].sections[0].text == "- A\n\nUne phrase."


# Malformed input: one fixture per case, with the one-line error it must give


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.name for case in BAD_CASES])
def test_extract_action_plan_rejects_malformed_input(case, tmp_path):
    root = overlay(case, tmp_path / "plan")
    with pytest.raises(InputError) as error:
        extract(root)
    assert str(error.value) == (case / "expected-error.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("case", GOOD_CASES, ids=[case.name for case in GOOD_CASES])
def test_extract_action_plan_reads_variants_as_the_base(case, tmp_path):
    """A BOM, CRLF line ends or no-break spaces change nothing in the rows."""
    assert extract(overlay(case, tmp_path / "plan")) == extract(BASE_PLAN)


def test_extract_action_plan_reports_missing_file_over_http(serve, tmp_path):
    root = overlay(PLAN_FIXTURES / "bad" / "link-to-missing-file", tmp_path / "plan")
    with pytest.raises(InputError, match=r"^en/SUMMARY.md:9: link to a missing file: en/climate/commitment-9.md$"):
        extract(serve(root))


def test_extract_action_plan_refuses_a_symlink_out_of_the_root(plan_copy, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("# Commitment 2\n\n## Secret\n", encoding="utf-8")
    page = plan_copy / "en" / "accountability" / "commitment-2.md"
    page.unlink()
    page.symlink_to(outside)
    with pytest.raises(InputError, match="link leaves the source root"):
        extract(plan_copy)


def test_extract_action_plan_refuses_a_page_over_the_size_cap(plan_copy):
    page = plan_copy / "en" / "accountability" / "spending" / "commitment-1.md"
    with page.open("a", encoding="utf-8") as handle:
        handle.write("Context. " * 120_000)  # about 1 MB, over the cap
    with pytest.raises(
        InputError,
        match="^en/accountability/spending/commitment-1.md: file over the size cap: more than 1000000 bytes$",
    ):
        extract(plan_copy)


def test_every_bad_case_names_its_expected_error():
    assert BAD_CASES and all((case / "expected-error.txt").is_file() for case in BAD_CASES)


def test_fixture_names_say_their_case():
    assert {case.name for case in GOOD_CASES} == {"utf8-bom", "crlf-line-ends", "nbsp-in-title"}
    assert Path(BASE_PLAN / "fr" / "SUMMARY.md").is_file() and Path(BASE_PLAN / "en" / "SUMMARY.md").is_file()


def test_extract_action_plan_names_a_loop_of_symbolic_links(plan_copy):
    page = plan_copy / "en" / "climate" / "commitment-3.md"
    other = plan_copy / "en" / "climate" / "other.md"
    page.unlink()
    page.symlink_to(other)
    other.symlink_to(page)
    with pytest.raises(InputError) as error:
        extract(plan_copy)
    assert str(error.value) == "en/SUMMARY.md:9: link to a loop of symbolic links: en/climate/commitment-3.md"
