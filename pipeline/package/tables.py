"""The package's tables, listed once: normalise builds a core table of each name (from
pipeline/sql/core/<name>.sql, in this order) and publish publishes each, with its Table Schema
(pipeline/schemas/<name>.schema.json). A table left out of this list is neither built nor
published; tests/test_schemas.py ties the list to the SQL files and the schemas."""

# Built and published in this order: each table after the tables it reads and its foreign
# keys point to.
TABLES = (
    "plans",
    "themes",
    "commitments",
    "commitment_parts",
    "commitment_titles",
    "institutions",
    "commitment_institutions",
    "ogp_commitments",
    "commitment_links",
    "milestones",
    "commitment_sections",
    "reports",
    "report_sources",
    "assessments",
    "disagreements",
    "self_assessments",
    "commitments_overview",
)
# Published after the tables: the changes from version to version, kept by publish itself.
CHANGES = "changes"
# The order a reader expects of a table whose key does not give it: its rows are published in
# this order, then by key. Themes in the plan's order, as its table of contents lists them.
ROW_ORDER = {"themes": ("plan_id", "source_line")}
