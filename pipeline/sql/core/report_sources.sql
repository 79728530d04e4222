-- One row per source that describes a report: the period it says the report covers, in its
-- words and as dates. Two sources that disagree on a period are two rows of one report.
create or replace table core.report_sources as
select
    r.plan_id,
    r.report,
    r.source,
    r.period_stated,
    r.period_start,
    r.period_end,
    r.source_file,
    r.source_line
from staging.stg_ogp_layer__reports as r
