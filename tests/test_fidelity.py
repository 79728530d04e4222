"""The committed package against its sources, read here with a few plain lines of Python and
not with the project's extractor: titles, themes, sub-themes, lead institutions and roadmap
items from the shared copy of Etalab's repository; the OGP layer from shared/reference."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter

import pytest

from conftest import REPO, SHARED

REPOSITORY = SHARED / "ogp" / "etalab-plan-ogp-2015-2017"
REFERENCE = SHARED / "reference" / "fr-nap-2015-2017.json"
PUBLISHED = REPO / "data" / "published"
pytestmark = pytest.mark.skipif(not REPOSITORY.exists(), reason="../shared/ogp is not beside this clone")


def read(name: str) -> list[dict[str, str]]:
    """A published table's rows of the 2015-2017 plan, the one these sources are of."""
    with (PUBLISHED / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("plan_id", "AP_FRA01") == "AP_FRA01"]


def contents(lang: str) -> list[tuple[int, str, str]]:
    """(indent, title, path) of each link of the language's SUMMARY.md."""
    found = []
    for line in (REPOSITORY / lang / "SUMMARY.md").read_text(encoding="utf-8").splitlines():
        link = re.match(r"^( *)[-*] \[(.*)\]\((.*)\)$", line)
        if link:
            found.append((len(link.group(1)), link.group(2), link.group(3)))
    return found


def pages(lang: str) -> dict[int, str]:
    """Each commitment's page path, by number, as the table of contents links it."""
    return {
        int(re.search(r"-(\d+)\.md$", path).group(1)): path
        for _, _, path in contents(lang)
        if re.search(r"(engagement|commitment)-\d+\.md$", path)
    }


def lines(lang: str, number: int) -> list[str]:
    return (REPOSITORY / lang / pages(lang)[number]).read_text(encoding="utf-8").splitlines()


def roadmap_items(lang: str, number: int) -> int:
    """List items under the roadmap headings, up to the next heading or rule."""
    count, inside = 0, False
    for line in lines(lang, number):
        if line.startswith("#"):
            inside = "Feuille de route" in line or "Roadmap" in line
        elif line.startswith("----"):
            inside = False
        elif inside and re.match(r"^\s*- ", line):
            count += 1
    return count


def lead_institutions(lang: str, number: int) -> list[str]:
    names, inside = [], False
    for line in lines(lang, number):
        if re.match(r"^\*\*(Institutions? porteuses?|Lead institutions?)\*\*", line):
            inside = True
        elif inside and line.startswith("-"):
            names += [name.strip(" ;") for name in line[1:].split(";") if name.strip(" ;")]
        elif inside and line.strip():
            inside = False
    return names


def test_every_commitment_has_its_official_french_title_and_etalabs_english_one():
    published = {int(row["number"]): row for row in read("commitments")}
    assert sorted(published) == list(range(1, 27))
    for number, row in published.items():
        for lang in ("fr", "en"):
            if (number, lang) == (5, "en"):
                continue  # its page's heading is left in French upstream: read from the contents
            title = next(line for line in lines(lang, number) if line.startswith("## "))[3:]
            assert row[f"title_{lang}"] == " ".join(title.split()), (number, lang)
    five = next(line for line in lines("en", 5) if line.startswith("## "))[3:]
    assert five == published[5]["title_fr"] != published[5]["title_en"]
    assert (published[5]["source_file_en"], published[5]["title_en"]) == (
        "en/SUMMARY.md",
        "Involve citizens further in the work carried out by the Cour des comptes",
    )


def test_themes_and_sub_themes_are_those_of_the_tables_of_contents():
    themes = {row["theme_id"].split("/", 1)[1]: row for row in read("themes")}
    for lang, folder_field in (("en", "folder"), ("fr", "folder_fr")):
        for indent, title, path in contents(lang):
            if path.endswith("/README.md") and indent in (0, 4):
                folder = path.removesuffix("/README.md")
                [row] = [row for row in themes.values() if row[folder_field] == folder]
                assert row[f"title_{lang}"] == title
                assert row["level"] == ("theme" if indent == 0 else "sub-theme")
    assert Counter(row["level"] for row in themes.values()) == {"theme": 5, "sub-theme": 10}


def test_commitments_sit_in_the_sub_theme_folder_their_page_is_in():
    for row in read("commitments"):
        folder = pages("en")[int(row["number"])].rsplit("/", 1)[0]
        expected = f"AP_FRA01/{folder}"
        assert (row["sub_theme_id"] or row["theme_id"]) == expected, row["number"]


