-- One row per evaluation report of the plan and per source stating its period: the plan has
-- one package, so every report is the plan's.
create or replace table core.reports as
select
    plans.plan_id,
    r.report,
    r.title,
    r.url,
    r.published,
    r.period_stated,
    r.period_start,
    r.period_end,
    r.source,
    r.source_file,
    r.source_line
from staging.stg_ogp_layer__reports as r
cross join core.plans as plans
