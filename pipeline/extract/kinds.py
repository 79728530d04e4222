"""Which reader checks a fetched copy of each kind of source: fetch keeps a copy only once its
reader reads it without error, so a refresh never replaces a snapshot by a page that is not
data. The flows hand this table to fetch, which knows no extractor. An OGP layer, a folder of
CSV files, has no single body to fetch: it is read from its folder only.

Each reader imports its parser when it is called: a refresh whose copies are all unchanged
never parses one, and does not pay for importing them."""


def _action_plan(root):
    from pipeline.extract import action_plan

    return action_plan.extract(root)


def _irm(body: bytes, location: str):
    from pipeline.extract import irm

    return irm.extract(body, location)


def _self_assessment(body: bytes, location: str):
    from pipeline.extract import self_assessment

    return self_assessment.extract(body, location)


# kind -> the reader of a fetched copy: the repository's root for a plan, the body and its address otherwise
FETCHED = {
    "action-plan": _action_plan,
    "irm-export": _irm,
    "self-assessment": _self_assessment,
}
