"""plan.html: the package's plans on one static page, and its charts, made from the published tables.

Plan by plan, with how much of it the package holds: its themes, then each commitment with its
titles, lead institutions, OGP ids, the IRM's ratings, its links to other plans and its
roadmap; the sources as links; the charts drawn inline, each saying which plans it counts. The page
loads nothing: no script, no font, no image file, and a Content-Security-Policy that forbids
any request, so it reads the same offline, from a portal or from a zip.
"""

from __future__ import annotations

from pipeline.documents import charts
from pipeline.documents.xml_text import escaped as escape
from pipeline.package.identity import coverage
from pipeline.paths import SQL_DIR

CHARTS = ("chart-themes.svg", "chart-institutions.svg", "chart-ratings.svg", "chart-self-assessment.svg")
TIMELINE = "chart-milestones.svg"


# the queries of pipeline/sql/figures/, registered like normalise's models
QUERIES = ("themes", "lead_institutions", "ratings", "self_assessment_totals", "deadlines", "commitments", "roadmap")


def _sql(name: str) -> str:
    if name not in QUERIES:  # the list a test ties to the files of sql/figures
        raise KeyError(f"{name}: not one of the figure queries")
    return (SQL_DIR / "figures" / f"{name}.sql").read_text(encoding="utf-8")


def drawn_from(about: dict, *tables: str) -> str:
    """The line that ends every chart: the tables it counts, the package, its version and date."""
    files = ", ".join(f"{table}.csv" for table in tables)
    return f"Drawn from {files}: {about['title']}, version {about['version']}, {about['created'][:10]}"


END_OF_TERM = "select distinct plan_id from db.core.assessments where report = 'irm-end-of-term'"
DISPUTED = "†: a source disagrees with this value (see disagreements.csv)"
DISAGREE = "a | b: the sources disagree, each value is a row of assessments.csv"
DATES = (
    "dot: a deadline known to the month or the day; bar: one known only to the year, a season, a half-year "
    "or a range of years (due_precision), drawn over the year of its due date"
)


def plans(con) -> list[tuple[str, str]]:
    """Each plan's id, and the line that says what of it the package holds."""
    rows = con.execute(
        "select plan_id, start_year, end_year, commitment_count, commitments_stated from db.core.plans "
        "order by start_year, plan_id"
    ).fetchall()
    lines = []
    for plan_id, start, end, n, stated in rows:
        years = f"{start}-{end} " if start and end else ""
        lines.append(
            (plan_id, f"{years}({plan_id}): {coverage({'commitment_count': n, 'commitments_stated': stated})}")
        )
    return lines


def counted(con, covered: list[tuple[str, str]], label: str, query: str) -> str:
    """The line that says which plans a chart counts: those `query` (plan ids) returns, each with
    its line of `covered` (plans())."""
    drawn = {plan_id for (plan_id,) in con.execute(query).fetchall()}
    lines = [line for plan_id, line in covered if plan_id in drawn]
    return f"{label}: {'; '.join(lines) if lines else 'none'}"


def figures(con, about: dict) -> dict[str, str]:
    """Each chart's file name and SVG text."""
    covered = plans(con)  # read once for the five charts
    themed = counted(con, covered, "Plans with themes", "select distinct plan_id from db.core.themes")
    led = counted(
        con, covered, "Plans", "select distinct plan_id from db.core.commitment_institutions where role = 'lead'"
    )
    rated = counted(con, covered, "Plans rated at end of term", END_OF_TERM)
    assessed = counted(
        con, covered, "Plans", "select distinct plan_id from db.core.self_assessments where level = 'plan'"
    )
    dated = counted(con, covered, "Plans", "select distinct plan_id from db.core.milestones")
    themes = con.execute(_sql("themes")).fetchall()
    leads = con.execute(_sql("lead_institutions")).fetchall()
    ratings = con.execute(_sql("ratings")).fetchall()
    totals = con.execute(_sql("self_assessment_totals")).fetchall()
    due = con.execute(_sql("deadlines")).fetchall()
    found = {
        "chart-themes.svg": charts.bars(
            "Commitments by theme",
            themes,
            ("commitment", "commitments"),
            (themed, drawn_from(about, "commitments", "themes")),
        ),
        "chart-institutions.svg": charts.bars(
            "Commitments by lead institution",
            leads,
            ("commitment", "commitments"),
            (led, drawn_from(about, "commitment_institutions", "institutions")),
        ),
        "chart-ratings.svg": charts.grid(
            "IRM end of term, by OGP id: did it open government? starred?",
            ["Did it open government?", "Starred"],
            [
                (f"{ogp} ({label})", [_rating(d, d_disputed), _rating(s, s_disputed)])
                for ogp, label, d, s, d_disputed, s_disputed in ratings
            ],
            (
                *charts.CODES,
                DISAGREE,
                DISPUTED,
                rated,
                drawn_from(about, "assessments", "ogp_commitments", "disagreements"),
            ),
        ),
        "chart-self-assessment.svg": charts.bars(
            "Government self-assessment, plan-level totals",
            [(f"{report.replace('self-assessment-', '')}: {status}", n) for report, status, n in totals],
            ("commitment", "commitments"),
            (assessed, drawn_from(about, "self_assessments")),
        ),
    }
    if due:
        years = [int(d[:4]) for d, *_ in due]
        found[TIMELINE] = charts.timeline(
            "Roadmap items with a stated deadline (English text)",
            [(d, precision, f"{label}: {text}") for d, precision, label, text in due],
            min(years),
            max(years),
            (DATES, dated, drawn_from(about, "milestones")),
        )
    return found


