"""The IRM's rated indicators: which export column holds each, and its controlled vocabulary.

Each indicator maps the export's spellings (compared case-insensitively, after the letter
prefix of the 2016 export, `c. high`, is removed) to a code. `ND`, `NR` and `NA` are kept as
they are: three different kinds of missing that OGP does not define, so they are never
merged with each other or with a value. `not_shown` is this package's own: the source shows
no value (a blank on a commitment page). The codes and their meanings are published in the
`assessments` Table Schema; keep the two in step (a test checks they are).
"""

from __future__ import annotations

from dataclasses import dataclass

MISSING = ("ND", "NR", "NA")
# not OGP's: the source (a transcribed commitment page) shows no value for an indicator of a
# report the row is read for. OGP's exports never leave a rating cell blank.
NOT_SHOWN = "not_shown"


@dataclass(frozen=True)
class Indicator:
    name: str
    report: str  # the report an export's rating belongs to: irm-progress-report or irm-end-of-term
    columns: dict[str, str]  # export generation -> column name
    codes: dict[str, str]  # spelling (case-folded) -> code


YES_NO = {"1": "yes", "0": "no"}
SPECIFICITY = {"none": "none", "low": "low", "medium": "medium", "high": "high"}
IMPACT = {
    "none": "none",
    "minor": "minor",
    "moderate": "moderate",
    "transformative": "transformative",
    "unclear": "unclear",
}
RESULTS = {"unclear": "unclear", "modest": "modest", "substantial": "substantial"}
COMPLETION = {
    "withdrawn": "withdrawn",
    "unclear": "unclear",
    "not started": "not_started",
    "limited": "limited",
    "substantial": "substantial",
    "complete": "complete",
    "pending irm review": "pending_irm_review",  # a commitment page's words, in English
    "en attente d'examen par le mii": "pending_irm_review",  # and in French
}
DIOG = {
    "worsens": "worsens",
    "did not change": "did_not_change",
    "marginal": "marginal",
    "major": "major",
    "outstanding": "outstanding",
    "no early results to report yet": "no_early_results_yet",
    "none": "none",
}  # `b. None` in the 2016 export, which codes it 1 like Did Not Change
DIOG_VALUE = {
    "not applicable": "not_applicable",
    "worsens": "worsens",
    "did not change": "did_not_change",
    "marginal": "marginal",
    "major": "major",
    "outstanding": "outstanding",
}
EARLY = {"no notable results": "no_notable_results", "moderate": "moderate", "significant": "significant"}

PROGRESS, END = "irm-progress-report", "irm-end-of-term"
# the IRM's reports on plans from 2018 on (its Design and Transitional Results reports); no
# export column is theirs: their ratings are read from commitment pages (extract/plan_tables.py)
DESIGN, RESULTS_REPORT = "irm-design-report", "irm-transitional-results-report"
AMBITION = {"low": "low", "high": "high"}  # the newer commitment pages' "Ambition"
INDICATORS = (
    Indicator("specificity", PROGRESS, {"current": "Specificity", "2016": "Specificity"}, SPECIFICITY),
    # Yes/No; one real row spells it 1 (repaired to yes and counted)
    Indicator("verifiable", PROGRESS, {"current": "Verifiable"}, {"yes": "yes", "no": "no"}),
    Indicator(
        "access_to_information", PROGRESS, {"current": "OGP Value Access To Information", "2016": "Value -Info"}, YES_NO
    ),
    Indicator(
        "civic_participation", PROGRESS, {"current": "OGP Value Civic Participation", "2016": "Value -Part"}, YES_NO
    ),
    Indicator(
        "public_accountability", PROGRESS, {"current": "OGP Value Public Accountability", "2016": "Value -Acc"}, YES_NO
    ),
    Indicator(
        "technology_and_innovation", PROGRESS, {"current": "OGP Value Technology", "2016": "Value -Tech"}, YES_NO
    ),
    Indicator("relevant", PROGRESS, {"current": "_Relevant", "2016": "_Relevant"}, YES_NO),
    Indicator("potential_impact", PROGRESS, {"current": "Potential Impact", "2016": "Potential impact"}, IMPACT),
    Indicator("potential_for_results", PROGRESS, {"current": "Potential for Results"}, RESULTS),
    Indicator("ambition", DESIGN, {}, AMBITION),
    Indicator(
        "completion",
        PROGRESS,
        {"current": "Completion (Progress Report)", "2016": "Completion (progress report)"},
        COMPLETION,
    ),
    Indicator(
        "starred",
        PROGRESS,
        {"current": "Starred (Current Formula) Progress Report", "2016": "Starred (current formula) progress report"},
        YES_NO,
    ),
    Indicator(
        "completion", END, {"current": "Completion (End Of Term)", "2016": "Completion (end of term)"}, COMPLETION
    ),
    Indicator(
        "did_it_open_government",
        END,
        {"current": "Did It Open Government (Overall)", "2016": "Did it open government (end of term only)"},
        DIOG,
    ),
    Indicator(
        "diog_access_to_information", END, {"current": "Did It Open Government (Access To Information)"}, DIOG_VALUE
    ),
    Indicator("diog_civic_participation", END, {"current": "Did It Open Government (Civic Participation)"}, DIOG_VALUE),
    Indicator(
        "diog_public_accountability", END, {"current": "Did It Open Government: Public Accountability"}, DIOG_VALUE
    ),
    Indicator("early_results", END, {"current": "Early Results"}, EARLY),
    Indicator(
        "starred",
        END,
        {"current": "Starred (Current Formula) End of Term", "2016": "Starred (current formula) end of term"},
        YES_NO,
    ),
)

REPORT_YEAR = {
    PROGRESS: {
        "current": "Report Publication Year (Progress Report)",
        "2016": "Report publication year (progress report)",
    },
    END: {"current": "Report Publication Year (End Of Term)", "2016": "Report publication year (end of term)"},
}
