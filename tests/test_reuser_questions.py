"""A reuser's first questions, answered from a downloaded copy of the published files alone, with
DuckDB as a reuser would, each answer checked against an independent reading of the plan's own
repository (a few plain lines here, not the project's extractor)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import unicodedata
from collections import Counter

import duckdb
import pytest

from conftest import REPO, SHARED

REPOSITORY = SHARED / "ogp" / "etalab-plan-ogp-2015-2017"
pytestmark = pytest.mark.skipif(not REPOSITORY.exists(), reason="../shared/ogp is not beside this clone")


@pytest.fixture(scope="module")
def downloaded(tmp_path_factory):
    copy = tmp_path_factory.mktemp("reuser") / "published"
    shutil.copytree(REPO / "data" / "published", copy)
    return copy


@pytest.fixture(scope="module")
def con(downloaded):
    """Every table as a view of its CSV, read with DuckDB's defaults, holding the 2015-2017 plan's
    rows: the plan these sources are of (tests/test_france_plans.py asks across both plans)."""
    connection = duckdb.connect()
    resources = json.loads((downloaded / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    for resource in resources:
        if resource.get("format") == "csv":
            names = {field["name"] for field in resource["schema"]["fields"]}
            where = "where plan_id = 'AP_FRA01'" if "plan_id" in names else ""
            connection.execute(
                f"create view {resource['name']} as select * from read_csv('{downloaded / resource['path']}') {where}"
            )
    connection.execute(
        "create or replace view institutions as select * from read_csv("
        f"'{downloaded / 'institutions.csv'}') where institution_id in "
        "(select institution_id from commitment_institutions)"
    )
    return connection


def descriptor(downloaded) -> list[dict]:
    return json.loads((downloaded / "datapackage.json").read_text(encoding="utf-8"))["resources"]


def fold(text: str) -> str:
    """An institution's French name as a reader compares it: letters only, without the part that
    says whom a secretariat reports to ("auprès du …")."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.split(" aupres ")[0])


def french_pages() -> dict[int, list[str]]:
    found = {}
    for path in (REPOSITORY / "fr").rglob("engagement-*.md"):
        found[int(re.search(r"engagement-(\d+)\.md$", path.name).group(1))] = path.read_text(
            encoding="utf-8"
        ).splitlines()
    return found


def leads_on_the_page(lines: list[str]) -> set[str]:
    """The folded names under every "Institution(s) porteuse(s)" of a page (each part has its own)."""
    names, inside = set(), False
    for line in lines:
        if re.match(r"^\*\*Institutions? porteuses?\*\*", line):
            inside = True
        elif inside and line.startswith("-"):
            names |= {fold(name) for name in line[1:].split(";") if name.strip(" ;")}
        elif inside and line.strip():
            inside = False
    return names


def test_who_leads_the_most_commitments_counts_each_institution_once(con):
    counted = Counter()
    for leads in french_pages().values():
        counted.update(leads_on_the_page(leads))
    published = con.execute(
        "select i.name_fr, count(distinct ci.commitment_id) from commitment_institutions ci "
        "join institutions i using (institution_id) where ci.role = 'lead' group by i.name_fr"
    ).fetchall()
    assert {fold(name): n for name, n in published} == dict(counted)
    assert max(counted.values()) == 12  # the secretariat for state reform, by hand from the pages


def test_no_institution_has_two_ids_and_ids_are_short(con):
    rows = con.execute("select institution_id, name_fr from institutions").fetchall()
    by_name = Counter(fold(name_fr) for _, name_fr in rows)
    assert [name for name, n in by_name.items() if n > 1] == []
    assert max(len(institution_id) for institution_id, _ in rows) <= 80
    # every spelling a page uses is one of the published names of one id
    spellings = con.execute(
        "select count(distinct institution_id), count(distinct name_fr) from commitment_institutions"
    )
    ids, _ = spellings.fetchone()
    assert ids == len(rows)