def _rating(code: str | None, disputed: bool) -> str:
    return (code or charts.NO_ROW) + (charts.DISPUTED if disputed else "")


def page(con, about: dict, drawn: dict[str, str]) -> str:
    """The HTML page: the plan's text and evaluations, its sources, its charts."""
    rows = con.execute(_sql("commitments")).fetchall()
    items = con.execute(_sql("roadmap")).fetchall()
    roadmap: dict[str, list[str]] = {}
    for commitment, depth, text, due in items:
        when = f" <em>({escape(due)})</em>" if due else ""
        roadmap.setdefault(commitment, []).append(f"<li class='depth-{depth}'>{escape(text)}{when}</li>")
    covered = dict(plans(con))
    rated = {plan_id for (plan_id,) in con.execute(END_OF_TERM).fetchall()}
    body, plan, theme = [], None, None
    for (
        plan_id,
        t_en,
        t_fr,
        label,
        title_fr,
        title_en,
        leads,
        ogp_ids,
        diog,
        starred,
        commitment,
        ambition,
        transitional,
        links,
    ) in rows:
        if plan_id != plan:
            body.append(f"<h2 id='plan-{escape(plan_id)}'>{escape(covered[plan_id])}</h2>")
            plan, theme = plan_id, None
        if t_en != theme:
            body.append(f"<h3>{escape(t_fr or '')} / {escape(t_en or '')}</h3>")
            theme = t_en
        # a plan the IRM did not rate at end of term shows no end-of-term line, rather than "no row"
        end_of_term = [
            ("IRM: did it open government? (end of term)", diog or charts.NO_ROW),
            ("IRM: starred (end of term)", starred or charts.NO_ROW),
        ]
        facts = [
            ("Lead institutions", leads),
            ("OGP ids", ogp_ids),
            *(end_of_term if plan_id in rated else []),
            *([("IRM: ambition (design report)", ambition)] if ambition else []),
            *([("IRM: did it open government? (transitional results)", transitional)] if transitional else []),
            *([("Links to other plans", links)] if links else []),
        ]
        body += [
            f"<section class='commitment' id='commitment-{escape(commitment)}'>",
            f"<h4>{escape(label)}. {escape(title_fr or title_en or '')}</h4>",
            f"<p lang='en'>{escape(title_en or '')}</p>" if title_fr else "",
            "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v or '')}</dd>" for k, v in facts) + "</dl>",
            "<details><summary>Roadmap</summary><ul>" + "".join(roadmap.get(commitment, [])) + "</ul></details>",
            "</section>",
        ]
    sources = "".join(f"<li>{_source(source)}</li>" for source in about["sources"])
    pictures = "".join(f"<figure>{drawn[name]}</figure>" for name in (*CHARTS, TIMELINE) if name in drawn)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html lang='fr'>",
            "<head>",
            "<meta charset='utf-8'>",
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{escape(about['title'])}</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
            "dt{font-weight:bold}section{border-top:1px solid #ccc}.depth-1{margin-left:1.5em}"
            ".depth-2{margin-left:3em}figure{margin:1em 0}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(about['title'])}</h1>",
            f"<p>Version {escape(about['version'])}. {escape(about['license'])}. {escape(about['citation'])}</p>",
            "<ul>"
            + "".join(f"<li><a href='#plan-{escape(p)}'>{escape(line)}</a></li>" for p, line in covered.items())
            + "</ul>",
            pictures,
            "<h2>Codes</h2><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in (*charts.CODES, DISAGREE, DISPUTED))
            + "</ul>",
            *body,
            "<h2>Sources</h2>",
            f"<ul>{sources}</ul>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _source(source: dict) -> str:
    """A package source as a list item: its address as a link, named by its title."""
    label = escape(source.get("title") or source.get("path", ""))
    if "path" in source:
        return f"<a href='{escape(source['path'], quote=True)}' rel='noreferrer'>{label}</a>"
    return label
