-- One row per evaluation report of the plan: the plan has one package, so every report is the
-- plan's. Its title, address and date are the same on every line of the layer that names it
-- (audit report_is_described_alike); where it is written is its first such line.
create or replace table core.reports as
select
    r.plan_id,
    r.report,
    any_value(r.title) as title,
    any_value(r.url) as url,
    any_value(r.published) as published,
    any_value(r.source_file) as source_file,
    min(r.source_line) as source_line
from staging.stg_ogp_layer__reports as r
group by r.plan_id, r.report
