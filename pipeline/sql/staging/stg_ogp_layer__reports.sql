-- One row per evaluation report of the plan and per source stating its period.
create or replace view staging.stg_ogp_layer__reports as
select
    plan_id,
    report,
    trim(title) as title,
    trim(url) as url,
    nullif(trim(published), '') as published,
    nullif(trim(period_stated), '') as period_stated,
    nullif(trim(period_start), '') as period_start,
    nullif(trim(period_end), '') as period_end,
    trim(source) as source,
    source_file,
    cast(source_line as integer) as source_line
from raw.ogp_layer__reports
