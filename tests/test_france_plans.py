"""France's two plans in one package, asked as a reuser asks across plans, from the published
files alone (DuckDB on the CSV files), each answer checked against an independent reading of
the sources: the project's reference notes of OGP's 2018-2020 pages and Etalab's repository of
the 2015-2017 plan (a few plain lines here, not the project's readers)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import unicodedata

import duckdb
import pytest

from conftest import REPO, SHARED

REFERENCE = SHARED / "reference"
REPOSITORY = SHARED / "ogp" / "etalab-plan-ogp-2015-2017"
RAW = REPO / "data" / "raw" / "plan-2018-2020"
pytestmark = pytest.mark.skipif(not REFERENCE.exists(), reason="../shared is not beside this clone")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    copy = tmp_path_factory.mktemp("reuser") / "published"
    shutil.copytree(REPO / "data" / "published", copy)
    connection = duckdb.connect()
    for resource in json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        if resource.get("format") == "csv":
            connection.execute(f"create view {resource['name']} as select * from read_csv('{copy / resource['path']}')")
    return connection


def second_plan() -> dict:
    return json.loads((REFERENCE / "france-later-plans.json").read_text(encoding="utf-8"))["plans"]["2018-2020"]


def more_pages() -> list[dict]:
    with (REFERENCE / "france-2018-2020-more-pages.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def words(name: str) -> frozenset[str]:
    """A name as a reader compares two: its words of four letters or more, without accents or a
    trailing acronym in brackets."""
    plain = unicodedata.normalize("NFKD", re.sub(r"\s*\([^)]*\)\s*$", "", name)).encode("ascii", "ignore").decode()
    return frozenset(w for w in re.findall(r"[a-z]+", plain.lower()) if len(w) >= 4)


def first_plan_leads() -> dict[int, set[frozenset[str]]]:
    """Each 2015-2017 commitment's lead institutions, by their English and French names, read
    from the list under "Lead institution(s)" / "Pilote(s)" on its pages."""
    leads: dict[int, set[frozenset[str]]] = {}
    for page in REPOSITORY.glob("*/**/*.md"):
        number = re.fullmatch(r"(?:commitment|engagement)-(\d+)", page.stem)
        if not number:
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.match(r"\*\*(Lead institution|Pilote|Institution)", line):
                for item in lines[i + 1 :]:
                    if not item.startswith("- "):
                        break
                    leads.setdefault(int(number[1]), set()).add(words(item[2:].split(", attached to")[0]))
    return leads


def test_the_package_says_which_plans_it_holds_and_how_much_of_each(con):
    plans = con.execute(
        "select plan_id, start_year, end_year, commitment_count, commitments_stated from plans order by plan_id"
    ).fetchall()
    reference = second_plan()
    assert plans == [
        ("AP_FRA01", 2015, 2017, 26, 26),
        ("AP_FRA02", 2018, 2020, len(reference["commitments"]) + 4, reference["commitments_stated"]),
    ]  # the reference's 16 pages, and the four pages found since (FR0039, FR0041, FR0043, FR0050)
    per_plan = dict(con.execute("select plan_id, count(*) from commitments group by plan_id").fetchall())
    assert per_plan == {"AP_FRA01": 26, "AP_FRA02": 20}


def test_which_2018_2020_commitments_build_on_a_2015_2017_one_is_what_their_pages_state(con):
    answer = con.execute(
        """select o.ogp_id, l.linked_commitment_id, l.words
           from commitment_links l
           join commitments c on c.commitment_id = l.commitment_id and c.plan_id = 'AP_FRA02'
           join commitments linked on linked.commitment_id = l.linked_commitment_id and linked.plan_id = 'AP_FRA01'
           join ogp_commitments o on o.commitment_id = c.commitment_id
           where l.basis = 'stated'
           order by o.ogp_id"""
    ).fetchall()
    # each link is the page's own words, which name the 2015-2017 commitment's number
    for _, linked, said in answer:
        assert re.search(rf"Commitment {linked.removeprefix('AP_FRA01-')} of the 2015-2017 NAP", said)
    # the reference notes FR0050 as building on commitment 6; FR0031's page was read since
    noted = {
        (row["id"], f"AP_FRA01-{found[1]}")
        for row in more_pages()
        if (found := re.search(r"builds on 2015-2017 commitment (\d+)", row["notes"]))
    }
    assert noted == {("FR0050", "AP_FRA01-6")}
    assert {(ogp, linked) for ogp, linked, _ in answer} == noted | {("FR0031", "AP_FRA01-2")}


def test_which_institutions_lead_in_both_plans_is_one_join_and_what_the_pages_name(con):
    answer = con.execute(
        """select i.name, i.name_fr from institutions i
           join commitment_institutions ci using (institution_id)
           where ci.role = 'lead'
           group by all
           having count(distinct ci.plan_id) filter (where ci.plan_id in ('AP_FRA01', 'AP_FRA02')) = 2"""
    ).fetchall()
    first = set().union(*first_plan_leads().values())
    second_leads = [c["lead_institution"] for c in second_plan()["commitments"] if c["lead_institution"]]
    second_leads += [row["lead_institution"] for row in more_pages() if row["id"].startswith("FR")]
    # a page's list of several leads is split where a new institution starts
    second = {words(part) for lead in second_leads for part in re.split(r", (?=Ministry|Agence|Secretary)", lead)}
    both = first & second  # names, in either language, that lead in both plans
    names = [{words(name), words(name_fr)} for name, name_fr in answer]
    assert all(forms & both for forms in names)  # each answer is named as a lead in both plans
    assert both <= set().union(*names)  # and each such name is an answer's
    assert sorted(name_fr for _, name_fr in answer) == [
        "Agence française du développement",
        "Cour des comptes",
        "Haute Autorité pour la transparence de la vie publique",
    ]


def test_every_value_of_the_second_plan_traces_to_a_page_address(con):
    for table in ("commitments", "commitment_institutions", "ogp_commitments", "commitment_links", "assessments"):
        columns = {c for (c,) in con.execute(f"select column_name from (describe {table})").fetchall()}
        source = {"commitments": "title_en_source", "ogp_commitments": "mapping_source"}.get(table, "source")
        assert source in columns, table
        missing = con.execute(
            f"select count(*) from {table} where plan_id = 'AP_FRA02' and not regexp_matches({source}, '^https?://')"
        ).fetchone()[0]
        assert missing == 0, table
    # and each is a page the reference or the notes of the pages found since name
    pages = {url.rstrip("/").lower() for c in second_plan()["commitments"] for url in c["sources"]}
    pages |= {row["url"].rstrip("/").lower() for row in more_pages()}
    cited = {
        url.rstrip("/").lower()
        for (url,) in con.execute(
            "select distinct title_en_source from commitments where plan_id = 'AP_FRA02'"
        ).fetchall()
    }
    assert {re.sub(r"^https?://(www\.)?", "", url) for url in cited} <= {
        re.sub(r"^https?://(www\.)?", "", url) for url in pages
    }


def test_a_number_is_published_only_where_a_page_states_it_and_the_inferred_order_is_its_own_column(con):
    rows = con.execute(
        """select o.ogp_id, c.number, c.number_inferred, c.commitment_id
           from commitments c join ogp_commitments o using (commitment_id)
           where c.plan_id = 'AP_FRA02' order by o.ogp_id"""
    ).fetchall()
    stated = {ogp: number for ogp, number, _, _ in rows if number is not None}
    assert stated == {"FR0043": 14, "FR0050": 21}  # "IRM Midterm Status Summary 14.", "21 Access to information…"
    inferred = {c["id"]: c["commitment_number_inferred"] for c in second_plan()["commitments"]}
    for ogp, number, guess, commitment_id in rows:
        if number is None:
            assert commitment_id == f"AP_FRA02-{ogp}"
            assert guess == inferred.get(ogp, guess)
    gap = con.execute("select commitment_id, mapping_basis from ogp_commitments where ogp_id = 'FR0040'").fetchall()
    assert gap == [(None, "id-gap")]  # known to exist, and nothing else


def test_the_second_plans_ratings_are_the_reference_pages_values(con):
    reference = {c["id"]: c["irm_as_displayed"] for c in second_plan()["commitments"]}
    rated = con.execute(
        """select ogp_id, verifiable, relevant, ambition from assessments
           where plan_id = 'AP_FRA02' and report = 'irm-design-report'"""
    ).fetchall()
    assert len(rated) >= 12
    said = {True: "yes", False: "no"}  # DuckDB reads a column of yes and no as booleans
    for ogp, verifiable, relevant, ambition in rated:
        verifiable, relevant = said.get(verifiable, verifiable), said.get(relevant, relevant)
        if ogp not in reference:
            continue  # a page read since the reference was written
        shown = reference[ogp]
        assert verifiable == shown["verifiable"].lower()
        assert ambition == (shown["ambition"].lower() if shown["ambition"] else None)
        assert relevant == ("yes" if shown["relevant_to_ogp_values"] != "No" else "no")
    pending = {c for c, shown in reference.items() if shown["irm_reports_listed"] in (None, "Pending IRM Review")}
    assert not pending & {ogp for ogp, *_ in rated}  # no IRM rating where the IRM had not reviewed


def test_which_institutions_carry_commitments_in_both_plans_adds_those_that_support_in_one(con):
    carry = {
        name_fr: roles
        for name_fr, roles in con.execute(
            """select i.name_fr, array_to_string(list_sort(list(distinct ci.plan_id || ':' || ci.role)), ' ')
               from institutions i join commitment_institutions ci using (institution_id)
               group by all having count(distinct ci.plan_id) = 2"""
        ).fetchall()
    }
    # the Ministry of the Interior leads in 2015-2017 and supports FR0038 in 2018-2020, as its page says
    fr0038 = next(c for c in second_plan()["commitments"] if c["id"] == "FR0038")
    assert "Ministry of the Interior" in fr0038["support_institutions"]
    assert carry["Ministère de l'Intérieur"] == "AP_FRA01:lead AP_FRA02:supporting"
    leads_in_both = {name for name, roles in carry.items() if "AP_FRA01:lead" in roles and "AP_FRA02:lead" in roles}
    assert len(leads_in_both) == 3