def test_commitments_per_theme_are_those_of_the_table_of_contents(con):
    contents, theme = Counter(), None
    for line in (REPOSITORY / "fr" / "SUMMARY.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"^- \[", line):
            theme = re.match(r"^- \[(.*)\]", line).group(1)
        elif re.search(r"engagement-\d+\.md\)$", line):
            contents[theme] += 1
    published = con.execute(
        "select t.title_fr, count(*) from commitments c join themes t on t.theme_id = c.theme_id group by t.title_fr"
    ).fetchall()
    assert dict(published) == dict(contents)
    assert sum(contents.values()) == 26


def test_every_part_an_institution_or_milestone_names_has_its_row(con):
    for table in ("commitment_institutions", "milestones"):
        orphans = con.execute(
            f"select distinct commitment_id, part from {table} t "
            "anti join commitment_parts p using (commitment_id, part)"
        ).fetchall()
        assert orphans == [], table
    assert con.execute("select count(distinct commitment_id) from commitment_parts").fetchone() == (26,)
    split = con.execute("select commitment_id, count(*) from commitment_parts where not whole_commitment group by 1")
    assert dict(split.fetchall()) == {"AP_FRA01-1": 3, "AP_FRA01-10": 2}


def declared_keys(downloaded) -> list[tuple[str, list[str], str, list[str]]]:
    found = []
    for resource in descriptor(downloaded):
        for key in (
            resource.get("schema", {}).get("foreignKeys", []) if isinstance(resource.get("schema"), dict) else []
        ):
            target = key["reference"]["resource"] or resource["name"]
            found.append((resource["name"], key["fields"], target, key["reference"]["fields"]))
    return found


def test_every_declared_foreign_key_joins_without_orphans(downloaded, con):
    for table, fields, target, target_fields in declared_keys(downloaded):
        on = " and ".join(f"c.{a} = p.{b}" for a, b in zip(fields, target_fields, strict=True))
        present = " and ".join(f"c.{a} is not null" for a in fields)
        orphans = con.execute(f"select count(*) from {table} c anti join {target} p on {on} where {present}").fetchone()
        assert orphans == (0,), (table, fields)


def test_every_declared_foreign_key_matches_at_most_one_row(downloaded, con):
    fanning = []
    for table, fields, target, target_fields in declared_keys(downloaded):
        on = " and ".join(f"c.{a} = p.{b}" for a, b in zip(fields, target_fields, strict=True))
        joined, rows = con.execute(
            f"select (select count(*) from {table} c join {target} p on {on}), "
            f"(select count(*) from {table} c where {' and '.join(f'c.{a} is not null' for a in fields)})"
        ).fetchone()
        if joined != rows:
            fanning.append((table, tuple(fields)))
    assert fanning == []


def test_a_sub_item_points_at_its_parent_in_its_own_language_and_translations_pair_by_item(con):
    crossing = con.execute(
        "select count(*) from milestones m join milestones p on p.milestone_id = m.parent_milestone_id "
        "where p.language <> m.language or not starts_with(m.item_id, p.item_id || '.')"
    ).fetchone()
    assert crossing == (0,)
    paired = con.execute(
        "select languages, count(*) from (select string_agg(language, ',' order by language) as languages "
        "from milestones group by item_id) group by 1"
    ).fetchall()
    # commitment 21's third item has four sub-items in French, two in English (read on both pages)
    assert dict(paired) == {"en,fr": 155, "fr": 2}
    assert con.execute(
        "select list(item_id order by item_id) from milestones group by item_id having count(*) = 1"
    ).fetchall() == [(["AP_FRA01-21-M3.3"],), (["AP_FRA01-21-M3.4"],)]


def year_items(lang: str) -> dict[tuple[str, int], str]:
    """(file, line) -> text of every roadmap list item of the language's pages that names 2015,
    2016 or 2017, read from the repository."""
    found = {}
    for path in (REPOSITORY / lang).rglob("*.md"):
        inside = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("#"):
                inside = "Feuille de route" in line or "Roadmap" in line
            elif line.startswith("----"):
                inside = False
            elif inside and re.match(r"^\s*- ", line) and re.search(r"\b201[5-7]\b", line):
                found[(str(path.relative_to(REPOSITORY)), number)] = line.strip()
    return found


# Items whose years are not the item's timing, each with why (checked to be read as no deadline).
NOT_A_TIMING = {
    "la circulaire du 12 mai 2015": "the date of a circular",
    "the circular dated May 12th 2015": "the date of a circular",
    "rapport rendu en avril 2015": "the date of a report",
    "in April 2015": "the date of a report (the mission's, before the plan)",
    "6-8 mai 2015": "a meeting held before the plan",
    "6-8 May 2015": "a meeting held before the plan",
    "6 juin 2015": "a debate held before the plan",
    "6 June 2015": "a debate held before the plan",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_roadmap_item_that_names_a_year_has_its_timing_read(con, lang):
    read = {
        (f, line): (due, kind)
        for f, line, due, kind in con.execute(
            f"select source_file, source_line, due, due_kind from milestones where language = '{lang}'"
        ).fetchall()
    }
    missing = []
    for place, text in year_items(lang).items():
        due, kind = read[place]
        reason = [words for words in NOT_A_TIMING if words in text]
        if reason:
            assert due is None, (place, text)
        elif due is None and kind != "start" and "exercice 2013" not in text:
            missing.append((place, text[:80]))
    assert missing == []


def test_deadlines_per_year_are_counted_in_both_languages(con):
    per_year = con.execute(
        "select language, left(due, 4), count(*) from milestones where due is not null group by all order by all"
    ).fetchall()
    counts = {(lang, year): n for lang, year, n in per_year}
    # 2016: the items that state it in their own words, and those under a "2016 :" heading
    assert counts[("fr", "2016")] >= 10 and counts[("en", "2016")] >= 11
    inherited = con.execute(
        "select count(*) from milestones m join milestones h on h.milestone_id = m.parent_milestone_id "
        "where m.due_read_from = 'heading' and h.due is distinct from m.due"
    ).fetchone()
    assert inherited == (0,)  # a heading's date is its children's, never another


FREE_TEXT = {"title", "title_fr", "title_en", "text", "source", "name", "name_fr", "description", "note"}


def test_every_declared_primary_key_holds_as_a_database_constraint_and_holds_no_free_text(downloaded):
    failing = []
    connection = duckdb.connect()
    for resource in descriptor(downloaded):
        schema = resource.get("schema")
        if resource.get("format") != "csv" or not isinstance(schema, dict):
            continue
        key = schema["primaryKey"]
        assert not FREE_TEXT & set(key), (resource["name"], key)
        connection.execute(
            f"create table {resource['name']} as select * from read_csv('{downloaded / resource['path']}')"
        )
        try:
            connection.execute(f"alter table {resource['name']} add primary key ({', '.join(key)})")
        except duckdb.ConstraintException:
            failing.append(resource["name"])
    assert failing == []


def test_an_assessment_is_found_by_where_its_source_writes_it(con):
    rows = con.execute(
        "select assessed_id, report, count(*) from assessments group by all having count(*) > 1 order by all"
    ).fetchall()
    # FR0004 and FR0017: the IRM data and two stored OGP pages give values for the same report;
    # each is its own row, keyed by the line of data/raw that holds it, not by its citation
    assert rows == [
        ("FR0004", "irm-end-of-term", 3),
        ("FR0004", "irm-progress-report", 2),
        ("FR0017", "irm-end-of-term", 2),
        ("FR0017", "irm-progress-report", 2),
    ]


def test_an_assessment_joined_to_its_report_stays_one_row_and_a_disputed_period_shows_both(con):
    [(assessments,)] = con.execute("select count(*) from assessments").fetchall()
    [(joined,)] = con.execute("select count(*) from assessments join reports using (report)").fetchall()
    assert joined == assessments
    periods = con.execute(
        "select period_start, period_end from report_sources where report = 'irm-end-of-term' order by all"
    ).fetchall()
    # the report's page says July 2016 - June 2017, its draft for public comment July 2015 -
    # October 2017 (fr-nap-2015-2017.json, evaluation.irm_end_of_term_report.dates_under_review)
    assert periods == [("2015-07", "2017-10"), ("2016-07", "2017-06")]


def changelog_entries(downloaded) -> dict[str, tuple[str, str]]:
    """Each version of the CHANGELOG: (its release day, its entry's text)."""
    text = (downloaded / "CHANGELOG.md").read_text(encoding="utf-8")
    return {
        version: (day, body)
        for version, day, body in re.findall(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    }


def test_every_version_the_changelog_lists_has_its_changes_as_rows_and_its_schema_changes_field_by_field(
    con, downloaded
):
    entries = changelog_entries(downloaded)
    [changes] = [r for r in descriptor(downloaded) if r["name"] == "changes" and r.get("format") == "csv"]
    [kinds] = [f["constraints"]["enum"] for f in changes["schema"]["fields"] if f["name"] == "change"]
    # the kinds that describe a schema, as the published schema lists them
    schema_kinds = {
        kind for kind in kinds if kind.startswith(("resource_", "field_", "fields_", "primary_", "foreign_"))
    }
    headings = re.findall(r"^## ", (downloaded / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert "1.0.0" in entries and len(entries) == len(headings)  # every version dated
    for version, (day, body) in entries.items():
        rows = con.execute(
            "select resource, change, released from changes where version = ? order by number", [version]
        ).fetchall()
        if version == "1.0.0":
            assert rows == []
            continue
        assert rows, version  # "Every change is a row of the `changes` resource"
        assert {str(released) for *_, released in rows} == {day}
        listed = re.search(r"^- Schema changed: (.*) \(major version\)\.$", body, re.M)
        schema_changed = {resource for resource, change, _ in rows if change in schema_kinds}
        assert schema_changed == (set(listed.group(1).split(", ")) if listed else set()), version
        counted = Counter((resource, change) for resource, change, _ in rows if change in ROW_CHANGES.values())
        stated = {
            (resource, ROW_CHANGES[words]): int(n)
            for resource, n, words in re.findall(
                r"^- (\w+): (\d+) (rows? added|rows? removed|values? changed)\.$", body, re.M
            )
        }
        assert counted == Counter(stated), version


ROW_CHANGES = {w: c for c in ("added", "removed") for w in (f"row {c}", f"rows {c}")} | {
    "value changed": "changed",
    "values changed": "changed",
}


def test_the_descriptor_is_created_the_day_its_version_was_released(downloaded):
    about = json.loads((downloaded / "datapackage.json").read_text(encoding="utf-8"))
    assert about["created"] == f"{changelog_entries(downloaded)[about['version']][0]}T00:00:00Z"


def test_the_five_versions_schema_changes_are_the_ones_the_schemas_show(con):
    """5.0.0 changed `milestones`' key from (milestone_id, language) to milestone_id: its row of
    changes says so, with the keys before and after, as the two descriptors read."""
    assert con.execute(
        "select old_value, new_value from changes where version = '5.0.0' and resource = 'milestones' "
        "and change = 'primary_key_changed'"
    ).fetchall() == [("milestone_id, language", "milestone_id")]
    assert con.execute(
        "select count(*) from changes where version = '5.0.0' and resource = 'report_sources'"
    ).fetchone() == (1,)


def test_every_ogp_id_of_the_plan_has_its_row_and_the_part_it_covers(con):
    """The reference: 29 ids, FR0001-FR0029; the IRM split commitment 10 into 10.1 "Fix My
    Neighbourhood" (FR0012) and 10.2 "Digital Fix-it" (FR0013); FR0003 was found nowhere."""
    reference = json.loads((SHARED / "reference" / "fr-nap-2015-2017.json").read_text(encoding="utf-8"))
    assert reference["plan"]["ogp_commitment_ids"]["range"].startswith("FR0001-FR0029")
    ids = [row[0] for row in con.execute("select ogp_id from ogp_commitments order by ogp_id").fetchall()]
    assert ids == [f"FR{n:04d}" for n in range(1, 30)]
    assert con.execute(
        "select commitment_id, part, mapping_basis from ogp_commitments where ogp_id = 'FR0003'"
    ).fetchall() == [(None, None, "id-gap")]
    parts = dict(
        con.execute(
            "select o.ogp_id, p.title_en from ogp_commitments o join commitment_parts p using (commitment_id, part) "
            "where o.ogp_id in ('FR0012', 'FR0013')"
        ).fetchall()
    )
    assert "Fix My Neighborhood" in parts["FR0012"] and "Digital Fix-it" in parts["FR0013"]
    # every id attached to a commitment covers one of its parts: the join neither loses nor doubles a row
    joined = con.execute(
        "select count(*), count(p.part) from ogp_commitments o "
        "left join commitment_parts p using (commitment_id, part) where o.commitment_id is not null"
    ).fetchone()
    assert joined == (28, 28)


def test_which_ratings_are_filed_under_a_report_by_inference_is_a_column(con):
    """The column says what the sources' own words say: a page that does not name its report."""
    rows = con.execute("select source, report_basis from assessments").fetchall()
    assert {basis for _, basis in rows} == {"stated", "inferred"}
    for source, basis in rows:
        assert (basis == "inferred") == ("is an inference" in source), source
    # 27 transcribed page rows, each filed under both reports, but FR0008's page shows nothing of the end of term
    assert sum(basis == "inferred" for _, basis in rows) == 53


RATED = ("verifiable", "relevant", "potential_impact", "completion", "did_it_open_government", "starred")


def test_a_missing_value_code_says_whose_gap_it_is(con):
    """ND, NR and NA only where OGP's export prints them; not_shown only where a transcribed page
    shows nothing. The two never meet in one row."""
    rows = con.execute(f"select source, {', '.join(RATED)} from assessments").fetchall()
    for source, *codes in rows:
        from_export = "(IRM data, row " in source
        if not from_export:
            assert not {"ND", "NR", "NA"} & set(codes), source
        else:
            assert "not_shown" not in codes, source
    assert any("not_shown" in codes for _, *codes in rows)


def test_each_page_rating_is_what_the_reference_read_on_its_page(con):
    """Verifiable and "Early Results" (end-of-term 'did it open government?') of every OGP id, as the
    reference recorded them from the commitment pages; where it found none, the package says so."""
    reference = json.loads((SHARED / "reference" / "fr-nap-2015-2017.json").read_text(encoding="utf-8"))
    stated = {}
    for commitment in reference["commitments"]:
        for key, column in (("verifiable_ogp_page", "verifiable"), ("did_it_open_government",) * 2):
            found = commitment["irm"].get(key)
            ids = commitment["ogp_ids"]
            if not isinstance(found, list):  # one OGP id: the value itself
                found = [{"ogp_id": ids[0], "value": found}] if len(ids) == 1 else []
            for entry in found:
                value = entry["value"]["value"] if isinstance(entry["value"], dict) else entry["value"]
                stated[(entry["ogp_id"], column)] = value
    published = {}
    for ogp_id, report, verifiable, diog, source in con.execute(
        "select ogp_id, report, verifiable, did_it_open_government, source from assessments"
    ).fetchall():
        verifiable = {True: "yes", False: "no"}.get(verifiable, verifiable)  # DuckDB reads yes/no as booleans
        if "opengovpartnership.org/members/" in source:  # a page's row, not the export's or a report's
            if report == "irm-progress-report":
                published.setdefault((ogp_id, "verifiable"), set()).add(verifiable)
            else:
                published.setdefault((ogp_id, "did_it_open_government"), set()).add(diog)
    checked = 0
    for (ogp_id, column), value in stated.items():
        if (ogp_id, column) not in published:
            continue  # FR0003 (no page), and the export's rows
        expected = "not_shown" if value is None else value.lower().replace(" ", "_")
        assert published[(ogp_id, column)] == {expected}, (ogp_id, column)
        checked += 1
    assert checked >= 40


def test_a_page_that_says_pending_review_says_so(con):
    """FR0012's French page: "Achèvement : en attente d'examen par le MII"."""
    found = con.execute("select report, completion from assessments where ogp_id = 'FR0012' order by report").fetchall()
    assert found == [("irm-end-of-term", "pending_irm_review"), ("irm-progress-report", "not_shown")]


def test_a_commitments_milestone_count_is_its_roadmaps_top_level_items(con):
    """Read from each French page: the unindented items of its "Feuille de route" section.
    Commitment 3's has one, detailed in ten sub-items."""
    for number, lines in french_pages().items():
        start = next((i for i, line in enumerate(lines) if line.strip() == "### Feuille de route"), None)
        if start is None:
            continue
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
        items = sum(line.startswith(("- ", "* ")) for line in lines[start + 1 : end])
        assert con.execute(
            "select milestone_count from commitments_overview where commitment_id = ?", [f"AP_FRA01-{number}"]
        ).fetchone() == (items,), number
    assert con.execute(
        "select milestone_count from commitments_overview where commitment_id = 'AP_FRA01-3'"
    ).fetchone() == (1,)
    assert con.execute(
        "select count(*), count(*) filter (where depth = 0) from milestones "
        "where commitment_id = 'AP_FRA01-3' and language = 'fr'"
    ).fetchone() == (11, 1)


def test_every_english_title_is_the_plans_english_as_its_table_of_contents_lists_it(con):
    """en/SUMMARY.md lists each commitment as "Commitment N: title"; commitment 5's page keeps
    the French heading, which the table of contents translates."""
    listed = dict(
        (int(n), title.strip())
        for n, title in re.findall(
            r"\[Commitment (\d+)\s*:\s*(.*?)\]\(", (REPOSITORY / "en" / "SUMMARY.md").read_text(encoding="utf-8")
        )
    )
    rows = con.execute("select number, title_en, title_fr from commitments").fetchall()
    assert all(title_en != title_fr for _, title_en, title_fr in rows)
    assert dict((int(n), en) for n, en, _ in rows)[5] == listed[5]


def test_themes_come_in_the_plans_order_as_its_table_of_contents_lists_them(downloaded):
    summary = (REPOSITORY / "en" / "SUMMARY.md").read_text(encoding="utf-8")
    listed = re.findall(r"\]\(([\w/-]+)/README\.md\)", summary)
    with (downloaded / "themes.csv").open(encoding="utf-8", newline="") as handle:
        published = [row["folder"] for row in csv.DictReader(handle)]
    assert published == listed and published[0] == "ensure-accountability" and published[-1] == "climate"


def test_each_source_page_is_listed_once(downloaded):
    """http or https, www or not, a trailing slash: one page, one entry of the package's sources,
    and every address a published row cites is one of them."""
    listed = json.loads((downloaded / "datapackage.json").read_text(encoding="utf-8"))["sources"]

    def page(address: str) -> str:
        host, _, path = address.split("://", 1)[1].partition("/")
        return f"{host.lower().removeprefix('www.')}/{path}".rstrip("/")

    pages = Counter(page(source["path"]) for source in listed if "path" in source)
    assert [p for p, n in pages.items() if n > 1] == []
    cited = set()
    for table in ("assessments", "ogp_commitments", "reports", "disagreements"):
        with (downloaded / f"{table}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for field, text in row.items():
                    if "source" in field and field != "source_file":
                        cited |= {page(a) for a in re.findall(r"https?://[^\s()]+", text or "")}
    assert cited and cited <= set(pages)


def test_the_dictionary_says_what_every_missing_value_code_in_the_tables_means(downloaded):
    readme = (downloaded / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Valeurs manquantes / Missing values", 1)[1].split("\n## ", 1)[0]
    used = set()
    with (downloaded / "assessments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            used |= {value for value in row.values() if value in ("ND", "NR", "NA", "not_shown", "pending_irm_review")}
    assert used >= {"ND", "not_shown", "pending_irm_review"}
    for code in used | {"inferred"}:
        assert f"`{code}" in section or f"= {code}`" in section, code