def test_lead_institutions_are_those_the_pages_name():
    published: dict[int, list[tuple[str, str]]] = {}
    for row in read("commitment_institutions"):
        if row["role"] == "lead":
            number = int(row["commitment_id"].rsplit("-", 1)[1])
            published.setdefault(number, []).append((row["name"], row["name_fr"]))
    for number in range(1, 27):
        page_en, page_fr = lead_institutions("en", number), lead_institutions("fr", number)
        assert len(published[number]) == len(page_en) == len(page_fr), number
        for name, name_fr in published[number]:  # each row spells the name as its own page does
            assert any(_same(name, other) for other in page_en), (number, name)
            assert any(_same(name_fr, other) for other in page_fr), (number, name_fr)


def _same(name: str, other: str) -> bool:
    """Two spellings of one institution: the same letters, ignoring case, accents and punctuation."""

    def fold(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode())

    return fold(name) == fold(other)


def test_every_roadmap_item_is_a_milestone_in_its_language():
    counts = Counter((int(row["commitment_id"].rsplit("-", 1)[1]), row["language"]) for row in read("milestones"))
    for number in range(1, 27):
        for lang in ("fr", "en"):
            assert counts[(number, lang)] == roadmap_items(lang, number), (number, lang)
    top = Counter(row["language"] for row in read("milestones") if row["depth"] == "0")
    assert top == {"fr": 65, "en": 65}


def test_every_follow_up_link_of_the_pages_is_on_a_milestone():
    for lang in ("fr", "en"):
        linked = Counter(
            re.findall(
                r"/etalab/suivi/issues/(\d+)", "\n".join("\n".join(lines(lang, number)) for number in range(1, 27))
            )
        )
        published = Counter(
            number for row in read("milestones") if row["language"] == lang for number in row["follow_up_ids"].split()
        )
        assert published == linked and sum(linked.values()) == 91


def test_ogp_ids_are_those_the_reference_gives_each_commitment():
    reference = {
        c["number"]: set(c["ogp_ids"]) for c in json.loads(REFERENCE.read_text(encoding="utf-8"))["commitments"]
    }
    published: dict[int, set[str]] = {}
    unattached = {row["ogp_id"]: row["mapping_basis"] for row in read("ogp_commitments") if not row["commitment_id"]}
    assert unattached == {"FR0003": "id-gap"}  # it has its row, attached to no commitment
    for row in read("ogp_commitments"):
        if row["ogp_id"] in unattached:
            continue
        published.setdefault(int(row["commitment_id"].rsplit("-", 1)[1]), set()).add(row["ogp_id"])
    for number, ids in published.items():
        assert ids <= reference[number], number
    left_out = {ogp_id for number, ids in reference.items() for ogp_id in ids - published.get(number, set())}
    assert left_out == {"FR0003"}  # the reference marks its link to commitment 1 as unconfirmed


def test_the_plan_is_cited_to_its_repository():
    [plan] = read("plans")
    assert (plan["title_fr"], plan["source_file"]) == (
        "Pour une action publique transparente et collaborative : plan d'action national pour la France",
        "fr/SUMMARY.md",
    )
    assert {row["title_fr_source"] for row in read("commitments")} == {
        "https://github.com/etalab/plan-ogp-2015-2017 (Etalab, plan-ogp-2015-2017, Licence Ouverte)"
    }


def test_reports_give_the_urls_and_periods_the_reference_states():
    evaluation = json.loads(REFERENCE.read_text(encoding="utf-8"))["plan"]["evaluation"]
    rows = read("reports")
    by_source = {row["source"]: row for row in read("report_sources")}
    mid = evaluation["irm_mid_term_report"]
    assert by_source[mid["url"]]["period_stated"] == mid["period_covered"]
    eot = evaluation["irm_end_of_term_report"]["dates_under_review"]
    assert by_source[eot["source"]]["period_stated"].removeprefix("Dates Under Review: ") == eot["value"].replace(
        " - ", " – "
    )
    other = eot["disagreement"]
    assert by_source[other["source"]]["period_stated"] == other["text"]
    final = evaluation["self_assessment_final"]
    [row] = [r for r in rows if r["report"] == "self-assessment-end-of-term"]
    assert (row["url"], row["title"], row["published"]) == (final["url"], final["title"], "2018-03")


def test_every_conflict_the_reference_notes_is_a_disagreement_row():
    noted = {
        record["ogp_id"]
        for commitment in json.loads(REFERENCE.read_text(encoding="utf-8"))["commitments"]
        for record in commitment["ogp_records"]
        if any("onflict" in note or "disagree" in note for note in record["irm"].get("notes") or [])
    }
    assert noted == {row["ogp_id"] for row in read("disagreements")}
