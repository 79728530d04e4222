"""Which reader checks a fetched copy of each kind of source: fetch keeps a copy only once its
reader reads it without error, so a refresh never replaces a snapshot by a page that is not
data. The flows hand this table to fetch, which knows no extractor. An OGP layer, a folder of
CSV files, has no single body to fetch: it is read from its folder only."""

from pipeline.extract import action_plan, irm, self_assessment

# kind -> the reader of a fetched copy: the repository's root for a plan, the body and its address otherwise
FETCHED = {
    "action-plan": action_plan.extract,
    "irm-export": irm.extract,
    "self-assessment": self_assessment.extract,
}
